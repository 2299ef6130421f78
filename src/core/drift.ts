// Drift: a pure three-way comparison of what the account holds now (live), what fwsync last
// confirmed (the state) and what the YAML wants. "Drifted" means changed outside fwsync: live
// differs from the last applied value. Live differing from the YAML alone is a pending change,
// which is what `plan` is for.

import equal from 'fast-deep-equal';
import { compareCodeUnits, copyValue } from './canonical.js';
import {
  FIELD_NAMES,
  type DesiredSet,
  type FieldName,
  type Guid,
  type ImageFields,
  type State,
} from './types.js';

export type DriftStatus = 'drifted' | 'pending' | 'missing';

export interface DriftField {
  field: FieldName;
  /** What the account holds; absent when the account does not have the field set. */
  live?: unknown;
  /** The last applied value; absent when not in the state or not set there. */
  applied?: unknown;
  /** The YAML value; absent when not in the YAML or not set there. */
  desired?: unknown;
  /** live ≠ applied: changed outside fwsync. */
  outside: boolean;
  /** live ≠ desired: the next apply would change it. */
  pending: boolean;
}

export interface DriftImage {
  guid: Guid;
  status: DriftStatus;
  /** The YAML file and line, or the state's source and null. */
  file: string | null;
  line: number | null;
  in_state: boolean;
  in_yaml: boolean;
  /** Only fields that differ somewhere; empty for a missing image. */
  fields: DriftField[];
}

export interface DriftSummary {
  /** Images compared: every image in the state or the YAML. */
  checked: number;
  in_sync: number;
  drifted: number;
  pending: number;
  missing: number;
}

export interface DriftReport {
  version: 1;
  /** The library the live values were read from (config library.name), when known. */
  library?: 'inventory' | 'temporary';
  /** True when an image changed outside fwsync or is missing on the account (exit 2). */
  drift: boolean;
  summary: DriftSummary;
  /** Every image that is not in sync, sorted by guid. */
  images: DriftImage[];
  notes: string[];
}

export interface DriftInput {
  /** What the account holds for the images it has (raw, not yet projected). */
  live: ReadonlyMap<Guid, ImageFields>;
  state: State | null;
  desired: DesiredSet;
  /** The library `live` was read from, named in the report's counts. */
  library?: 'inventory' | 'temporary';
}

const ALWAYS_MANAGED: readonly FieldName[] = ['title', 'description'];

/**
 * The fields fwsync manages for one image: title and description always, the optional ones
 * only when the YAML or the last applied value sets them. Comparing anything else would report
 * drift in fields nobody asked fwsync to manage.
 */
export function managedFields(
  desired: ImageFields | undefined,
  applied: ImageFields | undefined,
): FieldName[] {
  return FIELD_NAMES.filter(
    (f) => ALWAYS_MANAGED.includes(f) || desired?.[f] !== undefined || applied?.[f] !== undefined,
  );
}

/** Gallery id lists are sets: the API may return them in any order. */
function isIdList(field: FieldName): boolean {
  return field === 'assigned_personal_gallery_ids' || field === 'assigned_gallery_subcategory_ids';
}

export function sameValue(field: FieldName, a: unknown, b: unknown): boolean {
  if (isIdList(field) && Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const set = new Set(a);
    return b.every((x) => set.has(x));
  }
  return equal(a, b);
}

export interface ProjectedLive {
  fields: ImageFields;
  /** Managed fields the account did not report; not compared. */
  unreported: FieldName[];
}

/**
 * The live value reduced to the fields fwsync manages for this image, shaped so that an exact
 * comparison (fieldsEqual) means "the same": a gallery id list that is the same set as the
 * applied (or desired) one takes that list's order. A managed optional field that the account
 * does not report is unknown, not changed: it takes the applied value when there is one (no
 * evidence of drift) and stays absent otherwise (so an adopt still sends it).
 */
export function projectLive(
  live: ImageFields,
  desired: ImageFields | undefined,
  applied: ImageFields | undefined,
): ProjectedLive {
  const out: Record<string, unknown> = {};
  const unreported: FieldName[] = [];
  for (const field of managedFields(desired, applied)) {
    const value = live[field];
    if (value === undefined) {
      if (!ALWAYS_MANAGED.includes(field)) unreported.push(field);
      const fallback = applied?.[field];
      if (fallback !== undefined) out[field] = copyValue(fallback);
      continue;
    }
    const reference = applied?.[field] ?? desired?.[field];
    out[field] =
      reference !== undefined && sameValue(field, value, reference) ? copyValue(reference) : copyValue(value);
  }
  return { fields: out as unknown as ImageFields, unreported };
}

