// The apply once the lock is held: recover, plan, check, ask, send, record, verify.

import { resolveApiUrl } from '../adapters/api-url.js';
import type { JournalEntry } from '../adapters/journal.js';
import { nextState } from '../core/next-state.js';
import type { FinerWorksApi } from '../core/finerworks-types.js';
import { guardProducts, removedProductsMessage, type ProductGuard } from '../core/product-guard.js';
import type {
  Change,
  Config,
  Guid,
  ImageFields,
  ImageOutcome,
  ImageResult,
  Plan,
  ProductsSeen,
  State,
} from '../core/types.js';
import { FwsyncError } from '../errors.js';
import type { ApplyOptions, ApplyOutcome } from './apply-types.js';
import { sendUpdates, type Outcomes } from './apply-send.js';
import { apiFor, readingFor, readLive } from './live-read.js';
import type { Inputs } from './load-inputs.js';
import { planFor } from './plan.js';
import type { Ports } from './ports.js';
import { validate } from './validate.js';
import { verifyApplied } from './verify.js';

type Expected = { lineage: string; serial: number } | null;

export async function applyLocked(
  ports: Ports,
  opts: ApplyOptions & { config: Config },
): Promise<ApplyOutcome> {
  const inputs = await validate(ports, opts);
  const { config, statePath } = inputs;
  const recovered = await foldRecovered(ports, inputs);
  const expected = recovered.expected;
  let state = recovered.state;
  const lineage = state?.lineage ?? ports.state.newLineage();

  // A saved plan made with --refresh is checked against a refreshed plan, or it would always
  // look stale (its records and drift come from the live values).
  const thePlan = await planFor(ports, inputs, opts.refresh === true || opts.savedPlan?.refreshed === true);
  checkPlan(thePlan, opts);

  if (thePlan.changes.length === 0) {
    // Nothing to send, but the bookkeeping may have moved: a renamed file or an image moved
    // to another file keeps its values, and the state learns the new place (and the new file's
    // hash, so the next plan can skip it).
    if (state) {
      const next = nextState(state, { lineage, confirmed: [], forgotten: [], desired: inputs.desired });
      if (next.serial !== state.serial) {
        await ports.state.write(statePath, next, { expected });
        return { plan: thePlan, result: emptyResult(thePlan, next), cancelled: false };
      }
    }
    return { plan: thePlan, result: emptyResult(thePlan, state), cancelled: false };
  }

  const sends = thePlan.changes.filter((c) => c.kind === 'update' || c.kind === 'adopt');
  opts.checkConfirmable?.(thePlan);
  // Missing credentials are said before the question, not after a "yes".
  const api = sends.length > 0 ? apiFor(ports, config) : null;
  // Before the question and before any update: what the images to send hold on the account now.
  const read = api
    ? await readGuard(ports, api, config, sends, {
        allowProductRemoval: opts.allowProductRemoval === true,
        updateKeepsProducts: inputs.profile.products === 'kept',
      })
    : null;
  const guard = read?.guard ?? null;
  const host = api ? resolveApiUrl(ports.env, config.api.base_url).host : null;
  if (!(await opts.confirm(thePlan, { guard, host })))
    return { plan: thePlan, result: emptyResult(thePlan, state), cancelled: true };
  const allowed = new Set(guard?.send ?? []);
  const toSend = sends.filter((c) => allowed.has(c.guid));

  const commit = await ports.git.headCommit(ports.cwd);
  const appliedAt = ports.clock.now().toISOString();
  const byGuid = new Map(thePlan.changes.map((c) => [c.guid, c]));
  const entryFor = (guid: Guid, applied: ImageFields): JournalEntry => ({
    guid,
    applied,
    applied_at: appliedAt,
    source: byGuid.get(guid)?.file ?? '',
    commit,
  });

  const outcomes: Outcomes = { confirmed: [], results: new Map(), requests: 0, interrupted: false };
  for (const refusal of guard?.refused ?? []) {
    outcomes.results.set(refusal.guid, { outcome: 'refused', message: refusal.message });
  }
  for (const change of thePlan.changes) {
    if (change.kind === 'record' && change.desired) {
      outcomes.confirmed.push(entryFor(change.guid, change.desired));
      outcomes.results.set(change.guid, { outcome: 'recorded' });
    } else if (change.kind === 'forget') {
      outcomes.results.set(change.guid, { outcome: 'forgotten' });
    }
  }

  if (api && toSend.length > 0) {
    state = await sendUpdates(ports, {
      api,
      config,
      plan: thePlan,
      toSend,
      inputs,
      state,
      expected,
      lineage,
      entryFor,
      outcomes,
      productsSeen: read?.seen ?? new Map(),
      removals: guard?.removals ?? new Map(),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
  } else {
    const forgotten = thePlan.changes.filter((c) => c.kind === 'forget').map((c) => c.guid);
    const next = nextState(state, {
      lineage,
      confirmed: outcomes.confirmed,
      forgotten,
      desired: inputs.desired,
      ...(read ? { products: read.seen } : {}),
    });
    await ports.state.write(statePath, next, { expected });
    state = next;
  }

  for (const [guid, products] of guard?.removals ?? []) {
    const r = outcomes.results.get(guid);
    if (r?.outcome === 'applied') r.message = removedProductsMessage(products);
  }

  let verify: ApplyOutcome['result']['verify'];
  // No read-back once the run was stopped: it would start new requests.
  if (opts.verify && api && !ports.signal.aborted) {
    const sent = toSend
      .filter((c) => outcomes.results.get(c.guid)?.outcome === 'applied')
      .map((c) => ({ guid: c.guid, ...c.desired! }));
    verify = await verifySent(ports, api, sent, config);
  }
  return { plan: thePlan, result: resultOf(thePlan, state, outcomes, verify), cancelled: false };
}

/** Reads the images about to be sent (with their products) and decides which may go. */
async function readGuard(
  ports: Ports,
  api: FinerWorksApi,
  config: Config,
  sends: readonly Change[],
  choice: { allowProductRemoval: boolean; updateKeepsProducts: boolean },
): Promise<{ guard: ProductGuard; seen: Map<Guid, ProductsSeen> }> {
  const read = await readLive(api, {
    library: config.library,
    guids: sends.map((c) => c.guid),
    listProducts: true,
    ...readingFor(ports, config),
  });
  const guard = guardProducts({
    toSend: sends.map((c) => c.guid),
    products: read.products,
    missing: read.missing,
    ...choice,
    library: config.library.name,
  });
  for (const refusal of guard.refused) ports.log.warn(`${refusal.guid}: ${refusal.message}`);
  // What was read is recorded in the state (for the images it holds), for later plans to show.
  const seenAt = ports.clock.now().toISOString();
  const seen = new Map<Guid, ProductsSeen>();
  const missing = new Set(read.missing);
  for (const c of sends) {
    if (!missing.has(c.guid)) seen.set(c.guid, { labels: read.products.get(c.guid) ?? [], seen_at: seenAt });
  }
  return { guard, seen };
}

/** Folds the journal of an interrupted apply into the state file before anything else. */
async function foldRecovered(
  ports: Ports,
  inputs: Inputs,
): Promise<{ state: State | null; expected: Expected }> {
  const { statePath, state } = inputs;
  let expected = inputs.stateOnDisk;
  if (inputs.foldedJournal) await ports.journal.remove(statePath);
  if (inputs.recovered > 0 && state) {
    ports.log.warn(`recovered ${inputs.recovered} confirmed update(s) from an interrupted apply`);
    await ports.state.write(statePath, state, { expected });
    await ports.journal.remove(statePath);
    expected = { lineage: state.lineage, serial: state.serial };
  }
  return { state, expected };
}

/** Refuses a stale saved plan and, without --force, a plan over the safety limit. */
function checkPlan(thePlan: Plan, opts: ApplyOptions): void {
  if (opts.savedPlan && opts.savedPlan.checksum !== thePlan.checksum) {
    throw new FwsyncError(
      'refused',
      'the saved plan is stale: the state or the image files changed since it was made',
      {
        hint:
          `Saved plan ${opts.savedPlan.checksum.slice(0, 19)}… was made against serial ${opts.savedPlan.state.serial}; ` +
          `a fresh plan is ${thePlan.checksum.slice(0, 19)}… against serial ${thePlan.state.serial}. Run \`fwsync plan --out\` again and review it.`,
      },
    );
  }
  if (!thePlan.safety.safe && !opts.force) {
    throw new FwsyncError('refused', thePlan.safety.message ?? 'the plan exceeds the safety limit', {
      hint: 'Review the plan; if it is what you want, run `fwsync apply --force`.',
    });
  }
}

async function verifySent(
  ports: Ports,
  api: ReturnType<typeof apiFor>,
  sent: Parameters<typeof verifyApplied>[1],
  config: Config,
): Promise<ApplyOutcome['result']['verify']> {
  try {
    const mismatches = await verifyApplied(api, sent, config.library, readingFor(ports, config));
    for (const m of mismatches) {
      ports.log.warn(
        `verify: ${m.guid} ${m.field} was sent as ${JSON.stringify(m.sent)} but the account reports ${JSON.stringify(m.stored)}`,
      );
    }
    return mismatches.map((m) => ({ guid: m.guid, field: m.field, sent: m.sent, stored: m.stored }));
  } catch (error) {
    // The apply itself succeeded and is recorded: a failed read-back is a warning, and the
    // exit code stays the apply's.
    const why = error instanceof Error ? error.message : String(error);
    ports.log.warn(
      `verify: could not read the sent images back (${why}); run \`fwsync drift\` to compare later`,
    );
    return undefined;
  }
}

function resultOf(
  thePlan: Plan,
  state: State | null,
  outcomes: Outcomes,
  verify: ApplyOutcome['result']['verify'],
): ApplyOutcome['result'] {
  const imagesOut: ImageResult[] = thePlan.changes.map((c) => {
    const r = outcomes.results.get(c.guid) ?? { outcome: 'not_attempted' as const, message: 'not attempted' };
    return r.message === undefined
      ? { guid: c.guid, kind: c.kind, outcome: r.outcome }
      : { guid: c.guid, kind: c.kind, outcome: r.outcome, message: r.message };
  });
  const summary = countOutcomes(imagesOut);
  return {
    version: 1,
    plan_checksum: thePlan.checksum,
    complete: summary.failed === 0 && summary.not_attempted === 0 && summary.refused === 0,
    interrupted: outcomes.interrupted,
    summary,
    requests: outcomes.requests,
    images: imagesOut,
    state: state ? { lineage: state.lineage, serial: state.serial } : null,
    ...(verify ? { verify } : {}),
  };
}

function emptyResult(thePlan: Plan, state: State | null): ApplyOutcome['result'] {
  return {
    version: 1,
    plan_checksum: thePlan.checksum,
    complete: true,
    interrupted: false,
    summary: countOutcomes([]),
    requests: 0,
    images: [],
    state: state ? { lineage: state.lineage, serial: state.serial } : null,
  };
}

function countOutcomes(images: ImageResult[]): Record<ImageOutcome, number> {
  const summary: Record<ImageOutcome, number> = {
    applied: 0,
    recorded: 0,
    forgotten: 0,
    failed: 0,
    not_attempted: 0,
    refused: 0,
  };
  for (const image of images) summary[image.outcome] += 1;
  return summary;
}
