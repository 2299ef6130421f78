// The last-applied state: strict reading, canonical bytes, and a guarded atomic write.
//
// Version 2 is a small manifest (the file the config names) plus content-addressed shards
// beside it (state-shards.ts, docs/state.md); version 1, one file with every image, is still
// read and is replaced by version 2 on the next write. Reading fails closed: an empty,
// cut-short, conflicted or unknown-version file, or a missing shard, is an error, never
// "nothing applied yet", because that would re-send every image. Writing re-reads the manifest
// first (compare-and-swap on lineage and serial), keeps the previous manifest as a backup, and
// goes through a temp file, fsync, rename and a directory fsync per file, the manifest last, so
// a crash leaves either the old or the new state, never a mix.

import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { canonicalJson, sha256, sortKeys } from '../core/canonical.js';
import type { State } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { type FsShim, describeFsError, nodeFs, writeAtomic } from './atomic-file.js';
import { describeSchemaError, stateValidators } from './state-schema.js';
import {
  type Manifest,
  SHARDED_VERSION,
  buildShards,
  readShardsFor,
  manifestShardFiles,
  posixShardDir,
  shardDir,
  shardFileName,
} from './state-shards.js';
import {
  checkExpected,
  exists,
  hintForFsError,
  removeUnusedShards,
  validateForWrite,
} from './state-write-checks.js';
import {
  decodeTrusted,
  parseUntrustedJson,
  readFileShards,
  readShards,
  stagedFromState,
  type StagedState,
  dropUntrustedFileEntries,
  newerVersion,
  readIfExists,
  RESTORE_HINT,
} from './state-read.js';

/** Far above any real state (100k images are ~50 MB); a larger file is not ours. */
const MAX_STATE_BYTES = 256 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads the state: a version-2 manifest with its shards, or a version-1 file (migrated by the
 * next write). A missing file is `{ state: null }`; anything unreadable throws. `bytes` are the
 * bytes of the file named in the config (the manifest).
 */
export async function readState(path: string): Promise<{ state: State | null; bytes: Buffer | null }> {
  const bytes = await readIfExists(nodeFs, path);
  if (bytes === null) return { state: null, bytes: null };
  const file = parseStateFile(bytes, path);
  if (file.version === 1) return { state: file.state, bytes };
  return { state: await readShards(nodeFs, path, file.manifest, file.sealed), bytes };
}

/**
 * The state in two steps, for a plan that may parse few image files (see StagedState): null
 * when there is no state file. A version-1 file is read whole, and `images()` gives all of it.
 */
export async function readStateStaged(path: string): Promise<StagedState | null> {
  const bytes = await readIfExists(nodeFs, path);
  if (bytes === null) return null;
  const file = parseStateFile(bytes, path);
  if (file.version === 2) return readFileShards(nodeFs, path, file.manifest, file.sealed);
  return stagedFromState(file.state);
}

type StateFile =
  { version: 1; state: State; sealed: boolean } | { version: 2; manifest: Manifest; sealed: boolean };

/** Parses a version-1 state file (one file with every image); `path` is only used in messages. */
export function parseState(bytes: Uint8Array, path: string): State {
  const file = parseStateFile(bytes, path);
  if (file.version !== 1) throw new Error(`${path} is a version-2 manifest, not a version-1 state`);
  return file.state;
}

