import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHub } from '../src/adapters/github.js';
import type { GitHub } from '../src/adapters/github.js';
import { loadStateFromBranch, persistStateBranch } from '../src/action/state-backend/branch.js';
import { persistStateCommit } from '../src/action/state-backend/commit.js';
import { FwsyncError } from '../src/errors.js';
import { startFakeGitHub } from './support/fake-github.js';
import type { FakeGitHub } from './support/fake-github.js';

const STATE = '.fwsync/state.json';
const env = {
  GIT_AUTHOR_NAME: 'Someone',
  GIT_AUTHOR_EMAIL: 'someone@example.invalid',
  GIT_COMMITTER_NAME: 'Someone',
  GIT_COMMITTER_EMAIL: 'someone@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await execa('git', args, { cwd, env })).stdout;
}

describe('persistStateCommit (git push to a bare origin)', () => {
  let dir = '';
  let remote = '';

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fwsync-state-'));
    remote = join(dir, 'origin.git');
    await execa('git', ['init', '--bare', '-q', '-b', 'main', remote], { env });
    const seed = join(dir, 'seed');
    await execa('git', ['clone', '-q', remote, seed], { env });
    await mkdir(join(seed, '.fwsync'));
    await writeFile(join(seed, STATE), '{\n  "serial": 1\n}\n');
    await writeFile(join(seed, 'README.md'), 'images\n');
    await git(seed, 'add', '.');
    await git(seed, 'commit', '-q', '-m', 'initial');
    await git(seed, 'push', '-q', 'origin', 'HEAD:main');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // A shallow clone, as actions/checkout makes by default.
  async function clone(name: string): Promise<string> {
    const path = join(dir, name);
    await execa('git', ['clone', '-q', '--depth', '1', `file://${remote}`, path], { env });
    return path;
  }
  const remoteLog = async (): Promise<string[]> =>
    (await git(remote, 'log', '--format=%s', 'main')).split('\n').filter(Boolean);

  it('commits only the state file and pushes it to the branch', async () => {
    const a = await clone('a');
    await writeFile(join(a, STATE), '{\n  "serial": 2\n}\n');
    await writeFile(join(a, 'README.md'), 'staged but not ours\n');
    await git(a, 'add', 'README.md');
    const r = await persistStateCommit({
      cwd: a,
      statePath: STATE,
      branch: 'main',
      message: 'fwsync: state serial 2',
    });
    expect(r).toMatchObject({ committed: true, attempts: 1 });
    expect(r.sha).toBe(await git(remote, 'rev-parse', 'main'));
    expect(await remoteLog()).toEqual(['fwsync: state serial 2', 'initial']);
    expect(await git(remote, 'show', '--name-only', '--format=%an <%ae>', 'main')).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\n\n' + STATE,
    );
    expect(await git(remote, 'show', `main:${STATE}`)).toContain('"serial": 2');
  });

  it('does not commit when the state file is unchanged', async () => {
    const a = await clone('a');
    const r = await persistStateCommit({ cwd: a, statePath: STATE, branch: 'main', message: 'noop' });
    expect(r).toEqual({ committed: false, sha: null, attempts: 0 });
    expect(await remoteLog()).toEqual(['initial']);
  });

  it('when another clone pushed first, fetches, rebases and pushes without force', async () => {
    const a = await clone('a');
    const b = await clone('b');
    await writeFile(join(b, 'README.md'), 'someone merged a change\n');
    await git(b, 'commit', '-q', '-am', 'other change');
    await git(b, 'push', '-q', 'origin', 'HEAD:main');

    await writeFile(join(a, STATE), '{\n  "serial": 2\n}\n');
    const r = await persistStateCommit({
      cwd: a,
      statePath: STATE,
      branch: 'main',
      message: 'fwsync: state',
    });
    expect(r.committed).toBe(true);
    expect(r.attempts).toBe(2);
    expect(await remoteLog()).toEqual(['fwsync: state', 'other change', 'initial']);
    expect(await git(remote, 'show', 'main:README.md')).toBe('someone merged a change');
  });

  it('a real conflict on the state file aborts the rebase and leaves the remote alone', async () => {
    const a = await clone('a');
    const b = await clone('b');
    await writeFile(join(b, STATE), '{\n  "serial": 7\n}\n');
    await git(b, 'commit', '-q', '-am', 'other apply');
    await git(b, 'push', '-q', 'origin', 'HEAD:main');
    const before = await git(remote, 'rev-parse', 'main');

    await writeFile(join(a, STATE), '{\n  "serial": 2\n}\n');
    const err = await persistStateCommit({
      cwd: a,
      statePath: STATE,
      branch: 'main',
      message: 'fwsync: state',
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FwsyncError);
    expect((err as FwsyncError).kind).toBe('refused');
    expect((err as FwsyncError).message).toMatch(/\.fwsync\/state\.json was changed on main by another run/);
    expect((err as FwsyncError).hint).toMatch(/Re-run the apply/);
    expect(await git(remote, 'rev-parse', 'main')).toBe(before);
    expect(existsSync(join(a, '.git', 'rebase-merge')) || existsSync(join(a, '.git', 'rebase-apply'))).toBe(
      false,
    );
    expect(await git(a, 'status', '--porcelain')).toBe('');
  });

  it('gives up after maxAttempts when the branch keeps moving', async () => {
    const a = await clone('a');
    const b = await clone('b');
    await writeFile(join(b, 'README.md'), 'moved\n');
    await git(b, 'commit', '-q', '-am', 'moved');
    await git(b, 'push', '-q', 'origin', 'HEAD:main');
    await writeFile(join(a, STATE), '{\n  "serial": 2\n}\n');
    await expect(
      persistStateCommit({ cwd: a, statePath: STATE, branch: 'main', message: 's', maxAttempts: 1 }),
    ).rejects.toThrow(/kept moving \(1 attempts\)/);
    expect(await remoteLog()).toEqual(['moved', 'initial']);
  });

  it('refuses a branch name that git would read as an option', async () => {
    await expect(
      persistStateCommit({ cwd: dir, statePath: STATE, branch: '--force', message: 's' }),
    ).rejects.toBeInstanceOf(FwsyncError);
  });
});

