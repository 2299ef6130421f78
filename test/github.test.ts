import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  commentMarker,
  createGitHub,
  parseCommentMarker,
  pullNumberFromMessage,
} from '../src/adapters/github.js';
import type { CreateGitHubOptions, GitHub } from '../src/adapters/github.js';
import { FwsyncError } from '../src/errors.js';
import { startFakeGitHub } from './support/fake-github.js';
import type { FakeGitHub, FakeGitHubOptions } from './support/fake-github.js';

const TOKEN = 'ghs_SECRETtoken0123456789';
const HEAD = 'a'.repeat(40);
const NEWER = 'b'.repeat(40);
const PR = 7;

let fake: FakeGitHub | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

async function setup(
  opts: FakeGitHubOptions = {},
  gh: Partial<CreateGitHubOptions> = {},
): Promise<{ fake: FakeGitHub; gh: GitHub; logs: string[] }> {
  fake = await startFakeGitHub({ pulls: [{ number: PR, head_sha: HEAD }], ...opts });
  const logs: string[] = [];
  const client = createGitHub({
    token: TOKEN,
    apiUrl: fake.url,
    owner: fake.owner,
    repo: fake.repo,
    log: (m) => logs.push(m),
    timing: { retryBaseMs: 1, throttleWrites: false },
    ...gh,
  });
  return { fake, gh: client, logs };
}

const writes = (f: FakeGitHub, method: string) => f.calls.filter((c) => c.method === method);

