// The GitHub Action end to end, against the FinerWorks emulator and a fake GitHub API on
// loopback, in a git clone of a bare "origin" that the commit backend pushes to. Most tests call
// run(env, ports) in this process with a runner's environment and a recording reporter; the
// last group runs the bundled dist/action.js as a process for what only a process shows.
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { marked } from 'marked';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedGuid, startEmulator, type Emulator } from '../src/emulator/server.js';
import { readState } from '../src/adapters/state-store.js';
import { VERSION } from '../src/version.js';
import { runCli } from './support/cli.js';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.js';
import { emulatorEnv, journalBatches, putsSince, sentImages } from './support/repo.js';
import { annotationsOf, runActionInProcess, type InProcessRun } from './support/action-in-process.js';
import {
  annotations,
  cloneRepo,
  commitAndPush,
  committedState,
  ensureActionBuilt,
  git,
  makeRepo,
  removeTemps,
  runAction,
  writeFiles,
  type ActionRun,
} from './support/action-env.js';

// Distinctive keys, so a leak anywhere is found by a plain substring search.
const WEB_KEY = 'c0ffee00-5ec7-4e7a-9b1d-0000000000a1';
const APP_KEY = 'c0ffee00-5ec7-4e7a-9b1d-0000000000b2';
const TOKEN = 'ghs_fwsyncTestToken000000000000000000';
const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

let emulator: Emulator;
const fakes: FakeGitHub[] = [];

beforeAll(async () => {
  await ensureActionBuilt();
  emulator = await startEmulator({ credentials: { webApiKey: WEB_KEY, appKey: APP_KEY } });
}, 120_000);

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

afterAll(async () => {
  await emulator?.close();
  await removeTemps();
});

async function fakeGitHub(opts: Parameters<typeof startFakeGitHub>[0] = {}): Promise<FakeGitHub> {
  const fake = await startFakeGitHub(opts);
  fakes.push(fake);
  return fake;
}

/** An in-process run with the emulator as FinerWorks (the variable a workflow would not set). */
function act(opts: Parameters<typeof runActionInProcess>[0]): Promise<InProcessRun> {
  return runActionInProcess({ ...opts, env: { FINERWORKS_API_URL: emulator.url, ...opts.env } });
}

/** The same, with dist/action.js as a process. */
function actProcess(opts: Parameters<typeof runAction>[0]): Promise<ActionRun> {
  return runAction({ ...opts, env: { FINERWORKS_API_URL: emulator.url, ...opts.env } });
}

interface Img {
  guid: string;
  title: string;
  description?: string;
}

function imagesYaml(images: Img[]): string {
  const items = images.map(
    (i) =>
      `  - guid: ${i.guid}\n    title: ${JSON.stringify(i.title)}\n    description: ${JSON.stringify(i.description ?? '')}\n`,
  );
  return `version: 1\nimages:\n${items.join('')}`;
}

const guids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => seedGuid(from + i));

function seedEmulator(ids: string[]): void {
  emulator.reset({ images: ids.map((guid, i) => ({ guid, title: `Old title ${i}`, description: 'old' })) });
}

const planInputs = { command: 'auto', 'github-token': TOKEN, comment: 'true', 'state-backend': 'commit' };
const applyInputs = {
  ...planInputs,
  'web-api-key': WEB_KEY,
  'app-key': APP_KEY,
};

function prEvent(number: number, headSha: string) {
  return { pull_request: { number, head: { sha: headSha } }, repository: { default_branch: 'main' } };
}

function pushEvent(message: string) {
  return { head_commit: { message }, repository: { default_branch: 'main' } };
}

const planComments = (fake: FakeGitHub, pr: number) =>
  fake.comments(pr).filter((c) => c.body.startsWith('<!-- fwsync:plan '));
const applyComments = (fake: FakeGitHub, pr: number) =>
  fake.comments(pr).filter((c) => c.body.startsWith('<!-- fwsync:apply '));
const commentWrites = (fake: FakeGitHub) =>
  fake.calls.filter((c) => c.method !== 'GET' && /\/comments/.test(c.path));

function expectSucceeded(r: ActionRun | InProcessRun): void {
  const transcript = 'stdout' in r ? `stdout:\n${r.stdout}\nstderr:\n${r.stderr}` : `log:\n${r.log}`;
  expect(r.code, transcript).toBe(0);
}

/** Where a run could leak a key, and the masks it registered first. */
function leakPlaces(r: ActionRun | InProcessRun): {
  masks: number;
  masksFirst: boolean;
  places: Record<string, string>;
} {
  if ('stdout' in r) {
    const stdoutLines = r.stdout.split('\n');
    const maskLines = stdoutLines.filter((l) => l.startsWith('::add-mask::'));
    return {
      masks: maskLines.length,
      masksFirst: stdoutLines.slice(0, maskLines.length).every((l) => l.startsWith('::add-mask::')),
      places: {
        stdout: stdoutLines.filter((l) => !l.startsWith('::add-mask::')).join('\n'),
        stderr: r.stderr,
        summary: r.summary,
        outputs: r.outputFile,
      },
    };
  }
  const masks = r.events.filter((e) => e.kind === 'mask').length;
  return {
    masks,
    masksFirst: r.events.slice(0, masks).every((e) => e.kind === 'mask'),
    places: { log: r.log, summary: r.summary, outputs: r.outputText },
  };
}

/** Neither key (raw or base64) in anything the run left behind, except the runner's mask command. */
async function expectNoSecrets(
  r: ActionRun | InProcessRun,
  fake: FakeGitHub,
  extra: string[] = [],
  secrets: string[] = [WEB_KEY, APP_KEY, TOKEN],
): Promise<void> {
  const { masks, masksFirst, places } = leakPlaces(r);
  // The mask commands come before any other output.
  expect(masksFirst).toBe(true);
  const files = [
    await readFile(path.join(r.runnerTemp, 'fwsync', 'plan.json'), 'utf8').catch(() => ''),
    await readFile(path.join(r.runnerTemp, 'fwsync', 'apply-result.json'), 'utf8').catch(() => ''),
  ];
  const haystacks = {
    ...places,
    github: JSON.stringify(fake.calls.map((c) => c.body)),
    emulatorLog: JSON.stringify(emulator.requests.map((q) => q.rawBody)),
    files: files.join('\n'),
    extra: extra.join('\n'),
  };
  for (const secret of secrets) {
    for (const form of [secret, Buffer.from(secret).toString('base64')]) {
      for (const [where, text] of Object.entries(haystacks)) {
        expect(text.includes(form), `${form.slice(0, 8)}… found in ${where}`).toBe(false);
      }
    }
  }
  expect(masks).toBeGreaterThanOrEqual(1);
}

/**
 * The recovery the journal warning describes, on a fresh checkout of `bare`: the folder that
 * blocked the state write is gone, `files` (the journal, and for the branch backend the state
 * branch's copy) are put in place, and the CLI's apply folds the journal in without sending.
 */
