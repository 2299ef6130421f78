import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  require__,
  require_dist
} from "./chunk-S44P3HKO.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// src/adapters/api-url.ts
var LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
function resolveApiUrl(env, configured) {
  const fromEnv = env.FINERWORKS_API_URL?.trim();
  const source = fromEnv ? "FINERWORKS_API_URL" : "api.base_url in the config";
  const text = fromEnv || configured;
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new FwsyncError("input", `${source} is not a URL: ${JSON.stringify(text.slice(0, 200))}`, {
      hint: "Give the full address of the API, e.g. https://api.finerworks.com/v3 (or unset FINERWORKS_API_URL to use the config)."
    });
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
    throw new FwsyncError("input", `${source} must use https (got ${url.protocol}//${url.host})`, {
      hint: "The keys travel in request headers: fwsync sends them over HTTPS only, and over plain HTTP only to this machine (localhost, 127.0.0.1, [::1])."
    });
  }
  if (url.username !== "" || url.password !== "") {
    throw new FwsyncError("input", `${source} must not contain a user name or password`, {
      hint: "The keys come from FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY, never from the URL."
    });
  }
  return url;
}

// src/core/ajv.ts
var import__ = __toESM(require__(), 1);
var import_ajv_formats = __toESM(require_dist(), 1);
function createAjv(options = {}) {
  const ajv = new import__.default.default({
    // `standaloneSource`: keep the generated code, for ajv's standalone code generator.
    ...options.standaloneSource === true ? { code: { source: true, esm: true } } : {},
    // `trustedSchemas`: for the package's own schema files, which test/schemas.test.ts checks
    // against the meta-schema; checking them again on every run would first compile the
    // 2020-12 meta-schema (~25-50 ms per instance). Strict mode still refuses unknown keywords.
    validateSchema: options.trustedSchemas !== true,
    strict: true,
    strictTypes: true,
    strictTuples: true,
    strictRequired: true,
    allErrors: true,
    verbose: false,
    removeAdditional: false,
    useDefaults: false,
    coerceTypes: false,
    $data: false,
    unicodeRegExp: true
  });
  import_ajv_formats.default.default(ajv, { mode: "full", formats: ["uri", "date-time", "uuid"], keywords: false });
  return ajv;
}

export {
  resolveApiUrl,
  createAjv
};
