import { describe, expect, it } from 'vitest';
import { planChanges } from '../src/core/plan.js';
import type { ApplyResult, DesiredImage, ImageFields, ImageResult, State } from '../src/core/types.js';
import { codeSpan, escapeInline, fence } from '../src/render/escape-markdown.js';
import { renderApplyResultMarkdown, renderPlanMarkdown } from '../src/render/markdown.js';
import { desiredImage, G, stateOf } from './support/plan-fixtures.js';

const MARKER = '<!-- fwsync-plan -->';

const INJECTIONS = [
  '</details><img src=x onerror=alert(1)>',
  '@someone please approve',
  'cc @org/team',
  '&#64;user and &commat;user and \\@user',
  'see #123 and org/repo#45 and GH-67',
  '[click](https://evil.example)',
  '![](https://track/pixel)',
  'a | b || c',
  'line one\nline two\r\n| x | y |',
  'code ``` fence ` and ``',
  MARKER,
  'visit https://bare.link or www.evil.example',
  '**APPROVED by @maintainer**',
  '<script>alert(1)</script> <!-- hidden -->',
  '# Heading\n> quote\n- item',
  `very long ${'y'.repeat(5000)}`,
];

const state = (entries: Array<[number, ImageFields]>): State =>
  stateOf(entries, { source: 'images/a.yaml', lineage: '3f0d7a9e-0000-4000-8000-000000000000', serial: 7 });

const img = (n: number, fields: ImageFields, file = 'images/a.yaml'): DesiredImage =>
  desiredImage(n, fields, file, n + 1);

/** Pipes that GFM treats as cell separators: those not preceded by an odd number of backslashes. */
function separators(row: string): number {
  let count = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] !== '|') continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && row[j] === '\\'; j--) slashes++;
    if (slashes % 2 === 0) count++;
  }
  return count;
}

/** Our own markup, removed before checking that nothing else can form HTML. */
function withoutOwnTags(body: string): string {
  return body.replace(MARKER, '').replace(/<\/?(details|summary|code)>/g, '');
}

describe('escapeInline', () => {
  it('escapes HTML, markdown, mentions, references and line breaks, and truncates', () => {
    expect(escapeInline('<b>&</b>')).toBe('&lt;b&gt;&amp;&lt;/b&gt;');
    expect(escapeInline('[x](y)')).toBe('\\[x\\]\\(y\\)');
    expect(escapeInline('@user')).toBe('＠user');
    expect(escapeInline('a\nb|c')).toBe('a b\\|c');
    expect(escapeInline('#1')).toBe('\\#\u20601');
    expect(escapeInline('abcdef', 4)).toBe('abc…');
    expect(escapeInline('😀😀😀', 2)).toBe('😀…');
  });

  it('code spans and fences are longer than any backtick run inside', () => {
    expect(codeSpan('a ``` b')).toBe('````a ``` b````');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(fence('x ````` y')).toBe('``````\nx ````` y\n``````');
    expect(fence('plain', 'json')).toBe('```json\nplain\n```');
  });
});

