import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  loadConfig
} from "./chunk-EXABAOX2.js";
import {
  headCommit
} from "./chunk-45MWFRMA.js";
import {
  FinerWorksError,
  acquireLock,
  createFinerWorksClient,
  describeFsError,
  describeGiveUp,
  describeSchemaError,
  errorCode,
  newLineage,
  nextState,
  nodeFs,
  parseStrictJson,
  readCredentials,
  readState,
  stateValidators,
  syncDirectory,
  systemRetry,
  withRetry,
  writeAtomic,
  writeState
} from "./chunk-BVCSSB76.js";
import {
  USER_AGENT
} from "./chunk-O76BHX5I.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import {
  FIELD_NAMES,
  canonicalFields,
  canonicalJson,
  compareCodeUnits,
  copyValue,
  fieldsEqual,
  hashFields,
  readDesired,
  sha256
} from "./chunk-D7776OBV.js";
import {
  require_fast_deep_equal
} from "./chunk-KASPISZ5.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// src/run.ts
import path from "node:path";

// src/adapters/journal.ts
import * as fsp from "node:fs/promises";
import * as nodePath from "node:path";
var JOURNAL_VERSION = 1;
function journalPath(statePath) {
  return `${statePath}.journal`;
}
function journalMatches(header, state) {
  if (!state) return header.base_serial === 0;
  return header.lineage === state.lineage && header.base_serial === state.serial;
}
function journalAlreadyFolded(journal, state) {
  if (!state || journal.header.lineage !== state.lineage) return false;
  if (state.serial !== journal.header.base_serial + 1) return false;
  return journal.entries.every((entry) => state.images[entry.guid]?.hash === hashFields(entry.applied));
}
async function openJournal(statePath, header, opts = {}) {
  const fs = opts.fs ?? nodeFs;
  const path2 = journalPath(statePath);
  const existing = await readJournal(statePath);
  if (existing && existing.entries.length > 0) {
    throw new FwsyncError(
      "state",
      `${path2} holds ${existing.entries.length} confirmed update(s) of an interrupted apply that are not in the state yet`,
      { hint: "Run `fwsync apply` again: it folds the journal into the state before planning." }
    );
  }
  const headerLine = `${JSON.stringify({ journal: JOURNAL_VERSION, lineage: header.lineage, base_serial: header.base_serial })}
`;
  const validate2 = stateValidators().journalHeader;
  if (!validate2(JSON.parse(headerLine))) {
    throw new FwsyncError(
      "state",
      `invalid journal header for ${path2}: ${describeSchemaError(validate2.errors)}`
    );
  }
  let handle;
  try {
    await fs.mkdir(nodePath.dirname(path2), { recursive: true });
    await writeAtomic(fs, path2, Buffer.from(headerLine, "utf8"));
    handle = await fsp.open(path2, "a");
  } catch (cause) {
    throw new FwsyncError("state", `could not start the apply journal ${path2} (${describeFsError(cause)})`, {
      hint: "Check that you may write to the folder of the state file and that the disk is not full.",
      cause
    });
  }
  const validateLine = stateValidators().journalLine;
  let queue = Promise.resolve();
  let failure = null;
  let closed = false;
  const writeLine = async (entries) => {
    if (failure) throw failure;
    if (closed) throw new FwsyncError("state", `the apply journal ${path2} is already closed`);
    const record = { confirmed: entries };
    if (!validateLine(record)) {
      throw new FwsyncError(
        "state",
        `refusing to journal an invalid entry: ${describeSchemaError(validateLine.errors)}`,
        {
          hint: "This is a bug in fwsync; please report it."
        }
      );
    }
    try {
      await handle.writeFile(`${JSON.stringify(record)}
`, "utf8");
      await handle.datasync();
    } catch (cause) {
      failure = new FwsyncError(
        "state",
        `could not record confirmed updates in ${path2} (${describeFsError(cause)})`,
        {
          hint: "Free disk space or fix the folder permissions; the updates already confirmed are kept in the journal.",
          cause
        }
      );
      throw failure;
    }
  };
  return {
    path: path2,
    append(entries) {
      const next = queue.then(() => writeLine(entries));
      queue = next.catch(() => void 0);
      return next;
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      await handle.close().catch(() => void 0);
    }
  };
}
async function readJournal(statePath) {
  const path2 = journalPath(statePath);
  let bytes;
  try {
    bytes = await fsp.readFile(path2);
  } catch (cause) {
    if (errorCode(cause) === "ENOENT") return null;
    throw new FwsyncError("state", `cannot read the apply journal ${path2} (${describeFsError(cause)})`, {
      cause
    });
  }
  const lines = [];
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(10, start);
    if (end === -1) {
      lines.push(bytes.subarray(start));
      break;
    }
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  const damaged = (lineNo, what) => new FwsyncError("state", `the apply journal ${path2} is damaged at line ${lineNo}: ${what}`, {
    hint: "Only the last line can be cut short by a crash; this damage is elsewhere. Keep a copy of the journal, delete it, and run `fwsync plan --refresh` to compare the state with the live account."
  });
  const parseLine = (line) => parseStrictJson(new TextDecoder("utf-8", { fatal: true }).decode(line));
  const first = lines[0];
  if (first === void 0) throw damaged(1, "the file is empty (no header)");
  let headerData;
  try {
    headerData = parseLine(first);
  } catch (error) {
    throw damaged(1, `the header is not valid JSON (${error.message})`);
  }
  const version = headerData?.journal;
  if (typeof version === "number" && version > JOURNAL_VERSION) {
    throw new FwsyncError(
      "state",
      `the apply journal ${path2} has version ${version}: it was written by a newer fwsync`,
      {
        hint: "Finish the interrupted apply with the fwsync version that started it."
      }
    );
  }
  const validateHeader = stateValidators().journalHeader;
  if (!validateHeader(headerData))
    throw damaged(1, `the header is invalid ${describeSchemaError(validateHeader.errors)}`);
  const { lineage, base_serial } = headerData;
  const validateLine = stateValidators().journalLine;
  const entries = [];
  let torn = false;
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k];
    const isLast = k === lines.length - 1;
    if (isLast && line.length === 0) break;
    let problem = null;
    let record;
    try {
      record = parseLine(line);
      if (!validateLine(record)) problem = `invalid ${describeSchemaError(validateLine.errors)}`;
    } catch (error) {
      problem = error.message;
    }
    if (problem !== null) {
      if (isLast) {
        torn = true;
        break;
      }
      throw damaged(k + 1, problem);
    }
    entries.push(...record.confirmed);
  }
  return { header: { lineage, base_serial }, entries, torn };
}
async function removeJournal(statePath, opts = {}) {
  const fs = opts.fs ?? nodeFs;
  const path2 = journalPath(statePath);
  try {
    await fs.unlink(path2);
  } catch (cause) {
    if (errorCode(cause) === "ENOENT") return;
    throw new FwsyncError("state", `could not remove the apply journal ${path2} (${describeFsError(cause)})`, {
      hint: "Its entries are already in the state file; delete it by hand.",
      cause
    });
  }
  await syncDirectory(fs, nodePath.dirname(path2)).catch(() => void 0);
}

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

