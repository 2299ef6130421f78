import { describe, expect, it } from 'vitest';
import { createFinerWorksClient, FinerWorksError } from '../src/adapters/finerworks-client.js';
import { backoffCeiling, describeGiveUp, withRetry } from '../src/apply/retry.js';
import type { RetryOptions } from '../src/apply/retry.js';
import { failureOf, fakeClock, NOW, useFaultServer } from './support/fake-api.js';
import { AUTH_400, OK } from './support/fault-server.js';
import type { FaultStep } from './support/fault-server.js';

const IMAGE = { guid: '5fd001ce-5db8-4e84-9010-e29499eadb3f', title: 'T', description: 'D' };

const faults = useFaultServer();

/** Options with a fake clock: sleeping advances it, and every wait is recorded. */
function fakeOptions(overrides: Partial<RetryOptions> = {}) {
  const clock = fakeClock();
  const opts: RetryOptions = {
    maxAttempts: 5,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    maxRetryAfterMs: 60_000,
    deadline: NOW + 10 * 60_000,
    signal: new AbortController().signal,
    random: () => 0.5,
    sleep: clock.sleep,
    now: clock.now,
    ...overrides,
  };
  return { opts, sleeps: clock.sleeps, now: clock.now };
}

async function clientAgainst(script: FaultStep[]) {
  const server = await faults.start(script);
  return createFinerWorksClient({
    baseUrl: `${server.url}/v3`,
    credentials: { webApiKey: 'web-key-0000', appKey: 'app-key-0000', accountKey: null },
    timeoutMs: 2_000,
    userAgent: 'fwsync/test',
    now: () => NOW,
  });
}