describe('upsertStickyComment', () => {
  it('two upserts on one pull request leave exactly one comment, updated in place; the same body again changes nothing', async () => {
    // Real throttling settings here (writes spaced 1 s apart), to show the plugin setup works.
    const { fake, gh } = await setup({}, { timing: { retryBaseMs: 1 } });
    const first = await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'plan one',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:111',
    });
    const second = await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'plan two',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:222',
    });
    expect(first.action).toBe('created');
    expect(second.action).toBe('updated');
    const comments = fake.comments(PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toBe(`<!-- fwsync:plan sha=${HEAD} checksum=sha256:222 -->\nplan two`);
    expect(second.url).toBe(comments[0]!.html_url);

    const patches = writes(fake, 'PATCH').length;
    const third = await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'plan two',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:222',
    });
    expect(third.action).toBe('unchanged');
    expect(writes(fake, 'PATCH')).toHaveLength(patches);
    expect(fake.calls.every((c) => c.auth === 'present')).toBe(true);
  });

  it('updateOnly replaces our comment when there is one and never creates one', async () => {
    const { fake, gh } = await setup({}, { timing: { retryBaseMs: 1 } });
    const base = {
      issueNumber: PR,
      kind: 'plan' as const,
      headSha: HEAD,
      checksum: 'failed',
      updateOnly: true,
    };
    expect(await gh.upsertStickyComment({ ...base, body: 'no plan' })).toEqual({
      action: 'skipped-missing',
      url: null,
    });
    expect(writes(fake, 'POST')).toHaveLength(0);

    await gh.upsertStickyComment({ ...base, updateOnly: false, body: 'plan', checksum: 'sha256:1' });
    const r = await gh.upsertStickyComment({ ...base, body: 'no plan' });
    expect(r.action).toBe('updated');
    expect(fake.comments(PR).map((c) => c.body)).toEqual([
      `<!-- fwsync:plan sha=${HEAD} checksum=failed -->\nno plan`,
    ]);
  });

  it('keeps plan and apply comments apart', async () => {
    const { fake, gh } = await setup();
    await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'plan',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:1',
    });
    await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'applied',
      kind: 'apply',
      headSha: HEAD,
      checksum: 'sha256:1',
    });
    expect(fake.comments(PR).map((c) => parseCommentMarker(c.body)?.kind)).toEqual(['plan', 'apply']);
  });

  it('a run for an older head commit leaves the newer comment alone, and creates nothing when none exists', async () => {
    const { fake, gh } = await setup({ pulls: [{ number: PR, head_sha: NEWER }] });
    const r0 = await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'old',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:0',
    });
    expect(r0).toEqual({ action: 'skipped-stale', url: null });
    expect(fake.comments(PR)).toHaveLength(0);

    await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'newer plan',
      kind: 'plan',
      headSha: NEWER,
      checksum: 'sha256:9',
    });
    const r = await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'older plan',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:1',
    });
    expect(r.action).toBe('skipped-stale');
    expect(fake.comments(PR)).toHaveLength(1);
    expect(fake.comments(PR)[0]!.body).toContain('newer plan');
    expect(writes(fake, 'PATCH')).toHaveLength(0);
  });

  it("ignores a forged marker in another user's comment, and a marker that is not at the start of ours", async () => {
    const { fake, gh } = await setup();
    const forged = `<!-- fwsync:plan sha=${HEAD} checksum=sha256:1 -->\nAPPROVED by @maintainer`;
    fake.addComment(PR, forged, 'mallory');
    const notAtStart = `hello\n<!-- fwsync:plan sha=${HEAD} checksum=sha256:1 -->`;
    fake.addComment(PR, notAtStart, 'fwsync-bot');
    expect(await gh.getPullRequestComment(PR, 'plan')).toBeNull();

    const r = await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'real plan',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:2',
    });
    expect(r.action).toBe('created');
    const bodies = fake.comments(PR).map((c) => c.body);
    expect(bodies).toEqual([
      forged,
      notAtStart,
      `<!-- fwsync:plan sha=${HEAD} checksum=sha256:2 -->\nreal plan`,
    ]);
    expect(writes(fake, 'PATCH')).toHaveLength(0);
    expect(writes(fake, 'DELETE')).toHaveLength(0);
  });

  it('a create that was stored but answered 502 ends with exactly one comment, posted once', async () => {
    const { fake, gh } = await setup({ failures: { createComment502: 1 } });
    const r = await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'plan',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:1',
    });
    expect(r.action).toBe('created');
    expect(fake.comments(PR)).toHaveLength(1);
    expect(writes(fake, 'POST')).toHaveLength(1);
    expect(r.url).toBe(fake.comments(PR)[0]!.html_url);
  });

  it('two runs upserting at the same moment converge to one comment', async () => {
    const { fake, gh } = await setup();
    const other = createGitHub({
      token: TOKEN,
      apiUrl: fake.url,
      owner: fake.owner,
      repo: fake.repo,
      timing: { retryBaseMs: 1, throttleWrites: false },
    });
    const results = await Promise.all([
      gh.upsertStickyComment({
        issueNumber: PR,
        body: 'same plan',
        kind: 'plan',
        headSha: HEAD,
        checksum: 'sha256:1',
      }),
      other.upsertStickyComment({
        issueNumber: PR,
        body: 'same plan',
        kind: 'plan',
        headSha: HEAD,
        checksum: 'sha256:1',
      }),
    ]);
    expect(writes(fake, 'POST')).toHaveLength(2); // both really created one...
    expect(fake.comments(PR)).toHaveLength(1); // ...and the older was deleted
    expect(results.map((r) => r.url)).toEqual([
      fake.comments(PR)[0]!.html_url,
      fake.comments(PR)[0]!.html_url,
    ]);
  });

  it('finds our comment past the first page and deletes older duplicates', async () => {
    const { fake, gh } = await setup({ maxPerPage: 2 });
    const marker = `<!-- fwsync:plan sha=${HEAD} checksum=sha256:1 -->\n`;
    fake.addComment(PR, marker + 'dup one', 'fwsync-bot');
    for (let i = 0; i < 4; i++) fake.addComment(PR, `chatter ${i}`, 'someone');
    fake.addComment(PR, marker + 'dup two', 'fwsync-bot');
    const r = await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'final',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:3',
    });
    expect(r.action).toBe('updated');
    const ours = fake.comments(PR).filter((c) => c.user.login === 'fwsync-bot');
    expect(ours.map((c) => c.body)).toEqual([`<!-- fwsync:plan sha=${HEAD} checksum=sha256:3 -->\nfinal`]);
    expect(fake.calls.some((c) => c.method === 'GET' && c.path.includes('page=3'))).toBe(true);
  });

  it('a read-only token gives "skipped" with a warning instead of an error', async () => {
    const { fake, gh } = await setup({ failures: { readOnly: true } });
    const r = await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'plan',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:1',
    });
    expect(r.action).toBe('skipped');
    expect(r.url).toBeNull();
    expect(r.warning).toMatch(/read-only/);
    expect(r.warning).toMatch(/job summary/);
    expect(fake.comments(PR)).toHaveLength(0);

    // Same when our comment already exists and only an update is needed.
    const ours = fake.addComment(PR, `<!-- fwsync:plan sha=${HEAD} checksum=sha256:0 -->\nold`, 'fwsync-bot');
    const u = await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'new',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:1',
    });
    expect(u.action).toBe('skipped');
    expect(fake.comments(PR)).toEqual([ours]);
  });

  it('comments as github-actions[bot] when the token cannot read /user', async () => {
    const { fake, gh } = await setup({ login: 'github-actions[bot]', failures: { userRefused: true } });
    await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'one',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:1',
    });
    const r = await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'two',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:2',
    });
    expect(r.action).toBe('updated');
    expect(fake.comments(PR)).toHaveLength(1);
  });

  it('refuses a body over 65,536 characters before sending anything', async () => {
    const { fake, gh } = await setup();
    const call = gh.upsertStickyComment({
      issueNumber: PR,
      body: 'x'.repeat(65_536),
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:1',
    });
    await expect(call).rejects.toThrow(/65536/);
    expect(writes(fake, 'POST')).toHaveLength(0);
    const fits = 'x'.repeat(65_536 - `<!-- fwsync:plan sha=${HEAD} checksum=sha256:1 -->\n`.length);
    expect(
      (
        await gh.upsertStickyComment({
          issueNumber: PR,
          body: fits,
          kind: 'plan',
          headSha: HEAD,
          checksum: 'sha256:1',
        })
      ).action,
    ).toBe('created');
  });

  it('rejects a checksum or sha that could break out of the marker', async () => {
    const { gh } = await setup();
    await expect(
      gh.upsertStickyComment({
        issueNumber: PR,
        body: 'b',
        kind: 'plan',
        headSha: HEAD,
        checksum: 'x --> <img>',
      }),
    ).rejects.toBeInstanceOf(FwsyncError);
  });

  it('errors name what failed, never the token', async () => {
    const { gh } = await setup({}, { owner: 'elsewhere' });
    const err = await gh.getPullRequestComment(PR, 'plan').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FwsyncError);
    const text = JSON.stringify({ m: (err as Error).message, c: (err as Error).cause });
    expect(text).toMatch(/listing the comments of #7.*404/);
    expect(text).not.toContain(TOKEN);
  });

  it('getPullRequestComment returns the checksum of our last plan comment', async () => {
    const { gh } = await setup();
    await gh.upsertStickyComment({
      issueNumber: PR,
      body: 'p',
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:abc',
    });
    expect(await gh.getPullRequestComment(PR, 'plan')).toMatchObject({
      kind: 'plan',
      headSha: HEAD,
      checksum: 'sha256:abc',
    });
    expect(await gh.getPullRequestComment(PR, 'apply')).toBeNull();
  });
});

