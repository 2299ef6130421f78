// The state transition after an apply (or after each confirmed batch): pure, so a crash
// between batches loses nothing that was confirmed and a re-run sends only the rest.

import { canonicalFields, canonicalJson, fieldsEqual, hashFields } from './canonical.js';
import type {
  DesiredSet,
  Guid,
  ImageFields,
  ProductsSeen,
  State,
  StateFileEntry,
  StateImage,
} from './types.js';

export interface ConfirmedImage {
  guid: Guid;
  /** What the API confirmed (or, for `record`, what the account already holds). */
  applied: ImageFields;
  applied_at: string;
  source: string;
  commit: string | null;
}

export interface NextStateInput {
  /** Used only when there is no previous state. */
  lineage: string;
  confirmed: ConfirmedImage[];
  forgotten: Guid[];
  desired: DesiredSet;
  /** Products read just now (apply's read, import), recorded on images the new state holds. */
  products?: ReadonlyMap<Guid, ProductsSeen>;
}

/**
 * prev + confirmed − forgotten. Never rebuilt from the changes alone: images that were not
 * part of this apply keep their entries, except that an image whose applied value equals the
 * YAML but which now lives in another file gets that file as its `source`.
 *
 * `files` records a file only when every image in it is in the new state, from that file,
 * with `applied` equal to the YAML: only then may a later plan skip it (docs/architecture.md, "Incremental plans"). Skipped
 * files keep their entry; files that are gone lose it.
 *
 * The serial goes up only when the content changes, so an apply that confirms nothing writes
 * nothing new. A new state starts at serial 1.
 */
export function nextState(prev: State | null, input: NextStateInput): State {
  const images: Record<Guid, StateImage> = { ...(prev?.images ?? {}) };
  for (const c of input.confirmed) {
    const applied = canonicalFields(c.applied);
    const seen = images[c.guid]?.products;
    // Keys in order, as the state file has them (sortKeys then writes the entry without a copy).
    images[c.guid] = {
      applied,
      applied_at: c.applied_at,
      commit: c.commit,
      hash: hashFields(applied),
      ...(seen ? { products: seen } : {}),
      source: c.source,
    };
  }
  for (const guid of input.forgotten) delete images[guid];
  for (const [guid, seen] of input.products ?? []) {
    const have = images[guid];
    if (have) {
      // products goes before source, so that the entry stays in key order (see sortKeys).
      const { source, ...before } = have;
      images[guid] = {
        ...before,
        products: { labels: [...seen.labels].sort(), seen_at: seen.seen_at },
        source,
      };
    }
  }

  const desiredByGuid = new Map(input.desired.images.map((image) => [image.guid, image]));
  // An image moved to another file (or a renamed file) plans as unchanged, so it is never
  // confirmed; without following it here, its new file could never be recorded and skipped.
  for (const image of input.desired.images) {
    const have = images[image.guid];
    if (have && have.source !== image.file && fieldsEqual(have.applied, image.fields)) {
      images[image.guid] = { ...have, source: image.file };
    }
  }
  const files: Record<string, StateFileEntry> = {};
  for (const file of input.desired.files) {
    const fromFile = (guid: Guid): boolean => images[guid]?.source === file.path;
    if (file.skipped) {
      const entry = prev?.files[file.path];
      // Defensive: keep the entry only while it still describes images the state holds.
      if (entry && entry.guids.every(fromFile))
        files[file.path] = { hash: entry.hash, guids: [...entry.guids] };
      continue;
    }
    const confirmedWhole = file.guids.every((guid) => {
      const want = desiredByGuid.get(guid);
      const have = images[guid];
      return (
        want !== undefined && have !== undefined && fromFile(guid) && fieldsEqual(have.applied, want.fields)
      );
    });
    if (confirmedWhole) files[file.path] = { hash: file.hash, guids: [...file.guids].sort() };
  }

  const sortedImages = sortRecord(images);
  const sortedFiles = sortRecord(files);
  if (prev && sameContent(prev, sortedImages, sortedFiles)) {
    // Same content: the sorted records are prev's, so only the serial must not move.
    return { ...prev, images: sortedImages, files: sortedFiles };
  }
  return {
    version: 1,
    lineage: prev ? prev.lineage : input.lineage,
    serial: prev ? prev.serial + 1 : 1,
    images: sortedImages,
    files: sortedFiles,
  };
}

/** Same content, ignoring key order. */
export function stateEquals(a: State | null, b: State | null): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function sameContent(prev: State, images: State['images'], files: State['files']): boolean {
  return sameRecord(prev.images, images) && sameRecord(prev.files, files);
}

/**
 * canonicalJson(a) === canonicalJson(b) for two records, without serializing the entries both
 * share: after an apply of one image, 99,999 of 100k entries are the very same objects.
 */
function sameRecord<T>(a: Record<string, T>, b: Record<string, T>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    const x = a[key];
    const y = b[key];
    if (x !== y && canonicalJson(x) !== canonicalJson(y)) return false;
  }
  return true;
}

function sortRecord<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key] as T;
  return out;
}
