// The last-applied state file: strict reading, canonical bytes, and a guarded atomic write.
//
// Reading fails closed: an empty, cut-short, conflicted or unknown-version file is an error,
// never "nothing applied yet", because that would re-send every image. Writing re-reads the
// file first (compare-and-swap on lineage and serial), keeps the previous bytes as a backup,
// and goes through a temp file, fsync, rename and a directory fsync, so a crash leaves either
// the old or the new file, never a mix.

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as nodePath from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, Format, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import stateSchema from '../../schemas/state.schema.json' with { type: 'json' };
import { sha256, sortKeys } from '../core/canonical.js';
import type { State } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { invalidUtf8Offset } from './read-images.js';
import { JsonSyntaxError, parseStrictJson } from './strict-json.js';

export const STATE_VERSION = 1;
const STATE_SCHEMA_ID = stateSchema.$id;
/** Far above any real state (100k images are ~50 MB); a larger file is not ours. */
const MAX_STATE_BYTES = 256 * 1024 * 1024;

/** The file operations a write uses, so that tests can inject faults (ENOSPC, EPERM...). */
export interface FsShim {
  readFile(path: string): Promise<Buffer>;
  open(path: string, flags: string, mode?: number): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
}

export interface FileHandleLike {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeFs: FsShim = {
  readFile: (path) => fsp.readFile(path),
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  mkdir: (path, options) => fsp.mkdir(path, options),
};

// ---------------------------------------------------------------------------------------------
// Schema

interface Validators {
  state: ValidateFunction;
  journalHeader: ValidateFunction;
  journalLine: ValidateFunction;
}

let validators: Validators | null = null;

/** The compiled validators, built on first use and reused (compiling costs ~10 ms). */
export function stateValidators(): Validators {
  if (validators) return validators;
  const ajv = new Ajv2020({
    // The schema is a file of this package, checked against the 2020-12 meta-schema by
    // test/schemas.test.ts; checking it again on every run would compile the meta-schema first
    // (~50 ms of each plan). Strict mode still refuses unknown keywords while compiling.
    validateSchema: false,
    strict: true,
    strictTypes: true,
    strictTuples: true,
    strictRequired: true,
    allErrors: false,
    verbose: false,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    unicodeRegExp: true,
  });
  addFormatsModule.default(ajv, { mode: 'full', formats: ['uuid'], keywords: false });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: rememberValid(syncCheck(fullFormats['date-time'])),
  });
  ajv.addSchema(stateSchema);
  const compiled = new Map<string, ValidateFunction>();
  const get = (ref: string): ValidateFunction => {
    const fn = compiled.get(ref) ?? ajv.getSchema(`${STATE_SCHEMA_ID}${ref}`);
    if (!fn) throw new Error(`state schema has no ${ref}`);
    compiled.set(ref, fn);
    return fn;
  };
  // Each is compiled when first used (ajv keeps it): a plan needs only the state's.
  validators = {
    get state() {
      return get('');
    },
    get journalHeader() {
      return get('#/$defs/journalHeader');
    },
    get journalLine() {
      return get('#/$defs/journalLine');
    },
  };
  return validators;
}

/**
 * ajv-formats' full RFC 3339 check, remembering the strings it accepted. Every image in a state
 * carries an `applied_at`, but one apply writes the same timestamp for a whole batch, so a
 * 100k-image state holds few distinct values; checking each of them once instead of 100k times
 * saves about 0.1 s per read. Only accepted strings are kept, and at most REMEMBERED of them, so
 * the answer is always the checker's and the memory stays bounded whatever the file holds.
 */
function rememberValid(check: (value: string) => boolean): (value: string) => boolean {
  const valid = new Set<string>();
  return (value) => {
    if (valid.has(value)) return true;
    if (!check(value)) return false;
    if (valid.size < REMEMBERED) valid.add(value);
    return true;
  };
}
const REMEMBERED = 4096;

