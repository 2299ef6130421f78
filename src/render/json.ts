// Machine-readable output: sorted keys, 2-space indent, trailing newline, so the same value
// always gives the same bytes (schemas/plan.schema.json, schemas/apply-result.schema.json).
// The plan is also given as chunks (one per change), so a plan of 100k images is written as it
// is rendered instead of first becoming one string of tens of megabytes and a sorted copy.

import { sortKeys } from '../core/canonical.js';
import type { ApplyResult, Plan } from '../core/types.js';
import { VERSION } from '../version.js';

/** The plan, and which fwsync made it (informational: apply checks the checksum, not this). */
export function renderPlanJson(plan: Plan, fwsyncVersion: string = VERSION): string {
  return [...planJsonChunks(plan, fwsyncVersion)].join('');
}

/** renderPlanJson's bytes, in pieces that each end a line. */
export function planJsonChunks(plan: Plan, fwsyncVersion: string = VERSION): Generator<string> {
  return stableJsonChunks({ ...plan, fwsync_version: fwsyncVersion });
}

export function renderApplyResultJson(result: ApplyResult): string {
  return stableJson(result);
}

export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/**
 * stableJson's bytes for an object, a piece per element of its top-level arrays: what
 * JSON.stringify(value, null, 2) writes, element by element. Each element is sorted and
 * stringified on its own and indented by the depth it sits at (a JSON string holds no raw line
 * break, so indenting after every "\n" touches only the layout). Anything but a plain object
 * is given whole.
 */
export function* stableJsonChunks(value: unknown): Generator<string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    yield stableJson(value);
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => jsonValue(record[key]))
    .sort();
  if (keys.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{\n';
  for (const [i, key] of keys.entries()) {
    const item = record[key];
    const head = `  ${JSON.stringify(key)}: `;
    const tail = i === keys.length - 1 ? '\n' : ',\n';
    if (!Array.isArray(item) || item.length === 0) {
      yield `${head}${indent(JSON.stringify(sortKeys(item), null, 2), '  ')}${tail}`;
      continue;
    }
    yield `${head}[\n`;
    for (const [k, element] of item.entries()) {
      // JSON.stringify writes an array's undefined (or function) element as null.
      const text = jsonValue(element) ? JSON.stringify(sortKeys(element), null, 2) : 'null';
      yield `    ${indent(text, '    ')}${k === item.length - 1 ? '\n' : ',\n'}`;
    }
    yield `  ]${tail}`;
  }
  yield '}\n';
}

/** False for what JSON.stringify leaves out of an object. */
function jsonValue(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

function indent(text: string, pad: string): string {
  return text.includes('\n') ? text.replaceAll('\n', `\n${pad}`) : text;
}
