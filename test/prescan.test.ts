// The pre-scan's multi-line-quote check was rewritten to walk offsets instead of splitting the
// text into line strings (it runs over every line of every parsed file). This holds it to the
// line-splitting version it replaced, on hand-picked lines and on generated YAML-like text.

import { describe, expect, it } from 'vitest';
import { opensMultilineQuote } from '../src/adapters/yaml/prescan.js';

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
    let seed = 99;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
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
