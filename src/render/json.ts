// Machine-readable output: sorted keys, 2-space indent, trailing newline, so the same value
// always gives the same bytes (schemas/plan.schema.json, schemas/apply-result.schema.json).

import { sortKeys } from '../core/canonical.js';
import type { ApplyResult, Plan } from '../core/types.js';
import { VERSION } from '../version.js';

/** The plan, and which fwsync made it (informational: apply checks the checksum, not this). */
export function renderPlanJson(plan: Plan, fwsyncVersion: string = VERSION): string {
  return stableJson({ ...plan, fwsync_version: fwsyncVersion });
}

export function renderApplyResultJson(result: ApplyResult): string {
  return stableJson(result);
}

export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
