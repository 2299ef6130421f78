// The incremental plan equals the full plan (docs/architecture.md, "Incremental plans"), end to end: real files on disk, a
// real state written by `fwsync apply` against the emulator, and the built CLI as a process.
// After every edit, `plan --format json` with the state's `files` entries (files whose bytes
// match are not parsed) must be byte-identical to the plan made against a copy of the same
// state without them (every file parsed).
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startEmulator, type Emulator } from '../src/emulator/server.js';
import { readState, serializeState } from '../src/adapters/state-store.js';
import type { Plan, State } from '../src/core/types.js';
import { CLI, runCli, type CliResult } from './support/cli.js';
import { SAMPLE, emulatorEnv, fileHash, removeTempDirs, sampleSeed, tempCopy } from './support/vp-repo.js';

const NEW_A = '6b0e9f2c-7a1d-4c3e-9b5a-0d2f4e6a8c1b';
const NEW_B = 'a41c7d3e-5f60-4b2a-8c9d-1e0f2a3b4c5d';
const VIOLINIST = '71b3c9d5-2e4f-4a6b-8c0d-1e3f5a7b9c2d';
const KITCHEN = 'e2c8a4f6-1b3d-4e5f-8a7b-9c0d1e2f3a4b';
const CLOCKMAKER = '3a7d5e10-8b2c-4f6e-9a1d-7c3b5e9f2a04';
/** A second config, identical but for the state file: the full plan reads a copy without `files`. */
const FULL_CONFIG = 'fwsync.full.yaml';
const FULL_STATE = '.fwsync/full-state.json';

let emulator: Emulator;

const fw = (cwd: string, args: string[]): Promise<CliResult> =>
  runCli(args, { cwd, env: emulatorEnv(emulator.url, DEMO_CREDENTIALS) });

async function setUpRepo(): Promise<string> {
  const dir = await tempCopy(SAMPLE, 'fwsync-vp-incremental-');
  const config = await readFile(path.join(dir, 'fwsync.config.yaml'), 'utf8');
  expect(config).toMatch(/^state: \.fwsync\/state\.json$/m);
  await writeFile(path.join(dir, FULL_CONFIG), config.replace(/^state: .*$/m, `state: ${FULL_STATE}`));
  return dir;
}

async function readStateFile(dir: string): Promise<State> {
  const file = path.join(dir, '.fwsync', 'state.json');
  const { state } = await readState(file);
  if (!state) throw new Error(`no state at ${file}`);
  return state;
}

/** How many of the state's `files` entries match the bytes on disk, i.e. are not parsed. */
async function skippable(dir: string, state: State): Promise<string[]> {
  const out: string[] = [];
  for (const [rel, entry] of Object.entries(state.files)) {
    const abs = path.join(dir, rel);
    if (existsSync(abs) && fileHash(await readFile(abs)) === entry.hash) out.push(rel);
  }
  return out.sort();
}

/** The files `--verbose` says were not parsed again. */
function skippedByCli(stderr: string): string[] {
  const m = /(\d+) of \d+ image files unchanged since the last apply, not parsed again(?:: (.*))?$/m.exec(
    stderr,
  );
  if (!m) throw new Error(`no skipped-files line in:\n${stderr}`);
  const files = m[2] ? m[2].split(', ') : [];
  expect(files).toHaveLength(Number(m[1]));
  return files.sort();
}

interface Comparison {
  plan: Plan;
  skipped: string[];
}

/** Incremental vs full plan of the repository as it is now: they must be byte-identical. */
async function compare(dir: string): Promise<Comparison> {
  const state = await readStateFile(dir);
  await writeFile(path.join(dir, FULL_STATE), serializeState({ ...state, files: {} }));
  const [incremental, full] = await Promise.all([
    fw(dir, ['--verbose', 'plan', '--format', 'json']),
    fw(dir, ['--verbose', '--config', FULL_CONFIG, 'plan', '--format', 'json']),
  ]);
  expect(incremental.code, incremental.stderr).toBe(0);
  expect(full.code, full.stderr).toBe(0);
  expect(incremental.stdout).toBe(full.stdout);
  const skipped = await skippable(dir, state);
  // The CLI really skipped those files, and only those; the full plan parsed every file.
  expect(skippedByCli(incremental.stderr)).toEqual(skipped);
  expect(skippedByCli(full.stderr)).toEqual([]);
  return { plan: JSON.parse(incremental.stdout) as Plan, skipped };
}

