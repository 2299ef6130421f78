// The compiled validators of schemas/state.schema.json (the state file, and the journal's header
// and lines), and the one-line description of a schema error that the readers report.

import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, Format, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import stateSchema from '../../schemas/state.schema.json' with { type: 'json' };
import manifestSchema from '../../schemas/state-manifest.schema.json' with { type: 'json' };
import shardSchema from '../../schemas/state-shard.schema.json' with { type: 'json' };

const STATE_SCHEMA_ID = stateSchema.$id;

interface Validators {
  /** A version-1 state file (one file; read, then migrated by the next write). */
  state: ValidateFunction;
  /** A version-2 manifest and one of its shards (schemas/state-manifest, state-shard). */
  manifest: ValidateFunction;
  imagesShard: ValidateFunction;
  filesShard: ValidateFunction;
  journalHeader: ValidateFunction;
  journalLine: ValidateFunction;
}

let validators: Validators | null = null;

/** The compiled validators, built on first use and reused (compiling costs ~10 ms). */
export function stateValidators(): Validators {
  if (validators) return validators;
  const ajv = new Ajv2020({
    // The schema is a file of this package, checked against the 2020-12 meta-schema by
    // test/schemas.test.ts; checking it again on every run would compile the meta-schema first
    // (~50 ms of each plan). Strict mode still refuses unknown keywords while compiling.
    validateSchema: false,
    strict: true,
    strictTypes: true,
    strictTuples: true,
    strictRequired: true,
    allErrors: false,
    verbose: false,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    unicodeRegExp: true,
  });
  addFormatsModule.default(ajv, { mode: 'full', formats: ['uuid'], keywords: false });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: rememberValid(syncCheck(fullFormats['date-time'])),
  });
  ajv.addSchema(stateSchema);
  ajv.addSchema(manifestSchema);
  ajv.addSchema(shardSchema);
  const compiled = new Map<string, ValidateFunction>();
  const get = (ref: string): ValidateFunction => {
    const fn =
      compiled.get(ref) ?? ajv.getSchema(ref.startsWith('https:') ? ref : `${STATE_SCHEMA_ID}${ref}`);
    if (!fn) throw new Error(`state schema has no ${ref}`);
    compiled.set(ref, fn);
    return fn;
  };
  // Each is compiled when first used (ajv keeps it): a plan needs only the state's.
  validators = {
    get state() {
      return get('');
    },
    get manifest() {
      return get(manifestSchema.$id);
    },
    get imagesShard() {
      return get(`${shardSchema.$id}#/$defs/imagesShard`);
    },
    get filesShard() {
      return get(`${shardSchema.$id}#/$defs/filesShard`);
    },
    get journalHeader() {
      return get('#/$defs/journalHeader');
    },
    get journalLine() {
      return get('#/$defs/journalLine');
    },
  };
  return validators;
}

/**
 * ajv-formats' full RFC 3339 check, remembering the strings it accepted. Every image in a state
 * carries an `applied_at`, but one apply writes the same timestamp for a whole batch, so a
 * 100k-image state holds few distinct values; checking each of them once instead of 100k times
 * saves about 0.1 s per read. Only accepted strings are kept, and at most REMEMBERED of them, so
 * the answer is always the checker's and the memory stays bounded whatever the file holds.
 */
function rememberValid(check: (value: string) => boolean): (value: string) => boolean {
  const valid = new Set<string>();
  return (value) => {
    if (valid.has(value)) return true;
    if (!check(value)) return false;
    if (valid.size < REMEMBERED) valid.add(value);
    return true;
  };
}
const REMEMBERED = 4096;

/** The synchronous string check inside an ajv-formats definition (date-time is one). */
function syncCheck(format: Format): (value: string) => boolean {
  if (typeof format === 'object' && !(format instanceof RegExp) && format.async !== true) {
    const check: unknown = format.validate;
    if (typeof check === 'function') return (value) => (check as (v: string) => boolean)(value);
  }
  throw new Error('ajv-formats no longer defines date-time as a function');
}

/** One line for the first schema error: where (a JSON pointer) and what. */
export function describeSchemaError(errors: ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return 'does not match the schema';
  const where = e.instancePath === '' ? 'the top level' : e.instancePath;
  const params = e.params as Record<string, unknown>;
  let what = e.message ?? 'is invalid';
  if (typeof params['additionalProperty'] === 'string')
    what += ` (${JSON.stringify(params['additionalProperty'])})`;
  if (e.propertyName !== undefined) what = `has an invalid key ${JSON.stringify(e.propertyName)} (${what})`;
  if (typeof params['missingProperty'] === 'string')
    what = `is missing ${JSON.stringify(params['missingProperty'])}`;
  return `at ${where}: ${what}`;
}
