import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);

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
  OPTIONAL_FIELD_NAMES,
  profileEffects,
  cappedBatchSize,
  describeFindings,
  profilePlanNotes,
  withKeptFields,
  parseProfile
};