async function apply(dir: string): Promise<void> {
  const r = await fw(dir, ['apply', '--yes']);
  expect(r.code, r.stderr).toBe(0);
}

const kinds = (plan: Plan): string[] => plan.changes.map((c) => `${c.kind} ${c.guid}`);

async function edit(dir: string, rel: string, fn: (text: string) => string): Promise<void> {
  const file = path.join(dir, rel);
  const before = await readFile(file, 'utf8');
  const after = fn(before);
  expect(after).not.toBe(before);
  await writeFile(file, after);
}

/** Cuts the sequence item of `guid` (from its `  - guid:` line to the next item) out of `text`. */
function cutImage(text: string, guid: string): { rest: string; item: string } {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `  - guid: ${guid}`);
  expect(start).toBeGreaterThan(0);
  let end = start + 1;
  while (end < lines.length && !lines[end]!.startsWith('  - ')) end++;
  const item = lines.slice(start, end);
  return { rest: [...lines.slice(0, start), ...lines.slice(end)].join('\n'), item: item.join('\n') };
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  emulator = await startEmulator({ seed: await sampleSeed([NEW_A, NEW_B]) });
});
afterAll(async () => {
  await emulator.close();
  await removeTempDirs();
});

describe.concurrent('incremental plan = full plan', () => {
  it('after edits, a rename, a move, deletions and a new file', async () => {
    const dir = await setUpRepo();
    await apply(dir);

    // The apply recorded every file, with the hash of its bytes and the guids it holds.
    const state = await readStateFile(dir);
    for (const rel of ['images/landscapes.yaml', 'images/portraits.yaml']) {
      const entry = state.files[rel];
      expect(entry, rel).toBeDefined();
      expect(entry!.hash).toBe(fileHash(await readFile(path.join(dir, rel))));
      expect(entry!.guids).toHaveLength(3);
      for (const guid of entry!.guids) expect(state.images[guid]?.source).toBe(rel);
    }
    let c = await compare(dir);
    expect(c.plan.changes).toEqual([]);
    expect(c.plan.summary.unchanged).toBe(6);
    expect(c.skipped).toEqual(['images/landscapes.yaml', 'images/portraits.yaml']);

    // 1. An edit in one file: the other is skipped.
    await edit(dir, 'images/landscapes.yaml', (t) => t.replace('Harbour at Dawn', 'Harbour at First Light'));
    c = await compare(dir);
    expect(kinds(c.plan)).toEqual(['update 5fd001ce-5db8-4e84-9010-e29499eadb3f']);
    expect(c.skipped).toEqual(['images/portraits.yaml']);
    await apply(dir);
    c = await compare(dir);
    expect(c.plan.changes).toEqual([]);
    expect(c.skipped).toEqual(['images/landscapes.yaml', 'images/portraits.yaml']);

    // 2. A renamed file: its images are unchanged where they are now, nothing is forgotten.
    await rename(path.join(dir, 'images/portraits.yaml'), path.join(dir, 'images/people.yaml'));
    c = await compare(dir);
    expect(c.plan.changes).toEqual([]);
    expect(c.plan.summary.unchanged).toBe(6);
    expect(c.skipped).toEqual(['images/landscapes.yaml']);

    // 3. An image moved from one file to another (unchanged), then edited where it is now.
    const moved = cutImage(await readFile(path.join(dir, 'images/people.yaml'), 'utf8'), VIOLINIST);
    await writeFile(path.join(dir, 'images/people.yaml'), moved.rest);
    await edit(dir, 'images/landscapes.yaml', (t) => `${t.trimEnd()}\n\n${moved.item.trimEnd()}\n`);
    c = await compare(dir);
    expect(c.plan.changes).toEqual([]);
    expect(c.skipped).toEqual([]);
    await edit(dir, 'images/landscapes.yaml', (t) =>
      t.replace('before her first recital', 'before her debut'),
    );
    c = await compare(dir);
    expect(kinds(c.plan)).toEqual([`update ${VIOLINIST}`]);
    expect(c.plan.changes[0]).toMatchObject({ file: 'images/landscapes.yaml' });
    await apply(dir);
    c = await compare(dir);
    expect(c.plan.changes).toEqual([]);
    expect(c.skipped).toEqual(['images/landscapes.yaml', 'images/people.yaml']);

    // 4. An image deleted from a file: forgotten, the other file skipped.
    await edit(dir, 'images/people.yaml', (t) => cutImage(t, KITCHEN).rest);
    c = await compare(dir);
    expect(kinds(c.plan)).toEqual([`forget ${KITCHEN}`]);
    expect(c.skipped).toEqual(['images/landscapes.yaml']);
    await apply(dir);
    c = await compare(dir);
    expect(c.plan.changes).toEqual([]);
    expect(c.skipped).toEqual(['images/landscapes.yaml', 'images/people.yaml']);

    // 5. A file deleted: its images are forgotten.
    await rm(path.join(dir, 'images/people.yaml'));
    c = await compare(dir);
    expect(kinds(c.plan)).toEqual([`forget ${CLOCKMAKER}`]);
    expect(c.skipped).toEqual(['images/landscapes.yaml']);
    await apply(dir);

    // 6. A new file in a new folder (.yml), with upper-case guids: adopted.
    await mkdir(path.join(dir, 'images/new'));
    await writeFile(
      path.join(dir, 'images/new/extra.yml'),
      [
        'version: 1',
        'images:',
        `  - guid: ${NEW_B.toUpperCase()}`,
        '    title: Fog over the Estuary',
        '    description: ""',
        `  - guid: ${NEW_A}`,
        '    title: Lighthouse Keeper',
        '    description: Taken on the last day before the light was automated.',
        '    rank: 9',
        '',
      ].join('\n'),
    );
    c = await compare(dir);
    expect(kinds(c.plan)).toEqual([`adopt ${NEW_A}`, `adopt ${NEW_B}`]);
    expect(c.skipped).toEqual(['images/landscapes.yaml']);
    await apply(dir);
    c = await compare(dir);
    expect(c.plan.changes).toEqual([]);
    expect(c.plan.summary.unchanged).toBe(6);
    expect(c.skipped).toEqual(['images/landscapes.yaml', 'images/new/extra.yml']);
    expect((await readStateFile(dir)).files['images/new/extra.yml']?.guids).toEqual([NEW_A, NEW_B]);

    // 7. A reformatting that changes bytes but not meaning: parsed, nothing to do.
    await edit(dir, 'images/new/extra.yml', (t) => `# tidied\n${t.replace(/\n/g, '  \r\n')}`);
    c = await compare(dir);
    expect(c.plan.changes).toEqual([]);
    expect(c.skipped).toEqual(['images/landscapes.yaml']);
  });

  it('a skipped file is not parsed, yet its guids still count as duplicates (then it is parsed, for the line)', async () => {
    const dir = await setUpRepo();
    await apply(dir);
    // Copy an image of portraits.yaml (untouched, so skipped) into landscapes.yaml.
    const portraits = await readFile(path.join(dir, 'images/portraits.yaml'), 'utf8');
    const copy = cutImage(portraits, VIOLINIST).item;
    await edit(dir, 'images/landscapes.yaml', (t) => `${t.trimEnd()}\n${copy.trimEnd()}\n`);
    const state = await readStateFile(dir);
    expect(await skippable(dir, state)).toEqual(['images/portraits.yaml']);
    await writeFile(path.join(dir, FULL_STATE), serializeState({ ...state, files: {} }));

    const incremental = await fw(dir, ['plan', '--format', 'json']);
    const full = await fw(dir, ['--config', FULL_CONFIG, 'plan', '--format', 'json']);
    for (const r of [incremental, full]) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      // Both places with their lines, whether the file was skipped or not.
      expect(r.stderr).toMatch(
        new RegExp(
          `^images/portraits\\.yaml:16:\\d+ error guid ${VIOLINIST} is used twice: here and at images/landscapes\\.yaml:\\d+$`,
          'm',
        ),
      );
      expect(r.stderr).toMatch(/^error: 1 problem in the image files$/m);
    }
    expect(incremental.stderr).toBe(full.stderr);
  });
});
