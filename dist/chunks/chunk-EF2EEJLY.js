import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  require__,
  require_dist
} from "./chunk-FQCVKA3H.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

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
  createAjv
};
