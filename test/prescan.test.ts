// The pre-scan's multi-line-quote check was rewritten to walk offsets instead of splitting the
// text into line strings (it runs over every line of every parsed file). This holds it to the
// line-splitting version it replaced, on hand-picked lines and on generated YAML-like text.

import { describe, expect, it } from 'vitest';
import { seededRandom } from './support/random.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { opensMultilineQuote, passesRules, prescan, PRESCAN_RULES } from '../src/adapters/yaml/prescan.js';

/** The previous implementation, verbatim. */
function reference(text: string): boolean {
  const closingQuote = (s: string): number => {
    const q = s[0];
    for (let i = 1; i < s.length; i++) {
      const c = s[i];
      if (q === '"' && c === '\\') i++;
      else if (c === q) {
        if (q === "'" && s[i + 1] === "'") i++;
        else return i;
      }
    }
    return -1;
  };
  for (const rawLine of text.split('\n')) {
    let rest = rawLine.replace(/\r$/, '').replace(/^ +/, '');
    while (rest.startsWith('- ')) rest = rest.slice(2).replace(/^ +/, '');
    if (rest === '-') continue;
    if (rest[0] === '"' || rest[0] === "'") {
      const end = closingQuote(rest);
      if (end < 0) return true;
      const after = rest.slice(end + 1);
      const colon = /^ *:(?: +|$)/.exec(after);
      if (!colon) continue;
      rest = after.slice(colon[0].length);
    } else {
      const m = /^[^#"'][^\n]*?:(?: +|$)/.exec(rest);
      if (!m) continue;
      rest = rest.slice(m[0].length);
    }
    if ((rest[0] === '"' || rest[0] === "'") && closingQuote(rest) < 0) return true;
  }
  return false;
}

describe('opensMultilineQuote', () => {
  it.each([
    ['title: "closed"', false],
    ['title: "open', true],
    ["title: 'it''s closed'", false],
    ["title: 'it''s open", true],
    ['title: "escaped \\" still open', true],
    ['title: "escaped \\\\" closed', false],
    ['- - "key": "open', true],
    ['"key":"x', false],
    ['"open key', true],
    ['-', false],
    ['- ', false],
    ['# title: "comment', false],
    ['url: http://x "y', false],
    ['a:b: "open', true],
    ['title: "a"\r\ndescription: "b\r\n', true],
    ['title: "a"\r', false],
    ['', false],
    ['\n\n', false],
  ])('%j → %s, like the line-splitting version', (text, expected) => {
    expect(opensMultilineQuote(text)).toBe(expected);
    expect(reference(text)).toBe(expected);
  });

  it('agrees with the line-splitting version on 20,000 generated texts', () => {
    const next = seededRandom(99);
    const parts = [
      '- ',
      '-',
      ' ',
      '  ',
      'key',
      ':',
      ': ',
      '"',
      "'",
      "''",
      '\\',
      '\\"',
      '#',
      'x',
      '\r',
      '\n',
      '\r\n',
      'a:b',
    ];
    let opened = 0;
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      for (let n = Math.floor(next() * 14); n > 0; n--) text += parts[Math.floor(next() * parts.length)];
      const expected = reference(text);
      if (expected) opened++;
      expect(opensMultilineQuote(text), JSON.stringify(text)).toBe(expected);
    }
    // Both outcomes are well represented.
    expect(opened).toBeGreaterThan(2000);
    expect(opened).toBeLessThan(18_000);
  });
});

describe('passesRules: the one pass in front of the pre-scan rules', () => {
  // What the rules themselves say: the pass may never say "clean" where a rule matches, and it
  // is meant to say exactly what they say.
  const rulesPass = (text: string): boolean => !PRESCAN_RULES.some(([, re]) => re.test(text));

  it('agrees with the rules on every yaml-test-suite case and every fixture', () => {
    const cases = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, '../fixtures/yaml-test-suite/cases.json'), 'utf8'),
    ) as { yaml: string }[];
    const texts = cases.map((c) => c.yaml);
    const fixtures = path.resolve(import.meta.dirname, '../fixtures');
    for (const rel of readdirSync(fixtures, { recursive: true, encoding: 'utf8' })) {
      if (/\.ya?ml$/.test(rel)) texts.push(readFileSync(path.join(fixtures, rel), 'utf8'));
    }
    let clean = 0;
    for (const text of texts) {
      expect(passesRules(text), JSON.stringify(text)).toBe(rulesPass(text));
      if (rulesPass(text)) clean++;
    }
    expect(texts.length).toBeGreaterThan(200);
    expect(clean).toBeGreaterThan(50);
  });

  it('agrees with the rules on 50,000 generated texts of the characters they look at', () => {
    const next = seededRandom(7);
    const parts = [
      ...' \n\r\t-#%.?&*!{}[],:|><"\'aZ_0é\u00a0\u2028\u2029\ufeff\u0085\u000b\u3000\ufffe',
      '- ',
      '---',
      '...',
      '  ',
      '\r\n',
      'key: ',
      '<<',
      '"x"#',
    ];
    let clean = 0;
    for (let k = 0; k < 50_000; k++) {
      let text = '';
      for (let n = Math.floor(next() * 10); n > 0; n--) text += parts[Math.floor(next() * parts.length)];
      const expected = rulesPass(text);
      if (expected) clean++;
      expect(passesRules(text), JSON.stringify(text)).toBe(expected);
    }
    // Both outcomes are well represented.
    expect(clean).toBeGreaterThan(3000);
    expect(clean).toBeLessThan(47_000);
  });

  it('names the same rule as before for a flagged file', () => {
    expect(prescan('version: 1\nimages:\n  - &a x\n')).toBe('node-property');
    expect(prescan('title: "x"#c\n')).toBe('comment-without-space');
    expect(prescan('a: 1\n   \nb: 2\n')).toBe('blank-line-with-spaces');
    expect(prescan('version: 1\nimages: [a, b]\n')).toBeNull();
    expect(prescan('version: 1\nimages: [{a: 1}]\n')).toBe('node-property');
  });
});

describe('passesRules, every UTF-16 code unit', () => {
  // Each code unit in the places the rules look at: alone, at a line start, after and before
  // the characters that make a rule match, after a line break of each kind.
  const templates = [
    'X',
    'a: X',
    'a: bX',
    'a: X\n',
    'X&b',
    'X*b',
    'X!b',
    'X{b',
    'X?b',
    'X? b',
    'a ?X',
    'Xb#',
    'X#',
    '<X',
    'X<',
    '- X',
    '-X',
    'a\nX',
    'a\r\nX',
    'a\rX',
    'a\u2028X',
    'a\n X\n',
    'a\nX \n',
    ' X',
    'X\n  \nb',
  ];
  const rulesPass = (text: string): boolean => !PRESCAN_RULES.some(([, re]) => re.test(text));

  it('agrees with the rules for every code unit in every template', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      for (const template of templates) {
        const text = template.replace('X', ch);
        if (passesRules(text) !== rulesPass(text)) wrong.push(JSON.stringify(text));
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
