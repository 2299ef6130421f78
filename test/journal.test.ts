import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { State } from '../src/core/types.js';
import { FwsyncError } from '../src/errors.js';
import {
  type JournalEntry,
  journalMatches,
  journalPath,
  openJournal,
  readJournal,
  removeJournal,
} from '../src/adapters/journal.js';

const LINEAGE = '3f0d8c1e-5db8-4e84-9010-e29499eadb3f';

function entry(k: number): JournalEntry {
  return {
    guid: `${k.toString(16).padStart(8, '0')}-5db8-4e84-9010-e29499eadb3f`,
    applied: { title: `Image ${k}`, description: `Line one\nline "two" — ${k}`, visible: k % 2 === 0 },
    applied_at: '2026-11-27T10:00:00.000Z',
    source: 'images/landscapes.yaml',
    commit: k % 3 === 0 ? null : '9fceb02d0ae598e95dc970b74767f19372d61af8',
  };
}
const batch = (from: number, n: number): JournalEntry[] =>
  Array.from({ length: n }, (_, k) => entry(from + k));

let dir: string;
let statePath: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-journal-'));
  statePath = path.join(dir, '.fwsync', 'state.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<FwsyncError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FwsyncError);
  return error as FwsyncError;
}

describe('journal', () => {
  it('round-trips the header and every confirmed batch, in order', async () => {
    const journal = await openJournal(statePath, { lineage: LINEAGE, base_serial: 5 });
    expect(journal.path).toBe(`${statePath}.journal`);
    await journal.append(batch(0, 3));
    await journal.append(batch(3, 2));
    // Concurrent appends (concurrency 2) still give whole lines, in call order.
    await Promise.all([journal.append(batch(5, 4)), journal.append(batch(9, 1))]);
    await journal.close();
    await journal.close(); // idempotent

    const back = await readJournal(statePath);
    expect(back).toEqual({
      header: { lineage: LINEAGE, base_serial: 5 },
      entries: batch(0, 10),
      torn: false,
    });
    const lines = (await readFile(journalPath(statePath), 'utf8')).split('\n');
    expect(lines).toHaveLength(6); // header, 4 batches, '' after the final newline
    expect(JSON.parse(lines[0]!)).toEqual({ journal: 1, lineage: LINEAGE, base_serial: 5 });
  });

  it('each append is on disk when it resolves, before close', async () => {
    const journal = await openJournal(statePath, { lineage: null, base_serial: 0 });
    await journal.append(batch(0, 2));
    // Another process (the next run after a SIGKILL) sees the entries without a close.
    expect((await readJournal(statePath))?.entries).toEqual(batch(0, 2));
    await journal.close();
  });

  it('ignores a torn last line and says so', async () => {
    const journal = await openJournal(statePath, { lineage: LINEAGE, base_serial: 1 });
    await journal.append(batch(0, 2));
    await journal.close();
    const full = JSON.stringify({ confirmed: batch(2, 2) });
    await appendFile(journalPath(statePath), full.slice(0, full.length - 17)); // crash mid-write
    const back = await readJournal(statePath);
    expect(back?.torn).toBe(true);
    expect(back?.entries).toEqual(batch(0, 2));
  });

  it('a torn line that cuts a multi-byte character is still only torn', async () => {
    const journal = await openJournal(statePath, { lineage: LINEAGE, base_serial: 1 });
    await journal.append(batch(0, 1));
    await journal.close();
    const line = Buffer.from(JSON.stringify({ confirmed: batch(1, 1) }), 'utf8');
    const cut = line.indexOf(Buffer.from('—')) + 1; // inside the 3-byte em dash
    await appendFile(journalPath(statePath), line.subarray(0, cut));
    expect(await readJournal(statePath)).toMatchObject({ torn: true, entries: batch(0, 1) });
  });

  it('a complete last line without its newline is kept', async () => {
    const journal = await openJournal(statePath, { lineage: LINEAGE, base_serial: 1 });
    await journal.close();
    await appendFile(journalPath(statePath), JSON.stringify({ confirmed: batch(0, 2) }));
    expect(await readJournal(statePath)).toMatchObject({ torn: false, entries: batch(0, 2) });
  });

  it('damage before the last line is an error naming the line', async () => {
    const journal = await openJournal(statePath, { lineage: LINEAGE, base_serial: 1 });
    await journal.append(batch(0, 1));
    await journal.close();
    await appendFile(
      journalPath(statePath),
      '{"confirmed":[{"guid":"x"}]}\n' + JSON.stringify({ confirmed: batch(1, 1) }) + '\n',
    );
    const error = await rejection(readJournal(statePath));
    expect(error.kind).toBe('state');
    expect(error.message).toMatch(/journal .* is damaged at line 3: invalid at \/confirmed\/0/);
    expect(error.hint).toMatch(/Only the last line/);
  });

  it('a duplicate key in a line is damage, not last-wins', async () => {
    const journal = await openJournal(statePath, { lineage: LINEAGE, base_serial: 1 });
    await journal.close();
    const line = JSON.stringify({ confirmed: batch(0, 1) }).replace('"source":', '"source":"a","source":');
    await appendFile(journalPath(statePath), `${line}\n{"confirmed":[]}\n`);
    expect((await rejection(readJournal(statePath))).message).toMatch(/line 2: duplicate key "source"/);
  });

  it('a journal from a newer fwsync is refused', async () => {
    await writeFile(path.join(dir, 'state.json.journal'), '{"journal":2,"lineage":null,"base_serial":0}\n');
    expect((await rejection(readJournal(path.join(dir, 'state.json')))).message).toMatch(
      /written by a newer fwsync/,
    );
  });

  it('returns null without a journal, and remove is idempotent', async () => {
    expect(await readJournal(statePath)).toBeNull();
    const journal = await openJournal(statePath, { lineage: LINEAGE, base_serial: 2 });
    await journal.close();
    await removeJournal(statePath);
    await removeJournal(statePath);
    expect(await readJournal(statePath)).toBeNull();
    expect(await readdir(path.dirname(statePath))).toEqual([]);
  });

  it('never replaces a journal that still holds confirmed entries', async () => {
    const first = await openJournal(statePath, { lineage: LINEAGE, base_serial: 2 });
    await first.append(batch(0, 3));
    await first.close();
    const error = await rejection(openJournal(statePath, { lineage: LINEAGE, base_serial: 2 }));
    expect(error.message).toContain('holds 3 confirmed update(s) of an interrupted apply');
    expect((await readJournal(statePath))?.entries).toHaveLength(3);
  });

  it('replaces an empty leftover journal', async () => {
    const first = await openJournal(statePath, { lineage: LINEAGE, base_serial: 2 });
    await first.close();
    const second = await openJournal(statePath, { lineage: LINEAGE, base_serial: 3 });
    await second.close();
    expect((await readJournal(statePath))?.header).toEqual({ lineage: LINEAGE, base_serial: 3 });
  });

  it('refuses to journal an invalid entry (it could not be read back)', async () => {
    const journal = await openJournal(statePath, { lineage: LINEAGE, base_serial: 2 });
    const bad = { ...entry(1), guid: 'NOT-A-GUID' };
    expect((await rejection(journal.append([bad]))).message).toMatch(/refusing to journal an invalid entry/);
    await journal.append(batch(0, 1)); // a rejected entry does not poison the journal
    await journal.close();
    expect((await readJournal(statePath))?.entries).toEqual(batch(0, 1));
  });

  it('journalMatches compares lineage and serial with the state', () => {
    const state = { version: 1, lineage: LINEAGE, serial: 4, images: {}, files: {} } satisfies State;
    expect(journalMatches({ lineage: LINEAGE, base_serial: 4 }, state)).toBe(true);
    expect(journalMatches({ lineage: LINEAGE, base_serial: 3 }, state)).toBe(false);
    expect(journalMatches({ lineage: '00000000-5db8-4e84-9010-e29499eadb3f', base_serial: 4 }, state)).toBe(
      false,
    );
    expect(journalMatches({ lineage: LINEAGE, base_serial: 0 }, null)).toBe(true);
    expect(journalMatches({ lineage: LINEAGE, base_serial: 4 }, null)).toBe(false);
  });

  it('appends 4,000 batches of 25 entries (100k images), fsync each (timing printed)', async () => {
    const journal = await openJournal(statePath, { lineage: LINEAGE, base_serial: 0 });
    const batches = Array.from({ length: 4000 }, (_, b) => batch(b * 25, 25));
    const t0 = performance.now();
    for (const b of batches) await journal.append(b);
    const t1 = performance.now();
    await journal.close();
    const back = await readJournal(statePath);
    const t2 = performance.now();
    const size = (await readFile(journalPath(statePath))).length;
    console.log(
      `journal: 4,000 appends of 25 entries in ${(t1 - t0).toFixed(0)} ms ` +
        `(${((t1 - t0) / 4000).toFixed(2)} ms each, ${(size / 1e6).toFixed(1)} MB); read back in ${(t2 - t1).toFixed(0)} ms`,
    );
    expect(back?.entries).toHaveLength(100_000);
    expect(back?.entries[99_999]).toEqual(entry(99_999));
  });
});