// src/core/plan.ts
var import_fast_deep_equal = __toESM(require_fast_deep_equal(), 1);
var SAFETY_MIN_TRACKED = 10;
var INVENTORY_WARNING = "The FinerWorks API documentation says updating an image in the inventory library also removes its virtual inventory products.";
var PRODUCT_NOTE_LIMIT = 5;
function planChanges(input) {
  const { state, live = null, products = null } = input;
  const refreshed = live !== null;
  const applied = state?.images ?? {};
  const appliedGuids = Object.keys(applied);
  const changes = [];
  let unchanged = 0;
  const desiredByGuid = new Map(input.desired.images.map((image) => [image.guid, image]));
  const skipped = /* @__PURE__ */ new Map();
  for (const file of [...input.desired.files].sort((a, b) => compareCodeUnits(a.path, b.path))) {
    if (!file.skipped) continue;
    for (const guid of file.guids) if (!desiredByGuid.has(guid)) skipped.set(guid, file.path);
  }
  let inBoth = 0;
  for (const guid of appliedGuids) {
    const previous = applied[guid];
    const image = desiredByGuid.get(guid);
    if (image !== void 0) {
      inBoth += 1;
      const change = compareApplied(guid, image, previous, live?.get(guid));
      if (change) changes.push(change);
      else unchanged += 1;
    } else if (!skipped.has(guid)) {
      changes.push({
        guid,
        kind: "forget",
        file: previous.source,
        line: null,
        fields: diffFields(previous.applied, void 0)
      });
    }
  }
  if (inBoth < desiredByGuid.size) {
    for (const [guid, image] of desiredByGuid) {
      if (Object.hasOwn(applied, guid)) continue;
      const liveFields = live?.get(guid);
      const desired = canonicalFields(image.fields);
      if (liveFields === void 0) {
        changes.push(sendChange(guid, "adopt", image.file, image.line, void 0, desired, false, void 0));
      } else if (fieldsEqual(liveFields, desired)) {
        changes.push(recordChange(guid, image.file, image.line, desired, false, liveFields));
      } else {
        changes.push(
          sendChange(guid, "adopt", image.file, image.line, liveFields, desired, false, liveFields)
        );
      }
    }
  }
  if (live === null) {
    unchanged += skipped.size;
  } else {
    for (const [guid, file] of skipped) {
      const previous = Object.hasOwn(applied, guid) ? applied[guid] : void 0;
      const change = previous && compareApplied(guid, { file, line: null, fields: previous.applied }, previous, live.get(guid));
      if (change) changes.push(change);
      else unchanged += 1;
    }
  }
  changes.sort((a, b) => compareCodeUnits(a.guid, b.guid));
  if (products) {
    for (const change of changes) {
      const list = products.get(change.guid);
      if (sends(change) && list && list.length > 0) change.products = [...list].sort(compareCodeUnits);
    }
  }
  const summary = { update: 0, adopt: 0, forget: 0, record: 0, unchanged, drifted: 0 };
  for (const change of changes) {
    summary[change.kind] += 1;
    if (change.drifted) summary.drifted += 1;
  }
  const planState = state ? { exists: true, lineage: state.lineage, serial: state.serial } : { exists: false, lineage: null, serial: 0 };
  const tracked = appliedGuids.length;
  return {
    version: 1,
    checksum: sha256(
      canonicalJson({
        lineage: planState.lineage,
        serial: planState.serial,
        changes: changes.map(withoutPlace)
      })
    ),
    state: planState,
    summary,
    changes,
    safety: safetyVerdict(summary.update, tracked, input.maxChangePercent),
    refreshed,
    notes: planNotes(changes, summary, state !== null, refreshed, products !== null)
  };
}
function compareApplied(guid, image, previous, liveFields) {
  if (liveFields !== void 0 && !fieldsEqual(liveFields, previous.applied)) {
    const desired2 = canonicalFields(image.fields);
    return fieldsEqual(liveFields, desired2) ? recordChange(guid, image.file, image.line, desired2, true, liveFields) : sendChange(guid, "update", image.file, image.line, liveFields, desired2, true, liveFields);
  }
  if (fieldsEqual(previous.applied, image.fields)) return null;
  const desired = canonicalFields(image.fields);
  return sendChange(guid, "update", image.file, image.line, previous.applied, desired, false, liveFields);
}
function sends(change) {
  return change.kind === "update" || change.kind === "adopt";
}
function safetyVerdict(updates, tracked, maxChangePercent) {
  const base = { updates, tracked, max_change_percent: maxChangePercent, min_tracked: SAFETY_MIN_TRACKED };
  if (tracked < SAFETY_MIN_TRACKED) {
    return {
      ...base,
      safe: true,
      message: `Safety limit not checked: the state tracks ${tracked} image${plural(tracked)} (the check starts at ${SAFETY_MIN_TRACKED}).`
    };
  }
  const share = `${updates} of ${tracked} tracked images (${formatPercent(updates * 100 / tracked)})`;
  if (updates * 100 > tracked * maxChangePercent) {
    return {
      ...base,
      safe: false,
      message: `This plan updates ${share}, more than safety.max_change_percent (${maxChangePercent}%). apply refuses it: if the change is intended, run "fwsync apply --force" (or set the action input force), or raise safety.max_change_percent in fwsync.config.yaml.`
    };
  }
  return {
    ...base,
    safe: true,
    message: `This plan updates ${share}, within safety.max_change_percent (${maxChangePercent}%).`
  };
}
function sendChange(guid, kind, file, line, before, desired, drifted, live) {
  const change = { guid, kind, file, line, fields: diffFields(before, desired), desired };
  if (drifted) change.drifted = true;
  if (live !== void 0) change.live = canonicalFields(live);
  return change;
}
function recordChange(guid, file, line, desired, drifted, live) {
  const change = { guid, kind: "record", file, line, fields: [], desired };
  if (drifted) change.drifted = true;
  change.live = canonicalFields(live);
  return change;
}
function diffFields(before, after) {
  const out = [];
  for (const field of FIELD_NAMES) {
    const b = before?.[field];
    const a = after?.[field];
    if (b === void 0 && a === void 0) continue;
    if (before !== void 0 && after !== void 0 && (0, import_fast_deep_equal.default)(b, a)) continue;
    const entry = { field };
    if (b !== void 0) entry.before = copyValue(b);
    if (a !== void 0) entry.after = copyValue(a);
    out.push(entry);
  }
  return out;
}
function planNotes(changes, summary, stateExists, refreshed, productsKnown) {
  const notes = [];
  if (!stateExists) notes.push("No state file yet: nothing has been applied by fwsync so far.");
  if (summary.update + summary.adopt > 0) notes.push(inventoryNote(changes, productsKnown));
  if (summary.adopt > 0 && !refreshed) {
    notes.push(
      `${summary.adopt} image${plural(summary.adopt)} to adopt ${summary.adopt === 1 ? "is" : "are"} not in the state yet: the live values on FinerWorks are unknown and apply overwrites them with the YAML. Run "fwsync plan --refresh" to compare with the account first, or "fwsync import" to start from the account.`
    );
  }
  if (summary.drifted > 0) {
    notes.push(
      `${summary.drifted} image${plural(summary.drifted)} changed on FinerWorks outside fwsync (drifted); the plan shows the live value \u2192 the YAML value.`
    );
  }
  return notes;
}
function inventoryNote(changes, productsKnown) {
  if (!productsKnown) {
    return `${INVENTORY_WARNING} "fwsync plan --refresh" lists the products each image it sends has now.`;
  }
  const withProducts = changes.filter((c) => sends(c) && c.products && c.products.length > 0);
  if (withProducts.length === 0) {
    return `${INVENTORY_WARNING} None of the images this plan sends has virtual inventory products.`;
  }
  const named = withProducts.slice(0, PRODUCT_NOTE_LIMIT).map((c) => `${c.guid} (${(c.products ?? []).join(", ")})`).join("; ");
  const rest = withProducts.length - PRODUCT_NOTE_LIMIT;
  return `${INVENTORY_WARNING} ${withProducts.length} image${plural(withProducts.length)} this plan sends ${withProducts.length === 1 ? "has" : "have"} virtual inventory products: ${named}` + (rest > 0 ? `; and ${rest} more.` : ".");
}
function formatPercent(value) {
  return `${Math.round(value * 10) / 10}%`;
}
function plural(n) {
  return n === 1 ? "" : "s";
}
function withoutPlace(change) {
  const { file: _file, line: _line, ...rest } = change;
  return rest;
}

