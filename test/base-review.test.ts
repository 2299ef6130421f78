// The pure comparison of a pull request's config and state with its base (core/base-review.ts)
// and its CAUTION section (render/base-review.ts).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../src/adapters/config.js';
import {
  baseReviewHasChanges,
  countFileEntryChanges,
  diffConfigs,
  diffRecordedStates,
} from '../src/core/base-review.js';
import type { Config, State } from '../src/core/types.js';
import { renderBaseReviewCaution } from '../src/render/base-review.js';

const config = (over: Partial<Config> = {}): Config => ({ ...structuredClone(DEFAULT_CONFIG), ...over });

function state(
  images: Record<string, { title: string; source?: string }>,
  files: State['files'] = {},
): State {
  return {
    version: 1,
    lineage: 'l',
    serial: 1,
    files,
    images: Object.fromEntries(
      Object.entries(images).map(([guid, i]) => [
        guid,
        {
          applied: { title: i.title },
          hash: 'h',
          applied_at: 't',
          source: i.source ?? 'a.yaml',
          commit: null,
        },
      ]),
    ) as State['images'],
  };
}

describe('diffConfigs', () => {
  it('lists each changed setting with both values, and nothing for equal configs', () => {
    expect(diffConfigs(config(), config())).toEqual([]);
    const head = config({ images: ['**/*.yaml'], state: 'other.json' });
    head.api = { ...head.api, base_url: 'https://evil.test/v3' };
    head.library = { ...head.library, name: 'temporary' };
    expect(diffConfigs(config(), head).map((s) => s.setting)).toEqual([
      'api.base_url',
      'images',
      'library.name',
      'state',
    ]);
    expect(diffConfigs(config(), head)[0]).toEqual({
      setting: 'api.base_url',
      before: '"https://api.finerworks.com/v3"',
      after: '"https://evil.test/v3"',
    });
  });
});

describe('diffRecordedStates', () => {
  it('names each image and field whose recorded value changes, added and removed ones too', () => {
    const base = state({ g1: { title: 'A' }, g2: { title: 'B' }, g3: { title: 'C' } });
    const head = state({ g1: { title: 'A2' }, g2: { title: 'B' }, g4: { title: 'D' } });
    expect(diffRecordedStates(base, head)).toEqual([
      { guid: 'g1', kind: 'changed', fields: [{ field: 'title', before: 'A', after: 'A2' }] },
      {
        guid: 'g3',
        kind: 'removed',
        fields: [
          { field: 'source', before: 'a.yaml' },
          { field: 'title', before: 'C' },
        ],
      },
      {
        guid: 'g4',
        kind: 'added',
        fields: [
          { field: 'source', after: 'a.yaml' },
          { field: 'title', after: 'D' },
        ],
      },
    ]);
    expect(diffRecordedStates(base, base)).toEqual([]);
    expect(diffRecordedStates(null, null)).toEqual([]);
  });

  it('counts the skip-cache entries that change', () => {
    const a = state({}, { 'a.yaml': { hash: 'x', guids: [] } });
    const b = state({}, { 'a.yaml': { hash: 'y', guids: [] }, 'b.yaml': { hash: 'z', guids: [] } });
    expect(countFileEntryChanges(a, b)).toBe(2);
    expect(countFileEntryChanges(a, a)).toBe(0);
  });
});

describe('renderBaseReviewCaution', () => {
  it('escapes values and caps the rows', () => {
    const images = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`g${i}`, { title: `<img src=x> | ${i}` }]),
    );
    const review = {
      settings: [],
      statePath: { before: '.fwsync/state.json', after: '.fwsync/state.json' },
      state: diffRecordedStates(null, state(images)),
      fileEntriesChanged: 0,
    };
    expect(baseReviewHasChanges(review)).toBe(true);
    const text = renderBaseReviewCaution(review, { baseSha: 'f'.repeat(40) });
    expect(text.startsWith('> [!CAUTION]')).toBe(true);
    expect(text).not.toContain('<img');
    expect(text).toContain('40 more');
    expect(text.split('\n').filter((l) => l.startsWith('| `g')).length).toBe(20);
  });
});