/** The synchronous string check inside an ajv-formats definition (date-time is one). */
function syncCheck(format: Format): (value: string) => boolean {
  if (typeof format === 'object' && !(format instanceof RegExp) && format.async !== true) {
    const check: unknown = format.validate;
    if (typeof check === 'function') return (value) => (check as (v: string) => boolean)(value);
  }
  throw new Error('ajv-formats no longer defines date-time as a function');
}

/** One line for the first schema error: where (a JSON pointer) and what. */
export function describeSchemaError(errors: ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return 'does not match the schema';
  const where = e.instancePath === '' ? 'the top level' : e.instancePath;
  const params = e.params as Record<string, unknown>;
  let what = e.message ?? 'is invalid';
  if (typeof params['additionalProperty'] === 'string')
    what += ` (${JSON.stringify(params['additionalProperty'])})`;
  if (e.propertyName !== undefined) what = `has an invalid key ${JSON.stringify(e.propertyName)} (${what})`;
  if (typeof params['missingProperty'] === 'string')
    what = `is missing ${JSON.stringify(params['missingProperty'])}`;
  return `at ${where}: ${what}`;
}

// ---------------------------------------------------------------------------------------------
// Reading

const RESTORE_HINT = (path: string): string =>
  `Restore it from git (\`git log -- ${path}\`, then \`git checkout <commit> -- ${path}\`) or from ${path}.backup. ` +
  'fwsync never reads a broken state as "nothing applied", because that would re-send every image.';

/** Reads the state file. A missing file is `{ state: null }`; anything unreadable throws. */
export async function readState(path: string): Promise<{ state: State | null; bytes: Buffer | null }> {
  const bytes = await readIfExists(nodeFs, path);
  if (bytes === null) return { state: null, bytes: null };
  return { state: parseState(bytes, path), bytes };
}

