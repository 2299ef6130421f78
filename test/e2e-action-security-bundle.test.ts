// The security cases of docs/security.md through the bundled Action (dist/action.js) as the
// runner starts it, for what only the real process shows: its stdout as the runner reads
// workflow commands from it, and its exit code. The in-process tests (e2e-action-security)
// cover each case in detail; these check that the bundle behaves the same.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedGuid, startEmulator, type Emulator } from '../src/emulator/server.js';
import {
  annotations,
  ensureActionBuilt,
  git,
  makeRepo,
  removeTemps,
  runAction,
} from './support/action-env.js';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.js';
import { putsSince } from './support/repo.js';

const WEB_KEY = 'c0ffee00-5ec7-4e7a-9b1d-0000000000e5';
const APP_KEY = 'c0ffee00-5ec7-4e7a-9b1d-0000000000f6';
const HOSTILE = 'images/bad\n::error title=X::y.yaml';

let emulator: Emulator;
let fake: FakeGitHub;
let attacker: { url: string; host: string; hits: number; close(): Promise<void> };

beforeAll(async () => {
  await ensureActionBuilt();
  emulator = await startEmulator({ credentials: { webApiKey: WEB_KEY, appKey: APP_KEY } });
  fake = await startFakeGitHub({});
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits += 1;
    req.resume();
    res.writeHead(401).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  attacker = {
    url: `http://127.0.0.1:${port}/v3`,
    host: `127.0.0.1:${port}`,
    get hits() {
      return hits;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
});

afterAll(async () => {
  await emulator?.close();
  await fake?.close();
  await attacker?.close();
  await removeTemps();
});

const inputs = {
  command: 'auto',
  'github-token': 'ghs_bundleToken00000000000000000000000',
  comment: 'false',
  'state-backend': 'none',
  'web-api-key': WEB_KEY,
  'app-key': APP_KEY,
};
const image = (guid: string, title: string): string =>
  `version: 1\nimages:\n  - guid: ${guid}\n    title: ${JSON.stringify(title)}\n    description: ""\n`;
const push = (defaultBranch = 'main') => ({
  head_commit: { message: 'x' },
  repository: { default_branch: defaultBranch },
});
/** Lines the runner would take for a workflow command. */
const commandLines = (text: string): string[] =>
  text.split(/\r\n|\r|\n/).filter((l) => /^\s*(::|##\[)/.test(l));

describe('the bundled Action', () => {
  it('a config naming another host: no request reaches it, the job fails naming the host', async () => {
    const guid = seedGuid(951);
    emulator.reset({ images: [{ guid, title: 'Old', description: '' }] });
    const repo = await makeRepo({
      'images/a.yaml': image(guid, 'Redirected'),
      'fwsync.config.yaml': `version: 1\napi:\n  base_url: ${attacker.url}\n`,
    });
    const mark = emulator.requests.length;
    const r = await runAction({
      workspace: repo.work,
      eventName: 'push',
      payload: push(),
      inputs,
      sha: await git(repo.work, 'rev-parse', 'HEAD'),
      githubUrl: fake.url,
      env: { FINERWORKS_API_URL: emulator.url },
    });
    expect(r.code).toBe(1);
    expect(attacker.hits).toBe(0);
    expect(emulator.requests.length).toBe(mark);
    expect(
      annotations(r.stdout, 'error')
        .map((e) => e.message)
        .join('\n'),
    ).toContain(`names the host ${attacker.host}`);
    // Only the ::add-mask:: line that registers the key with the runner names it.
    const printed = (r.stdout + r.stderr).split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(printed.join('\n')).not.toContain(WEB_KEY);
  });

  it('a push to another branch applies nothing and ends successfully', async () => {
    const guid = seedGuid(952);
    emulator.reset({ images: [{ guid, title: 'Old', description: '' }] });
    const repo = await makeRepo({ 'images/a.yaml': image(guid, 'From a feature branch') });
    const r = await runAction({
      workspace: repo.work,
      eventName: 'push',
      payload: push(),
      inputs,
      sha: await git(repo.work, 'rev-parse', 'HEAD'),
      ref: 'refs/heads/feature',
      githubUrl: fake.url,
      env: { FINERWORKS_API_URL: emulator.url },
    });
    expect(r.code).toBe(0);
    expect(emulator.requests).toEqual([]);
    expect(putsSince(emulator)).toEqual([]);
    expect(emulator.getImage(guid)?.title).toBe('Old');
  });

  it('an image file named to forge a workflow command prints no command line of its own', async () => {
    const repo = await makeRepo({ [HOSTILE]: 'version: 1\nimages:\n  - guid: nope\n' });
    const r = await runAction({
      workspace: repo.work,
      eventName: 'pull_request',
      payload: {
        pull_request: { number: 1, head: { sha: 'a'.repeat(40) } },
        repository: { default_branch: 'main' },
      },
      inputs,
      sha: await git(repo.work, 'rev-parse', 'HEAD'),
      githubUrl: fake.url,
      env: { FINERWORKS_API_URL: emulator.url },
    });
    expect(r.code).toBe(1);
    // The name is printed (so the check below can fail), but never at the start of a line.
    expect(r.stdout).toContain('title=X');
    expect(commandLines(r.stdout).some((l) => l.trimStart().startsWith('::error title=X'))).toBe(false);
  });
});
