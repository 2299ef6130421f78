// The fast path (js-yaml) may only accept what the slow path (yaml's document model)
// accepts, with deep-equal data and the same image lines. Checked on every fixture and on
// generated variations: formatting, key order, quoting, comments and scalars whose meaning
// differs between YAML versions and parsers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseFast } from '../src/adapters/yaml/fast.js';
import { parseImagesText, parseSlow } from '../src/adapters/yaml/parse-images.js';
import { prescan } from '../src/adapters/yaml/prescan.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...yamlFilesUnder(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out.sort();
}

function decode(p: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(p));
  } catch {
    return null; // the invalid UTF-8 fixture never reaches a parser
  }
}

/** Deterministic PRNG (mulberry32) so every run checks the same variations. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GUIDS = [
  '5fd001ce-5db8-4e84-9010-e29499eadb3f',
  '0b1f3c8e-2a55-4e8e-9d0a-1c2b3d4e5f60',
  '9c4e2b7a-6d1f-4a3b-8e5c-2f7a9d0b1c3e',
];

// Scalars as written in YAML, plain or quoted: numbers in every notation, 1.1 booleans,
// nulls, and text with YAML punctuation in it.
const SCALARS = [
  '017',
  '0x10',
  '0X10',
  '0o17',
  '0b11',
  '1_000',
  '+1',
  '-1',
  '-0',
  '1e3',
  '1E3',
  '-.5',
  '.5',
  '1.',
  '+.5e2',
  '12345678901234567890',
  '.inf',
  '-.Inf',
  '+.INF',
  '.NaN',
  '.nan',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'N',
  'true',
  'True',
  'FALSE',
  'null',
  'Null',
  '~',
  '',
  "'007'",
  '"1e3"',
  "'yes'",
  '"null"',
  '""',
  "''",
  'Harbour at Dawn',
  'a: b',
  'a #b',
  'a#b',
  'a:b',
  "'it''s'",
  '"\\u00e9t\\u00e9"',
  '"\\x41\\t\\"q\\""',
  '"\\/"',
  '"tab\\there"',
  '"\\N\\_\\L\\P"',
  '"a\\\n    b"',
  '@mention',
  '`tick`',
  'x, y',
  '- dash',
  'percent 100%',
  'multi\n    line plain',
  '"multi\n    line quoted"',
  "'multi\n\n    line single'",
  'caf\u00e9 \u{1F305}',
  'trailing space   ',
  '"  padded  "',
  'a [b] c',
  '[1, 2]',
  '[]',
  '[ 0x1, 017 ]',
  '{a: 1}',
  '|',
  '>',
  'a | b',
  '"glued"# comment',
  "'glued'# comment",
];

const BLOCKS = ['|', '|-', '|+', '>', '>-', '>+'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function variation(seed: number): string {
  const r = rng(seed);
  const ind = pick(r, [2, 4]);
  const seqAtZero = r() < 0.25;
  const pad = ' '.repeat(ind);
  const itemPad = seqAtZero ? '' : pad;
  const lines: string[] = [];
  if (r() < 0.3) lines.push('# generated');
  lines.push(r() < 0.5 ? 'version: 1' : 'images:');
  const versionFirst = lines[lines.length - 1] === 'version: 1';
  if (!versionFirst) lines.pop();
  const body: string[] = ['images:'];
  const count = 1 + Math.floor(r() * 3);
  for (let i = 0; i < count; i++) {
    const fields: [string, string][] = [];
    fields.push(['guid', r() < 0.15 ? GUIDS[i]!.toUpperCase() : GUIDS[i]!]);
    fields.push(['title', r() < 0.6 ? `Title ${i}` : pick(r, SCALARS)]);
    fields.push(['description', r() < 0.4 ? `Description ${i}.` : pick(r, SCALARS)]);
    if (r() < 0.4) fields.push(['visible', pick(r, ['true', 'false', 'yes', 'True', '"true"', 'on'])]);
    if (r() < 0.4)
      fields.push([
        'rank',
        pick(r, ['0', '7', '017', '0x10', '0o17', '1_000', '+1', '1e3', '-1', '1.5', '.inf', '"5"', '1.0']),
      ]);
    if (r() < 0.4) {
      const ids = Array.from({ length: Math.floor(r() * 3) }, () =>
        pick(r, ['1', '2', '0x10', '017', '+3', '1e1', '4.0', 'a']),
      );
      fields.push(['assigned_personal_gallery_ids', `[${ids.join(', ')}]`]);
    }
    for (let k = fields.length - 1; k > 0; k--) {
      const j = Math.floor(r() * (k + 1));
      [fields[k], fields[j]] = [fields[j]!, fields[k]!];
    }
    fields.forEach(([key, value], n) => {
      const lead = n === 0 ? `${itemPad}- ` : `${itemPad}  `;
      const inner = `${itemPad}  ${pad}`;
      if ((key === 'title' || key === 'description') && r() < 0.2) {
        const text = pick(r, [
          'Line one\nLine two',
          'one\n\ntwo\n',
          '  indented first',
          'trailing\n\n\n',
          'x',
          '  ',
          '  \n   \n',
        ]);
        // An indentation indicator says what the generator writes: `ind` spaces past the key.
        body.push(`${lead}${key}: ${pick(r, [...BLOCKS, `|${ind}`, `>-${ind}`, `|+${ind}`])}`);
        for (const l of text.split('\n')) body.push(l === '' ? '' : `${inner}${l}`);
      } else {
        body.push(`${lead}${key}: ${value.replace(/\n/g, `\n${itemPad}`)}${r() < 0.15 ? '   # note' : ''}`);
      }
    });
    if (r() < 0.2) body.push('');
  }
  const out = versionFirst ? [...lines, ...body] : [...lines, ...body, 'version: 1'];
  const eol = r() < 0.15 ? '\r\n' : '\n';
  return out.join(eol) + (r() < 0.9 ? eol : '');
}

const HEAD = `version: 1\nimages:\n  - guid: ${GUIDS[0]}\n    title: `;
const HAZARDS = [
  'a\tb\n    description: d\n',
  'a\n    description:\td\n',
  'a\u0085b\n    description: d\n',
  'a\u2028b\n    description: d\n',
  'a\n    description: d\r    rank: 1\n',
  'a\n    description: d\r    rank: 1\r',
  'a\n    description: |\n     \t x\n',
  'a\n    description: >\n      a\n\n        b\n      c\n',
  'a\n    description: |2\n       x\n',
  'a\n    description: "a\n\n      b  \n     c"\n',
  "a\n    description: 'a\n      \n    b'\n",
  'a\n    description: "multi\n    line"\n',
  'a\n    description: "multi\n   line"\n',
  "a\n    description: 'x\n  y'\n",
  'a\n    description: "first\n    rank: 1"\n',
  'a\n    description:\n      "first\n    line"\n',
  'a\n    description: "\n  "\n',
  'a\n    description: "esc \\\n  aped"\n',
  'a\n    description: |\n      x\n     \n      y\n',
  'a\n    description: |\n      x\n        \n',
  'a\n    description: d\n    ? rank\n    : 1\n',
  'a\n    description: {x: 1}\n',
  'a\n    description: d\n  -\n    guid: ${GUIDS[1]}\n    title: t\n    description: d\n',
  'a\n    description: d\n  - # c\n    guid: ${GUIDS[1]}\n    title: t\n    description: d\n',
  'a\n    description: "\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\0\\a\\b\\e\\f\\v\\ \\/"\n',
  'a\n    description: "bad \\q"\n',
  'a\n    description: plain\n     continued\n  # c\n',
  'a\n    description: >-\n\n      leading blank\n',
  'a\n    description: |\n\n\n',
  'a\n    description: d\n...\n',
  'a\n    description: x:\n',
  'a\n    description: :x\n',
  'a\n    description: d\n    assigned_personal_gallery_ids: [1, 2,]\n',
  'a\n    description: d\n    assigned_personal_gallery_ids: [1\n      , 2]\n',
  'a\n    description: d\n    assigned_personal_gallery_ids:\n    - 1\n',
  'a\n    "description": d\n',
  "a\n    'description': 'it''s'\n",
  'a\n    description : d\n',
  'a\n    description: x\n  y\n',
  '&t a\n    description: *t\n',
  'a\n    description: d\n    __proto__: {visible: true}\n',
  'a\n    description: d\n    rank: !!int "3"\n',
  'a\n    description: d\n    <<: {rank: 1}\n',
].map((t) => t.replace('${GUIDS[1]}', GUIDS[1]!));

interface Verdict {
  ok: boolean;
  data?: unknown;
  lines?: number[];
}

function slowVerdict(text: string): Verdict {
  const s = parseSlow(text, 'f.yaml');
  return s.ok ? { ok: true, data: s.data, lines: s.imageLines } : { ok: false };
}

function checkAgreement(text: string): { fast: ReturnType<typeof parseFast>; slow: Verdict } {
  const slow = slowVerdict(text);
  const fast = parseFast(text);
  if (fast.ok) {
    // The core guarantee: whatever the fast path accepts, the slow path accepts identically.
    expect(slow.ok, text).toBe(true);
    expect(fast.data, text).toStrictEqual(slow.data);
    expect(fast.imageLines, text).toEqual(slow.lines);
  }
  // Without the pre-scan, js-yaml may disagree; then the pre-scan must have flagged the text.
  const raw = parseFast(text, { skipPrescan: true });
  if (raw.ok) {
    const agrees =
      slow.ok && isDeepStrictEqual(raw.data, slow.data) && isDeepStrictEqual(raw.imageLines, slow.lines);
    if (!agrees) expect(prescan(text), `pre-scan missed a disagreement:\n${text}`).not.toBeNull();
  }
  return { fast, slow };
}

/** What fwsync reads from a file's text: its data and image lines, or its issues. */
function reading(text: string): unknown {
  const r = parseImagesText(text, 'f.yaml');
  return r.ok ? { data: r.data, lines: r.imageLines } : { issues: r.issues };
}

