// The API profile: what `fwsync doctor --probe-image` measured about how the real account
// answers the questions the FinerWorks documentation leaves open, and what the rest of fwsync
// makes of it. Pure: the file is read and written in src/use-cases/doctor/api-profile.ts.

export type PartialUpdate = 'keeps' | 'clears' | 'unexpected' | 'unknown';
export type EmptyDescription = 'stored' | 'ignored' | 'rejected' | 'unknown';
export type OptionalField = 'accepted' | 'ignored' | 'rejected' | 'untested';
export type ProductRemoval = 'removed' | 'kept' | 'untested';
export type UnknownGuidAnswer = 'success-false' | 'http-error' | 'silent' | 'unknown';

export const OPTIONAL_FIELD_NAMES = [
  'visible',
  'rank',
  'assigned_personal_gallery_ids',
  'assigned_gallery_subcategory_ids',
] as const;
export type OptionalFieldName = (typeof OPTIONAL_FIELD_NAMES)[number];

export interface ProfileFindings {
  /** update_images with only {guid, title}: the description is kept or cleared. */
  partial_update: PartialUpdate;
  /** `description: ""`: stored as empty, ignored (old value kept) or refused. */
  empty_description: EmptyDescription;
  optional_fields: Record<OptionalFieldName, OptionalField>;
  /** Whether an update removed the image's virtual inventory products. */
  products: ProductRemoval;
  unknown_guid: {
    answer: UnknownGuidAnswer;
    /** Whether the known image of the same batch was updated anyway; null when not known. */
    rest_applied: boolean | null;
  };
  max_batch: {
    /** The largest batch accepted (the same image repeated). */
    accepted: number;
    /** True when a bigger batch was refused; false when every size up to `tried_up_to` passed. */
    limit_found: boolean;
    tried_up_to: number;
  } | null;
}

export interface ApiProfile {
  version: 1;
  measured_at: string;
  fwsync_version: string;
  /** The API base URL the probe ran against. */
  base_url: string;
  library: string;
  /** The throw-away image the probe used. */
  image: string;
  findings: ProfileFindings;
}

/** What the planner and the executor take from a profile (all neutral without one). */
export interface ProfileEffects {
  /** The largest batch the account accepts, or null when no limit was found. */
  maxBatch: number | null;
  /** update_images clears the fields a request leaves out. */
  partialClears: boolean;
  /** Whether an update removes virtual inventory products: measured, or as documented. */
  products: 'removed' | 'kept' | 'documented';
  /** The optional fields the account accepted (all of them without a profile). */
  optionalAccepted: OptionalFieldName[];
}

export const NO_PROFILE_EFFECTS: Readonly<ProfileEffects> = Object.freeze({
  maxBatch: null,
  partialClears: false,
  products: 'documented',
  optionalAccepted: [...OPTIONAL_FIELD_NAMES],
});

export function profileEffects(profile: ApiProfile | null): ProfileEffects {
  if (profile === null) return { ...NO_PROFILE_EFFECTS, optionalAccepted: [...OPTIONAL_FIELD_NAMES] };
  const f = profile.findings;
  return {
    maxBatch: f.max_batch?.limit_found === true ? f.max_batch.accepted : null,
    partialClears: f.partial_update === 'clears',
    products: f.products === 'untested' ? 'documented' : f.products,
    optionalAccepted: OPTIONAL_FIELD_NAMES.filter((k) => f.optional_fields[k] !== 'rejected'),
  };
}

/** The batch size to use: the config's, capped by the measured limit. */
export function cappedBatchSize(configured: number, effects: ProfileEffects): number {
  return effects.maxBatch === null ? configured : Math.max(1, Math.min(configured, effects.maxBatch));
}

export type Verdict = 'ok' | 'note' | 'warn' | 'fail';

export interface FindingLine {
  key: string;
  verdict: Verdict;
  text: string;
}

/**
 * One line per finding: `ok` when fwsync already copes with the answer, `note` when fwsync
 * changes what it does because of it, `warn` when it is something fwsync did not expect (the
 * README asks to send those back).
 */
