import { describe, expect, it } from 'vitest';
import { canonicalJson, fieldsEqual, hashFields, sha256 } from '../src/core/canonical.js';
import { INVENTORY_WARNING, planChanges } from '../src/core/plan.js';
import type { DesiredImage, DesiredSet, ImageFields, SourceFile, State } from '../src/core/types.js';

const G = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function img(n: number, fields: ImageFields, file = 'images/a.yaml', line = n * 3): DesiredImage {
  return { guid: G(n), fields, file, line };
}

function desiredSet(images: DesiredImage[], skipped: SourceFile[] = []): DesiredSet {
  const byFile = new Map<string, string[]>();
  for (const i of images) byFile.set(i.file, [...(byFile.get(i.file) ?? []), i.guid]);
  const files: SourceFile[] = [...byFile].map(([path, guids]) => ({
    path,
    hash: sha256(path),
    guids,
    skipped: false,
  }));
  return { images, files: [...files, ...skipped].sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

function stateOf(entries: Array<[number, ImageFields, string?]>, serial = 3): State {
  const images: State['images'] = {};
  for (const [n, applied, source] of entries) {
    images[G(n)] = {
      applied,
      hash: hashFields(applied),
      applied_at: '2026-01-01T00:00:00.000Z',
      source: source ?? 'images/a.yaml',
      commit: null,
    };
  }
  return { version: 1, lineage: '3f0d7a9e-0000-4000-8000-000000000000', serial, images, files: {} };
}

const f = (title: string, description = 'd', extra: Partial<ImageFields> = {}): ImageFields => ({
  title,
  description,
  ...extra,
});

describe('canonical', () => {
  it('sorts keys recursively, keeps array order and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: undefined, b: null } })).toBe(
      '{"a":{"b":null,"d":[3,1]},"b":1}',
    );
  });

  it('treats an absent field as different from a present one, and ignores key order', () => {
    expect(fieldsEqual(f('x'), f('x', 'd', { visible: false }))).toBe(false);
    expect(fieldsEqual({ description: 'd', title: 'x', rank: undefined }, f('x'))).toBe(true);
    expect(hashFields({ description: 'd', title: 'x' })).toBe(hashFields(f('x')));
    expect(hashFields(f('x'))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('planChanges: kinds', () => {
  const state = stateOf([
    [1, f('same')],
    [2, f('old title', 'old', { rank: 4 })],
    [3, f('gone')],
  ]);
  const plan = planChanges({
    desired: desiredSet([
      img(1, f('same')),
      img(2, f('new title', 'old')),
      img(4, f('brand new', '', { visible: true }), 'images/b.yaml', 7),
    ]),
    state,
    maxChangePercent: 30,
  });

  it('classifies update, adopt, forget and unchanged, sorted by guid', () => {
    expect(plan.changes.map((c) => [c.guid, c.kind])).toEqual([
      [G(2), 'update'],
      [G(3), 'forget'],
      [G(4), 'adopt'],
    ]);
    expect(plan.summary).toEqual({ update: 1, adopt: 1, forget: 1, record: 0, unchanged: 1, drifted: 0 });
    expect(plan.state).toEqual({ exists: true, lineage: state.lineage, serial: 3 });
    expect(plan.refreshed).toBe(false);
  });

  it('diffs fields before → after; a removed field has no after and is left out of the payload', () => {
    const update = plan.changes[0]!;
    expect(update.fields).toEqual([
      { field: 'title', before: 'old title', after: 'new title' },
      { field: 'rank', before: 4 },
    ]);
    expect(update.desired).toEqual({ title: 'new title', description: 'old' });
    expect(update).toMatchObject({ file: 'images/a.yaml', line: 6 });
  });

  it('an adopt shows after only; a forget points at the state source, with no line and no payload', () => {
    const [, forget, adopt] = plan.changes;
    expect(adopt!.fields).toEqual([
      { field: 'title', after: 'brand new' },
      { field: 'description', after: '' },
      { field: 'visible', after: true },
    ]);
    expect(adopt).toMatchObject({
      file: 'images/b.yaml',
      line: 7,
      desired: { title: 'brand new', description: '', visible: true },
    });
    expect(forget).toMatchObject({
      file: 'images/a.yaml',
      line: null,
      fields: [
        { field: 'title', before: 'gone' },
        { field: 'description', before: 'd' },
      ],
    });
    expect(forget!.desired).toBeUndefined();
  });

  it('notes the inventory warning and the unknown live values of adopts', () => {
    expect(plan.notes[0]).toBe(
      `${INVENTORY_WARNING} "fwsync plan --refresh" lists the products each image it sends has now.`,
    );
    expect(plan.notes[1]).toMatch(
      /live values on FinerWorks are unknown.*fwsync plan --refresh.*fwsync import/,
    );
    expect(plan.notes).toHaveLength(2);
  });

  it('a comment or key-order change (same fields) plans nothing and sends nothing', () => {
    const same = planChanges({
      desired: desiredSet([img(1, { description: 'd', title: 'same' })]),
      state: stateOf([[1, f('same')]]),
      maxChangePercent: 30,
    });
    expect(same.changes).toEqual([]);
    expect(same.notes).toEqual([]);
    expect(same.summary.unchanged).toBe(1);
  });

  it('without a state, everything is adopted and the plan says nothing was applied yet', () => {
    const fresh = planChanges({ desired: desiredSet([img(1, f('a'))]), state: null, maxChangePercent: 30 });
    expect(fresh.state).toEqual({ exists: false, lineage: null, serial: 0 });
    expect(fresh.changes.map((c) => c.kind)).toEqual(['adopt']);
    expect(fresh.notes[0]).toMatch(/nothing has been applied/);
  });

  it('names the virtual inventory products when known, only on changes that send', () => {
    const withProducts = planChanges({
      desired: desiredSet([img(2, f('new title', 'old'))]),
      state,
      maxChangePercent: 100,
      products: new Map([
        [G(2), ['Poster 12x18', 'Canvas 8x10']],
        [G(3), ['Never sent']],
      ]),
    });
    const update = withProducts.changes.find((c) => c.kind === 'update')!;
    expect(update.products).toEqual(['Canvas 8x10', 'Poster 12x18']);
    expect(withProducts.changes.find((c) => c.kind === 'forget')!.products).toBeUndefined();
    expect(withProducts.notes[0]).toContain(`${G(2)} (Canvas 8x10, Poster 12x18)`);
  });
});

describe('planChanges: skipped files', () => {
  it('images of a skipped file are unchanged and never forgotten', () => {
    const state = stateOf([
      [1, f('a'), 'images/a.yaml'],
      [2, f('b'), 'images/skip.yaml'],
      [3, f('c'), 'images/skip.yaml'],
    ]);
    const skipped: SourceFile = {
      path: 'images/skip.yaml',
      hash: sha256('x'),
      guids: [G(2), G(3)],
      skipped: true,
    };
    const plan = planChanges({
      desired: desiredSet([img(1, f('a'))], [skipped]),
      state,
      maxChangePercent: 30,
    });
    expect(plan.changes).toEqual([]);
    expect(plan.summary.unchanged).toBe(3);
  });
});

describe('planChanges: --refresh', () => {
  const state = stateOf([
    [1, f('one')],
    [2, f('two')],
    [3, f('three')],
  ]);
  const desired = desiredSet([
    img(1, f('one')),
    img(2, f('two v2')),
    img(3, f('three v2')),
    img(4, f('four')),
    img(5, f('five')),
  ]);
  const live = new Map<string, ImageFields>([
    [G(1), f('one, edited on the website')],
    [G(2), f('two')],
    [G(3), f('three v2')],
    [G(4), { description: 'd', title: 'four' }],
    [G(5), f('five (live)')],
  ]);
  const plan = planChanges({ desired, state, maxChangePercent: 100, live });

  it('an unchanged image that drifted becomes an update from live → desired', () => {
    const c = plan.changes.find((x) => x.guid === G(1))!;
    expect(c).toMatchObject({ kind: 'update', drifted: true, live: f('one, edited on the website') });
    expect(c.fields).toEqual([{ field: 'title', before: 'one, edited on the website', after: 'one' }]);
  });

  it('a drifted image whose live value already equals the YAML is only recorded', () => {
    expect(plan.changes.find((x) => x.guid === G(3))).toMatchObject({
      kind: 'record',
      drifted: true,
      fields: [],
    });
  });

  it('an adopt whose live value equals the YAML is recorded; otherwise it shows live → desired', () => {
    expect(plan.changes.find((x) => x.guid === G(4))).toMatchObject({
      kind: 'record',
      fields: [],
      desired: f('four'),
    });
    expect(plan.changes.find((x) => x.guid === G(4))!.drifted).toBeUndefined();
    expect(plan.changes.find((x) => x.guid === G(5))).toMatchObject({
      kind: 'adopt',
      fields: [{ field: 'title', before: 'five (live)', after: 'five' }],
    });
  });

  it('an ordinary update is not drifted', () => {
    const c = plan.changes.find((x) => x.guid === G(2))!;
    expect(c.kind).toBe('update');
    expect(c.drifted).toBeUndefined();
  });

  it('counts drift and does not claim live values are unknown', () => {
    expect(plan.summary).toEqual({ update: 2, adopt: 1, forget: 0, record: 2, unchanged: 0, drifted: 2 });
    expect(plan.refreshed).toBe(true);
    expect(plan.notes.join('\n')).not.toMatch(/unknown/);
    expect(plan.notes.join('\n')).toMatch(/2 images changed on FinerWorks outside fwsync/);
  });

  it('a field the state never recorded is not drift: recorded when the account holds it, sent when not', () => {
    // The state of an import that wrote only title and description; the YAML then set visible.
    const old = stateOf([
      [1, f('one')],
      [2, f('two')],
    ]);
    const yaml = desiredSet([
      img(1, f('one', 'd', { visible: true })),
      img(2, f('two', 'd', { visible: true })),
    ]);
    const account = new Map<string, ImageFields>([
      [G(1), f('one', 'd', { visible: true })],
      [G(2), f('two', 'd', { visible: false })],
    ]);
    const p = planChanges({ desired: yaml, state: old, maxChangePercent: 100, live: account });
    expect(p.changes.map((c) => [c.guid, c.kind, c.drifted ?? false])).toEqual([
      [G(1), 'record', false],
      [G(2), 'update', false],
    ]);
    expect(p.summary.drifted).toBe(0);
  });

  it('checks drift on images of skipped files too', () => {
    const skippedState = stateOf([[1, f('one'), 'images/s.yaml']]);
    const skipped: SourceFile = { path: 'images/s.yaml', hash: sha256('s'), guids: [G(1)], skipped: true };
    const p = planChanges({
      desired: { images: [], files: [skipped] },
      state: skippedState,
      maxChangePercent: 100,
      live: new Map([[G(1), f('changed')]]),
    });
    expect(p.changes).toEqual([
      expect.objectContaining({
        kind: 'update',
        drifted: true,
        file: 'images/s.yaml',
        line: null,
        desired: f('one'),
      }),
    ]);
  });
});

describe('planChanges: determinism and checksum', () => {
  const images = Array.from({ length: 30 }, (_, i) => img(i + 1, f(`t${i}`), `images/${i % 4}.yaml`));
  const state = stateOf(
    Array.from(
      { length: 25 },
      (_, i) => [i + 3, f(i % 3 === 0 ? `t${i + 2}` : 'old')] as [number, ImageFields],
    ),
  );

  it('gives a deep-equal plan whatever the input order', () => {
    const a = planChanges({ desired: desiredSet(images), state, maxChangePercent: 100 });
    const shuffled = desiredSet([...images].reverse());
    shuffled.files.reverse();
    const reorderedState: State = {
      ...state,
      images: Object.fromEntries(Object.entries(state.images).reverse()),
    };
    const b = planChanges({ desired: shuffled, state: reorderedState, maxChangePercent: 100 });
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(JSON.stringify(b.changes)).toBe(JSON.stringify(a.changes));
  });

  it('the checksum covers the changes, the serial and the lineage, not where images sit in the YAML', () => {
    const base = planChanges({ desired: desiredSet(images), state, maxChangePercent: 100 });
    const nextSerial = planChanges({
      desired: desiredSet(images),
      state: { ...state, serial: 4 },
      maxChangePercent: 100,
    });
    const otherLineage = planChanges({
      desired: desiredSet(images),
      state: { ...state, lineage: 'x' },
      maxChangePercent: 100,
    });
    const edited = planChanges({
      desired: desiredSet([...images.slice(1), img(1, f('edited'))]),
      state,
      maxChangePercent: 100,
    });
    const checksums = new Set([base, nextSerial, otherLineage, edited].map((p) => p.checksum));
    expect(checksums.size).toBe(4);
    expect(base.checksum).toBe(
      sha256(
        canonicalJson({
          lineage: state.lineage,
          serial: 3,
          changes: base.changes.map(({ file: _f, line: _l, ...c }) => c),
        }),
      ),
    );
    // The same changes from other files and lines: the same checksum.
    const moved = planChanges({
      desired: {
        ...desiredSet(images),
        images: desiredSet(images).images.map((i) => ({ ...i, file: 'images/moved.yaml', line: i.line + 7 })),
      },
      state,
      maxChangePercent: 100,
    });
    expect(moved.changes.map((c) => c.file)).not.toEqual(base.changes.map((c) => c.file));
    expect(moved.checksum).toBe(base.checksum);
  });
});

describe('planChanges: safety', () => {
  const tracked = (n: number): State =>
    stateOf(Array.from({ length: n }, (_, i) => [i + 1, f('old')] as [number, ImageFields]));
  const updating = (count: number, total: number, adopts = 0): DesiredImage[] => [
    ...Array.from({ length: total }, (_, i) => img(i + 1, f(i < count ? 'new' : 'old'))),
    ...Array.from({ length: adopts }, (_, i) => img(1000 + i, f('adopted'))),
  ];

  it.each([
    [40, 12, true],
    [40, 13, false],
    [10, 3, true],
    [10, 4, false],
    [9, 9, true],
  ])('%i tracked, %i updates at 30%% → safe %s', (total, count, safe) => {
    const plan = planChanges({
      desired: desiredSet(updating(count, total)),
      state: tracked(total),
      maxChangePercent: 30,
    });
    expect(plan.summary.update).toBe(count);
    expect(plan.safety).toMatchObject({
      safe,
      updates: count,
      tracked: total,
      max_change_percent: 30,
      min_tracked: 10,
    });
    if (!safe) expect(plan.safety.message).toMatch(/more than safety\.max_change_percent \(30%\).*--force/);
  });

  it('does not count adopts', () => {
    const plan = planChanges({
      desired: desiredSet(updating(12, 40, 500)),
      state: tracked(40),
      maxChangePercent: 30,
    });
    expect(plan.summary.adopt).toBe(500);
    expect(plan.safety.safe).toBe(true);
  });

  it('counts drift-driven updates', () => {
    const live = new Map(
      Array.from({ length: 13 }, (_, i) => [G(i + 1), f('edited outside')] as [string, ImageFields]),
    );
    const plan = planChanges({
      desired: desiredSet(updating(0, 40)),
      state: tracked(40),
      maxChangePercent: 30,
      live,
    });
    expect(plan.summary.update).toBe(13);
    expect(plan.safety.safe).toBe(false);
  });
});
