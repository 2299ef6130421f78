// What the apply after a merge can say about the plan reviewed on the pull request. The plan
// comment's marker carries a short digest of every change (when there are few enough to fit);
// the apply compares them with its own plan and reports "+k/−j" instead of only "differs".
// Pure: plans in, digests and counts out.

import { canonicalJson, sha256 } from './canonical.js';
import type { Change, Plan } from './types.js';

/** Above this many changes the marker carries no digests (17 characters each, in a 65k body). */
export const MAX_REVIEW_DIGESTS = 300;

/**
 * A change's identity for review: the guid, the kind and what would be sent or recorded. The
 * "before" side is left out on purpose: when another pull request was applied in between, the
 * same edit has a new "before" but is still the change the reviewers saw.
 */
export function changeDigest(change: Change): string {
  const text = `${change.guid}\n${change.kind}\n${canonicalJson(change.desired ?? null)}`;
  return sha256(text).slice('sha256:'.length, 'sha256:'.length + 16);
}

/** Sorted digests of a plan's changes, or null when there are too many to carry. */
export function reviewDigests(plan: Pick<Plan, 'changes'>): string[] | null {
  if (plan.changes.length > MAX_REVIEW_DIGESTS) return null;
  return plan.changes.map(changeDigest).sort();
}

export interface ReviewDiff {
  /** Changes in the applied plan that the reviewed plan did not have. */
  added: number;
  /** Changes of the reviewed plan that the applied plan no longer has. */
  removed: number;
}

/** Multiset difference of two digest lists. */
export function diffReviewed(reviewed: readonly string[], applied: readonly string[]): ReviewDiff {
  const pending = new Map<string, number>();
  for (const d of reviewed) pending.set(d, (pending.get(d) ?? 0) + 1);
  let added = 0;
  for (const d of applied) {
    const left = pending.get(d) ?? 0;
    if (left > 0) pending.set(d, left - 1);
    else added += 1;
  }
  let removed = 0;
  for (const left of pending.values()) removed += left;
  return { added, removed };
}
