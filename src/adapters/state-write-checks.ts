// The checks around a state write: the state and shards against their schemas before anything
// is written, the compare-and-swap on lineage and serial, clean-up of unused shards, and what
// to say when the file system refuses.

import * as nodePath from 'node:path';
import type { State } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { type FsShim, errorCode } from './atomic-file.js';
import { describeSchemaError, stateValidators } from './state-schema.js';
import {
  type BuiltShard,
  type Manifest,
  SHARDED_VERSION,
  SHARD_FILE_RE,
  manifestShardFiles,
} from './state-shards.js';

/**
 * Before anything is written: the manifest, and every shard about to be written, against their
 * schemas (a shard the current manifest already names was checked when it was written).
 */
const STATE_KEYS = new Set(['version', 'lineage', 'serial', 'images', 'files']);

export function validateForWrite(
  path: string,
  manifest: Manifest,
  state: State,
  shards: readonly BuiltShard[],
): void {
  const refuse = (what: string): FwsyncError =>
    new FwsyncError('state', `refusing to write an invalid state to ${path}: ${what}`, {
      hint: 'This is a bug in fwsync; the previous state file was left unchanged. Please report it.',
    });
  // The manifest takes only the fields it knows: anything else on the state is a bug to report,
  // not something to drop silently.
  const extra = Object.keys(state).find((k) => !STATE_KEYS.has(k));
  if (extra !== undefined)
    throw refuse(`at the top level: must NOT have additional properties (${JSON.stringify(extra)})`);
  if (state.version !== 1) throw refuse('at /version: must be equal to constant');
  const validateManifest = stateValidators().manifest;
  if (!validateManifest(manifest)) throw refuse(describeSchemaError(validateManifest.errors));
  for (const shard of shards) {
    const validateShard =
      shard.kind === 'images' ? stateValidators().imagesShard : stateValidators().filesShard;
    const entries: Record<string, unknown> = {};
    const record: Record<string, unknown> = state[shard.kind];
    for (const key of shard.keys) entries[key] = record[key];
    const data = { version: SHARDED_VERSION, kind: shard.kind, prefix: shard.prefix, entries };
    if (!validateShard(data)) {
      const error = validateShard.errors?.[0];
      const where = error?.instancePath.replace(/^\/entries/, `/${shard.kind}`);
      throw refuse(describeSchemaError(error ? [{ ...error, instancePath: where ?? '' }] : null));
    }
  }
}

/** Shards that neither the new manifest nor the backup (the previous one) names. Best effort. */
export async function removeUnusedShards(
  fs: FsShim,
  dir: string,
  manifest: Manifest,
  previous: Manifest | null,
): Promise<void> {
  const keep = new Set([...manifestShardFiles(manifest), ...(previous ? manifestShardFiles(previous) : [])]);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (SHARD_FILE_RE.test(name) && !keep.has(name))
      await fs.unlink(nodePath.join(dir, name)).catch(() => undefined);
  }
}

export async function exists(fs: FsShim, file: string): Promise<boolean> {
  try {
    await fs.readFile(file);
    return true;
  } catch (error: unknown) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

export function checkExpected(
  path: string,
  expected: { lineage: string; serial: number } | null,
  current: { lineage: string; serial: number } | null,
): void {
  const rerun =
    'Another run wrote the state since this one read it. Run `fwsync plan` again and review the new plan.';
  if (expected === null) {
    if (current) {
      throw new FwsyncError(
        'refused',
        `a state file appeared at ${path} since plan (lineage ${current.lineage}, serial ${current.serial})`,
        {
          hint: rerun,
        },
      );
    }
    return;
  }
  if (!current) {
    throw new FwsyncError(
      'refused',
      `the state file ${path} was removed since plan (it had serial ${expected.serial})`,
      {
        hint: `Restore it (\`git checkout -- ${path}\` or from ${path}.backup) and run \`fwsync plan\` again.`,
      },
    );
  }
  if (current.lineage !== expected.lineage) {
    throw new FwsyncError(
      'refused',
      `the state file ${path} now has lineage ${current.lineage}, not ${expected.lineage} as at plan`,
      {
        hint: 'It was replaced by an unrelated state (another repository, or a rebuilt one). Check which file is right; fwsync will not overwrite it.',
      },
    );
  }
  if (current.serial !== expected.serial) {
    throw new FwsyncError(
      'refused',
      `state changed since plan: serial ${expected.serial} → ${current.serial} (${path})`,
      {
        hint: rerun,
      },
    );
  }
}

export function hintForFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'Free some disk space and run the command again.';
    case 'EACCES':
    case 'EPERM':
    case 'EBUSY':
      return 'Check that you may write to the folder, and close any program (editor, antivirus) holding the file.';
    case 'EROFS':
      return 'The folder is on a read-only file system; point `state` in the config somewhere writable.';
    default:
      return 'Check the folder and the disk, then run the command again.';
  }
}
