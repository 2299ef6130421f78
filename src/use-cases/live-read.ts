// Reading the live account for a use case: the values and products of the images the YAML
// names, with the run's retry policy, and the errors for images the account does not hold.

import { listAll, once, unique, type Caller, type LibraryRef } from '../adapters/finerworks-paging.js';
import { systemRetry, withRetry } from '../apply/retry.js';
import { desiredByGuid, projectLive } from '../core/drift.js';
import type { FinerWorksApi } from '../core/finerworks-types.js';
import { liveFields, productLabel } from '../core/live-fields.js';
import type { Config, DesiredSet, Guid, ImageFields, State } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { failOnIssues } from './load-inputs.js';
import type { Ports } from './ports.js';

/** Reads of one command give up on new attempts after this long. */
const READ_DEADLINE_MS = 10 * 60_000;

/** The FinerWorks client for this run (throws 'input' naming the missing key variables). */
export function apiFor(ports: Ports, config: Config): FinerWorksApi {
  return ports.finerworks(config, ports.env);
}

/** Reads with the apply's retry policy: transient failures are retried, auth stops at once. */
export function retryingCaller(ports: Ports, config: Config): Caller {
  return (attempt, stop) =>
    interruptible(ports.signal, () =>
      withRetry((signal) => attempt(signal), {
        ...systemRetry(config.api.max_attempts, READ_DEADLINE_MS, () => ports.clock.now().getTime()),
        signal: stop ? AbortSignal.any([ports.signal, stop]) : ports.signal,
        onRetry: (info) =>
          ports.log.verbose(`retrying a read after ${Math.round(info.delayMs)} ms: ${info.error.message}`),
      }),
    );
}

/** How a use case reads images by guid: the run's retry policy, api.concurrency groups at once. */
export interface Reading {
  call?: Caller;
  /** Groups of 50 guids read at once: the config's api.concurrency (one when unset). */
  concurrency?: number;
}

/** The Reading of a run: retried as reads are, with the config's concurrency. */
export function readingFor(ports: Ports, config: Config): Required<Reading> {
  return { call: retryingCaller(ports, config), concurrency: config.api.concurrency };
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

export interface LiveRead {
  live: Map<Guid, ImageFields>;
  products: Map<Guid, string[]>;
  /** Guids asked for that the account does not hold (in this library), sorted. */
  missing: Guid[];
}

export async function readLive(
  api: FinerWorksApi,
  opts: { library: LibraryRef; guids: readonly Guid[]; listProducts: boolean } & Reading,
): Promise<LiveRead> {
  const wanted = unique(opts.guids);
  const live = new Map<Guid, ImageFields>();
  const products = new Map<Guid, string[]>();
  if (wanted.length > 0) {
    const images = await listAll(api, {
      library: opts.library,
      guids: wanted,
      listProducts: opts.listProducts,
      call: opts.call ?? once,
      ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
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
 * not hold. Images only in the state are not read: a `forget` sends nothing.
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
    concurrency: opts.config.api.concurrency,
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
  ports: Ports,
  inputs: { config: Config; state: State | null },
): Promise<{
  desired: DesiredSet;
  live: Map<Guid, ImageFields>;
  /** Every field the account reports, not only the managed ones (for withKeptFields). */
  raw: Map<Guid, ImageFields>;
  products: Map<Guid, string[]>;
}> {
  const { desired, issues } = await ports.images.read({
    cwd: ports.cwd,
    patterns: inputs.config.images,
    stateFiles: null,
  });
  failOnIssues(issues);
  const read = await liveInputsForPlan(apiFor(ports, inputs.config), {
    desired,
    state: inputs.state,
    config: inputs.config,
    call: retryingCaller(ports, inputs.config),
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