describe('deadlines', () => {
  it('gives each attempt its own deadline and stops after the bounded retries', async () => {
    let requests = 0;
    const silent = createServer(() => void requests++); // never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const gh = createGitHub({
        token: TOKEN,
        apiUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        owner: 'o',
        repo: 'r',
        timeoutMs: 150,
        timing: { retryBaseMs: 1 },
      });
      await expect(gh.getBranchHead('main')).rejects.toThrow(/reading branch main failed.*timeout/);
      expect(requests).toBe(4); // the first try and the plugin's 3 retries, each reaching the server
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('findPullRequestForCommit', () => {
  const MERGE = 'c'.repeat(40);

  it('picks the pull request whose merge commit is the pushed sha among two', async () => {
    const { gh } = await setup({
      pulls: [
        { number: 1, head_sha: HEAD, merge_commit_sha: 'd'.repeat(40), merged_at: '2026-01-01T00:00:00Z' },
        { number: 2, head_sha: NEWER, merge_commit_sha: MERGE, merged_at: '2026-01-02T00:00:00Z' },
      ],
      commitPulls: { [MERGE]: [1, 2] },
    });
    expect(await gh.findPullRequestForCommit(MERGE, 'Merge stuff', { delayMs: 1 })).toBe(2);
  });

  it('retries a bounded number of times while the list is empty, then finds the one pull request', async () => {
    const { fake, gh } = await setup({
      pulls: [{ number: 5, head_sha: HEAD, merge_commit_sha: MERGE }],
      commitPulls: { [MERGE]: [5] },
      failures: { emptyCommitPulls: 2 },
    });
    expect(await gh.findPullRequestForCommit(MERGE, 'no number here', { attempts: 4, delayMs: 1 })).toBe(5);
    expect(fake.calls.filter((c) => c.path.includes('/pulls') && c.path.includes('/commits/'))).toHaveLength(
      3,
    );
  });

  it('falls back to "Title (#123)" when the API stays empty, after exactly `attempts` tries', async () => {
    const { fake, gh } = await setup({
      pulls: [{ number: 123, head_sha: HEAD }],
      failures: { emptyCommitPulls: 100 },
    });
    const body = 'Rename harbour image (#123)\n\n* earlier work (#99)';
    expect(await gh.findPullRequestForCommit(MERGE, body, { attempts: 3, delayMs: 1 })).toBe(123);
    expect(fake.calls.filter((c) => c.path.includes('/commits/'))).toHaveLength(3);
  });

  it('returns null for a direct push with no pull request, and for a (#N) that is not a pull request', async () => {
    const { gh } = await setup({ pulls: [] });
    expect(await gh.findPullRequestForCommit(MERGE, 'Fix typo', { attempts: 2, delayMs: 1 })).toBeNull();
    expect(
      await gh.findPullRequestForCommit(MERGE, 'Fix issue (#44)', { attempts: 1, delayMs: 1 }),
    ).toBeNull();
  });

  it('reads the number from the subject line only', () => {
    expect(pullNumberFromMessage('Title (#12) (#34)\n\nbody (#56)')).toBe(34);
    expect(pullNumberFromMessage('Merge pull request #8 from fork/branch\n\nx')).toBe(8);
    expect(pullNumberFromMessage('Subject\n\n* squashed (#56)')).toBeNull();
  });
});

describe('comment markers', () => {
  const base = { kind: 'plan' as const, headSha: HEAD, checksum: `sha256:${'c'.repeat(64)}` };

  it('carry the change digests of a plan, an empty list, or none', () => {
    const digests = ['0123abcd0123abcd', 'ffff0000ffff0000'];
    const line = commentMarker({ ...base, changes: digests });
    expect(line).toBe(
      `<!-- fwsync:plan sha=${HEAD} checksum=${base.checksum} changes=0123abcd0123abcd,ffff0000ffff0000 -->`,
    );
    expect(parseCommentMarker(`${line}\nbody`)).toEqual({ ...base, changes: digests });
    expect(parseCommentMarker(commentMarker({ ...base, changes: [] }))).toEqual({ ...base, changes: [] });
    // Markers written before digests existed, or for too many changes: unknown, not empty.
    expect(parseCommentMarker(commentMarker(base))).toEqual({ ...base, changes: null });
  });

  it('refuse digests that are not eight hex digits, and leave out more than a marker holds', () => {
    expect(() => commentMarker({ ...base, changes: ['xyz'] })).toThrow(FwsyncError);
    expect(() => commentMarker({ ...base, changes: ['0123abcd0123abcd --> <img>'] })).toThrow(FwsyncError);
    const tooMany = commentMarker({
      ...base,
      changes: Array.from({ length: 301 }, () => '0123abcd0123abcd'),
    });
    expect(tooMany).toBe(`<!-- fwsync:plan sha=${HEAD} checksum=${base.checksum} -->`);
    // A digest list this version cannot read is unknown, not "no changes".
    expect(parseCommentMarker(`<!-- fwsync:plan sha=${HEAD} checksum=x changes=ZZ -->`)).toEqual({
      kind: 'plan',
      headSha: HEAD,
      checksum: 'x',
      changes: null,
    });
  });

  it('skip fields a newer fwsync may add, so its comment is still found and never duplicated', () => {
    const body = `<!-- fwsync:plan sha=${HEAD} checksum=${base.checksum} run=4242 changes=0123abcd0123abcd future-field=a.b:c -->\nbody`;
    expect(parseCommentMarker(body)).toEqual({ ...base, changes: ['0123abcd0123abcd'] });
    // Still anchored and closed: text after a forged " -->" inside a value cannot get in.
    expect(parseCommentMarker(`<!-- fwsync:plan sha=${HEAD} checksum=x note=<b> -->`)).toBeNull();
    expect(parseCommentMarker(`x<!-- fwsync:plan sha=${HEAD} checksum=x -->`)).toBeNull();
  });
});
