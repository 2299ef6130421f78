import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  refreshForPlan
} from "./chunk-IEV2GMXG.js";
import {
  changedOutside
} from "./chunk-DVXEWOV7.js";
import {
  validate
} from "./chunk-VQJHGHBG.js";
import {
  profilePlanNotes
} from "./chunk-TQBHC6B2.js";
import {
  FIELD_NAMES,
  canonicalFields,
  canonicalJson,
  compareCodeUnits,
  copyValue,
  fieldsEqual,
  require_fast_deep_equal,
  sha256Of
} from "./chunk-NAR3LMYI.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// src/core/plan.ts
var import_fast_deep_equal = __toESM(require_fast_deep_equal(), 1);
var SAFETY_MIN_TRACKED = 10;
var INVENTORY_WARNING = "The FinerWorks API documentation says updating an image in the inventory library also removes its virtual inventory products.";
var INVENTORY_FACT = "fwsync doctor measured that updating an image in the inventory library removes its virtual inventory products.";
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
        fields: diffFields(previous.applied, void 0),
        file: previous.source,
        guid,
        kind: "forget",
        line: null
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
  if (!products && input.profile?.products !== "kept") {
    for (const change of changes) {
      const seen = state?.images[change.guid]?.products;
      if (sends(change) && seen) change.productsSeen = { labels: [...seen.labels], seen_at: seen.seen_at };
    }
  }
  if (products && input.profile?.products !== "kept") {
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
  const tracked = input.tracked ?? appliedGuids.length;
  return {
    version: 1,
    checksum: planChecksum(planState.lineage, planState.serial, changes),
    state: planState,
    summary,
    changes,
    safety: safetyVerdict(summary.update, tracked, input.maxChangePercent),
    refreshed,
    notes: planNotes(changes, summary, state !== null, refreshed, products !== null, input.profile ?? null)
  };
}
function compareApplied(guid, image, previous, liveFields) {
  if (liveFields !== void 0 && changedOutside(liveFields, previous.applied)) {
    const desired2 = canonicalFields(image.fields);
    return fieldsEqual(liveFields, desired2) ? recordChange(guid, image.file, image.line, desired2, true, liveFields) : sendChange(guid, "update", image.file, image.line, liveFields, desired2, true, liveFields);
  }
  if (fieldsEqual(previous.applied, image.fields)) return null;
  const desired = canonicalFields(image.fields);
  if (liveFields !== void 0 && fieldsEqual(liveFields, desired))
    return recordChange(guid, image.file, image.line, desired, false, liveFields);
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
  const change = { desired, fields: diffFields(before, desired), file, guid, kind, line };
  if (drifted) change.drifted = true;
  if (live !== void 0) change.live = canonicalFields(live);
  return change;
}
function recordChange(guid, file, line, desired, drifted, live) {
  const change = { desired, fields: [], file, guid, kind: "record", line };
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
    const entry = {};
    if (a !== void 0) entry.after = copyValue(a);
    if (b !== void 0) entry.before = copyValue(b);
    entry.field = field;
    out.push(entry);
  }
  return out;
}
function planNotes(changes, summary, stateExists, refreshed, productsKnown, profile) {
  const notes = [];
  const sending = summary.update + summary.adopt;
  if (!stateExists) notes.push("No state file yet: nothing has been applied by fwsync so far.");
  if (sending > 0 && profile?.products !== "kept")
    notes.push(
      inventoryNote(
        changes,
        productsKnown,
        profile?.products === "removed" ? INVENTORY_FACT : INVENTORY_WARNING
      )
    );
  if (profile) notes.push(...profilePlanNotes(profile, sending, refreshed));
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
function inventoryNote(changes, productsKnown, lead) {
  if (!productsKnown) {
    return `${lead} "fwsync plan --refresh" lists the products each image it sends has now.`;
  }
  const withProducts = changes.filter((c) => sends(c) && c.products && c.products.length > 0);
  if (withProducts.length === 0) {
    return `${lead} None of the images this plan sends has virtual inventory products.`;
  }
  const named = withProducts.slice(0, PRODUCT_NOTE_LIMIT).map((c) => `${c.guid} (${(c.products ?? []).join(", ")})`).join("; ");
  const rest = withProducts.length - PRODUCT_NOTE_LIMIT;
  return `${lead} ${withProducts.length} image${plural(withProducts.length)} this plan sends ${withProducts.length === 1 ? "has" : "have"} virtual inventory products: ${named}` + (rest > 0 ? `; and ${rest} more.` : ".");
}
function formatPercent(value) {
  return `${Math.round(value * 10) / 10}%`;
}
function plural(n) {
  return n === 1 ? "" : "s";
}
function planChecksum(lineage, serial, changes) {
  return sha256Of(
    (function* () {
      yield '{"changes":[';
      for (const [i, change] of changes.entries()) {
        yield `${i === 0 ? "" : ","}${canonicalJson(withoutPlace(change))}`;
      }
      yield `],"lineage":${JSON.stringify(lineage)},"serial":${JSON.stringify(serial)}}`;
    })()
  );
}
function withoutPlace(change) {
  const { file: _file, line: _line, productsSeen: _seen, ...rest } = change;
  return rest;
}

// src/use-cases/plan.ts
async function plan(ports, opts) {
  const inputs = await validate(ports, { ...opts, partialState: opts.refresh !== true });
  return { inputs, plan: await planFor(ports, inputs, opts.refresh === true) };
}
async function planFor(ports, inputs, refresh) {
  const { config, state } = inputs;
  if (!refresh) {
    return planChanges({
      desired: inputs.desired,
      state,
      maxChangePercent: config.safety.max_change_percent,
      profile: inputs.profile,
      ...inputs.tracked !== void 0 ? { tracked: inputs.tracked } : {}
    });
  }
  if (inputs.tracked !== void 0) {
    throw new Error("planFor: a refresh needs the whole state (load it without partialState)");
  }
  const live = await refreshForPlan(ports, { config, state });
  inputs.desired = live.desired;
  inputs.liveRaw = live.raw;
  return planChanges({
    desired: live.desired,
    state,
    maxChangePercent: config.safety.max_change_percent,
    live: live.live,
    products: live.products,
    profile: inputs.profile
  });
}

export {
  plan,
  planFor
};
