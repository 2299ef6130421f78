// The planner: one pure function from (desired, last applied, optionally live) to a Plan.

import equal from 'fast-deep-equal';
import {
  canonicalFields,
  canonicalJson,
  compareCodeUnits,
  copyValue,
  fieldsEqual,
  sha256Of,
} from './canonical.js';
import { profilePlanNotes, type ProfileEffects } from './api-profile.js';
import { changedOutside } from './drift.js';
import {
  FIELD_NAMES,
  type Change,
  type DesiredImage,
  type DesiredSet,
  type FieldChange,
  type Guid,
  type ImageFields,
  type Plan,
  type PlanSummary,
  type SafetyVerdict,
  type State,
  type StateImage,
} from './types.js';

/** The safety check applies only from this many tracked images on (docs/architecture.md, "Safety"). */
const SAFETY_MIN_TRACKED = 10;

export const INVENTORY_WARNING =
  'The FinerWorks API documentation says updating an image in the inventory library also removes its virtual inventory products.';

/** The warning as a fact, once `fwsync doctor` measured it on the account. */
export const INVENTORY_FACT =
  'fwsync doctor measured that updating an image in the inventory library removes its virtual inventory products.';

/** How many images with products the inventory note names before summarising the rest. */
const PRODUCT_NOTE_LIMIT = 5;

export interface PlanInput {
  desired: DesiredSet;
  state: State | null;
  maxChangePercent: number;
  /**
   * `--refresh`: what the account holds now, for every image in the YAML and the state. The
   * caller must fail before planning when an image is missing on the account (docs/architecture.md, "Safety"); a
   * guid absent from this map is planned as if there were no refresh for it. Callers that
   * refresh should parse every file: an image of a skipped file that drifted has no line.
   */
  live?: ReadonlyMap<Guid, ImageFields> | null;
  /** Virtual inventory products per image, when known; attached to changes that send. */
  products?: ReadonlyMap<Guid, string[]> | null;
  /** What `fwsync doctor` measured about the account (core/api-profile.ts); notes only. */
  profile?: ProfileEffects | null;
  /**
   * How many images the state tracks, when `state.images` holds only those a plan of the
   * parsed files needs (the rest belong to skipped files, unchanged by construction). Only
   * without `live`.
   */
  tracked?: number;
}

/**
 * Compares every image in the YAML files with the last applied state (and, with `live`, with
 * the account) and returns the changes, sorted by guid, with counts, a safety verdict, notes
 * and a checksum over (lineage, serial, changes without their file and line: where an image
 * sits in the YAML is for people, so moving it does not make a reviewed plan stale).
 *
 * - in YAML and state: `update` when a managed field differs, else unchanged;
 * - in YAML only: `adopt` (fields show the desired values; before is unknown);
 * - in state only: `forget` (nothing is sent; fields show what the state forgets);
 * - images of skipped files are unchanged by construction and never forgotten;
 * - with `live`: an adopt whose live value equals the YAML becomes `record`; an image whose live
 *   value differs from `applied` is `drifted` and its diff is live → desired (a drifted image
 *   whose YAML did not change becomes an update, since the account no longer matches).
 *
 * Pure and deterministic: the same input gives a deep-equal Plan whatever the input order.
 */