describe('renderPlanMarkdown', () => {
  const images = INJECTIONS.map((title, i) =>
    img(i + 1, { title, description: INJECTIONS[(i + 3) % INJECTIONS.length]! }, 'images/@evil/[x](y).yaml'),
  );
  const plan = planChanges({
    desired: { images, files: [] },
    state: state(INJECTIONS.slice(0, 8).map((t, i) => [i + 1, { title: `old ${t}`, description: '' }])),
    maxChangePercent: 100,
    products: new Map([[G(1), ['@product [x](https://p.example)']]]),
  });
  const body = renderPlanMarkdown(plan, { marker: MARKER });

  it('starts with the marker and a summary table, then one <details> per change', () => {
    expect(
      body.startsWith(
        `${MARKER}\n### fwsync plan\n\n| update | adopt | forget | record | unchanged | drifted |`,
      ),
    ).toBe(true);
    expect(body).toContain('| 8 | 8 | 0 | 0 | 0 | 0 |');
    expect(body.match(/<details>/g)).toHaveLength(INJECTIONS.length);
    expect(body.match(/<\/details>/g)).toHaveLength(INJECTIONS.length);
    expect(body).toContain(
      'The FinerWorks API documentation says updating an image in the inventory library',
    );
    expect(body).toContain('| field | before | after |');
  });

  it('lets no user text create HTML, links, images, mentions, references or a second marker', () => {
    expect(body.split(MARKER)).toHaveLength(2);
    expect(withoutOwnTags(body)).not.toContain('<');
    expect(body).not.toContain('](');
    expect(body).not.toContain('![');
    expect(body).not.toMatch(/@/);
    expect(body).not.toMatch(/&#0*64;|&#x0*40;|&commat;/i);
    expect(body).not.toMatch(/(?<!&)#(\d|[a-z])/i);
    expect(body).not.toMatch(/GH-\d/);
    expect(body).not.toMatch(/https?:\/\/|www\./);
    expect(body).not.toContain('**APPROVED');
    expect(body).toContain('\\*\\*APPROVED by ＠maintainer\\*\\*');
  });

  it('keeps every table row at its column count and every user backtick escaped', () => {
    const rows = body
      .split('\n')
      .filter(
        (l) =>
          l.startsWith('| ') && !l.startsWith('| update') && !l.startsWith('| ---:') && !l.startsWith('| 8'),
      );
    expect(rows.length).toBeGreaterThan(INJECTIONS.length);
    for (const row of rows) expect(separators(row), row).toBe(4);
    for (const row of rows.filter((r) => !r.startsWith('| ---') && !r.startsWith('| field'))) {
      expect(row.replace(/\\\\/g, '').replace(/\\`/g, ''), row).not.toContain('`');
    }
  });

  it('truncates long values', () => {
    expect(body).not.toContain('y'.repeat(400));
    expect(body).toContain(`very long ${'y'.repeat(200)}`);
  });

  it('is byte-identical for identical input', () => {
    expect(renderPlanMarkdown(plan, { marker: MARKER })).toBe(body);
  });

  it('says "No changes" for an empty plan', () => {
    const empty = planChanges({ desired: { images: [], files: [] }, state: state([]), maxChangePercent: 30 });
    const md = renderPlanMarkdown(empty);
    expect(md).toContain(
      '**No changes** against the last-applied state (serial 7); the account was not read — `fwsync plan --refresh` compares with it.',
    );
    expect(md).not.toContain('account matches');
    expect(md).not.toContain('<details>');
    expect(renderPlanMarkdown({ ...empty, refreshed: true })).toContain(
      '**No changes.** The account matches the YAML files.',
    );
  });

  it('shows the safety refusal', () => {
    const tracked = Array.from(
      { length: 10 },
      (_, i) => [i + 1, { title: 'old', description: '' }] as [number, ImageFields],
    );
    const refused = planChanges({
      desired: { images: tracked.map(([n]) => img(n, { title: 'new', description: '' })), files: [] },
      state: state(tracked),
      maxChangePercent: 30,
    });
    expect(renderPlanMarkdown(refused)).toMatch(
      /> \*\*Refused without --force\.\*\* This plan updates 10 of 10/,
    );
  });

  it('stays under maxChars with 5,000 changed images, cut at an item boundary with a pointer', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      img(i + 1, { title: `Title number ${i} with some length`, description: 'x'.repeat(80) }),
    );
    const big = planChanges({
      desired: { images: many, files: [] },
      state: state(many.map((m, i) => [i + 1, { title: 'before', description: '' }])),
      maxChangePercent: 100,
    });
    const md = renderPlanMarkdown(big, { marker: MARKER });
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md.length).toBeGreaterThan(55_000);
    const shown = md.match(/<details>/g)!.length;
    expect(md.match(/<\/details>/g)!.length).toBe(shown);
    expect(md.endsWith(`\n…and ${5000 - shown} more (see the job summary for the full plan)\n`)).toBe(true);
    expect(md).toContain('| 5000 | 0 | 0 | 0 | 0 | 0 |');

    const small = renderPlanMarkdown(big, { maxChars: 5000, summaryPointer: '(full plan in the artifact)' });
    expect(small.length).toBeLessThanOrEqual(5000);
    expect(small).toMatch(/…and \d+ more \(full plan in the artifact\)\n$/);
  });

  it('renders everything when it fits, without a pointer', () => {
    expect(body).not.toContain('…and');
  });
});

describe('renderApplyResultMarkdown', () => {
  const images: ImageResult[] = [
    { guid: G(2), kind: 'update', outcome: 'applied' },
    {
      guid: G(1),
      kind: 'adopt',
      outcome: 'failed',
      message: 'Bad title </details> @admin [x](https://e.example) | cell',
    },
    { guid: G(3), kind: 'update', outcome: 'not_attempted', message: 'interrupted' },
  ];
  const result: ApplyResult = {
    version: 1,
    plan_checksum: `sha256:${'a'.repeat(64)}`,
    complete: false,
    interrupted: false,
    summary: { applied: 1, recorded: 0, forgotten: 0, failed: 1, not_attempted: 1, refused: 0 },
    requests: 4,
    images,
    state: { lineage: 'l', serial: 9 },
  };

  it('lists per-image statuses, failures first, with escaped messages', () => {
    const md = renderApplyResultMarkdown(result, {
      marker: '<!-- fwsync-apply -->',
      planMatchesReviewed: false,
    });
    expect(md).toContain('**Partially applied.**');
    expect(md).toContain('| 1 | 0 | 0 | 1 | 1 | 4 |');
    expect(md).toContain('differs from the plan last shown on this pull request');
    const rows = md.split('\n').filter((l) => l.startsWith(`| \``));
    expect(rows.map((r) => r.split(' | ')[2])).toEqual(['❌ failed', '⏸️ not attempted', '✅ applied']);
    for (const row of rows) expect(separators(row)).toBe(5);
    expect(withoutOwnTags(md.replace('<!-- fwsync-apply -->', ''))).not.toContain('<');
    expect(md).not.toMatch(/@|\]\(/);
  });

  it('says when the applied plan is the reviewed one, and nothing when unknown', () => {
    expect(renderApplyResultMarkdown({ ...result, complete: true }, { planMatchesReviewed: true })).toContain(
      'is the plan last shown',
    );
    const unknown = renderApplyResultMarkdown(result, { planMatchesReviewed: null });
    expect(unknown).not.toContain('plan last shown');
  });

  it('says an interrupted apply was cancelled, with how many changes were confirmed', () => {
    const md = renderApplyResultMarkdown({ ...result, interrupted: true }, {});
    expect(md).toContain('**Cancelled, partially applied: 1 of 3 changes.**');
  });

  it('says by how many changes the applied plan differs, when the comment carried digests', () => {
    const moved = renderApplyResultMarkdown(result, {
      planMatchesReviewed: false,
      reviewDiff: { added: 0, removed: 0 },
    });
    expect(moved).toContain(
      'send the same values as the plan last shown on this pull request; the state they start from moved since',
    );
    expect(moved).not.toContain('[!WARNING]');
    const differs = renderApplyResultMarkdown(result, {
      planMatchesReviewed: false,
      reviewDiff: { added: 1, removed: 2 },
    });
    expect(differs).toContain('[!WARNING]');
    expect(differs).toContain('by +1/−2 changes (1 not shown there, 2 shown there and not applied as shown;');
    const unknown = renderApplyResultMarkdown(result, { planMatchesReviewed: false, reviewDiff: null });
    expect(unknown).toContain('differs from the plan last shown on this pull request: the state');
    expect(unknown).not.toContain('+');
  });

  it('cuts at a row boundary', () => {
    const many: ImageResult[] = Array.from({ length: 5000 }, (_, i) => ({
      guid: G(i),
      kind: 'update',
      outcome: 'applied',
    }));
    const md = renderApplyResultMarkdown({ ...result, images: many }, {});
    expect(md.length).toBeLessThanOrEqual(60_000);
    const rows = md.split('\n').filter((l) => l.startsWith('| `'));
    expect(md).toMatch(
      new RegExp(`\\n…and ${5000 - rows.length} more \\(see the job summary for the full plan\\)\\n$`),
    );
  });
});
