// `fwsync apply` as a process against the emulator when FinerWorks or the network misbehaves
// (docs/failure-cases.md, section B): every case asserts the exit code, the emulator's request log and
// the state file left on disk.
import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, seedGuid } from '../src/emulator/server.js';
import { runCli } from './support/cli.js';
import {
  emulatorEnv,
  expectedFields,
  guidsOf as guids,
  parseApplyResult,
  recordedFields as recorded,
  makeImageRepo,
  putsSince,
  sentGuids,
  sentImages,
  testImages,
  type TestImage,
  useApplySuite,
} from './support/repo.js';

const { emulator, apply } = useApplySuite();

describe('transient failures are retried', () => {
  it('B14: 503 with Retry-After: 1, then success: waits ~1 s, state written once, exit 0', async () => {
    const images = testImages(4);
    const repo = await makeImageRepo({ images });
    emulator().script({
      kind: 'status',
      status: 503,
      headers: { 'Retry-After': '1' },
      match: { path: 'update_images' },
    });
    const r = await apply(repo);
    expect(r.code, r.stderr).toBe(0);
    const puts = putsSince(emulator());
    expect(puts.map((p) => p.status)).toEqual([503, 200]);
    expect(sentImages(puts[0]!)).toEqual(sentImages(puts[1]!));
    // Retry-After was honoured, not replaced by a shorter backoff.
    expect(puts[1]!.startedAt - puts[0]!.endedAt!).toBeGreaterThanOrEqual(950);
    const state = await repo.state();
    expect(state.serial).toBe(1);
    expect(Object.keys(state.images).sort()).toEqual(images.map((i) => i.guid));
    expect(await repo.backupBytes()).toBeNull(); // one write, over nothing
    expect(emulator().getImage(images[0]!.guid)?.title).toBe(images[0]!.title);
  });

  it.each([
    ['B19: connection reset', { kind: 'reset' as const }],
    ['B20: no answer (the per-request timeout fires)', { kind: 'hang' as const }],
    ['B21: truncated body', { kind: 'truncate' as const }],
    [
      'B21: applied, then the answer cut short',
      { kind: 'after' as const, then: { kind: 'truncate' as const } },
    ],
    ['B23: an HTML page with HTTP 200', { kind: 'html' as const }],
  ])('%s → retried, succeeds, exit 0', async (_name, fault) => {
    const images = testImages(4);
    const repo = await makeImageRepo({ images });
    emulator().script({ ...fault, match: { path: 'update_images' } });
    const started = performance.now();
    const r = await apply(repo);
    expect(r.code, r.stderr).toBe(0);
    const puts = putsSince(emulator());
    expect(puts).toHaveLength(2);
    expect(puts[0]!.fault).toBeDefined();
    expect(puts[1]!.status).toBe(200);
    expect(sentImages(puts[1]!)).toEqual(sentImages(puts[0]!));
    if (fault.kind === 'hang') {
      // timeout_seconds is 2: the first attempt was abandoned after that, not waited on forever.
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(puts[1]!.startedAt - puts[0]!.startedAt).toBeGreaterThanOrEqual(1900);
    }
    expect(await recorded(repo)).toEqual(expectedFields(images));
    expect((await repo.state()).serial).toBe(1);
  });

  it('B15: 429 with Retry-After: 3600 is not slept: the batch is not applied, the rest not attempted, exit 4 at once', async () => {
    const images = testImages(8);
    const repo = await makeImageRepo({ images });
    emulator().script({
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': '3600' },
      match: { path: 'update_images' },
    });
    const started = performance.now();
    const r = await apply(repo, ['--format', 'json']);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(r.code, r.stderr).toBe(4);
    expect(putsSince(emulator()).map((p) => p.status)).toEqual([429]);
    const result = parseApplyResult(r.stdout);
    const outcome = new Map(result.images.map((i) => [i.guid, i]));
    for (const img of images.slice(0, 4)) expect(outcome.get(img.guid)?.outcome).toBe('failed');
    for (const img of images.slice(4)) expect(outcome.get(img.guid)?.outcome).toBe('not_attempted');
    expect(outcome.get(images[0]!.guid)?.message).toMatch(/429|Retry-After|rate/i);
    expect(await recorded(repo)).toEqual({});
  });

  it('B15: 429 with an HTTP-date Retry-After a few seconds ahead: the retry waits until that date, then succeeds, exit 0', async () => {
    const images = testImages(4);
    const repo = await makeImageRepo({ images });
    // An HTTP-date has whole seconds: the next full second plus 3 s is 3–4 s away now, and still
    // at least ~1 s away when the CLI's first request arrives, even on a slow machine.
    const retryAt = Math.ceil(Date.now() / 1000) * 1000 + 3000;
    const httpDate = new Date(retryAt).toUTCString();
    expect(httpDate).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    emulator().script({
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': httpDate },
      match: { path: 'update_images' },
    });
    const r = await apply(repo);
    expect(r.code, r.stderr).toBe(0);
    const puts = putsSince(emulator());
    expect(puts.map((p) => p.status)).toEqual([429, 200]);
    expect(sentImages(puts[1]!)).toEqual(sentImages(puts[0]!));
    // The date was parsed and honoured, not replaced by a short backoff (≤ 0.5 s for a first retry).
    expect(puts[1]!.startedAt - puts[0]!.endedAt!).toBeGreaterThanOrEqual(950);
    // On the wall clock, the retry did not start before the date. The emulator's clock counts
    // from its start on this process's monotonic clock; a probe request pins the offset.
    const before = performance.now();
    await fetch(`${emulator().url}/test_my_credentials`);
    const probe = emulator().requests.at(-1)!;
    const emulatorStart = before - probe.startedAt; // at or before the true start
    expect(performance.timeOrigin + emulatorStart + puts[1]!.startedAt).toBeGreaterThanOrEqual(retryAt - 50);
    expect(await recorded(repo)).toEqual(expectedFields(images));
    expect((await repo.state()).serial).toBe(1);
  });

  it.each([
    // The last column is how the body is shown in the retry event (a JSON line under --verbose).
    ['an empty body', '', '): empty'],
    ['a text/plain body', 'OK', '): \\"OK\\"'],
  ])(
    'B23: HTTP 200 with %s is an unexpected response: retried like a 5xx, succeeds, exit 0',
    async (_name, body, shown) => {
      const images = testImages(4);
      const repo = await makeImageRepo({ images });
      emulator().script({ kind: 'status', status: 200, body, match: { path: 'update_images' } });
      const r = await apply(repo, ['--verbose']);
      expect(r.code, r.stderr).toBe(0);
      const puts = putsSince(emulator());
      expect(puts.map((p) => [p.status, p.fault])).toEqual([
        [200, 'status:200'],
        [200, undefined],
      ]);
      expect(sentImages(puts[1]!)).toEqual(sentImages(puts[0]!));
      // The retry says why, with the content type and (at most a snippet of) the body.
      expect(r.stderr).toMatch(/unexpected response body \(HTTP 200, text\/plain; charset=utf-8\)/);
      expect(r.stderr).toContain(shown);
      expect(await recorded(repo)).toEqual(expectedFields(images));
      expect((await repo.state()).serial).toBe(1);
    },
  );

  it('B23: HTTP 200 with an empty body every time: not recorded, the message names it, exit 4', async () => {
    const images = testImages(4);
    const repo = await makeImageRepo({ images });
    emulator().script(
      ...Array.from({ length: 3 }, () => ({
        kind: 'status' as const,
        status: 200,
        body: '',
        match: { path: 'update_images' },
      })),
    );
    const r = await apply(repo, ['--format', 'json']);
    expect(r.code, r.stderr).toBe(4);
    expect(putsSince(emulator()).map((p) => p.status)).toEqual([200, 200, 200]); // max_attempts 3
    const result = parseApplyResult(r.stdout);
    for (const img of result.images) {
      expect(img.outcome).toBe('failed');
      expect(img.message).toMatch(
        /gave up after 3 attempts: .*unexpected response body \(HTTP 200, .*\): empty/,
      );
    }
    expect(await recorded(repo)).toEqual({});
    expect(await repo.stateBytes()).toBeNull();
  });

  it('B16: 500 every time: each batch gives up after max_attempts, the breaker stops the rest, nothing recorded, exit 4', async () => {
    const images = testImages(24); // 6 batches of 4
    const repo = await makeImageRepo({ images });
    emulator().script(
      ...Array.from({ length: 40 }, () => ({
        kind: 'status' as const,
        status: 500,
        match: { path: 'update_images' },
      })),
    );
    const r = await apply(repo, ['--format', 'json']);
    expect(r.code, r.stderr).toBe(4);
    const puts = putsSince(emulator());
    expect(puts.every((p) => p.status === 500)).toBe(true);
    // max_attempts 3 per batch; 5 batches in a row failing open the circuit before batch 6.
    expect(puts).toHaveLength(15);
    for (let b = 0; b < 5; b++) {
      for (let a = 0; a < 3; a++)
        expect(sentGuids(puts[b * 3 + a]!)).toEqual(images.slice(b * 4, b * 4 + 4).map((i) => i.guid));
    }
    const result = parseApplyResult(r.stdout);
    expect(result.summary).toMatchObject({ applied: 0, failed: 20, not_attempted: 4 });
    const last = result.images.find((i) => i.guid === images[23]!.guid);
    expect(last?.outcome).toBe('not_attempted');
    expect(await recorded(repo)).toEqual({});
  });
});