export function planChanges(input: PlanInput): Plan {
  const { state, live = null, products = null } = input;
  const refreshed = live !== null;
  const applied = state?.images ?? {};
  const appliedGuids = Object.keys(applied);
  const changes: Change[] = [];
  let unchanged = 0;

  // Each guid is visited once, in whatever order its source gives it, and only the changes are
  // sorted at the end: in an incremental plan of 100k images the unchanged ones (nearly all)
  // then cost a lookup each instead of a place in a 100k-entry sort.
  const desiredByGuid = new Map(input.desired.images.map((image) => [image.guid, image]));
  // A guid listed by several skipped files keeps the last of them in path order.
  const skipped = new Map<Guid, string>();
  for (const file of [...input.desired.files].sort((a, b) => compareCodeUnits(a.path, b.path))) {
    if (!file.skipped) continue;
    for (const guid of file.guids) if (!desiredByGuid.has(guid)) skipped.set(guid, file.path);
  }

  // The state's images, in the state's order: its keys are the engine's own property names, so
  // reading an entry is cheap, whereas looking a guid read from YAML up in a 100k-key object
  // costs a string-table probe first (about 0.5 µs, 50 ms for 100k images).
  let inBoth = 0;
  for (const guid of appliedGuids) {
    const previous = applied[guid]!;
    const image = desiredByGuid.get(guid);
    if (image !== undefined) {
      inBoth += 1;
      const change = compareApplied(guid, image, previous, live?.get(guid));
      if (change) changes.push(change);
      else unchanged += 1;
    } else if (!skipped.has(guid)) {
      // In the state, in no file.
      changes.push({
        fields: diffFields(previous.applied, undefined),
        file: previous.source,
        guid,
        kind: 'forget',
        line: null,
      });
    }
  }

  // Images in no state yet (none at all in the usual plan).
  if (inBoth < desiredByGuid.size) {
    for (const [guid, image] of desiredByGuid) {
      if (Object.hasOwn(applied, guid)) continue;
      const liveFields = live?.get(guid);
      const desired = canonicalFields(image.fields);
      if (liveFields === undefined) {
        changes.push(sendChange(guid, 'adopt', image.file, image.line, undefined, desired, false, undefined));
      } else if (fieldsEqual(liveFields, desired)) {
        changes.push(recordChange(guid, image.file, image.line, desired, false, liveFields));
      } else {
        changes.push(
          sendChange(guid, 'adopt', image.file, image.line, liveFields, desired, false, liveFields),
        );
      }
    }
  }

  if (live === null) {
    // Unchanged by construction: their desired value is what the state applied.
    unchanged += skipped.size;
  } else {
    for (const [guid, file] of skipped) {
      // Unchanged by construction (a skipped file wants what the state applied), unless the
      // account drifted from it: then the same comparison as any other image plans the update.
      const previous = Object.hasOwn(applied, guid) ? applied[guid] : undefined;
      const change =
        previous &&
        compareApplied(guid, { file, line: null, fields: previous.applied }, previous, live.get(guid));
      if (change) changes.push(change);
      else unchanged += 1;
    }
  }

  // Every guid above is distinct, so the order is total whatever the input order was.
  changes.sort((a, b) => compareCodeUnits(a.guid, b.guid));

  // Products are named only while an update may remove them (doctor may have measured it does not).
  if (!products && input.profile?.products !== 'kept') {
    for (const change of changes) {
      const seen = state?.images[change.guid]?.products;
      if (sends(change) && seen) change.productsSeen = { labels: [...seen.labels], seen_at: seen.seen_at };
    }
  }
  if (products && input.profile?.products !== 'kept') {
    for (const change of changes) {
      const list = products.get(change.guid);
      if (sends(change) && list && list.length > 0) change.products = [...list].sort(compareCodeUnits);
    }
  }

  const summary: PlanSummary = { update: 0, adopt: 0, forget: 0, record: 0, unchanged, drifted: 0 };
  for (const change of changes) {
    summary[change.kind] += 1;
    if (change.drifted) summary.drifted += 1;
  }

  const planState = state
    ? { exists: true, lineage: state.lineage, serial: state.serial }
    : { exists: false, lineage: null, serial: 0 };
  const tracked = input.tracked ?? appliedGuids.length;
  return {
    version: 1,
    checksum: planChecksum(planState.lineage, planState.serial, changes),
    state: planState,
    summary,
    changes,
    safety: safetyVerdict(summary.update, tracked, input.maxChangePercent),
    refreshed,
    notes: planNotes(changes, summary, state !== null, refreshed, products !== null, input.profile ?? null),
  };
}

