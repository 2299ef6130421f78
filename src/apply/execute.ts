// Sends update_images in batches: in order, at most `concurrency` requests in flight, each
// worker waiting for its confirmed batch to be persisted before its next request. Rejected
// batches are split until the bad images stand alone; transient ones are retried, then counted
// towards a circuit breaker. Every image ends with exactly one outcome.

import { FinerWorksError } from '../adapters/finerworks-client.js';
import type { FinerWorksApi, UpdateImageDetails } from '../core/finerworks-types.js';
import type { Guid } from '../core/types.js';
import { describeGiveUp, withRetry } from './retry.js';
import type { RetryInfo, RetryOptions } from './retry.js';

/** Progress, in the order things happen; `images` is `guids.length`. */
export type ExecuteEvent = { guids: Guid[]; images: number } & (
  | { type: 'batch-sent'; attempt: number }
  | { type: 'batch-confirmed' }
  | { type: 'batch-failed'; message: string }
  | { type: 'retry'; attempt: number; delayMs: number; message: string }
  | { type: 'split'; into: [Guid[], Guid[]]; message: string }
);
type WithoutCount<E> = E extends unknown ? Omit<E, 'images'> : never;
type EventBody = WithoutCount<ExecuteEvent>;

export interface ExecuteOptions {
  /** Already in deterministic order. */
  images: UpdateImageDetails[];
  batchSize: number;
  concurrency: number;
  api: FinerWorksApi;
  retry: Omit<RetryOptions, 'signal'>;
  /** SIGINT/SIGTERM: start no new request and abort the ones in flight. */
  signal: AbortSignal;
  /** Persists a confirmed batch; it finishes before this worker sends its next request. */
  onConfirmed: (images: UpdateImageDetails[]) => Promise<void>;
  onEvent?: (event: ExecuteEvent) => void;
  /** Batches failed transiently in a row before the rest is skipped (default 5). */
  maxConsecutiveTransientFailures?: number;
}

export type ExecuteImageOutcome = 'applied' | 'failed' | 'not_attempted';

export interface ExecuteOutcome {
  /** One entry per image, in the order of `images`. */
  results: Map<Guid, { outcome: ExecuteImageOutcome; message?: string }>;
  /** HTTP attempts made. */
  requests: number;
  stoppedBy: null | 'auth' | 'interrupted' | 'circuit-open' | 'deadline';
  authError?: FinerWorksError;
}

type StopReason = NonNullable<ExecuteOutcome['stoppedBy']>;

// Thrown inside an attempt when the run stopped while this worker waited to retry.
class StopRequested extends Error {}

