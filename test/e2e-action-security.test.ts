// What a pull request shows is everything a merge does (docs/security.md): the repository's
// files cannot send the keys to another host, apply only on the default branch, review the
// config and state edits besides the YAML, and no repository string becomes a workflow command.
// The Action runs in-process (support/action-in-process.ts) against the emulator, a fake GitHub
// and, for the hostile API host, a second loopback server that records what reaches it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seedGuid, startEmulator, type Emulator } from '../src/emulator/server.js';
import { annotationsOf, runActionInProcess, type InProcessRun } from './support/action-in-process.js';
import { cloneRepo, git, makeRepo, removeTemps, writeFiles } from './support/action-env.js';
import path from 'node:path';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.js';
import { putsSince } from './support/repo.js';
import { hashFields, sha256 } from '../src/core/canonical.js';
import type { State } from '../src/core/types.js';
import { readState as readStoredState, writeState } from '../src/adapters/state-store.js';

const WEB_KEY = 'c0ffee00-5ec7-4e7a-9b1d-0000000000c3';
const APP_KEY = 'c0ffee00-5ec7-4e7a-9b1d-0000000000d4';
const TOKEN = 'ghs_fwsyncSecurityToken0000000000000000';

interface Attacker {
  url: string;
  host: string;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** A server standing in for a host the repository would like the keys sent to. */
async function startAttacker(): Promise<Attacker> {
  const requests: Attacker['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v3`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let emulator: Emulator;
let attacker: Attacker;
const fakes: FakeGitHub[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ credentials: { webApiKey: WEB_KEY, appKey: APP_KEY } });
  attacker = await startAttacker();
});

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

afterAll(async () => {
  await emulator?.close();
  await attacker?.close();
  await removeTemps();
});

async function fakeGitHub(opts: Parameters<typeof startFakeGitHub>[0] = {}): Promise<FakeGitHub> {
  const fake = await startFakeGitHub(opts);
  fakes.push(fake);
  return fake;
}

const applyInputs = {
  command: 'auto',
  'github-token': TOKEN,
  comment: 'true',
  'state-backend': 'none',
  'web-api-key': WEB_KEY,
  'app-key': APP_KEY,
};

function imagesYaml(guid: string, title: string): string {
  return `version: 1\nimages:\n  - guid: ${guid}\n    title: ${JSON.stringify(title)}\n    description: ""\n`;
}

function pushEvent(message: string, defaultBranch = 'main') {
  return { head_commit: { message }, repository: { default_branch: defaultBranch } };
}

/** An in-process run whose workflow points the API at the emulator (FINERWORKS_API_URL in the job env). */
function act(opts: Parameters<typeof runActionInProcess>[0]): Promise<InProcessRun> {
  return runActionInProcess({ ...opts, env: { FINERWORKS_API_URL: emulator.url, ...opts.env } });
}

function errorsOf(r: InProcessRun): string {
  return annotationsOf(r, 'error')
    .map((e) => e.message)
    .join('\n');
}

