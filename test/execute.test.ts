import { describe, expect, it } from 'vitest';
import { createFinerWorksClient } from '../src/adapters/finerworks-client.js';
import type { UpdateImageDetails } from '../src/core/finerworks-types.js';
import { executeUpdates } from '../src/apply/execute.js';
import type { ExecuteEvent, ExecuteOptions, ExecuteOutcome } from '../src/apply/execute.js';
import type { RetryOptions } from '../src/apply/retry.js';
import { APP_KEY, fakeClock, NOW, useFaultServer, WEB_KEY } from './support/fake-api.js';
import { AUTH_400, OK } from './support/fault-server.js';
import type { FaultStep, RecordedRequest, Script } from './support/fault-server.js';

const ECHO = `echo web_api_key=${WEB_KEY} app_key=${APP_KEY}`;

const faults = useFaultServer();

function images(n: number): UpdateImageDetails[] {
  return Array.from({ length: n }, (_, i) => ({
    guid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    title: `Image ${i}`,
    description: '',
  }));
}

const sentGuids = (req: RecordedRequest | undefined): string[] =>
  ((req?.json as { images: UpdateImageDetails[] } | undefined)?.images ?? []).map((image) => image.guid);

function fakeRetry(overrides: Partial<RetryOptions> = {}) {
  const clock = fakeClock();
  const retry: Omit<RetryOptions, 'signal'> = {
    maxAttempts: 3,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    maxRetryAfterMs: 60_000,
    deadline: NOW + 30 * 60_000,
    random: () => 0.5,
    sleep: clock.sleep,
    now: clock.now,
    ...overrides,
  };
  return { retry, sleeps: clock.sleeps };
}

interface Run {
  outcome: ExecuteOutcome;
  events: ExecuteEvent[];
  confirmed: string[][];
}

async function run(
  script: FaultStep[] | Script,
  opts: Partial<ExecuteOptions> & { images: UpdateImageDetails[] },
): Promise<Run> {
  const server = await faults.start(script);
  const api = createFinerWorksClient({
    baseUrl: `${server.url}/v3`,
    credentials: { webApiKey: WEB_KEY, appKey: APP_KEY, accountKey: null },
    timeoutMs: 5_000,
    userAgent: 'fwsync/test',
    now: () => NOW,
  });
  const events: ExecuteEvent[] = [];
  const confirmed: string[][] = [];
  const outcome = await executeUpdates({
    batchSize: 5,
    concurrency: 2,
    api,
    retry: fakeRetry().retry,
    signal: new AbortController().signal,
    onConfirmed: (batch) => {
      confirmed.push(batch.map((image) => image.guid));
      return Promise.resolve();
    },
    onEvent: (event) => events.push(event),
    ...opts,
  });
  // Every image has exactly one outcome, in input order, and no key leaks anywhere.
  expect([...outcome.results.keys()]).toEqual(opts.images.map((image) => image.guid));
  const visible = JSON.stringify({ events, results: [...outcome.results], auth: outcome.authError?.message });
  expect(visible).not.toContain(WEB_KEY);
  expect(visible).not.toContain(APP_KEY);
  return { outcome, events, confirmed };
}

function count(outcome: ExecuteOutcome, kind: string): number {
  return [...outcome.results.values()].filter((r) => r.outcome === kind).length;
}

