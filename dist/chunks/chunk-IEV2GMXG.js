import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  desiredByGuid,
  listAll,
  liveFields,
  once,
  productLabel,
  projectLive,
  unique
} from "./chunk-DVXEWOV7.js";
import {
  FinerWorksError
} from "./chunk-AT44SEU4.js";
import {
  failOnIssues
} from "./chunk-VQJHGHBG.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";

// src/apply/retry.ts
import { setTimeout as delay } from "node:timers/promises";
var DEFAULT_RETRY = { baseDelayMs: 500, maxDelayMs: 3e4, maxRetryAfterMs: 6e4 };
async function sleep(ms, signal) {
  await delay(ms, void 0, { signal });
}
function systemRetry(maxAttempts, budgetMs, now) {
  return { maxAttempts, ...DEFAULT_RETRY, deadline: now() + budgetMs, random: Math.random, sleep, now };
}
function backoffCeiling(retry, baseDelayMs, maxDelayMs) {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
}
async function withRetry(attempt, opts) {
  let last = null;
  const giveUp = (error, attempts, reason) => {
    error.attempts = attempts;
    error.gaveUp = reason;
    return error;
  };
  for (let n = 1; ; n++) {
    if (opts.signal.aborted || opts.now() >= opts.deadline) {
      const reason = opts.signal.aborted ? "aborted" : "deadline";
      throw giveUp(last ?? new FinerWorksError("transient", notStartedMessage(reason)), n - 1, reason);
    }
    try {
      return await attempt(opts.signal);
    } catch (error) {
      if (!(error instanceof FinerWorksError) || error.class !== "transient") {
        if (error instanceof FinerWorksError) error.attempts = n;
        throw error;
      }
      last = error;
    }
    if (opts.signal.aborted) throw giveUp(last, n, "aborted");
    if (n >= opts.maxAttempts) throw giveUp(last, n, "max-attempts");
    const retryAfter = last.retryAfterMs;
    if (retryAfter !== null && retryAfter > opts.maxRetryAfterMs) throw giveUp(last, n, "retry-after");
    const jittered = opts.random() * backoffCeiling(n - 1, opts.baseDelayMs, opts.maxDelayMs);
    const wait = Math.max(jittered, retryAfter ?? 0);
    if (opts.now() + wait >= opts.deadline) throw giveUp(last, n, "deadline");
    opts.onRetry?.({ attempt: n, delayMs: wait, error: last });
    try {
      await opts.sleep(wait, opts.signal);
    } catch {
      throw giveUp(last, n, "aborted");
    }
  }
}
function notStartedMessage(reason) {
  return reason === "aborted" ? "cancelled before the request was sent" : "the overall deadline passed before the request was sent";
}
function describeGiveUp(error, opts) {
  switch (error.gaveUp) {
    case "retry-after":
      return `rate limited, not applied: FinerWorks asked to wait ${Math.ceil((error.retryAfterMs ?? 0) / 1e3)} s (more than the ${Math.round(opts.maxRetryAfterMs / 1e3)} s we wait): ${error.message}`;
    case "deadline":
      return `not applied: the overall deadline was reached after ${attemptsText(error.attempts)}: ${error.message}`;
    case "aborted":
      return `not applied: interrupted after ${attemptsText(error.attempts)}`;
    default:
      return `gave up after ${attemptsText(error.attempts)}: ${error.message}`;
  }
}
function attemptsText(n) {
  return n === 1 ? "1 attempt" : `${n} attempts`;
}

// src/use-cases/live-read.ts
var READ_DEADLINE_MS = 10 * 6e4;
function apiFor(ports, config) {
  return ports.finerworks(config, ports.env);
}
function retryingCaller(ports, config) {
  return (attempt, stop) => interruptible(
    ports.signal,
    () => withRetry((signal) => attempt(signal), {
      ...systemRetry(config.api.max_attempts, READ_DEADLINE_MS, () => ports.clock.now().getTime()),
      signal: stop ? AbortSignal.any([ports.signal, stop]) : ports.signal,
      onRetry: (info) => ports.log.verbose(`retrying a read after ${Math.round(info.delayMs)} ms: ${info.error.message}`)
    })
  );
}
function readingFor(ports, config) {
  return { call: retryingCaller(ports, config), concurrency: config.api.concurrency };
}
async function interruptible(signal, fn) {
  try {
    return await fn();
  } catch (error) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : error;
    throw error;
  }
}
async function readLive(api, opts) {
  const wanted = unique(opts.guids);
  const live = /* @__PURE__ */ new Map();
  const products = /* @__PURE__ */ new Map();
  if (wanted.length > 0) {
    const images = await listAll(api, {
      library: opts.library,
      guids: wanted,
      listProducts: opts.listProducts,
      call: opts.call ?? once,
      ...opts.concurrency !== void 0 ? { concurrency: opts.concurrency } : {}
    });
    const asked = new Set(wanted);
    for (const image of images) {
      if (!asked.has(image.guid)) continue;
      live.set(image.guid, liveFields(image));
      if (Array.isArray(image.products) && image.products.length > 0) {
        products.set(image.guid, image.products.map(productLabel).sort());
      }
    }
  }
  const missing = wanted.filter((g) => !live.has(g)).sort();
  return { live, products, missing };
}
async function liveInputsForPlan(api, opts) {
  const wanted = desiredByGuid(opts.desired, opts.state);
  const read = await readLive(api, {
    library: opts.config.library,
    guids: [...wanted.keys()],
    listProducts: opts.config.library.name === "inventory",
    ...opts.call ? { call: opts.call } : {},
    concurrency: opts.config.api.concurrency
  });
  const live = /* @__PURE__ */ new Map();
  for (const [guid, fields] of read.live) {
    live.set(guid, projectLive(fields, wanted.get(guid)?.fields, opts.state?.images[guid]?.applied).fields);
  }
  return { live, raw: read.live, products: read.products, missing: read.missing };
}
async function refreshForPlan(ports, inputs) {
  const { desired, issues } = await ports.images.read({
    cwd: ports.cwd,
    patterns: inputs.config.images,
    stateFiles: null
  });
  failOnIssues(issues);
  const read = await liveInputsForPlan(apiFor(ports, inputs.config), {
    desired,
    state: inputs.state,
    config: inputs.config,
    call: retryingCaller(ports, inputs.config)
  });
  if (read.missing.length > 0) throw missingImagesError(read.missing, inputs.config.library);
  return { desired, live: read.live, raw: read.raw, products: read.products };
}
function missingImagesError(missing, library) {
  const shown = missing.slice(0, 10).join(", ");
  const more = missing.length > 10 ? ` and ${missing.length - 10} more` : "";
  return new FwsyncError(
    "input",
    `${missing.length} image${missing.length === 1 ? "" : "s"} in the YAML ${missing.length === 1 ? "is" : "are"} not on the account (library "${library.name}"): ${shown}${more}`,
    {
      hint: "Nothing was sent. Check the guids, or library.name in the config; remove images deleted on FinerWorks from the YAML."
    }
  );
}

export {
  systemRetry,
  withRetry,
  describeGiveUp,
  apiFor,
  retryingCaller,
  readingFor,
  readLive,
  refreshForPlan
};
