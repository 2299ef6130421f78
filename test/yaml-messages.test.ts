// The messages a person meets first when an image file is wrong: tabs, a repeated key, a quote
// never closed, a guid used twice. Each is read on both YAML paths: the fast path must decline
// the file (it never explains errors), and the strict path (directly, and through
// parseImagesText, which tries the fast path first) gives one message that says where and what.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDesired } from '../src/adapters/image-files.js';
import { loadFast, parseFast } from '../src/adapters/yaml/fast.js';
import { parseImagesText, parseSlow } from '../src/adapters/yaml/parse-images.js';
import type { Issue } from '../src/core/types.js';

const G1 = '5eed0000-0000-4000-8000-000000000001';
const G2 = '5eed0000-0000-4000-8000-000000000002';

/** The issues of a file on the strict path, after checking that the fast path declines it. */
function issuesOf(text: string): Issue[] {
  expect(parseFast(text).ok).toBe(false);
  const slow = parseSlow(text, 'images/a.yaml');
  const either = parseImagesText(text, 'images/a.yaml');
  expect(either).toStrictEqual(slow);
  return slow.ok ? [] : slow.issues;
}

describe('tabs as indentation', () => {
  it('a whole file indented with tabs: one problem, at the first tab', () => {
    const text = `version: 1\nimages:\n\t- guid: "${G1}"\n\t\ttitle: "x"\n\t\tdescription: "y"\n\t- guid: "${G2}"\n\t\ttitle: "x"\n\t\tdescription: "y"\n`;
    const issues = issuesOf(text);
    expect(issues).toEqual([
      {
        file: 'images/a.yaml',
        line: 3,
        column: 1,
        code: 'yaml-tab-as-indent',
        message: 'YAML does not allow tabs for indentation',
        hint: 'indent with spaces; replace the tabs of this line and of the lines below (most editors can convert indentation to spaces)',
      },
    ]);
    // Not one of the side effects the parser reports after the first tab.
    expect(JSON.stringify(issues)).not.toMatch(/stringKeys|implicit/i);
  });

  it('one tab-indented line in the middle: the problem is on that line', () => {
    const text = `version: 1\nimages:\n  - guid: "${G1}"\n    title: "x"\n\tdescription: "y"\n    visible: true\n`;
    expect(issuesOf(text)).toMatchObject([
      { line: 5, column: 1, code: 'yaml-tab-as-indent', message: 'YAML does not allow tabs for indentation' },
    ]);
  });

  it('a tab after the key (separation, not indentation) is fine on both paths', () => {
    const text = `version: 1\nimages:\n  - guid: "${G1}"\n    title:\t"x"\n    description: "y"\n`;
    expect(parseFast(text).ok).toBe(false); // the pre-scan sends any tab to the strict path
    expect(parseImagesText(text, 'images/a.yaml')).toMatchObject({ ok: true });
  });
});

describe('a repeated key', () => {
  it('names the key and both lines', () => {
    const text = `version: 1\nimages:\n  - guid: "${G1}"\n    title: "x"\n    description: "y"\n    title: "z"\n`;
    // js-yaml alone refuses it too: the fast path declines at the parse, not at the pre-scan.
    expect(loadFast(text)).toMatchObject({ ok: false, reason: 'parse' });
    expect(issuesOf(text)).toEqual([
      {
        file: 'images/a.yaml',
        line: 6,
        column: 5,
        code: 'yaml-duplicate-key',
        message:
          'duplicate key "title": it is already set on line 4 of the same mapping, and again here on line 6',
        hint: 'each key may appear only once in a mapping; remove one of the two "title" lines',
      },
    ]);
  });

  it('at the top level too', () => {
    const text = `version: 1\nimages:\n  - guid: "${G1}"\n    title: "x"\n    description: "y"\nversion: 1\n`;
    expect(issuesOf(text)).toMatchObject([
      {
        line: 6,
        column: 1,
        message:
          'duplicate key "version": it is already set on line 1 of the same mapping, and again here on line 6',
      },
    ]);
  });
});

describe('a quote never closed', () => {
  it.each([
    ['"', 'double'],
    ["'", 'single'],
  ])('%s: points where it opened and says so', (q, kind) => {
    const text = `version: 1\nimages:\n  - guid: "${G1}"\n    title: ${q}Harbour at dawn\n    description: "y"\n    rank: 3\n`;
    expect(issuesOf(text)).toEqual([
      {
        file: 'images/a.yaml',
        line: 4,
        column: 12,
        code: 'yaml-missing-char',
        message: `the ${kind}-quoted string that opens here is never closed`,
        hint: `add the closing ${q}; a string that goes on over several lines needs its next lines indented further than its key`,
      },
    ]);
  });
});

describe('a guid used twice', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fwsync-msgs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const image = (guid: string): string => `  - guid: "${guid}"\n    title: "t"\n    description: ""\n`;
  // The comment holds `&`, which sends a file to the strict path without moving any line.
  it.each([
    ['the fast path', ''],
    ['the strict path', '# Fish & Chips\n'],
  ])('names file:line of both places (%s)', async (_label, tail) => {
    write('images/a.yaml', `version: 1\nimages:\n${image(G2)}${image(G1)}${tail}`);
    write('images/b.yaml', `version: 1\nimages:\n${image(G1)}${tail}`);
    expect(parseFast(`version: 1\nimages:\n${image(G1)}${tail}`).ok).toBe(tail === '');
    const { issues } = await readDesired({ cwd: dir, patterns: ['images/*.yaml'] });
    expect(issues.map((i) => `${i.file}:${i.line} ${i.message}`)).toEqual([
      `images/b.yaml:3 guid ${G1} is used twice: here and at images/a.yaml:6`,
    ]);
  });
});
