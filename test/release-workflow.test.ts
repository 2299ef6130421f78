// The shell steps of .github/workflows/release.yml, run for real in a temporary git repository:
// the checks refuse a tag off main, a tag that is not package.json's version and a release
// without a CHANGELOG section; the release step moves the major tag and creates the release
// with the CHANGELOG section and the pins as notes (`gh` is a stand-in that records its call).

import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { asRecord, steps, type Doc } from './support/workflow-policy.js';
import { ROOT } from './support/cli.js';

const workflow = parse(await readFile(path.join(ROOT, '.github/workflows/release.yml'), 'utf8')) as Doc;
const jobs = asRecord(workflow.jobs);
const stepNamed = (job: string, prefix: string): string => {
  const step = steps({ jobs: { [job]: jobs[job] } }).find(
    (s) => typeof s.name === 'string' && s.name.startsWith(prefix),
  );
  if (typeof step?.run !== 'string') throw new Error(`no step "${prefix}…" in job ${job}`);
  return step.run;
};
const CHECKS = stepNamed('verify', 'The tag is a commit of main');
const MOVE_TAG = stepNamed('release', 'Move the major tag');
const CREATE = stepNamed('release', 'Create the release');

let dir: string;
let remote: string;
let onMain: string;
let offMain: string;
let bin: string;
const git = async (...args: string[]): Promise<string> =>
  (await execa('git', args, { cwd: dir })).stdout.trim();

beforeAll(async () => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'fwsync-release-'));
  dir = path.join(base, 'work');
  remote = path.join(base, 'remote.git');
  await execa('git', ['init', '-q', '--bare', remote]);
  await mkdir(dir);
  await git('init', '-q', '-b', 'main');
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'fwsync', version: '1.2.3' }));
  await writeFile(
    path.join(dir, 'CHANGELOG.md'),
    '# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2026-01-02\n\n### Added\n\n- A thing.\n\n## [1.2.2] - 2026-01-01\n\n- Old.\n\n[1.2.3]: https://example.invalid\n',
  );
  await git('add', '-A');
  await git('-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-qm', 'release');
  onMain = await git('rev-parse', 'HEAD');
  await git('remote', 'add', 'origin', remote);
  await git('push', '-q', 'origin', 'main');
  await git('fetch', '-q', 'origin');
  await git('checkout', '-q', '-b', 'side');
  await git(
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@t.invalid',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    'side',
  );
  offMain = await git('rev-parse', 'HEAD');
  await git('checkout', '-q', 'main');
  // A `gh` that records how it was called and the notes it was given.
  bin = path.join(base, 'bin');
  await mkdir(bin);
  await writeFile(
    path.join(bin, 'gh'),
    '#!/bin/sh\nprintf "%s\\n" "$@" > "$RUNNER_TEMP/gh-args"\ncp "$RUNNER_TEMP/notes.md" "$RUNNER_TEMP/notes-given.md"\n',
  );
  await chmod(path.join(bin, 'gh'), 0o755);
});
afterAll(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

const run = (script: string, env: Record<string, string>) =>
  execa('bash', ['-e', '-c', script], {
    cwd: dir,
    reject: false,
    env: {
      ...env,
      RUNNER_TEMP: path.dirname(dir),
      PATH: `${bin}:${process.env.PATH ?? ''}`,
    },
  });

describe('release workflow steps', () => {
  it('accept a tag of main that is the version and has a CHANGELOG section', async () => {
    const r = await run(CHECKS, { GITHUB_SHA: onMain, GITHUB_REF_NAME: 'v1.2.3' });
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('refuse a tag off main, a tag that is not the version, and a version without a section', async () => {
    const off = await run(CHECKS, { GITHUB_SHA: offMain, GITHUB_REF_NAME: 'v1.2.3' });
    expect(off.exitCode).toBe(1);
    expect(off.stdout).toContain('::error::v1.2.3 is not on main');
    const wrong = await run(CHECKS, { GITHUB_SHA: onMain, GITHUB_REF_NAME: 'v1.2.4' });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stdout).toContain("::error::the tag v1.2.4 is not package.json's version v1.2.3");
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'fwsync', version: '1.2.4' }));
    const noSection = await run(CHECKS, { GITHUB_SHA: onMain, GITHUB_REF_NAME: 'v1.2.4' });
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'fwsync', version: '1.2.3' }));
    expect(noSection.exitCode).toBe(1);
    expect(noSection.stdout).toContain('::error::CHANGELOG.md has no section ## [1.2.4]');
  });

  it('move the major tag to the commit, and create the release with notes and no files', async () => {
    const env = { GITHUB_SHA: onMain, GITHUB_REF_NAME: 'v1.2.3', GITHUB_REPOSITORY: 'fwsync/fwsync' };
    expect((await run(MOVE_TAG, env)).exitCode).toBe(0);
    expect((await execa('git', ['rev-parse', 'refs/tags/v1'], { cwd: remote })).stdout).toBe(onMain);

    const r = await run(CREATE, env);
    expect(r.exitCode).toBe(0);
    const args = (await readFile(path.join(path.dirname(dir), 'gh-args'), 'utf8')).trim().split('\n');
    expect(args).toEqual([
      'release',
      'create',
      'v1.2.3',
      '--verify-tag',
      '--title',
      'v1.2.3',
      '--notes-file',
      path.join(path.dirname(dir), 'notes.md'),
    ]);
    const notes = await readFile(path.join(path.dirname(dir), 'notes-given.md'), 'utf8');
    expect(notes).toContain('### Added\n\n- A thing.');
    expect(notes).not.toContain('Old.');
    expect(notes).not.toContain('example.invalid');
    expect(notes).toContain(`- uses: fwsync/fwsync@${onMain} # v1.2.3`);
    expect(notes).toContain('npm install --save-dev github:fwsync/fwsync#v1.2.3');
  });
});
