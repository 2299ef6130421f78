import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  resolveApiUrl
} from "./chunk-OE57REKD.js";
import {
  planFor
} from "./chunk-DKQ6EPOF.js";
import {
  apiFor,
  describeGiveUp,
  readLive,
  readingFor,
  systemRetry,
  withRetry
} from "./chunk-IEV2GMXG.js";
import {
  sameValue
} from "./chunk-DVXEWOV7.js";
import {
  FinerWorksError
} from "./chunk-AT44SEU4.js";
import {
  loadConfigFor,
  nextState,
  validate
} from "./chunk-VQJHGHBG.js";
import {
  cappedBatchSize,
  withKeptFields
} from "./chunk-TQBHC6B2.js";
import {
  FIELD_NAMES
} from "./chunk-NAR3LMYI.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";

// src/use-cases/apply.ts
import path2 from "node:path";

// src/core/product-guard.ts
function guardProducts(input) {
  const missing = new Set(input.missing);
  const send = [];
  const refused = [];
  const removals = /* @__PURE__ */ new Map();
  for (const guid of input.toSend) {
    const products = input.updateKeepsProducts === true ? [] : [...input.products.get(guid) ?? []];
    if (missing.has(guid)) {
      refused.push({
        guid,
        reason: "missing",
        products: [],
        message: `not in library "${input.library}" on the account; not sent (check the guid, or library.name in the config)`
      });
    } else if (products.length > 0 && !input.allowProductRemoval) {
      refused.push({
        guid,
        reason: "products",
        products,
        message: `not sent: the update would remove ${products.length} virtual inventory product${products.length === 1 ? "" : "s"}: ${products.join(", ")} (apply --allow-product-removal sends it anyway)`
      });
    } else {
      send.push(guid);
      if (products.length > 0) removals.set(guid, products);
    }
  }
  return { send, refused, removals };
}
function removedProductsMessage(products) {
  return `removed ${products.length} virtual inventory product${products.length === 1 ? "" : "s"}: ${products.join(", ")}`;
}

// src/use-cases/apply-send.ts
import path from "node:path";

