// Canonical JSON and hashing: the basis of plan checksums, state hashes and "did this field
// change". Key order must never matter, so every object is written with sorted keys.

import { createHash } from 'node:crypto';
import equal from 'fast-deep-equal';
import { FIELD_NAMES, type ImageFields } from './types.js';

/** JSON with keys sorted recursively and no whitespace; `undefined` properties are dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/**
 * A deep copy with object keys sorted; what both canonicalJson and the JSON renderers write.
 * A value that is already so (plain objects whose keys are in order, all the way down) is
 * returned as it is, since JSON.stringify writes it the same: the planner and the state build
 * their objects in key order, and copying 100k plan changes twice (checksum and output) was a
 * third of a 100k-adopt plan.
 */
export function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || isCanonical(value)) return value;
  return sortedCopy(value);
}

function sortedCopy(value: object): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/**
 * True when the sorted copy of `value` would stringify to the same JSON as `value` itself:
 * arrays of such values, and plain objects whose keys, as the object lists them, are in
 * code-unit order (array-index keys, listed first in numeric order by any object, the copy
 * included, pass only when that is also code-unit order), none of them `__proto__` or `toJSON`,
 * with such values. Getters are read here and again by JSON.stringify: fwsync's values have none.
 */
function isCanonical(value: object): boolean {
  if (Array.isArray(value)) {
    if ('toJSON' in value) return false;
    // By index, as JSON.stringify reads an array (not through an iterator it may have).
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (element !== null && typeof element === 'object' && !isCanonical(element)) return false;
    }
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  let previous: string | null = null;
  // for...in: no array of keys to allocate; a plain object has no enumerable inherited key.
  for (const key in value) {
    if (previous !== null && !(previous < key)) return false;
    if (key === '__proto__' || key === 'toJSON') return false;
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && typeof v === 'object' && !isCanonical(v)) return false;
    previous = key;
  }
  return true;
}

/** `sha256:<hex>` of a string (as UTF-8) or of raw bytes: one spelling for every hash fwsync stores. */
/** sha256 of the pieces joined, without joining them (a 100k-image plan is tens of MB). */
export function sha256Of(pieces: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const piece of pieces) hash.update(piece, 'utf8');
  return `sha256:${hash.digest('hex')}`;
}

export function sha256(data: string | Uint8Array): string {
  const hash = createHash('sha256');
  if (typeof data === 'string') hash.update(data, 'utf8');
  else hash.update(data);
  return `sha256:${hash.digest('hex')}`;
}

const SORTED_FIELD_NAMES = [...FIELD_NAMES].sort();

/**
 * Only the managed fields, in key order, without undefined values: an object read
 * from YAML, the state or the API compares equal when it means the same thing.
 */
export function canonicalFields(fields: ImageFields): ImageFields {
  const out: Record<string, unknown> = {};
  // In key order, so that sortKeys need not copy it (the values are the same either way).
  for (const name of SORTED_FIELD_NAMES) {
    const v = fields[name];
    if (v !== undefined) out[name] = copyValue(v);
  }
  return out as unknown as ImageFields;
}

export function hashFields(fields: ImageFields): string {
  return sha256(canonicalJson(canonicalFields(fields)));
}

/**
 * A field set on one side and absent on the other is a difference; array order matters.
 * Means `equal(canonicalFields(a), canonicalFields(b))`, field by field without the copies:
 * a plan compares every image, so this runs 100k times on a large repository.
 */
export function fieldsEqual(a: ImageFields, b: ImageFields): boolean {
  for (const name of FIELD_NAMES) {
    const x = a[name];
    const y = b[name];
    if (x === undefined || y === undefined) {
      if (x !== y) return false;
    } else if (x !== y && !equal(x, y)) {
      return false;
    }
  }
  return true;
}

/** A field value safe to keep: arrays (gallery id lists) are copied, scalars are immutable. */
export function copyValue(value: unknown): unknown {
  return Array.isArray(value) ? [...(value as unknown[])] : value;
}

/** Code-unit order, independent of the locale (localeCompare is not): how guids are sorted. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
