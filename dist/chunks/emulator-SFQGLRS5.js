import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-PUWSEZHP.js";
import {
  EXIT,
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// src/cli/commands/emulator.ts
import path2 from "node:path";

// src/emulator/behaviour.ts
var DEFAULT_BEHAVIOUR = Object.freeze({
  partial: "keep",
  emptyDescription: "store",
  optional: "accept",
  products: "remove",
  unknownGuid: "reject",
  maxBatch: void 0
});
var CHOICES = {
  partial: ["keep", "clear"],
  "empty-description": ["store", "ignore", "reject"],
  optional: ["accept", "ignore", "reject"],
  products: ["remove", "keep"],
  "unknown-guid": ["reject", "silent", "http-400"]
};
var KEYS = {
  partial: "partial",
  "empty-description": "emptyDescription",
  optional: "optional",
  products: "products",
  "unknown-guid": "unknownGuid"
};
var USAGE = "Use key=value, e.g. --behaviour partial=clear; keys: " + [...Object.entries(CHOICES).map(([k, v]) => `${k} (${v.join("|")})`), "max-batch (a number \u2265 1)"].join(
  ", "
) + ".";
function parseBehaviours(specs, base = DEFAULT_BEHAVIOUR) {
  const out = { ...base };
  for (const spec of specs) {
    const [key = "", value = ""] = spec.split("=", 2).map((s) => s.trim());
    const bad = (why) => {
      throw new FwsyncError("input", `emulator behaviour ${JSON.stringify(spec)}: ${why}`, { hint: USAGE });
    };
    if (key === "max-batch") {
      const n = Number(value);
      if (!(Number.isInteger(n) && n >= 1)) bad("max-batch must be an integer \u2265 1");
      out.maxBatch = n;
      continue;
    }
    if (!(key in CHOICES)) bad(`unknown key ${JSON.stringify(key)}`);
    const choices = CHOICES[key];
    if (!choices.includes(value)) bad(`${key} must be one of ${choices.join(", ")}`);
    out[KEYS[key]] = value;
  }
  return out;
}
function behaviourFrom(value, base) {
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return parseBehaviours(value, base);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new FwsyncError("input", "emulator behaviour must be an object or a list of key=value strings", {
      hint: USAGE
    });
  }
  const specs = [];
  for (const [k, v] of Object.entries(value)) {
    const key = Object.entries(KEYS).find(([, field]) => field === k)?.[0] ?? (k === "maxBatch" ? "max-batch" : k);
    if (v === void 0) continue;
    specs.push(`${key}=${String(v)}`);
  }
  return parseBehaviours(specs, base);
}

// src/emulator/seed.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile } from "node:fs/promises";
import path from "node:path";

// src/emulator/store.ts
var DEFAULT_ACCOUNT = {
  account_id: 1001,
  account_username: "demo-artist",
  account_email: "demo-artist@example.com",
  account_firstname: "Demo",
  account_lastname: "Artist"
};
function wireDate(date) {
  return date.toISOString().slice(0, 19);
}
function addedGuid(counter) {
  return `add00000-0000-4000-a000-${counter.toString(16).padStart(12, "0")}`;
}
var ImageStore = class {
  constructor(seed, now) {
    this.now = now;
    this.account = structuredClone(seed.account ?? DEFAULT_ACCOUNT);
    for (const entry of seed.images) this.put(entry);
  }
  now;
  account;
  byGuid = /* @__PURE__ */ new Map();
  nextId = 1;
  added = 0;
  /** Insert or replace an image from a seed-like entry, filling in defaults. */
  put(entry) {
    const guid = entry.guid.toLowerCase();
    const previous = this.byGuid.get(guid);
    const { library: requested, ...fields } = structuredClone(entry);
    const library = requested ?? previous?.library ?? "inventory";
    const id = typeof fields.id === "number" ? fields.id : previous?.image.id ?? this.nextId;
    this.nextId = Math.max(this.nextId, id + 1);
    const base = previous?.image ?? {
      id,
      guid,
      title: "",
      description: "",
      file_name: `image-${id}.jpg`,
      file_size: 1e6 + id,
      pix_w: 1600,
      pix_h: 2400,
      date_added: wireDate(this.now()),
      active: true,
      products: []
    };
    const image = { ...base, ...fields, id, guid };
    image.products = library === "inventory" ? image.products ?? [] : [];
    this.byGuid.set(guid, { library, image });
    return structuredClone(image);
  }
  get(guid) {
    const stored = this.byGuid.get(guid.toLowerCase());
    return stored === void 0 ? void 0 : structuredClone(stored.image);
  }
  all() {
    return [...this.byGuid.values()].map((s) => structuredClone(s.image)).sort((a, b) => a.id - b.id);
  }
  /** Guids (as given) that the account does not hold, optionally within one library. */
  unknown(guids, library) {
    return guids.filter((g) => {
      const stored = this.byGuid.get(g.toLowerCase());
      return stored === void 0 || library !== void 0 && stored.library !== library;
    });
  }
  /**
   * Apply a batch; unknown guids are skipped. `clearOmitted` resets every field an entry leaves
   * out; `removeProducts` empties an inventory image's virtual products, as the docs warn.
   */
  update(updates, opts) {
    const stamp = wireDate(this.now());
    for (const u of updates) {
      const stored = this.byGuid.get(u.guid.toLowerCase());
      if (stored === void 0) continue;
      const image = stored.image;
      if (opts.clearOmitted) {
        image.title = "";
        image.description = "";
        image.active = true;
        delete image.rank;
        delete image.assigned_personal_gallery_ids;
        delete image.assigned_gallery_subcategory_ids;
      }
      if (u.title !== void 0) image.title = u.title;
      if (u.description !== void 0) image.description = u.description;
      if (u.visible !== void 0) image.active = u.visible;
      if (u.rank !== void 0) image.rank = u.rank;
      if (u.assigned_personal_gallery_ids !== void 0)
        image.assigned_personal_gallery_ids = [...u.assigned_personal_gallery_ids];
      if (u.assigned_gallery_subcategory_ids !== void 0)
        image.assigned_gallery_subcategory_ids = [...u.assigned_gallery_subcategory_ids];
      image.date_updated = stamp;
      if (opts.removeProducts && stored.library === "inventory") image.products = [];
    }
  }
  delete(guids) {
    for (const g of guids) this.byGuid.delete(g.toLowerCase());
  }
  add(library, images) {
    return images.map((fields) => {
      this.added += 1;
      const { guid: _ignored, id: _id, products: _products, ...rest } = fields;
      return this.put({ ...rest, guid: addedGuid(this.added), library });
    });
  }
  list(q) {
    const wanted = q.guids === null ? null : new Set(q.guids.map((g) => g.toLowerCase()));
    const needle = q.search.toLowerCase();
    const candidates = wanted === null ? [...this.byGuid.values()] : [...wanted].flatMap((g) => {
      const stored = this.byGuid.get(g);
      return stored ? [stored] : [];
    });
    const matches = candidates.filter((s) => s.library === q.library).map((s) => s.image).filter(
      (img) => needle === "" || img.title.toLowerCase().includes(needle) || img.description.toLowerCase().includes(needle)
    ).filter((img) => q.active === null || (img.active ?? true) === q.active).filter((img) => {
      if (q.from === null && q.to === null) return true;
      const added = Date.parse(`${img.date_added ?? ""}Z`);
      if (Number.isNaN(added)) return false;
      return (q.from === null || added >= q.from) && (q.to === null || added <= q.to);
    });
    matches.sort((a, b) => {
      const c = compare(a[q.sortField], b[q.sortField]) || a.id - b.id;
      return q.descending ? -c : c;
    });
    const start = (q.page - 1) * q.perPage;
    const page = matches.slice(start, start + q.perPage).map((img) => {
      const copy = structuredClone(img);
      copy.products = q.listProducts && q.library === "inventory" ? copy.products ?? [] : null;
      return copy;
    });
    return { images: page, count: matches.length };
  }
};
function compare(a, b) {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = typeof a === "string" ? a : "";
  const y = typeof b === "string" ? b : "";
  return x < y ? -1 : x > y ? 1 : 0;
}