async function recoverWithCli(bare: string, files: Record<string, string>): Promise<string> {
  const later = await cloneRepo(bare);
  await rm(path.join(later, '.fwsync', 'state.json.backup'), { recursive: true });
  await writeFiles(later, files);
  const mark = emulator.requests.length;
  const rerun = await runCli(['apply', '--yes'], {
    cwd: later,
    env: emulatorEnv(emulator, { webApiKey: WEB_KEY, appKey: APP_KEY }),
  });
  expect(rerun.code, rerun.stderr).toBe(0);
  expect(rerun.stderr).toContain('recovered 1 confirmed update(s) from an interrupted apply');
  expect(putsSince(emulator, mark)).toHaveLength(0);
  return later;
}

const isContentsPut = (c: { method: string; path: string }) =>
  c.method === 'PUT' && c.path.includes('/contents/');
/** The contents API writes of the state's manifest, in order. */
function manifestPuts(fake: FakeGitHub) {
  return fake.calls.filter((c) => isContentsPut(c) && /state\.json(\?|$)/.test(decodeURIComponent(c.path)));
}
/** The contents API writes of shard files, in order. */
function shardPuts(fake: FakeGitHub) {
  return fake.calls.filter((c) => isContentsPut(c) && decodeURIComponent(c.path).includes('/state.shards/'));
}

/** The state on the fake's state branch, read as fwsync reads it, with all its files' text. */
async function branchState(fake: FakeGitHub, branch = 'fwsync-state') {
  const files = fake.files(branch, '.fwsync/');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-branch-state-'));
  await writeFiles(dir, files);
  const { state } = await readState(path.join(dir, '.fwsync', 'state.json'));
  await rm(dir, { recursive: true, force: true });
  if (!state) throw new Error(`no state on ${branch}`);
  return { state, text: Object.values(files).join('\n') };
}

