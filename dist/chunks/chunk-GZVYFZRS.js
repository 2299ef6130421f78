import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  FinerWorksError,
  acquireLock,
  newLineage,
  nextState,
  readState,
  systemRetry,
  toFwsyncError,
  withRetry,
  writeState
} from "./chunk-BVCSSB76.js";
import {
  VERSION
} from "./chunk-O76BHX5I.js";
import {
  glob
} from "./chunk-F5ZD3MGM.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import {
  FIELD_NAMES,
  canonicalFields,
  compareCodeUnits,
  copyValue,
  fieldsEqual,
  parseImagesText,
  sha256,
  toDesiredImages
} from "./chunk-D7776OBV.js";
import {
  require_fast_deep_equal
} from "./chunk-KASPISZ5.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// src/live.ts
import { existsSync } from "node:fs";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import path from "node:path";

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

// src/live.ts
var PER_PAGE = 50;
var MAX_PAGES = 1e4;
var READ_DEADLINE_MS = 10 * 6e4;
var MAX_TITLE = 256;
var MAX_DESCRIPTION = 1e4;
var IMAGES_SCHEMA_URL = "https://github.com/fwsync/fwsync/schemas/images.schema.json";
var once = (attempt) => attempt();
async function whoami(api, call = once) {
  const account = await guarded(() => call((signal) => api.testMyCredentials(signal)));
  const name = typeof account.account_username === "string" && account.account_username !== "" ? account.account_username : "(no user name)";
  const id = typeof account.account_id === "number" ? account.account_id : null;
  return { name, id };
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
async function readLive(api, opts) {
  const wanted = unique(opts.guids);
  const live = /* @__PURE__ */ new Map();
  const products = /* @__PURE__ */ new Map();
  if (wanted.length > 0) {
    const images = await listAll(api, {
      library: opts.library,
      guids: wanted,
      listProducts: opts.listProducts,
      ...opts.call ? { call: opts.call } : {}
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
    ...opts.call ? { call: opts.call } : {}
  });
  const live = /* @__PURE__ */ new Map();
  for (const [guid, fields] of read.live) {
    live.set(guid, projectLive(fields, wanted.get(guid)?.fields, opts.state?.images[guid]?.applied).fields);
  }
  return { live, products: read.products, missing: read.missing };
}
async function refreshForPlan(deps, inputs) {
  const { readDesired } = await import("./read-images-GECTYVY6.js");
  const { desired, issues } = await readDesired({
    cwd: deps.cwd,
    patterns: inputs.config.images,
    stateFiles: null
  });
  const { apiFor, failOnIssues } = await import("./run-M23JUKPX.js");
  failOnIssues(issues);
  const read = await liveInputsForPlan(apiFor(deps, inputs.config), {
    desired,
    state: inputs.state,
    config: inputs.config,
    call: retryingCaller(deps, inputs.config)
  });
  if (read.missing.length > 0) throw missingImagesError(read.missing, inputs.config.library);
  return { desired, live: read.live, products: read.products };
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
async function verifyApplied(api, sent, library, call = once) {
  const byGuid = new Map(sent.map((image) => [image.guid.toLowerCase(), image]));
  const { live } = await readLive(api, { library, guids: [...byGuid.keys()], listProducts: false, call });
  const mismatches = [];
  for (const guid of [...byGuid.keys()].sort()) {
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
async function importAccount(deps, opts) {
  const { loadConfig } = await import("./config-JGCWDQC4.js");
  const { headCommit } = await import("./git-G5VXMB2L.js");
  const config = await loadConfig({
    cwd: deps.cwd,
    ...opts.configPath ? { configPath: opts.configPath } : {}
  });
  const outAbs = path.resolve(deps.cwd, opts.out);
  const rel = toPosix(path.relative(deps.cwd, outAbs));
  if (rel.startsWith("../") || path.isAbsolute(rel)) {
    throw new FwsyncError("input", `--out ${opts.out} is outside the working directory`, {
      hint: "Image files live in the repository; pick a path under it, e.g. images/imported.yaml."
    });
  }
  if (!matchesAny(rel, config.images)) {
    throw new FwsyncError(
      "input",
      `--out ${rel} is not matched by the image globs (${config.images.join(", ")})`,
      {
        hint: "The next plan would not read the file and would forget every imported image. Pick a path the globs match, e.g. images/imported.yaml, or change `images` in the config."
      }
    );
  }
  const others = (await glob([...config.images], { cwd: deps.cwd, onlyFiles: true, expandDirectories: false })).map(toPosix).filter((f) => f !== rel);
  if (others.length > 0) {
    deps.log.warn(
      `${others.length} other image file${others.length === 1 ? "" : "s"} already match the globs (${others.slice(0, 3).join(", ")}${others.length > 3 ? ", \u2026" : ""}); an image in both would be a duplicate guid. Remove it from one of them.`
    );
  }
  const statePath = path.resolve(deps.cwd, config.state);
  const lock = await acquireLock(path.dirname(statePath), { command: "import" });
  for (const warning of lock.warnings) deps.log.warn(warning);
  try {
    return await importLocked(deps, { ...opts, config, outAbs, rel, statePath, headCommit });
  } finally {
    await lock.release();
  }
}
async function importLocked(deps, opts) {
  const { config, outAbs, rel, statePath, headCommit } = opts;
  const stateRel = toPosix(path.relative(deps.cwd, statePath));
  const { state: existing } = await readState(statePath);
  if (!opts.force) {
    const taken = [existsSync(outAbs) ? rel : null, existing ? stateRel : null].filter(
      (p) => p !== null
    );
    if (taken.length > 0) {
      throw new FwsyncError("input", `import would overwrite ${taken.join(" and ")}`, {
        hint: "Nothing was read or written. Choose another --out, or run `fwsync import --force` to replace them."
      });
    }
  }
  const api = (await import("./run-M23JUKPX.js")).apiFor(deps, config);
  const call = retryingCaller(deps, config);
  const started = deps.now();
  const images = await listAll(api, {
    library: config.library,
    call,
    onPage: (e) => {
      deps.log.info(
        `import: page ${e.page}: ${e.read}${e.total === null ? "" : ` of ${e.total}`} images read`
      );
    }
  });
  const rejected = [];
  const accepted = [];
  for (const image of images) {
    const reasons = rejectReasons(image);
    if (reasons.length > 0) rejected.push({ guid: image.guid, reasons });
    else
      accepted.push({
        guid: image.guid,
        fields: { title: image.title, description: liveFields(image).description }
      });
  }
  accepted.sort((a, b) => compareCodeUnits(a.guid, b.guid));
  rejected.sort((a, b) => compareCodeUnits(a.guid, b.guid));
  if (accepted.length === 0) {
    throw new FwsyncError(
      "input",
      `the account has no importable images in library "${config.library.name}" (${images.length} read, ${rejected.length} rejected)`,
      {
        hint: rejected.length > 0 ? `Nothing was written. ${describeRejected(rejected, 5)}` : "Nothing was written. Check library.name and library.site_id in the config."
      }
    );
  }
  const text = renderImportYaml(accepted, {
    generatedAt: started.toISOString(),
    schemaRef: schemaRefFor(deps.cwd, path.dirname(outAbs))
  });
  const bytes = Buffer.from(text, "utf8");
  const parsed = parseImagesText(text, rel);
  if (!parsed.ok) {
    throw new FwsyncError(
      "input",
      `the generated YAML for ${rel} does not read back (${parsed.issues[0]?.message ?? "unknown problem"})`,
      {
        hint: "This is a bug in fwsync; nothing was written. Please report it."
      }
    );
  }
  const desiredImages = toDesiredImages(parsed.data, rel, parsed.imageLines);
  const roundTrips = desiredImages.length === accepted.length && desiredImages.every((d, i) => d.guid === accepted[i]?.guid && fieldsEqual(d.fields, accepted[i].fields));
  if (!roundTrips) {
    throw new FwsyncError("input", `the generated YAML for ${rel} reads back with different values`, {
      hint: "This is a bug in fwsync; nothing was written. Please report it."
    });
  }
  const desired = {
    images: desiredImages,
    files: [{ path: rel, hash: sha256(bytes), guids: desiredImages.map((d) => d.guid), skipped: false }]
  };
  const commit = await headCommit(deps.cwd);
  const appliedAt = deps.now().toISOString();
  const fresh = nextState(null, {
    lineage: existing?.lineage ?? newLineage(),
    confirmed: desiredImages.map((d) => ({
      guid: d.guid,
      applied: canonicalFields(d.fields),
      applied_at: appliedAt,
      source: rel,
      commit
    })),
    forgotten: [],
    desired
  });
  const state = existing ? { ...fresh, serial: existing.serial + 1 } : fresh;
  await writeFileAtomic(outAbs, bytes, { exclusive: !opts.force });
  await writeState(statePath, state, {
    expected: existing ? { lineage: existing.lineage, serial: existing.serial } : null
  });
  return { file: rel, statePath: stateRel, imported: accepted.length, rejected };
}
function describeRejected(rejected, limit) {
  const shown = rejected.slice(0, limit).map((r) => `${r.guid}: ${r.reasons.join("; ")}`);
  if (rejected.length > limit) shown.push(`\u2026and ${rejected.length - limit} more`);
  return shown.join("\n");
}
function renderImportYaml(images, meta) {
  const lines = [
    `# yaml-language-server: $schema=${meta.schemaRef}`,
    `# Generated by fwsync ${VERSION} (fwsync import) at ${meta.generatedAt} from the images on the FinerWorks account.`,
    "# Edit freely: comments, order and quoting do not matter to fwsync.",
    "version: 1"
  ];
  lines.push("images:");
  for (const { guid, fields } of images) {
    lines.push(
      `  - guid: ${quote(guid)}`,
      `    title: ${quote(fields.title)}`,
      `    description: ${quote(fields.description)}`
    );
  }
  return `${lines.join("\n")}
`;
}
function quote(text) {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`
  );
}
function schemaRefFor(cwd, outDir) {
  for (const candidate of [
    path.join(cwd, "schemas", "images.schema.json"),
    path.join(cwd, "node_modules", "fwsync", "schemas", "images.schema.json")
  ]) {
    if (existsSync(candidate)) return toPosix(path.relative(outDir, candidate));
  }
  return IMAGES_SCHEMA_URL;
}
function retryingCaller(deps, config) {
  return (attempt) => interruptible(
    deps.signal,
    () => withRetry((signal) => attempt(signal), {
      ...systemRetry(config.api.max_attempts, READ_DEADLINE_MS, () => deps.now().getTime()),
      signal: deps.signal,
      onRetry: (info) => deps.log.verbose(`retrying a read after ${Math.round(info.delayMs)} ms: ${info.error.message}`)
    })
  );
}
async function interruptible(signal, fn) {
  try {
    return await fn();
  } catch (error) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : error;
    throw error;
  }
}
async function guarded(fn) {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof FinerWorksError) throw toFwsyncError(error);
    throw error;
  }
}
async function writeFileAtomic(file, bytes, opts) {
  await mkdir(path.dirname(file), { recursive: true });
  if (opts.exclusive && existsSync(file)) {
    throw new FwsyncError("input", `${file} appeared while importing; it was not overwritten`, {
      hint: "Run `fwsync import` again."
    });
  }
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => void 0);
    throw new FwsyncError("input", `could not write ${file}`, { cause: error });
  }
}
function matchesAny(rel, patterns) {
  const matches = path.posix.matchesGlob;
  if (typeof matches !== "function") return true;
  return patterns.some((pattern) => matches(rel, pattern));
}
function isIntList(value) {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v));
}
function unique(guids) {
  return [...new Set(guids.map((g) => g.toLowerCase()))];
}
function chunk(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
function codePoints(text) {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}
function toPosix(p) {
  return p.split(path.sep).join("/");
}

export {
  desiredByGuid,
  computeDrift,
  PER_PAGE,
  MAX_PAGES,
  whoami,
  listAll,
  liveFields,
  productLabel,
  readLive,
  liveInputsForPlan,
  refreshForPlan,
  missingImagesError,
  verifyApplied,
  rejectReasons,
  importAccount,
  describeRejected,
  renderImportYaml,
  retryingCaller
};
