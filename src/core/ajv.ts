// The one place ajv instances are made, with the settings of reliability.md (c). Loaded only
// where a schema is compiled at run time (config, saved plans, unsealed state), so that a plain
// `fwsync plan` never pays for ajv: the images validator is compiled ahead of time.

import AjvModule from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

export type Ajv = InstanceType<typeof AjvModule.default>;

/**
 * One ajv instance with the settings of reliability.md (c): strict, no data changes, no
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
