// Sending the updates of an apply: batches through executeUpdates, every confirmed batch in the
// journal before the next one starts, and the confirmed images folded into the next state
// (compare-and-swap) even when the run fails or is interrupted.

import path from 'node:path';
import type { JournalEntry } from '../adapters/journal.js';
import { executeUpdates } from '../apply/execute.js';
import { cappedBatchSize, withKeptFields } from '../core/api-profile.js';
import { systemRetry } from '../apply/retry.js';
import type { FinerWorksApi, UpdateImageDetails } from '../core/finerworks-types.js';
import { nextState } from '../core/next-state.js';
import {
  FIELD_NAMES,
  type Change,
  type Config,
  type Guid,
  type ImageFields,
  type ImageOutcome,
  type Plan,
  type ProductsSeen,
  type State,
} from '../core/types.js';
import { FwsyncError } from '../errors.js';
import type { ApplyProgress } from './apply-types.js';
import type { Inputs } from './load-inputs.js';
import type { Ports } from './ports.js';

/** The whole apply gives up on new attempts after this long. */
const RUN_DEADLINE_MS = 30 * 60_000;

export interface Outcomes {
  confirmed: JournalEntry[];
  results: Map<Guid, { outcome: ImageOutcome; message?: string }>;
  requests: number;
  interrupted: boolean;
}

export interface SendInput {
  api: FinerWorksApi;
  config: Config;
  plan: Plan;
  toSend: Change[];
  inputs: Inputs;
  state: State | null;
  expected: { lineage: string; serial: number } | null;
  lineage: string;
  entryFor: (guid: Guid, applied: ImageFields) => JournalEntry;
  /** Filled in: confirmed entries, per-image results, request count, interrupted. */
  outcomes: Outcomes;
  /** Products read before sending, per image; recorded in the next state. */
  productsSeen: ReadonlyMap<Guid, ProductsSeen>;
  /** Images sent with --allow-product-removal: once applied, their products are gone. */
  removals: ReadonlyMap<Guid, string[]>;
  onProgress?: (event: ApplyProgress) => void;
}

