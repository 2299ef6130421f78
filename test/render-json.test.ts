import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { planChanges } from '../src/core/plan.js';
import type { ApplyResult, DesiredImage, ImageFields, State } from '../src/core/types.js';
import {
  planJsonChunks,
  renderApplyResultJson,
  renderPlanJson,
  stableJson,
  stableJsonChunks,
} from '../src/render/json.js';
import { desiredImage, G, stateOf } from './support/plan-fixtures.js';

const schema = (name: string): object =>
  JSON.parse(readFileSync(new URL(`../schemas/${name}`, import.meta.url), 'utf8')) as object;

const ajv = new Ajv2020({ strict: true, allErrors: true });
const validatePlan = ajv.compile(schema('plan.schema.json'));
const validateResult = ajv.compile(schema('apply-result.schema.json'));

const state = (entries: Array<[number, ImageFields]>): State =>
  stateOf(entries, { source: 'images/a.yaml', lineage: '3f0d7a9e-0000-4000-8000-000000000000', serial: 4 });
const img = (n: number, fields: ImageFields): DesiredImage => desiredImage(n, fields, 'images/a.yaml', n);

// Every kind, drift, a removed field, arrays, products: the widest plan the planner makes.
const plan = planChanges({
  desired: {
    images: [
      img(1, { title: 'one', description: 'd', assigned_personal_gallery_ids: [3, 1] }),
      img(2, { title: 'two', description: 'd' }),
      img(4, { title: 'four', description: '' }),
      img(5, { title: 'five', description: '', visible: false }),
    ],
    files: [],
  },
  state: state([
    [1, { title: 'one', description: 'd', rank: 2 }],
    [2, { title: 'two', description: 'd' }],
    [3, { title: 'three', description: 'd' }],
  ]),
  maxChangePercent: 30,
  live: new Map<string, ImageFields>([
    [G(1), { title: 'one', description: 'd', rank: 2 }],
    [G(2), { title: 'two (web)', description: 'd' }],
    [G(4), { title: 'four', description: '' }],
    [G(5), { title: 'five', description: '', visible: true }],
  ]),
  products: new Map([[G(2), ['Canvas 8x10']]]),
});

describe('renderPlanJson', () => {
  const json = renderPlanJson(plan);

  it('covers every kind (sanity check of the fixture)', () => {
    expect(plan.changes.map((c) => c.kind).sort()).toEqual(['adopt', 'forget', 'record', 'update', 'update']);
  });

  it('is valid against schemas/plan.schema.json', () => {
    const ok = validatePlan(JSON.parse(json));
    expect(validatePlan.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has sorted keys, 2-space indent and a trailing newline', () => {
    expect(json.startsWith('{\n  "changes": [\n    {\n      "desired": {')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
    const keys = Object.keys(JSON.parse(json) as object);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toEqual([
      'changes',
      'checksum',
      'fwsync_version',
      'notes',
      'refreshed',
      'safety',
      'state',
      'summary',
      'version',
    ]);
  });

  it('gives the same bytes for a plan built with other key orders', () => {
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const reordered = reverseKeys(plan) as typeof plan;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(plan));
    expect(renderPlanJson(reordered)).toBe(json);
  });

  it('the schema rejects what a plan cannot contain', () => {
    const parsed = JSON.parse(json) as { changes: Array<Record<string, unknown>> } & Record<string, unknown>;
    expect(validatePlan({ ...parsed, extra: 1 })).toBe(false);
    expect(validatePlan({ ...parsed, checksum: 'md5:x' })).toBe(false);
    expect(validatePlan({ ...parsed, changes: [{ ...parsed.changes[0], kind: 'delete' }] })).toBe(false);
    expect(validatePlan({ ...parsed, changes: [{ ...parsed.changes[0], line: 0 }] })).toBe(false);
    const { summary: _summary, ...withoutSummary } = parsed;
    expect(validatePlan(withoutSummary)).toBe(false);
  });

  it('an empty plan without a state is valid too', () => {
    const empty = planChanges({ desired: { images: [], files: [] }, state: null, maxChangePercent: 30 });
    expect(validatePlan(JSON.parse(renderPlanJson(empty)))).toBe(true);
  });
});

describe('renderApplyResultJson', () => {
  const result: ApplyResult = {
    version: 1,
    plan_checksum: plan.checksum,
    complete: false,
    interrupted: true,
    summary: { applied: 1, recorded: 1, forgotten: 1, failed: 1, not_attempted: 1, refused: 0 },
    requests: 3,
    images: [
      { guid: G(1), kind: 'update', outcome: 'applied' },
      { guid: G(2), kind: 'update', outcome: 'failed', message: 'Image not found' },
      { guid: G(3), kind: 'forget', outcome: 'forgotten' },
      { guid: G(4), kind: 'record', outcome: 'recorded' },
      { guid: G(5), kind: 'adopt', outcome: 'not_attempted', message: 'interrupted' },
    ],
    state: { lineage: '3f0d7a9e-0000-4000-8000-000000000000', serial: 5 },
  };

  it('is valid against schemas/apply-result.schema.json, with or without a state', () => {
    expect(validateResult(JSON.parse(renderApplyResultJson(result)))).toBe(true);
    expect(validateResult.errors ?? []).toEqual([]);
    expect(validateResult(JSON.parse(renderApplyResultJson({ ...result, state: null })))).toBe(true);
    expect(validateResult({ ...result, summary: { ...result.summary, skipped: 0 } })).toBe(false);
  });

  it('is stable JSON', () => {
    const out = renderApplyResultJson(result);
    expect(out).toBe(renderApplyResultJson(JSON.parse(out) as ApplyResult));
    expect(out.startsWith('{\n  "complete": false,\n  "images": [\n    {\n      "guid"')).toBe(true);
    expect(out.endsWith('}\n')).toBe(true);
  });
});

describe('stableJsonChunks: the plan as it is written, a change at a time', () => {
  it('gives stableJson’s bytes, in pieces that each end a line', () => {
    const values: unknown[] = [
      { ...plan, fwsync_version: '1.2.3' },
      { changes: [], notes: [] },
      { a: [1, undefined, 'x\ny', { z: 1, a: [{}, []] }], b: undefined, c: null, d: {} },
      {},
      [1, 2],
      'text',
      { only: [{ nested: { deep: [1, { k: 'v' }] } }] },
    ];
    for (const value of values) {
      const pieces = [...stableJsonChunks(value)];
      expect(pieces.join('')).toBe(stableJson(value));
      for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
    }
  });

  it('the plan written in pieces is the sorted, indented JSON of the whole, one piece per change', () => {
    const pieces = [...planJsonChunks(plan, '9.9.9')];
    expect(pieces.join('')).toBe(stableJson({ ...plan, fwsync_version: '9.9.9' }));
    expect(renderPlanJson(plan, '9.9.9')).toBe(pieces.join(''));
    expect(pieces.length).toBeGreaterThan(plan.changes.length);
  });
});
