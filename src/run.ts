// The use cases: validate, plan, apply. Entry points (cli, action) build the options and the
// dependencies and call these; everything that touches files, the network, git or the clock
// comes in through `Deps` or the adapters, so tests can drive it end to end.

import path from 'node:path';
import { loadConfig } from './adapters/config.js';
import { readDesired } from './adapters/read-images.js';
import { readState, writeState, newLineage } from './adapters/state-store.js';
import {
  journalAlreadyFolded,
  journalMatches,
  openJournal,
  readJournal,
  removeJournal,
  type JournalEntry,
} from './adapters/journal.js';
import { acquireLock } from './adapters/lock.js';
import { headCommit } from './adapters/git.js';
import { readCredentials } from './adapters/credentials.js';
import { createFinerWorksClient } from './adapters/finerworks-client.js';
import type { FinerWorksApi, UpdateImageDetails } from './adapters/finerworks-types.js';
import { executeUpdates } from './apply/execute.js';
import { systemRetry } from './apply/retry.js';
import { planChanges } from './core/plan.js';
import { cappedBatchSize, profileEffects, withKeptFields, type ProfileEffects } from './core/api-profile.js';
import { nodeDoctorFiles } from './adapters/doctor-files.js';
import { nextState } from './core/next-state.js';
import type {
  ApplyResult,
  Config,
  DesiredSet,
  Guid,
  ImageFields,
  ImageOutcome,
  ImageResult,
  Issue,
  Plan,
  State,
} from './core/types.js';
import { FwsyncError } from './errors.js';
import { USER_AGENT } from './version.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  verbose(message: string): void;
}

export interface Deps {
  cwd: string;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** Aborted on SIGINT/SIGTERM: start no new request, save, stop. */
  signal: AbortSignal;
  log: Logger;
  fetch?: typeof fetch;
  /** Replaces the real FinerWorks client (tests of the use cases in memory). */
  api?: FinerWorksApi;
}

export interface Inputs {
  config: Config;
  /** Absolute path of the state file. */
  statePath: string;
  /** The state with any journal of an interrupted apply folded in. */
  state: State | null;
  /** What is on disk, for the compare-and-swap of the next write. */
  stateOnDisk: { lineage: string; serial: number } | null;
  /** How many confirmed updates of an interrupted apply's journal were folded in. */
  recovered: number;
  /** A journal whose updates the state already holds (a crash before it was deleted). */
  foldedJournal: boolean;
  desired: DesiredSet;
  issues: Issue[];
  /** What `fwsync doctor --probe-image` measured (neutral when it never ran). */
  profile: ProfileEffects;
  /** After a refresh: every field the account reports per image (planFor sets it). */
  liveRaw?: Map<Guid, ImageFields>;
}

export async function loadInputs(
  deps: Deps,
  opts: { configPath?: string; config?: Config },
): Promise<Inputs> {
  const config = opts.config ?? (await loadConfigFor(deps, opts));
  const statePath = path.resolve(deps.cwd, config.state);
  const { state: onDisk } = await readState(statePath);
  const desiredFromFiles = async (state: State | null) =>
    readDesired({ cwd: deps.cwd, patterns: config.images, stateFiles: state?.files ?? null });

  const journal = await readJournal(statePath);
  let state = onDisk;
  let recovered = 0;
  let foldedJournal = false;
  if (journal && journalAlreadyFolded(journal, onDisk)) {
    // A crash between writing the state and deleting the journal: nothing to recover.
    foldedJournal = true;
    deps.log.verbose('the apply journal is already folded into the state; it is ignored');
  } else if (journal) {
    if (!journalMatches(journal.header, onDisk)) {
      throw new FwsyncError(
        'state',
        `found ${path.relative(deps.cwd, statePath)}.journal that does not belong to the state file`,
        {
          hint:
            'The journal records updates an interrupted apply had confirmed, but the state file has changed since. ' +
            'Keep a copy of the journal, delete it, and run `fwsync plan --refresh` to compare with the live account.',
        },
      );
    }
    if (journal.torn)
      deps.log.warn('the last line of the apply journal was cut short by a crash; it is ignored');
    recovered = journal.entries.length;
    if (recovered > 0) {
      // The desired set is only needed for the per-file bookkeeping; the files entries are
      // recomputed from scratch by the next full write.
      const { desired } = await desiredFromFiles(null);
      state = nextState(onDisk, {
        lineage: journal.header.lineage ?? newLineage(),
        confirmed: journal.entries,
        forgotten: [],
        desired,
      });
    }
  }
  const { desired, issues } = await desiredFromFiles(state);
  const skipped = desired.files.filter((f) => f.skipped).map((f) => f.path);
  deps.log.verbose(
    `${skipped.length} of ${desired.files.length} image files unchanged since the last apply, not parsed again` +
      (skipped.length > 0 ? `: ${skipped.join(', ')}` : ''),
  );
  return {
    config,
    statePath,
    state,
    profile: await readProfileEffects(deps, statePath),
    stateOnDisk: onDisk ? { lineage: onDisk.lineage, serial: onDisk.serial } : null,
    recovered,
    foldedJournal,
    desired,
    issues,
  };
}