/** Parses and validates state bytes; `path` is only used in messages. */
export function parseState(bytes: Uint8Array, path: string): State {
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
    const data = JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
    ) as State & {
      checksum?: string;
    };
    delete data.checksum;
    if (data.version !== STATE_VERSION) throw newerVersion(path, data.version);
    return data;
  }

  let text: string;
  try {
    // fatal: invalid UTF-8 is an error, not U+FFFD; a leading BOM (added by some editors) is dropped.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause: unknown) {
    const at = invalidUtf8Offset(bytes);
    const line = countNewlines(bytes, at) + 1;
    throw new FwsyncError('state', `the state file ${path} is not valid UTF-8 (byte ${at}, line ${line})`, {
      hint: RESTORE_HINT(path),
      cause,
    });
  }

  let data: unknown;
  try {
    data = parseStrictJson(text);
  } catch (cause: unknown) {
    const marker = /^(<{7}|={7}|>{7})(?: |$)/m.exec(text);
    if (marker) {
      const line = text.slice(0, marker.index).split('\n').length;
      throw new FwsyncError(
        'state',
        `the state file ${path} contains a git merge conflict marker at line ${line}`,
        {
          hint:
            'Resolve the merge conflict: keep the side with the higher "serial" (or the state on your default branch) ' +
            `and remove the conflict markers, e.g. \`git checkout --theirs -- ${path}\`; then run \`fwsync plan --refresh\` to check it against the account.`,
          cause,
        },
      );
    }
    if (cause instanceof JsonSyntaxError) {
      throw new FwsyncError('state', `the state file ${path} is not valid JSON: ${cause.message}`, {
        hint: RESTORE_HINT(path),
        cause,
      });
    }
    throw cause;
  }

  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new FwsyncError('state', `the state file ${path} is not a JSON object`, {
      hint: RESTORE_HINT(path),
    });
  }
  const version = (data as Record<string, unknown>)['version'];
  if (typeof version === 'number' && Number.isInteger(version) && version > STATE_VERSION) {
    throw newerVersion(path, version);
  }
  const validate = stateValidators().state;
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
  return dropUntrustedFileEntries(data as State);
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
      hint: `This fwsync reads state version ${STATE_VERSION}. Upgrade fwsync to the version that wrote it.`,
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
 * reading a state fwsync wrote itself needs no duplicate-key scan and no schema validation
 * (which cost most of an incremental plan's time on a large account). Any edit breaks the seal
 * and the file is then validated in full, so the seal is an optimisation, never a gate.
 */
export function serializeState(state: State): string {
  const body = `${JSON.stringify(sortKeys(state), null, 2)}\n`;
  return `${SEAL_PREFIX}${sha256(body).slice('sha256:'.length)}${SEAL_SUFFIX}${body.slice(2)}`;
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

const RENAME_RETRIES = 5;

/**
 * Writes the state atomically after checking that the file on disk is still the one the caller
 * read. Writes nothing (and no backup) when the bytes would not change.
 */
export async function writeState(
  path: string,
  state: State,
  opts: WriteStateOptions,
): Promise<{ written: boolean }> {
  const fs = opts.fs ?? nodeFs;
  const sleep = opts.sleep ?? defaultSleep;

  const validate = stateValidators().state;
  if (!validate(state)) {
    throw new FwsyncError(
      'state',
      `refusing to write an invalid state to ${path}: ${describeSchemaError(validate.errors)}`,
      {
        hint: 'This is a bug in fwsync; the previous state file was left unchanged. Please report it.',
      },
    );
  }
  const next = Buffer.from(serializeState(state), 'utf8');

  const currentBytes = await readIfExists(fs, path);
  const current = currentBytes === null ? null : parseState(currentBytes, path);
  checkExpected(path, opts.expected, current);
  if (currentBytes !== null && currentBytes.equals(next)) return { written: false };
  if (current) {
    if (state.lineage !== current.lineage) {
      throw new FwsyncError(
        'refused',
        `refusing to write a state of lineage ${state.lineage} over ${path} (lineage ${current.lineage})`,
        {
          hint: 'The new state belongs to another history than the file it would replace. Move the old file away if it is really obsolete.',
        },
      );
    }
    if (state.serial <= current.serial) {
      throw new FwsyncError(
        'state',
        `refusing to write a changed state to ${path} without a higher serial (${current.serial} → ${state.serial})`,
        {
          hint: 'This is a bug in fwsync; the previous state file was left unchanged. Please report it.',
        },
      );
    }
  }

  try {
    await fs.mkdir(nodePath.dirname(path), { recursive: true });
    // The backup is written first: if anything below fails, the old file is still in place too.
    if (currentBytes !== null) await writeAtomic(fs, `${path}.backup`, currentBytes, sleep);
    await writeAtomic(fs, path, next, sleep);
  } catch (cause: unknown) {
    throw new FwsyncError('state', `could not write the state file ${path} (${describeFsError(cause)})`, {
      hint: `${hintForFsError(cause)} The previous state file was left unchanged.`,
      cause,
    });
  }
  return { written: true };
}

function checkExpected(path: string, expected: WriteStateOptions['expected'], current: State | null): void {
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

/** temp file in the same folder → fsync → rename (retrying EPERM/EBUSY) → fsync the folder. */
export async function writeAtomic(
  fs: FsShim,
  target: string,
  bytes: Uint8Array,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<void> {
  const temp = `${target}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  let created = false;
  try {
    const handle = await fs.open(temp, 'wx', 0o644);
    created = true;
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.rename(temp, target);
        break;
      } catch (error: unknown) {
        const code = errorCode(error);
        // Windows refuses the rename while another process (antivirus, indexer) has the target open.
        if ((code !== 'EPERM' && code !== 'EBUSY') || attempt >= RENAME_RETRIES) throw error;
        const base = 50 * 2 ** attempt;
        await sleep(base + Math.floor(Math.random() * base));
      }
    }
    created = false;
  } catch (error: unknown) {
    if (created) await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(fs, nodePath.dirname(target));
}

/** Makes a rename durable. Some platforms cannot open or fsync a folder; that is not an error. */
export async function syncDirectory(fs: FsShim, dir: string): Promise<void> {
  let handle: FileHandleLike | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error: unknown) {
    const code = errorCode(error);
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EACCES' && code !== 'EBADF')
      throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}

export function describeFsError(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
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
