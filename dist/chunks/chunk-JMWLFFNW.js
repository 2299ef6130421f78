import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  __commonJS,
  __toESM
} from "./chunk-VB7EOEZX.js";

// node_modules/fast-deep-equal/index.js
var require_fast_deep_equal = __commonJS({
  "node_modules/fast-deep-equal/index.js"(exports, module) {
    "use strict";
    module.exports = function equal2(a, b) {
      if (a === b) return true;
      if (a && b && typeof a == "object" && typeof b == "object") {
        if (a.constructor !== b.constructor) return false;
        var length, i, keys;
        if (Array.isArray(a)) {
          length = a.length;
          if (length != b.length) return false;
          for (i = length; i-- !== 0; )
            if (!equal2(a[i], b[i])) return false;
          return true;
        }
        if (a.constructor === RegExp) return a.source === b.source && a.flags === b.flags;
        if (a.valueOf !== Object.prototype.valueOf) return a.valueOf() === b.valueOf();
        if (a.toString !== Object.prototype.toString) return a.toString() === b.toString();
        keys = Object.keys(a);
        length = keys.length;
        if (length !== Object.keys(b).length) return false;
        for (i = length; i-- !== 0; )
          if (!Object.prototype.hasOwnProperty.call(b, keys[i])) return false;
        for (i = length; i-- !== 0; ) {
          var key = keys[i];
          if (!equal2(a[key], b[key])) return false;
        }
        return true;
      }
      return a !== a && b !== b;
    };
  }
});

// src/core/canonical.ts
var import_fast_deep_equal = __toESM(require_fast_deep_equal(), 1);
import { createHash } from "node:crypto";

// src/core/types.ts
var FIELD_NAMES = [
  "title",
  "description",
  "visible",
  "rank",
  "assigned_personal_gallery_ids",
  "assigned_gallery_subcategory_ids"
];

