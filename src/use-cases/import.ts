// `fwsync import`: YAML and a matching state from the images on the account, so the next plan
// is empty. Images whose values the schema would reject are reported and left out, never
// truncated; an existing image file or state is replaced only with `force`, and then the image
// file is updated in place (its comments, order and styles kept) rather than rewritten.

import path from 'node:path';
import { countImages, listAll } from '../adapters/finerworks-paging.js';
import { parseImagesText } from '../adapters/yaml/parse-images.js';
import { editImagesYaml, YamlEditError, type FieldEdit } from '../adapters/yaml-edit.js';
import { canonicalFields, compareCodeUnits, fieldsEqual, sha256 } from '../core/canonical.js';
import type { ImageDetails } from '../core/finerworks-types.js';
import { importedFields, productLabel, rejectReasons } from '../core/live-fields.js';
import { nextState } from '../core/next-state.js';
import type { Config, DesiredSet, Guid, ImageFields, ProductsSeen, State } from '../core/types.js';
import { toDesiredImages } from '../core/validate-images.js';
import { FwsyncError } from '../errors.js';
import { describeRejected, renderImportYaml, type RejectedImage } from '../render/import-yaml.js';
import { VERSION } from '../version.js';
import { imageFileTarget, toPosix } from './image-file-path.js';
import { loadConfigFor } from './load-inputs.js';
import { apiFor, retryingCaller } from './live-read.js';
import type { Ports } from './ports.js';

const IMAGES_SCHEMA_URL = 'https://github.com/fwsync/fwsync/schemas/images.schema.json';

export interface ImportResult {
  /** The YAML file written, relative to cwd, forward slashes. */
  file: string;
  /** The state file written, relative to cwd. */
  statePath: string;
  imported: number;
  rejected: RejectedImage[];
  /** The library imported from (config library.name). */
  library: string;
  /** The account's other library and how many images it holds (null: not counted). */
  other: { library: string; count: number | null };
}

interface Target {
  config: Config;
  outAbs: string;
  rel: string;
  statePath: string;
  force: boolean;
}

export async function importAccount(
  ports: Ports,
  opts: { out: string; force: boolean; configPath?: string },
): Promise<ImportResult> {
  const config = await loadConfigFor(ports, opts);
  const { abs: outAbs, rel } = imageFileTarget(ports.cwd, config, opts.out, '--out');
  const others = (await ports.images.list({ cwd: ports.cwd, patterns: config.images })).filter(
    (f) => f !== rel,
  );
  if (others.length > 0) {
    ports.log.warn(
      `${others.length} other image file${others.length === 1 ? '' : 's'} already match the globs (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''}); ` +
        'an image in both would be a duplicate guid. Remove it from one of them.',
    );
  }

  const statePath = path.resolve(ports.cwd, config.state);
  // Like apply: a second run on this machine must not write the state at the same time.
  const lock = await ports.lock.acquire(path.dirname(statePath), { command: 'import' });
  for (const warning of lock.warnings) ports.log.warn(warning);
  try {
    return await importLocked(ports, { config, outAbs, rel, statePath, force: opts.force });
  } finally {
    await lock.release();
  }
}

