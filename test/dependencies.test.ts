// Version floors (docs/failure-cases.md F50), read from what npm actually installed: a lockfile
// update that pulled an older or vulnerable line fails here rather than in production. (F50's
// check of @octokit/plugin-retry's default doNotRetry is moot: src/adapters/github.ts passes
// its own list, with 410 and 451.)
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const require = createRequire(path.join(ROOT, 'package.json'));

function installed(name: string): [number, number, number] {
  const file = require.resolve(`${name}/package.json`);
  const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new Error(`${name}: unreadable version ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const atLeast = (v: [number, number, number], min: [number, number, number]) =>
  v[0] !== min[0] ? v[0] > min[0] : v[1] !== min[1] ? v[1] > min[1] : v[2] >= min[2];

describe('dependency floors', () => {
  it('yaml is at least 2.8.3 (deep-nesting fix) and still 2.x', () => {
    const v = installed('yaml');
    expect(v[0]).toBe(2);
    expect(atLeast(v, [2, 8, 3]), v.join('.')).toBe(true);
  });

  it('ajv is 8.x (never 6.x: CVE-2020-15366), ajv-formats 3.x', () => {
    expect(installed('ajv')[0]).toBe(8);
    expect(installed('ajv-formats')[0]).toBe(3);
  });

  it('the lockfile is committed and npm ci is what CI runs', () => {
    expect(existsSync(path.join(ROOT, 'package-lock.json'))).toBe(true);
    expect(readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/\bnpm ci\b/);
  });

  it('floors compare as versions, not strings', () => {
    expect(atLeast([2, 10, 0], [2, 8, 3])).toBe(true);
    expect(atLeast([2, 8, 2], [2, 8, 3])).toBe(false);
    expect(atLeast([3, 0, 0], [2, 8, 3])).toBe(true);
  });
});
