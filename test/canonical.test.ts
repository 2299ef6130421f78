// sortKeys (src/core/canonical.ts) returns a value whose keys are already in order as it is,
// instead of copying it. Plan checksums, state files and JSON output depend on the bytes it
// leads to, so it is held to the plain sorted copy it replaced, and the planner and the state
// are checked to build their objects in that order (or the shortcut would never be taken).
import { describe, expect, it } from 'vitest';
import { seededRandom } from './support/random.js';
import { canonicalFields, sortKeys } from '../src/core/canonical.js';
import { nextState } from '../src/core/next-state.js';
import { planChanges } from '../src/core/plan.js';
import type { DesiredImage } from '../src/core/types.js';

/** The sorted copy, as sortKeys was before the shortcut. */
function copySorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copySorted);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = copySorted(v);
    }
    return out;
  }
  return value;
}

const same = (value: unknown) => {
  expect(JSON.stringify(sortKeys(value))).toBe(JSON.stringify(copySorted(value)));
  expect(JSON.stringify(sortKeys(value), null, 2)).toBe(JSON.stringify(copySorted(value), null, 2));
};

describe('sortKeys', () => {
  it.each<[string, unknown]>([
    ['sorted, returned as it is', { a: 1, b: [{ c: 2, d: null }], e: 'x' }],
    ['unsorted', { b: 1, a: { d: 1, c: 2 } }],
    ['undefined members and elements', { a: undefined, b: [undefined, 1], c: () => 1 }],
    ['array indices as keys', { '10': 1, '9': 2, a: 3, '01': 4 }],
    ['a __proto__ key, as JSON.parse makes it', JSON.parse('{"a":1,"__proto__":{"x":1},"b":2}') as unknown],
    [
      'toJSON on an object and on an array',
      { a: { toJSON: () => 'x' }, b: Object.assign([1], { toJSON: () => 'y' }) },
    ],
    [
      'a toJSON that reads its object (the copy has no undefined member)',
      {
        a: undefined,
        toJSON(this: object) {
          return Object.keys(this);
        },
      },
    ],
    [
      'an array whose own iterator yields nothing (JSON.stringify reads by index)',
      Object.assign([{ b: 1, a: 2 }], { [Symbol.iterator]: function* () {} }),
    ],
    ['a Date and a typed array', { a: new Date(0), b: new Uint8Array([1]) }],
    ['a null prototype', Object.assign(Object.create(null) as object, { a: 1, b: 2 })],
    ['sparse array', [1, , 3]], // eslint-disable-line no-sparse-arrays -- a hole is the point
    ['scalars', 'text'],
  ])('%s: the same JSON as the sorted copy', (_name, value) => same(value));

  it('returns an object already in order as it is, and copies one that is not', () => {
    const sorted = { a: [{ b: 1 }], c: { d: 'x' } };
    expect(sortKeys(sorted)).toBe(sorted);
    const unsorted = { c: 1, a: 2 };
    expect(sortKeys(unsorted)).not.toBe(unsorted);
    expect(Object.keys(sortKeys(unsorted) as object)).toEqual(['a', 'c']);
  });

  it('agrees with the sorted copy on 20,000 generated values', () => {
    const next = seededRandom(5);
    const keys = ['a', 'b', 'c', 'Z', '1', '10', '9', '01', 'é', '', 'toJSON', '__proto__', 'guid'];
    const scalars: unknown[] = [null, true, 0, -1.5, 'x', undefined, Number.NaN];
    const gen = (depth: number): unknown => {
      const r = next();
      if (depth > 3 || r < 0.35) return scalars[Math.floor(next() * scalars.length)];
      if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => gen(depth + 1));
      const out: Record<string, unknown> = {};
      // Often in order (the shortcut), sometimes not.
      const picked = Array.from(
        { length: Math.floor(next() * 5) },
        () => keys[Math.floor(next() * keys.length)]!,
      );
      if (next() < 0.6) picked.sort();
      for (const key of picked) {
        const value = key === 'toJSON' ? () => ({ z: 1, a: 2 }) : gen(depth + 1);
        // defineProperty, so that `__proto__` becomes a key as it does in JSON.parse.
        Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
      }
      return out;
    };
    let kept = 0;
    for (let k = 0; k < 20_000; k++) {
      const value = gen(0);
      if (typeof value === 'object' && value !== null && sortKeys(value) === value) kept++;
      same(value);
    }
    // Both paths are well represented.
    expect(kept).toBeGreaterThan(2000);
    expect(kept).toBeLessThan(18_000);
  });
});

describe('objects built in key order', () => {
  const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const image = (n: number, title: string): DesiredImage => ({
    guid: guid(n),
    file: 'images/a.yaml',
    line: n,
    fields: { title, description: `d${n}`, visible: true, rank: n, assigned_personal_gallery_ids: [n] },
  });

  it('plan changes of every kind (without --refresh), canonical fields and state entries', () => {
    const first = nextState(null, {
      lineage: 'l',
      confirmed: [1, 2, 3].map((n) => ({
        guid: guid(n),
        applied: image(n, `t${n}`).fields,
        applied_at: '2026-12-01T00:00:00.000Z',
        source: 'images/a.yaml',
        commit: null,
      })),
      forgotten: [],
      desired: { images: [], files: [] },
      products: new Map([[guid(1), { labels: ['b', 'a'], seen_at: '2026-12-01T00:00:00.000Z' }]]),
    });
    for (const entry of Object.values(first.images)) expect(sortKeys(entry)).toBe(entry);
    const fields = canonicalFields(image(1, 't').fields);
    expect(sortKeys(fields)).toBe(fields);

    // 1 unchanged, 2 updated, 3 forgotten, 4 adopted.
    const plan = planChanges({
      desired: { images: [image(1, 't1'), image(2, 'new'), image(4, 't4')], files: [] },
      state: first,
      maxChangePercent: 100,
    });
    expect(plan.changes.map((c) => c.kind)).toEqual(['update', 'forget', 'adopt']);
    for (const change of plan.changes) expect(sortKeys(change)).toBe(change);
  });
});