// src/run.ts
async function loadInputs(deps, opts) {
  const config = opts.config ?? await loadConfigFor(deps, opts);
  const statePath = path.resolve(deps.cwd, config.state);
  const { state: onDisk } = await readState(statePath);
  const desiredFromFiles = async (state2) => readDesired({ cwd: deps.cwd, patterns: config.images, stateFiles: state2?.files ?? null });
  const journal = await readJournal(statePath);
  let state = onDisk;
  let recovered = 0;
  let foldedJournal = false;
  if (journal && journalAlreadyFolded(journal, onDisk)) {
    foldedJournal = true;
    deps.log.verbose("the apply journal is already folded into the state; it is ignored");
  } else if (journal) {
    if (!journalMatches(journal.header, onDisk)) {
      throw new FwsyncError(
        "state",
        `found ${path.relative(deps.cwd, statePath)}.journal that does not belong to the state file`,
        {
          hint: "The journal records updates an interrupted apply had confirmed, but the state file has changed since. Keep a copy of the journal, delete it, and run `fwsync plan --refresh` to compare with the live account."
        }
      );
    }
    if (journal.torn)
      deps.log.warn("the last line of the apply journal was cut short by a crash; it is ignored");
    recovered = journal.entries.length;
    if (recovered > 0) {
      const { desired: desired2 } = await desiredFromFiles(null);
      state = nextState(onDisk, {
        lineage: journal.header.lineage ?? newLineage(),
        confirmed: journal.entries,
        forgotten: [],
        desired: desired2
      });
    }
  }
  const { desired, issues } = await desiredFromFiles(state);
  const skipped = desired.files.filter((f) => f.skipped).map((f) => f.path);
  deps.log.verbose(
    `${skipped.length} of ${desired.files.length} image files unchanged since the last apply, not parsed again` + (skipped.length > 0 ? `: ${skipped.join(", ")}` : "")
  );
  return {
    config,
    statePath,
    state,
    stateOnDisk: onDisk ? { lineage: onDisk.lineage, serial: onDisk.serial } : null,
    recovered,
    foldedJournal,
    desired,
    issues
  };
}
function loadConfigFor(deps, opts) {
  return loadConfig({ cwd: deps.cwd, ...opts.configPath ? { configPath: opts.configPath } : {} });
}
function failOnIssues(issues) {
  if (issues.length > 0) {
    throw new FwsyncError(
      "validation",
      `${issues.length} problem${issues.length === 1 ? "" : "s"} in the image files`,
      {
        issues,
        hint: "Fix the files named above and run `fwsync validate` again."
      }
    );
  }
}
async function validate(deps, opts) {
  const inputs = await loadInputs(deps, opts);
  failOnIssues(inputs.issues);
  return inputs;
}
async function plan(deps, opts) {
  const inputs = await validate(deps, opts);
  return { inputs, plan: await planFor(deps, inputs, opts.refresh === true) };
}
async function planFor(deps, inputs, refresh) {
  const { config, state } = inputs;
  if (!refresh) {
    return planChanges({
      desired: inputs.desired,
      state,
      maxChangePercent: config.safety.max_change_percent
    });
  }
  const { refreshForPlan } = await import("./live-3RZUKNXT.js");
  const live = await refreshForPlan(deps, { config, state });
  inputs.desired = live.desired;
  return planChanges({
    desired: live.desired,
    state,
    maxChangePercent: config.safety.max_change_percent,
    live: live.live,
    products: live.products
  });
}
function apiFor(deps, config) {
  if (deps.api) return deps.api;
  const credentials = readCredentials(deps.env, { required: true });
  if (!credentials) throw new FwsyncError("auth", "FinerWorks credentials are missing");
  return createFinerWorksClient({
    baseUrl: deps.env.FINERWORKS_API_URL?.trim() || config.api.base_url,
    credentials,
    timeoutMs: config.api.timeout_seconds * 1e3,
    userAgent: USER_AGENT,
    libraryName: config.library.name,
    librarySiteId: config.library.site_id,
    ...deps.fetch ? { fetch: deps.fetch } : {}
  });
}
var RUN_DEADLINE_MS = 30 * 6e4;
async function apply(deps, opts) {
  const config = opts.config ?? await loadConfigFor(deps, opts);
  const statePath = path.resolve(deps.cwd, config.state);
  const lock = await acquireLock(path.dirname(statePath), { command: "apply" }, lockOptions(deps.env));
  for (const warning of lock.warnings) deps.log.warn(warning);
  const signal = AbortSignal.any([deps.signal, lock.compromised]);
  try {
    let outcome;
    try {
      outcome = await applyLocked({ ...deps, signal }, { ...opts, config });
    } catch (error) {
      throw lock.compromised.aborted ? lostLockError(lock.compromised.reason, error) : error;
    }
    if (lock.compromised.aborted) throw lostLockError(lock.compromised.reason, null, outcome.result);
    return outcome;
  } finally {
    await lock.release();
  }
}
function lockOptions(env) {
  const ms = Number(env.FWSYNC_LOCK_HEARTBEAT_MS ?? "");
  return Number.isInteger(ms) && ms > 0 ? { heartbeatMs: ms } : {};
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
async function applyLocked(deps, opts) {
  const inputs = await validate(deps, opts);
  const { config, statePath } = inputs;
  let state = inputs.state;
  let expected = inputs.stateOnDisk;
  const lineage = state?.lineage ?? newLineage();
  if (inputs.foldedJournal) await removeJournal(statePath);
  if (inputs.recovered > 0) {
    deps.log.warn(`recovered ${inputs.recovered} confirmed update(s) from an interrupted apply`);
    await writeState(statePath, state, { expected });
    await removeJournal(statePath);
    expected = { lineage: state.lineage, serial: state.serial };
  }
  const thePlan = await planFor(deps, inputs, opts.refresh === true || opts.savedPlan?.refreshed === true);
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
  const toSend = thePlan.changes.filter((c) => c.kind === "update" || c.kind === "adopt");
  const empty = emptyResult(thePlan, state);
  if (thePlan.changes.length === 0) {
    if (state) {
      const next = nextState(state, { lineage, confirmed: [], forgotten: [], desired: inputs.desired });
      if (next.serial !== state.serial) {
        await writeState(statePath, next, { expected });
        return { plan: thePlan, result: emptyResult(thePlan, next), cancelled: false };
      }
    }
    return { plan: thePlan, result: empty, cancelled: false };
  }
  const api = toSend.length > 0 ? apiFor(deps, config) : null;
  if (!await opts.confirm(thePlan)) return { plan: thePlan, result: empty, cancelled: true };
  const commit = await headCommit(deps.cwd);
  const appliedAt = deps.now().toISOString();
  const byGuid = new Map(thePlan.changes.map((c) => [c.guid, c]));
  const entryFor = (guid, applied) => ({
    guid,
    applied,
    applied_at: appliedAt,
    source: byGuid.get(guid)?.file ?? "",
    commit
  });
  const confirmed = [];
  const results = /* @__PURE__ */ new Map();
  let requests = 0;
  let interrupted = false;
  for (const change of thePlan.changes) {
    if (change.kind === "record" && change.desired) {
      confirmed.push(entryFor(change.guid, change.desired));
      results.set(change.guid, { outcome: "recorded" });
    } else if (change.kind === "forget") {
      results.set(change.guid, { outcome: "forgotten" });
    }
  }
  if (api && toSend.length > 0) {
    const journal = await openJournal(statePath, { lineage, base_serial: state?.serial ?? 0 });
    const images = toSend.map((c) => ({ guid: c.guid, ...c.desired }));
    let done = 0;
    let failed = 0;
    let journalMs = 0;
    let journalBusyUntil = 0;
    let persistMs = 0;
    try {
      const outcome = await executeUpdates({
        images,
        batchSize: config.api.batch_size,
        concurrency: config.api.concurrency,
        api,
        signal: deps.signal,
        retry: systemRetry(config.api.max_attempts, RUN_DEADLINE_MS, () => deps.now().getTime()),
        onConfirmed: async (batch) => {
          const entries = batch.map(({ guid, ...fields }) => entryFor(guid, fields));
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
            message: `confirmed ${batch.length} image(s)`
          });
        },
        onEvent: (event) => {
          if (event.type === "batch-failed") failed += event.images ?? 0;
          deps.log.verbose(describeEvent(event));
        }
      });
      requests = outcome.requests;
      for (const [guid, r] of outcome.results) {
        results.set(
          guid,
          r.message === void 0 ? { outcome: r.outcome } : { outcome: r.outcome, message: r.message }
        );
      }
      interrupted = outcome.stoppedBy === "interrupted";
      if (outcome.stoppedBy === "auth" && confirmed.length === 0) {
        throw new FwsyncError("auth", "FinerWorks rejected the credentials; nothing was sent successfully", {
          hint: "Check FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY (and FINERWORKS_ACCOUNT_KEY if you use one), then run `fwsync whoami`.",
          cause: outcome.authError
        });
      }
    } finally {
      await journal.close();
      const forgotten = confirmed.length > 0 ? thePlan.changes.filter((c) => c.kind === "forget").map((c) => c.guid) : [];
      const started = performance.now();
      if (confirmed.length > 0) {
        const next = nextState(state, { lineage, confirmed, forgotten, desired: inputs.desired });
        await writeState(statePath, next, { expected }).catch(
          (error) => Promise.reject(keptInJournal(error, statePath, confirmed.length))
        );
        state = next;
      }
      await removeJournal(statePath);
      persistMs += performance.now() - started + journalMs;
      deps.log.verbose(
        `timing: state persisted in ${Math.round(persistMs)} ms (journal ${Math.round(journalMs)} ms)`
      );
    }
  } else {
    const forgotten = thePlan.changes.filter((c) => c.kind === "forget").map((c) => c.guid);
    const next = nextState(state, { lineage, confirmed, forgotten, desired: inputs.desired });
    await writeState(statePath, next, { expected });
    state = next;
  }
  let verify;
  if (opts.verify && api && !deps.signal.aborted) {
    const sent = toSend.filter((c) => results.get(c.guid)?.outcome === "applied").map((c) => ({ guid: c.guid, ...c.desired }));
    const { verifyApplied, retryingCaller } = await import("./live-3RZUKNXT.js");
    try {
      const mismatches = await verifyApplied(api, sent, config.library, retryingCaller(deps, config));
      verify = mismatches.map((m) => ({ guid: m.guid, field: m.field, sent: m.sent, stored: m.stored }));
      for (const m of mismatches) {
        deps.log.warn(
          `verify: ${m.guid} ${m.field} was sent as ${JSON.stringify(m.sent)} but the account reports ${JSON.stringify(m.stored)}`
        );
      }
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      deps.log.warn(
        `verify: could not read the sent images back (${why}); run \`fwsync drift\` to compare later`
      );
    }
  }
  const imagesOut = thePlan.changes.map((c) => {
    const r = results.get(c.guid) ?? { outcome: "not_attempted", message: "not attempted" };
    return r.message === void 0 ? { guid: c.guid, kind: c.kind, outcome: r.outcome } : { guid: c.guid, kind: c.kind, outcome: r.outcome, message: r.message };
  });
  const summary = countOutcomes(imagesOut);
  const result = {
    version: 1,
    plan_checksum: thePlan.checksum,
    complete: summary.failed === 0 && summary.not_attempted === 0,
    interrupted,
    summary,
    requests,
    images: imagesOut,
    state: state ? { lineage: state.lineage, serial: state.serial } : null,
    ...verify ? { verify } : {}
  };
  return { plan: thePlan, result, cancelled: false };
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
    not_attempted: 0
  };
  for (const image of images) summary[image.outcome] += 1;
  return summary;
}
function describeEvent(event) {
  const { type, ...rest } = event;
  return `${type} ${JSON.stringify(rest)}`;
}

export {
  loadInputs,
  loadConfigFor,
  failOnIssues,
  validate,
  plan,
  apiFor,
  apply
};
