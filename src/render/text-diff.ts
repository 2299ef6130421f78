// Word- and line-level diffs of long or multi-line field values, so that a one-word edit in a
// 2,000-character description shows as that word with a little context, not as two full texts.
// The diff itself comes from the `diff` package (jsdiff); this file only trims the context.

import { diffLines, diffWordsWithSpace } from 'diff';

/** Characters of unchanged text kept on each side of a change. */
const CONTEXT = 40;
/** From this many code points on (either side), a text change is shown as a word diff. */
export const LONG_TEXT = 120;

export interface DiffPart {
  kind: 'same' | 'removed' | 'added' | 'elided';
  text: string;
}

/** A text change that reads better as a diff than as "before → after". */
export function wantsDiff(before: unknown, after: unknown): before is string {
  if (typeof before !== 'string' || typeof after !== 'string') return false;
  return (
    before.includes('\n') ||
    after.includes('\n') ||
    [...before].length > LONG_TEXT ||
    [...after].length > LONG_TEXT
  );
}

/** The word diff of two texts, with unchanged runs cut to CONTEXT characters around each change. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  const changes = diffWordsWithSpace(before, after);
  changes.forEach((c, i) => {
    if (c.added) parts.push({ kind: 'added', text: c.value });
    else if (c.removed) parts.push({ kind: 'removed', text: c.value });
    else parts.push(...trimmed(c.value, i === 0, i === changes.length - 1));
  });
  return parts;
}

export interface LinePart {
  kind: 'same' | 'removed' | 'added';
  line: string;
}

/** The line diff of two multi-line texts (unchanged lines kept: values are at most 10,000 characters). */
export function lineDiff(before: string, after: string): LinePart[] {
  const out: LinePart[] = [];
  for (const c of diffLines(before, after)) {
    const kind = c.added ? 'added' : c.removed ? 'removed' : 'same';
    const lines = c.value.replace(/\n$/, '').split('\n');
    for (const line of lines) out.push({ kind, line });
  }
  return out;
}

function trimmed(text: string, first: boolean, last: boolean): DiffPart[] {
  const points = [...text];
  const keepHead = first ? 0 : CONTEXT;
  const keepTail = last ? 0 : CONTEXT;
  if (points.length <= keepHead + keepTail + 1) return [{ kind: 'same', text }];
  const parts: DiffPart[] = [];
  if (keepHead > 0) parts.push({ kind: 'same', text: points.slice(0, keepHead).join('') });
  parts.push({ kind: 'elided', text: '…' });
  if (keepTail > 0) parts.push({ kind: 'same', text: points.slice(points.length - keepTail).join('') });
  return parts;
}
