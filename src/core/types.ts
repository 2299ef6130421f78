// The shared vocabulary of fwsync. Everything here is plain data: it crosses the pure core,
// the renderers and the edges unchanged, and every JSON form of it is described by a schema
// in schemas/.

/** A FinerWorks image guid, always lower-case. */
export type Guid = string;

/** The metadata fwsync manages for one image: exactly what is sent to update_images. */
export interface ImageFields {
  title: string;
  description: string;
  visible?: boolean;
  rank?: number;
  assigned_personal_gallery_ids?: number[];
  assigned_gallery_subcategory_ids?: number[];
}

export type FieldName = keyof ImageFields;

/** Fixed order in which fields are compared, rendered and sent. */
export const FIELD_NAMES: readonly FieldName[] = [
  'title',
  'description',
  'visible',
  'rank',
  'assigned_personal_gallery_ids',
  'assigned_gallery_subcategory_ids',
];

/** One image as the YAML files want it. */
export interface DesiredImage {
  guid: Guid;
  fields: ImageFields;
  /** Path relative to the working directory, with forward slashes. */
  file: string;
  /** 1-based line of the image's entry (the `- guid:` item). */
  line: number;
}

/** What the reader learned about one image file. */
export interface SourceFile {
  path: string;
  /** `sha256:<hex>` over the file's raw bytes. */
  hash: string;
  guids: Guid[];
  /**
   * True when the file was not parsed because its bytes match the state's `files` entry:
   * its images are unchanged by construction and are not in `DesiredSet.images`.
   */
  skipped: boolean;
}

export interface DesiredSet {
  /** Parsed images, sorted by guid. Images of skipped files are not here. */
  images: DesiredImage[];
  /** Every file matched by the globs, sorted by path. */
  files: SourceFile[];
}

/** A problem with the user's input, pointing at the exact place. */
export interface Issue {
  file: string;
  line: number;
  column: number;
  /** Stable identifier of the rule, e.g. `yaml-duplicate-key`, `schema-additional-property`. */
  code: string;
  message: string;
  /** How to fix it, when we can tell. */
  hint?: string;
}

export interface StateImage {
  /** Exactly what the API last confirmed for this image. */
  applied: ImageFields;
  /** `sha256:<hex>` over the canonical JSON of `applied`. */
  hash: string;
  applied_at: string;
  /** The file the image came from when it was applied. */
  source: string;
  /** The git commit of the working tree when applied, or null outside git. */
  commit: string | null;
}

export interface StateFileEntry {
  hash: string;
  guids: Guid[];
}

export interface State {
  version: 1;
  lineage: string;
  serial: number;
  images: Record<Guid, StateImage>;
  files: Record<string, StateFileEntry>;
}

export type ChangeKind = 'update' | 'adopt' | 'forget' | 'record';

export interface FieldChange {
  field: FieldName;
  /** Absent when the field was not set before (or the live value is unknown). */
  before?: unknown;
  /** Absent when the field is no longer set. */
  after?: unknown;
}

export interface Change {
  guid: Guid;
  kind: ChangeKind;
  /** The YAML file and line of the image; for `forget`, the state's `source` and null. */
  file: string;
  line: number | null;
  fields: FieldChange[];
  /** The full payload to send (update, adopt) or to record (record). Absent for forget. */
  desired?: ImageFields;
  /** `--refresh` only: the live value differs from the last applied one. */
  drifted?: boolean;
  /** `--refresh` only: what the account holds now. */
  live?: ImageFields;
  /** With credentials: virtual inventory products an update would remove. */
  products?: string[];
}

export interface PlanSummary {
  update: number;
  adopt: number;
  forget: number;
  record: number;
  unchanged: number;
  drifted: number;
}

export interface SafetyVerdict {
  /** False when the plan sends more updates than the threshold allows. */
  safe: boolean;
  updates: number;
  /** Images in the state before the apply. */
  tracked: number;
  max_change_percent: number;
  /** The check only applies from this many tracked images on. */
  min_tracked: number;
  message?: string;
}

export interface Plan {
  version: 1;
  /** `sha256:<hex>` over the canonical changes, lineage and serial. */
  checksum: string;
  state: { exists: boolean; lineage: string | null; serial: number };
  summary: PlanSummary;
  /** Every image that is not unchanged, sorted by guid. */
  changes: Change[];
  safety: SafetyVerdict;
  /** True when --refresh read the live values. */
  refreshed: boolean;
  /** Human-readable notes every renderer shows (inventory warning, unknown live values...). */
  notes: string[];
}

export interface Config {
  version: 1;
  images: string[];
  state: string;
  api: {
    base_url: string;
    batch_size: number;
    concurrency: number;
    timeout_seconds: number;
    max_attempts: number;
  };
  library: { name: 'inventory' | 'temporary'; site_id: number };
  safety: { max_change_percent: number; invisible_characters: 'warn' | 'error'; max_image_files: number };
}

export type ImageOutcome = 'applied' | 'recorded' | 'forgotten' | 'failed' | 'not_attempted' | 'refused';

export interface ImageResult {
  guid: Guid;
  kind: ChangeKind;
  outcome: ImageOutcome;
  /** The API's message for a failed image, or why it was not attempted. */
  message?: string;
}

export interface ApplyResult {
  version: 1;
  plan_checksum: string;
  /** True when every change was confirmed. */
  complete: boolean;
  interrupted: boolean;
  summary: Record<ImageOutcome, number>;
  requests: number;
  images: ImageResult[];
  state: { lineage: string; serial: number } | null;
  /** apply --verify: fields the API did not store as sent (empty when all match). */
  verify?: Array<{ guid: Guid; field: FieldName | 'image'; sent?: unknown; stored?: unknown }>;
}
