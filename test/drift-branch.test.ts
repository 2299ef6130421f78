// The drift job's branch against a bare remote: created from HEAD plus one commit, rebuilt (not
// stacked) by the next run, and left alone when a person committed to it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pushDriftBranch } from '../src/adapters/drift-branch.js';
import { ACTIONS_BOT_AUTHOR } from '../src/adapters/git.js';

const env = {
  GIT_AUTHOR_NAME: 'Someone',
  GIT_AUTHOR_EMAIL: 'someone@example.invalid',
  GIT_COMMITTER_NAME: 'Someone',
  GIT_COMMITTER_EMAIL: 'someone@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};
const git = async (cwd: string, ...args: string[]): Promise<string> =>
  (await execa('git', args, { cwd, env })).stdout;

describe('pushDriftBranch', () => {
  let dir = '';
  let remote = '';
  let work = '';
  const BRANCH = 'fwsync/drift';

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-drift-branch-'));
    remote = path.join(dir, 'origin.git');
    work = path.join(dir, 'work');
    await execa('git', ['init', '--bare', '-q', '-b', 'main', remote], { env });
    await execa('git', ['clone', '-q', remote, work], { env });
    await writeFile(path.join(work, 'a.yaml'), 'title: one\n');
    await git(work, 'add', '.');
    await git(work, 'commit', '-q', '-m', 'initial');
    await git(work, 'push', '-q', 'origin', 'HEAD:main');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = () =>
    pushDriftBranch({ cwd: work, branch: BRANCH, files: ['a.yaml'], message: 'fwsync: pull live edits' });

  it('creates the branch as HEAD plus one bot commit, leaving the checkout on main', async () => {
    await writeFile(path.join(work, 'a.yaml'), 'title: two\n');
    const r = await run();
    expect(r).toMatchObject({ pushed: true, replaced: null });
    expect(await git(remote, 'show', `${BRANCH}:a.yaml`)).toBe('title: two');
    expect(await git(remote, 'log', '--format=%ae %s', BRANCH)).toBe(
      `${ACTIONS_BOT_AUTHOR.email} fwsync: pull live edits\nsomeone@example.invalid initial`,
    );
    expect(await git(work, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(await git(work, 'diff', '--cached', '--name-only')).toBe('');
  });

  it('a second run rebuilds the branch from HEAD (one commit, lease on the old sha)', async () => {
    await writeFile(path.join(work, 'a.yaml'), 'title: two\n');
    const first = await run();
    await writeFile(path.join(work, 'a.yaml'), 'title: three\n');
    const second = await run();
    expect(second).toMatchObject({ pushed: true, replaced: first.pushed ? first.sha : 'x' });
    expect(await git(remote, 'show', `${BRANCH}:a.yaml`)).toBe('title: three');
    expect((await git(remote, 'rev-list', '--count', BRANCH)).trim()).toBe('2');
  });

  it('never replaces a branch someone else committed to', async () => {
    await writeFile(path.join(work, 'a.yaml'), 'title: two\n');
    await run();
    const other = path.join(dir, 'other');
    await execa('git', ['clone', '-q', '-b', BRANCH, remote, other], { env });
    await writeFile(path.join(other, 'a.yaml'), 'title: fixed by hand\n');
    await git(other, 'commit', '-q', '-am', 'by hand');
    await git(other, 'push', '-q', 'origin', BRANCH);
    const before = await git(remote, 'rev-parse', BRANCH);

    await writeFile(path.join(work, 'a.yaml'), 'title: three\n');
    const r = await run();
    expect(r).toMatchObject({ pushed: false, reason: 'foreign-commits' });
    expect(await git(remote, 'rev-parse', BRANCH)).toBe(before);
  });

  it('pushes nothing when pull wrote nothing', async () => {
    expect(await run()).toMatchObject({ pushed: false, reason: 'unchanged' });
    await expect(git(remote, 'rev-parse', '--verify', '--quiet', BRANCH)).rejects.toThrow();
  });
});