/** The one place the API profile is read; a broken file is a warning, not a failure. */
async function readProfileEffects(deps: Deps, statePath: string): Promise<ProfileEffects> {
  try {
    return profileEffects(await nodeDoctorFiles.readProfile(statePath));
  } catch (error) {
    deps.log.warn(`${error instanceof Error ? error.message : String(error)}; it is ignored`);
    return profileEffects(null);
  }
}

export function loadConfigFor(deps: Deps, opts: { configPath?: string }): Promise<Config> {
  return loadConfig({ cwd: deps.cwd, ...(opts.configPath ? { configPath: opts.configPath } : {}) });
}

export function failOnIssues(issues: Issue[]): void {
  if (issues.length > 0) {
    throw new FwsyncError(
      'validation',
      `${issues.length} problem${issues.length === 1 ? '' : 's'} in the image files`,
      {
        issues,
        hint: 'Fix the files named above and run `fwsync validate` again.',
      },
    );
  }
}

export async function validate(deps: Deps, opts: { configPath?: string; config?: Config }): Promise<Inputs> {
  const inputs = await loadInputs(deps, opts);
  failOnIssues(inputs.issues);
  return inputs;
}

export interface PlanOutcome {
  inputs: Inputs;
  plan: Plan;
}

export async function plan(
  deps: Deps,
  opts: { configPath?: string; config?: Config; refresh?: boolean },
): Promise<PlanOutcome> {
  const inputs = await validate(deps, opts);
  return { inputs, plan: await planFor(deps, inputs, opts.refresh === true) };
}

/** The plan for loaded inputs; with `refresh`, against the live values read from the account. */
async function planFor(deps: Deps, inputs: Inputs, refresh: boolean): Promise<Plan> {
  const { config, state } = inputs;
  if (!refresh) {
    return planChanges({
      desired: inputs.desired,
      state,
      maxChangePercent: config.safety.max_change_percent,
      profile: inputs.profile,
    });
  }
  const { refreshForPlan } = await import('./live.js');
  // Refreshing parses every file (an image in a skipped file may have drifted too).
  const live = await refreshForPlan(deps, { config, state });
  inputs.desired = live.desired;
  inputs.liveRaw = live.raw;
  return planChanges({
    desired: live.desired,
    state,
    maxChangePercent: config.safety.max_change_percent,
    live: live.live,
    products: live.products,
    profile: inputs.profile,
  });
}