export async function executeUpdates(opts: ExecuteOptions): Promise<ExecuteOutcome> {
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1)
    throw new RangeError('batchSize must be a positive integer');
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1)
    throw new RangeError('concurrency must be a positive integer');
  const breakerLimit = opts.maxConsecutiveTransientFailures ?? 5;

  const results: ExecuteOutcome['results'] = new Map();
  for (const image of opts.images) results.set(image.guid, { outcome: 'not_attempted' });

  let requests = 0;
  let stoppedBy: StopReason | null = null;
  let stopMessage = '';
  let authError: FinerWorksError | undefined;
  let consecutiveTransient = 0;
  let fatal: { error: unknown } | null = null;
  // Ends the retry waits of other workers when the run stops; in-flight requests are left to
  // finish (their answer still counts), except on interrupt, where opts.signal aborts them.
  const stopWaits = new AbortController();

  const stop = (reason: StopReason, message: string): void => {
    if (stoppedBy !== null) return;
    stoppedBy = reason;
    stopMessage = message;
    stopWaits.abort();
  };
  const onAbort = (): void => stop('interrupted', 'not attempted: interrupted');
  if (opts.signal.aborted) onAbort();
  else opts.signal.addEventListener('abort', onAbort, { once: true });

  const emit = (event: EventBody): void => opts.onEvent?.({ ...event, images: event.guids.length });
  const guidsOf = (images: UpdateImageDetails[]): Guid[] => images.map((image) => image.guid);
  const mark = (images: UpdateImageDetails[], outcome: ExecuteImageOutcome, message?: string): void => {
    for (const image of images)
      results.set(image.guid, message === undefined ? { outcome } : { outcome, message });
  };

  async function send(images: UpdateImageDetails[]): Promise<void> {
    const guids = guidsOf(images);
    let attempt = 0;
    await withRetry(
      (signal) => {
        if (stoppedBy !== null) throw new StopRequested();
        attempt++;
        requests++;
        emit({ type: 'batch-sent', guids, attempt });
        return opts.api.updateImages(images, signal);
      },
      {
        ...opts.retry,
        signal: opts.signal,
        sleep: (ms, signal) => opts.retry.sleep(ms, AbortSignal.any([signal, stopWaits.signal])),
        onRetry: (info: RetryInfo) => {
          emit({
            type: 'retry',
            guids,
            attempt: info.attempt,
            delayMs: info.delayMs,
            message: info.error.message,
          });
          opts.retry.onRetry?.(info);
        },
      },
    );
  }

  async function run(images: UpdateImageDetails[]): Promise<void> {
    if (stoppedBy !== null || fatal !== null || images.length === 0) return;
    try {
      await send(images);
    } catch (error) {
      handleFailure(images, error);
      if (
        error instanceof FinerWorksError &&
        error.class === 'rejected' &&
        images.length > 1 &&
        stoppedBy === null
      ) {
        // Narrow the rejection down: halves, recursively, until the bad images stand alone.
        const middle = Math.ceil(images.length / 2);
        const left = images.slice(0, middle);
        const right = images.slice(middle);
        emit({
          type: 'split',
          guids: guidsOf(images),
          into: [guidsOf(left), guidsOf(right)],
          message: error.message,
        });
        await run(left);
        await run(right);
      }
      return;
    }
    consecutiveTransient = 0;
    try {
      await opts.onConfirmed(images);
    } catch (error) {
      // The batch is applied but could not be recorded: nothing more may be sent.
      fatal ??= { error };
      stopWaits.abort();
      return;
    }
    mark(images, 'applied');
    emit({ type: 'batch-confirmed', guids: guidsOf(images) });
  }

  function handleFailure(images: UpdateImageDetails[], error: unknown): void {
    if (error instanceof StopRequested) return;
    if (!(error instanceof FinerWorksError)) {
      fatal ??= { error };
      stopWaits.abort();
      return;
    }
    if (opts.signal.aborted) {
      // The request may or may not have reached FinerWorks; a re-send of full values is harmless.
      mark(
        images,
        'not_attempted',
        'interrupted while in flight: outcome unknown, sent again on the next run',
      );
      return;
    }
    if (error.class === 'auth') {
      authError ??= error;
      stop('auth', `not attempted: ${authError.message}`);
      mark(images, 'not_attempted', stopMessage);
      return;
    }
    if (error.class === 'rejected') {
      consecutiveTransient = 0;
      if (images.length === 1) {
        const message = rejectionMessage(error);
        mark(images, 'failed', message);
        emit({ type: 'batch-failed', guids: guidsOf(images), message });
      }
      return;
    }
    if (error.gaveUp === 'aborted') return; // another worker stopped the run while we waited
    const message = describeGiveUp(error, opts.retry);
    mark(images, 'failed', message);
    emit({ type: 'batch-failed', guids: guidsOf(images), message });
    if (error.gaveUp === 'deadline') {
      stop('deadline', 'not attempted: the overall deadline was reached');
    } else if (error.gaveUp === 'retry-after') {
      // FinerWorks asked for a longer pause than we wait: every further request would be refused too.
      stop('circuit-open', 'not attempted: FinerWorks is rate limiting (circuit open)');
    } else if (++consecutiveTransient >= breakerLimit) {
      stop('circuit-open', `not attempted: ${consecutiveTransient} batches in a row failed (circuit open)`);
    }
  }

  const batches: UpdateImageDetails[][] = [];
  for (let i = 0; i < opts.images.length; i += opts.batchSize)
    batches.push(opts.images.slice(i, i + opts.batchSize));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (stoppedBy === null && fatal === null) {
      const batch = batches[next++];
      if (batch === undefined) return;
      await run(batch);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, batches.length) }, worker));
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
  }
  if (fatal !== null) throw (fatal as { error: unknown }).error;

  if (stoppedBy !== null) {
    for (const [guid, result] of results) {
      if (result.outcome === 'not_attempted' && result.message === undefined)
        results.set(guid, { outcome: 'not_attempted', message: stopMessage });
    }
  }
  return { results, requests, stoppedBy, ...(authError ? { authError } : {}) };
}

/**
 * What a person reads for an image FinerWorks refused: its message, with the HTTP status when
 * the refusal was an HTTP error (a `success: false` answer comes with 200, which says nothing).
 */
function rejectionMessage(error: FinerWorksError): string {
  if (error.apiMessage === null) return error.message;
  const httpError = error.status !== null && (error.status < 200 || error.status >= 300);
  return httpError ? `HTTP ${error.status}: ${error.apiMessage}` : error.apiMessage;
}
