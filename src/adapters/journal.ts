// The apply journal: `<state>.journal`, one JSON line per batch the API confirmed, fsynced
// before the next request starts. Rewriting a 30 MB state after every batch of 25 would be far
// too slow; appending a line is cheap, and it makes each confirmation durable at once.
//
// The first line says which state the batches apply on top of (lineage and serial). After a
// crash the next run folds the entries into that state, writes it, and removes the journal.
// A crash in the middle of an append leaves a torn last line: it is dropped (the batch it held
// is re-sent, which is harmless because every request carries the full desired values).

import * as fsp from 'node:fs/promises';
import * as nodePath from 'node:path';
import { hashFields } from '../core/canonical.js';
import type { ImageFields, State } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import {
  type FsShim,
  describeFsError,
  errorCode,
  nodeFs,
  syncDirectory,
  writeAtomic,
} from './atomic-file.js';
import { describeSchemaError, stateValidators } from './state-schema.js';
import { parseStrictJson } from './strict-json.js';

export const JOURNAL_VERSION = 1;

export interface JournalEntry {
  guid: string;
  applied: ImageFields;
  applied_at: string;
  source: string;
  commit: string | null;
}

export interface JournalHeader {
  /** Lineage of the state the entries apply to; null when no state file existed yet. */
  lineage: string | null;
  /** Serial of that state (0 when there was none). */
  base_serial: number;
}

export interface Journal {
  readonly path: string;
  /** Appends one line for a confirmed batch; resolves once it is on disk. */
  append(entries: JournalEntry[]): Promise<void>;
  /** Waits for pending appends and closes the file. Idempotent. */
  close(): Promise<void>;
}

export function journalPath(statePath: string): string {
  return `${statePath}.journal`;
}

/** True when the journal was written on top of exactly this state. */
export function journalMatches(header: JournalHeader, state: State | null): boolean {
  if (!state) return header.base_serial === 0;
  return header.lineage === state.lineage && header.base_serial === state.serial;
}

/**
 * True when the journal's updates are already in the state: written on top of serial N, the
 * state is now serial N + 1 of the same lineage and holds every journalled value (a crash
 * between the state write and the journal's removal).
 */
export function journalAlreadyFolded(
  journal: { header: JournalHeader; entries: readonly JournalEntry[] },
  state: State | null,
): boolean {
  if (!state || journal.header.lineage !== state.lineage) return false;
  if (state.serial !== journal.header.base_serial + 1) return false;
  return journal.entries.every((entry) => state.images[entry.guid]?.hash === hashFields(entry.applied));
}

/**
 * Starts a journal. An existing journal that still holds confirmed entries is never replaced:
 * the caller must fold it into the state first (see readJournal).
 */
export async function openJournal(
  statePath: string,
  header: JournalHeader,
  opts: { fs?: FsShim } = {},
): Promise<Journal> {
  const fs = opts.fs ?? nodeFs;
  const path = journalPath(statePath);
  const existing = await readJournal(statePath);
  if (existing && existing.entries.length > 0) {
    throw new FwsyncError(
      'state',
      `${path} holds ${existing.entries.length} confirmed update(s) of an interrupted apply that are not in the state yet`,
      { hint: 'Run `fwsync apply` again: it folds the journal into the state before planning.' },
    );
  }
  const headerLine = `${JSON.stringify({ journal: JOURNAL_VERSION, lineage: header.lineage, base_serial: header.base_serial })}\n`;
  const validate = stateValidators().journalHeader;
  if (!validate(JSON.parse(headerLine))) {
    throw new FwsyncError(
      'state',
      `invalid journal header for ${path}: ${describeSchemaError(validate.errors)}`,
    );
  }

  // The header goes in through a temp file and a rename, so a journal never exists without it.
  let handle: fsp.FileHandle;
  try {
    await fs.mkdir(nodePath.dirname(path), { recursive: true });
    await writeAtomic(fs, path, Buffer.from(headerLine, 'utf8'));
    handle = await fsp.open(path, 'a');
  } catch (cause: unknown) {
    throw new FwsyncError('state', `could not start the apply journal ${path} (${describeFsError(cause)})`, {
      hint: 'Check that you may write to the folder of the state file and that the disk is not full.',
      cause,
    });
  }

  const validateLine = stateValidators().journalLine;
  let queue: Promise<void> = Promise.resolve();
  let failure: FwsyncError | null = null;
  let closed = false;

  const writeLine = async (entries: JournalEntry[]): Promise<void> => {
    if (failure) throw failure;
    if (closed) throw new FwsyncError('state', `the apply journal ${path} is already closed`);
    const record = { confirmed: entries };
    if (!validateLine(record)) {
      throw new FwsyncError(
        'state',
        `refusing to journal an invalid entry: ${describeSchemaError(validateLine.errors)}`,
        {
          hint: 'This is a bug in fwsync; please report it.',
        },
      );
    }
    try {
      await handle.writeFile(`${JSON.stringify(record)}\n`, 'utf8');
      // datasync is enough: the data and the new length reach the disk; timestamps need not.
      await handle.datasync();
    } catch (cause: unknown) {
      // The file may now end in a partial line; later appends would hide it, so stop here.
      failure = new FwsyncError(
        'state',
        `could not record confirmed updates in ${path} (${describeFsError(cause)})`,
        {
          hint: 'Free disk space or fix the folder permissions; the updates already confirmed are kept in the journal.',
          cause,
        },
      );
      throw failure;
    }
  };

  return {
    path,
    append(entries: JournalEntry[]): Promise<void> {
      // Appends run one at a time, in call order, so that lines never interleave.
      const next = queue.then(() => writeLine(entries));
      queue = next.catch(() => undefined);
      return next;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await queue;
      await handle.close().catch(() => undefined);
    },
  };
}