/**
 * An image in the YAML and in the state: the change to plan, or null when it is unchanged.
 * `line` is null for an image of a skipped file, whose YAML was not parsed.
 */
function compareApplied(
  guid: Guid,
  image: Pick<DesiredImage, 'file' | 'fields'> & { line: number | null },
  previous: StateImage,
  liveFields: ImageFields | undefined,
): Change | null {
  if (liveFields !== undefined && changedOutside(liveFields, previous.applied)) {
    // The account changed outside fwsync (drifted): what counts is live → desired.
    const desired = canonicalFields(image.fields);
    return fieldsEqual(liveFields, desired)
      ? recordChange(guid, image.file, image.line, desired, true, liveFields)
      : sendChange(guid, 'update', image.file, image.line, liveFields, desired, true, liveFields);
  }
  if (fieldsEqual(previous.applied, image.fields)) return null;
  const desired = canonicalFields(image.fields);
  // A field the YAML set since (the state never recorded it) that the account already holds:
  // nothing to send, only the state to write.
  if (liveFields !== undefined && fieldsEqual(liveFields, desired))
    return recordChange(guid, image.file, image.line, desired, false, liveFields);
  return sendChange(guid, 'update', image.file, image.line, previous.applied, desired, false, liveFields);
}

/** True for the kinds that call update_images. */
export function sends(change: Change): boolean {
  return change.kind === 'update' || change.kind === 'adopt';
}

/**
 * Updates above max_change_percent of the tracked images are refused without --force. Adopts
 * are not counted: they do not touch anything fwsync managed before.
 */
export function safetyVerdict(updates: number, tracked: number, maxChangePercent: number): SafetyVerdict {
  const base = { updates, tracked, max_change_percent: maxChangePercent, min_tracked: SAFETY_MIN_TRACKED };
  if (tracked < SAFETY_MIN_TRACKED) {
    return {
      ...base,
      safe: true,
      message: `Safety limit not checked: the state tracks ${tracked} image${plural(tracked)} (the check starts at ${SAFETY_MIN_TRACKED}).`,
    };
  }
  const share = `${updates} of ${tracked} tracked images (${formatPercent((updates * 100) / tracked)})`;
  // Integer arithmetic: 12 of 40 at 30 % is exactly the limit and must pass.
  if (updates * 100 > tracked * maxChangePercent) {
    return {
      ...base,
      safe: false,
      message:
        `This plan updates ${share}, more than safety.max_change_percent (${maxChangePercent}%). ` +
        `apply refuses it: if the change is intended, run "fwsync apply --force" (or set the action input force), ` +
        `or raise safety.max_change_percent in fwsync.config.yaml.`,
    };
  }
  return {
    ...base,
    safe: true,
    message: `This plan updates ${share}, within safety.max_change_percent (${maxChangePercent}%).`,
  };
}

function sendChange(
  guid: Guid,
  kind: 'update' | 'adopt',
  file: string,
  line: number | null,
  before: ImageFields | undefined,
  desired: ImageFields,
  drifted: boolean,
  live: ImageFields | undefined,
): Change {
  // Keys in order, so that sortKeys need not copy the change (live, products and productsSeen
  // sort after line; drifted does not, so a drifted change of --refresh is copied).
  const change: Change = { desired, fields: diffFields(before, desired), file, guid, kind, line };
  if (drifted) change.drifted = true;
  if (live !== undefined) change.live = canonicalFields(live);
  return change;
}

/** The account already holds the desired value: only the state is written, so no field diff. */
function recordChange(
  guid: Guid,
  file: string,
  line: number | null,
  desired: ImageFields,
  drifted: boolean,
  live: ImageFields,
): Change {
  const change: Change = { desired, fields: [], file, guid, kind: 'record', line };
  if (drifted) change.drifted = true;
  change.live = canonicalFields(live);
  return change;
}

