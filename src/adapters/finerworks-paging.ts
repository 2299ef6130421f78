// Reading whole listings from FinerWorks: list_images page by page, each image once, with a
// hard stop for servers that never say "last page". See docs/architecture.md.

import type {
  FinerWorksApi,
  ImageDetails,
  ImageLibrary,
  ListImagesResponse,
} from '../core/finerworks-types.js';
import type { Guid } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { FinerWorksError, toFwsyncError } from './finerworks-client.js';

/** list_images answers at most 50 per page. */
export const PER_PAGE = 50;
/** A server that never says "last page" is stopped here: 500,000 images. */
export const MAX_PAGES = 10_000;

/**
 * Runs one API call, with retries of transient failures when the caller wants them. `stop`
 * ends it early (its request aborted, no retry wait finished): another part of the same read
 * has already failed, so its answer would be thrown away.
 */
export type Caller = <T>(attempt: (signal?: AbortSignal) => Promise<T>, stop?: AbortSignal) => Promise<T>;

export const once: Caller = (attempt, stop) => attempt(stop);

/** Library as config knows it; the client fills in session_id and account_key. */
export type LibraryRef = Pick<ImageLibrary, 'name' | 'site_id'>;

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
  /** Groups of `guids` read at once (api.concurrency); one at a time when unset. */
  concurrency?: number;
  onPage?: (event: PageEvent) => void;
  call?: Caller;
  maxPages?: number;
}

/** FinerWorks errors become the errors the entry points map to exit codes. */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof FinerWorksError) throw toFwsyncError(error);
    throw error;
  }
}

/**
 * Every image of the library (or of `guids`), in the server's id order, each once. Pages of
 * 50 with every request field set; stops at a short page or when page × per_page reaches
 * `count`, and refuses a server that repeats itself or never ends rather than loop.
 *
 * With `guids`, each group of 50 is its own listing, and up to `concurrency` of them are read
 * at once (the apply reads every image it is about to send: one at a time, that read took as
 * long as the updates). The first group is read alone: a server that ignores guid_filter
 * answers it with the whole library, and is then refused on the first page of the next group
 * instead of being read whole by several groups at once. The result is in group order whatever
 * the timing. The first error in time is the one thrown: it stops the other groups (no new one
 * starts, requests in flight are aborted, retry waits end), and the call returns only when
 * every group has stopped.
 */
export async function listAll(api: FinerWorksApi, opts: ListAllOptions): Promise<ImageDetails[]> {
  const call = opts.call ?? once;
  const maxPages = opts.maxPages ?? MAX_PAGES;
  const seen = new Set<Guid>();
  const filters: (Guid[] | null)[] = opts.guids === undefined ? [null] : chunk(unique(opts.guids), PER_PAGE);
  if (filters.length === 0) return []; // no guids asked for: nothing to read (not the whole library)
  const concurrency = opts.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`listAll: concurrency must be a whole number of at least 1, not ${concurrency}`);
  }
  const stop = new AbortController();
  let pages = 0;

  const readListing = async (filter: Guid[] | null): Promise<ImageDetails[]> => {
    const out: ImageDetails[] = [];
    for (let page = 1; ; page++) {
      pages += 1;
      if (pages > maxPages) {
        throw new FwsyncError('api', `list_images did not reach its last page after ${maxPages} pages`, {
          hint: 'The server keeps answering full pages. Check api.base_url (or FINERWORKS_API_URL) and library in the config.',
        });
      }
      const response: ListImagesResponse = await guarded(() =>
        call(
          (signal) =>
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
          stop.signal,
        ),
      );
      const images = Array.isArray(response.images) ? response.images : [];
      let fresh = 0;
      for (const image of images) {
        if (typeof image?.guid !== 'string') continue;
        const guid = image.guid.toLowerCase();
        if (seen.has(guid)) continue;
        seen.add(guid);
        out.push({ ...image, guid });
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
    return out;
  };

  const results: ImageDetails[][] = [await readListing(filters[0]!)];
  let next = 1;
  const failures: unknown[] = []; // in the order they happened
  const lane = async (): Promise<void> => {
    while (next < filters.length && failures.length === 0) {
      const i = next++;
      try {
        results[i] = await readListing(filters[i]!);
      } catch (error) {
        failures.push(error);
        stop.abort();
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, filters.length - 1) }, lane));
  if (failures.length > 0) throw failures[0];
  return results.flat();
}

export function unique(guids: readonly Guid[]): Guid[] {
  return [...new Set(guids.map((g) => g.toLowerCase()))];
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * How many images a library holds, from one list_images page of one image (its `count`):
 * cheap enough to say what a command did not read. Null when the server does not say (no
 * `count`, and not an empty page), never a guess.
 */
export async function countImages(
  api: FinerWorksApi,
  opts: { library: LibraryRef; call?: Caller },
): Promise<number | null> {
  const call = opts.call ?? once;
  const response: ListImagesResponse = await guarded(() =>
    call((signal) =>
      api.listImages(
        {
          library: { name: opts.library.name, site_id: opts.library.site_id },
          search_filter: '',
          guid_filter: null,
          page_number: 1,
          per_page: 1,
          sort_field: 'id',
          sort_direction: 'ASC',
          upload_date_from: null,
          upload_date_to: null,
          list_products: false,
          active: null,
        },
        signal,
      ),
    ),
  );
  if (typeof response.count === 'number' && Number.isInteger(response.count) && response.count >= 0)
    return response.count;
  return Array.isArray(response.images) && response.images.length === 0 ? 0 : null;
}
