import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  FinerWorksError,
  toFwsyncError
} from "./chunk-AT44SEU4.js";
import {
  FIELD_NAMES,
  compareCodeUnits,
  copyValue,
  require_fast_deep_equal,
  sortKeys
} from "./chunk-JMWLFFNW.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// src/render/json.ts
function renderPlanJson(plan) {
  return stableJson(plan);
}
function renderApplyResultJson(result) {
  return stableJson(result);
}
function stableJson(value) {
  return `${JSON.stringify(sortKeys(value), null, 2)}
`;
}

// src/render/text.ts
var MAX_VALUE_DISPLAY = 120;
var ANSI = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 };
var KIND_MARK = {
  update: { mark: "~", style: "yellow" },
  adopt: { mark: "+", style: "green" },
  forget: { mark: "-", style: "red" },
  record: { mark: "=", style: "cyan" }
};
function renderPlanText(plan, opts) {
  const paint = painter(opts.color);
  const lines = [];
  for (const change of plan.changes) {
    lines.push(...changeLines(change, paint), "");
  }
  if (plan.summary.update > 0 || !plan.safety.safe) {
    const message = plan.safety.message ?? "";
    lines.push(
      plan.safety.safe ? `Safety: ${message}` : paint("red", paint("bold", `Refused without --force: ${message}`))
    );
    lines.push("");
  }
  for (const note of plan.notes) lines.push(`${paint("bold", "Note:")} ${visible(note)}`);
  if (plan.notes.length > 0) lines.push("");
  if (!plan.refreshed && plan.changes.length > 0) lines.push(comparedWithText(plan));
  lines.push(summaryLine(plan));
  return `${lines.join("\n")}
`;
}
function noChangesText(plan) {
  if (plan.refreshed) return "No changes. The account matches the YAML files.";
  return `No changes against the last-applied state (${stateLabel(plan)}); the account was not read \u2014 \`fwsync plan --refresh\` compares with it.`;
}
function comparedWithText(plan) {
  return `Compared with the last-applied state (${stateLabel(plan)}); the account was not read \u2014 \`fwsync plan --refresh\` compares with it.`;
}
function stateLabel(plan) {
  return plan.state.exists ? `serial ${plan.state.serial}` : "no state file yet";
}
function renderApplyResultText(result, opts) {
  const paint = painter(opts.color);
  const lines = [];
  for (const image of result.images) {
    const { mark, style, label } = OUTCOME_MARK[image.outcome];
    const message = image.message === void 0 ? "" : `: ${visible(shorten(image.message, 500))}`;
    lines.push(`${paint(style, `${mark} ${label}`)} ${visible(image.guid)} (${image.kind})${message}`);
  }
  if (lines.length > 0) lines.push("");
  const s = result.summary;
  const counts = `${s.applied} applied, ${s.recorded} recorded, ${s.forgotten} forgotten, ${s.failed} failed, ${s.not_attempted} not attempted` + (s.refused > 0 ? `, ${s.refused} refused` : "");
  const requests = `${result.requests} request${result.requests === 1 ? "" : "s"}`;
  if (result.interrupted) {
    lines.push(
      paint(
        "red",
        `Apply interrupted: ${counts} (${requests}). Confirmed images are recorded; run apply again for the rest.`
      )
    );
  } else if (result.complete && result.images.length === 0) {
    lines.push("Nothing to apply: the plan had no changes; nothing was sent.");
  } else if (result.complete) {
    lines.push(paint("green", `Apply complete: ${counts} (${requests}).`));
  } else {
    lines.push(
      paint(
        "red",
        `Apply incomplete: ${counts} (${requests}). Confirmed images are recorded; fix the failures and run apply again.`
      )
    );
  }
  if (s.refused > 0) {
    lines.push(
      `${s.refused} image${s.refused === 1 ? " was" : "s were"} refused and not recorded: the next plan shows ${s.refused === 1 ? "it" : "them"} again. \`fwsync apply --allow-product-removal\` sends images whose virtual inventory products the update removes.`
    );
  }
  if (result.state)
    lines.push(`State: lineage ${visible(result.state.lineage)}, serial ${result.state.serial}.`);
  return `${lines.join("\n")}
`;
}
var OUTCOME_MARK = {
  applied: { mark: "\u2713", style: "green", label: "applied" },
  recorded: { mark: "=", style: "cyan", label: "recorded" },
  forgotten: { mark: "-", style: "dim", label: "forgotten" },
  failed: { mark: "\u2717", style: "red", label: "failed" },
  not_attempted: { mark: "\xB7", style: "yellow", label: "not attempted" },
  refused: { mark: "!", style: "red", label: "refused" }
};
function changeLines(change, paint) {
  const { mark, style } = KIND_MARK[change.kind];
  const where = change.line === null ? visible(change.file) : `${visible(change.file)}:${change.line}`;
  const tags = [];
  if (change.drifted) tags.push("drifted: changed on FinerWorks outside fwsync");
  if (change.kind === "adopt" && change.live === void 0) tags.push("live value unknown");
  if (change.kind === "forget")
    tags.push("removed from the state only; the image on FinerWorks is not touched");
  if (change.kind === "record") tags.push("the account already matches; only the state is written");
  const tail = tags.length > 0 ? paint("dim", ` \u2014 ${tags.join("; ")}`) : "";
  const lines = [`${paint(style, `${mark} ${change.kind}`)} ${visible(change.guid)} (${where})${tail}`];
  for (const field of change.fields) lines.push(`    ${field.field}: ${fieldText(change, field, paint)}`);
  if (change.products && change.products.length > 0) {
    lines.push(
      `    ${paint("yellow", "virtual inventory products that may be removed:")} ${change.products.map(visible).join(", ")}`
    );
  }
  return lines;
}
function fieldText(change, field, paint) {
  const before = field.before === void 0 ? void 0 : paint("red", formatValue(field.before));
  const after = field.after === void 0 ? void 0 : paint("green", formatValue(field.after));
  if (change.kind === "adopt" && change.live === void 0 && after !== void 0) return after;
  if (change.kind === "forget" && before !== void 0) return before;
  return `${before ?? paint("dim", "(unset)")} \u2192 ${after ?? paint("dim", "(unset)")}`;
}
function summaryLine(plan) {
  const s = plan.summary;
  if (plan.changes.length === 0) return noChangesText(plan);
  const parts = [`${s.update} to update`, `${s.adopt} to adopt`];
  if (s.record > 0 || plan.refreshed) parts.push(`${s.record} to record`);
  parts.push(`${s.forget} to forget`, `${s.unchanged} unchanged`);
  const drifted = s.drifted > 0 ? ` ${s.drifted} drifted.` : "";
  return `Plan: ${parts.join(", ")}.${drifted}`;
}
function formatValue(value) {
  if (typeof value === "string") return visible(JSON.stringify(shorten(value, MAX_VALUE_DISPLAY)));
  return visible(JSON.stringify(value) ?? String(value));
}
function shorten(text, max) {
  const points = Array.from(text);
  if (points.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  const tail = Math.floor((max - 1) / 2);
  return `${points.slice(0, head).join("")}\u2026${points.slice(points.length - tail).join("")}`;
}
function visible(text) {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (ch) => {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
function painter(color) {
  return color ? (style, text) => `\x1B[${ANSI[style]}m${text}\x1B[0m` : (_style, text) => text;
}

// src/adapters/finerworks-paging.ts
var PER_PAGE = 50;
var MAX_PAGES = 1e4;
var once = (attempt) => attempt();
async function guarded(fn) {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof FinerWorksError) throw toFwsyncError(error);
    throw error;
  }
}
async function listAll(api, opts) {
  const call = opts.call ?? once;
  const maxPages = opts.maxPages ?? MAX_PAGES;
  const seen = /* @__PURE__ */ new Map();
  const filters = opts.guids === void 0 ? [null] : chunk(unique(opts.guids), PER_PAGE);
  let pages = 0;
  for (const filter of filters) {
    for (let page = 1; ; page++) {
      pages += 1;
      if (pages > maxPages) {
        throw new FwsyncError("api", `list_images did not reach its last page after ${maxPages} pages`, {
          hint: "The server keeps answering full pages. Check api.base_url (or FINERWORKS_API_URL) and library in the config."
        });
      }
      const response = await guarded(
        () => call(
          (signal) => api.listImages(
            {
              library: { name: opts.library.name, site_id: opts.library.site_id },
              search_filter: "",
              guid_filter: filter,
              page_number: page,
              per_page: PER_PAGE,
              sort_field: "id",
              sort_direction: "ASC",
              upload_date_from: null,
              upload_date_to: null,
              list_products: opts.listProducts ?? false,
              active: null
            },
            signal
          )
        )
      );
      const images = Array.isArray(response.images) ? response.images : [];
      let fresh = 0;
      for (const image of images) {
        if (typeof image?.guid !== "string") continue;
        const guid = image.guid.toLowerCase();
        if (seen.has(guid)) continue;
        seen.set(guid, { ...image, guid });
        fresh += 1;
      }
      const perPage = typeof response.per_page === "number" && response.per_page > 0 ? Math.min(response.per_page, PER_PAGE) : PER_PAGE;
      const total = typeof response.count === "number" && Number.isFinite(response.count) ? response.count : null;
      opts.onPage?.({ page, images: images.length, read: seen.size, total });
      if (images.length < perPage) break;
      if (total !== null && page * perPage >= total) break;
      if (fresh === 0) {
        throw new FwsyncError(
          "api",
          `list_images page ${page} repeated images already read: the server ignores page_number`,
          {
            hint: "Check api.base_url (or FINERWORKS_API_URL); fwsync stops rather than read the same page forever."
          }
        );
      }
    }
  }
  return [...seen.values()];
}
function unique(guids) {
  return [...new Set(guids.map((g) => g.toLowerCase()))];
}
function chunk(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// src/core/drift.ts
var import_fast_deep_equal = __toESM(require_fast_deep_equal(), 1);
var ALWAYS_MANAGED = ["title", "description"];
function managedFields(desired, applied) {
  return FIELD_NAMES.filter(
    (f) => ALWAYS_MANAGED.includes(f) || desired?.[f] !== void 0 || applied?.[f] !== void 0
  );
}
function isIdList(field) {
  return field === "assigned_personal_gallery_ids" || field === "assigned_gallery_subcategory_ids";
}
function sameValue(field, a, b) {
  if (isIdList(field) && Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const set = new Set(a);
    return b.every((x) => set.has(x));
  }
  return (0, import_fast_deep_equal.default)(a, b);
}
function projectLive(live, desired, applied) {
  const out = {};
  const unreported = [];
  for (const field of managedFields(desired, applied)) {
    const value = live[field];
    if (value === void 0) {
      if (!ALWAYS_MANAGED.includes(field)) unreported.push(field);
      const fallback = applied?.[field];
      if (fallback !== void 0) out[field] = copyValue(fallback);
      continue;
    }
    const reference = applied?.[field] ?? desired?.[field];
    out[field] = reference !== void 0 && sameValue(field, value, reference) ? copyValue(reference) : copyValue(value);
  }
  return { fields: out, unreported };
}
function desiredByGuid(desired, state) {
  const out = /* @__PURE__ */ new Map();
  for (const image of desired.images)
    out.set(image.guid, { fields: image.fields, file: image.file, line: image.line });
  for (const file of desired.files) {
    if (!file.skipped) continue;
    for (const guid of file.guids) {
      const applied = state?.images[guid]?.applied;
      if (!out.has(guid) && applied) out.set(guid, { fields: applied, file: file.path, line: null });
    }
  }
  return out;
}
function computeDrift(input) {
  const stateImages = input.state?.images ?? {};
  const wanted = desiredByGuid(input.desired, input.state);
  const guids = [.../* @__PURE__ */ new Set([...wanted.keys(), ...Object.keys(stateImages)])].sort(compareCodeUnits);
  const images = [];
  const unreportedCounts = /* @__PURE__ */ new Map();
  const summary = { checked: guids.length, in_sync: 0, drifted: 0, pending: 0, missing: 0 };
  for (const guid of guids) {
    const want = wanted.get(guid);
    const applied = stateImages[guid]?.applied;
    const where = want ? { file: want.file, line: want.line } : { file: stateImages[guid]?.source ?? null, line: null };
    const base = { guid, ...where, in_state: applied !== void 0, in_yaml: want !== void 0 };
    const raw = input.live.get(guid);
    if (raw === void 0) {
      images.push({ ...base, status: "missing", fields: [] });
      summary.missing += 1;
      continue;
    }
    const { fields: live, unreported } = projectLive(raw, want?.fields, applied);
    for (const f of unreported) unreportedCounts.set(f, (unreportedCounts.get(f) ?? 0) + 1);
    const fields = [];
    for (const field of managedFields(want?.fields, applied)) {
      if (unreported.includes(field)) continue;
      const l = live[field];
      const a = applied?.[field];
      const d = want?.fields[field];
      const outside = applied !== void 0 && !sameValue(field, l, a);
      const pending = want !== void 0 && d !== void 0 && !sameValue(field, l, d);
      if (!outside && !pending) continue;
      const entry = { field, outside, pending };
      if (l !== void 0) entry.live = copyValue(l);
      if (a !== void 0) entry.applied = copyValue(a);
      if (d !== void 0) entry.desired = copyValue(d);
      fields.push(entry);
    }
    if (fields.length === 0) {
      summary.in_sync += 1;
      continue;
    }
    const status = fields.some((f) => f.outside) ? "drifted" : "pending";
    summary[status] += 1;
    images.push({ ...base, status, fields });
  }
  const notes = [];
  for (const field of FIELD_NAMES) {
    const n = unreportedCounts.get(field);
    if (n) {
      notes.push(
        `FinerWorks did not report ${field} for ${n} image${n === 1 ? "" : "s"} that set it; it was not compared.`
      );
    }
  }
  if (summary.missing > 0) {
    notes.push(
      `${summary.missing} image${summary.missing === 1 ? " is" : "s are"} not on the account (or not in the configured library): deleted on FinerWorks, or a wrong guid or library.name in the config.`
    );
  }
  return { version: 1, drift: summary.drifted + summary.missing > 0, summary, images, notes };
}

// src/core/live-fields.ts
var MAX_TITLE = 256;
var MAX_DESCRIPTION = 1e4;
function liveFields(image) {
  const fields = {
    title: typeof image.title === "string" ? image.title : "",
    // The API may hold no description at all; fwsync's "no description" is "".
    description: typeof image.description === "string" ? image.description : ""
  };
  if (typeof image.active === "boolean") fields.visible = image.active;
  if (typeof image.rank === "number" && Number.isInteger(image.rank)) fields.rank = image.rank;
  if (isIntList(image.assigned_personal_gallery_ids))
    fields.assigned_personal_gallery_ids = [...image.assigned_personal_gallery_ids];
  if (isIntList(image.assigned_gallery_subcategory_ids))
    fields.assigned_gallery_subcategory_ids = [...image.assigned_gallery_subcategory_ids];
  return fields;
}
function productLabel(product) {
  const text = (v) => typeof v === "string" && v.trim() !== "" ? v.trim() : null;
  const sku = text(product.sku) ?? text(product.product_code);
  const name = text(product.name);
  if (sku && name) return `${sku} (${name})`;
  return sku ?? name ?? "unnamed product";
}
function rejectReasons(image) {
  const reasons = [];
  const title = image.title;
  if (typeof title !== "string" || title === "")
    reasons.push("empty title (the YAML needs 1\u2013256 characters)");
  else if (codePoints(title) > MAX_TITLE)
    reasons.push(`title has ${codePoints(title)} characters (at most ${MAX_TITLE})`);
  if (typeof image.description === "string" && codePoints(image.description) > MAX_DESCRIPTION) {
    reasons.push(`description has ${codePoints(image.description)} characters (at most ${MAX_DESCRIPTION})`);
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(image.guid))
    reasons.push("the guid is not a UUID");
  return reasons;
}
function isIntList(value) {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v));
}
function codePoints(text) {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

export {
  renderPlanJson,
  renderApplyResultJson,
  stableJson,
  renderPlanText,
  renderApplyResultText,
  formatValue,
  visible,
  painter,
  once,
  guarded,
  listAll,
  unique,
  sameValue,
  projectLive,
  desiredByGuid,
  computeDrift,
  liveFields,
  productLabel,
  rejectReasons
};