/** Field-level diff in FIELD_NAMES order; an unknown or absent side is left out of the entry. */
export function diffFields(before: ImageFields | undefined, after: ImageFields | undefined): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of FIELD_NAMES) {
    const b = before?.[field];
    const a = after?.[field];
    if (b === undefined && a === undefined) continue;
    if (before !== undefined && after !== undefined && equal(b, a)) continue;
    // Keys in order: after, before, field (sortKeys then leaves the entry as it is).
    const entry = {} as FieldChange;
    if (a !== undefined) entry.after = copyValue(a);
    if (b !== undefined) entry.before = copyValue(b);
    entry.field = field;
    out.push(entry);
  }
  return out;
}

function planNotes(
  changes: Change[],
  summary: PlanSummary,
  stateExists: boolean,
  refreshed: boolean,
  productsKnown: boolean,
  profile: ProfileEffects | null,
): string[] {
  const notes: string[] = [];
  const sending = summary.update + summary.adopt;
  if (!stateExists) notes.push('No state file yet: nothing has been applied by fwsync so far.');
  // A measured "products are kept" makes the documentation's warning moot.
  if (sending > 0 && profile?.products !== 'kept')
    notes.push(
      inventoryNote(
        changes,
        productsKnown,
        profile?.products === 'removed' ? INVENTORY_FACT : INVENTORY_WARNING,
      ),
    );
  if (profile) notes.push(...profilePlanNotes(profile, sending, refreshed));
  if (summary.adopt > 0 && !refreshed) {
    notes.push(
      `${summary.adopt} image${plural(summary.adopt)} to adopt ${summary.adopt === 1 ? 'is' : 'are'} not in the state yet: ` +
        `the live values on FinerWorks are unknown and apply overwrites them with the YAML. ` +
        `Run "fwsync plan --refresh" to compare with the account first, or "fwsync import" to start from the account.`,
    );
  }
  if (summary.drifted > 0) {
    notes.push(
      `${summary.drifted} image${plural(summary.drifted)} changed on FinerWorks outside fwsync (drifted); ` +
        `the plan shows the live value → the YAML value.`,
    );
  }
  return notes;
}

function inventoryNote(changes: Change[], productsKnown: boolean, lead: string): string {
  if (!productsKnown) {
    return `${lead} "fwsync plan --refresh" lists the products each image it sends has now.`;
  }
  const withProducts = changes.filter((c) => sends(c) && c.products && c.products.length > 0);
  if (withProducts.length === 0) {
    return `${lead} None of the images this plan sends has virtual inventory products.`;
  }
  const named = withProducts
    .slice(0, PRODUCT_NOTE_LIMIT)
    .map((c) => `${c.guid} (${(c.products ?? []).join(', ')})`)
    .join('; ');
  const rest = withProducts.length - PRODUCT_NOTE_LIMIT;
  return (
    `${lead} ${withProducts.length} image${plural(withProducts.length)} this plan sends ` +
    `${withProducts.length === 1 ? 'has' : 'have'} virtual inventory products: ${named}` +
    (rest > 0 ? `; and ${rest} more.` : '.')
  );
}

function formatPercent(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}

/**
 * sha256 of canonicalJson({ changes: changes.map(withoutPlace), lineage, serial }), a change at a
 * time: the same bytes without the copy of every change and the one string of them all.
 */
export function planChecksum(lineage: string | null, serial: number, changes: readonly Change[]): string {
  return sha256Of(
    (function* () {
      yield '{"changes":[';
      for (const [i, change] of changes.entries()) {
        yield `${i === 0 ? '' : ','}${canonicalJson(withoutPlace(change))}`;
      }
      yield `],"lineage":${JSON.stringify(lineage)},"serial":${JSON.stringify(serial)}}`;
    })(),
  );
}

/** A change without where it sits in the YAML: what the checksum covers. */
function withoutPlace(change: Change): Omit<Change, 'file' | 'line' | 'productsSeen'> {
  // What the state last read about products is shown, not planned: it does not make a plan stale.
  const { file: _file, line: _line, productsSeen: _seen, ...rest } = change;
  return rest;
}
