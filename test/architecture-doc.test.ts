// docs/architecture.md is the map of the code: every file or folder it names must exist, and it
// must name the file of each step of the data path.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

const doc = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
const named = [
  ...doc.matchAll(/`((?:src|test|schemas|docs|scripts)\/[^`\s]*|\.dependency-cruiser\.cjs)`/g),
].map((m) => m[1]!);

describe('docs/architecture.md', () => {
  it('names files, and every one exists', () => {
    expect(named.length).toBeGreaterThan(30);
    const missing = named.filter((p) => !existsSync(path.join(ROOT, p)));
    expect(missing).toEqual([]);
  });

  it('names the file of each step of the data path', () => {
    const table = doc.slice(doc.indexOf('## The data path'), doc.indexOf('## Folders'));
    for (const step of ['read', 'parse', 'validate', 'plan', 'render', 'guard', 'apply', 'next state']) {
      const row = table.split('\n').find((l) => new RegExp(`^\\| ${step} +\\|`).test(l));
      expect(row, step).toMatch(/`src\/[^`]+\.ts`/);
    }
  });
});
