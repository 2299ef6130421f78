// A plan that skips files whose bytes match the state's `files` entry must equal the plan
// from parsing everything (docs/architecture.md, "Incremental plans"). Files are simulated in memory: a file's "bytes" are
// the canonical JSON of its entries; the reader skips a file when that hash matches.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStateStaged, writeState } from '../src/adapters/state-store.js';
import { canonicalJson, sha256 } from '../src/core/canonical.js';
import { nextState, type ConfirmedImage } from '../src/core/next-state.js';
import { planChanges } from '../src/core/plan.js';
import type { DesiredImage, DesiredSet, ImageFields, Plan, SourceFile, State } from '../src/core/types.js';
import { renderPlanJson } from '../src/render/json.js';

const G = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const f = (title: string, description = ''): ImageFields => ({ title, description });
type Repo = Record<string, Array<[number, ImageFields]>>;

function read(repo: Repo, state: State | null, incremental: boolean): DesiredSet {
  const images: DesiredImage[] = [];
  const files: SourceFile[] = [];
  for (const path of Object.keys(repo).sort()) {
    const entries = repo[path]!;
    const hash = sha256(canonicalJson(entries));
    const known = state?.files[path];
    if (incremental && known?.hash === hash) {
      files.push({ path, hash, guids: [...known.guids], skipped: true });
      continue;
    }
    entries.forEach(([n, fields], i) => images.push({ guid: G(n), fields, file: path, line: 2 + i * 3 }));
    files.push({ path, hash, guids: entries.map(([n]) => G(n)), skipped: false });
  }
  images.sort((a, b) => (a.guid < b.guid ? -1 : 1));
  return { images, files };
}

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

/**
 * The plan `fwsync plan` makes: `state` written by the real store, then read back with only the
 * image shards the skipped files do not account for. Also says how many images it read.
 */
async function planFromPartialState(
  state: State,
  desired: DesiredSet,
): Promise<{ plan: Plan; read: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-partial-'));
  temps.push(dir);
  const file = path.join(dir, 'state.json');
  await writeState(file, state, { expected: null });
  const staged = (await readStateStaged(file))!;
  const partial = await staged.images(desired.files.filter((x) => x.skipped));
  const plan = planChanges({
    desired,
    state: partial.state,
    tracked: partial.tracked,
    maxChangePercent: 100,
  });
  return { plan, read: Object.keys(partial.state.images).length };
}

/** Apply every change (or only `only`), as the apply use case would after confirmed batches. */
function apply(state: State | null, plan: Plan, desired: DesiredSet, only?: Set<string>): State {
  const confirmed: ConfirmedImage[] = plan.changes
    .filter((c) => c.kind !== 'forget' && (!only || only.has(c.guid)))
    .map((c) => ({
      guid: c.guid,
      applied: c.desired!,
      applied_at: '2026-05-01T00:00:00.000Z',
      source: c.file,
      commit: null,
    }));
  const forgotten = plan.changes
    .filter((c) => c.kind === 'forget' && (!only || only.has(c.guid)))
    .map((c) => c.guid);
  return nextState(state, { lineage: '11111111-2222-4333-8444-555555555555', confirmed, forgotten, desired });
}

interface Step {
  name: string;
  edit: (repo: Repo) => Repo;
  /** How many files the incremental reader must skip: proves the shortcut is exercised. */
  skipped: number;
  kinds: string[];
}

const steps: Step[] = [
  {
    name: 'edit a title',
    edit: (r) => ({ ...r, 'images/b.yaml': [[3, f('three v2')]] }),
    skipped: 2,
    kinds: ['update'],
  },
  {
    name: 'rename a file (same bytes)',
    edit: ({ 'images/c.yaml': c, ...rest }) => ({ ...rest, 'images/d.yaml': c! }),
    skipped: 2,
    kinds: [],
  },
  {
    name: 'move an image between files',
    edit: (r) => ({
      ...r,
      'images/a.yaml': [[1, f('one')]],
      'images/b.yaml': [
        [3, f('three v2')],
        [2, f('two')],
      ],
    }),
    skipped: 1,
    kinds: [],
  },
  {
    name: 'edit the moved image',
    edit: (r) => ({
      ...r,
      'images/b.yaml': [
        [3, f('three v2')],
        [2, f('two', 'now described')],
      ],
    }),
    skipped: 2,
    kinds: ['update'],
  },
  {
    name: 'delete an entry and a whole file',
    edit: ({ 'images/a.yaml': _a, ...rest }) => ({ ...rest, 'images/d.yaml': [[4, f('four')]] }),
    skipped: 1,
    kinds: ['forget', 'forget'],
  },
  {
    name: 'add a file',
    edit: (r) => ({ ...r, 'images/e.yaml': [[6, f('six')]] }),
    skipped: 2,
    kinds: ['adopt'],
  },
  { name: 'nothing changed', edit: (r) => r, skipped: 3, kinds: [] },
  {
    name: 'an image moves back into a skipped file’s neighbour and another file is deleted',
    edit: ({ 'images/e.yaml': _e, ...rest }) => ({
      ...rest,
      'images/d.yaml': [
        [4, f('four')],
        [6, f('six')],
      ],
    }),
    skipped: 1,
    kinds: [],
  },
];

