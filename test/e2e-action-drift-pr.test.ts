// The Action's drift job with drift-pull-request: true, end to end in-process against the
// FinerWorks emulator, the fake GitHub REST server and a bare git "origin": the first run opens
// one pull request from fwsync/drift holding the pulled YAML and state, the next run with one
// more live edit updates that same pull request, a run after the account matches again closes
// it, and once a drift branch is merged the apply on main sends nothing.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedGuid, startEmulator, type Emulator } from '../src/emulator/server.js';
import { DRIFT_PULL_REQUEST_MARKER } from '../src/render/pull.js';
import { runActionInProcess, type InProcessRun } from './support/action-in-process.js';
import { cloneRepo, committedState, git, makeRepo, removeTemps } from './support/action-env.js';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.js';
import { putsSince } from './support/repo.js';

const WEB_KEY = 'c0ffee00-5ec7-4e7a-9b1d-0000000000d1';
const APP_KEY = 'c0ffee00-5ec7-4e7a-9b1d-0000000000d2';
const TOKEN = 'ghs_fwsyncDriftPrToken0000000000000000';
const BRANCH = 'fwsync/drift';

let emulator: Emulator;
const fakes: FakeGitHub[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ credentials: { webApiKey: WEB_KEY, appKey: APP_KEY } });
}, 60_000);

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

afterAll(async () => {
  await emulator?.close();
  await removeTemps();
});

const keys = { 'github-token': TOKEN, 'web-api-key': WEB_KEY, 'app-key': APP_KEY, 'state-backend': 'commit' };
const driftInputs = { ...keys, command: 'drift', 'drift-pull-request': 'true' };
const applyInputs = { ...keys, command: 'apply' };

function act(
  workspace: string,
  fake: FakeGitHub,
  o: { eventName: string; inputs: Record<string, string>; sha: string },
): Promise<InProcessRun> {
  return runActionInProcess({
    workspace,
    eventName: o.eventName,
    payload: { repository: { default_branch: 'main' } },
    inputs: o.inputs,
    sha: o.sha,
    githubUrl: fake.url,
    env: { FINERWORKS_API_URL: emulator.url },
  });
}

function expectSucceeded(r: InProcessRun): void {
  expect(r.code, `log:\n${r.log}`).toBe(0);
}

function imagesYaml(ids: string[]): string {
  const items = ids.map(
    (guid, i) => `  - guid: ${guid}\n    title: "Kept ${i}"\n    description: "Text ${i}"\n`,
  );
  return `version: 1\nimages:\n${items.join('')}`;
}

/** A repository whose main was applied once: the YAML, the state committed back, FinerWorks equal. */
async function appliedRepo(ids: string[], fake: FakeGitHub): Promise<{ bare: string; head: string }> {
  emulator.reset({ images: ids.map((guid, i) => ({ guid, title: `Old ${i}`, description: 'old' })) });
  const repo = await makeRepo({ 'images/x.yaml': imagesYaml(ids) });
  const first = await act(repo.work, fake, {
    eventName: 'workflow_dispatch',
    inputs: applyInputs,
    sha: await git(repo.bare, 'rev-parse', 'main'),
  });
  expectSucceeded(first);
  return { bare: repo.bare, head: await git(repo.bare, 'rev-parse', 'main') };
}

const openPulls = (fake: FakeGitHub) => fake.pulls().filter((p) => (p.state ?? 'open') === 'open');

