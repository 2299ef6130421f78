// The last-applied state file: strict reading, canonical bytes, and a guarded atomic write.
//
// Reading fails closed: an empty, cut-short, conflicted or unknown-version file is an error,
// never "nothing applied yet", because that would re-send every image. Writing re-reads the
// file first (compare-and-swap on lineage and serial), keeps the previous bytes as a backup,
// and goes through a temp file, fsync, rename and a directory fsync, so a crash leaves either
// the old or the new file, never a mix.

import { createHash, randomUUID } from 'node:crypto';
import * as nodePath from 'node:path';
import { sha256, sortKeys } from '../core/canonical.js';
import type { State } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { type FsShim, describeFsError, errorCode, nodeFs, writeAtomic } from './atomic-file.js';
import { describeSchemaError, stateValidators } from './state-schema.js';
import { JsonSyntaxError, parseStrictJson } from './strict-json.js';
import { invalidUtf8Offset } from './utf8.js';

export const STATE_VERSION = 1;
/** Far above any real state (100k images are ~50 MB); a larger file is not ours. */
const MAX_STATE_BYTES = 256 * 1024 * 1024;

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
  const sleep = opts.sleep; // undefined: writeAtomic's own backoff

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
