import { describe, expect, it } from 'vitest';
import { canonicalJson, hashFields, sha256 } from '../src/core/canonical.js';
import { nextState, stateEquals, type ConfirmedImage } from '../src/core/next-state.js';
import type { DesiredImage, DesiredSet, ImageFields, SourceFile, State } from '../src/core/types.js';

const G = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const f = (title: string): ImageFields => ({ title, description: 'd' });
const AT = '2026-02-01T00:00:00.000Z';
const LINEAGE = '11111111-2222-4333-8444-555555555555';

function confirmed(n: number, fields: ImageFields, source = 'images/a.yaml'): ConfirmedImage {
  return { guid: G(n), applied: fields, applied_at: AT, source, commit: 'abc1234' };
}

function desired(
  files: Record<string, Array<[number, ImageFields]>>,
  skipped: SourceFile[] = [],
): DesiredSet {
  const images: DesiredImage[] = [];
  const sources: SourceFile[] = [...skipped];
  for (const [path, entries] of Object.entries(files)) {
    for (const [n, fields] of entries) images.push({ guid: G(n), fields, file: path, line: n });
    sources.push({
      path,
      hash: sha256(canonicalJson(entries)),
      guids: entries.map(([n]) => G(n)),
      skipped: false,
    });
  }
  return { images, files: sources };
}