// src/apply/execute.ts
var StopRequested = class extends Error {
};
async function executeUpdates(opts) {
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1)
    throw new RangeError("batchSize must be a positive integer");
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1)
    throw new RangeError("concurrency must be a positive integer");
  const breakerLimit = opts.maxConsecutiveTransientFailures ?? 5;
  const results = /* @__PURE__ */ new Map();
  for (const image of opts.images) results.set(image.guid, { outcome: "not_attempted" });
  let requests = 0;
  let stoppedBy = null;
  let stopMessage = "";
  let authError;
  let consecutiveTransient = 0;
  let fatal = null;
  const stopWaits = new AbortController();
  const stop = (reason, message) => {
    if (stoppedBy !== null) return;
    stoppedBy = reason;
    stopMessage = message;
    stopWaits.abort();
  };
  const onAbort = () => stop("interrupted", "not attempted: interrupted");
  if (opts.signal.aborted) onAbort();
  else opts.signal.addEventListener("abort", onAbort, { once: true });
  const emit = (event) => opts.onEvent?.({ ...event, images: event.guids.length });
  const guidsOf = (images) => images.map((image) => image.guid);
  const mark = (images, outcome, message) => {
    for (const image of images)
      results.set(image.guid, message === void 0 ? { outcome } : { outcome, message });
  };
  async function send(images) {
    const guids = guidsOf(images);
    let attempt = 0;
    await withRetry(
      (signal) => {
        if (stoppedBy !== null) throw new StopRequested();
        attempt++;
        requests++;
        emit({ type: "batch-sent", guids, attempt });
        return opts.api.updateImages(images, signal);
      },
      {
        ...opts.retry,
        signal: opts.signal,
        sleep: (ms, signal) => opts.retry.sleep(ms, AbortSignal.any([signal, stopWaits.signal])),
        onRetry: (info) => {
          emit({
            type: "retry",
            guids,
            attempt: info.attempt,
            delayMs: info.delayMs,
            message: info.error.message
          });
          opts.retry.onRetry?.(info);
        }
      }
    );
  }
  async function run(images) {
    if (stoppedBy !== null || fatal !== null || images.length === 0) return;
    try {
      await send(images);
    } catch (error) {
      handleFailure(images, error);
      if (error instanceof FinerWorksError && error.class === "rejected" && images.length > 1 && stoppedBy === null) {
        const middle = Math.ceil(images.length / 2);
        const left = images.slice(0, middle);
        const right = images.slice(middle);
        emit({
          type: "split",
          guids: guidsOf(images),
          into: [guidsOf(left), guidsOf(right)],
          message: error.message
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
      fatal ??= { error };
      stopWaits.abort();
      return;
    }
    mark(images, "applied");
    emit({ type: "batch-confirmed", guids: guidsOf(images) });
  }
  function handleFailure(images, error) {
    if (error instanceof StopRequested) return;
    if (!(error instanceof FinerWorksError)) {
      fatal ??= { error };
      stopWaits.abort();
      return;
    }
    if (opts.signal.aborted) {
      mark(
        images,
        "not_attempted",
        "interrupted while in flight: outcome unknown, sent again on the next run"
      );
      return;
    }
    if (error.class === "auth") {
      authError ??= error;
      stop("auth", `not attempted: ${authError.message}`);
      mark(images, "not_attempted", stopMessage);
      return;
    }
    if (error.class === "rejected") {
      consecutiveTransient = 0;
      if (images.length === 1) {
        const message2 = rejectionMessage(error);
        mark(images, "failed", message2);
        emit({ type: "batch-failed", guids: guidsOf(images), message: message2 });
      }
      return;
    }
    if (error.gaveUp === "aborted") return;
    const message = describeGiveUp(error, opts.retry);
    mark(images, "failed", message);
    emit({ type: "batch-failed", guids: guidsOf(images), message });
    if (error.gaveUp === "deadline") {
      stop("deadline", "not attempted: the overall deadline was reached");
    } else if (error.gaveUp === "retry-after") {
      stop("circuit-open", "not attempted: FinerWorks is rate limiting (circuit open)");
    } else if (++consecutiveTransient >= breakerLimit) {
      stop("circuit-open", `not attempted: ${consecutiveTransient} batches in a row failed (circuit open)`);
    }
  }
  const batches = [];
  for (let i = 0; i < opts.images.length; i += opts.batchSize)
    batches.push(opts.images.slice(i, i + opts.batchSize));
  let next = 0;
  const worker = async () => {
    while (stoppedBy === null && fatal === null) {
      const batch = batches[next++];
      if (batch === void 0) return;
      await run(batch);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, batches.length) }, worker));
  } finally {
    opts.signal.removeEventListener("abort", onAbort);
  }
  if (fatal !== null) throw fatal.error;
  if (stoppedBy !== null) {
    for (const [guid, result] of results) {
      if (result.outcome === "not_attempted" && result.message === void 0)
        results.set(guid, { outcome: "not_attempted", message: stopMessage });
    }
  }
  return { results, requests, stoppedBy, ...authError ? { authError } : {} };
}
function rejectionMessage(error) {
  if (error.apiMessage === null) return error.message;
  const httpError = error.status !== null && (error.status < 200 || error.status >= 300);
  return httpError ? `HTTP ${error.status}: ${error.apiMessage}` : error.apiMessage;
}