// src/emulator/seed.ts
function seedGuid(index) {
  return `5eed0000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;
}
function generateSeed(n, opts = {}) {
  const share = opts.inventoryShare ?? 0.5;
  const perImage = opts.productsPerImage ?? 2;
  const start = (opts.start ?? /* @__PURE__ */ new Date("2024-01-01T00:00:00Z")).getTime();
  const images = [];
  for (let i = 1; i <= n; i++) {
    const library = Math.floor(i * share) > Math.floor((i - 1) * share) ? "inventory" : "temporary";
    images.push({
      id: i,
      guid: seedGuid(i),
      title: `Image ${i}`,
      description: `Description of image ${i}.`,
      file_name: `image-${i}.jpg`,
      file_size: 1e6 + i,
      pix_w: 1600,
      pix_h: 2400,
      date_added: wireDate(new Date(start + (i - 1) * 6e4)),
      active: true,
      library,
      products: library === "inventory" ? Array.from({ length: perImage }, (_, p) => ({
        sku: `VI-${i}-${p + 1}`,
        name: `Print ${p + 1} of image ${i}`,
        product_code: `PC-${i}-${p + 1}`
      })) : []
    });
  }
  return { images };
}
function parseSeed(data, where) {
  const bad = (what) => {
    throw new FwsyncError("input", `${where}: ${what}`, {
      hint: 'A seed is { "images": [ { "guid": "\u2026", "title": "\u2026", "library": "inventory" } ], "account": { \u2026 } }.'
    });
  };
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return bad("the seed must be an object");
  const doc = data;
  if (!Array.isArray(doc.images)) return bad('"images" must be a list');
  if (doc.account !== void 0 && (typeof doc.account !== "object" || doc.account === null || Array.isArray(doc.account))) {
    bad('"account" must be an object');
  }
  const seen = /* @__PURE__ */ new Map();
  doc.images.forEach((img, i) => {
    const at = `images[${i}]`;
    if (typeof img !== "object" || img === null || Array.isArray(img)) return bad(`${at} must be an object`);
    const e = img;
    if (typeof e.guid !== "string" || e.guid === "") return bad(`${at}.guid must be a non-empty string`);
    if (typeof e.title !== "string") bad(`${at}.title must be a string`);
    if (e.description !== void 0 && typeof e.description !== "string")
      bad(`${at}.description must be a string`);
    if (e.id !== void 0 && !Number.isInteger(e.id)) bad(`${at}.id must be an integer`);
    if (e.library !== void 0 && e.library !== "inventory" && e.library !== "temporary")
      bad(`${at}.library must be "inventory" or "temporary"`);
    if (e.products !== void 0 && !Array.isArray(e.products)) bad(`${at}.products must be a list`);
    const key = e.guid.toLowerCase();
    const first = seen.get(key);
    if (first !== void 0) bad(`${at}.guid ${e.guid} repeats images[${first}]`);
    seen.set(key, i);
  });
  return data;
}
async function loadSeedFile(file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new FwsyncError("input", `cannot read the seed file ${file}`, {
      cause: error,
      hint: "Check the path given to --seed."
    });
  }
  const ext = path.extname(file).toLowerCase();
  let data;
  try {
    if (ext === ".json") data = JSON.parse(text);
    else if (ext === ".yaml" || ext === ".yml")
      data = (0, import_yaml.parse)(text, { version: "1.2", schema: "core", merge: false });
    else {
      try {
        data = JSON.parse(text);
      } catch {
        data = (0, import_yaml.parse)(text, { version: "1.2", schema: "core", merge: false });
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new FwsyncError(
      "input",
      `${file} is not valid ${ext === ".json" ? "JSON" : "JSON or YAML"}: ${reason}`,
      {
        cause: error
      }
    );
  }
  return parseSeed(data, file);
}

// src/emulator/server.ts
import http from "node:http";
import { performance } from "node:perf_hooks";

// src/emulator/api.ts
var ROUTES = {
  test_my_credentials: "GET",
  update_images: "PUT",
  list_images: "POST",
  delete_images: "DELETE",
  add_images: "POST"
};
var AUTH_FAILURE_BODY = {
  Message: "The request is invalid.",
  ModelState: { "ApiC.Models.authorization_credentials": ["Missing or unauthorized api credentials"] }
};
var GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var SORT_FIELDS = ["id", "title", "file_name", "file_size", "date_added"];
var MAX_PER_PAGE = 50;
var MAX_ADD = 5;
function ok(extra = {}) {
  return { status: 200, body: { status: okStatus(), ...extra } };
}
function okStatus() {
  return { success: true, status_code: 200, message: "", debug: null };
}
function notSuccessful(message, statusCode = 400) {
  return { status: 200, body: { status: { success: false, status_code: statusCode, message, debug: null } } };
}
function modelStateError(errors) {
  return { status: 400, body: { Message: "The request is invalid.", ModelState: errors } };
}
function resolveRoute(pathname, method) {
  const match = /^\/v3\/([^/]+)\/?$/i.exec(pathname);
  const name = match?.[1]?.toLowerCase();
  if (name === void 0 || !(name in ROUTES)) {
    return {
      response: {
        status: 404,
        body: { Message: `No HTTP resource was found that matches the request URI '${pathname}'.` }
      }
    };
  }
  const route = name;
  if (ROUTES[route] !== method.toUpperCase()) {
    return {
      response: {
        status: 405,
        headers: { Allow: ROUTES[route] },
        body: { Message: `The requested resource does not support http method '${method.toUpperCase()}'.` }
      }
    };
  }
  return { route };
}
function credentialsValid(webApiKey, appKey, expected) {
  if (webApiKey === void 0 || appKey === void 0 || webApiKey === appKey) return false;
  return webApiKey === expected.webApiKey && appKey === expected.appKey;
}
var OPTIONAL_FIELDS = [
  "visible",
  "rank",
  "assigned_personal_gallery_ids",
  "assigned_gallery_subcategory_ids"
];
function handleApi(route, body, ctx) {
  switch (route) {
    case "test_my_credentials":
      return ok({ user_account: structuredClone(ctx.store.account) });
    case "update_images":
      return updateImages(body, ctx);
    case "list_images":
      return listImages(body, ctx);
    case "delete_images":
      return deleteImages(body, ctx);
    case "add_images":
      return addImages(body, ctx);
  }
}
function fail(errors, key, message) {
  (errors[key] ??= []).push(message);
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isIntArray(value) {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v));
}
function missingBody() {
  return modelStateError({ request: ["The request body is required and must be a JSON object."] });
}
function updateImages(raw, ctx) {
  if (!isRecord(raw)) return missingBody();
  if (!Array.isArray(raw.images)) {
    return modelStateError({ "request.images": ["The images field is required and must be an array."] });
  }
  const images = raw.images;
  const { behaviour } = ctx;
  if (behaviour.maxBatch !== void 0 && images.length > behaviour.maxBatch) {
    return modelStateError({
      "request.images": [`Too many images: ${images.length}; at most ${behaviour.maxBatch} per request.`]
    });
  }
  const errors = {};
  const updates = [];
  images.forEach((item, i) => {
    const at = `request.images[${i}]`;
    if (!isRecord(item)) return fail(errors, at, "Each image must be an object.");
    if (typeof item.guid !== "string" || !GUID_RE.test(item.guid)) {
      return fail(
        errors,
        `${at}.guid`,
        `Error converting value ${JSON.stringify(item.guid ?? null)} to type 'System.Guid'.`
      );
    }
    const u = { guid: item.guid };
    for (const key of ["title", "description"]) {
      const v = item[key];
      if (typeof v === "string") u[key] = v;
      else if (v !== void 0 && v !== null)
        fail(errors, `${at}.${key}`, `The ${key} field must be a string.`);
    }
    if (u.description === "" && behaviour.emptyDescription === "reject")
      fail(errors, `${at}.description`, "The description field is required.");
    if (u.description === "" && behaviour.emptyDescription === "ignore") delete u.description;
    const optional = OPTIONAL_FIELDS.filter((k) => item[k] !== void 0 && item[k] !== null);
    if (behaviour.optional === "reject" && optional.length > 0) {
      for (const k of optional)
        fail(errors, `${at}.${k}`, `The ${k} field is not a member of update_image_details.`);
      return;
    }
    if (typeof item.visible === "boolean") u.visible = item.visible;
    else if (item.visible !== void 0 && item.visible !== null)
      fail(errors, `${at}.visible`, "The visible field must be a boolean.");
    if (Number.isInteger(item.rank)) u.rank = item.rank;
    else if (item.rank !== void 0 && item.rank !== null)
      fail(errors, `${at}.rank`, "The rank field must be an integer.");
    for (const key of ["assigned_personal_gallery_ids", "assigned_gallery_subcategory_ids"]) {
      const v = item[key];
      if (isIntArray(v)) u[key] = v;
      else if (v !== void 0 && v !== null)
        fail(errors, `${at}.${key}`, `The ${key} field must be an array of integers.`);
    }
    if (behaviour.optional === "ignore") for (const k of OPTIONAL_FIELDS) delete u[k];
    updates.push(u);
  });
  if (Object.keys(errors).length > 0) return modelStateError(errors);
  const unknown = ctx.store.unknown(updates.map((u) => u.guid));
  if (unknown.length > 0 && behaviour.unknownGuid === "http-400") {
    return modelStateError({ "request.images": [`Unknown image guid: ${unknown.join(", ")}`] });
  }
  if (unknown.length > 0 && behaviour.unknownGuid === "reject")
    return notSuccessful(
      `${unknown.length === 1 ? "Image" : "Images"} not found: ${unknown.join(", ")}`,
      404
    );
  ctx.store.update(updates, {
    clearOmitted: behaviour.partial === "clear",
    removeProducts: behaviour.products === "remove"
  });
  return { status: 200, body: { status: { success: true, status_code: 200, message: "" } } };
}
function parseLibrary(value, errors, required) {
  if (value === void 0 || value === null) {
    if (required) fail(errors, "request.library", "The library field is required.");
    return null;
  }
  if (!isRecord(value)) {
    fail(errors, "request.library", "The library field must be an object.");
    return null;
  }
  const name = value.name ?? "inventory";
  const lower = typeof name === "string" ? name.toLowerCase() : "";
  if (lower !== "inventory" && lower !== "temporary") {
    fail(errors, "request.library.name", 'The name field must be "inventory" or "temporary".');
  }
  if (value.site_id === void 0 || value.site_id === null) {
    fail(errors, "request.library.site_id", "The site_id field is required.");
  } else if (!Number.isInteger(value.site_id)) {
    fail(errors, "request.library.site_id", "The site_id field must be an integer.");
  }
  const session = value.session_id;
  if (session !== void 0 && session !== null && session !== "") {
    if (typeof session !== "string" || session.length < 8 || session.length > 50) {
      fail(errors, "request.library.session_id", "The session_id field must be 8 to 50 characters long.");
    }
  }
  return lower === "temporary" ? "temporary" : "inventory";
}
function optionalInt(body, key, fallback, errors) {
  const v = body[key];
  if (v === void 0 || v === null) return fallback;
  if (!Number.isInteger(v)) {
    fail(errors, `request.${key}`, `The value ${JSON.stringify(v)} is not valid for Int32.`);
    return fallback;
  }
  return v;
}
function optionalDate(body, key, errors) {
  const v = body[key];
  if (v === void 0 || v === null || v === "") return null;
  const parsed = typeof v === "string" ? Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`) : NaN;
  if (Number.isNaN(parsed))
    fail(errors, `request.${key}`, `The value ${JSON.stringify(v)} is not a valid date.`);
  return Number.isNaN(parsed) ? null : parsed;
}
function listImages(raw, ctx) {
  if (!isRecord(raw)) return missingBody();
  const errors = {};
  const library = parseLibrary(raw.library, errors, true) ?? "inventory";
  const perPage = optionalInt(raw, "per_page", 10, errors);
  if (perPage < 1 || perPage > MAX_PER_PAGE)
    fail(errors, "request.per_page", `per_page must be between 1 and ${MAX_PER_PAGE}.`);
  const page = optionalInt(raw, "page_number", 1, errors);
  if (page < 1) fail(errors, "request.page_number", "page_number must be 1 or more.");
  const sortRaw = raw.sort_field ?? "id";
  const sortField = SORT_FIELDS.find((f) => typeof sortRaw === "string" && f === sortRaw.toLowerCase());
  if (sortField === void 0)
    fail(errors, "request.sort_field", `sort_field must be one of ${SORT_FIELDS.join(", ")}.`);
  const dirRaw = raw.sort_direction ?? "DESC";
  const dir = typeof dirRaw === "string" ? dirRaw.toUpperCase() : "";
  if (dir !== "ASC" && dir !== "DESC")
    fail(errors, "request.sort_direction", 'sort_direction must be "ASC" or "DESC".');
  const search = raw.search_filter ?? "";
  if (typeof search !== "string") fail(errors, "request.search_filter", "search_filter must be a string.");
  let guids = null;
  const gf = raw.guid_filter;
  if (Array.isArray(gf)) {
    if (!gf.every((g) => typeof g === "string" && GUID_RE.test(g))) {
      fail(errors, "request.guid_filter", "guid_filter must be an array of GUIDs.");
    } else if (gf.length > 0) guids = gf;
  } else if (gf !== void 0 && gf !== null)
    fail(errors, "request.guid_filter", "guid_filter must be an array of GUIDs.");
  const active = raw.active ?? null;
  if (active !== null && typeof active !== "boolean")
    fail(errors, "request.active", "active must be true, false or null.");
  const listProducts = raw.list_products ?? false;
  if (typeof listProducts !== "boolean")
    fail(errors, "request.list_products", "list_products must be a boolean.");
  const from = optionalDate(raw, "upload_date_from", errors);
  const to = optionalDate(raw, "upload_date_to", errors);
  if (Object.keys(errors).length > 0) return modelStateError(errors);
  const query = {
    library,
    guids,
    search,
    active,
    from,
    to,
    sortField: sortField ?? "id",
    descending: dir === "DESC",
    page,
    perPage,
    listProducts
  };
  const { images, count } = ctx.store.list(query);
  return ok({ images, page_number: page, per_page: perPage, count });
}
function deleteImages(raw, ctx) {
  if (!isRecord(raw)) return missingBody();
  const errors = {};
  const guids = raw.guids;
  if (!Array.isArray(guids) || !guids.every((g) => typeof g === "string" && GUID_RE.test(g))) {
    fail(errors, "request.guids", "The guids field is required and must be an array of GUIDs.");
  }
  const library = parseLibrary(raw.library, errors, false);
  if (Object.keys(errors).length > 0) return modelStateError(errors);
  const list = guids;
  const unknown = ctx.store.unknown(list, library ?? void 0);
  if (unknown.length > 0)
    return notSuccessful(
      `${unknown.length === 1 ? "Image" : "Images"} not found: ${unknown.join(", ")}`,
      404
    );
  ctx.store.delete(list);
  return ok();
}
function addImages(raw, ctx) {
  if (!isRecord(raw)) return missingBody();
  const errors = {};
  const images = raw.images;
  if (!Array.isArray(images) || images.length === 0) {
    fail(errors, "request.images", "The images field is required and must be a non-empty array.");
  } else if (images.length > MAX_ADD) {
    fail(errors, "request.images", `Insert up to ${MAX_ADD} images at once; got ${images.length}.`);
  } else {
    images.forEach((img, i) => {
      if (!isRecord(img)) return fail(errors, `request.images[${i}]`, "Each image must be an object.");
      if (typeof img.title !== "string")
        fail(errors, `request.images[${i}].title`, "The title field is required.");
      if (img.description !== void 0 && img.description !== null && typeof img.description !== "string") {
        fail(errors, `request.images[${i}].description`, "The description field must be a string.");
      }
    });
  }
  const library = parseLibrary(raw.library, errors, true);
  if (Object.keys(errors).length > 0 || library === null) return modelStateError(errors);
  const entries = images.map((img) => ({
    ...img,
    description: img.description ?? ""
  }));
  return ok({ images: ctx.store.add(library, entries) });
}