describe('plan on pull_request', () => {
  it('keeps exactly one sticky comment per pull request, updated in place, and never lets an older head overwrite it', async () => {
    const ids = guids(3);
    const images = ids.map((guid, i) => ({ guid, title: `Title ${i}` }));
    const repo = await makeRepo({ 'images/all.yaml': imagesYaml(images) });
    const fake = await fakeGitHub({ pulls: [{ number: 5, head_sha: SHA_A }] });
    const base = {
      workspace: repo.work,
      eventName: 'pull_request',
      inputs: planInputs,
      sha: SHA_A,
      githubUrl: fake.url,
    };

    const first = await act({ ...base, payload: prEvent(5, SHA_A) });
    expectSucceeded(first);
    expect(planComments(fake, 5)).toHaveLength(1);
    const created = planComments(fake, 5)[0]!;
    expect(created.body).toContain(`sha=${SHA_A}`);
    expect(first.outputs['has-changes']).toBe('true');
    expect(first.outputs.changes).toBe('3');
    expect(first.outputs['comment-url']).toBe(created.html_url);
    expect(created.body).toContain(first.outputs['plan-checksum']);

    // The PR moves on to B with a changed title: the same comment now shows B's plan.
    fake.setPull({ number: 5, head_sha: SHA_B });
    await writeFiles(repo.work, {
      'images/all.yaml': imagesYaml(images.map((im, i) => (i === 1 ? { ...im, title: 'Renamed at B' } : im))),
    });
    const second = await act({ ...base, sha: SHA_B, payload: prEvent(5, SHA_B) });
    expectSucceeded(second);
    const afterB = planComments(fake, 5);
    expect(afterB).toHaveLength(1);
    expect(afterB[0]!.id).toBe(created.id);
    expect(afterB[0]!.body).toContain(`sha=${SHA_B}`);
    expect(afterB[0]!.body).toContain('Renamed at B');
    expect(commentWrites(fake).map((c) => c.method)).toEqual(['POST', 'PATCH']);

    // A slow run for the older head A finishes last: it must leave B's comment alone.
    await writeFiles(repo.work, { 'images/all.yaml': imagesYaml(images) });
    const late = await act({ ...base, payload: prEvent(5, SHA_A) });
    expectSucceeded(late);
    const afterLate = planComments(fake, 5);
    expect(afterLate).toHaveLength(1);
    expect(afterLate[0]!.body).toContain(`sha=${SHA_B}`);
    expect(afterLate[0]!.body).toContain('Renamed at B');
    expect(commentWrites(fake)).toHaveLength(2);
    expect(late.outputs['comment-url']).toBe('');
    // The older run still reports its own plan in its job summary.
    expect(late.summary).toContain(ids[0]);
  });

  it("replaces an older commit's plan comment with a no-plan notice when the new head cannot be planned", async () => {
    const ids = guids(2, 90);
    const good = imagesYaml(ids.map((guid, i) => ({ guid, title: `Good ${i}` })));
    const repo = await makeRepo({ 'images/a.yaml': good });
    const fake = await fakeGitHub({ pulls: [{ number: 8, head_sha: SHA_A }] });
    const first = await act({
      workspace: repo.work,
      eventName: 'pull_request',
      payload: prEvent(8, SHA_A),
      inputs: planInputs,
      sha: SHA_A,
      githubUrl: fake.url,
    });
    expectSucceeded(first);
    expect(planComments(fake, 8)).toHaveLength(1);

    // The next push breaks a file.
    await writeFile(
      path.join(repo.work, 'images', 'a.yaml'),
      good.replace('title: "Good 1"', 'titel: "Good 1"'),
    );
    fake.setPull({ number: 8, head_sha: SHA_B });
    const second = await act({
      workspace: repo.work,
      eventName: 'pull_request',
      payload: prEvent(8, SHA_B),
      inputs: planInputs,
      sha: SHA_B,
      githubUrl: fake.url,
    });
    expect(second.code).toBe(1);
    const [comment] = fake.comments(8);
    expect(fake.comments(8)).toHaveLength(1);
    expect(comment!.body).toContain('**No plan:**');
    expect(comment!.body).toContain('1 problem in the image files');
    expect(comment!.body).not.toContain('Good 0');
  });

  it('degrades to the job summary with a warning when the token is read-only (a fork)', async () => {
    const ids = guids(2);
    const repo = await makeRepo({
      'images/a.yaml': imagesYaml(ids.map((guid) => ({ guid, title: 'From a fork' }))),
    });
    const fake = await fakeGitHub({ pulls: [{ number: 11, head_sha: SHA_A }], failures: { readOnly: true } });
    const r = await act({
      workspace: repo.work,
      eventName: 'pull_request',
      payload: prEvent(11, SHA_A),
      inputs: planInputs,
      sha: SHA_A,
      githubUrl: fake.url,
    });
    expectSucceeded(r);
    const warnings = annotationsOf(r, 'warning');
    expect(warnings.some((w) => /read-only/.test(w.message) && /job summary/.test(w.message))).toBe(true);
    expect(fake.comments(11)).toHaveLength(0);
    for (const guid of ids) expect(r.summary).toContain(guid);
    expect(r.outputs['has-changes']).toBe('true');
    expect(r.outputs['comment-url']).toBe('');
  });

  it('keeps a 5,000-image plan comment under 60,000 characters with a pointer, and the whole plan in the summary', async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => seedGuid(100_000 + i));
    const repo = await makeRepo({
      'images/big.yaml': imagesYaml(
        ids.map((guid, i) => ({ guid, title: `Big image ${i}`, description: 'A description.' })),
      ),
    });
    const fake = await fakeGitHub({ pulls: [{ number: 12, head_sha: SHA_A }] });
    const r = await act({
      workspace: repo.work,
      eventName: 'pull_request',
      payload: prEvent(12, SHA_A),
      inputs: planInputs,
      sha: SHA_A,
      githubUrl: fake.url,
    });
    expectSucceeded(r);
    const posted = commentWrites(fake).find((c) => c.method === 'POST');
    const body = (posted?.body as { body: string }).body;
    expect(body.length).toBeLessThanOrEqual(60_000);
    expect(body).toMatch(/and \d+ more/);
    expect(body).toContain('job summary');
    expect(body).toContain('https://github.test/acme/images/actions/runs/4242');
    expect(r.outputs.changes).toBe('5000');
    const missing = ids.filter((g) => !r.summary.includes(g));
    expect(missing).toEqual([]);
    expect(Buffer.byteLength(r.summary)).toBeLessThan(1024 * 1024);
    const planFile = JSON.parse(await readFile(r.outputs['plan-file']!, 'utf8')) as { changes: unknown[] };
    expect(planFile.changes).toHaveLength(5000);

    // The next push to the pull request updates the same comment: the PATCH stays in bounds too.
    fake.setPull({ number: 12, head_sha: SHA_B });
    await writeFiles(repo.work, {
      'images/big.yaml': imagesYaml(
        ids.map((guid, i) => ({ guid, title: `Big image ${i} (v2)`, description: 'A description.' })),
      ),
    });
    const again = await act({
      workspace: repo.work,
      eventName: 'pull_request',
      payload: prEvent(12, SHA_B),
      inputs: planInputs,
      sha: SHA_B,
      githubUrl: fake.url,
    });
    expectSucceeded(again);
    const patched = commentWrites(fake).filter((c) => c.method === 'PATCH');
    expect(patched).toHaveLength(1);
    const updated = (patched[0]!.body as { body: string }).body;
    expect(updated.length).toBeLessThanOrEqual(60_000);
    expect(updated).toContain(`sha=${SHA_B}`);
    expect(updated).toMatch(/and \d+ more/);
    expect(planComments(fake, 12)).toHaveLength(1);
  });

  it('escapes hostile titles: no HTML, link, image, mention or table break reaches the comment', async () => {
    const hostile = [
      'Nice </details> try',
      '<img src=x onerror=alert(1)>',
      'Ping @someone now',
      '[x](https://evil.example)',
      'a | b | c',
      'code ``` fence ```` and ` tick',
      '![pic](https://evil.example/p.png)',
    ];
    const ids = guids(hostile.length, 500);
    const repo = await makeRepo({
      'images/evil.yaml': imagesYaml(
        ids.map((guid, i) => ({ guid, title: hostile[i]!, description: hostile[(i + 1) % hostile.length]! })),
      ),
    });
    const fake = await fakeGitHub({ pulls: [{ number: 13, head_sha: SHA_A }] });
    const r = await act({
      workspace: repo.work,
      eventName: 'pull_request',
      payload: prEvent(13, SHA_A),
      inputs: planInputs,
      sha: SHA_A,
      githubUrl: fake.url,
    });
    expectSucceeded(r);
    const posted = commentWrites(fake).find((c) => c.method === 'POST');
    const full = (posted?.body as { body: string }).body;
    const [markerLine, ...rest] = full.split('\n');
    expect(markerLine).toMatch(
      /^<!-- fwsync:plan sha=a{40} checksum=sha256:[0-9a-f]+ changes=[0-9a-f]{16}(,[0-9a-f]{16})* -->$/,
    );
    const body = rest.join('\n');

    // Only our own tags, balanced: a title cannot open or close an element.
    const tags = [...body.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
    expect(new Set(tags)).toEqual(new Set(['details', 'summary', 'code', 'sub']));
    // The one <sub> is the footer: the release that wrote the comment (test/versions.test.ts).
    expect(body.endsWith(`\n<sub>fwsync ${VERSION}</sub>\n`)).toBe(true);
    expect(body.split('<sub>').length).toBe(2);
    expect(body.split('<details>').length).toBe(body.split('</details>').length);
    expect(body.split('<details>').length - 1).toBe(hostile.length);
    expect(body).not.toContain('<img');
    expect(body).not.toContain('<!--');
    // No link or image syntax, no autolink, no mention.
    expect(body).not.toMatch(/(?<!\\)\]\s*(?<!\\)\(/);
    expect(body).not.toContain('https://evil');
    expect(body).not.toMatch(/(^|[^\\])!\[/);
    expect(body).not.toContain('@someone');
    // Every field row still has exactly its four cell borders; no unescaped backtick in a value.
    const rows = body.split('\n').filter((l) => /^\| (title|description) \|/.test(l));
    expect(rows).toHaveLength(hostile.length * 2);
    for (const row of rows) {
      expect(row.match(/(?<!\\)\|/g)).toHaveLength(4);
      expect(row).not.toMatch(/(?<!\\)`/);
    }

    // The same body rendered as GitHub-flavoured markdown: only the elements our layout uses
    // (no link, image or element a title brought), no mention, and every row of every table has
    // its header's number of cells.
    const html = marked.parse(body, { gfm: true, async: false });
    const elements = new Set([...html.matchAll(/<([a-z][a-z0-9]*)[\s>/]/g)].map((m) => m[1]!));
    const layout = [
      'details',
      'summary',
      'code',
      'p',
      'h3',
      'h4',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'sub',
    ];
    const extra = ['ul', 'li', 'strong', 'em', 'blockquote', 'br', 'hr', 'pre'];
    expect([...elements].filter((e) => !layout.includes(e) && !extra.includes(e))).toEqual([]);
    expect(elements.has('details') && elements.has('table')).toBe(true);
    // Titles survive as text only: no attribute of any element comes from them.
    expect(html).not.toMatch(/<[^>]*\s(href|src|on\w+)=/);
    expect(html).not.toContain('@someone');
    expect(html).toContain('Ping ＠someone now');
    const tables = html.split('<table>').slice(1);
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      const cells = table
        .split('</table>')[0]!
        .split('<tr>')
        .slice(1)
        .map((tr) => (tr.match(/<t[dh][\s>]/g) ?? []).length);
      expect(new Set(cells).size, cells.join(',')).toBe(1);
    }
  });
});

describe('events fwsync refuses', () => {
  const cases = [
    {
      name: 'any command on pull_request_target',
      event: 'pull_request_target',
      command: 'auto',
      says: /does not run on pull_request_target/,
    },
    {
      name: 'apply on pull_request',
      event: 'pull_request',
      command: 'apply',
      says: /apply does not run on pull requests/,
    },
    {
      name: 'drift on pull_request',
      event: 'pull_request',
      command: 'drift',
      says: /drift does not run on pull requests/,
    },
    {
      name: 'apply on pull_request_review_comment',
      event: 'pull_request_review_comment',
      command: 'apply',
      says: /apply does not run on pull requests/,
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}: exit 1, an error annotation, no request to FinerWorks or GitHub`, async () => {
      const ids = guids(1, 400);
      seedEmulator(ids);
      const repo = await makeRepo({
        'images/r.yaml': imagesYaml([{ guid: ids[0]!, title: 'Refused' }]),
        // What a hostile pull request would do: point the API at a server of its choosing.
        'fwsync.config.yaml': `version: 1\napi:\n  base_url: ${emulator.url}\n`,
      });
      const fake = await fakeGitHub({ pulls: [{ number: 50, head_sha: SHA_A }] });
      const mark = emulator.requests.length;
      const r = await runActionInProcess({
        workspace: repo.work,
        eventName: c.event,
        payload: prEvent(50, SHA_A),
        inputs: { ...applyInputs, command: c.command },
        sha: SHA_A,
        githubUrl: fake.url,
      });
      expect(r.code).toBe(1);
      const errors = annotationsOf(r, 'error');
      expect(
        errors.some((e) => c.says.test(e.message)),
        JSON.stringify(errors),
      ).toBe(true);
      expect(r.log).not.toMatch(/^\s+at /m);
      expect(emulator.requests.length).toBe(mark);
      expect(fake.calls).toHaveLength(0);
      expect(emulator.getImage(ids[0]!)?.title).not.toBe('Refused');
      await expectNoSecrets(r, fake);
    });
  }
});

describe('apply on push', () => {
  it('applies at the head commit, reports per image on the merged pull request, commits the state back, sets the outputs', async () => {
    const ids = guids(3, 40);
    seedEmulator(ids);
    const images = ids.map((guid, i) => ({ guid, title: `Merged title ${i}`, description: `Merged ${i}` }));
    const repo = await makeRepo({ 'images/merged.yaml': imagesYaml(images) });
    const mergeSha = await git(repo.work, 'rev-parse', 'HEAD');
    const fake = await fakeGitHub({
      pulls: [
        {
          number: 7,
          head_sha: SHA_A,
          merge_commit_sha: mergeSha,
          merged_at: '2026-01-01T00:00:00Z',
          state: 'closed',
        },
        // Another open pull request whose branch also holds the commit.
        { number: 6, head_sha: SHA_B },
      ],
      // The lookup lists both; the commit message names the wrong one: the merge sha decides.
      commitPulls: { [mergeSha]: [6, 7] },
    });

    // The plan shown on the pull request, then the merge.
    const shown = await act({
      workspace: repo.work,
      eventName: 'pull_request',
      payload: prEvent(7, SHA_A),
      inputs: planInputs,
      sha: SHA_A,
      githubUrl: fake.url,
    });
    expectSucceeded(shown);
    const r = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Retitle three images (#6)'),
      inputs: applyInputs,
      sha: mergeSha,
      githubUrl: fake.url,
    });
    expectSucceeded(r);

    // The emulator received the PUTs with the merged values.
    const puts = putsSince(emulator);
    expect(puts.length).toBeGreaterThanOrEqual(1);
    const sent = puts.flatMap(sentImages);
    expect(sent.map((s) => s.guid).sort()).toEqual([...ids].sort());
    for (const [i, guid] of ids.entries()) expect(emulator.getImage(guid)?.title).toBe(`Merged title ${i}`);

    // Per-image statuses on PR #7, saying it is the plan that was shown.
    expect(applyComments(fake, 6)).toEqual([]);
    const posted = applyComments(fake, 7);
    expect(posted).toHaveLength(1);
    const body = posted[0]!.body;
    for (const guid of ids) expect(body).toMatch(new RegExp(`${guid}.*applied`));
    expect(body).toContain('The applied plan is the plan last shown on this pull request.');
    expect(planComments(fake, 7)).toHaveLength(1);

    // The state is a new commit on origin/main, on top of the merge commit.
    const remoteHead = await git(repo.bare, 'rev-parse', 'main');
    expect(remoteHead).not.toBe(mergeSha);
    expect(await git(repo.bare, 'rev-parse', 'main~1')).toBe(mergeSha);
    expect(await git(repo.bare, 'log', '-1', '--format=%an', 'main')).toBe('github-actions[bot]');
    const changed = (await git(repo.bare, 'diff', '--name-only', 'main~1', 'main')).split('\n');
    expect(changed).toContain('.fwsync/state.json');
    for (const file of changed)
      expect(file).toMatch(
        /^\.fwsync\/(state\.json|state\.shards\/(images|files)-[0-9a-f]+-[0-9a-f]{16}\.json)$/,
      );
    const state = (await committedState(repo.bare, 'main')).state;
    expect(Object.keys(state.images).sort()).toEqual([...ids].sort());
    expect(state.images[ids[0]!]!.applied.title).toBe('Merged title 0');

    expect(r.outputs).toMatchObject({
      applied: '3',
      failed: '0',
      'has-changes': 'true',
      changes: '3',
      'plan-checksum': shown.outputs['plan-checksum'],
      'comment-url': posted[0]!.html_url,
    });
    expect(r.summary).toContain('fwsync apply');
    for (const guid of ids) expect(r.summary).toContain(guid);

    await expectNoSecrets(r, fake, [(await committedState(repo.bare, 'main')).text]);

    // A second push with nothing new: no request, no state commit, exit 0.
    const before = emulator.requests.length;
    const again = await act({
      workspace: await cloneRepo(repo.bare),
      eventName: 'workflow_dispatch',
      payload: { repository: { default_branch: 'main' } },
      inputs: applyInputs,
      sha: remoteHead,
      githubUrl: fake.url,
    });
    expectSucceeded(again);
    expect(emulator.requests.length).toBe(before);
    expect(await git(repo.bare, 'rev-parse', 'main')).toBe(remoteHead);
    expect(again.outputs['has-changes']).toBe('false');

    // Someone edits a title in the FinerWorks UI: the scheduled run reports it, without failing.
    emulator.setImage({ guid: ids[1]!, title: 'Edited in the UI' });
    const drift = await act({
      workspace: await cloneRepo(repo.bare),
      eventName: 'schedule',
      payload: {},
      inputs: applyInputs,
      sha: remoteHead,
      githubUrl: fake.url,
    });
    expectSucceeded(drift);
    expect(drift.outputs['has-changes']).toBe('true');
    expect(drift.summary).toContain('Drift found');
    expect(drift.summary).toContain(ids[1]);
    expect(drift.summary).toContain('Edited in the UI');
    expect(annotationsOf(drift, 'warning').some((w) => /outside fwsync/.test(w.message))).toBe(true);
    expect(putsSince(emulator).length).toBe(puts.length);
    await expectNoSecrets(drift, fake);
  });

  it('keeps a copy of the confirmed state for an artifact when the push of the state is refused', async () => {
    const ids = guids(2, 80);
    seedEmulator(ids);
    const repo = await makeRepo({
      'images/x.yaml': imagesYaml(ids.map((guid, i) => ({ guid, title: `Kept ${i}` }))),
    });
    // The remote refuses every push (branch protection, say): the state cannot be committed back.
    await writeFile(
      path.join(repo.bare, 'hooks', 'pre-receive'),
      '#!/bin/sh\necho "protected branch" >&2\nexit 1\n',
    );
    await chmod(path.join(repo.bare, 'hooks', 'pre-receive'), 0o755);
    const sha = await git(repo.work, 'rev-parse', 'HEAD');
    const fake = await fakeGitHub({
      pulls: [{ number: 31, head_sha: SHA_A, merge_commit_sha: sha, merged_at: '2026-01-01T00:00:00Z' }],
      commitPulls: { [sha]: [31] },
    });
    const r = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Kept (#31)'),
      inputs: applyInputs,
      sha,
      githubUrl: fake.url,
    });
    expect(r.code).toBe(1);
    // The images were applied, and what FinerWorks confirmed is not lost with the runner.
    for (const [i, guid] of ids.entries()) expect(emulator.getImage(guid)?.title).toBe(`Kept ${i}`);
    const copy = path.join(r.runnerTemp, 'fwsync', 'errored-state.json');
    const kept = JSON.parse(await readFile(copy, 'utf8')) as { images: Record<string, unknown> };
    expect(Object.keys(kept.images).sort()).toEqual([...ids].sort());
    expect(annotationsOf(r, 'warning').some((w) => w.message.includes('errored-state.json'))).toBe(true);
    expect(r.summary).toContain('The state could not be saved');
    expect(applyComments(fake, 31)[0]!.body).toContain('The state could not be saved');
    await expectNoSecrets(r, fake, [await readFile(copy, 'utf8')]);
  });

  it('keeps the journal for an artifact when the state file cannot be written, and the CLI folds it in from there', async () => {
    const ids = guids(4, 90);
    seedEmulator(ids);
    const images = ids.map((guid, i) => ({ guid, title: `Journal ${i}` }));
    const repo = await makeRepo({ 'images/j.yaml': imagesYaml(images) });
    const sha1 = await git(repo.work, 'rev-parse', 'HEAD');
    const fake = await fakeGitHub({
      pulls: [{ number: 41, head_sha: SHA_A, merge_commit_sha: sha1, merged_at: '2026-01-01T00:00:00Z' }],
      commitPulls: { [sha1]: [41] },
    });
    const first = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Journal (#41)'),
      inputs: applyInputs,
      sha: sha1,
      githubUrl: fake.url,
    });
    expectSucceeded(first);

    // One title changes, and a folder sits where the state's backup goes: the state write at the
    // end fails after FinerWorks confirmed the update, so only the journal holds it.
    const work = await cloneRepo(repo.bare);
    const edited = images.map((im, i) => (i === 0 ? { ...im, title: 'Journal edited' } : im));
    const sha2 = await commitAndPush(
      work,
      { 'images/j.yaml': imagesYaml(edited), '.fwsync/state.json.backup/keep': 'in the way\n' },
      'Edit one title',
    );
    const mark = emulator.requests.length;
    const r = await act({
      workspace: work,
      eventName: 'workflow_dispatch',
      payload: { repository: { default_branch: 'main' } },
      inputs: applyInputs,
      sha: sha2,
      githubUrl: fake.url,
    });
    expect(r.code).toBe(1);
    expect(emulator.getImage(ids[0]!)?.title).toBe('Journal edited');
    expect(putsSince(emulator, mark)).toHaveLength(1);
    const copy = path.join(r.runnerTemp, 'fwsync', 'errored-journal.jsonl');
    const journal = await readFile(copy, 'utf8');
    expect(journalBatches(journal)).toEqual([[ids[0]]]);
    const warning = annotationsOf(r, 'warning').find((w) => w.message.includes('errored-journal.jsonl'));
    expect(warning?.message).toContain('.fwsync/state.json.journal');
    expect(r.log).not.toMatch(/^\s+at /m);
    await expectNoSecrets(r, fake, [journal]);

    // What the warning says to do, on a fresh checkout: the journal next to the state, then apply.
    const later = await recoverWithCli(repo.bare, { '.fwsync/state.json.journal': journal });
    const state = (await readState(path.join(later, '.fwsync', 'state.json'))).state!;
    expect(state.images[ids[0]!]?.applied.title).toBe('Journal edited');
  });

  it('says by how many changes the applied plan differs from the reviewed one when another pull request merged first (A13)', async () => {
    const ids = guids(6, 500);
    seedEmulator(ids);
    const images = ids.map((guid, i) => ({ guid, title: `Base ${i}` }));
    const repo = await makeRepo({ 'images/m.yaml': imagesYaml(images) });
    const commitPulls: Record<string, number[]> = {};
    const fake = await fakeGitHub({
      pulls: [
        { number: 70, head_sha: SHA_A },
        { number: 71, head_sha: SHA_B },
      ],
      commitPulls,
    });
    const applyAt = async (work: string, sha: string, message: string) =>
      act({
        workspace: work,
        eventName: 'push',
        payload: pushEvent(message),
        inputs: applyInputs,
        sha,
        githubUrl: fake.url,
      });
    const initial = await applyAt(repo.work, await git(repo.work, 'rev-parse', 'HEAD'), 'Initial');
    expectSucceeded(initial);
    // A push with no pull request: the lookup asked GitHub four times, pausing 3 s between (the
    // index may lag a merge), then gave up; the pauses are the injected wait, never slept here.
    expect(initial.waits).toEqual([3000, 3000, 3000]);

    // Pull request 70 edits images 0 and 1; its plan comment carries both changes' digests.
    const edits = (byIndex: Record<number, string>) =>
      imagesYaml(images.map((im, i) => (byIndex[i] ? { ...im, title: byIndex[i] } : im)));
    const workA = await cloneRepo(repo.bare);
    await writeFiles(workA, { 'images/m.yaml': edits({ 0: 'A edit', 1: 'Shared edit' }) });
    const plan = await act({
      workspace: workA,
      eventName: 'pull_request',
      payload: prEvent(70, SHA_A),
      inputs: planInputs,
      sha: SHA_A,
      githubUrl: fake.url,
    });
    expectSucceeded(plan);
    expect(planComments(fake, 70)[0]!.body).toMatch(
      /^<!-- fwsync:plan [^\n]* changes=[0-9a-f]{16},[0-9a-f]{16} -->/,
    );

    // Pull request 71 merges first with the same edit of image 1 and one of image 5.
    const workB = await cloneRepo(repo.bare);
    const shaB = await commitAndPush(
      workB,
      { 'images/m.yaml': edits({ 1: 'Shared edit', 5: 'B edit' }) },
      'B (#71)',
    );
    commitPulls[shaB] = [71];
    expectSucceeded(await applyAt(workB, shaB, 'B (#71)'));

    // Then 70 merges: image 1 needs nothing any more, so one reviewed change is gone.
    const workM = await cloneRepo(repo.bare);
    const shaM = await commitAndPush(
      workM,
      { 'images/m.yaml': edits({ 0: 'A edit', 1: 'Shared edit', 5: 'B edit' }) },
      'A (#70)',
    );
    commitPulls[shaM] = [70];
    const merged = await applyAt(workM, shaM, 'A (#70)');
    expectSucceeded(merged);
    expect(merged.outputs).toMatchObject({ applied: '1', failed: '0' });
    expect(emulator.getImage(ids[0]!)?.title).toBe('A edit');
    const body = applyComments(fake, 70)[0]!.body;
    expect(body).toContain('differs from the plan last shown on this pull request by +0/−1 changes');
    await expectNoSecrets(merged, fake);
  });

  it('fails the job when an image is refused (not in the library), and still records the confirmed ones', async () => {
    const ids = guids(3, 60);
    seedEmulator(ids.slice(0, 2)); // the third is unknown to the account: refused before sending
    const repo = await makeRepo({
      'images/x.yaml': imagesYaml(ids.map((guid, i) => ({ guid, title: `Partial ${i}` }))),
    });
    const sha = await git(repo.work, 'rev-parse', 'HEAD');
    const fake = await fakeGitHub({
      pulls: [{ number: 21, head_sha: SHA_A, merge_commit_sha: sha, merged_at: '2026-01-01T00:00:00Z' }],
      commitPulls: { [sha]: [21] },
    });
    const r = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Partial (#21)'),
      inputs: applyInputs,
      sha,
      githubUrl: fake.url,
    });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ applied: '2', failed: '0', refused: '1' });
    const state = (await committedState(repo.bare, 'main')).state;
    expect(Object.keys(state.images).sort()).toEqual(ids.slice(0, 2).sort());
    const body = applyComments(fake, 21)[0]!.body;
    expect(body).toMatch(new RegExp(`${ids[2]}.*refused.*not in library`));
    expect(annotationsOf(r, 'error').some((e) => e.message.includes(ids[2]!))).toBe(true);
    await expectNoSecrets(r, fake);
  });

  it('refuses an apply over the safety limit, says so on the pull request, and applies on a forced re-run', async () => {
    const ids = guids(12, 200);
    seedEmulator(ids);
    const images = ids.map((guid, i) => ({ guid, title: `Safe ${i}` }));
    const repo = await makeRepo({ 'images/s.yaml': imagesYaml(images) });
    const sha1 = await git(repo.work, 'rev-parse', 'HEAD');
    const commitPulls: Record<string, number[]> = { [sha1]: [30] };
    const fake = await fakeGitHub({
      pulls: [
        { number: 30, head_sha: SHA_A },
        { number: 31, head_sha: SHA_B },
      ],
      commitPulls,
    });
    const first = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Import (#30)'),
      inputs: applyInputs,
      sha: sha1,
      githubUrl: fake.url,
    });
    expectSucceeded(first);

    // 5 of 12 tracked images change: above the default 30 %.
    const work = await cloneRepo(repo.bare);
    const sha2 = await commitAndPush(
      work,
      {
        'images/s.yaml': imagesYaml(images.map((im, i) => (i < 5 ? { ...im, title: `Mass edit ${i}` } : im))),
      },
      'Mass edit (#31)',
    );
    commitPulls[sha2] = [31];
    const mark = emulator.requests.length;
    const refused = await act({
      workspace: work,
      eventName: 'push',
      payload: pushEvent('Mass edit (#31)'),
      inputs: applyInputs,
      sha: sha2,
      githubUrl: fake.url,
    });
    expect(refused.code).toBe(1);
    expect(putsSince(emulator, mark)).toHaveLength(0);
    expect(annotationsOf(refused, 'error').some((e) => /force/.test(e.message))).toBe(true);
    expect(applyComments(fake, 31)).toHaveLength(1);
    expect(applyComments(fake, 31)[0]!.body).toContain('Refused: nothing was sent.');
    expect(await git(repo.bare, 'rev-parse', 'main')).toBe(sha2);

    // The re-run from the Actions tab with force: the same sticky comment now shows the results.
    const forced = await act({
      workspace: await cloneRepo(repo.bare),
      eventName: 'workflow_dispatch',
      payload: { repository: { default_branch: 'main' } },
      inputs: { ...applyInputs, force: 'true' },
      sha: sha2,
      githubUrl: fake.url,
    });
    expectSucceeded(forced);
    // A re-run is for a commit whose pull request is long indexed: one lookup, no pause.
    expect(forced.waits).toEqual([]);
    const sent = putsSince(emulator, mark).flatMap((q) => sentImages(q).map((i) => i.guid));
    expect(sent.sort()).toEqual(ids.slice(0, 5).sort());
    const comments = applyComments(fake, 31);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).not.toContain('Refused');
    expect(comments[0]!.body).toMatch(new RegExp(`${ids[0]}.*applied`));
    expect(forced.outputs).toMatchObject({ applied: '5', failed: '0' });
    expect(await git(repo.bare, 'rev-parse', 'main~1')).toBe(sha2);
  });

  it('never fails a successful apply because the comment could not be written', async () => {
    const ids = guids(2, 300);
    seedEmulator(ids);
    const repo = await makeRepo({
      'images/r.yaml': imagesYaml(ids.map((guid) => ({ guid, title: 'Read-only token' }))),
    });
    const sha = await git(repo.work, 'rev-parse', 'HEAD');
    const fake = await fakeGitHub({
      pulls: [{ number: 40, head_sha: SHA_A }],
      commitPulls: { [sha]: [40] },
      failures: { readOnly: true },
    });
    const r = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('x (#40)'),
      inputs: applyInputs,
      sha,
      githubUrl: fake.url,
    });
    expectSucceeded(r);
    expect(r.outputs).toMatchObject({ applied: '2', failed: '0', 'comment-url': '' });
    expect(annotationsOf(r, 'warning').length).toBeGreaterThanOrEqual(1);
    expect(fake.comments(40)).toHaveLength(0);
    expect(await git(repo.bare, 'rev-parse', 'main~1')).toBe(sha);
  });

  it('state-backend branch: the journal kept after a failed state write is recovered by the steps the warning gives', async () => {
    const ids = guids(3, 950);
    seedEmulator(ids);
    const images = ids.map((guid, i) => ({ guid, title: `Branch journal ${i}` }));
    const repo = await makeRepo({ 'images/b.yaml': imagesYaml(images) });
    const fake = await fakeGitHub({});
    const inputs = { ...applyInputs, 'state-backend': 'branch', 'state-branch': 'fwsync-state' };
    const run = async (work: string) =>
      act({
        workspace: work,
        eventName: 'workflow_dispatch',
        payload: { repository: { default_branch: 'main' } },
        inputs,
        sha: await git(work, 'rev-parse', 'HEAD'),
        githubUrl: fake.url,
      });
    expectSucceeded(await run(repo.work));

    // One title changes, and a folder sits where the state's backup goes: the state write fails.
    const work = await cloneRepo(repo.bare);
    await commitAndPush(
      work,
      {
        'images/b.yaml': imagesYaml(images.map((im, i) => (i === 0 ? { ...im, title: 'Edited' } : im))),
        '.fwsync/state.json.backup/keep': 'in the way\n',
      },
      'Edit one title',
    );
    const r = await run(work);
    expect(r.code).toBe(1);
    expect(emulator.getImage(ids[0]!)?.title).toBe('Edited');
    const warning = annotationsOf(r, 'warning').find((w) => w.message.includes('errored-journal.jsonl'));
    expect(warning?.message).toContain(
      'git fetch origin fwsync-state && git checkout FETCH_HEAD -- .fwsync/state.json .fwsync/state.shards',
    );
    expect(warning?.message).toContain('put the state back on the fwsync-state branch');

    // The steps: the state branch's copy in place, the journal beside it, apply.
    await recoverWithCli(repo.bare, {
      ...fake.files('fwsync-state', '.fwsync/state.shards/'),
      '.fwsync/state.json': fake.file('fwsync-state', '.fwsync/state.json')!,
      '.fwsync/state.json.journal': await readFile(
        path.join(r.runnerTemp, 'fwsync', 'errored-journal.jsonl'),
        'utf8',
      ),
    });
  });

  it('state-backend none: applies and leaves the state in the workspace, pushing and writing nothing to GitHub', async () => {
    const ids = guids(2, 970);
    seedEmulator(ids);
    const repo = await makeRepo({
      'images/n.yaml': imagesYaml(ids.map((guid, i) => ({ guid, title: `None ${i}` }))),
    });
    const sha = await git(repo.work, 'rev-parse', 'HEAD');
    const fake = await fakeGitHub({});
    const r = await act({
      workspace: repo.work,
      eventName: 'workflow_dispatch',
      payload: { repository: { default_branch: 'main' } },
      inputs: { ...applyInputs, 'state-backend': 'none' },
      sha,
      githubUrl: fake.url,
    });
    expectSucceeded(r);
    expect(r.outputs).toMatchObject({ applied: '2', failed: '0' });
    const state = (await readState(path.join(repo.work, '.fwsync', 'state.json'))).state!;
    expect(Object.keys(state.images).sort()).toEqual([...ids].sort());
    expect(await git(repo.bare, 'rev-parse', 'main')).toBe(sha);
    expect(fake.calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('state-backend commit: a sharded state round-trips, and a second apply of one image commits only the manifest and one or two shards', async () => {
    // Guids over several first hex digits, so the images sit in several shards.
    const ids = ['1', '5', '9', 'c'].map((d, i) => `${d}${seedGuid(i + 400).slice(1)}`);
    seedEmulator(ids);
    const images = ids.map((guid, i) => ({ guid, title: `Round trip ${i}` }));
    const repo = await makeRepo({
      'images/a.yaml': imagesYaml(images.slice(0, 2)),
      'images/b.yaml': imagesYaml(images.slice(2)),
    });
    const sha1 = await git(repo.work, 'rev-parse', 'HEAD');
    const fake = await fakeGitHub({});
    const first = await act({
      workspace: repo.work,
      eventName: 'workflow_dispatch',
      payload: { repository: { default_branch: 'main' } },
      inputs: applyInputs,
      sha: sha1,
      githubUrl: fake.url,
    });
    expectSucceeded(first);
    const committed1 = await committedState(repo.bare, 'main');
    expect(Object.keys(committed1.state.images).sort()).toEqual([...ids].sort());
    const shards1 = committed1.files.filter((f) => f.includes('/state.shards/'));
    expect(shards1.length).toBeGreaterThanOrEqual(4);

    // A fresh runner: a new clone, one title edited.
    const fresh = await cloneRepo(repo.bare);
    const sha2 = await commitAndPush(
      fresh,
      {
        'images/b.yaml': imagesYaml(
          images.slice(2).map((im, i) => (i === 1 ? { ...im, title: 'Only me' } : im)),
        ),
      },
      'Retitle one',
    );
    const mark = emulator.requests.length;
    const second = await act({
      workspace: fresh,
      eventName: 'workflow_dispatch',
      payload: { repository: { default_branch: 'main' } },
      inputs: applyInputs,
      sha: sha2,
      githubUrl: fake.url,
    });
    expectSucceeded(second);
    expect(putsSince(emulator, mark).flatMap((q) => sentImages(q).map((i) => i.guid))).toEqual([ids[3]]);
    // The state commit: the manifest and the one or two new shards, nothing removed (the
    // previous manifest's shards are kept with it as the backup).
    const changed = (await git(repo.bare, 'diff', '--name-status', 'main~1', 'main')).split('\n');
    expect(changed).toContain('M\t.fwsync/state.json');
    const added = changed.filter((l) => l.startsWith('A\t.fwsync/state.shards/'));
    expect(added.length).toBeGreaterThanOrEqual(1);
    expect(added.length).toBeLessThanOrEqual(2);
    expect(changed).toHaveLength(added.length + 1);
    const committed2 = await committedState(repo.bare, 'main');
    expect(committed2.state.images[ids[3]!]!.applied.title).toBe('Only me');
    expect(committed2.state.images[ids[0]!]!.applied.title).toBe('Round trip 0');
    expect(committed2.state.serial).toBe(committed1.state.serial + 1);
  });

  it('state-backend branch: keeps the state on its own branch, read back on a fresh runner, written with the previous sha', async () => {
    const ids = guids(3, 80);
    seedEmulator(ids);
    const images = ids.map((guid, i) => ({ guid, title: `Branch title ${i}` }));
    const repo = await makeRepo({ 'images/b.yaml': imagesYaml(images) });
    const sha1 = await git(repo.work, 'rev-parse', 'HEAD');
    const commitPulls: Record<string, number[]> = { [sha1]: [8] };
    const fake = await fakeGitHub({ pulls: [{ number: 8, head_sha: SHA_A }], commitPulls });
    const inputs = { ...applyInputs, 'state-backend': 'branch', 'state-branch': 'fwsync-state' };

    const first = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Add (#8)'),
      inputs,
      sha: sha1,
      githubUrl: fake.url,
    });
    expectSucceeded(first);
    const stored1 = fake.file('fwsync-state', '.fwsync/state.json');
    expect(stored1).not.toBeNull();
    const put1 = manifestPuts(fake);
    expect(put1).toHaveLength(1);
    expect((put1[0]!.body as { sha?: string }).sha).toBeUndefined();
    // The shards the manifest names went first, the manifest (the commit point) last.
    const shards1 = shardPuts(fake);
    expect(shards1.length).toBeGreaterThanOrEqual(2);
    expect(fake.calls.indexOf(shards1.at(-1)!)).toBeLessThan(fake.calls.indexOf(put1[0]!));
    const first1 = (await branchState(fake)).state;
    expect(Object.keys(first1.images).sort()).toEqual([...ids].sort());
    // Nothing is committed to main by this backend.
    expect(await git(repo.bare, 'rev-parse', 'main')).toBe(sha1);

    // A new commit on main changes one title; a fresh runner has no state file in its checkout.
    const work2 = await cloneRepo(repo.bare);
    const sha2 = await commitAndPush(
      work2,
      {
        'images/b.yaml': imagesYaml(
          images.map((im, i) => (i === 2 ? { ...im, title: 'Only this one' } : im)),
        ),
      },
      'Retitle one',
    );
    fake.setPull({ number: 9, head_sha: SHA_B });
    commitPulls[sha2] = [9];
    const fresh = await cloneRepo(repo.bare);
    const mark = emulator.requests.length;
    const second = await act({
      workspace: fresh,
      eventName: 'push',
      payload: pushEvent('Retitle one (#9)'),
      inputs,
      sha: sha2,
      githubUrl: fake.url,
    });
    expectSucceeded(second);
    const sent = putsSince(emulator, mark).flatMap((q) => sentImages(q).map((i) => i.guid));
    expect(sent).toEqual([ids[2]]);
    const puts = manifestPuts(fake);
    expect(puts).toHaveLength(2);
    // One image changed: besides the manifest, only its shard and its file entry's shard.
    const shards2 = shardPuts(fake).slice(shards1.length);
    expect(shards2.length).toBeGreaterThanOrEqual(1);
    expect(shards2.length).toBeLessThanOrEqual(2);
    // Nothing removed yet: the first manifest is the backup, and its shards are kept.
    expect(fake.calls.filter((c) => c.method === 'DELETE')).toEqual([]);
    const blobSha = createHash('sha1')
      .update(Buffer.concat([Buffer.from(`blob ${Buffer.byteLength(stored1!)}\0`), Buffer.from(stored1!)]))
      .digest('hex');
    expect((puts[1]!.body as { sha?: string }).sha).toBe(blobSha);
    const stored2 = (await branchState(fake)).state;
    expect(stored2.images[ids[2]!]!.applied.title).toBe('Only this one');
    expect(stored2.images[ids[0]!]!.applied.title).toBe('Branch title 0');
    expect(second.outputs).toMatchObject({ applied: '1', failed: '0', changes: '1' });
    expect(applyComments(fake, 9)[0]?.body).toMatch(new RegExp(`${ids[2]}.*applied`));
    await expectNoSecrets(second, fake, [(await branchState(fake)).text]);
  });
});