/** Parses and validates the file named in the config: a version-1 state or a version-2 manifest. */
export function parseStateFile(bytes: Uint8Array, path: string): StateFile {
  if (bytes.byteLength === 0) {
    throw new FwsyncError('state', `the state file ${path} is empty (0 bytes)`, { hint: RESTORE_HINT(path) });
  }
  if (bytes.byteLength > MAX_STATE_BYTES) {
    throw new FwsyncError(
      'state',
      `the state file ${path} is ${bytes.byteLength} bytes, more than fwsync ever writes`,
      {
        hint: RESTORE_HINT(path),
      },
    );
  }
  if (sealMatches(bytes)) {
    // Byte for byte what fwsync validated and wrote (so valid UTF-8, no duplicate key, valid
    // against the schema): decoding and JSON.parse are enough.
    const data = JSON.parse(decodeTrusted(bytes)) as (State | Manifest) & { checksum?: string };
    delete data.checksum;
    if (data.version === 1) return { version: 1, state: data, sealed: true };
    if (data.version === SHARDED_VERSION) return { version: 2, manifest: data, sealed: true };
    throw newerVersion(path, (data as { version: unknown }).version);
  }
  const data = parseUntrustedJson(bytes, path, 'state file');
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new FwsyncError('state', `the state file ${path} is not a JSON object`, {
      hint: RESTORE_HINT(path),
    });
  }
  const version = (data as Record<string, unknown>)['version'];
  if (typeof version === 'number' && Number.isInteger(version) && version > SHARDED_VERSION) {
    throw newerVersion(path, version);
  }
  const validate = version === SHARDED_VERSION ? stateValidators().manifest : stateValidators().state;
  if (!validate(data)) {
    throw new FwsyncError(
      'state',
      `the state file ${path} is invalid ${describeSchemaError(validate.errors)}`,
      {
        hint: `The state is written by fwsync and should not be edited by hand. ${RESTORE_HINT(path)}`,
      },
    );
  }
  // A hand-edited file may still carry a seal that no longer matches: it was validated in full
  // above, and the next write seals it again.
  delete (data as Record<string, unknown>)['checksum'];
  if (version === SHARDED_VERSION) return { version: 2, manifest: data as Manifest, sealed: false };
  return { version: 1, state: dropUntrustedFileEntries(data as State), sealed: false };
}

// ---------------------------------------------------------------------------------------------
// Canonical form

/**
 * Sorted keys at every level, 2-space indent, trailing newline: the same content, the same bytes.
 * The second line is a seal, `"checksum": "sha256:…"` over the file without that line, so that
 * reading a file fwsync wrote itself needs no duplicate-key scan and no schema validation
 * (which cost most of an incremental plan's time on a large account). Any edit breaks the seal
 * and the file is then validated in full, so the seal is an optimisation, never a gate.
 * Used for the manifest, and for version-1 files (which tests and migrations still write).
 */
export function sealedJson(value: object): string {
  const body = `${JSON.stringify(sortKeys(value), null, 2)}\n`;
  return `${SEAL_PREFIX}${sha256(body).slice('sha256:'.length)}${SEAL_SUFFIX}${body.slice(2)}`;
}

/** A version-1 state file: every image in one file (what fwsync wrote before shards). */
export function serializeState(state: State): string {
  return sealedJson(state);
}

const SEAL_PREFIX = '{\n  "checksum": "sha256:';
const SEAL_SUFFIX = '",\n';
const SEAL_LENGTH = SEAL_PREFIX.length + 64 + SEAL_SUFFIX.length;

/**
 * True when the bytes start with a seal line that matches the rest of the file. Hashes the raw
 * bytes (the seal line is ASCII, so byte and character offsets agree up to its end).
 */
export function sealMatches(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, SEAL_LENGTH)).toString(
    'latin1',
  );
  if (!head.startsWith(SEAL_PREFIX) || !head.endsWith(SEAL_SUFFIX) || head.length !== SEAL_LENGTH)
    return false;
  const claimed = head.slice(SEAL_PREFIX.length, SEAL_PREFIX.length + 64);
  const actual = createHash('sha256').update('{\n').update(bytes.subarray(SEAL_LENGTH)).digest('hex');
  return actual === claimed;
}