describe('branch backend (contents API)', () => {
  let fake: FakeGitHub;
  let gh: GitHub;
  beforeEach(async () => {
    fake = await startFakeGitHub({ branches: { main: { 'README.md': 'hi\n' } } });
    gh = createGitHub({
      token: 'ghs_x',
      apiUrl: fake.url,
      owner: fake.owner,
      repo: fake.repo,
      timing: { retryBaseMs: 1, throttleWrites: false },
    });
  });
  afterEach(async () => {
    await fake.close();
  });
  const base = { branch: 'fwsync-state', path: STATE, baseBranch: 'main', message: 'fwsync: state' };

  it('creates the branch from the default branch, then writes with the previous sha', async () => {
    expect(await loadStateFromBranch(gh, base)).toEqual({ content: null, sha: null });
    const mainHead = fake.branchHead('main');
    const first = await persistStateBranch(gh, { ...base, content: '{"serial":1}\n', sha: null });
    expect(fake.calls.find((c) => c.method === 'POST' && c.path.endsWith('/git/refs'))?.body).toEqual({
      ref: 'refs/heads/fwsync-state',
      sha: mainHead,
    });
    expect(fake.file('fwsync-state', STATE)).toBe('{"serial":1}\n');
    expect(fake.file('main', STATE)).toBeNull();

    const read = await loadStateFromBranch(gh, base);
    expect(read).toEqual({ content: '{"serial":1}\n', sha: first.sha });
    await persistStateBranch(gh, { ...base, content: '{"serial":2}\n', sha: read.sha });
    const puts = fake.calls.filter((c) => c.method === 'PUT');
    expect(puts).toHaveLength(2);
    expect(puts[0]!.body).not.toHaveProperty('sha');
    expect(puts[1]!.body).toMatchObject({ sha: first.sha, branch: 'fwsync-state', message: 'fwsync: state' });
    expect(fake.file('fwsync-state', STATE)).toBe('{"serial":2}\n');
    expect(fake.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('refuses to overwrite when the file changed since it was read', async () => {
    await persistStateBranch(gh, { ...base, content: '{"serial":1}\n', sha: null });
    const read = await loadStateFromBranch(gh, base);
    fake.commitFile('fwsync-state', STATE, '{"serial":5}\n');
    const err = await persistStateBranch(gh, { ...base, content: '{"serial":2}\n', sha: read.sha }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FwsyncError);
    expect((err as FwsyncError).kind).toBe('refused');
    expect((err as FwsyncError).message).toMatch(/changed since it was read/);
    expect(fake.file('fwsync-state', STATE)).toBe('{"serial":5}\n');
  });

  it('refuses a create when someone else created the file first', async () => {
    fake.commitFile('main', 'x', 'y');
    await persistStateBranch(gh, { ...base, content: 'theirs\n', sha: null });
    await expect(persistStateBranch(gh, { ...base, content: 'ours\n', sha: null })).rejects.toThrow(
      /changed since it was read \(no file →/,
    );
    expect(fake.file('fwsync-state', STATE)).toBe('theirs\n');
  });

  it('reads a state file over 1 MB through the blob API', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(1_100_000) }) + '\n';
    await persistStateBranch(gh, { ...base, content: big, sha: null });
    const read = await loadStateFromBranch(gh, base);
    expect(read.content).toBe(big);
    expect(fake.calls.some((c) => c.path.includes('/git/blobs/'))).toBe(true);
  });
});