describe('the API host belongs to the workflow', () => {
  it('a merged config naming another host gets no request and no key: the job fails naming the host and the input', async () => {
    const guid = seedGuid(901);
    emulator.reset({ images: [{ guid, title: 'Old', description: '' }] });
    const repo = await makeRepo({
      'images/a.yaml': imagesYaml(guid, 'Redirected'),
      'fwsync.config.yaml': `version: 1\napi:\n  base_url: ${attacker.url}\n`,
    });
    const sha = await git(repo.work, 'rev-parse', 'HEAD');
    const fake = await fakeGitHub();
    const mark = emulator.requests.length;
    const r = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Point the API elsewhere'),
      inputs: applyInputs,
      sha,
      githubUrl: fake.url,
    });
    expect(r.code).toBe(1);
    expect(attacker.requests).toEqual([]);
    expect(emulator.requests.length).toBe(mark);
    expect(errorsOf(r)).toContain(`names the host ${attacker.host}`);
    expect(errorsOf(r)).toContain('allowed-api-hosts');
    expect(r.log).not.toContain(WEB_KEY);
  });

  it('refuses the look-alike https://api.finerworks.com.attacker.example/v3 under the default api-url', async () => {
    const guid = seedGuid(902);
    emulator.reset({ images: [{ guid, title: 'Old', description: '' }] });
    const repo = await makeRepo({
      'images/a.yaml': imagesYaml(guid, 'Look-alike'),
      'fwsync.config.yaml': 'version: 1\napi:\n  base_url: https://api.finerworks.com.attacker.example/v3\n',
    });
    const fake = await fakeGitHub();
    // No FINERWORKS_API_URL: the api-url input's default (api.finerworks.com) is the workflow's choice.
    const r = await runActionInProcess({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Look-alike host'),
      inputs: applyInputs,
      sha: await git(repo.work, 'rev-parse', 'HEAD'),
      githubUrl: fake.url,
    });
    expect(r.code).toBe(1);
    const errors = errorsOf(r);
    expect(errors).toContain('api.finerworks.com.attacker.example');
    expect(errors).toContain('only to api.finerworks.com (the api-url input)');
    expect(errors).toContain('allowed-api-hosts');
  });

  it('sends to a host the workflow lists in allowed-api-hosts', async () => {
    const guid = seedGuid(903);
    emulator.reset({ images: [{ guid, title: 'Old', description: '' }] });
    const repo = await makeRepo({
      'images/a.yaml': imagesYaml(guid, 'Allowed'),
      'fwsync.config.yaml': `version: 1\napi:\n  base_url: ${attacker.url}\n`,
    });
    const fake = await fakeGitHub();
    const before = attacker.requests.length;
    const r = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Allowed host'),
      inputs: { ...applyInputs, 'allowed-api-hosts': `api.example.test,\n${attacker.host}` },
      sha: await git(repo.work, 'rev-parse', 'HEAD'),
      githubUrl: fake.url,
    });
    // The stand-in answers 401: the apply fails, but it was sent where the workflow allowed.
    expect(r.code).toBe(1);
    expect(attacker.requests.length).toBeGreaterThan(before);
    attacker.requests.length = 0;
  });

  it('keeps working for a config that leaves api.base_url alone', async () => {
    const guid = seedGuid(904);
    emulator.reset({ images: [{ guid, title: 'Old', description: '' }] });
    const repo = await makeRepo({ 'images/a.yaml': imagesYaml(guid, 'Default host') });
    const fake = await fakeGitHub();
    const mark = emulator.requests.length;
    const r = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Retitle'),
      inputs: applyInputs,
      sha: await git(repo.work, 'rev-parse', 'HEAD'),
      githubUrl: fake.url,
    });
    expect(r.code, r.log).toBe(0);
    expect(putsSince(emulator, mark).length).toBeGreaterThan(0);
    expect(emulator.getImage(guid)?.title).toBe('Default host');
  });
});

