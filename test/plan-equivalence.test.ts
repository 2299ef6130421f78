// The planner was reworked for speed (each guid visited once, only the changes sorted,
// field comparison without copies). This holds it to the straightforward version it replaced
// — one sorted pass over every guid — on thousands of generated inputs: the plans must render
// to the same bytes. The reference below is that earlier implementation, kept verbatim in
// spirit and deliberately simple.

import equal from 'fast-deep-equal';
import { describe, expect, it } from 'vitest';
import { canonicalFields, canonicalJson, fieldsEqual, hashFields, sha256 } from '../src/core/canonical.js';
import { diffFields, planChanges, safetyVerdict, sends, type PlanInput } from '../src/core/plan.js';
import {
  FIELD_NAMES,
  type Change,
  type DesiredImage,
  type Guid,
  type ImageFields,
  type Plan,
  type SourceFile,
  type State,
} from '../src/core/types.js';
import { renderPlanJson } from '../src/render/json.js';

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const refEqual = (a: ImageFields, b: ImageFields): boolean => equal(canonicalFields(a), canonicalFields(b));
/** Drifted: a field the state recorded has another live value (one it never recorded is not compared). */
const refOutside = (live: ImageFields, applied: ImageFields): boolean =>
  FIELD_NAMES.some((f) => applied[f] !== undefined && !equal(live[f], applied[f]));

/** The planner before the rework, minus the notes (compared separately through the real ones). */
function referenceChanges(input: PlanInput): { changes: Change[]; unchanged: number; tracked: number } {
  const { state, live = null, products = null } = input;
  const applied = state?.images ?? {};
  const changes: Change[] = [];
  let unchanged = 0;
  const send = (
    guid: Guid,
    kind: 'update' | 'adopt',
    file: string,
    line: number | null,
    before: ImageFields | undefined,
    desired: ImageFields,
    drifted: boolean,
    liveFields: ImageFields | undefined,
  ): Change => {
    const change: Change = { guid, kind, file, line, fields: diffFields(before, desired), desired };
    if (drifted) change.drifted = true;
    if (liveFields !== undefined) change.live = canonicalFields(liveFields);
    return change;
  };
  const record = (
    guid: Guid,
    file: string,
    line: number,
    desired: ImageFields,
    drifted: boolean,
    liveFields: ImageFields,
  ): Change => {
    const change: Change = { guid, kind: 'record', file, line, fields: [], desired };
    if (drifted) change.drifted = true;
    change.live = canonicalFields(liveFields);
    return change;
  };

  const desiredByGuid = new Map(input.desired.images.map((image) => [image.guid, image]));
  const skipped = new Map<Guid, string>();
  for (const file of [...input.desired.files].sort((a, b) => compare(a.path, b.path))) {
    if (!file.skipped) continue;
    for (const guid of file.guids) if (!desiredByGuid.has(guid)) skipped.set(guid, file.path);
  }
  const guids = new Set<Guid>([...desiredByGuid.keys(), ...skipped.keys(), ...Object.keys(applied)]);
  for (const guid of [...guids].sort(compare)) {
    const image = desiredByGuid.get(guid);
    const previous = applied[guid];
    const liveFields = live?.get(guid);
    if (image === undefined) {
      const skippedFile = skipped.get(guid);
      if (skippedFile !== undefined) {
        if (previous && liveFields && refOutside(liveFields, previous.applied)) {
          changes.push(
            send(
              guid,
              'update',
              skippedFile,
              null,
              liveFields,
              canonicalFields(previous.applied),
              true,
              liveFields,
            ),
          );
        } else unchanged += 1;
        continue;
      }
      if (previous) {
        changes.push({
          guid,
          kind: 'forget',
          file: previous.source,
          line: null,
          fields: diffFields(previous.applied, undefined),
        });
      }
      continue;
    }
    const desired = canonicalFields(image.fields);
    if (previous === undefined) {
      if (liveFields === undefined)
        changes.push(send(guid, 'adopt', image.file, image.line, undefined, desired, false, undefined));
      else if (refEqual(liveFields, desired))
        changes.push(record(guid, image.file, image.line, desired, false, liveFields));
      else changes.push(send(guid, 'adopt', image.file, image.line, liveFields, desired, false, liveFields));
      continue;
    }
    const drifted = liveFields !== undefined && refOutside(liveFields, previous.applied);
    if (drifted) {
      if (refEqual(liveFields, desired))
        changes.push(record(guid, image.file, image.line, desired, true, liveFields));
      else changes.push(send(guid, 'update', image.file, image.line, liveFields, desired, true, liveFields));
    } else if (!refEqual(previous.applied, desired)) {
      // The account already holds what the YAML now wants (a field the state never recorded).
      if (liveFields !== undefined && refEqual(liveFields, desired))
        changes.push(record(guid, image.file, image.line, desired, false, liveFields));
      else
        changes.push(
          send(guid, 'update', image.file, image.line, previous.applied, desired, false, liveFields),
        );
    } else unchanged += 1;
  }
  if (products) {
    for (const change of changes) {
      const list = products.get(change.guid);
      if (sends(change) && list && list.length > 0) change.products = [...list].sort(compare);
    }
  }
  return { changes, unchanged, tracked: Object.keys(applied).length };
}

