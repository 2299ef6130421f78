// What a pull request changes besides the image files, against its base commit: the settings of
// the config and the values the state file records. Either can change what a merge does without
// showing in the plan (docs/security.md): the config picks the API host, the library, the globs
// and the state file; the state holds the values the YAML is compared with, so an edited state
// can hide a change or send one nobody reviewed. Pure: the Action reads both sides.

import type { Config, State } from './types.js';

export interface SettingChange {
  /** Dotted config key, e.g. `api.base_url`, `images`, `state`. */
  setting: string;
  /** JSON of the value at the base commit (the defaults when it had no config). */
  before: string;
  after: string;
}

export interface RecordedFieldChange {
  /** A field of the last applied values, or `source` (the file the image came from). */
  field: string;
  /** Absent when the base recorded no value. */
  before?: unknown;
  /** Absent when the pull request removes the value. */
  after?: unknown;
}

export interface RecordedImageChange {
  guid: string;
  /** added: recorded only by the pull request; removed: only by the base. */
  kind: 'added' | 'removed' | 'changed';
  fields: RecordedFieldChange[];
}

export interface BaseReview {
  settings: SettingChange[];
  /** The state file's path relative to the repository, at the base and in the pull request. */
  statePath: { before: string; after: string };
  /** Null when the state was not compared (kept outside the repository, on a state branch). */
  state: RecordedImageChange[] | null;
  /** Image files whose recorded hash (the skip cache) the pull request changes. */
  fileEntriesChanged: number;
}

/** True when the review has anything to show. */
export function baseReviewHasChanges(review: BaseReview): boolean {
  return (
    review.settings.length > 0 ||
    review.statePath.before !== review.statePath.after ||
    (review.state?.length ?? 0) > 0 ||
    review.fileEntriesChanged > 0
  );
}

/** Every config setting whose effective value differs, in key order. */
export function diffConfigs(base: Config, head: Config): SettingChange[] {
  const before = flatten(base);
  const after = flatten(head);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: SettingChange[] = [];
  for (const key of keys) {
    const b = before.get(key) ?? 'null';
    const a = after.get(key) ?? 'null';
    if (a !== b) out.push({ setting: key, before: b, after: a });
  }
  return out;
}

function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

/** The recorded values the pull request changes, image by image and field by field. */
export function diffRecordedStates(base: State | null, head: State | null): RecordedImageChange[] {
  const b = base?.images ?? {};
  const h = head?.images ?? {};
  const guids = [...new Set([...Object.keys(b), ...Object.keys(h)])].sort();
  const out: RecordedImageChange[] = [];
  for (const guid of guids) {
    const before = b[guid];
    const after = h[guid];
    const fields = diffFields(recorded(before), recorded(after));
    if (fields.length === 0) continue;
    out.push({
      guid,
      kind: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed',
      fields,
    });
  }
  return out;
}

function recorded(image: State['images'][string] | undefined): Record<string, unknown> {
  if (image === undefined) return {};
  const values: Record<string, unknown> = { ...image.applied, source: image.source };
  return values;
}

function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): RecordedFieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: RecordedFieldChange[] = [];
  for (const field of fields) {
    const b = before[field];
    const a = after[field];
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    out.push({ field, ...(b === undefined ? {} : { before: b }), ...(a === undefined ? {} : { after: a }) });
  }
  return out;
}

/** How many image files' skip-cache entries (hash, guids) differ between the two states. */
export function countFileEntryChanges(base: State | null, head: State | null): number {
  const b = base?.files ?? {};
  const h = head?.files ?? {};
  let n = 0;
  for (const file of new Set([...Object.keys(b), ...Object.keys(h)])) {
    if (JSON.stringify(b[file]) !== JSON.stringify(h[file])) n += 1;
  }
  return n;
}
