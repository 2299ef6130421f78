// One version everywhere: package.json, the lock file, the CLI (--version, -v, -V, version),
// the plan JSON, the Action's comment footer, the workflow example's pin comment and the
// CHANGELOG's latest release.

import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { versionFooter } from '../src/render/markdown.js';
import { VERSION } from '../src/version.js';
import { ROOT, runCli } from './support/cli.js';

const version = pkg.version;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-versions-'));
  await mkdir(path.join(dir, 'images'));
  await writeFile(
    path.join(dir, 'images/a.yaml'),
    'version: 1\nimages:\n  - guid: 5fd001ce-5db8-4e84-9010-e29499eadb3f\n    title: T\n    description: D\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the version', () => {
  it('is semver, and the source reads it from package.json', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(VERSION).toBe(version);
  });

  it.each([['--version'], ['-v'], ['-V'], ['version']])('fwsync %s prints it', async (flag) => {
    const r = await runCli([flag], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: version, stderr: '' });
  });

  it('the plan JSON carries it', async () => {
    const r = await runCli(['plan', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { fwsync_version: unknown }).fwsync_version).toBe(version);
  });

  it("the Action's comment footer names it", () => {
    // test/e2e-action.test.ts checks that a posted comment ends with this footer.
    expect(versionFooter(VERSION)).toBe(`\n<sub>fwsync ${version}</sub>\n`);
  });

  it('the lock file, the example workflow and the CHANGELOG agree', async () => {
    const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      version: string;
      packages: Record<string, { version?: string }>;
    };
    expect(lock.version).toBe(version);
    expect(lock.packages['']?.version).toBe(version);
    const example = await readFile(path.join(ROOT, 'examples/workflows/fwsync.yml'), 'utf8');
    const pins = [...example.matchAll(/uses: fwsync\/fwsync@[0-9a-f]{40} # v(\S+)/g)].map((m) => m[1]);
    expect(pins).toEqual([version, version]);
    const changelog = await readFile(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    const releases = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]);
    expect(releases[0]).toBe('Unreleased');
    expect(releases[1]).toBe(version);
  });
});