export function apiFor(deps: Deps, config: Config): FinerWorksApi {
  if (deps.api) return deps.api;
  const credentials = readCredentials(deps.env, { required: true });
  if (!credentials) throw new FwsyncError('auth', 'FinerWorks credentials are missing');
  return createFinerWorksClient({
    baseUrl: deps.env.FINERWORKS_API_URL?.trim() || config.api.base_url,
    credentials,
    timeoutMs: config.api.timeout_seconds * 1000,
    userAgent: USER_AGENT,
    libraryName: config.library.name,
    librarySiteId: config.library.site_id,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
}

export interface ApplyOptions {
  configPath?: string;
  /** Already loaded by the caller (the Action reads it to find the state file). */
  config?: Config;
  /** A saved plan (apply --plan): applied only if a fresh plan has the same checksum. */
  savedPlan?: Plan;
  force?: boolean;
  /** Read the live values first (adopt → record when equal, drift shown). */
  refresh?: boolean;
  /** Read the sent images back afterwards and report fields not stored as sent. */
  verify?: boolean;
  /** Asked once the plan is known and something would be sent; false cancels. */
  confirm: (plan: Plan) => Promise<boolean>;
  onProgress?: (event: ApplyProgress) => void;
}

export interface ApplyProgress {
  done: number;
  total: number;
  failed: number;
  message: string;
}

export interface ApplyOutcome {
  plan: Plan;
  result: ApplyResult;
  cancelled: boolean;
}

/** The whole apply gives up on new attempts after this long. */
const RUN_DEADLINE_MS = 30 * 60_000;

export async function apply(deps: Deps, opts: ApplyOptions): Promise<ApplyOutcome> {
  // The lock is taken before the state is read, so that what we plan against is what we write over.
  const config = opts.config ?? (await loadConfigFor(deps, opts));
  const statePath = path.resolve(deps.cwd, config.state);
  const lock = await acquireLock(path.dirname(statePath), { command: 'apply' }, lockOptions(deps.env));
  for (const warning of lock.warnings) deps.log.warn(warning);
  // A compromised lock stops the apply like an interrupt: no new batch, the confirmed ones are
  // saved (the state write still checks lineage and serial, in case another run wrote it).
  // Then the run fails with the lock's error (exit 3) instead of reporting an interrupt.
  const signal = AbortSignal.any([deps.signal, lock.compromised]);
  try {
    let outcome: ApplyOutcome;
    try {
      outcome = await applyLocked({ ...deps, signal }, { ...opts, config });
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

/**
 * FWSYNC_LOCK_HEARTBEAT_MS (milliseconds) shortens the lock's heartbeat; it exists for the
 * end-to-end tests of a lock taken away mid-apply. Users have no reason to set it.
 */
function lockOptions(env: Deps['env']): { heartbeatMs?: number } {
  const ms = Number(env.FWSYNC_LOCK_HEARTBEAT_MS ?? '');
  return Number.isInteger(ms) && ms > 0 ? { heartbeatMs: ms } : {};
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

async function applyLocked(deps: Deps, opts: ApplyOptions & { config: Config }): Promise<ApplyOutcome> {
  const inputs = await validate(deps, opts);
  const { config, statePath } = inputs;
  let state = inputs.state;
  let expected = inputs.stateOnDisk;
  const lineage = state?.lineage ?? newLineage();

  if (inputs.foldedJournal) await removeJournal(statePath);
  if (inputs.recovered > 0) {
    deps.log.warn(`recovered ${inputs.recovered} confirmed update(s) from an interrupted apply`);
    await writeState(statePath, state!, { expected });
    await removeJournal(statePath);
    expected = { lineage: state!.lineage, serial: state!.serial };
  }

  // A saved plan made with --refresh is checked against a refreshed plan, or it would always
  // look stale (its records and drift come from the live values).
  const thePlan = await planFor(deps, inputs, opts.refresh === true || opts.savedPlan?.refreshed === true);

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

  const toSend = thePlan.changes.filter((c) => c.kind === 'update' || c.kind === 'adopt');
  const empty = emptyResult(thePlan, state);
  if (thePlan.changes.length === 0) {
    // Nothing to send, but the bookkeeping may have moved: a renamed file or an image moved
    // to another file keeps its values, and the state learns the new place (and the new file's
    // hash, so the next plan can skip it).
    if (state) {
      const next = nextState(state, { lineage, confirmed: [], forgotten: [], desired: inputs.desired });
      if (next.serial !== state.serial) {
        await writeState(statePath, next, { expected });
        return { plan: thePlan, result: emptyResult(thePlan, next), cancelled: false };
      }
    }
    return { plan: thePlan, result: empty, cancelled: false };
  }

  // Missing credentials are said before the question, not after a "yes".
  const api = toSend.length > 0 ? apiFor(deps, config) : null;
  if (!(await opts.confirm(thePlan))) return { plan: thePlan, result: empty, cancelled: true };

  const commit = await headCommit(deps.cwd);
  const appliedAt = deps.now().toISOString();
  const byGuid = new Map(thePlan.changes.map((c) => [c.guid, c]));
  const entryFor = (guid: Guid, applied: ImageFields): JournalEntry => ({
    guid,
    applied,
    applied_at: appliedAt,
    source: byGuid.get(guid)?.file ?? '',
    commit,
  });

  const confirmed: JournalEntry[] = [];
  const results = new Map<Guid, { outcome: ImageOutcome; message?: string }>();
  let requests = 0;
  let interrupted = false;

  for (const change of thePlan.changes) {
    if (change.kind === 'record' && change.desired) {
      confirmed.push(entryFor(change.guid, change.desired));
      results.set(change.guid, { outcome: 'recorded' });
    } else if (change.kind === 'forget') {
      results.set(change.guid, { outcome: 'forgotten' });
    }
  }

  if (api && toSend.length > 0) {
    const journal = await openJournal(statePath, { lineage, base_serial: state?.serial ?? 0 });
    const images: UpdateImageDetails[] = toSend.map((c) =>
      withKeptFields({ guid: c.guid, ...c.desired! }, inputs.liveRaw?.get(c.guid), inputs.profile),
    );
    let done = 0;
    let failed = 0;
    // Wall time during which a journal append was in progress (the union of the intervals:
    // appends of concurrent workers overlap and must not be counted twice).
    let journalMs = 0;
    let journalBusyUntil = 0;
    let persistMs = 0;
    try {
      const outcome = await executeUpdates({
        images,
        batchSize: cappedBatchSize(config.api.batch_size, inputs.profile),
        concurrency: config.api.concurrency,
        api,
        signal: deps.signal,
        retry: systemRetry(config.api.max_attempts, RUN_DEADLINE_MS, () => deps.now().getTime()),
        onConfirmed: async (batch) => {
          // The state records the YAML's fields, not the live values sent along (withKeptFields).
          const entries = batch.map(({ guid, ...fields }) =>
            entryFor(guid, byGuid.get(guid)?.desired ?? fields),
          );
          const started = performance.now();
          await journal.append(entries);
          const ended = performance.now();
          journalMs += Math.max(0, ended - Math.max(started, journalBusyUntil));
          journalBusyUntil = Math.max(journalBusyUntil, ended);
          confirmed.push(...entries);
          done += batch.length;
          opts.onProgress?.({
            done,
            total: images.length,
            failed,
            message: `confirmed ${batch.length} image(s)`,
          });
        },
        onEvent: (event) => {
          if (event.type === 'batch-failed') failed += event.images ?? 0;
          deps.log.verbose(describeEvent(event));
        },
      });
      requests = outcome.requests;
      for (const [guid, r] of outcome.results) {
        results.set(
          guid,
          r.message === undefined ? { outcome: r.outcome } : { outcome: r.outcome, message: r.message },
        );
      }
      interrupted = outcome.stoppedBy === 'interrupted';
      if (outcome.stoppedBy === 'auth' && confirmed.length === 0) {
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
      const forgotten =
        confirmed.length > 0 ? thePlan.changes.filter((c) => c.kind === 'forget').map((c) => c.guid) : [];
      const started = performance.now();
      // Nothing confirmed (credentials refused, interrupted at once): the state stays as it was,
      // byte for byte, and a first apply leaves no state file behind.
      if (confirmed.length > 0) {
        const next = nextState(state, { lineage, confirmed, forgotten, desired: inputs.desired });
        // If this write fails the journal stays: it is the record of what FinerWorks confirmed
        // (Terraform's errored.tfstate), and the next run folds it in.
        await writeState(statePath, next, { expected }).catch((error: unknown) =>
          Promise.reject(keptInJournal(error, statePath, confirmed.length)),
        );
        state = next;
      }
      await removeJournal(statePath);
      persistMs += performance.now() - started + journalMs;
      deps.log.verbose(
        `timing: state persisted in ${Math.round(persistMs)} ms (journal ${Math.round(journalMs)} ms)`,
      );
    }
  } else {
    const forgotten = thePlan.changes.filter((c) => c.kind === 'forget').map((c) => c.guid);
    const next = nextState(state, { lineage, confirmed, forgotten, desired: inputs.desired });
    await writeState(statePath, next, { expected });
    state = next;
  }

  let verify: ApplyResult['verify'];
  // No read-back once the run was stopped: it would start new requests.
  if (opts.verify && api && !deps.signal.aborted) {
    const sent = toSend
      .filter((c) => results.get(c.guid)?.outcome === 'applied')
      .map((c) => ({ guid: c.guid, ...c.desired! }));
    const { verifyApplied, retryingCaller } = await import('./live.js');
    try {
      const mismatches = await verifyApplied(api, sent, config.library, retryingCaller(deps, config));
      verify = mismatches.map((m) => ({ guid: m.guid, field: m.field, sent: m.sent, stored: m.stored }));
      for (const m of mismatches) {
        deps.log.warn(
          `verify: ${m.guid} ${m.field} was sent as ${JSON.stringify(m.sent)} but the account reports ${JSON.stringify(m.stored)}`,
        );
      }
    } catch (error) {
      // The apply itself succeeded and is recorded: a failed read-back is a warning, and the
      // exit code stays the apply's.
      const why = error instanceof Error ? error.message : String(error);
      deps.log.warn(
        `verify: could not read the sent images back (${why}); run \`fwsync drift\` to compare later`,
      );
    }
  }

  const imagesOut: ImageResult[] = thePlan.changes.map((c) => {
    const r = results.get(c.guid) ?? { outcome: 'not_attempted' as const, message: 'not attempted' };
    return r.message === undefined
      ? { guid: c.guid, kind: c.kind, outcome: r.outcome }
      : { guid: c.guid, kind: c.kind, outcome: r.outcome, message: r.message };
  });
  const summary = countOutcomes(imagesOut);
  const result: ApplyResult = {
    version: 1,
    plan_checksum: thePlan.checksum,
    complete: summary.failed === 0 && summary.not_attempted === 0,
    interrupted,
    summary,
    requests,
    images: imagesOut,
    state: state ? { lineage: state.lineage, serial: state.serial } : null,
    ...(verify ? { verify } : {}),
  };
  return { plan: thePlan, result, cancelled: false };
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

function emptyResult(thePlan: Plan, state: State | null): ApplyResult {
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
  };
  for (const image of images) summary[image.outcome] += 1;
  return summary;
}

function describeEvent(event: { type: string; [key: string]: unknown }): string {
  const { type, ...rest } = event;
  return `${type} ${JSON.stringify(rest)}`;
}
