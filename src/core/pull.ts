// Pull: a pure three-way merge of what the account holds now (live), what fwsync last confirmed
// (the state's `applied`) and what the YAML says, deciding which live edits go into the YAML.
//
// Per managed field of an image the YAML holds:
// - live = applied: nothing happened on the account (a YAML edit not yet applied is `plan`'s
//   business);
// - live ≠ applied, YAML = applied: edited on the account only → pulled into the YAML;
// - live ≠ applied, YAML = live: both sides agree → only the state records it;
// - live ≠ applied, YAML ≠ applied, YAML ≠ live: edited on both sides → a conflict, left alone;
// - no applied value (the image is not in the state): no base to tell who changed what, so
//   nothing is pulled (drift does not call it drift either).
// A field the YAML does not set is not managed by the YAML: its live value is recorded in the
// state only. A live value the YAML cannot hold (an empty title) is reported, not pulled. Pull
// never deletes an image from the YAML.

import { canonicalFields, compareCodeUnits, copyValue } from './canonical.js';
import { desiredByGuid, managedFields, projectLive, sameValue } from './drift.js';
import { fieldRejectReason } from './live-fields.js';
import type { DesiredSet, FieldName, Guid, ImageFields, State } from './types.js';

export interface PullFilter {
  /** Only these images (lower-case guids); null or absent: all. */
  guids?: ReadonlySet<Guid> | null;
  /** Only these fields; null or absent: all. */
  fields?: ReadonlySet<FieldName> | null;
}

/** One live value written into the YAML. */
export interface PullEdit {
  guid: Guid;
  file: string;
  line: number | null;
  field: FieldName;
  /** The YAML value it replaces (= the last applied one). */
  yaml: unknown;
  live: unknown;
}

/** A field changed both on the account and in the YAML since the last apply. */
export interface PullConflict {
  guid: Guid;
  file: string;
  line: number | null;
  field: FieldName;
  live?: unknown;
  applied?: unknown;
  yaml?: unknown;
}

export interface PullPlan {
  /** Values to write into the YAML, sorted by file, guid, then field order. */
  edits: PullEdit[];
  /** Fields whose live value goes into the state only (the YAML already agrees, or does not set it). */
  recorded: Array<{ guid: Guid; field: FieldName; live: unknown }>;
  conflicts: PullConflict[];
  /** Live values the image schema would reject in the YAML (an empty title...): not pulled. */
  unpullable: Array<PullEdit & { reason: string }>;
  /** Live edits left out by --guid or --field. */
  filtered: number;
  /** Images of the YAML that the account does not hold (in this library), sorted. */
  missing: Guid[];
  /** The new `applied` of every image whose state entry changes, with the file it comes from. */
  applied: Array<{ guid: Guid; applied: ImageFields; source: string }>;
}

export interface PullInput {
  /** What the account holds (raw, not projected), for the images asked for. */
  live: ReadonlyMap<Guid, ImageFields>;
  state: State | null;
  /** Every image file parsed (none skipped): pull edits them. */
  desired: DesiredSet;
  filter?: PullFilter;
}

export function planPull(input: PullInput): PullPlan {
  const wanted = desiredByGuid(input.desired, input.state);
  const guids = [...wanted.keys()].sort(compareCodeUnits);
  const plan: PullPlan = {
    edits: [],
    recorded: [],
    conflicts: [],
    unpullable: [],
    filtered: 0,
    missing: [],
    applied: [],
  };
  const takes = (guid: Guid, field: FieldName): boolean =>
    (input.filter?.guids?.has(guid) ?? true) && (input.filter?.fields?.has(field) ?? true);

  for (const guid of guids) {
    const want = wanted.get(guid)!;
    const raw = input.live.get(guid);
    if (raw === undefined) {
      plan.missing.push(guid);
      continue;
    }
    const applied = input.state?.images[guid]?.applied;
    if (applied === undefined) continue;
    const { fields: live, unreported } = projectLive(raw, want.fields, applied);
    const next: Record<string, unknown> = { ...applied };
    let changed = false;
    for (const field of managedFields(want.fields, applied)) {
      if (unreported.includes(field)) continue;
      const l = live[field];
      const a = applied[field];
      const d = want.fields[field];
      if (sameValue(field, l, a)) continue;
      const where = { guid, file: want.file, line: want.line, field };
      if (d !== undefined && !sameValue(field, d, a) && !sameValue(field, d, l)) {
        plan.conflicts.push({
          ...where,
          ...(l === undefined ? {} : { live: copyValue(l) }),
          applied: copyValue(a),
          yaml: copyValue(d),
        });
        continue;
      }
      if (!takes(guid, field)) {
        plan.filtered += 1;
        continue;
      }
      const reason = d === undefined ? null : fieldRejectReason(field, l);
      if (reason !== null) {
        plan.unpullable.push({ ...where, yaml: copyValue(d), live: copyValue(l), reason });
        continue;
      }
      if (l === undefined) delete next[field];
      else next[field] = copyValue(l);
      changed = true;
      if (d !== undefined && !sameValue(field, d, l)) {
        plan.edits.push({ ...where, yaml: copyValue(d), live: copyValue(l) });
      } else {
        plan.recorded.push({ guid, field, live: copyValue(l) });
      }
    }
    if (changed) {
      plan.applied.push({
        guid,
        applied: canonicalFields(next as unknown as ImageFields),
        source: want.file,
      });
    }
  }
  plan.edits.sort((a, b) => compareCodeUnits(a.file, b.file) || compareCodeUnits(a.guid, b.guid));
  return plan;
}

/** The intended value of every edited image: the YAML's fields with the pulled values in. */
export function editsByFile(edits: readonly PullEdit[]): Map<string, PullEdit[]> {
  const out = new Map<string, PullEdit[]>();
  for (const edit of edits) {
    const list = out.get(edit.file) ?? [];
    list.push(edit);
    out.set(edit.file, list);
  }
  return out;
}
