// core/review.ts: the change digests a plan comment carries, and the "+k/−j" the apply reports.
import { describe, expect, it } from 'vitest';
import { changeDigest, diffReviewed, MAX_REVIEW_DIGESTS, reviewDigests } from '../src/core/review.js';
import type { Change } from '../src/core/types.js';

const G = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function update(n: number, title: string, before = 'old'): Change {
  return {
    guid: G(n),
    kind: 'update',
    file: 'images/a.yaml',
    line: n,
    fields: [{ field: 'title', before, after: title }],
    desired: { title, description: '' },
  };
}

describe('changeDigest', () => {
  it('is sixteen hex digits (64 bits), stable, and names guid, kind and what is sent', () => {
    const d = changeDigest(update(1, 'A'));
    expect(d).toMatch(/^[0-9a-f]{16}$/);
    expect(changeDigest(update(1, 'A'))).toBe(d);
    expect(changeDigest(update(2, 'A'))).not.toBe(d);
    expect(changeDigest(update(1, 'B'))).not.toBe(d);
    expect(changeDigest({ ...update(1, 'A'), kind: 'adopt' })).not.toBe(d);
  });

  it('leaves out the "before" side and where the image sits in the YAML', () => {
    const d = changeDigest(update(1, 'A'));
    expect(changeDigest(update(1, 'A', 'another apply ran in between'))).toBe(d);
    expect(changeDigest({ ...update(1, 'A'), file: 'images/moved.yaml', line: 99 })).toBe(d);
  });

  it('gives a forget (nothing sent) its own identity', () => {
    const forget: Change = { guid: G(1), kind: 'forget', file: 'images/a.yaml', line: null, fields: [] };
    expect(changeDigest(forget)).toMatch(/^[0-9a-f]{16}$/);
    expect(changeDigest(forget)).not.toBe(changeDigest(update(1, 'A')));
  });
});

describe('reviewDigests', () => {
  it('is sorted, and null above the limit a marker can carry', () => {
    const changes = [update(3, 'C'), update(1, 'A'), update(2, 'B')];
    const digests = reviewDigests({ changes })!;
    expect(digests).toEqual([...digests].sort());
    expect(digests).toHaveLength(3);
    const many = Array.from({ length: MAX_REVIEW_DIGESTS + 1 }, (_, i) => update(i, 'x'));
    expect(reviewDigests({ changes: many })).toBeNull();
    expect(reviewDigests({ changes: many.slice(1) })).toHaveLength(MAX_REVIEW_DIGESTS);
    expect(reviewDigests({ changes: [] })).toEqual([]);
  });
});

describe('diffReviewed', () => {
  it('counts what was added and what is no longer needed', () => {
    expect(diffReviewed(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual({ added: 0, removed: 0 });
    expect(diffReviewed(['a', 'b', 'c'], ['a', 'c'])).toEqual({ added: 0, removed: 1 });
    expect(diffReviewed(['a'], ['a', 'd', 'e'])).toEqual({ added: 2, removed: 0 });
    expect(diffReviewed(['a', 'b'], ['c'])).toEqual({ added: 1, removed: 2 });
    expect(diffReviewed([], [])).toEqual({ added: 0, removed: 0 });
  });

  it('treats the lists as multisets', () => {
    expect(diffReviewed(['a', 'a'], ['a'])).toEqual({ added: 0, removed: 1 });
    expect(diffReviewed(['a'], ['a', 'a'])).toEqual({ added: 1, removed: 0 });
  });
});