// What only a process shows: the bundle runs at all, the runner's workflow commands on stdout
// (masks first, `::error file=…,line=…` annotations), the exit code, and SIGINT as the runner
// sends it when a job is cancelled.
describe('the bundled Action as a process (dist/action.js)', () => {
  it('shows a validation error as an annotation on the exact file and line, fails, and posts nothing', async () => {
    const ids = guids(2);
    const bad = [
      'version: 1',
      'images:',
      `  - guid: ${ids[0]}`,
      '    title: Fine',
      '    description: ok',
      `  - guid: ${ids[1]}`,
      '    title: Typo below',
      '    descripton: misspelt',
      '',
    ].join('\n');
    const repo = await makeRepo({ 'site/images/bad.yaml': bad });
    const fake = await fakeGitHub({ pulls: [{ number: 6, head_sha: SHA_A }] });
    const r = await actProcess({
      workspace: repo.work,
      eventName: 'pull_request',
      payload: prEvent(6, SHA_A),
      inputs: { ...planInputs, 'working-directory': 'site' },
      sha: SHA_A,
      githubUrl: fake.url,
    });
    expect(r.code).toBe(1);
    const errors = annotations(r.stdout, 'error');
    const located = errors.filter((e) => e.props.file === 'site/images/bad.yaml');
    expect(located.length).toBeGreaterThanOrEqual(1);
    expect(located.some((e) => e.props.line === '8' && /descripton/.test(e.message))).toBe(true);
    expect(r.stdout).toMatch(/^::error [^\n]*file=site\/images\/bad\.yaml,line=8,col=\d+::/m);
    expect(commentWrites(fake)).toHaveLength(0);
    expect(fake.comments(6)).toHaveLength(0);
    expect(r.outputs['plan-checksum']).toBeUndefined();
    expect(r.summary).toContain('descripton');
  });

  it('cancelled like the runner does (SIGINT): no new batch, the confirmed ones committed back, "cancelled, partially applied" on the pull request, and a re-run finishes (A2)', async () => {
    const ids = guids(6, 700);
    seedEmulator(ids);
    const repo = await makeRepo({
      'images/c.yaml': imagesYaml(ids.map((guid, i) => ({ guid, title: `Cancel ${i}` }))),
      'fwsync.config.yaml': 'version: 1\napi:\n  batch_size: 2\n  concurrency: 1\n',
    });
    const sha = await git(repo.work, 'rev-parse', 'HEAD');
    const fake = await fakeGitHub({
      pulls: [{ number: 80, head_sha: SHA_A, merge_commit_sha: sha, merged_at: '2026-01-01T00:00:00Z' }],
      commitPulls: { [sha]: [80] },
    });
    const mark = emulator.requests.length;
    const puts = () => putsSince(emulator, mark);
    // Batch 2 of 3 is held at the emulator while the job is cancelled.
    // Long enough that even a starved runner signals before it is answered; the abort ends it early.
    emulator.script({ kind: 'delay', ms: 5000, match: { path: 'update_images', nth: 2 } });
    let signalled = false;
    const r = await actProcess({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Cancel (#80)'),
      inputs: { ...applyInputs, force: 'true' },
      sha,
      githubUrl: fake.url,
      onStart: (child) => {
        const poll = setInterval(() => {
          if (puts().length === 2) {
            clearInterval(poll);
            signalled = child.kill('SIGINT');
          }
        }, 20);
        void child.finally(() => clearInterval(poll));
      },
    });
    expect(signalled).toBe(true);
    expect(r.code).toBe(1);
    // No batch starts after the signal. The one in flight is aborted, so only batch 1 counts as
    // confirmed; a re-run sends batch 2 again with the same content, which is harmless.
    expect(puts()).toHaveLength(2);
    const state = (await committedState(repo.bare, 'main')).state;
    expect(Object.keys(state.images).sort()).toEqual(ids.slice(0, 2).sort());
    const body = applyComments(fake, 80)[0]!.body;
    expect(body).toContain('**Cancelled, partially applied: 2 of 6 changes.**');
    expect(
      annotations(r.stdout, 'error').some((e) => /Cancelled, partially applied: 2 of 6/.test(e.message)),
    ).toBe(true);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    await expectNoSecrets(r, fake);

    // The re-run from the Actions tab sends the four images not confirmed, nothing else.
    const rerun = await act({
      workspace: await cloneRepo(repo.bare),
      eventName: 'workflow_dispatch',
      payload: { repository: { default_branch: 'main' } },
      inputs: { ...applyInputs, force: 'true' },
      sha: await git(repo.bare, 'rev-parse', 'main'),
      githubUrl: fake.url,
    });
    expectSucceeded(rerun);
    const resent = puts()
      .slice(2)
      .flatMap((q) => sentImages(q).map((i) => i.guid));
    expect(resent.sort()).toEqual(ids.slice(2).sort());
    for (const [i, guid] of ids.entries()) expect(emulator.getImage(guid)?.title).toBe(`Cancel ${i}`);
  });

  it('rejected keys: the job fails at the first refused request without retrying, and no key appears anywhere', async () => {
    const ids = guids(2, 990);
    seedEmulator(ids);
    const repo = await makeRepo({
      'images/k.yaml': imagesYaml(ids.map((guid, i) => ({ guid, title: `Keys ${i}` }))),
    });
    const sha = await git(repo.work, 'rev-parse', 'HEAD');
    const fake = await fakeGitHub({});
    const wrongWeb = 'deadbeef-5ec7-4e7a-9b1d-00000000bad1';
    const wrongApp = 'deadbeef-5ec7-4e7a-9b1d-00000000bad2';
    const mark = emulator.requests.length;
    const r = await actProcess({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Keys'),
      inputs: { ...applyInputs, 'web-api-key': wrongWeb, 'app-key': wrongApp },
      sha,
      githubUrl: fake.url,
    });
    expect(r.code).toBe(1);
    // The first request (the read of the images to send) is refused; nothing is retried and
    // no update is sent.
    expect(emulator.requests.slice(mark).map((q) => q.path)).toEqual(['/v3/list_images']);
    expect(putsSince(emulator, mark)).toHaveLength(0);
    for (const guid of ids) expect(emulator.getImage(guid)?.title).toMatch(/^Old title/);
    const errors = annotations(r.stdout, 'error').map((e) => e.message);
    expect(
      errors.some((m) => /credentials|key/i.test(m)),
      errors.join('\n'),
    ).toBe(true);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // Nothing was applied, so nothing was committed back.
    expect(await git(repo.bare, 'rev-parse', 'main')).toBe(sha);
    await expectNoSecrets(r, fake, [], [wrongWeb, wrongApp, TOKEN]);
  });
});
