// Retries of one FinerWorks call: only transient failures, capped exponential backoff with full
// jitter, Retry-After honoured, bounded by attempts, a Retry-After cap and an overall deadline.
// Retrying update_images is safe only because every PUT carries the full desired values.

import { setTimeout as delay } from 'node:timers/promises';
import { FinerWorksError } from '../adapters/finerworks-client.js';
import type { GiveUpReason } from '../adapters/finerworks-client.js';

export interface RetryInfo {
  /** The attempt that failed, 1-based. */
  attempt: number;
  /** How long we wait before the next attempt. */
  delayMs: number;
  error: FinerWorksError;
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff ceiling (500). */
  baseDelayMs: number;
  /** Backoff ceiling cap (30 000). */
  maxDelayMs: number;
  /** A longer Retry-After is not waited for: we give up (60 000). */
  maxRetryAfterMs: number;
  /** Epoch ms after which no wait may end and no attempt may start. */
  deadline: number;
  /** Aborts the wait and is handed to each attempt. */
  signal: AbortSignal;
  /** In [0, 1). */
  random: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  now: () => number;
  onRetry?: (info: RetryInfo) => void;
}

export const DEFAULT_RETRY = { baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 } as const;

/** The real sleep: rejects when the signal aborts. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal });
}

/**
 * The policy fwsync runs with: DEFAULT_RETRY's delays, the real clock, sleep and randomness,
 * `maxAttempts` from the config, and no attempt after `budgetMs` from now. Tests build their
 * own options with a fake clock instead.
 */
export function systemRetry(
  maxAttempts: number,
  budgetMs: number,
  now: () => number,
): Omit<RetryOptions, 'signal' | 'onRetry'> {
  return { maxAttempts, ...DEFAULT_RETRY, deadline: now() + budgetMs, random: Math.random, sleep, now };
}

/** The full-jitter ceiling before retry number `retry` (0 for the first retry). */
export function backoffCeiling(retry: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
}

/**
 * Runs `attempt` until it succeeds, fails for good, or a limit is reached. Errors other than a
 * transient FinerWorksError are thrown at once. When it gives up it throws the last error with
 * `attempts` and `gaveUp` set, so the caller can say "rate limited, not applied" and the like.
 */
export async function withRetry<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  let last: FinerWorksError | null = null;
  const giveUp = (error: FinerWorksError, attempts: number, reason: GiveUpReason): FinerWorksError => {
    error.attempts = attempts;
    error.gaveUp = reason;
    return error;
  };

  for (let n = 1; ; n++) {
    if (opts.signal.aborted || opts.now() >= opts.deadline) {
      const reason: GiveUpReason = opts.signal.aborted ? 'aborted' : 'deadline';
      throw giveUp(last ?? new FinerWorksError('transient', notStartedMessage(reason)), n - 1, reason);
    }
    try {
      return await attempt(opts.signal);
    } catch (error) {
      if (!(error instanceof FinerWorksError) || error.class !== 'transient') {
        if (error instanceof FinerWorksError) error.attempts = n;
        throw error;
      }
      last = error;
    }

    if (opts.signal.aborted) throw giveUp(last, n, 'aborted');
    if (n >= opts.maxAttempts) throw giveUp(last, n, 'max-attempts');
    const retryAfter = last.retryAfterMs;
    if (retryAfter !== null && retryAfter > opts.maxRetryAfterMs) throw giveUp(last, n, 'retry-after');
    const jittered = opts.random() * backoffCeiling(n - 1, opts.baseDelayMs, opts.maxDelayMs);
    const wait = Math.max(jittered, retryAfter ?? 0);
    if (opts.now() + wait >= opts.deadline) throw giveUp(last, n, 'deadline');

    opts.onRetry?.({ attempt: n, delayMs: wait, error: last });
    try {
      await opts.sleep(wait, opts.signal);
    } catch {
      // Only an abort ends a sleep early.
      throw giveUp(last, n, 'aborted');
    }
  }
}

function notStartedMessage(reason: GiveUpReason): string {
  return reason === 'aborted'
    ? 'cancelled before the request was sent'
    : 'the overall deadline passed before the request was sent';
}

/** One line on why a transient failure was not retried further. */
export function describeGiveUp(error: FinerWorksError, opts: Pick<RetryOptions, 'maxRetryAfterMs'>): string {
  switch (error.gaveUp) {
    case 'retry-after':
      return `rate limited, not applied: FinerWorks asked to wait ${Math.ceil((error.retryAfterMs ?? 0) / 1000)} s (more than the ${Math.round(opts.maxRetryAfterMs / 1000)} s we wait): ${error.message}`;
    case 'deadline':
      return `not applied: the overall deadline was reached after ${attemptsText(error.attempts)}: ${error.message}`;
    case 'aborted':
      return `not applied: interrupted after ${attemptsText(error.attempts)}`;
    default:
      return `gave up after ${attemptsText(error.attempts)}: ${error.message}`;
  }
}

function attemptsText(n: number): string {
  return n === 1 ? '1 attempt' : `${n} attempts`;
}