describe('apply and drift run for the default branch only', () => {
  async function featureRepo(tag: string) {
    const guid = seedGuid(910 + tag.length);
    emulator.reset({ images: [{ guid, title: 'Old', description: '' }] });
    const repo = await makeRepo({ 'images/a.yaml': imagesYaml(guid, `Unreviewed ${tag}`) });
    return { guid, repo, sha: await git(repo.work, 'rev-parse', 'HEAD') };
  }

  it('a push to another branch sends nothing, says why, and succeeds', async () => {
    const { guid, repo, sha } = await featureRepo('push');
    const fake = await fakeGitHub();
    const mark = emulator.requests.length;
    for (const [eventName, command] of [
      ['push', 'auto'],
      ['workflow_dispatch', 'apply'],
      ['schedule', 'drift'],
    ] as const) {
      const r = await act({
        workspace: repo.work,
        eventName,
        payload: pushEvent('Work in progress'),
        inputs: { ...applyInputs, command },
        sha,
        ref: 'refs/heads/feature',
        githubUrl: fake.url,
      });
      expect(r.code, r.log).toBe(0);
      const warnings = annotationsOf(r, 'warning').map((w) => w.message);
      expect(warnings.join('\n')).toContain('the branch feature is not the default branch (main)');
      expect(warnings.join('\n')).toContain('allowed-refs');
      expect(r.outputs['has-changes']).toBe('false');
    }
    expect(emulator.requests.length).toBe(mark);
    expect(fake.calls).toHaveLength(0);
    expect(emulator.getImage(guid)?.title).toBe('Old');
  });

  it('a tag push is not the default branch either', async () => {
    const { repo, sha } = await featureRepo('tag');
    const fake = await fakeGitHub();
    const mark = emulator.requests.length;
    const r = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('v1'),
      inputs: applyInputs,
      sha,
      ref: 'refs/tags/v1',
      githubUrl: fake.url,
    });
    expect(r.code).toBe(0);
    expect(
      annotationsOf(r, 'warning')
        .map((w) => w.message)
        .join('\n'),
    ).toContain('the ref refs/tags/v1');
    expect(emulator.requests.length).toBe(mark);
  });

  it('applies on a branch the workflow lists in allowed-refs', async () => {
    const { guid, repo, sha } = await featureRepo('allowed');
    const fake = await fakeGitHub();
    const r = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Release'),
      inputs: { ...applyInputs, 'allowed-refs': 'hotfix, release' },
      sha,
      ref: 'refs/heads/release',
      githubUrl: fake.url,
    });
    expect(r.code, r.log).toBe(0);
    expect(emulator.getImage(guid)?.title).toBe('Unreviewed allowed');
  });

  it('a "(#N)" subject on a direct push does not put the results on pull request N', async () => {
    const guid = seedGuid(920);
    emulator.reset({ images: [{ guid, title: 'Old', description: '' }] });
    const repo = await makeRepo({ 'images/a.yaml': imagesYaml(guid, 'Direct push') });
    const sha = await git(repo.work, 'rev-parse', 'HEAD');
    // #5 is an open pull request of someone else; the direct push names it in its subject.
    const fake = await fakeGitHub({ pulls: [{ number: 5, head_sha: 'e'.repeat(40) }] });
    const r = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Retitle (#5)'),
      inputs: applyInputs,
      sha,
      githubUrl: fake.url,
    });
    expect(r.code, r.log).toBe(0);
    expect(emulator.getImage(guid)?.title).toBe('Direct push');
    expect(fake.comments(5)).toEqual([]);
    expect(r.log).toContain('#5 named in the commit subject was not merged as');
  });
});