export interface JournalContents {
  header: JournalHeader;
  entries: JournalEntry[];
  /** True when the last line was cut short by a crash and was ignored. */
  torn: boolean;
}

/** Reads `<state>.journal`; null when there is none. Only the last line may be damaged. */
export async function readJournal(statePath: string): Promise<JournalContents | null> {
  const path = journalPath(statePath);
  let bytes: Buffer;
  try {
    bytes = await fsp.readFile(path);
  } catch (cause: unknown) {
    if (errorCode(cause) === 'ENOENT') return null;
    throw new FwsyncError('state', `cannot read the apply journal ${path} (${describeFsError(cause)})`, {
      cause,
    });
  }

  const lines: Buffer[] = [];
  for (let start = 0; start < bytes.length;) {
    const end = bytes.indexOf(0x0a, start);
    if (end === -1) {
      lines.push(bytes.subarray(start));
      break;
    }
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }

  const damaged = (lineNo: number, what: string): FwsyncError =>
    new FwsyncError('state', `the apply journal ${path} is damaged at line ${lineNo}: ${what}`, {
      hint:
        'Only the last line can be cut short by a crash; this damage is elsewhere. Keep a copy of the journal, ' +
        'delete it, and run `fwsync plan --refresh` to compare the state with the live account.',
    });
  const parseLine = (line: Buffer): unknown =>
    parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(line));

  const first = lines[0];
  if (first === undefined) throw damaged(1, 'the file is empty (no header)');
  let headerData: unknown;
  try {
    headerData = parseLine(first);
  } catch (error: unknown) {
    throw damaged(1, `the header is not valid JSON (${(error as Error).message})`);
  }
  const version = (headerData as { journal?: unknown } | null)?.journal;
  if (typeof version === 'number' && version > JOURNAL_VERSION) {
    throw new FwsyncError(
      'state',
      `the apply journal ${path} has version ${version}: it was written by a newer fwsync`,
      {
        hint: 'Finish the interrupted apply with the fwsync version that started it.',
      },
    );
  }
  const validateHeader = stateValidators().journalHeader;
  if (!validateHeader(headerData))
    throw damaged(1, `the header is invalid ${describeSchemaError(validateHeader.errors)}`);
  const { lineage, base_serial } = headerData as { lineage: string | null; base_serial: number };

  const validateLine = stateValidators().journalLine;
  const entries: JournalEntry[] = [];
  let torn = false;
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    const isLast = k === lines.length - 1;
    if (isLast && line.length === 0) break; // the file ends with a newline, as it should
    let problem: string | null = null;
    let record: unknown;
    try {
      record = parseLine(line);
      if (!validateLine(record)) problem = `invalid ${describeSchemaError(validateLine.errors)}`;
    } catch (error: unknown) {
      problem = (error as Error).message;
    }
    if (problem !== null) {
      if (isLast) {
        torn = true;
        break;
      }
      throw damaged(k + 1, problem);
    }
    entries.push(...(record as { confirmed: JournalEntry[] }).confirmed);
  }
  return { header: { lineage, base_serial }, entries, torn };
}

/** Removes the journal once its entries are in the state file. Missing is fine. */
export async function removeJournal(statePath: string, opts: { fs?: FsShim } = {}): Promise<void> {
  const fs = opts.fs ?? nodeFs;
  const path = journalPath(statePath);
  try {
    await fs.unlink(path);
  } catch (cause: unknown) {
    if (errorCode(cause) === 'ENOENT') return;
    throw new FwsyncError('state', `could not remove the apply journal ${path} (${describeFsError(cause)})`, {
      hint: 'Its entries are already in the state file; delete it by hand.',
      cause,
    });
  }
  await syncDirectory(fs, nodePath.dirname(path)).catch(() => undefined);
}