async function importLocked(ports: Ports, target: Target): Promise<ImportResult> {
  const { config, outAbs, rel, statePath } = target;
  const stateRel = toPosix(path.relative(ports.cwd, statePath));
  const { state: existing } = await ports.state.read(statePath);
  if (!target.force) {
    const taken = [(await ports.files.exists(outAbs)) ? rel : null, existing ? stateRel : null].filter(
      (p): p is string => p !== null,
    );
    if (taken.length > 0) {
      throw new FwsyncError('input', `import would overwrite ${taken.join(' and ')}`, {
        hint: 'Nothing was read or written. Choose another --out, or run `fwsync import --force` to replace them.',
      });
    }
  }
  const api = apiFor(ports, config);
  const started = ports.clock.now();
  const images = await listAll(api, {
    library: config.library,
    // With the products, so the state records what each image had (plans show it later).
    listProducts: config.library.name === 'inventory',
    call: retryingCaller(ports, config),
    onPage: (e) => {
      ports.log.info(
        `import: page ${e.page}: ${e.read}${e.total === null ? '' : ` of ${e.total}`} images read`,
      );
    },
  });

  const other = await countOtherLibrary(ports, config);

  const rejected: RejectedImage[] = [];
  const accepted: Array<{ guid: Guid; fields: ImageFields }> = [];
  const leftOut: RejectedImage[] = [];
  for (const image of images) {
    const reasons = rejectReasons(image);
    if (reasons.length > 0) {
      rejected.push({ guid: image.guid, reasons });
      continue;
    }
    // Every field the account reports (README "What import writes"): a field left out here
    // would be recorded as unset, and the first drift after a person adds it would call the
    // live value a change made outside fwsync.
    const imported = importedFields(image);
    accepted.push({ guid: image.guid, fields: imported.fields });
    if (imported.leftOut.length > 0) leftOut.push({ guid: image.guid, reasons: imported.leftOut });
  }
  if (leftOut.length > 0) {
    leftOut.sort((a, b) => compareCodeUnits(a.guid, b.guid));
    ports.log.warn(
      `${leftOut.length} image${leftOut.length === 1 ? ' has' : 's have'} values the image schema would reject; those fields were left out (not managed):\n${describeRejected(leftOut, 10)}`,
    );
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

  const inPlace = target.force ? await updatedInPlace(ports, outAbs, rel, accepted) : null;
  const text =
    inPlace ??
    renderImportYaml(accepted, {
      generatedAt: started.toISOString(),
      schemaRef: await schemaRefFor(ports, path.dirname(outAbs)),
      version: VERSION,
    });
  const bytes = Buffer.from(text, 'utf8');
  const desiredImages = inPlace === null ? readBack(text, rel, accepted) : readEdited(text, rel);
  const desired: DesiredSet = {
    images: desiredImages,
    files: [{ path: rel, hash: sha256(bytes), guids: desiredImages.map((d) => d.guid), skipped: false }],
  };
  const commit = await ports.git.headCommit(ports.cwd);
  const appliedAt = ports.clock.now().toISOString();
  const fresh = nextState(null, {
    lineage: existing?.lineage ?? ports.state.newLineage(),
    confirmed: desiredImages.map((d) => ({
      guid: d.guid,
      applied: canonicalFields(d.fields),
      applied_at: appliedAt,
      source: rel,
      commit,
    })),
    forgotten: [],
    desired,
    products: productsSeen(images, appliedAt),
  });
  // --force over an existing state continues its history: same lineage, next serial.
  const state: State = existing ? { ...fresh, serial: existing.serial + 1 } : fresh;

  await ports.files.writeAtomic(outAbs, bytes, { exclusive: !target.force });
  await ports.state.write(statePath, state, {
    expected: existing ? { lineage: existing.lineage, serial: existing.serial } : null,
  });

  return {
    file: rel,
    statePath: stateRel,
    imported: accepted.length,
    rejected,
    library: config.library.name,
    other,
  };
}

/**
 * The images of the library fwsync does not manage, counted with one cheap read, so that the
 * import can say what it left alone. A failed count is "not counted", never a failed import.
 */
async function countOtherLibrary(
  ports: Ports,
  config: Config,
): Promise<{ library: string; count: number | null }> {
  const library = config.library.name === 'inventory' ? 'temporary' : 'inventory';
  try {
    const count = await countImages(apiFor(ports, config), {
      library: { name: library, site_id: config.library.site_id },
      call: retryingCaller(ports, config),
    });
    return { library, count };
  } catch (error) {
    if (!(error instanceof FwsyncError) || error.kind !== 'api') throw error;
    ports.log.verbose(`import: library ${library} not counted: ${error.message}`);
    return { library, count: null };
  }
}

/**
 * `import --force` over an existing image file: the account's titles and descriptions written
 * into it in place (comments, order, styles and the fields the account does not hold are kept),
 * images the account does not hold taken out, new ones appended. Null when there is no such
 * file, or it cannot be edited in place (then it is rewritten whole, as before, with a warning).
 */
async function updatedInPlace(
  ports: Ports,
  outAbs: string,
  rel: string,
  accepted: ReadonlyArray<{ guid: Guid; fields: ImageFields }>,
): Promise<string | null> {
  if (!(await ports.files.exists(outAbs))) return null;
  const text = await ports.files.readText(outAbs);
  const parsed = parseImagesText(text, rel);
  if (!parsed.ok) {
    ports.log.warn(`${rel} is not a valid image file; it is rewritten whole`);
    return null;
  }
  const inFile = new Map(toDesiredImages(parsed.data, rel, parsed.imageLines).map((d) => [d.guid, d]));
  const onAccount = new Set(accepted.map((a) => a.guid));
  const set: FieldEdit[] = [];
  const append: Array<{ guid: Guid; fields: ImageFields }> = [];
  for (const image of accepted) {
    const have = inFile.get(image.guid);
    if (!have) append.push(image);
    else
      for (const field of ['title', 'description'] as const) {
        if (have.fields[field] !== image.fields[field])
          set.push({ guid: image.guid, field, value: image.fields[field] });
      }
  }
  const remove = [...inFile.keys()].filter((g) => !onAccount.has(g));
  try {
    return editImagesYaml(text, rel, { set, append, remove });
  } catch (error) {
    if (!(error instanceof YamlEditError)) throw error;
    ports.log.warn(`${rel} cannot be updated in place (${error.message}); it is rewritten whole`);
    return null;
  }
}

/** The images of a file edited in place (the editor has read it back already). */
function readEdited(text: string, rel: string) {
  const parsed = parseImagesText(text, rel);
  if (!parsed.ok) throw new FwsyncError('input', `the updated ${rel} does not read back`);
  return toDesiredImages(parsed.data, rel, parsed.imageLines);
}

/** Reads the generated YAML back with the reader `plan` uses: what we write must mean what we read. */
function readBack(text: string, rel: string, accepted: ReadonlyArray<{ guid: Guid; fields: ImageFields }>) {
  const parsed = parseImagesText(text, rel);
  if (!parsed.ok) {
    throw new FwsyncError(
      'input',
      `the generated YAML for ${rel} does not read back (${parsed.issues[0]?.message ?? 'unknown problem'})`,
      { hint: 'This is a bug in fwsync; nothing was written. Please report it.' },
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
  return desiredImages;
}

async function schemaRefFor(ports: Ports, outDir: string): Promise<string> {
  for (const candidate of [
    path.join(ports.cwd, 'schemas', 'images.schema.json'),
    path.join(ports.cwd, 'node_modules', 'fwsync', 'schemas', 'images.schema.json'),
  ]) {
    if (await ports.files.exists(candidate)) return toPosix(path.relative(outDir, candidate));
  }
  return IMAGES_SCHEMA_URL;
}

/** The products of every image read, as the state records them. */
function productsSeen(images: readonly ImageDetails[], seenAt: string): Map<Guid, ProductsSeen> {
  const seen = new Map<Guid, ProductsSeen>();
  for (const image of images) {
    const labels = Array.isArray(image.products) ? image.products.map(productLabel).sort() : [];
    seen.set(image.guid, { labels, seen_at: seenAt });
  }
  return seen;
}