describe('executeUpdates', () => {
  it('sends ceil(n / batchSize) requests, in order, with bounded batches and concurrency', async () => {
    const all = images(23);
    const { outcome, confirmed, events } = await run([{ ...OK, delayMs: 25 }], {
      images: all,
      batchSize: 5,
      concurrency: 2,
    });
    expect(outcome.requests).toBe(5);
    expect(faults.server().requests).toHaveLength(5);
    expect(faults.server().maxInFlight()).toBe(2);
    for (const req of faults.server().requests) expect(sentGuids(req).length).toBeLessThanOrEqual(5);
    expect(faults.server().requests.flatMap(sentGuids).sort()).toEqual(all.map((i) => i.guid));
    // Started in input order (two connections may reach the server in either order).
    const started = events.filter((e) => e.type === 'batch-sent').map((e) => e.guids[0]);
    expect(started).toEqual([0, 5, 10, 15, 20].map((i) => all[i]?.guid));
    expect(confirmed.flat().sort()).toEqual(all.map((i) => i.guid));
    expect(count(outcome, 'applied')).toBe(23);
    expect(outcome.stoppedBy).toBeNull();
  });

  it('a worker sends its next request only after onConfirmed resolved', async () => {
    const log: string[] = [];
    const concurrency = 2;
    await run(
      (req) => {
        log.push(`req ${sentGuids(req).join(',')}`);
        return OK;
      },
      {
        images: images(10),
        batchSize: 2,
        concurrency,
        onConfirmed: async () => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          log.push('persisted');
        },
      },
    );
    expect(log.filter((l) => l.startsWith('req'))).toHaveLength(5);
    let sent = 0;
    let persisted = 0;
    for (const line of log) {
      if (line === 'persisted') persisted++;
      else {
        // Each worker has at most one batch sent but not yet persisted.
        expect(sent - persisted).toBeLessThan(concurrency);
        sent++;
      }
    }
  });

  it('narrows a rejected batch of 8 down to the one bad image', async () => {
    const all = images(8);
    const bad = all[5]!.guid;
    const { outcome, confirmed, events } = await run(
      (req) =>
        sentGuids(req).includes(bad)
          ? { status: 200, body: { status: { success: false, message: `Image ${bad} not found ${ECHO}` } } }
          : OK,
      { images: all, batchSize: 8, concurrency: 1 },
    );
    expect(faults.server().requests.map((r) => sentGuids(r).length)).toEqual([8, 4, 4, 2, 1, 1, 2]);
    expect(outcome.requests).toBe(7);
    expect(outcome.results.get(bad)).toEqual({
      outcome: 'failed',
      message: `Image ${bad} not found echo web_api_key=*** app_key=***`,
    });
    expect(count(outcome, 'applied')).toBe(7);
    expect(confirmed.flat()).not.toContain(bad);
    expect(events.filter((e) => e.type === 'split')).toHaveLength(3);
    expect(outcome.stoppedBy).toBeNull();
  });

  it('stops everything on bad credentials: no retry, no new request, in-flight ones still count', async () => {
    const all = images(20);
    const { outcome } = await run(
      (req, index) => {
        const first = sentGuids(req)[0];
        if (first === all[4]!.guid) return { ...AUTH_400, delayMs: 100 };
        if (first === all[6]!.guid) return { ...OK, delayMs: 250 };
        return index < 2 ? OK : { status: 500, body: {} };
      },
      { images: all, batchSize: 2, concurrency: 2 },
    );
    expect(faults.server().requests).toHaveLength(4);
    expect(outcome.requests).toBe(4);
    expect(outcome.stoppedBy).toBe('auth');
    expect(outcome.authError?.class).toBe('auth');
    expect(outcome.authError?.message).toMatch(/Missing or unauthorized api credentials/);
    expect(count(outcome, 'applied')).toBe(6); // batches 0, 1 and the in-flight batch 3
    expect(outcome.results.get(all[4]!.guid)?.outcome).toBe('not_attempted');
    expect(count(outcome, 'not_attempted')).toBe(14);
    expect(outcome.results.get(all[19]!.guid)?.message).toMatch(
      /^not attempted: FinerWorks rejected the API credentials/,
    );
  });

  it('ends another worker\u2019s retry wait when the credentials are rejected', async () => {
    const all = images(4);
    let release: () => void = () => {};
    const sleeping = new Promise<void>((resolve) => (release = resolve));
    const { retry } = fakeRetry({
      sleep: (_ms, signal) =>
        new Promise<void>((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted')));
          release();
        }),
    });
    const { outcome } = await run(
      async (req) => {
        if (sentGuids(req)[0] === all[0]!.guid) return { status: 503, body: '' };
        await sleeping; // answer auth only once the other worker waits to retry
        return AUTH_400;
      },
      { images: all, batchSize: 2, concurrency: 2, retry },
    );
    expect(faults.server().requests).toHaveLength(2);
    expect(outcome.stoppedBy).toBe('auth');
    expect(count(outcome, 'not_attempted')).toBe(4);
  });

  it('opens the circuit after consecutive transient failures and skips the rest', async () => {
    const { retry, sleeps } = fakeRetry({ maxAttempts: 2 });
    const { outcome, events } = await run([{ status: 500, body: { Message: `down ${ECHO}` } }], {
      images: images(10),
      batchSize: 1,
      concurrency: 1,
      retry,
      maxConsecutiveTransientFailures: 3,
    });
    expect(faults.server().requests).toHaveLength(6);
    expect(outcome.requests).toBe(6);
    expect(sleeps).toEqual([250, 250, 250]);
    expect(outcome.stoppedBy).toBe('circuit-open');
    expect(count(outcome, 'failed')).toBe(3);
    expect(count(outcome, 'not_attempted')).toBe(7);
    expect([...outcome.results.values()][0]?.message).toBe(
      'gave up after 2 attempts: PUT /update_images: HTTP 500: down echo web_api_key=*** app_key=***',
    );
    expect([...outcome.results.values()][9]?.message).toBe(
      'not attempted: 3 batches in a row failed (circuit open)',
    );
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(3);
  });

  it('a success resets the breaker count', async () => {
    const { retry } = fakeRetry({ maxAttempts: 1 });
    const { outcome } = await run((_req, index) => (index % 2 === 0 ? { status: 503, body: '' } : OK), {
      images: images(6),
      batchSize: 1,
      concurrency: 1,
      retry,
      maxConsecutiveTransientFailures: 2,
    });
    expect(outcome.stoppedBy).toBeNull();
    expect(count(outcome, 'failed')).toBe(3);
    expect(count(outcome, 'applied')).toBe(3);
  });

  it('a Retry-After beyond the cap fails that batch as rate limited and stops without sleeping', async () => {
    const { retry, sleeps } = fakeRetry();
    const { outcome } = await run([OK, { status: 429, body: '', headers: { 'Retry-After': '3600' } }], {
      images: images(6),
      batchSize: 2,
      concurrency: 1,
      retry,
    });
    expect(faults.server().requests).toHaveLength(2);
    expect(sleeps).toEqual([]);
    expect(outcome.stoppedBy).toBe('circuit-open');
    expect([...outcome.results.values()].map((r) => r.outcome)).toEqual([
      'applied',
      'applied',
      'failed',
      'failed',
      'not_attempted',
      'not_attempted',
    ]);
    expect([...outcome.results.values()][2]?.message).toMatch(/^rate limited, not applied: /);
  });

  it('stops at the overall deadline', async () => {
    const { retry } = fakeRetry({ maxAttempts: 10, random: () => 1, deadline: NOW + 1_000 });
    const { outcome } = await run([{ status: 503, body: '' }], {
      images: images(4),
      batchSize: 2,
      concurrency: 1,
      retry,
    });
    expect(faults.server().requests).toHaveLength(2); // 500 ms fits, the next 1000 ms would not
    expect(outcome.stoppedBy).toBe('deadline');
    expect([...outcome.results.values()].map((r) => r.outcome)).toEqual([
      'failed',
      'failed',
      'not_attempted',
      'not_attempted',
    ]);
  });

  it('an abort mid-run starts nothing new and aborts what is in flight', async () => {
    const controller = new AbortController();
    const all = images(10);
    const { outcome } = await run(
      (_req, index) => {
        if (index < 2) return OK;
        if (index === 3) setTimeout(() => controller.abort(), 20);
        return { fault: 'hang' };
      },
      { images: all, batchSize: 1, concurrency: 2, signal: controller.signal },
    );
    expect(faults.server().requests).toHaveLength(4);
    expect(outcome.requests).toBe(4);
    expect(outcome.stoppedBy).toBe('interrupted');
    const results = [...outcome.results.values()];
    expect(results.slice(0, 2).map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect(results.slice(2, 4)).toEqual([
      {
        outcome: 'not_attempted',
        message: 'interrupted while in flight: outcome unknown, sent again on the next run',
      },
      {
        outcome: 'not_attempted',
        message: 'interrupted while in flight: outcome unknown, sent again on the next run',
      },
    ]);
    expect(
      results
        .slice(4)
        .every((r) => r.outcome === 'not_attempted' && r.message === 'not attempted: interrupted'),
    ).toBe(true);
  });

  it('an already aborted run sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const { outcome } = await run([OK], { images: images(3), signal: controller.signal });
    expect(faults.server().requests).toHaveLength(0);
    expect(outcome.stoppedBy).toBe('interrupted');
    expect(count(outcome, 'not_attempted')).toBe(3);
  });

  it('a failing onConfirmed stops the run and is rethrown', async () => {
    const server = await faults.start([OK]);
    const api = createFinerWorksClient({
      baseUrl: server.url,
      credentials: { webApiKey: WEB_KEY, appKey: APP_KEY, accountKey: null },
      timeoutMs: 5_000,
      userAgent: 'fwsync/test',
    });
    await expect(
      executeUpdates({
        images: images(6),
        batchSize: 1,
        concurrency: 1,
        api,
        retry: fakeRetry().retry,
        signal: new AbortController().signal,
        onConfirmed: () => Promise.reject(new Error('disk full')),
      }),
    ).rejects.toThrow('disk full');
    expect(server.requests).toHaveLength(1);
  });
});