export function describeFindings(f: ProfileFindings): FindingLine[] {
  const lines: FindingLine[] = [];
  const partial: Record<PartialUpdate, [Verdict, string]> = {
    keeps: ['ok', 'a field left out of update_images keeps its value'],
    clears: [
      'note',
      'a field left out of update_images is CLEARED: fwsync always sends title and description, and plans say what else is reset',
    ],
    unexpected: ['warn', 'a field left out of update_images changed to something neither kept nor cleared'],
    unknown: ['warn', 'partial updates could not be tested'],
  };
  lines.push({
    key: 'partial_update',
    verdict: partial[f.partial_update][0],
    text: partial[f.partial_update][1],
  });
  const empty: Record<EmptyDescription, [Verdict, string]> = {
    stored: ['ok', 'an empty description is stored as empty'],
    ignored: [
      'warn',
      'an empty description is ignored (the old text stays): a description cannot be emptied through the API',
    ],
    rejected: ['warn', 'an empty description is refused: a description cannot be emptied through the API'],
    unknown: ['warn', 'empty descriptions could not be tested'],
  };
  lines.push({
    key: 'empty_description',
    verdict: empty[f.empty_description][0],
    text: empty[f.empty_description][1],
  });
  for (const name of OPTIONAL_FIELD_NAMES) {
    const answer = f.optional_fields[name];
    const verdict: Verdict = answer === 'accepted' ? 'ok' : answer === 'untested' ? 'note' : 'warn';
    const text =
      answer === 'accepted'
        ? `${name} is accepted and stored`
        : answer === 'untested'
          ? `${name} was not tested (changing it on this image could not be undone safely)`
          : `${name} is ${answer} by update_images: do not set it in the YAML`;
    lines.push({ key: `optional_fields.${name}`, verdict, text });
  }
  const products: Record<ProductRemoval, [Verdict, string]> = {
    removed: [
      'note',
      'an update REMOVES the image’s virtual inventory products (as the documentation warns)',
    ],
    kept: [
      'ok',
      'an update keeps the image’s virtual inventory products (the documentation’s warning does not apply)',
    ],
    untested: [
      'note',
      'product removal not tested (the image has no products; use an image with products and --allow-product-removal)',
    ],
  };
  lines.push({ key: 'products', verdict: products[f.products][0], text: products[f.products][1] });
  const rest =
    f.unknown_guid.rest_applied === null
      ? ''
      : f.unknown_guid.rest_applied
        ? '; the known image of the same batch WAS updated'
        : '; the known image of the same batch was not updated';
  const unknown: Record<UnknownGuidAnswer, [Verdict, string]> = {
    'success-false': ['ok', `an unknown guid is refused with success: false${rest}`],
    'http-error': ['ok', `an unknown guid is refused with an HTTP error${rest}`],
    silent: [
      'warn',
      `an unknown guid is accepted SILENTLY${rest}: a wrong guid in the YAML is only caught by plan --refresh`,
    ],
    unknown: ['warn', 'unknown guids could not be tested'],
  };
  lines.push({
    key: 'unknown_guid',
    verdict: unknown[f.unknown_guid.answer][0],
    text: unknown[f.unknown_guid.answer][1],
  });
  const mb = f.max_batch;
  lines.push(
    mb === null
      ? { key: 'max_batch', verdict: 'warn', text: 'the batch limit could not be measured' }
      : mb.limit_found
        ? {
            key: 'max_batch',
            verdict: 'note',
            text: `update_images accepts at most ${mb.accepted} images per request: apply sends batches of at most ${mb.accepted}`,
          }
        : {
            key: 'max_batch',
            verdict: 'ok',
            text: `update_images accepted every batch up to ${mb.tried_up_to} images (api.batch_size)`,
          },
  );
  return lines;
}

/** What a plan says about the profile (nothing when fwsync's defaults already fit). */
export function profilePlanNotes(effects: ProfileEffects, sends: number, refreshed: boolean): string[] {
  if (sends === 0 || !effects.partialClears) return [];
  return [
    'fwsync doctor measured that update_images clears every field a request leaves out. ' +
      (refreshed
        ? 'apply sends the live value of visible, rank and the gallery lists along when the YAML does not set them.'
        : 'Without --refresh, an update resets visible, rank and the gallery lists the YAML does not set; run "fwsync plan --refresh" / "fwsync apply --refresh" to send their live values along.'),
  ];
}

/**
 * The payload for one image on an account that clears omitted fields: the desired fields plus
 * the live value of every accepted optional field the YAML leaves out. Without that, an update
 * of the title would reset visible, rank and the gallery lists.
 */
export function withKeptFields<T extends Record<string, unknown>>(
  desired: T,
  live: Partial<Record<OptionalFieldName, unknown>> | undefined,
  effects: ProfileEffects,
): T {
  if (!effects.partialClears || live === undefined) return desired;
  const out: Record<string, unknown> = { ...desired };
  for (const k of effects.optionalAccepted) {
    if (out[k] === undefined && live[k] !== undefined) out[k] = live[k];
  }
  return out as T;
}

/** A profile read from disk, checked field by field; null with the reason when it is not one. */
export function parseProfile(data: unknown): { profile: ApiProfile } | { problem: string } {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(data) || data.version !== 1) return { problem: 'not a version 1 profile' };
  const f = data.findings;
  if (!isObj(f)) return { problem: 'no findings' };
  const oneOf = (v: unknown, list: readonly string[]) => typeof v === 'string' && list.includes(v);
  if (!oneOf(f.partial_update, ['keeps', 'clears', 'unexpected', 'unknown']))
    return { problem: 'partial_update' };
  if (!oneOf(f.empty_description, ['stored', 'ignored', 'rejected', 'unknown']))
    return { problem: 'empty_description' };
  if (!oneOf(f.products, ['removed', 'kept', 'untested'])) return { problem: 'products' };
  const opt = f.optional_fields;
  if (
    !isObj(opt) ||
    !OPTIONAL_FIELD_NAMES.every((k) => oneOf(opt[k], ['accepted', 'ignored', 'rejected', 'untested']))
  )
    return { problem: 'optional_fields' };
  const ug = f.unknown_guid;
  if (!isObj(ug) || !oneOf(ug.answer, ['success-false', 'http-error', 'silent', 'unknown']))
    return { problem: 'unknown_guid' };
  const mb = f.max_batch;
  if (
    mb !== null &&
    !(
      isObj(mb) &&
      Number.isInteger(mb.accepted) &&
      (mb.accepted as number) >= 1 &&
      typeof mb.limit_found === 'boolean'
    )
  )
    return { problem: 'max_batch' };
  for (const key of ['measured_at', 'base_url', 'image'] as const)
    if (typeof data[key] !== 'string') return { problem: key };
  return { profile: data as unknown as ApiProfile };
}