// A small deterministic generator (mulberry32), so a failure names a reproducible seed.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const G = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function generate(seed: number): PlanInput {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const universe = 1 + Math.floor(r() * 30);
  const fields = (): ImageFields => {
    const out: Record<string, unknown> = { title: pick(['a', 'b', 'c']), description: pick(['', 'x']) };
    if (r() < 0.3) out['visible'] = r() < 0.5;
    if (r() < 0.2) out['rank'] = pick([0, 1, 2]);
    if (r() < 0.2) out['assigned_personal_gallery_ids'] = pick([[], [1], [1, 2], [2, 1]]);
    if (r() < 0.1) out['assigned_gallery_subcategory_ids'] = pick([[3], [3, 4]]);
    // Key order must not matter: sometimes build the same fields in reverse order.
    return (r() < 0.3 ? Object.fromEntries(Object.entries(out).reverse()) : out) as unknown as ImageFields;
  };
  const paths = ['images/a.yaml', 'images/b.yaml', 'images/c.yml', 'images/sub/d.yaml'];

  const state: State | null =
    r() < 0.15
      ? null
      : {
          version: 1,
          lineage: '3f0d7a9e-0000-4000-8000-000000000000',
          serial: Math.floor(r() * 5),
          images: {},
          files: {},
        };
  if (state) {
    for (let n = 0; n < universe; n++) {
      if (r() < 0.6) {
        const applied = fields();
        state.images[G(n)] = {
          applied,
          hash: hashFields(applied),
          applied_at: '2026-01-01T00:00:00.000Z',
          source: pick(paths),
          commit: null,
        };
      }
    }
  }

  const images: DesiredImage[] = [];
  const files: SourceFile[] = paths.map((path) => ({
    path,
    hash: `sha256:${'0'.repeat(64)}`,
    guids: [],
    skipped: r() < 0.4,
  }));
  for (let n = 0; n < universe; n++) {
    if (r() < 0.3) continue;
    const file = pick(files);
    file.guids.push(G(n));
    // Sometimes a guid is listed by a second file too (a duplicate the validator would report).
    if (r() < 0.05) pick(files).guids.push(G(n));
    if (file.skipped) continue;
    const previous = state?.images[G(n)]?.applied;
    const desired = previous && r() < 0.6 ? { ...previous } : fields();
    images.push({ guid: G(n), fields: desired, file: file.path, line: 1 + Math.floor(r() * 100) });
  }
  // The reader sorts; the planner must not depend on it.
  if (r() < 0.5) images.reverse();
  if (r() < 0.5) files.reverse();

  let live: Map<Guid, ImageFields> | null = null;
  if (r() < 0.4) {
    live = new Map();
    for (let n = 0; n < universe; n++) {
      if (r() < 0.7) {
        const known = state?.images[G(n)]?.applied;
        live.set(G(n), known && r() < 0.5 ? { ...known } : fields());
      }
    }
  }
  let products: Map<Guid, string[]> | null = null;
  if (r() < 0.3) {
    products = new Map();
    for (let n = 0; n < universe; n++) if (r() < 0.3) products.set(G(n), r() < 0.5 ? ['p2', 'p1'] : []);
  }
  return { desired: { images, files }, state, maxChangePercent: pick([0, 30, 100]), live, products };
}

describe('planChanges equals the reference planner', () => {
  it('on 3,000 generated inputs (same changes, counts, checksum and bytes)', () => {
    let withChanges = 0;
    let withSkipped = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const input = generate(seed);
      const plan: Plan = planChanges(input);
      const ref = referenceChanges(input);
      expect(canonicalJson(plan.changes), `seed ${seed}`).toBe(canonicalJson(ref.changes));
      // The same members with the same values (the order the planner sets keys in is its own:
      // every rendering sorts them, and the bytes are compared below).
      expect(plan.changes, `seed ${seed}`).toStrictEqual(ref.changes);
      expect(plan.summary.unchanged, `seed ${seed}`).toBe(ref.unchanged);
      const planState = input.state
        ? { lineage: input.state.lineage, serial: input.state.serial }
        : { lineage: null, serial: 0 };
      expect(plan.safety, `seed ${seed}`).toEqual(
        safetyVerdict(plan.summary.update, ref.tracked, input.maxChangePercent),
      );
      // The checksum is over (lineage, serial, changes without file and line): the reference's
      // changes give the same one.
      expect(plan.checksum, `seed ${seed}`).toBe(
        sha256(
          canonicalJson({ ...planState, changes: ref.changes.map(({ file: _f, line: _l, ...c }) => c) }),
        ),
      );
      expect(renderPlanJson(planChanges(input)), `seed ${seed}`).toBe(renderPlanJson(plan));
      // The JSON output is byte for byte what the reference's changes render to.
      expect(renderPlanJson(plan), `seed ${seed}`).toBe(renderPlanJson({ ...plan, changes: ref.changes }));
      if (plan.changes.length > 0) withChanges++;
      if (input.desired.files.some((f) => f.skipped)) withSkipped++;
    }
    // The generator really exercises the interesting cases.
    expect(withChanges).toBeGreaterThan(2000);
    expect(withSkipped).toBeGreaterThan(2000);
  });

  it('fieldsEqual agrees with deep equality of the canonical fields', () => {
    const r = rng(7);
    const values: unknown[] = [undefined, 'a', '', true, false, 0, 1, [], [1], [1, 2], [2, 1]];
    for (let k = 0; k < 5000; k++) {
      const make = (): ImageFields => {
        const out: Record<string, unknown> = {};
        for (const name of FIELD_NAMES) if (r() < 0.6) out[name] = values[Math.floor(r() * values.length)];
        if (r() < 0.1) out['unmanaged'] = 1;
        return out as unknown as ImageFields;
      };
      const a = make();
      const b = r() < 0.3 ? { ...a } : make();
      expect(fieldsEqual(a, b)).toBe(refEqual(a, b));
    }
  });
});