/** Sends `toSend`; returns the state written (or the one before, when nothing was confirmed). */
export async function sendUpdates(ports: Ports, input: SendInput): Promise<State | null> {
  const { config, outcomes, inputs } = input;
  const { statePath } = inputs;
  let state = input.state;
  const journal = await ports.journal.open(statePath, {
    lineage: input.lineage,
    base_serial: state?.serial ?? 0,
  });
  // With a profile that says omitted fields are cleared, the live optional fields go along.
  // The request lists the fields in FIELD_NAMES order (title, description, ...), as the API's
  // documentation does; the planner keeps `desired` in key order for its JSON.
  const images: UpdateImageDetails[] = input.toSend.map((c) =>
    withKeptFields(requestFields(c.guid, c.desired!), inputs.liveRaw?.get(c.guid), inputs.profile),
  );
  const desiredOf = new Map(input.toSend.map((c) => [c.guid, c.desired!]));
  let done = 0;
  let failed = 0;
  // Wall time during which a journal append was in progress (the union of the intervals:
  // appends of concurrent workers overlap and must not be counted twice). Shown by --verbose.
  let journalMs = 0;
  let journalBusyUntil = 0;
  try {
    const outcome = await executeUpdates({
      images,
      batchSize: cappedBatchSize(config.api.batch_size, inputs.profile),
      concurrency: config.api.concurrency,
      api: input.api,
      signal: ports.signal,
      retry: systemRetry(config.api.max_attempts, RUN_DEADLINE_MS, () => ports.clock.now().getTime()),
      onConfirmed: async (batch) => {
        // The state records the YAML's fields, not the live values sent along (withKeptFields).
        const entries = batch.map(({ guid, ...fields }) =>
          input.entryFor(guid, desiredOf.get(guid) ?? fields),
        );
        const started = performance.now();
        await journal.append(entries);
        const ended = performance.now();
        journalMs += Math.max(0, ended - Math.max(started, journalBusyUntil));
        journalBusyUntil = Math.max(journalBusyUntil, ended);
        outcomes.confirmed.push(...entries);
        done += batch.length;
        input.onProgress?.({
          done,
          total: images.length,
          failed,
          message: `confirmed ${batch.length} image(s)`,
        });
      },
      onEvent: (event) => {
        if (event.type === 'batch-failed') failed += event.images ?? 0;
        ports.log.verbose(describeEvent(event));
      },
    });
    outcomes.requests = outcome.requests;
    for (const [guid, r] of outcome.results) {
      outcomes.results.set(
        guid,
        r.message === undefined ? { outcome: r.outcome } : { outcome: r.outcome, message: r.message },
      );
    }
    outcomes.interrupted = outcome.stoppedBy === 'interrupted';
    if (outcome.stoppedBy === 'auth' && outcomes.confirmed.length === 0) {
      throw new FwsyncError('auth', 'FinerWorks rejected the credentials; nothing was sent successfully', {
        hint: 'Check FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY (and FINERWORKS_ACCOUNT_KEY if you use one), then run `fwsync whoami`.',
        cause: outcome.authError,
      });
    }
  } finally {
    await journal.close();
    // Confirmed work is folded into the state even when the run failed or was interrupted;
    // forgetting waits for a run that got through (it is only bookkeeping, and a run whose
    // credentials were refused should leave the state exactly as it was).
    const { confirmed } = outcomes;
    const forgotten =
      confirmed.length > 0 ? input.plan.changes.filter((c) => c.kind === 'forget').map((c) => c.guid) : [];
    const started = performance.now();
    // Nothing confirmed (credentials refused, interrupted at once): the state stays as it was,
    // byte for byte, and a first apply leaves no state file behind.
    if (confirmed.length > 0) {
      const products = new Map(input.productsSeen);
      for (const guid of input.removals.keys()) {
        const seen = products.get(guid);
        if (seen && outcomes.results.get(guid)?.outcome === 'applied')
          products.set(guid, { ...seen, labels: [] });
      }
      const next = nextState(state, {
        lineage: input.lineage,
        confirmed,
        forgotten,
        desired: inputs.desired,
        products,
      });
      // If this write fails the journal stays: it is the record of what FinerWorks confirmed
      // (Terraform's errored.tfstate), and the next run folds it in.
      await ports.state
        .write(statePath, next, { expected: input.expected })
        .catch((error: unknown) => Promise.reject(keptInJournal(error, statePath, confirmed.length)));
      state = next;
    }
    await ports.journal.remove(statePath);
    const persistMs = performance.now() - started + journalMs;
    ports.log.verbose(
      `timing: state persisted in ${Math.round(persistMs)} ms (journal ${Math.round(journalMs)} ms)`,
    );
  }
  return state;
}

function keptInJournal(error: unknown, statePath: string, confirmed: number): Error {
  if (!(error instanceof FwsyncError)) return error instanceof Error ? error : new Error(String(error));
  const kept = `${confirmed} confirmed update(s) are kept in ${path.basename(statePath)}.journal; the next fwsync run folds them into the state.`;
  return new FwsyncError(error.kind, error.message, {
    hint: error.hint ? `${error.hint} ${kept}` : kept,
    issues: error.issues,
    cause: error.cause,
  });
}

function describeEvent(event: { type: string; [key: string]: unknown }): string {
  const { type, ...rest } = event;
  return `${type} ${JSON.stringify(rest)}`;
}

function requestFields(
  guid: Guid,
  desired: ImageFields,
): { guid: Guid } & Pick<ImageFields, keyof ImageFields> {
  const out: Record<string, unknown> = { guid };
  for (const name of FIELD_NAMES) if (desired[name] !== undefined) out[name] = desired[name];
  return out as { guid: Guid } & Pick<ImageFields, keyof ImageFields>;
}