// src/core/canonical.ts
function canonicalJson(value) {
  return JSON.stringify(sortKeys(value));
}
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== void 0) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
function sha256(data) {
  const hash = createHash("sha256");
  if (typeof data === "string") hash.update(data, "utf8");
  else hash.update(data);
  return `sha256:${hash.digest("hex")}`;
}
function canonicalFields(fields) {
  const out = {};
  for (const name of FIELD_NAMES) {
    const v = fields[name];
    if (v !== void 0) out[name] = copyValue(v);
  }
  return out;
}
function hashFields(fields) {
  return sha256(canonicalJson(canonicalFields(fields)));
}
function fieldsEqual(a, b) {
  for (const name of FIELD_NAMES) {
    const x = a[name];
    const y = b[name];
    if (x === void 0 || y === void 0) {
      if (x !== y) return false;
    } else if (x !== y && !(0, import_fast_deep_equal.default)(x, y)) {
      return false;
    }
  }
  return true;
}
function copyValue(value) {
  return Array.isArray(value) ? [...value] : value;
}
function compareCodeUnits(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// src/core/api-profile.ts
var OPTIONAL_FIELD_NAMES = [
  "visible",
  "rank",
  "assigned_personal_gallery_ids",
  "assigned_gallery_subcategory_ids"
];
var NO_PROFILE_EFFECTS = Object.freeze({
  maxBatch: null,
  partialClears: false,
  products: "documented",
  optionalAccepted: [...OPTIONAL_FIELD_NAMES]
});
function profileEffects(profile) {
  if (profile === null) return { ...NO_PROFILE_EFFECTS, optionalAccepted: [...OPTIONAL_FIELD_NAMES] };
  const f = profile.findings;
  return {
    maxBatch: f.max_batch?.limit_found === true ? f.max_batch.accepted : null,
    partialClears: f.partial_update === "clears",
    products: f.products === "untested" ? "documented" : f.products,
    optionalAccepted: OPTIONAL_FIELD_NAMES.filter((k) => f.optional_fields[k] !== "rejected")
  };
}
function cappedBatchSize(configured, effects) {
  return effects.maxBatch === null ? configured : Math.max(1, Math.min(configured, effects.maxBatch));
}
function describeFindings(f) {
  const lines = [];
  const partial = {
    keeps: ["ok", "a field left out of update_images keeps its value"],
    clears: [
      "note",
      "a field left out of update_images is CLEARED: fwsync always sends title and description, and plans say what else is reset"
    ],
    unexpected: ["warn", "a field left out of update_images changed to something neither kept nor cleared"],
    unknown: ["warn", "partial updates could not be tested"]
  };
  lines.push({
    key: "partial_update",
    verdict: partial[f.partial_update][0],
    text: partial[f.partial_update][1]
  });
  const empty = {
    stored: ["ok", "an empty description is stored as empty"],
    ignored: [
      "warn",
      "an empty description is ignored (the old text stays): a description cannot be emptied through the API"
    ],
    rejected: ["warn", "an empty description is refused: a description cannot be emptied through the API"],
    unknown: ["warn", "empty descriptions could not be tested"]
  };
  lines.push({
    key: "empty_description",
    verdict: empty[f.empty_description][0],
    text: empty[f.empty_description][1]
  });
  for (const name of OPTIONAL_FIELD_NAMES) {
    const answer = f.optional_fields[name];
    const verdict = answer === "accepted" ? "ok" : answer === "untested" ? "note" : "warn";
    const text = answer === "accepted" ? `${name} is accepted and stored` : answer === "untested" ? `${name} was not tested (changing it on this image could not be undone safely)` : `${name} is ${answer} by update_images: do not set it in the YAML`;
    lines.push({ key: `optional_fields.${name}`, verdict, text });
  }
  const products = {
    removed: [
      "note",
      "an update REMOVES the image\u2019s virtual inventory products (as the documentation warns)"
    ],
    kept: [
      "ok",
      "an update keeps the image\u2019s virtual inventory products (the documentation\u2019s warning does not apply)"
    ],
    untested: [
      "note",
      "product removal not tested (the image has no products; use an image with products and --allow-product-removal)"
    ]
  };
  lines.push({ key: "products", verdict: products[f.products][0], text: products[f.products][1] });
  const rest = f.unknown_guid.rest_applied === null ? "" : f.unknown_guid.rest_applied ? "; the known image of the same batch WAS updated" : "; the known image of the same batch was not updated";
  const unknown = {
    "success-false": ["ok", `an unknown guid is refused with success: false${rest}`],
    "http-error": ["ok", `an unknown guid is refused with an HTTP error${rest}`],
    silent: [
      "warn",
      `an unknown guid is accepted SILENTLY${rest}: a wrong guid in the YAML is only caught by plan --refresh`
    ],
    unknown: ["warn", "unknown guids could not be tested"]
  };
  lines.push({
    key: "unknown_guid",
    verdict: unknown[f.unknown_guid.answer][0],
    text: unknown[f.unknown_guid.answer][1]
  });
  const mb = f.max_batch;
  lines.push(
    mb === null ? { key: "max_batch", verdict: "warn", text: "the batch limit could not be measured" } : mb.limit_found ? {
      key: "max_batch",
      verdict: "note",
      text: `update_images accepts at most ${mb.accepted} images per request: apply sends batches of at most ${mb.accepted}`
    } : {
      key: "max_batch",
      verdict: "ok",
      text: `update_images accepted every batch up to ${mb.tried_up_to} images (api.batch_size)`
    }
  );
  return lines;
}
function profilePlanNotes(effects, sends, refreshed) {
  if (sends === 0 || !effects.partialClears) return [];
  return [
    "fwsync doctor measured that update_images clears every field a request leaves out. " + (refreshed ? "apply sends the live value of visible, rank and the gallery lists along when the YAML does not set them." : 'Without --refresh, an update resets visible, rank and the gallery lists the YAML does not set; run "fwsync plan --refresh" / "fwsync apply --refresh" to send their live values along.')
  ];
}
function withKeptFields(desired, live, effects) {
  if (!effects.partialClears || live === void 0) return desired;
  const out = { ...desired };
  for (const k of effects.optionalAccepted) {
    if (out[k] === void 0 && live[k] !== void 0) out[k] = live[k];
  }
  return out;
}
function parseProfile(data) {
  const isObj = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObj(data) || data.version !== 1) return { problem: "not a version 1 profile" };
  const f = data.findings;
  if (!isObj(f)) return { problem: "no findings" };
  const oneOf = (v, list) => typeof v === "string" && list.includes(v);
  if (!oneOf(f.partial_update, ["keeps", "clears", "unexpected", "unknown"]))
    return { problem: "partial_update" };
  if (!oneOf(f.empty_description, ["stored", "ignored", "rejected", "unknown"]))
    return { problem: "empty_description" };
  if (!oneOf(f.products, ["removed", "kept", "untested"])) return { problem: "products" };
  const opt = f.optional_fields;
  if (!isObj(opt) || !OPTIONAL_FIELD_NAMES.every((k) => oneOf(opt[k], ["accepted", "ignored", "rejected", "untested"])))
    return { problem: "optional_fields" };
  const ug = f.unknown_guid;
  if (!isObj(ug) || !oneOf(ug.answer, ["success-false", "http-error", "silent", "unknown"]))
    return { problem: "unknown_guid" };
  const mb = f.max_batch;
  if (mb !== null && !(isObj(mb) && Number.isInteger(mb.accepted) && mb.accepted >= 1 && typeof mb.limit_found === "boolean"))
    return { problem: "max_batch" };
  for (const key of ["measured_at", "base_url", "image"])
    if (typeof data[key] !== "string") return { problem: key };
  return { profile: data };
}

export {
  require_fast_deep_equal,
  FIELD_NAMES,
  canonicalJson,
  sortKeys,
  sha256,
  canonicalFields,
  hashFields,
  fieldsEqual,
  copyValue,
  compareCodeUnits,
  OPTIONAL_FIELD_NAMES,
  profileEffects,
  cappedBatchSize,
  describeFindings,
  profilePlanNotes,
  withKeptFields,
  parseProfile
};
