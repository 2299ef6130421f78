// Reading the state's files: strict JSON for anything fwsync did not seal, the shards a
// manifest names (each checked against its digest, or validated in full when edited by hand),
// and the messages that say how to restore a broken state.

import { createHash } from 'node:crypto';
import * as nodePath from 'node:path';
import { compareCodeUnits } from '../core/canonical.js';
import type { State } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { type FsShim, describeFsError, errorCode } from './atomic-file.js';
import { describeSchemaError, stateValidators } from './state-schema.js';
import {
  type Manifest,
  type ShardKind,
  SHARDED_VERSION,
  shardDir,
  shardFileName,
  imageShardPrefix,
  rememberReadShard,
  shardKey,
} from './state-shards.js';
import { JsonSyntaxError, parseStrictJson } from './strict-json.js';
import { invalidUtf8Offset } from './utf8.js';

/** Far above any real state (100k images are ~50 MB); a larger file is not ours. */
export const MAX_STATE_BYTES = 256 * 1024 * 1024;

export const RESTORE_HINT = (path: string): string =>
  `Restore it from git (\`git log -- ${path}\`, then \`git checkout <commit> -- ${path}\`) or from ${path}.backup. ` +
  'fwsync never reads a broken state as "nothing applied", because that would re-send every image.';

