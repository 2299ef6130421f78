// The one place ajv instances are made for the package's schemas, with the settings of
// docs/architecture.md ("Library settings"): config and saved plans are compiled at run time; the images schema is
// compiled ahead of time with these settings (scripts/validator-codegen.ts), which saves
// compiling it on every run. (The state store keeps its own instance: it adds a caching
// date-time format.)

import AjvModule from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

export type Ajv = InstanceType<typeof AjvModule.default>;

/**
 * One ajv instance with the settings in docs/architecture.md ("Library settings"): strict, no data changes, no
 * values copied into errors. allErrors is on so one run reports everything; the callers cap
 * the input first (file size, images maxItems), which bounds the error count.
 */
export function createAjv(options: { trustedSchemas?: boolean; standaloneSource?: boolean } = {}): Ajv {
  const ajv = new AjvModule.default({
    // `standaloneSource`: keep the generated code, for ajv's standalone code generator.
    ...(options.standaloneSource === true ? { code: { source: true, esm: true } } : {}),
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
    unicodeRegExp: true,
  });
  formatsModule.default(ajv, { mode: 'full', formats: ['uri', 'date-time', 'uuid'], keywords: false });
  return ajv;
}
