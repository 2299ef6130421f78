// Reading the live account: whoami, paging through list_images, import, the live values for
// `plan --refresh` and drift, and the read-back of `apply --verify`. Everything goes through
// the FinerWorksApi port; files, the clock and the logger come in through `Deps`.

import { existsSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { FinerWorksError, toFwsyncError } from './adapters/finerworks-client.js';
import type {
  FinerWorksApi,
  ImageDetails,
  ImageLibrary,
  ListImagesResponse,
  ProductDetails,
  UpdateImageDetails,
} from './adapters/finerworks-types.js';
import { parseImagesText } from './adapters/read-images.js';
import { acquireLock } from './adapters/lock.js';
import { newLineage, readState, writeState } from './adapters/state-store.js';
import { systemRetry, withRetry } from './apply/retry.js';
import { canonicalFields, compareCodeUnits, fieldsEqual, sha256 } from './core/canonical.js';
import { desiredByGuid, projectLive, sameValue } from './core/drift.js';
import { nextState } from './core/next-state.js';
import { toDesiredImages } from './core/validate-images.js';
import {
  FIELD_NAMES,
  type Config,
  type DesiredSet,
  type FieldName,
  type Guid,
  type ImageFields,
  type State,
} from './core/types.js';
import { FwsyncError } from './errors.js';
import type { Deps } from './run.js';
import { VERSION } from './version.js';

/** list_images answers at most 50 per page (finerworks-api.md §3). */
export const PER_PAGE = 50;
/** A server that never says "last page" is stopped here: 500,000 images. */
export const MAX_PAGES = 10_000;
/** Schema limits (schemas/images.schema.json), counted in code points like ajv does. */
/** Reads of one command give up on new attempts after this long. */
const READ_DEADLINE_MS = 10 * 60_000;
const MAX_TITLE = 256;
const MAX_DESCRIPTION = 10_000;

const IMAGES_SCHEMA_URL = 'https://github.com/fwsync/fwsync/schemas/images.schema.json';

/** Runs one API call, with retries of transient failures when the caller wants them. */
export type Caller = <T>(attempt: (signal?: AbortSignal) => Promise<T>) => Promise<T>;

const once: Caller = (attempt) => attempt();

/** Library as config knows it; the client fills in session_id and account_key. */
export type LibraryRef = Pick<ImageLibrary, 'name' | 'site_id'>;

// ---------------------------------------------------------------------------------------------
// whoami

export async function whoami(
  api: FinerWorksApi,
  call: Caller = once,
): Promise<{ name: string; id: number | null }> {
  const account = await guarded(() => call((signal) => api.testMyCredentials(signal)));
  const name =
    typeof account.account_username === 'string' && account.account_username !== ''
      ? account.account_username
      : '(no user name)';
  const id = typeof account.account_id === 'number' ? account.account_id : null;
  return { name, id };
}

// ---------------------------------------------------------------------------------------------
// Paging

export interface PageEvent {
  page: number;
  /** Images on this page. */
  images: number;
  /** Distinct images read so far. */
  read: number;
  /** What the server says the whole listing holds, when it says so. */
  total: number | null;
}

export interface ListAllOptions {
  library: LibraryRef;
  /** Only these images (guid_filter, ≤ 50 per request). */
  guids?: readonly Guid[];
  listProducts?: boolean;
  onPage?: (event: PageEvent) => void;
  call?: Caller;
  maxPages?: number;
}

/**
 * Every image of the library (or of `guids`), in the server's id order, each once. Pages of
 * 50 with every request field set; stops at a short page or when page × per_page reaches
 * `count`, and refuses a server that repeats itself or never ends rather than loop.
 */
export async function listAll(api: FinerWorksApi, opts: ListAllOptions): Promise<ImageDetails[]> {
  const call = opts.call ?? once;
  const maxPages = opts.maxPages ?? MAX_PAGES;
  const seen = new Map<Guid, ImageDetails>();
  const filters: (Guid[] | null)[] = opts.guids === undefined ? [null] : chunk(unique(opts.guids), PER_PAGE);
  let pages = 0;

  for (const filter of filters) {
    for (let page = 1; ; page++) {
      pages += 1;
      if (pages > maxPages) {
        throw new FwsyncError('api', `list_images did not reach its last page after ${maxPages} pages`, {
          hint: 'The server keeps answering full pages. Check api.base_url (or FINERWORKS_API_URL) and library in the config.',
        });
      }
      const response: ListImagesResponse = await guarded(() =>
        call((signal) =>
          api.listImages(
            {
              library: { name: opts.library.name, site_id: opts.library.site_id },
              search_filter: '',
              guid_filter: filter,
              page_number: page,
              per_page: PER_PAGE,
              sort_field: 'id',
              sort_direction: 'ASC',
              upload_date_from: null,
              upload_date_to: null,
              list_products: opts.listProducts ?? false,
              active: null,
            },
            signal,
          ),
        ),
      );
      const images = Array.isArray(response.images) ? response.images : [];
      let fresh = 0;
      for (const image of images) {
        if (typeof image?.guid !== 'string') continue;
        const guid = image.guid.toLowerCase();
        if (seen.has(guid)) continue;
        seen.set(guid, { ...image, guid });
        fresh += 1;
      }
      // A server that caps per_page lower than asked pages by its own size.
      const perPage =
        typeof response.per_page === 'number' && response.per_page > 0
          ? Math.min(response.per_page, PER_PAGE)
          : PER_PAGE;
      const total =
        typeof response.count === 'number' && Number.isFinite(response.count) ? response.count : null;
      opts.onPage?.({ page, images: images.length, read: seen.size, total });
      if (images.length < perPage) break;
      if (total !== null && page * perPage >= total) break;
      if (fresh === 0) {
        throw new FwsyncError(
          'api',
          `list_images page ${page} repeated images already read: the server ignores page_number`,
          {
            hint: 'Check api.base_url (or FINERWORKS_API_URL); fwsync stops rather than read the same page forever.',
          },
        );
      }
    }
  }
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------------
// Live values

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

/** A readable label for one virtual inventory product. */
export function productLabel(product: ProductDetails): string {
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const sku = text(product.sku) ?? text(product.product_code);
  const name = text(product.name);
  if (sku && name) return `${sku} (${name})`;
  return sku ?? name ?? 'unnamed product';
}

export interface LiveRead {
  live: Map<Guid, ImageFields>;
  products: Map<Guid, string[]>;
  /** Guids asked for that the account does not hold (in this library), sorted. */
  missing: Guid[];
}

export async function readLive(
  api: FinerWorksApi,
  opts: { library: LibraryRef; guids: readonly Guid[]; listProducts: boolean; call?: Caller },
): Promise<LiveRead> {
  const wanted = unique(opts.guids);
  const live = new Map<Guid, ImageFields>();
  const products = new Map<Guid, string[]>();
  if (wanted.length > 0) {
    const images = await listAll(api, {
      library: opts.library,
      guids: wanted,
      listProducts: opts.listProducts,
      ...(opts.call ? { call: opts.call } : {}),
    });
    const asked = new Set(wanted);
    for (const image of images) {
      if (!asked.has(image.guid)) continue; // a server that ignores guid_filter
      live.set(image.guid, liveFields(image));
      if (Array.isArray(image.products) && image.products.length > 0) {
        products.set(image.guid, image.products.map(productLabel).sort());
      }
    }
  }
  const missing = wanted.filter((g) => !live.has(g)).sort();
  return { live, products, missing };
}

/**
 * The live inputs of `plan --refresh` (and of naming inventory products): the live value of
 * every image the YAML names, reduced to the fields fwsync manages for it (core/drift.ts
 * projectLive), its products when the library is inventory, and the guids the account does
 * not hold. The caller fails with exit 1 before anything is sent when `missing` is not empty.
 * Images only in the state are not read: a `forget` sends nothing.
 */
export async function liveInputsForPlan(
  api: FinerWorksApi,
  opts: { desired: DesiredSet; state: State | null; config: Config; call?: Caller },
): Promise<LiveRead & { raw: Map<Guid, ImageFields> }> {
  const wanted = desiredByGuid(opts.desired, opts.state);
  const read = await readLive(api, {
    library: opts.config.library,
    guids: [...wanted.keys()],
    listProducts: opts.config.library.name === 'inventory',
    ...(opts.call ? { call: opts.call } : {}),
  });
  const live = new Map<Guid, ImageFields>();
  for (const [guid, fields] of read.live) {
    live.set(guid, projectLive(fields, wanted.get(guid)?.fields, opts.state?.images[guid]?.applied).fields);
  }
  return { live, raw: read.live, products: read.products, missing: read.missing };
}

/**
 * Everything `plan --refresh` / `apply --refresh` needs in one call: every image file parsed
 * (so a drifted image of an otherwise skipped file has its line), the projected live values
 * and products, and exit 1 (nothing sent) when an image of the YAML is not on the account.
 */
export async function refreshForPlan(
  deps: Deps,
  inputs: { config: Config; state: State | null },
): Promise<{
  desired: DesiredSet;
  live: Map<Guid, ImageFields>;
  /** Every field the account reports, not only the managed ones (for withKeptFields). */
  raw: Map<Guid, ImageFields>;
  products: Map<Guid, string[]>;
}> {
  const { readDesired } = await import('./adapters/read-images.js');
  const { desired, issues } = await readDesired({
    cwd: deps.cwd,
    patterns: inputs.config.images,
    stateFiles: null,
  });
  const { apiFor, failOnIssues } = await import('./run.js');
  failOnIssues(issues);
  const read = await liveInputsForPlan(apiFor(deps, inputs.config), {
    desired,
    state: inputs.state,
    config: inputs.config,
    call: retryingCaller(deps, inputs.config),
  });
  if (read.missing.length > 0) throw missingImagesError(read.missing, inputs.config.library);
  return { desired, live: read.live, raw: read.raw, products: read.products };
}

/** The error `plan --refresh` raises for images that are not on the account. */
export function missingImagesError(missing: readonly Guid[], library: LibraryRef): FwsyncError {
  const shown = missing.slice(0, 10).join(', ');
  const more = missing.length > 10 ? ` and ${missing.length - 10} more` : '';
  return new FwsyncError(
    'input',
    `${missing.length} image${missing.length === 1 ? '' : 's'} in the YAML ${missing.length === 1 ? 'is' : 'are'} not on the account (library "${library.name}"): ${shown}${more}`,
    {
      hint: 'Nothing was sent. Check the guids, or library.name in the config; remove images deleted on FinerWorks from the YAML.',
    },
  );
}

// ---------------------------------------------------------------------------------------------
// apply --verify

export interface VerifyMismatch {
  guid: Guid;
  /** `image` when the image itself could not be read back. */
  field: FieldName | 'image';
  sent: unknown;
  /** What list_images reports now; undefined when it does not report the field (or the image). */
  stored: unknown;
}

/** Reads the sent images back and lists every sent field the account does not hold. */
export async function verifyApplied(
  api: FinerWorksApi,
  sent: readonly UpdateImageDetails[],
  library: LibraryRef,
  call: Caller = once,
): Promise<VerifyMismatch[]> {
  const byGuid = new Map(sent.map((image) => [image.guid.toLowerCase(), image]));
  const { live } = await readLive(api, { library, guids: [...byGuid.keys()], listProducts: false, call });
  const mismatches: VerifyMismatch[] = [];
  for (const guid of [...byGuid.keys()].sort()) {
    const image = byGuid.get(guid)!;
    const stored = live.get(guid);
    if (!stored) {
      mismatches.push({ guid, field: 'image', sent: guid, stored: undefined });
      continue;
    }
    for (const field of FIELD_NAMES) {
      const value = image[field];
      if (value === undefined) continue;
      if (!sameValue(field, stored[field], value))
        mismatches.push({ guid, field, sent: value, stored: stored[field] });
    }
  }
  return mismatches;
}

// ---------------------------------------------------------------------------------------------
// import

export interface RejectedImage {
  guid: Guid;
  reasons: string[];
}

export interface ImportResult {
  /** The YAML file written, relative to cwd, forward slashes. */
  file: string;
  /** The state file written, relative to cwd. */
  statePath: string;
  imported: number;
  rejected: RejectedImage[];
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

/**
 * Writes YAML for every image on the account and a state in which every image is confirmed,
 * so the next plan is empty (and does not even parse the file). Images whose values the
 * schema would reject are reported and left out of both, never truncated. Refuses to replace
 * an existing image file or state unless `force`.
 */
export async function importAccount(
  deps: Deps,
  opts: { out: string; force: boolean; configPath?: string },
): Promise<ImportResult> {
  // Loaded here: the reads over the port above need neither.
  const { loadConfig } = await import('./adapters/config.js');
  const { headCommit } = await import('./adapters/git.js');
  const config = await loadConfig({
    cwd: deps.cwd,
    ...(opts.configPath ? { configPath: opts.configPath } : {}),
  });
  const outAbs = path.resolve(deps.cwd, opts.out);
  const rel = toPosix(path.relative(deps.cwd, outAbs));
  if (rel.startsWith('../') || path.isAbsolute(rel)) {
    throw new FwsyncError('input', `--out ${opts.out} is outside the working directory`, {
      hint: 'Image files live in the repository; pick a path under it, e.g. images/imported.yaml.',
    });
  }
  if (!matchesAny(rel, config.images)) {
    throw new FwsyncError(
      'input',
      `--out ${rel} is not matched by the image globs (${config.images.join(', ')})`,
      {
        hint: 'The next plan would not read the file and would forget every imported image. Pick a path the globs match, e.g. images/imported.yaml, or change `images` in the config.',
      },
    );
  }
  const others = (
    await glob([...config.images], { cwd: deps.cwd, onlyFiles: true, expandDirectories: false })
  )
    .map(toPosix)
    .filter((f) => f !== rel);
  if (others.length > 0) {
    deps.log.warn(
      `${others.length} other image file${others.length === 1 ? '' : 's'} already match the globs (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''}); ` +
        'an image in both would be a duplicate guid. Remove it from one of them.',
    );
  }

  const statePath = path.resolve(deps.cwd, config.state);
  // Like apply: a second run on this machine must not write the state at the same time.
  const lock = await acquireLock(path.dirname(statePath), { command: 'import' });
  for (const warning of lock.warnings) deps.log.warn(warning);
  try {
    return await importLocked(deps, { ...opts, config, outAbs, rel, statePath, headCommit });
  } finally {
    await lock.release();
  }
}

async function importLocked(
  deps: Deps,
  opts: {
    force: boolean;
    config: Config;
    outAbs: string;
    rel: string;
    statePath: string;
    headCommit: (cwd: string) => Promise<string | null>;
  },
): Promise<ImportResult> {
  const { config, outAbs, rel, statePath, headCommit } = opts;
  const stateRel = toPosix(path.relative(deps.cwd, statePath));
  const { state: existing } = await readState(statePath);
  if (!opts.force) {
    const taken = [existsSync(outAbs) ? rel : null, existing ? stateRel : null].filter(
      (p): p is string => p !== null,
    );
    if (taken.length > 0) {
      throw new FwsyncError('input', `import would overwrite ${taken.join(' and ')}`, {
        hint: 'Nothing was read or written. Choose another --out, or run `fwsync import --force` to replace them.',
      });
    }
  }
  const api = (await import('./run.js')).apiFor(deps, config);
  const call = retryingCaller(deps, config);
  const started = deps.now();
  const images = await listAll(api, {
    library: config.library,
    call,
    onPage: (e) => {
      deps.log.info(
        `import: page ${e.page}: ${e.read}${e.total === null ? '' : ` of ${e.total}`} images read`,
      );
    },
  });

  const rejected: RejectedImage[] = [];
  const accepted: Array<{ guid: Guid; fields: ImageFields }> = [];
  for (const image of images) {
    const reasons = rejectReasons(image);
    if (reasons.length > 0) rejected.push({ guid: image.guid, reasons });
    // Only title and description: the optional fields are not confirmed by the API docs, and
    // an imported file that set them would send them on every later update.
    else
      accepted.push({
        guid: image.guid,
        fields: { title: image.title, description: liveFields(image).description },
      });
  }
  accepted.sort((a, b) => compareCodeUnits(a.guid, b.guid));
  rejected.sort((a, b) => compareCodeUnits(a.guid, b.guid));
  if (accepted.length === 0) {
    throw new FwsyncError(
      'input',
      `the account has no importable images in library "${config.library.name}" (${images.length} read, ${rejected.length} rejected)`,
      {
        hint:
          rejected.length > 0
            ? `Nothing was written. ${describeRejected(rejected, 5)}`
            : 'Nothing was written. Check library.name and library.site_id in the config.',
      },
    );
  }

  const text = renderImportYaml(accepted, {
    generatedAt: started.toISOString(),
    schemaRef: schemaRefFor(deps.cwd, path.dirname(outAbs)),
  });
  const bytes = Buffer.from(text, 'utf8');
  // Read back with the same reader `plan` uses: what we write must mean exactly what we read.
  const parsed = parseImagesText(text, rel);
  if (!parsed.ok) {
    throw new FwsyncError(
      'input',
      `the generated YAML for ${rel} does not read back (${parsed.issues[0]?.message ?? 'unknown problem'})`,
      {
        hint: 'This is a bug in fwsync; nothing was written. Please report it.',
      },
    );
  }
  const desiredImages = toDesiredImages(parsed.data, rel, parsed.imageLines);
  const roundTrips =
    desiredImages.length === accepted.length &&
    desiredImages.every((d, i) => d.guid === accepted[i]?.guid && fieldsEqual(d.fields, accepted[i].fields));
  if (!roundTrips) {
    throw new FwsyncError('input', `the generated YAML for ${rel} reads back with different values`, {
      hint: 'This is a bug in fwsync; nothing was written. Please report it.',
    });
  }

  const desired: DesiredSet = {
    images: desiredImages,
    files: [{ path: rel, hash: sha256(bytes), guids: desiredImages.map((d) => d.guid), skipped: false }],
  };
  const commit = await headCommit(deps.cwd);
  const appliedAt = deps.now().toISOString();
  const fresh = nextState(null, {
    lineage: existing?.lineage ?? newLineage(),
    confirmed: desiredImages.map((d) => ({
      guid: d.guid,
      applied: canonicalFields(d.fields),
      applied_at: appliedAt,
      source: rel,
      commit,
    })),
    forgotten: [],
    desired,
  });
  // --force over an existing state continues its history: same lineage, next serial.
  const state: State = existing ? { ...fresh, serial: existing.serial + 1 } : fresh;

  await writeFileAtomic(outAbs, bytes, { exclusive: !opts.force });
  await writeState(statePath, state, {
    expected: existing ? { lineage: existing.lineage, serial: existing.serial } : null,
  });

  return { file: rel, statePath: stateRel, imported: accepted.length, rejected };
}

/** One line per rejected image (guid: reasons), the first `limit` of them. */
export function describeRejected(rejected: readonly RejectedImage[], limit: number): string {
  const shown = rejected.slice(0, limit).map((r) => `${r.guid}: ${r.reasons.join('; ')}`);
  if (rejected.length > limit) shown.push(`…and ${rejected.length - limit} more`);
  return shown.join('\n');
}

/**
 * Canonical YAML for imported images: every string double-quoted (no YAML 1.1 surprises such
 * as `yes` or `0123` in other tools), one line per value, and characters that editors or
 * terminals treat as line breaks or formatting written as escapes.
 */
export function renderImportYaml(
  images: ReadonlyArray<{ guid: Guid; fields: ImageFields }>,
  meta: { generatedAt: string; schemaRef: string },
): string {
  const lines = [
    `# yaml-language-server: $schema=${meta.schemaRef}`,
    `# Generated by fwsync ${VERSION} (fwsync import) at ${meta.generatedAt} from the images on the FinerWorks account.`,
    '# Edit freely: comments, order and quoting do not matter to fwsync.',
    'version: 1',
  ];
  lines.push('images:');
  for (const { guid, fields } of images) {
    lines.push(
      `  - guid: ${quote(guid)}`,
      `    title: ${quote(fields.title)}`,
      `    description: ${quote(fields.description)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A YAML double-quoted scalar (a JSON string is one), with line and format characters escaped. */
function quote(text: string): string {
  // JSON.stringify escapes ", \ and C0 controls, and (well-formed JSON.stringify) lone surrogates.
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function schemaRefFor(cwd: string, outDir: string): string {
  for (const candidate of [
    path.join(cwd, 'schemas', 'images.schema.json'),
    path.join(cwd, 'node_modules', 'fwsync', 'schemas', 'images.schema.json'),
  ]) {
    if (existsSync(candidate)) return toPosix(path.relative(outDir, candidate));
  }
  return IMAGES_SCHEMA_URL;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Reads with the apply's retry policy: transient failures are retried, auth stops at once. */
export function retryingCaller(deps: Deps, config: Config): Caller {
  return (attempt) =>
    interruptible(deps.signal, () =>
      withRetry((signal) => attempt(signal), {
        ...systemRetry(config.api.max_attempts, READ_DEADLINE_MS, () => deps.now().getTime()),
        signal: deps.signal,
        onRetry: (info) =>
          deps.log.verbose(`retrying a read after ${Math.round(info.delayMs)} ms: ${info.error.message}`),
      }),
    );
}

/** A read cut short by SIGINT/SIGTERM is an interruption (exit 130), not an API failure. */
async function interruptible<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : error;
    throw error;
  }
}

/** FinerWorks errors become the errors the entry points map to exit codes. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof FinerWorksError) throw toFwsyncError(error);
    throw error;
  }
}

async function writeFileAtomic(file: string, bytes: Uint8Array, opts: { exclusive: boolean }): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  if (opts.exclusive && existsSync(file)) {
    throw new FwsyncError('input', `${file} appeared while importing; it was not overwritten`, {
      hint: 'Run `fwsync import` again.',
    });
  }
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new FwsyncError('input', `could not write ${file}`, { cause: error });
  }
}

function matchesAny(rel: string, patterns: readonly string[]): boolean {
  const matches = (path.posix as { matchesGlob?: (p: string, g: string) => boolean }).matchesGlob;
  // Without path.matchesGlob (older Node) the check is skipped rather than guessed.
  if (typeof matches !== 'function') return true;
  return patterns.some((pattern) => matches(rel, pattern));
}

function isIntList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v));
}

function unique(guids: readonly Guid[]): Guid[] {
  return [...new Set(guids.map((g) => g.toLowerCase()))];
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