/** A comment the pre-scan flags (`&`): the file it starts takes the strict path. */
const TO_STRICT = '# twin & strict\n';

/**
 * The same file written differently, which must read the same: with the other line ends
 * (CRLF or LF), with a byte order mark, and with a first line that sends it to the strict
 * path (whose line numbers are then one higher; they are moved back before comparing).
 */
function checkTwins(text: string): void {
  const expected = reading(text);
  const otherEol = text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n');
  expect(reading(otherEol), `CRLF/LF twin of:\n${text}`).toStrictEqual(expected);
  expect(reading(`\uFEFF${text}`), `BOM twin of:\n${text}`).toStrictEqual(expected);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  expect(prescan(TO_STRICT + text)).not.toBeNull();
  const strict = parseSlow(TO_STRICT.replace('\n', eol) + text, 'f.yaml');
  const moved = strict.ok
    ? { data: strict.data, lines: strict.imageLines.map((l) => l - 1) }
    : { issues: strict.issues.map((i) => ({ ...i, line: i.line - 1 })) };
  expect(moved, `strict-path twin of:\n${text}`).toStrictEqual(expected);
}

const fixtureFiles = yamlFilesUnder(FIXTURES);

describe('parser equivalence', () => {
  it('holds for every fixture file', () => {
    let checked = 0;
    for (const file of fixtureFiles) {
      const text = decode(file);
      if (text === null) continue;
      checkAgreement(text);
      checked++;
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('holds for 3,000 generated variations and their twins, and the fast path takes most plain ones', () => {
    let fastTaken = 0;
    let slowAccepted = 0;
    let slowAcceptedUnflagged = 0;
    let fastOnUnflagged = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const text = variation(seed);
      const { fast, slow } = checkAgreement(text);
      checkTwins(text);
      if (fast.ok) fastTaken++;
      if (slow.ok) slowAccepted++;
      if (slow.ok && prescan(text) === null) {
        slowAcceptedUnflagged++;
        if (fast.ok) fastOnUnflagged++;
      }
    }
    // The generator must produce both valid and invalid files, or the check proves little.
    expect(slowAccepted).toBeGreaterThan(300);
    expect(slowAccepted).toBeLessThan(2900);
    expect(fastTaken).toBeGreaterThan(200);
    // A valid file the pre-scan lets through is parsed by js-yaml, not deferred.
    expect(fastOnUnflagged).toBe(slowAcceptedUnflagged);
  });

  it('holds for hand-picked hazards, and without the pre-scan some of them would break it', () => {
    let caughtByPrescan = 0;
    for (const tail of HAZARDS) {
      const text = HEAD + tail;
      checkAgreement(text);
      const raw = parseFast(text, { skipPrescan: true });
      const slow = slowVerdict(text);
      if (raw.ok && !(slow.ok && isDeepStrictEqual(raw.data, slow.data))) caughtByPrescan++;
    }
    // Multi-line quoted scalars under-indented, bare CR line ends, anchors+aliases: js-yaml
    // accepts them where yaml does not, so these prove the pre-scan is load-bearing.
    expect(caughtByPrescan).toBeGreaterThanOrEqual(5);
  });

  it('the fast path is needed: the pre-scan flags the features where js-yaml differs', () => {
    // Without our scalar types js-yaml's CORE_SCHEMA would read these differently; with them
    // both parsers agree even though no pre-scan is involved.
    for (const value of ['1_000', '0b11', '-.5', '017', '0x10', '+1', '1e3']) {
      const text = `version: 1\nimages:\n  - guid: ${GUIDS[0]}\n    title: Harbour\n    description: D\n    rank: ${value}\n`;
      const raw = parseFast(text, { skipPrescan: true });
      const slow = slowVerdict(text);
      expect(raw.ok).toBe(slow.ok);
      if (raw.ok) expect(raw.data).toStrictEqual(slow.data);
    }
    expect(prescan('version: 1\nimages:\n  - &a x\n')).toBe('node-property');
    expect(prescan('title: *a\n')).toBe('node-property');
    expect(prescan('title: !!binary x\n')).toBe('node-property');
    expect(prescan('%YAML 1.1\nversion: 1\n')).toBe('directive-or-marker');
    expect(prescan('---\nversion: 1\n')).toBe('directive-or-marker');
    expect(prescan('a: 1\n<<: x\n')).toBe('merge-key');
    expect(prescan('a:\n\tb: 1\n')).toBe('special-character');
    expect(prescan('a: 1\rb: 2\r')).toBe('special-character');
    expect(prescan('? a\n: b\n')).toBe('explicit-key');
    expect(prescan('a: {b: 1}\n')).toBe('node-property');
    expect(prescan('a: [[1]]\n')).toBe('flow-collection');
    expect(prescan('title: Fish & Chips\n')).toBe('node-property');
    expect(prescan('title: "x"# glued\n')).toBe('comment-without-space');
    expect(prescan('ids: [1, 2]#glued\n')).toBe('comment-without-space');
    expect(prescan('description: |2\n      \n')).toBe('blank-line-with-spaces');
    expect(prescan('a: 1\n  \r\nb: 2\n')).toBe('blank-line-with-spaces');
    expect(prescan('ids: [1, 2] # fine\n')).toBeNull();
    expect(prescan('version: 1\nimages:\n  - title: Plain words\n    ids: [1, 2]\n')).toBeNull();
  });
});