describe('rejections are narrowed down to the bad image', () => {
  it('B17: a non-retryable 400 for one image: exactly one request for it alone, the others applied, exit 4', async () => {
    const images = testImages(4);
    const bad = images[1]!;
    const repo = await makeImageRepo({ images });
    const rejection = {
      kind: 'status' as const,
      status: 400,
      body: JSON.stringify({
        Message: 'The request is invalid.',
        ModelState: { 'request.images[1].title': ['Title is not allowed.'] },
      }),
    };
    // Request 1: the batch; 2: its left half [0,1]; 3: [0] alone (accepted); 4: [1] alone.
    emulator().script(
      { ...rejection, match: { path: 'update_images', nth: 1 } },
      { ...rejection, match: { path: 'update_images', nth: 2 } },
      { ...rejection, match: { path: 'update_images', nth: 4 } },
    );
    const r = await apply(repo);
    expect(r.code, r.stderr).toBe(4);
    const puts = putsSince(emulator());
    expect(puts.map(sentGuids)).toEqual([
      images.map((i) => i.guid),
      [images[0]!.guid, bad.guid],
      [images[0]!.guid],
      [bad.guid],
      [images[2]!.guid, images[3]!.guid],
    ]);
    expect(puts.filter((p) => sentGuids(p).length === 1 && sentGuids(p)[0] === bad.guid)).toHaveLength(1);
    expect(r.stdout).toContain('Title is not allowed.');
    expect(r.stdout).toMatch(new RegExp(`failed ${bad.guid}.*Title is not allowed`));
    const rec = await recorded(repo);
    expect(Object.keys(rec).sort()).toEqual(images.filter((i) => i !== bad).map((i) => i.guid));
  });

  it.each([
    [404, 'No image with that guid in this library.'],
    [409, 'The image is being processed; try again later.'],
    [422, 'Title contains characters that are not allowed.'],
  ])(
    'B17: a non-retryable %i for a lone image: exactly one request, not retried, the status and the API message shown, exit 4',
    async (status, message) => {
      const images = testImages(5); // batches of 4: the lone fifth image is the rejected one
      const bad = images[4]!;
      const repo = await makeImageRepo({ images });
      emulator().script({
        kind: 'status',
        status,
        body: JSON.stringify({ Message: message }),
        match: { path: 'update_images', nth: 2 },
      });
      const r = await apply(repo, ['--format', 'json']);
      expect(r.code, r.stderr).toBe(4);
      const puts = putsSince(emulator());
      expect(puts.map(sentGuids)).toEqual([guids(images.slice(0, 4)), [bad.guid]]);
      expect(puts.map((p) => p.status)).toEqual([200, status]);
      const result = parseApplyResult(r.stdout);
      const failed = result.images.filter((i) => i.outcome === 'failed');
      expect(failed.map((i) => i.guid)).toEqual([bad.guid]);
      expect(failed[0]!.message).toContain(message);
      expect(failed[0]!.message).toBe(`HTTP ${status}: ${message}`);
      const rec = await recorded(repo);
      expect(Object.keys(rec).sort()).toEqual(guids(images.slice(0, 4)));
    },
  );

  it('an image the library does not hold is refused before anything is sent: the others applied and recorded, exit 4', async () => {
    const unknown: TestImage = { guid: seedGuid(9999), title: 'Not on the account', description: '' };
    const images = [...testImages(2), unknown, ...testImages(5, { from: 3 })]; // 8 images
    const repo = await makeImageRepo({ images });
    const r = await apply(repo, ['--format', 'json']);
    expect(r.code, r.stderr).toBe(4);
    const result = parseApplyResult(r.stdout);
    expect(result.images.filter((i) => i.outcome === 'refused')).toEqual([
      {
        guid: unknown.guid,
        kind: 'adopt',
        outcome: 'refused',
        message:
          'not in library "inventory" on the account; not sent (check the guid, or library.name in the config)',
      },
    ]);
    expect(result.summary).toMatchObject({ applied: 7, refused: 1, failed: 0 });
    // The read came first; the unknown guid was never sent.
    const known = guids(images.filter((i) => i !== unknown)).sort();
    expect(emulator().requests[0]?.path).toBe('/v3/list_images');
    expect(putsSince(emulator()).map(sentGuids)).toEqual([known.slice(0, 4), known.slice(4)]);
    const rec = await recorded(repo);
    expect(Object.keys(rec).sort()).toEqual(known);
    // A second apply reads again, refuses it again, and sends nothing.
    const mark = emulator().requests.length;
    const again = await apply(repo);
    expect(again.code).toBe(4);
    expect(putsSince(emulator(), mark)).toEqual([]);
  });
});