describe('nextState', () => {
  const want = desired({
    'images/a.yaml': [
      [1, f('one')],
      [2, f('two')],
    ],
    'images/b.yaml': [[3, f('three')]],
  });
  const first = nextState(null, {
    lineage: LINEAGE,
    confirmed: [confirmed(1, f('one')), confirmed(2, f('two')), confirmed(3, f('three'), 'images/b.yaml')],
    forgotten: [],
    desired: want,
  });

  it('creates a state at serial 1 with the given lineage, hashing each applied value', () => {
    expect(first).toMatchObject({ version: 1, lineage: LINEAGE, serial: 1 });
    expect(Object.keys(first.images)).toEqual([G(1), G(2), G(3)]);
    expect(first.images[G(1)]).toEqual({
      applied: f('one'),
      hash: hashFields(f('one')),
      applied_at: AT,
      source: 'images/a.yaml',
      commit: 'abc1234',
    });
  });

  it('records a file only when every image in it is confirmed with the YAML value', () => {
    expect(first.files).toEqual({
      'images/a.yaml': {
        hash: want.files.find((x) => x.path === 'images/a.yaml')!.hash,
        guids: [G(1), G(2)],
      },
      'images/b.yaml': { hash: want.files.find((x) => x.path === 'images/b.yaml')!.hash, guids: [G(3)] },
    });
    const partial = nextState(null, {
      lineage: LINEAGE,
      confirmed: [confirmed(1, f('one'))],
      forgotten: [],
      desired: want,
    });
    expect(Object.keys(partial.files)).toEqual([]);
  });

  it('does not record a file whose image was confirmed with another value than the YAML', () => {
    const wrongValue = nextState(null, {
      lineage: LINEAGE,
      confirmed: [
        confirmed(1, f('one')),
        confirmed(2, f('API trimmed this')),
        confirmed(3, f('three'), 'images/b.yaml'),
      ],
      forgotten: [],
      desired: want,
    });
    expect(Object.keys(wrongValue.files)).toEqual(['images/b.yaml']);
  });

  it('an unchanged image that moved to another file follows it, so the new file can be recorded', () => {
    const moved = desired({
      'images/a.yaml': [[1, f('one')]],
      'images/c.yaml': [
        [2, f('two')],
        [3, f('three')],
      ],
    });
    const next = nextState(first, { lineage: LINEAGE, confirmed: [], forgotten: [], desired: moved });
    expect(next.images[G(2)]).toEqual({ ...first.images[G(2)], source: 'images/c.yaml' });
    expect(next.images[G(3)]!.source).toBe('images/c.yaml');
    expect(Object.keys(next.files)).toEqual(['images/a.yaml', 'images/c.yaml']);
    expect(next.serial).toBe(2);
    // A moved image whose value also changed keeps its old source until the update is confirmed.
    const movedAndEdited = desired({
      'images/a.yaml': [[1, f('one')]],
      'images/c.yaml': [
        [2, f('two v2')],
        [3, f('three')],
      ],
    });
    const pending = nextState(first, {
      lineage: LINEAGE,
      confirmed: [],
      forgotten: [],
      desired: movedAndEdited,
    });
    expect(pending.images[G(2)]!.source).toBe('images/a.yaml');
    expect(Object.keys(pending.files)).toEqual(['images/a.yaml']);
  });

  it('is prev + confirmed − forgotten: images outside this apply keep their entries', () => {
    const later = desired({
      'images/a.yaml': [
        [1, f('one v2')],
        [2, f('two')],
      ],
    });
    const next = nextState(first, {
      lineage: 'ignored',
      confirmed: [{ ...confirmed(1, f('one v2')), applied_at: '2026-03-01T00:00:00.000Z' }],
      forgotten: [G(3)],
      desired: later,
    });
    expect(next.lineage).toBe(LINEAGE);
    expect(next.serial).toBe(2);
    expect(Object.keys(next.images)).toEqual([G(1), G(2)]);
    expect(next.images[G(1)]!.applied).toEqual(f('one v2'));
    expect(next.images[G(1)]!.applied_at).toBe('2026-03-01T00:00:00.000Z');
    expect(next.images[G(2)]).toEqual(first.images[G(2)]);
    // b.yaml is gone: its entry is dropped. a.yaml changed bytes and is fully confirmed.
    expect(next.files).toEqual({ 'images/a.yaml': { hash: later.files[0]!.hash, guids: [G(1), G(2)] } });
  });

  it('a partial apply keeps confirmed images but no file entry for the file with a failure', () => {
    const later = desired({
      'images/a.yaml': [
        [1, f('one v2')],
        [2, f('two v2')],
      ],
      'images/b.yaml': [[3, f('three')]],
    });
    const next = nextState(first, {
      lineage: LINEAGE,
      confirmed: [confirmed(1, f('one v2'))],
      forgotten: [],
      desired: later,
    });
    expect(next.images[G(1)]!.applied).toEqual(f('one v2'));
    expect(next.images[G(2)]!.applied).toEqual(f('two'));
    expect(Object.keys(next.files)).toEqual(['images/b.yaml']);
  });

  it('keeps the entry of a skipped file', () => {
    const entry = first.files['images/b.yaml']!;
    const later = desired(
      {
        'images/a.yaml': [
          [1, f('one v2')],
          [2, f('two')],
        ],
      },
      [{ path: 'images/b.yaml', hash: entry.hash, guids: [G(3)], skipped: true }],
    );
    const next = nextState(first, {
      lineage: LINEAGE,
      confirmed: [confirmed(1, f('one v2'))],
      forgotten: [],
      desired: later,
    });
    expect(next.files['images/b.yaml']).toEqual(entry);
    expect(next.images[G(3)]).toEqual(first.images[G(3)]);
  });

  it('does not bump the serial when nothing changed, and is byte-stable', () => {
    const again = nextState(first, { lineage: LINEAGE, confirmed: [], forgotten: [], desired: want });
    expect(again.serial).toBe(1);
    expect(canonicalJson(again)).toBe(canonicalJson(first));
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    // Re-confirming the same value at the same time changes nothing either.
    const same = nextState(first, {
      lineage: LINEAGE,
      confirmed: [confirmed(1, f('one'))],
      forgotten: [],
      desired: want,
    });
    expect(same.serial).toBe(1);
    expect(stateEquals(same, first)).toBe(true);
  });

  it('gives the same bytes whatever the order of confirmations and files', () => {
    const shuffledDesired: DesiredSet = {
      images: [...want.images].reverse(),
      files: [...want.files].reverse(),
    };
    const b = nextState(null, {
      lineage: LINEAGE,
      confirmed: [confirmed(3, f('three'), 'images/b.yaml'), confirmed(2, f('two')), confirmed(1, f('one'))],
      forgotten: [],
      desired: shuffledDesired,
    });
    expect(JSON.stringify(b)).toBe(JSON.stringify(first));
  });

  it('does not mutate the previous state', () => {
    const before = canonicalJson(first);
    nextState(first, {
      lineage: LINEAGE,
      confirmed: [confirmed(9, f('nine'))],
      forgotten: [G(1)],
      desired: want,
    });
    expect(canonicalJson(first)).toBe(before);
  });

  it('stateEquals ignores key order and sees content differences', () => {
    const reordered: State = { ...first, images: Object.fromEntries(Object.entries(first.images).reverse()) };
    expect(stateEquals(reordered, first)).toBe(true);
    expect(stateEquals({ ...first, serial: 2 }, first)).toBe(false);
    expect(stateEquals(null, null)).toBe(true);
    expect(stateEquals(first, null)).toBe(false);
  });
});