describe('withRetry against the fault server', () => {
  it('503 with Retry-After: 2 waits at least 2 s, then succeeds', async () => {
    const client = await clientAgainst([{ status: 503, body: '', headers: { 'Retry-After': '2' } }, OK]);
    const { opts, sleeps } = fakeOptions({ random: () => 0.1 });
    await withRetry((signal) => client.updateImages([IMAGE], signal), opts);
    expect(sleeps).toEqual([2_000]);
    expect(faults.server().requests).toHaveLength(2);
  });

  it('429 with an HTTP-date Retry-After waits until that date', async () => {
    const client = await clientAgainst([
      { status: 429, body: '', headers: { 'Retry-After': new Date(NOW + 9_000).toUTCString() } },
      OK,
    ]);
    const { opts, sleeps } = fakeOptions({ random: () => 0 });
    await withRetry((signal) => client.updateImages([IMAGE], signal), opts);
    expect(sleeps).toEqual([9_000]);
  });

  it('a jittered wait longer than Retry-After wins', async () => {
    const client = await clientAgainst([{ status: 503, body: '', headers: { 'Retry-After': '0' } }, OK]);
    const { opts, sleeps } = fakeOptions({ random: () => 0.5 });
    await withRetry((signal) => client.updateImages([IMAGE], signal), opts);
    expect(sleeps).toEqual([250]);
  });

  it('Retry-After: 3600 gives up at once without sleeping, marked as rate limited', async () => {
    const client = await clientAgainst([{ status: 429, body: '', headers: { 'Retry-After': '3600' } }, OK]);
    const { opts, sleeps } = fakeOptions();
    const error = await failureOf(withRetry((signal) => client.updateImages([IMAGE], signal), opts));
    expect(sleeps).toEqual([]);
    expect(faults.server().requests).toHaveLength(1);
    expect(error.gaveUp).toBe('retry-after');
    expect(describeGiveUp(error, opts)).toMatch(
      /^rate limited, not applied: FinerWorks asked to wait 3600 s \(more than the 60 s we wait\)/,
    );
  });

  it('a Retry-After that would pass the deadline gives up without sleeping', async () => {
    const client = await clientAgainst([{ status: 503, body: '', headers: { 'Retry-After': '30' } }, OK]);
    const { opts, sleeps } = fakeOptions({ deadline: NOW + 20_000 });
    const error = await failureOf(withRetry((signal) => client.updateImages([IMAGE], signal), opts));
    expect(sleeps).toEqual([]);
    expect(error.gaveUp).toBe('deadline');
  });

  it('500 on every attempt: exactly maxAttempts requests, full-jitter waits, then the last error', async () => {
    const client = await clientAgainst([{ status: 500, body: { Message: 'boom' } }]);
    const { opts, sleeps } = fakeOptions({ maxAttempts: 4, random: () => 0.999 });
    const retries: number[] = [];
    const error = await failureOf(
      withRetry((signal) => client.updateImages([IMAGE], signal), {
        ...opts,
        onRetry: (info) => retries.push(info.attempt),
      }),
    );
    expect(faults.server().requests).toHaveLength(4);
    expect(sleeps).toEqual([0.999 * 500, 0.999 * 1000, 0.999 * 2000]);
    expect(retries).toEqual([1, 2, 3]);
    expect(error.attempts).toBe(4);
    expect(error.gaveUp).toBe('max-attempts');
    expect(describeGiveUp(error, opts)).toBe('gave up after 4 attempts: PUT /update_images: HTTP 500: boom');
    // PUT is idempotent: every attempt carried the same full body.
    expect(new Set(faults.server().requests.map((r) => r.text)).size).toBe(1);
  });

  it('a connection reset is retried and then succeeds', async () => {
    const client = await clientAgainst([{ fault: 'reset' }, OK]);
    const { opts } = fakeOptions();
    await withRetry((signal) => client.updateImages([IMAGE], signal), opts);
    expect(faults.server().requests).toHaveLength(2);
  });

  it('a truncated 200 is not success: it is retried', async () => {
    const client = await clientAgainst([
      { fault: 'truncate', body: '{"status":{"success":tr', declaredLength: 300 },
      OK,
    ]);
    const { opts, sleeps } = fakeOptions();
    await withRetry((signal) => client.updateImages([IMAGE], signal), opts);
    expect(faults.server().requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it.each([
    ['auth (400 unauthorized)', AUTH_400 as FaultStep],
    ['rejected (422)', { status: 422, body: { Message: 'invalid' } }],
    [
      'rejected (200 success:false)',
      { status: 200, body: { status: { success: false, message: 'no such image' } } },
    ],
  ])('never retries %s: exactly one request', async (_name, step) => {
    const client = await clientAgainst([step, OK]);
    const { opts, sleeps } = fakeOptions();
    const error = await failureOf(withRetry((signal) => client.updateImages([IMAGE], signal), opts));
    expect(error.class).not.toBe('transient');
    expect(error.gaveUp).toBeNull();
    expect(faults.server().requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('withRetry in memory', () => {
  const transient = () => new FinerWorksError('transient', 'HTTP 503', { status: 503 });

  it('full jitter: each wait lies in [0, min(cap, base·2^n)]', async () => {
    for (const r of [0, 0.25, 0.999999]) {
      const { opts, sleeps } = fakeOptions({
        maxAttempts: 10,
        random: () => r,
        deadline: Number.MAX_SAFE_INTEGER,
      });
      await failureOf(withRetry(() => Promise.reject(transient()), opts));
      expect(sleeps).toHaveLength(9);
      sleeps.forEach((ms, n) => {
        const ceiling = Math.min(30_000, 500 * 2 ** n);
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThanOrEqual(ceiling);
        expect(ms).toBeCloseTo(r * ceiling, 6);
      });
    }
    expect(backoffCeiling(6, 500, 30_000)).toBe(30_000);
    expect(backoffCeiling(5, 500, 30_000)).toBe(16_000);
  });

  it('random draws differ per retry (no lock-step)', async () => {
    const draws = [0.1, 0.9, 0.3];
    const { opts, sleeps } = fakeOptions({ maxAttempts: 4, random: () => draws.shift() ?? 0 });
    await failureOf(withRetry(() => Promise.reject(transient()), opts));
    expect(sleeps).toEqual([50, 900, 600]);
  });

  it('stops when the deadline would pass during a wait', async () => {
    const { opts, sleeps } = fakeOptions({ maxAttempts: 10, random: () => 1, deadline: NOW + 2_000 });
    let calls = 0;
    const error = await failureOf(
      withRetry(() => {
        calls++;
        return Promise.reject(transient());
      }, opts),
    );
    // 500 then 1000 fit (1500 < 2000); the next wait of 2000 would not.
    expect(sleeps).toEqual([500, 1_000]);
    expect(calls).toBe(3);
    expect(error.gaveUp).toBe('deadline');
  });

  it('an abort during the wait ends it and makes no further attempt', async () => {
    const controller = new AbortController();
    let calls = 0;
    const { opts } = fakeOptions({
      signal: controller.signal,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted')));
          controller.abort();
        }),
    });
    const error = await failureOf(
      withRetry(() => {
        calls++;
        return Promise.reject(transient());
      }, opts),
    );
    expect(calls).toBe(1);
    expect(error.gaveUp).toBe('aborted');
  });

  it('an already aborted signal makes no attempt', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const { opts } = fakeOptions({ signal: controller.signal });
    const error = await failureOf(
      withRetry(() => {
        calls++;
        return Promise.resolve();
      }, opts),
    );
    expect(calls).toBe(0);
    expect(error.gaveUp).toBe('aborted');
  });

  it('rethrows errors that are not FinerWorks errors at once', async () => {
    const { opts } = fakeOptions();
    let calls = 0;
    await expect(
      withRetry(() => {
        calls++;
        return Promise.reject(new TypeError('bug'));
      }, opts),
    ).rejects.toThrow('bug');
    expect(calls).toBe(1);
  });
});
