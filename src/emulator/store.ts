// The emulator's account: images in two libraries, and the operations the API performs on
// them. No I/O here; the clock is passed in so dates repeat in tests.

import type { ImageDetails, UserAccount } from '../core/finerworks-types.js';
import type { EmulatorSeed, LibraryName } from './types.js';

interface StoredImage {
  library: LibraryName;
  image: ImageDetails;
}

const DEFAULT_ACCOUNT: UserAccount = {
  account_id: 1001,
  account_username: 'demo-artist',
  account_email: 'demo-artist@example.com',
  account_firstname: 'Demo',
  account_lastname: 'Artist',
};

export interface ListQuery {
  library: LibraryName;
  guids: string[] | null;
  search: string;
  active: boolean | null;
  from: number | null;
  to: number | null;
  sortField: 'id' | 'title' | 'file_name' | 'file_size' | 'date_added';
  descending: boolean;
  page: number;
  perPage: number;
  listProducts: boolean;
}

export interface ImageUpdate {
  guid: string;
  title?: string;
  description?: string;
  visible?: boolean;
  rank?: number;
  assigned_personal_gallery_ids?: number[];
  assigned_gallery_subcategory_ids?: number[];
}

/** ASP.NET renders DateTime without a zone; so do we. */
export function wireDate(date: Date): string {
  return date.toISOString().slice(0, 19);
}

function addedGuid(counter: number): string {
  return `add00000-0000-4000-a000-${counter.toString(16).padStart(12, '0')}`;
}

export class ImageStore {
  readonly account: UserAccount;
  private readonly byGuid = new Map<string, StoredImage>();
  private nextId = 1;
  private added = 0;

  constructor(
    seed: EmulatorSeed,
    private readonly now: () => Date,
  ) {
    this.account = structuredClone(seed.account ?? DEFAULT_ACCOUNT);
    for (const entry of seed.images) this.put(entry);
  }

  /** Insert or replace an image from a seed-like entry, filling in defaults. */
  put(entry: Partial<ImageDetails> & { guid: string; library?: LibraryName }): ImageDetails {
    const guid = entry.guid.toLowerCase();
    const previous = this.byGuid.get(guid);
    const { library: requested, ...fields } = structuredClone(entry);
    const library: LibraryName = requested ?? previous?.library ?? 'inventory';
    const id = typeof fields.id === 'number' ? fields.id : (previous?.image.id ?? this.nextId);
    this.nextId = Math.max(this.nextId, id + 1);
    const base: ImageDetails = previous?.image ?? {
      id,
      guid,
      title: '',
      description: '',
      file_name: `image-${id}.jpg`,
      file_size: 1_000_000 + id,
      pix_w: 1600,
      pix_h: 2400,
      date_added: wireDate(this.now()),
      active: true,
      products: [],
    };
    const image: ImageDetails = { ...base, ...fields, id, guid };
    // Only the inventory library holds virtual products.
    image.products = library === 'inventory' ? (image.products ?? []) : [];
    this.byGuid.set(guid, { library, image });
    return structuredClone(image);
  }

  get(guid: string): ImageDetails | undefined {
    const stored = this.byGuid.get(guid.toLowerCase());
    return stored === undefined ? undefined : structuredClone(stored.image);
  }

  all(): ImageDetails[] {
    return [...this.byGuid.values()].map((s) => structuredClone(s.image)).sort((a, b) => a.id - b.id);
  }

  /** Guids (as given) that the account does not hold, optionally within one library. */
  unknown(guids: string[], library?: LibraryName): string[] {
    return guids.filter((g) => {
      const stored = this.byGuid.get(g.toLowerCase());
      return stored === undefined || (library !== undefined && stored.library !== library);
    });
  }

  /**
   * Apply a batch; unknown guids are skipped. `clearOmitted` resets every field an entry leaves
   * out; `removeProducts` empties an inventory image's virtual products, as the docs warn.
   */
  update(updates: ImageUpdate[], opts: { clearOmitted: boolean; removeProducts: boolean }): void {
    const stamp = wireDate(this.now());
    for (const u of updates) {
      const stored = this.byGuid.get(u.guid.toLowerCase());
      if (stored === undefined) continue;
      const image = stored.image;
      if (opts.clearOmitted) {
        image.title = '';
        image.description = '';
        image.active = true;
        delete image.rank;
        delete image.assigned_personal_gallery_ids;
        delete image.assigned_gallery_subcategory_ids;
      }
      if (u.title !== undefined) image.title = u.title;
      if (u.description !== undefined) image.description = u.description;
      if (u.visible !== undefined) image.active = u.visible;
      if (u.rank !== undefined) image.rank = u.rank;
      if (u.assigned_personal_gallery_ids !== undefined)
        image.assigned_personal_gallery_ids = [...u.assigned_personal_gallery_ids];
      if (u.assigned_gallery_subcategory_ids !== undefined)
        image.assigned_gallery_subcategory_ids = [...u.assigned_gallery_subcategory_ids];
      image.date_updated = stamp;
      if (opts.removeProducts && stored.library === 'inventory') image.products = [];
    }
  }

  delete(guids: string[]): void {
    for (const g of guids) this.byGuid.delete(g.toLowerCase());
  }

  add(library: LibraryName, images: Array<Record<string, unknown>>): ImageDetails[] {
    return images.map((fields) => {
      this.added += 1;
      const { guid: _ignored, id: _id, products: _products, ...rest } = fields;
      return this.put({ ...rest, guid: addedGuid(this.added), library });
    });
  }

  list(q: ListQuery): { images: ImageDetails[]; count: number } {
    const wanted = q.guids === null ? null : new Set(q.guids.map((g) => g.toLowerCase()));
    const needle = q.search.toLowerCase();
    // With a guid_filter, only those images are looked at: scanning a 100k-image store for every
    // request of 50 made the emulator, not the client, the cost of the apply benchmark.
    const candidates: StoredImage[] =
      wanted === null
        ? [...this.byGuid.values()]
        : [...wanted].flatMap((g) => {
            const stored = this.byGuid.get(g);
            return stored ? [stored] : [];
          });
    const matches = candidates
      .filter((s) => s.library === q.library)
      .map((s) => s.image)
      .filter(
        (img) =>
          needle === '' ||
          img.title.toLowerCase().includes(needle) ||
          img.description.toLowerCase().includes(needle),
      )
      .filter((img) => q.active === null || (img.active ?? true) === q.active)
      .filter((img) => {
        if (q.from === null && q.to === null) return true;
        const added = Date.parse(`${img.date_added ?? ''}Z`);
        if (Number.isNaN(added)) return false;
        return (q.from === null || added >= q.from) && (q.to === null || added <= q.to);
      });
    matches.sort((a, b) => {
      const c = compare(a[q.sortField], b[q.sortField]) || a.id - b.id;
      return q.descending ? -c : c;
    });
    const start = (q.page - 1) * q.perPage;
    const page = matches.slice(start, start + q.perPage).map((img) => {
      const copy = structuredClone(img);
      copy.products = q.listProducts && q.library === 'inventory' ? (copy.products ?? []) : null;
      return copy;
    });
    return { images: page, count: matches.length };
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'string' ? a : '';
  const y = typeof b === 'string' ? b : '';
  return x < y ? -1 : x > y ? 1 : 0;
}