/**
 * True when the account changed outside fwsync: a field the state recorded has another live
 * value. `live` is projected (projectLive): a field the account did not report holds the
 * applied value and a gallery list that is the same set has its order, so an exact comparison
 * is the right one. A field the state never recorded is not compared.
 */
export function changedOutside(live: ImageFields, applied: ImageFields): boolean {
  return FIELD_NAMES.some((f) => applied[f] !== undefined && !equal(live[f], applied[f]));
}

/** Every guid the YAML names, with its desired fields; images of skipped files want their applied value. */
export function desiredByGuid(
  desired: DesiredSet,
  state: State | null,
): Map<Guid, { fields: ImageFields; file: string; line: number | null }> {
  const out = new Map<Guid, { fields: ImageFields; file: string; line: number | null }>();
  for (const image of desired.images)
    out.set(image.guid, { fields: image.fields, file: image.file, line: image.line });
  for (const file of desired.files) {
    if (!file.skipped) continue;
    for (const guid of file.guids) {
      const applied = state?.images[guid]?.applied;
      if (!out.has(guid) && applied) out.set(guid, { fields: applied, file: file.path, line: null });
    }
  }
  return out;
}

export function computeDrift(input: DriftInput): DriftReport {
  const stateImages = input.state?.images ?? {};
  const wanted = desiredByGuid(input.desired, input.state);
  const guids = [...new Set<Guid>([...wanted.keys(), ...Object.keys(stateImages)])].sort(compareCodeUnits);

  const images: DriftImage[] = [];
  const unreportedCounts = new Map<FieldName, number>();
  const summary: DriftSummary = { checked: guids.length, in_sync: 0, drifted: 0, pending: 0, missing: 0 };

  for (const guid of guids) {
    const want = wanted.get(guid);
    const applied = stateImages[guid]?.applied;
    const where = want
      ? { file: want.file, line: want.line }
      : { file: stateImages[guid]?.source ?? null, line: null };
    const base = { guid, ...where, in_state: applied !== undefined, in_yaml: want !== undefined };
    const raw = input.live.get(guid);
    if (raw === undefined) {
      images.push({ ...base, status: 'missing', fields: [] });
      summary.missing += 1;
      continue;
    }
    const { fields: live, unreported } = projectLive(raw, want?.fields, applied);
    for (const f of unreported) unreportedCounts.set(f, (unreportedCounts.get(f) ?? 0) + 1);

    const fields: DriftField[] = [];
    for (const field of managedFields(want?.fields, applied)) {
      if (unreported.includes(field)) continue;
      const l = live[field];
      const a = applied?.[field];
      const d = want?.fields[field];
      // A side that does not set the field has no opinion about it: nothing to compare with.
      // In particular a field the state never recorded (an import that left it out, a field
      // added to the YAML since) cannot have changed outside fwsync: the live value differing
      // from the YAML is a pending change, and one equal to it is in sync.
      const outside = a !== undefined && !sameValue(field, l, a);
      const pending = want !== undefined && d !== undefined && !sameValue(field, l, d);
      if (!outside && !pending) continue;
      const entry: DriftField = { field, outside, pending };
      if (l !== undefined) entry.live = copyValue(l);
      if (a !== undefined) entry.applied = copyValue(a);
      if (d !== undefined) entry.desired = copyValue(d);
      fields.push(entry);
    }
    if (fields.length === 0) {
      summary.in_sync += 1;
      continue;
    }
    const status: DriftStatus = fields.some((f) => f.outside) ? 'drifted' : 'pending';
    summary[status] += 1;
    images.push({ ...base, status, fields });
  }

  const notes: string[] = [];
  for (const field of FIELD_NAMES) {
    const n = unreportedCounts.get(field);
    if (n) {
      notes.push(
        `FinerWorks did not report ${field} for ${n} image${n === 1 ? '' : 's'} that set it; it was not compared.`,
      );
    }
  }
  if (summary.missing > 0) {
    notes.push(
      `${summary.missing} image${summary.missing === 1 ? ' is' : 's are'} not on the account (or not in ${input.library ? `library ${input.library}, the configured one` : 'the configured library'}): ` +
        'deleted on FinerWorks, or a wrong guid or library.name in the config.',
    );
  }
  return {
    version: 1,
    ...(input.library ? { library: input.library } : {}),
    drift: summary.drifted + summary.missing > 0,
    summary,
    images,
    notes,
  };
}
