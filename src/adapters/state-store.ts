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
import * as nodePath from 'node:path';
import { canonicalJson, compareCodeUnits, sha256, sortKeys } from '../core/canonical.js';
import type { State } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { type FsShim, describeFsError, errorCode, nodeFs, writeAtomic } from './atomic-file.js';
import { describeSchemaError, stateValidators } from './state-schema.js';
import {
  type BuiltShard,
  type Manifest,
  type ShardKind,
  SHARDED_VERSION,
  SHARD_FILE_RE,
  buildShards,
  manifestShardFiles,
  shardDir,
  shardFileName,
  shardKey,
} from './state-shards.js';
import { JsonSyntaxError, parseStrictJson } from './strict-json.js';
import { invalidUtf8Offset } from './utf8.js';

/** Far above any real state (100k images are ~50 MB); a larger file is not ours. */
const MAX_STATE_BYTES = 256 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Reading

const RESTORE_HINT = (path: string): string =>
  `Restore it from git (\`git log -- ${path}\`, then \`git checkout <commit> -- ${path}\`) or from ${path}.backup. ` +
  'fwsync never reads a broken state as "nothing applied", because that would re-send every image.';

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

function decodeTrusted(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** UTF-8 (fatal) and JSON without duplicate keys, with errors that say where. */
function parseUntrustedJson(bytes: Uint8Array, path: string, what: string): unknown {
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
async function readShards(fs: FsShim, path: string, manifest: Manifest, sealed: boolean): Promise<State> {
  const dir = shardDir(path);
  let trusted = sealed;
  const read = async (kind: ShardKind): Promise<Record<string, unknown>> => {
    const set = manifest[kind];
    const prefixes = Object.keys(set.shards).sort(compareCodeUnits);
    const files = await Promise.all(
      prefixes.map(async (prefix) => {
        const file = nodePath.join(dir, shardFileName(kind, prefix, set.shards[prefix]!));
        return { prefix, file, bytes: await readShardFile(fs, path, file) };
      }),
    );
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const { prefix, file, bytes } of files) {
      const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      let entries: Record<string, unknown>;
      if (sealed && digest === set.shards[prefix]) {
        entries = (JSON.parse(decodeTrusted(bytes)) as { entries: Record<string, unknown> }).entries;
      } else {
        trusted = false;
        entries = parseUntrustedShard(bytes, file, path, kind, prefix, set.prefix);
      }
      for (const key in entries) {
        out[key] = entries[key];
        count += 1;
      }
    }
    if (count !== set.count) {
      throw new FwsyncError(
        'state',
        `the state ${path} lists ${set.count} ${kind === 'images' ? 'images' : 'image-file entries'} but its shards hold ${count}`,
        { hint: RESTORE_HINT(path) },
      );
    }
    return out;
  };
  const images = (await read('images')) as State['images'];
  const filesRead = (await read('files')) as State['files'];
  // Entries come sorted by shard, not by path; the state keeps them sorted like version 1 did.
  const files: State['files'] = {};
  for (const key of Object.keys(filesRead).sort(compareCodeUnits)) files[key] = filesRead[key]!;
  const state: State = { version: 1, lineage: manifest.lineage, serial: manifest.serial, images, files };
  return trusted ? state : dropUntrustedFileEntries(state);
}

async function readShardFile(fs: FsShim, statePath: string, file: string): Promise<Buffer> {
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

function parseUntrustedShard(
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
  for (const key of Object.keys(shard.entries)) {
    if (!shardKey(kind, key).startsWith(prefix)) {
      throw problem(
        `holds ${JSON.stringify(key)}, which belongs in the shard for "${shardKey(kind, key).slice(0, prefixLength)}"`,
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
function dropUntrustedFileEntries(state: State): State {
  for (const [file, entry] of Object.entries(state.files)) {
    if (!entry.guids.every((guid) => Object.hasOwn(state.images, guid))) delete state.files[file];
  }
  return state;
}

function newerVersion(path: string, version: unknown): FwsyncError {
  return new FwsyncError(
    'state',
    `the state file ${path} has version ${String(version)}: it was written by a newer fwsync`,
    {
      hint: `This fwsync reads state versions 1 and ${SHARDED_VERSION}. Upgrade fwsync to the version that wrote it.`,
    },
  );
}

async function readIfExists(fs: FsShim, path: string): Promise<Buffer | null> {
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

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < bytes.byteLength; i++) if (bytes[i] === 0x0a) n++;
  return n;
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
  const images = buildShards('images', state.images, previous?.images.prefix ?? 1);
  const files = buildShards('files', state.files, previous?.files.prefix ?? 1);
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

/**
 * Before anything is written: the manifest, and every shard about to be written, against their
 * schemas (a shard the current manifest already names was checked when it was written).
 */
const STATE_KEYS = new Set(['version', 'lineage', 'serial', 'images', 'files']);

function validateForWrite(
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
    for (const key in record)
      if (shardKey(shard.kind, key).startsWith(shard.prefix)) entries[key] = record[key];
    const data = { version: SHARDED_VERSION, kind: shard.kind, prefix: shard.prefix, entries };
    if (!validateShard(data)) {
      const error = validateShard.errors?.[0];
      const where = error?.instancePath.replace(/^\/entries/, `/${shard.kind}`);
      throw refuse(describeSchemaError(error ? [{ ...error, instancePath: where ?? '' }] : null));
    }
  }
}

/** Shards that neither the new manifest nor the backup (the previous one) names. Best effort. */
async function removeUnusedShards(
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

async function exists(fs: FsShim, file: string): Promise<boolean> {
  try {
    await fs.readFile(file);
    return true;
  } catch (error: unknown) {
    if (errorCode(error) === 'ENOENT') return false;
    throw error;
  }
}

function checkExpected(
  path: string,
  expected: WriteStateOptions['expected'],
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

function hintForFsError(error: unknown): string {
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