describe('bad credentials', () => {
  /** The base64 (standard and URL-safe) and URL-encoded forms of a secret. */
  const encodedForms = (key: string): string[] => [
    Buffer.from(key).toString('base64'),
    Buffer.from(key).toString('base64url'),
    encodeURIComponent(key),
  ];

  const BAD = {
    webApiKey: 'badbad00-1111-4222-8333-444455556666',
    appKey: 'badbad00-7777-4888-9999-aaaabbbbcccc',
  };

  it('B18: exit 1, exactly one request (no retries), names the variables, never prints a key, state untouched', async () => {
    const images = testImages(8);
    const repo = await makeImageRepo({ images });
    const first = await apply(repo);
    expect(first.code, first.stderr).toBe(0);
    const before = await repo.stateBytes();
    await repo.writeImages(images.map((i) => ({ ...i, title: `${i.title}!` })));
    const mark = emulator().requests.length;
    const r = await runCli(['apply', '--yes'], { cwd: repo.dir, env: emulatorEnv(emulator(), BAD) });
    const output = r.stdout + r.stderr;
    expect(r.code, output).toBe(1);
    expect(emulator().requests.slice(mark)).toHaveLength(1);
    expect(output).toContain('FINERWORKS_WEB_API_KEY');
    expect(output).toContain('FINERWORKS_APP_KEY');
    for (const key of [BAD.webApiKey, BAD.appKey, DEMO_CREDENTIALS.webApiKey, DEMO_CREDENTIALS.appKey])
      expect(output).not.toContain(key);
    // Nor an encoded form of one (docs/failure-cases.md E42: raw, base64 and URL-encoded). For these
    // UUID-shaped keys the URL-encoded form equals the raw one; it is listed for keys that differ.
    for (const key of [BAD.webApiKey, BAD.appKey, DEMO_CREDENTIALS.webApiKey, DEMO_CREDENTIALS.appKey]) {
      for (const form of encodedForms(key)) expect(output).not.toContain(form);
    }
    expect(output).not.toMatch(/\n\s+at /);
    expect(await repo.stateBytes()).toEqual(before);
    expect(repo.exists('.fwsync/state.json.journal')).toBe(false);
  });

  it.each([401, 403])(
    'B18: a plain HTTP %i is an auth error too: exit 1, exactly one request, no retry, nothing recorded',
    async (status) => {
      const images = testImages(8); // two batches: the second is never sent
      const repo = await makeImageRepo({ images });
      emulator().script({ kind: 'status', status, match: { path: 'update_images' } });
      const r = await apply(repo);
      const output = r.stdout + r.stderr;
      expect(r.code, output).toBe(1);
      const puts = putsSince(emulator());
      expect(puts.map((p) => p.status)).toEqual([status]);
      expect(puts.map(sentGuids)).toEqual([guids(images.slice(0, 4))]);
      // The read of the images to send, then the one update that was refused.
      expect(emulator().requests.map((q) => q.path)).toEqual(['/v3/list_images', '/v3/update_images']);
      expect(r.stderr).toContain('FinerWorks rejected the credentials; nothing was sent successfully');
      expect(r.stderr).toContain('FINERWORKS_WEB_API_KEY');
      for (const key of [DEMO_CREDENTIALS.webApiKey, DEMO_CREDENTIALS.appKey]) {
        for (const form of [key, ...encodedForms(key)]) expect(output).not.toContain(form);
      }
      expect(output).not.toMatch(/\n\s+at /);
      expect(await repo.stateBytes()).toBeNull();
      expect(repo.exists('.fwsync/state.json.journal')).toBe(false);
    },
  );

  it('B18: on a first apply (no state yet) it leaves no state file behind', async () => {
    const repo = await makeImageRepo({ images: testImages(3) });
    const r = await runCli(['apply', '--yes'], { cwd: repo.dir, env: emulatorEnv(emulator(), BAD) });
    expect(r.code, r.stderr).toBe(1);
    // The keys are refused at the first request, the read before any update.
    expect(emulator().requests.map((q) => q.path)).toEqual(['/v3/list_images']);
    expect(putsSince(emulator())).toHaveLength(0);
    expect(await repo.stateBytes()).toBeNull();
  });
});
