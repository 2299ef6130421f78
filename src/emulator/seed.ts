// Seeds: the images the emulator starts with, from a JSON/YAML file or generated.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FwsyncError } from '../errors.js';
import { wireDate } from './store.js';
import type { EmulatorSeed, LibraryName, SeedImage } from './types.js';

/** Guid of the i-th generated image (1-based): stable across runs, a valid v4-shaped UUID. */
export function seedGuid(index: number): string {
  return `5eed0000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

export interface GenerateSeedOptions {
  /** Share of images in the inventory library (0..1), spread evenly. Default 0.5. */
  inventoryShare?: number;
  /** Virtual products on each inventory image. Default 2. */
  productsPerImage?: number;
  /** date_added of image 1; later images are one minute apart. Default 2024-01-01. */
  start?: Date;
}

export function generateSeed(n: number, opts: GenerateSeedOptions = {}): EmulatorSeed {
  const share = opts.inventoryShare ?? 0.5;
  const perImage = opts.productsPerImage ?? 2;
  const start = (opts.start ?? new Date('2024-01-01T00:00:00Z')).getTime();
  const images: SeedImage[] = [];
  for (let i = 1; i <= n; i++) {
    // Bresenham-style spreading: exactly round(n * share) inventory images, interleaved.
    const library: LibraryName =
      Math.floor(i * share) > Math.floor((i - 1) * share) ? 'inventory' : 'temporary';
    images.push({
      id: i,
      guid: seedGuid(i),
      title: `Image ${i}`,
      description: `Description of image ${i}.`,
      file_name: `image-${i}.jpg`,
      file_size: 1_000_000 + i,
      pix_w: 1600,
      pix_h: 2400,
      date_added: wireDate(new Date(start + (i - 1) * 60_000)),
      active: true,
      library,
      products:
        library === 'inventory'
          ? Array.from({ length: perImage }, (_, p) => ({
              sku: `VI-${i}-${p + 1}`,
              name: `Print ${p + 1} of image ${i}`,
              product_code: `PC-${i}-${p + 1}`,
            }))
          : [],
    });
  }
  return { images };
}

/** Check a parsed seed document; `where` names the file in messages. */
export function parseSeed(data: unknown, where: string): EmulatorSeed {
  const bad = (what: string): never => {
    throw new FwsyncError('input', `${where}: ${what}`, {
      hint: 'A seed is { "images": [ { "guid": "…", "title": "…", "library": "inventory" } ], "account": { … } }.',
    });
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return bad('the seed must be an object');
  const doc = data as Record<string, unknown>;
  if (!Array.isArray(doc.images)) return bad('"images" must be a list');
  if (
    doc.account !== undefined &&
    (typeof doc.account !== 'object' || doc.account === null || Array.isArray(doc.account))
  ) {
    bad('"account" must be an object');
  }
  const seen = new Map<string, number>();
  doc.images.forEach((img: unknown, i) => {
    const at = `images[${i}]`;
    if (typeof img !== 'object' || img === null || Array.isArray(img)) return bad(`${at} must be an object`);
    const e = img as Record<string, unknown>;
    if (typeof e.guid !== 'string' || e.guid === '') return bad(`${at}.guid must be a non-empty string`);
    if (typeof e.title !== 'string') bad(`${at}.title must be a string`);
    if (e.description !== undefined && typeof e.description !== 'string')
      bad(`${at}.description must be a string`);
    if (e.id !== undefined && !Number.isInteger(e.id)) bad(`${at}.id must be an integer`);
    if (e.library !== undefined && e.library !== 'inventory' && e.library !== 'temporary')
      bad(`${at}.library must be "inventory" or "temporary"`);
    if (e.products !== undefined && !Array.isArray(e.products)) bad(`${at}.products must be a list`);
    const key = e.guid.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) bad(`${at}.guid ${e.guid} repeats images[${first}]`);
    seen.set(key, i);
  });
  return data as EmulatorSeed;
}

/** Read a seed from a .json, .yaml or .yml file (anything else: JSON, then YAML). */
export async function loadSeedFile(file: string): Promise<EmulatorSeed> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FwsyncError('input', `cannot read the seed file ${file}`, {
      cause: error,
      hint: 'Check the path given to --seed.',
    });
  }
  const ext = path.extname(file).toLowerCase();
  let data: unknown;
  try {
    if (ext === '.json') data = JSON.parse(text);
    else if (ext === '.yaml' || ext === '.yml')
      data = parseYaml(text, { version: '1.2', schema: 'core', merge: false });
    else {
      try {
        data = JSON.parse(text);
      } catch {
        data = parseYaml(text, { version: '1.2', schema: 'core', merge: false });
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new FwsyncError(
      'input',
      `${file} is not valid ${ext === '.json' ? 'JSON' : 'JSON or YAML'}: ${reason}`,
      {
        cause: error,
      },
    );
  }
  return parseSeed(data, file);
}