describe('drift-pull-request', () => {
  it('opens one pull request, updates it with the next edit, and closes it when the account matches', async () => {
    const fake = await startFakeGitHub();
    fakes.push(fake);
    const ids = Array.from({ length: 3 }, (_, i) => seedGuid(300 + i));
    const { bare, head } = await appliedRepo(ids, fake);
    const puts = putsSince(emulator).length;

    // Someone edits a title in the FinerWorks UI.
    emulator.setImage({ guid: ids[0]!, title: 'Edited in the UI' });
    const first = await act(await cloneRepo(bare), fake, {
      eventName: 'schedule',
      inputs: driftInputs,
      sha: head,
    });
    expectSucceeded(first);
    expect(first.outputs['has-changes']).toBe('true');
    expect(openPulls(fake)).toHaveLength(1);
    const pr = openPulls(fake)[0]!;
    expect(pr).toMatchObject({
      head_ref: BRANCH,
      base_ref: 'main',
      title: 'fwsync: edits made on FinerWorks',
    });
    expect(pr.body!.startsWith(DRIFT_PULL_REQUEST_MARKER)).toBe(true);
    expect(pr.body).toContain(ids[0]);
    expect(pr.body).toMatch(/\| title \| "?Edited in the UI"? \| "?Kept 0"? \|/);
    expect(first.outputs['drift-pull-request-url']).toBe(`https://github.test/acme/images/pull/${pr.number}`);

    // The branch: main plus one bot commit holding the YAML and the state; main untouched.
    expect(await git(bare, 'rev-parse', 'main')).toBe(head);
    expect(await git(bare, 'rev-parse', `${BRANCH}~1`)).toBe(head);
    expect(await git(bare, 'log', '-1', '--format=%an', BRANCH)).toBe('github-actions[bot]');
    // The state is the manifest and the shards that changed: the edited image's and its file's.
    expect((await git(bare, 'diff', '--name-only', 'main', BRANCH)).split('\n').sort()).toEqual([
      '.fwsync/state.json',
      expect.stringMatching(/^\.fwsync\/state\.shards\/files-[0-9a-f]-[0-9a-f]{16}\.json$/),
      expect.stringMatching(/^\.fwsync\/state\.shards\/images-[0-9a-f]-[0-9a-f]{16}\.json$/),
      'images/x.yaml',
    ]);
    expect(await git(bare, 'show', `${BRANCH}:images/x.yaml`)).toContain('title: "Edited in the UI"');
    // Whole at the branch's commit: the manifest and every shard it names were committed.
    const { state } = await committedState(bare, BRANCH);
    expect(state.images[ids[0]!]!.applied.title).toBe('Edited in the UI');

    // One more live edit: the same pull request is updated, the branch rebuilt with both.
    emulator.setImage({ guid: ids[1]!, description: 'Also edited' });
    const second = await act(await cloneRepo(bare), fake, {
      eventName: 'schedule',
      inputs: driftInputs,
      sha: head,
    });
    expectSucceeded(second);
    expect(fake.pulls()).toHaveLength(1);
    expect(openPulls(fake)[0]!.number).toBe(pr.number);
    expect(openPulls(fake)[0]!.body).toContain('Also edited');
    expect(openPulls(fake)[0]!.body).toContain('Edited in the UI');
    expect(await git(bare, 'rev-parse', `${BRANCH}~1`)).toBe(head);
    const yaml = await git(bare, 'show', `${BRANCH}:images/x.yaml`);
    expect(yaml).toContain('title: "Edited in the UI"');
    expect(yaml).toContain('description: "Also edited"');
    expect(fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/pulls'))).toHaveLength(1);

    // The edits are undone on FinerWorks: nothing left to pull, the pull request is closed.
    emulator.setImage({ guid: ids[0]!, title: 'Kept 0' });
    emulator.setImage({ guid: ids[1]!, description: 'Text 1' });
    const third = await act(await cloneRepo(bare), fake, {
      eventName: 'schedule',
      inputs: driftInputs,
      sha: head,
    });
    expectSucceeded(third);
    expect(openPulls(fake)).toHaveLength(0);
    expect(fake.pulls()[0]!.state).toBe('closed');
    expect(fake.comments(pr.number).at(-1)!.body).toContain('matches the YAML again');
    expect(third.log).toContain(`closed the drift pull request #${pr.number}`);

    // Drift never sends anything to FinerWorks, and no key reaches GitHub.
    expect(putsSince(emulator).length).toBe(puts);
    for (const text of [JSON.stringify(fake.calls), first.log, second.log, third.log]) {
      for (const secret of [WEB_KEY, APP_KEY, TOKEN]) expect(text).not.toContain(secret);
    }
  });

  it('merging the drift pull request makes the next apply empty', async () => {
    const fake = await startFakeGitHub();
    fakes.push(fake);
    const ids = Array.from({ length: 2 }, (_, i) => seedGuid(320 + i));
    const { bare, head } = await appliedRepo(ids, fake);
    emulator.setImage({ guid: ids[1]!, title: 'Renamed on FinerWorks', description: 'New text' });
    const drift = await act(await cloneRepo(bare), fake, {
      eventName: 'schedule',
      inputs: driftInputs,
      sha: head,
    });
    expectSucceeded(drift);
    expect(openPulls(fake)).toHaveLength(1);

    // The pull request is merged (a merge commit on main in the bare origin).
    const work = await cloneRepo(bare);
    await git(work, 'fetch', '--quiet', 'origin', BRANCH);
    await git(
      work,
      'merge',
      '--quiet',
      '--no-ff',
      '-m',
      'Merge pull request #1 from acme/fwsync/drift',
      'FETCH_HEAD',
    );
    await git(work, 'push', '--quiet', 'origin', 'HEAD:main');
    const merged = await git(bare, 'rev-parse', 'main');
    fake.setPull({ ...openPulls(fake)[0]!, state: 'closed', merged_at: '2026-01-02T00:00:00Z' });

    const mark = emulator.requests.length;
    const apply = await act(await cloneRepo(bare), fake, {
      eventName: 'workflow_dispatch',
      inputs: applyInputs,
      sha: merged,
    });
    expectSucceeded(apply);
    expect(apply.outputs['has-changes']).toBe('false');
    expect(putsSince(emulator, mark)).toEqual([]);
    // No state commit either: the merged state already holds the live values.
    expect(await git(bare, 'rev-parse', 'main')).toBe(merged);

    // And the next drift run finds nothing: no pull request is opened again.
    const after = await act(await cloneRepo(bare), fake, {
      eventName: 'schedule',
      inputs: driftInputs,
      sha: merged,
    });
    expectSucceeded(after);
    expect(after.outputs['has-changes']).toBe('false');
    expect(fake.pulls()).toHaveLength(1);
    expect(openPulls(fake)).toHaveLength(0);
  });

  it('lists conflicts in the body without committing them, and refuses a state backend off the branch', async () => {
    const fake = await startFakeGitHub();
    fakes.push(fake);
    const ids = Array.from({ length: 2 }, (_, i) => seedGuid(340 + i));
    const { bare } = await appliedRepo(ids, fake);
    // ids[0]: changed in the YAML on main and on FinerWorks (a conflict); ids[1]: only live.
    const work = await cloneRepo(bare);
    const yaml = (await git(work, 'show', 'HEAD:images/x.yaml')).replace('"Kept 0"', '"Human title"');
    await writeFile(path.join(work, 'images/x.yaml'), `${yaml}\n`);
    await git(work, 'commit', '--quiet', '-am', 'Rename image 0');
    await git(work, 'push', '--quiet', 'origin', 'HEAD:main');
    const head = await git(bare, 'rev-parse', 'main');
    emulator.setImage({ guid: ids[0]!, title: 'UI title' });
    emulator.setImage({ guid: ids[1]!, title: 'Only live' });

    const r = await act(await cloneRepo(bare), fake, {
      eventName: 'schedule',
      inputs: driftInputs,
      sha: head,
    });
    expectSucceeded(r);
    const body = openPulls(fake)[0]!.body!;
    expect(body).toContain('Only live');
    expect(body).toContain('#### Conflicts (not in this pull request)');
    expect(body).toMatch(/UI title.*Kept 0.*Human title/);
    const branchYaml = await git(bare, 'show', `${BRANCH}:images/x.yaml`);
    expect(branchYaml).toContain('"Human title"');
    expect(branchYaml).not.toContain('UI title');
    expect(branchYaml).toContain('title: "Only live"');

    const refused = await act(await cloneRepo(bare), fake, {
      eventName: 'schedule',
      inputs: { ...driftInputs, 'state-backend': 'branch' },
      sha: head,
    });
    expect(refused.code).toBe(1);
    expect(refused.log).toContain('drift-pull-request needs state-backend: commit');
  });

  it('leaves the branch and the pull request alone when a person committed to the branch', async () => {
    const fake = await startFakeGitHub();
    fakes.push(fake);
    const ids = Array.from({ length: 2 }, (_, i) => seedGuid(360 + i));
    const { bare, head } = await appliedRepo(ids, fake);
    emulator.setImage({ guid: ids[0]!, title: 'First edit' });
    expectSucceeded(
      await act(await cloneRepo(bare), fake, { eventName: 'schedule', inputs: driftInputs, sha: head }),
    );
    const body = openPulls(fake)[0]!.body;

    // Someone fixes the pull request by hand.
    const work = await cloneRepo(bare);
    await git(work, 'fetch', '--quiet', 'origin', BRANCH);
    await git(work, 'checkout', '--quiet', '-b', 'fix', 'FETCH_HEAD');
    await writeFile(path.join(work, 'NOTES.md'), 'reviewed\n');
    await git(work, 'add', 'NOTES.md');
    await git(work, 'commit', '--quiet', '-m', 'Reviewer note');
    await git(work, 'push', '--quiet', 'origin', `HEAD:${BRANCH}`);
    const human = await git(bare, 'rev-parse', BRANCH);

    emulator.setImage({ guid: ids[1]!, title: 'Second edit' });
    const r = await act(await cloneRepo(bare), fake, {
      eventName: 'schedule',
      inputs: driftInputs,
      sha: head,
    });
    expectSucceeded(r);
    expect(await git(bare, 'rev-parse', BRANCH)).toBe(human);
    expect(openPulls(fake)).toHaveLength(1);
    expect(openPulls(fake)[0]!.body).toBe(body);
    expect(r.events.some((e) => e.kind === 'warning' && /not made by fwsync/.test(e.text))).toBe(true);
  });
});
