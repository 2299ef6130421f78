// The API's image as fwsync's fields: pure mapping from what list_images answers to what the
// YAML and the state hold, and why an image could not be imported as it is.

import type { ImageDetails, ProductDetails } from './finerworks-types.js';
import type { ImageFields } from './types.js';

/** Schema limits (schemas/images.schema.json), counted in code points like ajv does. */
const MAX_TITLE = 256;
const MAX_DESCRIPTION = 10_000;

/** The API's image as the fields fwsync manages; `active` is the stored side of `visible`. */
export function liveFields(image: ImageDetails): ImageFields {
  const fields: ImageFields = {
    title: typeof image.title === 'string' ? image.title : '',
    // The API may hold no description at all; fwsync's "no description" is "".
    description: typeof image.description === 'string' ? image.description : '',
  };
  if (typeof image.active === 'boolean') fields.visible = image.active;
  if (typeof image.rank === 'number' && Number.isInteger(image.rank)) fields.rank = image.rank;
  if (isIntList(image.assigned_personal_gallery_ids))
    fields.assigned_personal_gallery_ids = [...image.assigned_personal_gallery_ids];
  if (isIntList(image.assigned_gallery_subcategory_ids))
    fields.assigned_gallery_subcategory_ids = [...image.assigned_gallery_subcategory_ids];
  return fields;
}

/** Schema limits of the optional fields (schemas/images.schema.json). */
const MAX_RANK = 2_147_483_647;
const MAX_IDS = 1000;

/**
 * What `fwsync import` writes for one image: every field the account reports, so that import
 * and drift agree on every field (visible ↔ active, rank, both gallery lists). An optional
 * value the image schema would reject is left out (named in `leftOut`) rather than changed:
 * fwsync then does not manage that field for the image, and the rest of it is still imported.
 */
export function importedFields(image: ImageDetails): { fields: ImageFields; leftOut: string[] } {
  const fields = liveFields(image);
  const leftOut: string[] = [];
  if (fields.rank !== undefined && (fields.rank < 0 || fields.rank > MAX_RANK)) {
    leftOut.push(`rank ${fields.rank} (the YAML needs 0–${MAX_RANK})`);
    delete fields.rank;
  }
  for (const field of ['assigned_personal_gallery_ids', 'assigned_gallery_subcategory_ids'] as const) {
    const ids = fields[field];
    if (ids === undefined) continue;
    const problem =
      ids.length > MAX_IDS
        ? `${ids.length} ids (at most ${MAX_IDS})`
        : new Set(ids).size !== ids.length
          ? 'a repeated id'
          : ids.some((id) => id < 0 || id > Number.MAX_SAFE_INTEGER)
            ? 'an id below 0 or above 2^53−1'
            : null;
    if (problem === null) continue;
    leftOut.push(`${field} (${problem})`);
    delete fields[field];
  }
  return { fields, leftOut };
}

/** A readable label for one virtual inventory product. */
export function productLabel(product: ProductDetails): string {
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const sku = text(product.sku) ?? text(product.product_code);
  const name = text(product.name);
  if (sku && name) return `${sku} (${name})`;
  return sku ?? name ?? 'unnamed product';
}

/** Why the image schema would reject this value; empty when it is fine. */
export function rejectReasons(image: ImageDetails): string[] {
  const reasons: string[] = [];
  const title = image.title;
  if (typeof title !== 'string' || title === '')
    reasons.push('empty title (the YAML needs 1–256 characters)');
  else if (codePoints(title) > MAX_TITLE)
    reasons.push(`title has ${codePoints(title)} characters (at most ${MAX_TITLE})`);
  if (typeof image.description === 'string' && codePoints(image.description) > MAX_DESCRIPTION) {
    reasons.push(`description has ${codePoints(image.description)} characters (at most ${MAX_DESCRIPTION})`);
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(image.guid))
    reasons.push('the guid is not a UUID');
  return reasons;
}

/** Why the image schema would reject this live value of one field in the YAML; null when fine. */
export function fieldRejectReason(field: string, value: unknown): string | null {
  if (field === 'title') {
    if (typeof value !== 'string' || value === '') return 'empty title (the YAML needs 1–256 characters)';
    if (codePoints(value) > MAX_TITLE)
      return `title has ${codePoints(value)} characters (at most ${MAX_TITLE})`;
  }
  if (field === 'description' && typeof value === 'string' && codePoints(value) > MAX_DESCRIPTION) {
    return `description has ${codePoints(value)} characters (at most ${MAX_DESCRIPTION})`;
  }
  return null;
}

function isIntList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v));
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}