describe('incremental plan equals the full plan', () => {
  it('over a sequence of edits, renames, moves and deletions', async () => {
    let repo: Repo = {
      'images/a.yaml': [
        [1, f('one')],
        [2, f('two')],
      ],
      'images/b.yaml': [[3, f('three')]],
      'images/c.yaml': [
        [4, f('four')],
        [5, f('five')],
      ],
    };
    const initial = planChanges({ desired: read(repo, null, false), state: null, maxChangePercent: 30 });
    expect(initial.summary.adopt).toBe(5);
    let state = apply(null, initial, read(repo, null, false));
    expect(Object.keys(state.files)).toHaveLength(3);

    let partialReads = 0;
    for (const step of steps) {
      repo = step.edit(repo);
      const full = read(repo, state, false);
      const incremental = read(repo, state, true);
      expect(
        incremental.files.filter((x) => x.skipped),
        step.name,
      ).toHaveLength(step.skipped);

      const fullPlan = planChanges({ desired: full, state, maxChangePercent: 100 });
      const incPlan = planChanges({ desired: incremental, state, maxChangePercent: 100 });
      expect(renderPlanJson(incPlan), step.name).toBe(renderPlanJson(fullPlan));
      expect(
        incPlan.changes.map((c) => c.kind),
        step.name,
      ).toEqual(step.kinds);
      // And from the state as a plan reads it: only the shards the skipped files leave open.
      const fromPartial = await planFromPartialState(state, incremental);
      expect(renderPlanJson(fromPartial.plan), step.name).toBe(renderPlanJson(fullPlan));
      if (fromPartial.read < Object.keys(state.images).length) partialReads += 1;

      // The state written from either reading is the same, so the next step starts equal too.
      const fromFull = apply(state, fullPlan, full);
      const fromIncremental = apply(state, incPlan, incremental);
      expect(canonicalJson(fromIncremental), step.name).toBe(canonicalJson(fromFull));
      state = fromIncremental;

      // After applying, a fresh plan is empty.
      const after = planChanges({ desired: read(repo, state, true), state, maxChangePercent: 100 });
      expect(after.changes, step.name).toEqual([]);
    }
    // The partial reads above did leave shards unread: the comparison was not of whole states.
    expect(partialReads).toBeGreaterThan(0);
  });

  it('after a partial apply, the file with the failed image is parsed again and its change is planned again', async () => {
    const repo: Repo = {
      'images/a.yaml': [
        [1, f('one')],
        [2, f('two')],
      ],
      'images/b.yaml': [[3, f('three')]],
    };
    const plan0 = planChanges({ desired: read(repo, null, false), state: null, maxChangePercent: 30 });
    // Image 2 failed: a.yaml gets no files entry, b.yaml does.
    const state = apply(null, plan0, read(repo, null, false), new Set([G(1), G(3)]));
    expect(Object.keys(state.files)).toEqual(['images/b.yaml']);

    const incremental = read(repo, state, true);
    expect(incremental.files.map((x) => x.skipped)).toEqual([false, true]);
    const incPlan = planChanges({ desired: incremental, state, maxChangePercent: 100 });
    const fullPlan = planChanges({ desired: read(repo, state, false), state, maxChangePercent: 100 });
    expect(renderPlanJson(incPlan)).toBe(renderPlanJson(fullPlan));
    expect(renderPlanJson((await planFromPartialState(state, incremental)).plan)).toBe(
      renderPlanJson(fullPlan),
    );
    expect(incPlan.changes.map((c) => [c.guid, c.kind])).toEqual([[G(2), 'adopt']]);
  });
});
