import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headCommit, isGitRepo } from '../src/adapters/git.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-git-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: dir,
    },
  }).trim();

describe('git', () => {
  it('gives the HEAD sha of a repository, also from a subfolder, and follows new commits', async () => {
    const repo = path.join(dir, 'repo');
    await mkdir(path.join(repo, 'images'), { recursive: true });
    git(repo, 'init', '-q');
    expect(await isGitRepo(repo)).toBe(true);
    expect(await headCommit(repo)).toBeNull(); // no commit yet

    await writeFile(path.join(repo, 'images', 'a.yaml'), 'version: 1\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'first');
    const first = git(repo, 'rev-parse', 'HEAD');
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    expect(await headCommit(repo)).toBe(first);
    expect(await headCommit(path.join(repo, 'images'))).toBe(first);

    git(repo, 'commit', '-q', '--allow-empty', '-m', 'second');
    const second = await headCommit(repo);
    expect(second).not.toBe(first);
    expect(second).toBe(git(repo, 'rev-parse', 'HEAD'));
  });

  it('gives null, without throwing, outside a repository and for a missing folder', async () => {
    // tmpdir may itself sit inside a repository on some machines; a ceiling keeps git from looking up.
    const outside = path.join(dir, 'plain');
    await mkdir(outside);
    process.env['GIT_CEILING_DIRECTORIES'] = dir;
    try {
      expect(await headCommit(outside)).toBeNull();
      expect(await isGitRepo(outside)).toBe(false);
      expect(await headCommit(path.join(dir, 'missing'))).toBeNull();
      expect(await isGitRepo(path.join(dir, 'missing'))).toBe(false);
    } finally {
      delete process.env['GIT_CEILING_DIRECTORIES'];
    }
  });

  it('gives null when git is not installed', async () => {
    const saved = process.env['PATH'];
    process.env['PATH'] = path.join(dir, 'no-bin');
    try {
      expect(await headCommit(dir)).toBeNull();
      expect(await isGitRepo(dir)).toBe(false);
    } finally {
      process.env['PATH'] = saved;
    }
  });
});