describe('a pull request plan reviews the config and the state besides the YAML', () => {
  /** A repository whose base commit has been applied: the state records `title` on origin/main. */
  async function appliedBase(n: number, title: string) {
    const guid = seedGuid(n);
    emulator.reset({ images: [{ guid, title: 'Old', description: '' }] });
    const repo = await makeRepo({ 'images/a.yaml': imagesYaml(guid, title) });
    const fake = await fakeGitHub();
    const applied = await act({
      workspace: repo.work,
      eventName: 'push',
      payload: pushEvent('Initial'),
      inputs: { ...applyInputs, 'state-backend': 'commit' },
      sha: await git(repo.work, 'rev-parse', 'HEAD'),
      githubUrl: fake.url,
    });
    expect(applied.code, applied.log).toBe(0);
    const work = await cloneRepo(repo.bare);
    return { guid, work, baseSha: await git(work, 'rev-parse', 'HEAD') };
  }

  async function readState(work: string): Promise<State> {
    return (await readStoredState(path.join(work, '.fwsync/state.json'))).state!;
  }

  /**
   * Writes `state` as fwsync would (manifest and shards, sealed), so the edit a pull request
   * makes is indistinguishable from one fwsync wrote: only the base review can catch it.
   */
  async function plantState(work: string, state: State, file = '.fwsync/state.json'): Promise<void> {
    const at = path.join(work, file);
    const current = (await readStoredState(at)).state;
    await writeState(
      at,
      { ...state, serial: state.serial + 1 },
      {
        expected: current ? { lineage: current.lineage, serial: current.serial } : null,
      },
    );
  }

  /** Commits the pull request's files on top of the base and plans it as a pull_request run. */
  async function planPullRequest(work: string, baseSha: string, files: Record<string, string>) {
    await writeFiles(work, files);
    await git(work, 'add', '-A');
    await git(work, 'commit', '--quiet', '-m', 'Pull request');
    const headSha = await git(work, 'rev-parse', 'HEAD');
    const fake = await fakeGitHub({ pulls: [{ number: 9, head_sha: headSha }] });
    const r = await act({
      workspace: work,
      eventName: 'pull_request',
      payload: {
        pull_request: { number: 9, head: { sha: headSha }, base: { sha: baseSha } },
        repository: { default_branch: 'main' },
      },
      inputs: { command: 'auto', 'github-token': TOKEN, comment: 'true', 'state-backend': 'commit' },
      sha: headSha,
      githubUrl: fake.url,
    });
    expect(r.code, r.log).toBe(0);
    const comment = fake.comments(9).at(-1)?.body ?? '';
    return { r, comment };
  }

  it('a state edit that records the new title (so the plan shows no change) and changed settings get a CAUTION section', async () => {
    const { guid, work, baseSha } = await appliedBase(930, 'Reviewed');
    const state = await readState(work);
    const image = state.images[guid]!;
    image.applied = { ...image.applied, title: 'Hidden' };
    image.hash = hashFields(image.applied);
    await plantState(work, state);
    const { r, comment } = await planPullRequest(work, baseSha, {
      'images/a.yaml': imagesYaml(guid, 'Hidden'),
      'fwsync.config.yaml':
        'version: 1\napi:\n  base_url: https://api.finerworks.com.attacker.example/v3\n  batch_size: 7\nsafety:\n  max_change_percent: 100\n',
    });
    // The edited state makes the title look applied: the plan alone would show nothing.
    expect(r.outputs.changes).toBe('0');
    for (const text of [comment, r.summary]) {
      // Above the plan: the first thing a reviewer reads.
      expect(text).toContain('> [!CAUTION]');
      expect(text.indexOf('> [!CAUTION]')).toBeLessThan(text.indexOf('### fwsync plan'));
      expect(text).toContain('`api.base_url`');
      expect(text).toContain('api\\.finerworks\\.com\\.attacker\\.example');
      expect(text).toContain('`api.batch_size`');
      expect(text).toContain('`safety.max_change_percent`');
      expect(text).toMatch(new RegExp(`\\| \`${guid}\` \\| \`title\` \\| "Reviewed" \\| "Hidden" \\|`));
    }
    const warnings = annotationsOf(r, 'warning')
      .map((w) => w.message)
      .join('\n');
    expect(warnings).toContain('api.base_url');
    expect(warnings).toContain('the recorded values of 1 image(s) in the state file');
  });

  it('a state file moved to a path the pull request provides: the plan compares with the base state', async () => {
    const { guid, work, baseSha } = await appliedBase(931, 'Reviewed');
    const planted = await readState(work);
    const image = planted.images[guid]!;
    image.applied = { ...image.applied, title: 'Planted' };
    image.hash = hashFields(image.applied);
    await plantState(work, planted, 'planted/state.json');
    const { r, comment } = await planPullRequest(work, baseSha, {
      'images/a.yaml': imagesYaml(guid, 'Planted'),
      'fwsync.config.yaml': 'version: 1\nstate: planted/state.json\n',
    });
    expect(r.outputs.changes).toBe('1');
    expect(comment).toContain('The state file moves');
    expect(comment).toContain('`state`');
    expect(comment).toMatch(/Reviewed.*Planted/);
  });

  it('a skip-cache entry edited to match the new file cannot hide the edit: every file is parsed', async () => {
    const { guid, work, baseSha } = await appliedBase(932, 'Reviewed');
    const state = await readState(work);
    const yaml = imagesYaml(guid, 'Sneaky');
    state.files['images/a.yaml'] = { ...state.files['images/a.yaml']!, hash: sha256(yaml) };
    await plantState(work, state);
    const { r, comment } = await planPullRequest(work, baseSha, { 'images/a.yaml': yaml });
    expect(r.outputs.changes).toBe('1');
    expect(comment).toContain('Sneaky');
    expect(comment).toContain('The recorded hashes of 1 image file(s) change');
  });

  it('a pull request that edits only the YAML gets no CAUTION section', async () => {
    const { guid, work, baseSha } = await appliedBase(933, 'Reviewed');
    const { r, comment } = await planPullRequest(work, baseSha, {
      'images/a.yaml': imagesYaml(guid, 'Plain edit'),
    });
    expect(r.outputs.changes).toBe('1');
    expect(comment).not.toContain('CAUTION');
    expect(r.summary).not.toContain('CAUTION');
    expect(annotationsOf(r, 'warning')).toEqual([]);
  });
});
