// Fixture-driven: every invalid fixture yields its expected first issue at the exact
// file:line:column; every valid fixture yields none.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDesired } from '../src/adapters/image-files.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const PATTERNS = ['images/**/*.yaml', 'images/**/*.yml'];

interface Expected {
  file: string;
  line: number;
  column: number;
  code: string;
}

const invalid = readdirSync(path.join(FIXTURES, 'invalid')).sort();
const valid = readdirSync(path.join(FIXTURES, 'valid')).sort();

describe('invalid fixtures', () => {
  it.each(invalid)('%s', async (name) => {
    const cwd = path.join(FIXTURES, 'invalid', name);
    const { issues } = await readDesired({ cwd, patterns: PATTERNS });
    expect(issues.length).toBeGreaterThan(0);
    const expectedFile = path.join(cwd, 'expected.json');
    if (existsSync(expectedFile)) {
      const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected;
      const first = issues[0]!;
      expect({ file: first.file, line: first.line, column: first.column, code: first.code }).toEqual(
        expected,
      );
    }
  });
});

describe('valid fixtures', () => {
  it.each(valid)('%s', async (name) => {
    const { desired, issues } = await readDesired({
      cwd: path.join(FIXTURES, 'valid', name),
      patterns: PATTERNS,
    });
    expect(issues).toEqual([]);
    expect(desired.images.length).toBeGreaterThan(0);
  });
});
