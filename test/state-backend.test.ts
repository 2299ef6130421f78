import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHub } from '../src/adapters/github.js';
import { shardDir, shardsNamedBy } from '../src/adapters/state-shards.js';
import { writeState } from '../src/adapters/state-store.js';
import { hashFields } from '../src/core/canonical.js';
import type { State } from '../src/core/types.js';
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
    expect(await loadStateFromBranch(gh, base)).toEqual({ content: null, sha: null, shards: new Map() });
    const mainHead = fake.branchHead('main');
    const first = await persistStateBranch(gh, { ...base, content: '{"serial":1}\n', sha: null });
    expect(fake.calls.find((c) => c.method === 'POST' && c.path.endsWith('/git/refs'))?.body).toEqual({
      ref: 'refs/heads/fwsync-state',
      sha: mainHead,
    });
    expect(fake.file('fwsync-state', STATE)).toBe('{"serial":1}\n');
    expect(fake.file('main', STATE)).toBeNull();

    const read = await loadStateFromBranch(gh, base);
    expect(read).toEqual({ content: '{"serial":1}\n', sha: first.sha, shards: new Map() });
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

describe('the branch backend with a sharded state (contents API)', () => {
  let fake: FakeGitHub;
  let gh: GitHub;
  let dir = '';
  const LINEAGE = '3f0d8c1e-5db8-4e84-9010-e29499eadb3f';
  const base = { branch: 'fwsync-state', path: STATE, baseBranch: 'main', message: 'fwsync: state' };

  function stateOf(serial: number, titles: string[]): State {
    const images: State['images'] = {};
    titles.forEach((title, k) => {
      const applied = { title, description: `Image ${k}.` };
      // Guids spread over first hex digits, so they land in different shards.
      const guid = `${k.toString(16)}${'0'.repeat(7)}-5db8-4e84-9010-${k.toString(16).padStart(12, '0')}`;
      images[guid] = {
        applied,
        hash: hashFields(applied),
        applied_at: '2026-11-27T10:00:00.000Z',
        source: `images/${k}.yaml`,
        commit: null,
      };
    });
    const files: State['files'] = {};
    for (const [guid, image] of Object.entries(images))
      files[image.source] = { hash: `sha256:${'b'.repeat(64)}`, guids: [guid] };
    return { version: 1, lineage: LINEAGE, serial, images, files };
  }

  /** Writes the state as the apply does, and returns the manifest and the shards it names. */
  async function written(state: State, expected: { lineage: string; serial: number } | null) {
    const file = join(dir, STATE);
    await writeState(file, state, { expected });
    const text = await readFile(file, 'utf8');
    const shards = new Map<string, Buffer>();
    for (const { file: name } of shardsNamedBy(text))
      shards.set(name, await readFile(join(shardDir(file), name)));
    return { text, shards };
  }

  const shardPath = (name: string) => `.fwsync/state.shards/${name}`;
  const onBranch = (name: string) => fake.file('fwsync-state', shardPath(name));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fwsync-branch-shards-'));
    fake = await startFakeGitHub({ branches: { main: { 'README.md': 'x\n' } } });
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
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the shards first and the manifest last, reads them back at one commit, and removes what neither manifest names', async () => {
    const titles = ['a', 'b', 'c', 'd'];
    const v1 = await written(stateOf(1, titles), null);
    expect(v1.shards.size).toBeGreaterThan(2);
    const first = await persistStateBranch(gh, { ...base, content: v1.text, sha: null, shards: v1.shards });
    expect(first).toMatchObject({ written: v1.shards.size, removed: 0, warnings: [] });
    const puts = fake.calls.filter((c) => c.method === 'PUT').map((c) => decodeURIComponent(c.path));
    expect(puts.at(-1)).toMatch(/\/contents\/\.fwsync\/state\.json$/);
    expect(puts.slice(0, -1).every((p) => p.includes('/state.shards/'))).toBe(true);
    for (const [name, bytes] of v1.shards) expect(onBranch(name)).toBe(bytes.toString('utf8'));

    const read = await loadStateFromBranch(gh, base);
    expect(read.content).toBe(v1.text);
    expect(read.sha).toBe(first.sha);
    expect([...read.shards.keys()].sort()).toEqual([...v1.shards.keys()].sort());
    for (const [name, bytes] of read.shards) expect(bytes.equals(v1.shards.get(name)!)).toBe(true);

    // Two more writes, each changing one image: the second removes the shards only the first named.
    const v2 = await written(stateOf(2, ['a2', 'b', 'c', 'd']), { lineage: LINEAGE, serial: 1 });
    const keep2 = new Set(shardsNamedBy(v1.text).map((s) => s.file));
    const mark2 = fake.calls.length;
    const second = await persistStateBranch(gh, {
      ...base,
      content: v2.text,
      sha: read.sha,
      shards: v2.shards,
      keep: keep2,
    });
    const changed2 = [...v2.shards.keys()].filter((n) => !v1.shards.has(n));
    expect(changed2.length).toBeGreaterThanOrEqual(1);
    expect(changed2.length).toBeLessThanOrEqual(2);
    expect(second).toMatchObject({ written: changed2.length, removed: 0 });
    // Only the new shards and the manifest were written, the manifest with the sha read.
    const puts2 = fake.calls.slice(mark2).filter((c) => c.method === 'PUT');
    expect(puts2).toHaveLength(changed2.length + 1);
    expect(puts2.at(-1)!.body).toMatchObject({ sha: first.sha });

    const v3 = await written(stateOf(3, ['a2', 'b3', 'c', 'd']), { lineage: LINEAGE, serial: 2 });
    const keep3 = new Set(shardsNamedBy(v2.text).map((s) => s.file));
    const gone = [...v1.shards.keys()].filter((n) => !v3.shards.has(n) && !keep3.has(n));
    expect(gone.length).toBeGreaterThanOrEqual(1);
    // Every removal fails (a 500 that outlasts the client's retries): warnings, not an error.
    fake.failures.contentsDelete500 = 1000;
    const third = await persistStateBranch(gh, {
      ...base,
      content: v3.text,
      sha: second.sha,
      shards: v3.shards,
      keep: keep3,
    });
    fake.failures.contentsDelete500 = 0;
    expect(third.removed).toBe(0);
    expect(third.warnings).toHaveLength(gone.length);
    for (const w of third.warnings)
      expect(w).toMatch(/Could not remove the unused shard .*next apply retries/);
    expect(fake.file('fwsync-state', STATE)).toBe(v3.text);
    for (const name of gone) expect(onBranch(name)).not.toBeNull();

    // The next write removes them (and keeps what the third manifest, now the backup, names).
    const v4 = await written(stateOf(4, ['a2', 'b3', 'c4', 'd']), { lineage: LINEAGE, serial: 3 });
    const keep4 = new Set(shardsNamedBy(v3.text).map((s) => s.file));
    const fourth = await persistStateBranch(gh, {
      ...base,
      content: v4.text,
      sha: third.sha,
      shards: v4.shards,
      keep: keep4,
    });
    expect(fourth.warnings).toEqual([]);
    for (const name of gone) expect(onBranch(name)).toBeNull();
    expect(fourth.removed).toBeGreaterThanOrEqual(gone.length);
    for (const c of fake.calls.filter((c) => c.method === 'DELETE')) {
      const body = c.body as { branch: string; sha: string };
      expect(body.branch).toBe('fwsync-state');
      expect(body.sha).toMatch(/^[0-9a-f]{40}$/);
    }
    const onTheBranch = new Set(
      [...v1.shards.keys(), ...v2.shards.keys(), ...v3.shards.keys(), ...v4.shards.keys()].filter(
        (n) => onBranch(n) !== null,
      ),
    );
    expect(onTheBranch).toEqual(new Set([...keep4, ...v4.shards.keys()]));

    // A fresh read gives the third state, whole.
    const again = await loadStateFromBranch(gh, base);
    expect(again.content).toBe(v4.text);
    expect([...again.shards.keys()].sort()).toEqual([...v4.shards.keys()].sort());
  });

  it('refuses when the manifest moved meanwhile, after writing only new shards', async () => {
    const v1 = await written(stateOf(1, ['a', 'b']), null);
    await persistStateBranch(gh, { ...base, content: v1.text, sha: null, shards: v1.shards });
    const read = await loadStateFromBranch(gh, base);
    fake.commitFile('fwsync-state', STATE, 'theirs\n');
    const v2 = await written(stateOf(2, ['a2', 'b']), { lineage: LINEAGE, serial: 1 });
    const err = await persistStateBranch(gh, {
      ...base,
      content: v2.text,
      sha: read.sha,
      shards: v2.shards,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as FwsyncError).kind).toBe('refused');
    expect(fake.file('fwsync-state', STATE)).toBe('theirs\n');
    // Nothing the first manifest named was removed.
    for (const name of v1.shards.keys()) expect(onBranch(name)).not.toBeNull();
    expect(fake.calls.filter((c) => c.method === 'DELETE')).toEqual([]);
  });

  it('says which shard is missing when the branch manifest names one that is not there', async () => {
    const v1 = await written(stateOf(1, ['a', 'b']), null);
    const [name, bytes] = [...v1.shards][0]!;
    const rest = new Map([...v1.shards].filter(([n]) => n !== name));
    await persistStateBranch(gh, { ...base, content: v1.text, sha: null, shards: rest });
    expect(bytes.length).toBeGreaterThan(0);
    await expect(loadStateFromBranch(gh, base)).rejects.toThrow(
      new RegExp(
        `names the shard \\.fwsync/state\\.shards/${name.replace(/\./g, '\\.')}, which is not on the branch`,
      ),
    );
  });
});
