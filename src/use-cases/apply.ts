// `fwsync apply`: plan under the state lock, ask, send in batches with a journal, fold what
// FinerWorks confirmed into the next state. The invariants (journal before the next batch,
// compare-and-swap of the state, the lock) are in docs/architecture.md.

import path from 'node:path';
import type { ApplyResult } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { applyLocked } from './apply-locked.js';

export type { ApplyOptions, ApplyOutcome, ApplyProgress, ConfirmContext } from './apply-types.js';
import type { ApplyOptions, ApplyOutcome } from './apply-types.js';
import { loadConfigFor } from './load-inputs.js';
import type { Ports } from './ports.js';

export async function apply(ports: Ports, opts: ApplyOptions): Promise<ApplyOutcome> {
  // The lock is taken before the state is read, so that what we plan against is what we write over.
  const config = opts.config ?? (await loadConfigFor(ports, opts));
  const statePath = path.resolve(ports.cwd, config.state);
  const lock = await ports.lock.acquire(path.dirname(statePath), { command: 'apply' });
  for (const warning of lock.warnings) ports.log.warn(warning);
  // A compromised lock stops the apply like an interrupt: no new batch, the confirmed ones are
  // saved (the state write still checks lineage and serial, in case another run wrote it).
  // Then the run fails with the lock's error (exit 3) instead of reporting an interrupt.
  const signal = AbortSignal.any([ports.signal, lock.compromised]);
  try {
    let outcome: ApplyOutcome;
    try {
      outcome = await applyLocked({ ...ports, signal }, { ...opts, config });
    } catch (error: unknown) {
      throw lock.compromised.aborted ? lostLockError(lock.compromised.reason, error) : error;
    }
    if (lock.compromised.aborted) throw lostLockError(lock.compromised.reason, null, outcome.result);
    return outcome;
  } finally {
    // release() only removes the lock folder while it still holds our token.
    await lock.release();
  }
}

/** The lock's error, saying what was saved and (when the apply also failed) what else went wrong. */
function lostLockError(reason: unknown, error: unknown, result?: ApplyResult): FwsyncError {
  const lost =
    reason instanceof FwsyncError ? reason : new FwsyncError('refused', 'the state lock was taken away');
  if (error === lost) return lost;
  const notes: string[] = [];
  if (result) {
    const { applied, recorded, failed, not_attempted } = result.summary;
    notes.push(
      `${applied + recorded} confirmed image(s) were saved to the state; the next apply sends the other ${failed + not_attempted}.`,
    );
  }
  if (error !== null) {
    const also = error instanceof Error ? error.message : JSON.stringify(error);
    const hint = error instanceof FwsyncError && error.hint ? ` ${error.hint}` : '';
    notes.push(`Also: ${also}.${hint}`);
  }
  return new FwsyncError('refused', lost.message, {
    hint: [lost.hint, ...notes].filter(Boolean).join(' '),
    ...(error === null ? {} : { cause: error }),
  });
}