// src/emulator/faults.ts
var KINDS = /* @__PURE__ */ new Set(["status", "reset", "hang", "truncate", "html", "success-false", "delay", "after"]);
function routeKey(path3) {
  return path3.split("?")[0].toLowerCase().replace(/^\/+/, "").replace(/^v3\//, "").replace(/\/+$/, "");
}
function parseFault(value, where = "fault") {
  const bad = (why) => {
    throw new FwsyncError("input", `${where}: ${why}`, {
      hint: 'A fault looks like { "kind": "status", "status": 503 }; kinds: ' + [...KINDS].join(", ") + "."
    });
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return bad("must be an object");
  const f = value;
  if (typeof f.kind !== "string" || !KINDS.has(f.kind)) return bad(`unknown kind ${JSON.stringify(f.kind)}`);
  if (f.match !== void 0) {
    const m = f.match;
    if (typeof m !== "object" || m === null) return bad("match must be an object");
    if (m.path !== void 0 && typeof m.path !== "string") bad("match.path must be a string");
    if (m.nth !== void 0 && !(Number.isInteger(m.nth) && m.nth >= 1))
      bad("match.nth must be an integer \u2265 1");
  }
  switch (f.kind) {
    case "status":
      if (!Number.isInteger(f.status) || f.status < 100 || f.status > 599)
        bad("status must be an HTTP status code");
      if (f.body !== void 0 && typeof f.body !== "string") bad("body must be a string");
      if (f.headers !== void 0) {
        const h = f.headers;
        if (typeof h !== "object" || h === null || Object.values(h).some((v) => typeof v !== "string"))
          bad("headers must map names to strings");
      }
      break;
    case "success-false":
      if (f.message !== void 0 && typeof f.message !== "string") bad("message must be a string");
      break;
    case "delay":
      if (typeof f.ms !== "number" || !(f.ms >= 0)) bad("ms must be a number \u2265 0");
      break;
    case "after":
      parseFault(f.then, `${where}.then`);
      break;
  }
  return structuredClone(value);
}
function parseFaults(value) {
  const list = Array.isArray(value) ? value : [value];
  return list.map((f, i) => parseFault(f, `fault ${i + 1}`));
}
function describeFault(fault) {
  switch (fault.kind) {
    case "status":
      return `status:${fault.status}`;
    case "delay":
      return `delay:${fault.ms}`;
    case "after":
      return `after:${describeFault(fault.then)}`;
    default:
      return fault.kind;
  }
}
var FaultQueue = class {
  queue = [];
  push(fault) {
    const path3 = fault.match?.path === void 0 ? void 0 : routeKey(fault.match.path);
    this.queue.push({ fault, path: path3, nth: fault.match?.nth ?? 1, seen: 0 });
  }
  get size() {
    return this.queue.length;
  }
  clear() {
    this.queue = [];
  }
  /**
   * The fault for this request, if any. Every queued fault whose path matches counts the
   * request; the first one to reach its nth is consumed. Unfiltered faults fire in order.
   */
  take(path3) {
    const key = routeKey(path3);
    let chosen;
    for (const q of this.queue) {
      if (q.path !== void 0 && q.path !== key) continue;
      q.seen += 1;
      if (chosen === void 0 && q.seen >= q.nth) chosen = q;
    }
    if (chosen === void 0) return void 0;
    this.queue.splice(this.queue.indexOf(chosen), 1);
    return chosen.fault;
  }
};

// src/emulator/http-helpers.ts
var JSON_TYPE = "application/json; charset=utf-8";
var MAX_BODY_BYTES = 10 * 1024 * 1024;
var SECRET_FIELDS = /* @__PURE__ */ new Set(["account_key", "web_api_key", "app_key"]);
var REDACTED = "[redacted]";
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
function isLoopbackHost(host) {
  return host === "localhost" || host === "::1" || host.startsWith("127.") || host.startsWith("::ffff:127.");
}
function header(req, name) {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
function checkOptions(opts) {
  const bad = (what) => {
    throw new FwsyncError("input", `emulator: ${what}`);
  };
  if (opts.port !== void 0 && !(Number.isInteger(opts.port) && opts.port >= 0 && opts.port <= 65535))
    bad(`port must be an integer from 0 to 65535, got ${opts.port}`);
  if (opts.latencyMs !== void 0 && !(opts.latencyMs >= 0))
    bad(`latency must be \u2265 0 ms, got ${opts.latencyMs}`);
  if (opts.failureRate !== void 0 && !(opts.failureRate >= 0 && opts.failureRate <= 1))
    bad(`failure rate must be between 0 and 1, got ${opts.failureRate}`);
  if (opts.maxBatchSize !== void 0 && !(Number.isInteger(opts.maxBatchSize) && opts.maxBatchSize >= 1))
    bad(`max batch size must be an integer \u2265 1, got ${opts.maxBatchSize}`);
}
function redactSecrets(text, secrets) {
  let out = text;
  for (const s of secrets) {
    for (const form of /* @__PURE__ */ new Set([s, JSON.stringify(s).slice(1, -1)])) out = out.split(form).join(REDACTED);
  }
  return out;
}
function redactFields(value, found, secrets, key) {
  if (typeof value === "string") {
    if (key !== void 0 && SECRET_FIELDS.has(key) && value !== "" || secrets.includes(value)) {
      found.push(value);
      return REDACTED;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => redactFields(v, found, secrets));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactFields(v, found, secrets, k)]));
  }
  return value;
}
async function readBody(req) {
  const chunks = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buf = chunk;
      size += buf.length;
      if (size > MAX_BODY_BYTES) return "too-large";
      chunks.push(buf);
    }
  } catch {
    return "aborted";
  }
  return { text: Buffer.concat(chunks).toString("utf8") };
}
function sendRaw(res, record, status, body, headers) {
  if (record !== void 0) record.status = status;
  res.writeHead(status, { "Content-Length": String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}
function send(res, record, r) {
  sendRaw(res, record, r.status, JSON.stringify(r.body), { "Content-Type": JSON_TYPE, ...r.headers });
}

// src/emulator/server.ts
var DEMO_CREDENTIALS = Object.freeze({
  webApiKey: "de300000-0000-4000-8000-00000000000a",
  appKey: "de300000-0000-4000-8000-00000000000b"
});
async function startEmulator(opts = {}) {
  checkOptions(opts);
  const host = opts.host ?? "127.0.0.1";
  const credentials = opts.credentials ?? DEMO_CREDENTIALS;
  const now = opts.now ?? (() => /* @__PURE__ */ new Date());
  const random = opts.random ?? seededRandom(24301);
  const latencyMs = opts.latencyMs ?? 0;
  const failureRate = opts.failureRate ?? 0;
  const startingSeed = structuredClone(opts.seed ?? { images: [] });
  const clockStart = performance.now();
  const clock = () => Math.round((performance.now() - clockStart) * 1e3) / 1e3;
  const adminAllowed = isLoopbackHost(host);
  const startingBehaviour = behaviourFrom(
    { ...opts.maxBatchSize === void 0 ? {} : { maxBatch: opts.maxBatchSize }, ...opts.behaviour },
    DEFAULT_BEHAVIOUR
  );
  let behaviour = startingBehaviour;
  let store = new ImageStore(startingSeed, now);
  const faults = new FaultQueue();
  const requests = [];
  const timers = /* @__PURE__ */ new Set();
  let seq = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let closing;
  const sleep = (ms) => new Promise((resolve) => {
    if (closing !== void 0) return;
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });
  const secretValues = () => [credentials.webApiKey, credentials.appKey].filter((s) => s !== "");
  const redactText = (text, extra) => redactSecrets(text, [...secretValues(), ...extra]);
  const redactValue = (value, found) => redactFields(value, found, secretValues());
  async function respond(req, res, record, fault, real, computed) {
    if (fault === void 0) return send(res, record, real());
    switch (fault.kind) {
      case "status": {
        const body = fault.body ?? JSON.stringify({ Message: http.STATUS_CODES[fault.status] ?? "Error" });
        let type = "text/plain; charset=utf-8";
        try {
          JSON.parse(body);
          type = JSON_TYPE;
        } catch {
        }
        return sendRaw(res, record, fault.status, body, { "Content-Type": type, ...fault.headers });
      }
      case "reset":
        req.socket.resetAndDestroy();
        return;
      case "hang":
        return;
      // never answer; close() destroys the socket
      case "truncate": {
        const full = Buffer.from(
          JSON.stringify(
            computed?.body ?? {
              status: { success: true, status_code: 200, message: "" },
              images: [],
              count: 0
            }
          )
        );
        const part = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
        record.status = 200;
        res.writeHead(200, { "Content-Type": JSON_TYPE, "Content-Length": String(full.length + 512) });
        res.write(part, () => res.socket?.destroy());
        return;
      }
      case "html":
        return sendRaw(
          res,
          record,
          200,
          "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><h1>Checking your browser</h1></body></html>",
          { "Content-Type": "text/html; charset=utf-8" }
        );
      case "success-false":
        return send(res, record, notSuccessful(fault.message ?? "The request could not be completed.", 500));
      case "delay":
        await sleep(fault.ms);
        return send(res, record, computed ?? real());
      case "after": {
        const done = computed ?? real();
        return respond(req, res, record, fault.then, () => done, done);
      }
    }
  }
  async function onApiRequest(req, res, pathname) {
    const method = (req.method ?? "GET").toUpperCase();
    const contentType = header(req, "content-type");
    const userAgent = header(req, "user-agent");
    const webApiKey = header(req, "web_api_key");
    const appKey = header(req, "app_key");
    const record = {
      seq: ++seq,
      method,
      path: redactText(req.url ?? pathname, []),
      headers: {
        web_api_key: webApiKey === void 0 ? "absent" : "present",
        app_key: appKey === void 0 ? "absent" : "present",
        ...contentType === void 0 ? {} : { content_type: contentType },
        ...userAgent === void 0 ? {} : { user_agent: userAgent }
      },
      body: null,
      rawBody: "",
      startedAt: clock()
    };
    requests.push(record);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    res.once("close", () => {
      if (finished) return;
      finished = true;
      inFlight = Math.max(0, inFlight - 1);
      record.endedAt = clock();
    });
    const read = await readBody(req);
    if (read === "aborted") return;
    if (read === "too-large") {
      record.status = 413;
      res.writeHead(413, { "Content-Type": JSON_TYPE, Connection: "close" });
      res.end(JSON.stringify({ Message: "The request body is too large." }));
      return;
    }
    const raw = read.text;
    let parsed;
    let invalidJson = false;
    if (raw.trim() !== "") {
      try {
        parsed = JSON.parse(raw);
      } catch {
        invalidJson = true;
      }
    }
    const found = [];
    record.body = parsed === void 0 ? null : redactValue(parsed, found);
    record.rawBody = redactText(raw, found);
    const real = () => {
      const resolved = resolveRoute(pathname, method);
      if ("response" in resolved) return resolved.response;
      if (!credentialsValid(webApiKey, appKey, credentials)) return { status: 400, body: AUTH_FAILURE_BODY };
      if (resolved.route !== "test_my_credentials") {
        if (raw.trim() !== "" && contentType !== void 0 && !/^application\/json\b/i.test(contentType)) {
          return {
            status: 415,
            body: {
              Message: `The request entity's media type '${contentType}' is not supported for this resource.`
            }
          };
        }
        if (invalidJson) {
          return {
            status: 400,
            body: {
              Message: "The request is invalid.",
              ModelState: { request: ["The request body is not valid JSON."] }
            }
          };
        }
      }
      return handleApi(resolved.route, parsed, { store, behaviour });
    };
    const fault = faults.take(pathname);
    if (fault === void 0 && failureRate > 0 && random() < failureRate) {
      record.fault = "failure-rate";
      if (latencyMs > 0) await sleep(latencyMs);
      return send(res, record, { status: 503, body: { Message: "Service Unavailable" } });
    }
    if (fault !== void 0) record.fault = describeFault(fault);
    if (latencyMs > 0) await sleep(latencyMs);
    await respond(req, res, record, fault, real);
  }
  function setImage(image) {
    if (typeof image.guid !== "string" || image.guid === "") {
      throw new FwsyncError("input", "emulator setImage: guid must be a non-empty string");
    }
    store.put(image);
  }
  function reset(seed) {
    store = new ImageStore(structuredClone(seed ?? startingSeed), now);
    faults.clear();
    requests.length = 0;
    maxInFlight = inFlight;
  }
  async function onAdminRequest(req, res, pathname) {
    const remote = req.socket.remoteAddress ?? "";
    if (!adminAllowed || !isLoopbackHost(remote)) {
      return send(res, void 0, { status: 404, body: { Message: "Not found." } });
    }
    const read = await readBody(req);
    if (read === "aborted") return;
    if (read === "too-large") return send(res, void 0, { status: 413, body: { Message: "Too large." } });
    const raw = read.text;
    const method = (req.method ?? "GET").toUpperCase();
    const action = `${method} ${pathname.toLowerCase().replace(/\/+$/, "")}`;
    try {
      const body = raw.trim() === "" ? void 0 : JSON.parse(raw);
      switch (action) {
        case "GET /__emulator/requests":
          return send(res, void 0, { status: 200, body: { requests, inFlight, maxInFlight } });
        case "DELETE /__emulator/requests":
          requests.length = 0;
          maxInFlight = inFlight;
          return send(res, void 0, { status: 200, body: { requests } });
        case "POST /__emulator/script":
          for (const f of parseFaults(body)) faults.push(f);
          return send(res, void 0, { status: 200, body: { pending: faults.size } });
        case "GET /__emulator/images":
          return send(res, void 0, { status: 200, body: { images: store.all() } });
        case "POST /__emulator/images": {
          const list = Array.isArray(body) ? body : [body];
          for (const img of list) {
            if (typeof img !== "object" || img === null)
              throw new FwsyncError("input", "each image must be an object");
            setImage(img);
          }
          return send(res, void 0, { status: 200, body: { images: store.all() } });
        }
        case "GET /__emulator/behaviour":
          return send(res, void 0, { status: 200, body: { behaviour } });
        case "POST /__emulator/behaviour":
          behaviour = behaviourFrom(body ?? {}, startingBehaviour);
          return send(res, void 0, { status: 200, body: { behaviour } });
        case "POST /__emulator/reset":
          reset(body === void 0 ? void 0 : parseSeed(body, "reset body"));
          return send(res, void 0, { status: 200, body: { images: store.all().length } });
        default:
          return send(res, void 0, { status: 404, body: { Message: `No admin action ${action}.` } });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return send(res, void 0, { status: 400, body: { Message: message } });
    }
  }
  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    const handler = pathname.toLowerCase().startsWith("/__emulator/") ? onAdminRequest : onApiRequest;
    handler(req, res, pathname).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": JSON_TYPE });
        res.end(JSON.stringify({ Message: "An error has occurred." }));
      } else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    const onError = (error) => {
      reject(
        new FwsyncError(
          "input",
          `emulator cannot listen on ${host}:${opts.port ?? 0}: ${error.code ?? error.message}`,
          {
            cause: error,
            hint: error.code === "EADDRINUSE" ? "Choose another port with --port, or --port 0 for any free port." : void 0
          }
        )
      );
    };
    server.once("error", onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address();
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}/v3`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    script(...list) {
      for (const f of parseFaults(list)) faults.push(f);
    },
    pendingFaults: () => faults.size,
    images: () => store.all(),
    getImage: (guid) => store.get(guid),
    setImage,
    behaviour: () => ({ ...behaviour }),
    setBehaviour(next) {
      behaviour = behaviourFrom(next, startingBehaviour);
    },
    reset,
    close() {
      closing ??= new Promise((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        faults.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    }
  };
}

// src/emulator/command.ts
var DEFAULT_SEED_SIZE = 12;
async function runEmulatorCommand(opts, io) {
  const seed = opts.seedFile === void 0 ? generateSeed(DEFAULT_SEED_SIZE) : await loadSeedFile(opts.seedFile);
  const options = { seed };
  if (opts.port !== void 0) options.port = opts.port;
  if (opts.host !== void 0) options.host = opts.host;
  if (opts.latencyMs !== void 0) options.latencyMs = opts.latencyMs;
  if (opts.failureRate !== void 0) options.failureRate = opts.failureRate;
  if (opts.maxBatchSize !== void 0) options.maxBatchSize = opts.maxBatchSize;
  if (opts.behaviours !== void 0 && opts.behaviours.length > 0)
    options.behaviour = parseBehaviours(opts.behaviours);
  const emulator = await startEmulator(options);
  try {
    const admin = emulator.url.replace(/\/v3$/, "/__emulator");
    io.stdout(
      [
        `FinerWorks emulator listening on ${emulator.url} (${describeLibraries(seed)})`,
        "",
        "# demo credentials: they only work against this emulator",
        `export FINERWORKS_API_URL=${emulator.url}`,
        `export FINERWORKS_WEB_API_KEY=${DEMO_CREDENTIALS.webApiKey}`,
        `export FINERWORKS_APP_KEY=${DEMO_CREDENTIALS.appKey}`,
        "",
        `Admin: GET ${admin}/requests, GET|POST ${admin}/images, GET|POST ${admin}/behaviour, POST ${admin}/script, POST ${admin}/reset`,
        "(`fwsync emulator --help` describes them; fwsync reads one library, library.name in its config)",
        "Press Ctrl-C to stop.",
        ""
      ].join("\n")
    );
    if (!io.signal.aborted) {
      await new Promise(
        (resolve) => io.signal.addEventListener("abort", () => resolve(), { once: true })
      );
    }
  } finally {
    await emulator.close();
  }
}
function describeLibraries(seed) {
  const inventory = seed.images.filter((i) => (i.library ?? "inventory") === "inventory").length;
  const total = seed.images.length;
  return `${total} image${total === 1 ? "" : "s"}: ${inventory} in library inventory, ${total - inventory} in library temporary`;
}

// src/cli/commands/emulator.ts
async function emulatorCommand(opts, cwd, signal, io) {
  await runEmulatorCommand(
    {
      port: Number(opts.port),
      host: String(opts.host),
      ...typeof opts.seed === "string" ? { seedFile: path2.resolve(cwd, opts.seed) } : {},
      latencyMs: Number(opts.latencyMs),
      failureRate: Number(opts.failureRate),
      ...opts.maxBatchSize !== void 0 ? { maxBatchSize: Number(opts.maxBatchSize) } : {},
      ...opts.behaviour !== void 0 ? { behaviours: opts.behaviour } : {}
    },
    { stdout: (s) => io.out(s), signal }
  );
  return EXIT.ok;
}
export {
  emulatorCommand
};
