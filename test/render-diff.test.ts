// Long and multi-line values in plans: a word diff with a little context, in text and markdown.

import { describe, expect, it } from 'vitest';
import { planChanges } from '../src/core/plan.js';
import { renderPlanMarkdown } from '../src/render/markdown.js';
import { renderPlanText } from '../src/render/text.js';
import { lineDiff, wordDiff } from '../src/render/text-diff.js';
import { G, desiredImage, stateOf } from './support/plan-fixtures.js';

const words = (n: number, from = 0): string =>
  Array.from({ length: n }, (_, i) => `word${(i + from) % 97}`).join(' ');

function planOf(
  before: { title: string; description: string },
  after: { title: string; description: string },
) {
  return planChanges({
    desired: { images: [desiredImage(1, after, 'images/a.yaml', 3)], files: [] },
    state: stateOf([[1, before]], { source: 'images/a.yaml', lineage: 'l', serial: 1 }),
    maxChangePercent: 100,
  });
}

describe('a one-word edit in a 2,000-character description', () => {
  const long = `${words(120)} harbour ${words(120, 5)}`.slice(0, 2000);
  const edited = long.replace(' harbour ', ' lighthouse ');
  const plan = planOf({ title: 'T', description: long }, { title: 'T', description: edited });

  it('is a word diff shorter than 300 characters in text', () => {
    const text = renderPlanText(plan, { color: false });
    const line = text.split('\n').find((l) => l.trimStart().startsWith('description:'))!;
    expect(line).toContain('[-harbour-]{+lighthouse+}');
    expect(line.length).toBeLessThan(300);
    expect(text).not.toContain(long);
  });

  it('is a word diff shorter than 300 characters in markdown, escape-safe', () => {
    const md = renderPlanMarkdown(plan);
    const line = md.split('\n').find((l) => l.startsWith('description, word by word:'))!;
    expect(line).toContain('<del>harbour</del><ins>lighthouse</ins>');
    expect(line.length).toBeLessThan(300);
  });

  it('escapes what the user wrote inside the diff', () => {
    const p = planOf(
      { title: 'T', description: `${words(30)} <img src=x> @someone ${words(30)}` },
      { title: 'T', description: `${words(30)} <script>x</script> @other ${words(30)}` },
    );
    const md = renderPlanMarkdown(p);
    expect(md).not.toMatch(/<script>|<img/);
    expect(md).not.toContain('@other');
  });
});

describe('multi-line values', () => {
  const before = 'First line.\nSecond line.\nThird line.';
  const after = 'First line.\nSecond line, edited.\nThird line.';
  const plan = planOf({ title: 'T', description: before }, { title: 'T', description: after });

  it('keep their lines in text, with ↵ at each line end', () => {
    const text = renderPlanText(plan, { color: false });
    expect(text).toContain('↵\n');
    expect(text).toContain(
      'description: (word diff) First line.↵\n      Second line{+, edited+}.↵\n      Third line.',
    );
  });

  it('are a line diff in markdown', () => {
    const md = renderPlanMarkdown(plan);
    expect(md).toContain(
      '```diff\n  First line.\n- Second line.\n+ Second line, edited.\n  Third line.\n```',
    );
  });

  it('lineDiff and wordDiff come from jsdiff and keep every change', () => {
    expect(lineDiff('a\nb', 'a\nc').map((l) => `${l.kind}:${l.line}`)).toEqual([
      'same:a',
      'removed:b',
      'added:c',
    ]);
    const parts = wordDiff('one two three', 'one 2 three');
    expect(parts.filter((p) => p.kind !== 'same').map((p) => p.text)).toEqual(['two', '2']);
  });
});

describe('every image line shows its title', () => {
  it('the new one and the old one when it changes', () => {
    const plan = planOf({ title: 'Harbour', description: '' }, { title: 'Harbour at Dawn', description: '' });
    expect(renderPlanText(plan, { color: false })).toContain(
      `~ update ${G(1)} (images/a.yaml:3) "Harbour at Dawn", was "Harbour"`,
    );
  });
});