export function decodeTrusted(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** UTF-8 (fatal) and JSON without duplicate keys, with errors that say where. */
export function parseUntrustedJson(bytes: Uint8Array, path: string, what: string): unknown {
  let text: string;
  try {
    // fatal: invalid UTF-8 is an error, not U+FFFD; a leading BOM (added by some editors) is dropped.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause: unknown) {
    const at = invalidUtf8Offset(bytes);
    const line = countNewlines(bytes, at) + 1;
    throw new FwsyncError('state', `the ${what} ${path} is not valid UTF-8 (byte ${at}, line ${line})`, {
      hint: RESTORE_HINT(path),
      cause,
    });
  }

  try {
    return parseStrictJson(text);
  } catch (cause: unknown) {
    const marker = /^(<{7}|={7}|>{7})(?: |$)/m.exec(text);
    if (marker) {
      const line = text.slice(0, marker.index).split('\n').length;
      throw new FwsyncError(
        'state',
        `the ${what} ${path} contains a git merge conflict marker at line ${line}`,
        {
          hint:
            'Resolve the merge conflict: keep the side with the higher "serial" (or the state on your default branch) ' +
            `and remove the conflict markers, e.g. \`git checkout --theirs -- ${path}\`; then run \`fwsync plan --refresh\` to check it against the account.`,
          cause,
        },
      );
    }
    if (cause instanceof JsonSyntaxError) {
      throw new FwsyncError('state', `the ${what} ${path} is not valid JSON: ${cause.message}`, {
        hint: RESTORE_HINT(path),
        cause,
      });
    }
    throw cause;
  }
}

/**
 * The images and file entries of a version-2 state. A shard whose bytes have the sha256 a
 * sealed manifest names is what fwsync validated and wrote, so JSON.parse is enough; any other
 * shard (hand-edited, or named by a hand-edited manifest) is validated in full: UTF-8, duplicate
 * keys, the shard schema, and that every entry belongs under the shard's prefix.
 */
const SHARDS_IN_FLIGHT = 8;

/** The state of a version-2 manifest, every shard read. */
export async function readShards(
  fs: FsShim,
  path: string,
  manifest: Manifest,
  sealed: boolean,
): Promise<State> {
  const staged = await readFileShards(fs, path, manifest, sealed);
  return (await staged.images([])).state;
}

/** A file of images a plan did not parse again: its state entry's hash still matches. */
export interface SkippedFile {
  path: string;
  guids: readonly string[];
}

/**
 * The state read in two steps, for a plan: first the manifest and the files entries (which
 * tell the plan which image files it need not parse), then only the image shards those
 * skipped files do not account for. `images(skipped)` returns a state whose `images` may lack
 * the images of skipped files (a plan counts those as unchanged without looking) and how many
 * images the state tracks in all.
 */
export interface StagedState {
  lineage: string;
  serial: number;
  files: State['files'];
  images(skipped: readonly SkippedFile[]): Promise<{ state: State; tracked: number; shardsRead: number }>;
}

/** A state read whole, as a StagedState (a version-1 file; a state a caller chose itself). */
export function stagedFromState(state: State): StagedState {
  return {
    lineage: state.lineage,
    serial: state.serial,
    files: state.files,
    images: () => Promise.resolve({ state, tracked: Object.keys(state.images).length, shardsRead: 0 }),
  };
}

export async function readFileShards(
  fs: FsShim,
  path: string,
  manifest: Manifest,
  sealed: boolean,
): Promise<StagedState> {
  const dir = shardDir(path);
  let trusted = sealed;
  let shardsRead = 0;
  const read = async (
    kind: ShardKind,
    wanted: (prefix: string) => boolean,
  ): Promise<Record<string, unknown>> => {
    const set = manifest[kind];
    const prefixes = Object.keys(set.shards).sort(compareCodeUnits).filter(wanted);
    const out: Record<string, unknown> = {};
    // A few shards at a time, each parsed as soon as it is read: holding every shard's bytes
    // and text at once would add the whole state twice to the peak memory of a plan.
    for (let i = 0; i < prefixes.length; i += SHARDS_IN_FLIGHT) {
      const files = await Promise.all(
        prefixes.slice(i, i + SHARDS_IN_FLIGHT).map(async (prefix) => {
          const file = nodePath.join(dir, shardFileName(kind, prefix, set.shards[prefix]!));
          return { prefix, file, bytes: await readShardFile(fs, path, file) };
        }),
      );
      for (const { prefix, file, bytes } of files) {
        shardsRead += 1;
        const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
        let entries: Record<string, unknown>;
        if (sealed && digest === set.shards[prefix]) {
          entries = (JSON.parse(decodeTrusted(bytes)) as { entries: Record<string, unknown> }).entries;
          rememberReadShard(path, kind, set.prefix, prefix, bytes, digest, entries);
        } else {
          trusted = false;
          entries = parseUntrustedShard(bytes, file, path, kind, prefix, set.prefix);
        }
        let inShard = 0;
        for (const key in entries) {
          out[key] = entries[key];
          inShard += 1;
        }
        if (inShard !== set.counts[prefix]) {
          throw new FwsyncError(
            'state',
            `the state shard ${file} holds ${inShard} entries but the state ${path} lists ${set.counts[prefix] ?? 0} for it`,
            { hint: RESTORE_HINT(path) },
          );
        }
      }
    }
    return out;
  };
  checkShardSet(path, 'images', manifest.images);
  checkShardSet(path, 'files', manifest.files);
  const filesRead = (await read('files', () => true)) as State['files'];
  // Entries come sorted by shard, not by path; the state keeps them sorted like version 1 did.
  const files: State['files'] = {};
  for (const key of Object.keys(filesRead).sort(compareCodeUnits)) files[key] = filesRead[key]!;
  const filesTrusted = trusted;
  return {
    lineage: manifest.lineage,
    serial: manifest.serial,
    // A files entry lets a plan skip a file, so only entries fwsync wrote as they are count.
    files: filesTrusted ? files : {},
    async images(skipped) {
      const set = manifest.images;
      // A shard whose every image belongs to a skipped file holds nothing a plan looks at: a
      // skipped file's images are unchanged by construction. The counts tell which those are.
      const accounted = new Map<string, number>();
      if (filesTrusted) {
        for (const file of skipped) {
          if (set.prefix <= 2) {
            // Every image of a file shares the path's digits: one shard for all of them.
            const p = imageShardPrefix('', file.path, set.prefix);
            accounted.set(p, (accounted.get(p) ?? 0) + file.guids.length);
            continue;
          }
          for (const guid of file.guids) {
            const p = imageShardPrefix(guid, file.path, set.prefix);
            accounted.set(p, (accounted.get(p) ?? 0) + 1);
          }
        }
      }
      const images = (await read('images', (p) => accounted.get(p) !== set.counts[p])) as State['images'];
      const state: State = { version: 1, lineage: manifest.lineage, serial: manifest.serial, images, files };
      return { state: trusted ? state : dropUntrustedFileEntries(state), tracked: set.count, shardsRead };
    },
  };
}

/**
 * A manifest's counts name the shards it names and add up to its total, so that every shard a
 * read checks against its count, read or not, is accounted for (a sealed manifest always does).
 */
function checkShardSet(path: string, kind: ShardKind, set: Manifest[ShardKind]): void {
  const prefixes = Object.keys(set.shards);
  const total = Object.values(set.counts).reduce((sum, n) => sum + n, 0);
  if (
    prefixes.length !== Object.keys(set.counts).length ||
    prefixes.some((p) => !Object.hasOwn(set.counts, p)) ||
    total !== set.count
  ) {
    throw new FwsyncError(
      'state',
      `the state ${path} lists ${set.count} ${kind === 'images' ? 'images' : 'image-file entries'} in ${prefixes.length} shards, but its shard counts add up to ${total} in ${Object.keys(set.counts).length}`,
      { hint: RESTORE_HINT(path) },
    );
  }
}

export async function readShardFile(fs: FsShim, statePath: string, file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (cause: unknown) {
    const missing = errorCode(cause) === 'ENOENT';
    throw new FwsyncError(
      'state',
      missing
        ? `the state ${statePath} names the shard ${file}, which is missing`
        : `cannot read the state shard ${file} (${describeFsError(cause)})`,
      {
        hint: missing
          ? `Every file in ${shardDir(statePath)} that the state names must be committed with it. ${RESTORE_HINT(statePath)}`
          : 'Check that you may read the folder of the state file.',
        cause,
      },
    );
  }
}

export function parseUntrustedShard(
  bytes: Uint8Array,
  file: string,
  statePath: string,
  kind: ShardKind,
  prefix: string,
  prefixLength: number,
): Record<string, unknown> {
  const problem = (what: string): FwsyncError =>
    new FwsyncError('state', `the state shard ${file} ${what}`, {
      hint: `The state is written by fwsync and should not be edited by hand. ${RESTORE_HINT(statePath)}`,
    });
  if (bytes.byteLength > MAX_STATE_BYTES)
    throw problem(`is ${bytes.byteLength} bytes, more than fwsync ever writes`);
  const data = parseUntrustedJson(bytes, file, 'state shard');
  const validate = kind === 'images' ? stateValidators().imagesShard : stateValidators().filesShard;
  if (!validate(data)) throw problem(`is invalid ${describeSchemaError(validate.errors)}`);
  const shard = data as { kind: string; prefix: string; entries: Record<string, unknown> };
  if (shard.kind !== kind || shard.prefix !== prefix) {
    throw problem(
      `says it holds ${shard.kind} under "${shard.prefix}", but the state names it for ${kind} under "${prefix}"`,
    );
  }
  if (prefix.length !== prefixLength) {
    throw problem(`has a prefix of ${prefix.length} digits, but the state shards by ${prefixLength}`);
  }
  for (const [key, entry] of Object.entries(shard.entries)) {
    const at = shardKey(kind, key, entry);
    if (!at.startsWith(prefix)) {
      throw problem(
        `holds ${JSON.stringify(key)}, which belongs in the shard for "${at.slice(0, prefixLength)}"`,
      );
    }
  }
  return shard.entries;
}

/**
 * A `files` entry lets a plan skip parsing that file, which is only right while every guid it
 * lists is tracked in `images` (nextState keeps it so). A hand edit can break that; the entry
 * is only a cache, so it is dropped and the file is parsed again. A sealed state needs no check.
 */
export function dropUntrustedFileEntries(state: State): State {
  for (const [file, entry] of Object.entries(state.files)) {
    if (!entry.guids.every((guid) => Object.hasOwn(state.images, guid))) delete state.files[file];
  }
  return state;
}

export function newerVersion(path: string, version: unknown): FwsyncError {
  return new FwsyncError(
    'state',
    `the state file ${path} has version ${String(version)}: it was written by a newer fwsync`,
    {
      hint: `This fwsync reads state versions 1 and ${SHARDED_VERSION}. Upgrade fwsync to the version that wrote it.`,
    },
  );
}

export async function readIfExists(fs: FsShim, path: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(path);
  } catch (cause: unknown) {
    if (errorCode(cause) === 'ENOENT') return null;
    throw new FwsyncError('state', `cannot read the state file ${path} (${describeFsError(cause)})`, {
      hint: 'Check that the path in the config points at a file and that you may read it.',
      cause,
    });
  }
}

export function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < bytes.byteLength; i++) if (bytes[i] === 0x0a) n++;
  return n;
}