// src/use-cases/apply-send.ts
var RUN_DEADLINE_MS = 30 * 6e4;
async function sendUpdates(ports, input) {
  const { config, outcomes, inputs } = input;
  const { statePath } = inputs;
  let state = input.state;
  const journal = await ports.journal.open(statePath, {
    lineage: input.lineage,
    base_serial: state?.serial ?? 0
  });
  const images = input.toSend.map(
    (c) => withKeptFields(requestFields(c.guid, c.desired), inputs.liveRaw?.get(c.guid), inputs.profile)
  );
  const desiredOf = new Map(input.toSend.map((c) => [c.guid, c.desired]));
  let done = 0;
  let failed = 0;
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
        const entries = batch.map(
          ({ guid, ...fields }) => input.entryFor(guid, desiredOf.get(guid) ?? fields)
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
          message: `confirmed ${batch.length} image(s)`
        });
      },
      onEvent: (event) => {
        if (event.type === "batch-failed") failed += event.images ?? 0;
        ports.log.verbose(describeEvent(event));
      }
    });
    outcomes.requests = outcome.requests;
    for (const [guid, r] of outcome.results) {
      outcomes.results.set(
        guid,
        r.message === void 0 ? { outcome: r.outcome } : { outcome: r.outcome, message: r.message }
      );
    }
    outcomes.interrupted = outcome.stoppedBy === "interrupted";
    if (outcome.stoppedBy === "auth" && outcomes.confirmed.length === 0) {
      throw new FwsyncError("auth", "FinerWorks rejected the credentials; nothing was sent successfully", {
        hint: "Check FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY (and FINERWORKS_ACCOUNT_KEY if you use one), then run `fwsync whoami`.",
        cause: outcome.authError
      });
    }
  } finally {
    await journal.close();
    const { confirmed } = outcomes;
    const forgotten = confirmed.length > 0 ? input.plan.changes.filter((c) => c.kind === "forget").map((c) => c.guid) : [];
    const started = performance.now();
    if (confirmed.length > 0) {
      const products = new Map(input.productsSeen);
      for (const guid of input.removals.keys()) {
        const seen = products.get(guid);
        if (seen && outcomes.results.get(guid)?.outcome === "applied")
          products.set(guid, { ...seen, labels: [] });
      }
      const next = nextState(state, {
        lineage: input.lineage,
        confirmed,
        forgotten,
        desired: inputs.desired,
        products
      });
      await ports.state.write(statePath, next, { expected: input.expected }).catch((error) => Promise.reject(keptInJournal(error, statePath, confirmed.length)));
      state = next;
    }
    await ports.journal.remove(statePath);
    const persistMs = performance.now() - started + journalMs;
    ports.log.verbose(
      `timing: state persisted in ${Math.round(persistMs)} ms (journal ${Math.round(journalMs)} ms)`
    );
  }
  return state;
}
function keptInJournal(error, statePath, confirmed) {
  if (!(error instanceof FwsyncError)) return error instanceof Error ? error : new Error(String(error));
  const kept = `${confirmed} confirmed update(s) are kept in ${path.basename(statePath)}.journal; the next fwsync run folds them into the state.`;
  return new FwsyncError(error.kind, error.message, {
    hint: error.hint ? `${error.hint} ${kept}` : kept,
    issues: error.issues,
    cause: error.cause
  });
}
function describeEvent(event) {
  const { type, ...rest } = event;
  return `${type} ${JSON.stringify(rest)}`;
}
function requestFields(guid, desired) {
  const out = { guid };
  for (const name of FIELD_NAMES) if (desired[name] !== void 0) out[name] = desired[name];
  return out;
}

// src/use-cases/verify.ts
async function verifyApplied(api, sent, library, reading = {}) {
  const byGuid = new Map(sent.map((image) => [image.guid.toLowerCase(), image]));
  const guids = [...byGuid.keys()];
  const { live } = await readLive(api, { library, guids, listProducts: false, ...reading });
  const mismatches = [];
  for (const guid of guids.sort()) {
    const image = byGuid.get(guid);
    const stored = live.get(guid);
    if (!stored) {
      mismatches.push({ guid, field: "image", sent: guid, stored: void 0 });
      continue;
    }
    for (const field of FIELD_NAMES) {
      const value = image[field];
      if (value === void 0) continue;
      if (!sameValue(field, stored[field], value))
        mismatches.push({ guid, field, sent: value, stored: stored[field] });
    }
  }
  return mismatches;
}