export function newLineage(): string {
  return randomUUID();
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface WriteStateOptions {
  /** What the caller read: the write refuses if the file moved since. null = it must not exist. */
  expected: { lineage: string; serial: number } | null;
  fs?: FsShim;
  /** Delay between rename retries; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Writes the state after checking that the state on disk is still the one the caller read:
 * first the shards the current manifest does not name (new files, each written atomically),
 * then the previous manifest as `<state>.backup`, then the new manifest by an atomic rename,
 * the one commit point: a crash before it leaves the old state whole (plus unused shards,
 * removed by the next write), after it the new one. Shards neither manifest names are removed
 * last. Writes nothing (and no backup) when the content would not change. A version-1 file is
 * replaced by a version-2 state and also kept as `<state>.v1.backup`.
 */
export async function writeState(
  path: string,
  state: State,
  opts: WriteStateOptions,
): Promise<{ written: boolean }> {
  const fs = opts.fs ?? nodeFs;
  const sleep = opts.sleep; // undefined: writeAtomic's own backoff

  const currentBytes = await readIfExists(fs, path);
  const current = currentBytes === null ? null : parseStateFile(currentBytes, path);
  const currentMeta = current === null ? null : current.version === 1 ? current.state : current.manifest;
  checkExpected(path, opts.expected, currentMeta);

  const previous = current?.version === 2 ? current.manifest : null;
  const images = buildShards(
    'images',
    state.images,
    previous?.images.prefix ?? 1,
    readShardsFor(path, 'images', previous?.images ?? null),
  );
  const files = buildShards(
    'files',
    state.files,
    previous?.files.prefix ?? 1,
    readShardsFor(path, 'files', previous?.files ?? null),
  );
  const manifest: Manifest = {
    version: SHARDED_VERSION,
    lineage: state.lineage,
    serial: state.serial,
    images: images.set,
    files: files.set,
  };
  const next = Buffer.from(sealedJson(manifest), 'utf8');
  if (currentBytes !== null && currentBytes.equals(next)) return { written: false };

  const known = new Set(previous ? manifestShardFiles(previous) : []);
  const toWrite = [...images.shards, ...files.shards].filter(
    (s) => !known.has(shardFileName(s.kind, s.prefix, s.digest)),
  );
  validateForWrite(path, manifest, state, toWrite);

  if (currentMeta) {
    if (state.lineage !== currentMeta.lineage) {
      throw new FwsyncError(
        'refused',
        `refusing to write a state of lineage ${state.lineage} over ${path} (lineage ${currentMeta.lineage})`,
        {
          hint: 'The new state belongs to another history than the file it would replace. Move the old file away if it is really obsolete.',
        },
      );
    }
    // A version-1 state with the same content moves to version 2 under the same serial.
    const migration = current?.version === 1 && canonicalJson(current.state) === canonicalJson(state);
    if (state.serial <= currentMeta.serial && !(migration && state.serial === currentMeta.serial)) {
      throw new FwsyncError(
        'state',
        `refusing to write a changed state to ${path} without a higher serial (${currentMeta.serial} → ${state.serial})`,
        {
          hint: 'This is a bug in fwsync; the previous state file was left unchanged. Please report it.',
        },
      );
    }
  }

  const dir = shardDir(path);
  try {
    await fs.mkdir(dir, { recursive: true });
    for (const shard of toWrite) {
      // A shard reused from the read is named by the current manifest, so never in toWrite.
      if (shard.bytes === null) throw new Error(`shard ${shard.prefix} was not serialized`);
      await writeAtomic(
        fs,
        nodePath.join(dir, shardFileName(shard.kind, shard.prefix, shard.digest)),
        shard.bytes,
        sleep,
      );
    }
    // The backup is written before the manifest: if anything below fails, the old state is
    // still in place too. Its shards are kept until the write after next.
    if (currentBytes !== null) await writeAtomic(fs, `${path}.backup`, currentBytes, sleep);
    if (current?.version === 1 && !(await exists(fs, `${path}.v1.backup`))) {
      await writeAtomic(fs, `${path}.v1.backup`, currentBytes!, sleep);
    }
    await writeAtomic(fs, path, next, sleep);
  } catch (cause: unknown) {
    throw new FwsyncError('state', `could not write the state file ${path} (${describeFsError(cause)})`, {
      hint: `${hintForFsError(cause)} The previous state file was left unchanged.`,
      cause,
    });
  }
  await removeUnusedShards(fs, dir, manifest, previous);
  return { written: true };
}

// ---------------------------------------------------------------------------------------------
// Copies and commits

/**
 * What holds the state at `statePath` (relative to `cwd`), with forward slashes: the manifest,
 * and its shard folder when there is one (a version-1 file has none until its first write).
 * What a commit of the state adds, with `git add -A` so that removed shards go too.
 */
export function statePathsToCommit(cwd: string, statePath: string): string[] {
  const shards = posixShardDir(statePath);
  const manifest = statePath.split(nodePath.sep).join('/');
  return [manifest, ...(existsSync(nodePath.resolve(cwd, shards)) ? [shards] : [])];
}

/**
 * A copy of a state read from elsewhere (a git commit, the state branch): the manifest (or a
 * version-1 file) at `file` and the given shard files in its shard folder, for readState to
 * read and check like any other.
 */
export async function placeStateCopy(
  file: string,
  manifest: Uint8Array | string,
  shards: Iterable<readonly [string, Uint8Array]>,
): Promise<void> {
  await mkdir(nodePath.dirname(file), { recursive: true });
  await writeFile(file, manifest);
  const files = [...shards];
  if (files.length === 0) return; // a version-1 file, or a manifest of no shard
  const dir = shardDir(file);
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of files) await writeFile(nodePath.join(dir, name), bytes);
}