// src/use-cases/apply-locked.ts
async function applyLocked(ports, opts) {
  const inputs = await validate(ports, opts);
  const { config, statePath } = inputs;
  const recovered = await foldRecovered(ports, inputs);
  const expected = recovered.expected;
  let state = recovered.state;
  const lineage = state?.lineage ?? ports.state.newLineage();
  const thePlan = await planFor(ports, inputs, opts.refresh === true || opts.savedPlan?.refreshed === true);
  checkPlan(thePlan, opts);
  if (thePlan.changes.length === 0) {
    if (state) {
      const next = nextState(state, { lineage, confirmed: [], forgotten: [], desired: inputs.desired });
      if (next.serial !== state.serial) {
        await ports.state.write(statePath, next, { expected });
        return { plan: thePlan, result: emptyResult(thePlan, next), cancelled: false };
      }
    }
    return { plan: thePlan, result: emptyResult(thePlan, state), cancelled: false };
  }
  const sends = thePlan.changes.filter((c) => c.kind === "update" || c.kind === "adopt");
  opts.checkConfirmable?.(thePlan);
  const api = sends.length > 0 ? apiFor(ports, config) : null;
  const read = api ? await readGuard(ports, api, config, sends, {
    allowProductRemoval: opts.allowProductRemoval === true,
    updateKeepsProducts: inputs.profile.products === "kept"
  }) : null;
  const guard = read?.guard ?? null;
  const host = api ? resolveApiUrl(ports.env, config.api.base_url).host : null;
  if (!await opts.confirm(thePlan, { guard, host }))
    return { plan: thePlan, result: emptyResult(thePlan, state), cancelled: true };
  const allowed = new Set(guard?.send ?? []);
  const toSend = sends.filter((c) => allowed.has(c.guid));
  const commit = await ports.git.headCommit(ports.cwd);
  const appliedAt = ports.clock.now().toISOString();
  const byGuid = new Map(thePlan.changes.map((c) => [c.guid, c]));
  const entryFor = (guid, applied) => ({
    guid,
    applied,
    applied_at: appliedAt,
    source: byGuid.get(guid)?.file ?? "",
    commit
  });
  const outcomes = { confirmed: [], results: /* @__PURE__ */ new Map(), requests: 0, interrupted: false };
  for (const refusal of guard?.refused ?? []) {
    outcomes.results.set(refusal.guid, { outcome: "refused", message: refusal.message });
  }
  for (const change of thePlan.changes) {
    if (change.kind === "record" && change.desired) {
      outcomes.confirmed.push(entryFor(change.guid, change.desired));
      outcomes.results.set(change.guid, { outcome: "recorded" });
    } else if (change.kind === "forget") {
      outcomes.results.set(change.guid, { outcome: "forgotten" });
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
      productsSeen: read?.seen ?? /* @__PURE__ */ new Map(),
      removals: guard?.removals ?? /* @__PURE__ */ new Map(),
      ...opts.onProgress ? { onProgress: opts.onProgress } : {}
    });
  } else {
    const forgotten = thePlan.changes.filter((c) => c.kind === "forget").map((c) => c.guid);
    const next = nextState(state, {
      lineage,
      confirmed: outcomes.confirmed,
      forgotten,
      desired: inputs.desired,
      ...read ? { products: read.seen } : {}
    });
    await ports.state.write(statePath, next, { expected });
    state = next;
  }
  for (const [guid, products] of guard?.removals ?? []) {
    const r = outcomes.results.get(guid);
    if (r?.outcome === "applied") r.message = removedProductsMessage(products);
  }
  let verify;
  if (opts.verify && api && !ports.signal.aborted) {
    const sent = toSend.filter((c) => outcomes.results.get(c.guid)?.outcome === "applied").map((c) => ({ guid: c.guid, ...c.desired }));
    verify = await verifySent(ports, api, sent, config);
  }
  return { plan: thePlan, result: resultOf(thePlan, state, outcomes, verify), cancelled: false };
}
async function readGuard(ports, api, config, sends, choice) {
  const read = await readLive(api, {
    library: config.library,
    guids: sends.map((c) => c.guid),
    listProducts: true,
    ...readingFor(ports, config)
  });
  const guard = guardProducts({
    toSend: sends.map((c) => c.guid),
    products: read.products,
    missing: read.missing,
    ...choice,
    library: config.library.name
  });
  for (const refusal of guard.refused) ports.log.warn(`${refusal.guid}: ${refusal.message}`);
  const seenAt = ports.clock.now().toISOString();
  const seen = /* @__PURE__ */ new Map();
  const missing = new Set(read.missing);
  for (const c of sends) {
    if (!missing.has(c.guid)) seen.set(c.guid, { labels: read.products.get(c.guid) ?? [], seen_at: seenAt });
  }
  return { guard, seen };
}
async function foldRecovered(ports, inputs) {
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
function checkPlan(thePlan, opts) {
  if (opts.savedPlan && opts.savedPlan.checksum !== thePlan.checksum) {
    throw new FwsyncError(
      "refused",
      "the saved plan is stale: the state or the image files changed since it was made",
      {
        hint: `Saved plan ${opts.savedPlan.checksum.slice(0, 19)}\u2026 was made against serial ${opts.savedPlan.state.serial}; a fresh plan is ${thePlan.checksum.slice(0, 19)}\u2026 against serial ${thePlan.state.serial}. Run \`fwsync plan --out\` again and review it.`
      }
    );
  }
  if (!thePlan.safety.safe && !opts.force) {
    throw new FwsyncError("refused", thePlan.safety.message ?? "the plan exceeds the safety limit", {
      hint: "Review the plan; if it is what you want, run `fwsync apply --force`."
    });
  }
}
async function verifySent(ports, api, sent, config) {
  try {
    const mismatches = await verifyApplied(api, sent, config.library, readingFor(ports, config));
    for (const m of mismatches) {
      ports.log.warn(
        `verify: ${m.guid} ${m.field} was sent as ${JSON.stringify(m.sent)} but the account reports ${JSON.stringify(m.stored)}`
      );
    }
    return mismatches.map((m) => ({ guid: m.guid, field: m.field, sent: m.sent, stored: m.stored }));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    ports.log.warn(
      `verify: could not read the sent images back (${why}); run \`fwsync drift\` to compare later`
    );
    return void 0;
  }
}
function resultOf(thePlan, state, outcomes, verify) {
  const imagesOut = thePlan.changes.map((c) => {
    const r = outcomes.results.get(c.guid) ?? { outcome: "not_attempted", message: "not attempted" };
    return r.message === void 0 ? { guid: c.guid, kind: c.kind, outcome: r.outcome } : { guid: c.guid, kind: c.kind, outcome: r.outcome, message: r.message };
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
    ...verify ? { verify } : {}
  };
}
function emptyResult(thePlan, state) {
  return {
    version: 1,
    plan_checksum: thePlan.checksum,
    complete: true,
    interrupted: false,
    summary: countOutcomes([]),
    requests: 0,
    images: [],
    state: state ? { lineage: state.lineage, serial: state.serial } : null
  };
}
function countOutcomes(images) {
  const summary = {
    applied: 0,
    recorded: 0,
    forgotten: 0,
    failed: 0,
    not_attempted: 0,
    refused: 0
  };
  for (const image of images) summary[image.outcome] += 1;
  return summary;
}

// src/use-cases/apply.ts
async function apply(ports, opts) {
  const config = opts.config ?? await loadConfigFor(ports, opts);
  const statePath = path2.resolve(ports.cwd, config.state);
  const lock = await ports.lock.acquire(path2.dirname(statePath), { command: "apply" });
  for (const warning of lock.warnings) ports.log.warn(warning);
  const signal = AbortSignal.any([ports.signal, lock.compromised]);
  try {
    let outcome;
    try {
      outcome = await applyLocked({ ...ports, signal }, { ...opts, config });
    } catch (error) {
      throw lock.compromised.aborted ? lostLockError(lock.compromised.reason, error) : error;
    }
    if (lock.compromised.aborted) throw lostLockError(lock.compromised.reason, null, outcome.result);
    return outcome;
  } finally {
    await lock.release();
  }
}
function lostLockError(reason, error, result) {
  const lost = reason instanceof FwsyncError ? reason : new FwsyncError("refused", "the state lock was taken away");
  if (error === lost) return lost;
  const notes = [];
  if (result) {
    const { applied, recorded, failed, not_attempted } = result.summary;
    notes.push(
      `${applied + recorded} confirmed image(s) were saved to the state; the next apply sends the other ${failed + not_attempted}.`
    );
  }
  if (error !== null) {
    const also = error instanceof Error ? error.message : JSON.stringify(error);
    const hint = error instanceof FwsyncError && error.hint ? ` ${error.hint}` : "";
    notes.push(`Also: ${also}.${hint}`);
  }
  return new FwsyncError("refused", lost.message, {
    hint: [lost.hint, ...notes].filter(Boolean).join(" "),
    ...error === null ? {} : { cause: error }
  });
}

export {
  apply
};
