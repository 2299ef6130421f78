// `fwsync doctor --probe-image GUID`: settles the questions the FinerWorks documentation leaves
// open by experiment on one throw-away image, then puts the image's original values back.
// The original values are written to a journal before the first update, so that a run that is
// killed leaves a way back: the next probe finds the journal and restores first.

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { FinerWorksError } from '../../adapters/finerworks-client.js';
import type { FinerWorksApi, ImageDetails, UpdateImageDetails } from '../../core/finerworks-types.js';
import type { ProbeJournal } from '../../adapters/doctor-files.js';
import {
  OPTIONAL_FIELD_NAMES,
  type ApiProfile,
  type OptionalField,
  type OptionalFieldName,
  type ProfileFindings,
} from '../../core/api-profile.js';
import { sameValue } from '../../core/drift.js';
import type { Config, Guid, ImageFields } from '../../core/types.js';
import { FwsyncError } from '../../errors.js';
import { listAll } from '../../adapters/finerworks-paging.js';
import { liveFields } from '../../core/live-fields.js';
import { VERSION } from '../../version.js';
import type { Ports } from '../ports.js';

/** The doctor needs nothing beyond the ports every use case gets. */
export type DoctorPorts = Ports;

export interface ProbeIntro {
  guid: Guid;
  title: string;
  products: number;
  library: string;
  baseUrl: string;
}

export interface ProbeOptions {
  configPath?: string;
  guid: string;
  allowProductRemoval: boolean;
  /** Asked once the image is read and before anything changes; false cancels. */
  confirm: (intro: ProbeIntro) => Promise<boolean>;
}

export interface RestoreOutcome {
  guid: Guid;
  /** True when the account holds the original values again (read back). */
  restored: boolean;
  /** Fields that could not be put back, when `restored` is false. */
  problems: string[];
}

export interface ProbeOutcome {
  cancelled: boolean;
  /** A journal of an interrupted probe, restored before this one started. */
  earlier: RestoreOutcome | null;
  profile: ApiProfile | null;
  profilePath: string | null;
  restore: RestoreOutcome | null;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MARK = '[fwsync doctor probe]';

export async function probeApi(ports: DoctorPorts, opts: ProbeOptions): Promise<ProbeOutcome> {
  const guid = opts.guid.trim().toLowerCase();
  if (!GUID_RE.test(guid)) {
    throw new FwsyncError('input', `--probe-image ${JSON.stringify(opts.guid)} is not an image guid`, {
      hint: 'Give the guid of a throw-away image on the account, e.g. from `fwsync import` or list_images.',
    });
  }
  const config = await ports.config.load({
    cwd: ports.cwd,
    ...(opts.configPath ? { configPath: opts.configPath } : {}),
  });
  const statePath = path.resolve(ports.cwd, config.state);
  const files = ports.doctorFiles;
  const api = ports.finerworks(config, ports.env);
  const baseUrl = ports.env.FINERWORKS_API_URL?.trim() || config.api.base_url;
  const probe = new Probe(api, config, ports);

  let earlier: RestoreOutcome | null = null;
  const left = await files.readJournal(statePath);
  if (left) {
    ports.log.warn(
      `an earlier probe of ${left.guid} was interrupted; restoring its original values first (${files.journalPath(statePath)})`,
    );
    earlier = await probe.restore(left.guid, left.original, null);
    if (!earlier.restored) throw restoreFailed(earlier, files.journalPath(statePath));
    await files.removeJournal(statePath);
  }

  const image = await probe.read(guid);
  if (!image) {
    throw new FwsyncError('input', `image ${guid} is not on the account (library "${config.library.name}")`, {
      hint: 'Check the guid and library.name in the config. Nothing was changed.',
    });
  }
  const products = Array.isArray(image.products) ? image.products.length : 0;
  if (products > 0 && !opts.allowProductRemoval) {
    throw new FwsyncError(
      'refused',
      `image ${guid} has ${products} virtual inventory product${products === 1 ? '' : 's'}, and the documentation says an update removes them`,
      {
        hint: 'Nothing was changed. Probe an image without products, or pass --allow-product-removal to find out on this one (products that go cannot be restored by fwsync).',
      },
    );
  }
  const intro = { guid, title: image.title, products, library: config.library.name, baseUrl };
  if (!(await opts.confirm(intro))) {
    return { cancelled: true, earlier, profile: null, profilePath: null, restore: null };
  }

  const original = liveFields(image);
  const journal: ProbeJournal = {
    version: 1,
    guid,
    base_url: baseUrl,
    original,
    written_at: ports.clock.now().toISOString(),
  };
  await files.writeJournal(statePath, journal);

  let findings: ProfileFindings | undefined;
  let restore: RestoreOutcome;
  try {
    findings = await probe.run(guid, original, products);
  } finally {
    // Also after a failure or Ctrl-C: the image gets its values back before anything else.
    restore = await probe.restore(guid, original, findings ?? null);
    if (restore.restored) await files.removeJournal(statePath);
    else ports.log.warn(restoreFailed(restore, files.journalPath(statePath)).message);
  }

  const profile: ApiProfile = {
    version: 1,
    measured_at: ports.clock.now().toISOString(),
    fwsync_version: VERSION,
    base_url: baseUrl,
    library: config.library.name,
    image: guid,
    findings,
  };
  await files.writeProfile(statePath, profile);
  if (!restore.restored) throw restoreFailed(restore, files.journalPath(statePath));
  return { cancelled: false, earlier, profile, profilePath: files.profilePath(statePath), restore };
}

function restoreFailed(outcome: RestoreOutcome, journalFile: string): FwsyncError {
  return new FwsyncError(
    'api',
    `the original values of image ${outcome.guid} could not be restored (${outcome.problems.join('; ')})`,
    {
      hint: `They are kept in ${journalFile}: run \`fwsync doctor --probe-image ${outcome.guid}\` again to retry, or set them on FinerWorks by hand and delete the file.`,
    },
  );
}

type Sent = { ok: true } | { ok: false; error: FinerWorksError };

/** The experiments, one API call at a time, each followed by a read-back. */
class Probe {
  constructor(
    private readonly api: FinerWorksApi,
    private readonly config: Config,
    private readonly ports: Ports,
  ) {}

  private stopIfInterrupted(): void {
    const { signal } = this.ports;
    if (signal.aborted) {
      throw signal.reason instanceof FwsyncError
        ? signal.reason
        : new FwsyncError('interrupted', 'the probe was interrupted');
    }
  }

  /** One update_images call; transient failures are retried, other answers are returned. */
  private async send(images: UpdateImageDetails[], opts: { interruptible: boolean }): Promise<Sent> {
    const attempts = Math.max(1, this.config.api.max_attempts);
    for (let attempt = 1; ; attempt++) {
      if (opts.interruptible) this.stopIfInterrupted();
      try {
        // Ctrl-C cancels an experiment in flight; a restore is never cancelled.
        await this.api.updateImages(images, opts.interruptible ? this.ports.signal : undefined);
        return { ok: true };
      } catch (error) {
        if (!(error instanceof FinerWorksError)) throw error;
        if (error.class === 'auth') throw new FwsyncError('auth', error.message, { cause: error });
        if (opts.interruptible) this.stopIfInterrupted();
        if (error.class === 'rejected' || attempt >= attempts) return { ok: false, error };
        this.ports.log.verbose(`probe: retrying after ${error.message}`);
        await delay(Math.min(4000, 250 * 2 ** attempt));
      }
    }
  }

  async read(guid: Guid): Promise<ImageDetails | undefined> {
    const images = await listAll(this.api, {
      library: this.config.library,
      guids: [guid],
      listProducts: this.config.library.name === 'inventory',
    });
    return images.find((i) => i.guid === guid);
  }

  private async readFields(guid: Guid): Promise<ImageFields> {
    const image = await this.read(guid);
    if (!image) throw new FwsyncError('api', `image ${guid} disappeared from the account during the probe`);
    return liveFields(image);
  }

  async run(guid: Guid, original: ImageFields, products: number): Promise<ProfileFindings> {
    const log = (m: string) => this.ports.log.info(`probe: ${m}`);
    const d1 = `${MARK} description 1`;
    const full = (title: string, description = d1): UpdateImageDetails => ({ guid, title, description });
    const must = async (images: UpdateImageDetails[], what: string) => {
      const sent = await this.send(images, { interruptible: true });
      if (!sent.ok) {
        throw new FwsyncError('api', `the probe could not ${what}: ${sent.error.message}`, {
          hint: 'A plain update of title and description failed; fix that first (run `fwsync doctor`).',
        });
      }
    };

    log('a full update of title and description');
    await must([full(`${MARK} title 1`)], 'update the title and description');
    const afterFull = await this.read(guid);
    const productsAnswer: ProfileFindings['products'] =
      products === 0 ? 'untested' : (afterFull?.products?.length ?? 0) === 0 ? 'removed' : 'kept';

    log('an update that leaves the description out');
    let partial: ProfileFindings['partial_update'];
    const sentPartial = await this.send([{ guid, title: `${MARK} title 2` } as UpdateImageDetails], {
      interruptible: true,
    });
    if (!sentPartial.ok) partial = 'unexpected';
    else {
      const now = await this.readFields(guid);
      partial = now.description === d1 ? 'keeps' : now.description === '' ? 'clears' : 'unexpected';
    }

    log('an empty description');
    await must([full(`${MARK} title 3`)], 'set the description again');
    let empty: ProfileFindings['empty_description'];
    const sentEmpty = await this.send([full(`${MARK} title 3`, '')], { interruptible: true });
    if (!sentEmpty.ok) empty = 'rejected';
    else {
      const now = await this.readFields(guid);
      empty = now.description === '' ? 'stored' : now.description === d1 ? 'ignored' : 'unknown';
    }

    log('the optional fields (visible, rank, gallery lists)');
    const optional = await this.optionalFields(guid, original, full(`${MARK} title 4`));

    log('an unknown guid in a batch');
    const unknownGuid = randomUUID();
    const t5 = `${MARK} title 5`;
    const sentUnknown = await this.send([full(t5), { ...full(t5), guid: unknownGuid }], {
      interruptible: true,
    });
    const answer: ProfileFindings['unknown_guid']['answer'] = sentUnknown.ok
      ? 'silent'
      : sentUnknown.error.class !== 'rejected'
        ? 'unknown'
        : sentUnknown.error.status !== null && sentUnknown.error.status >= 400
          ? 'http-error'
          : 'success-false';
    const afterUnknown = await this.readFields(guid);
    const unknown = { answer, rest_applied: answer === 'unknown' ? null : afterUnknown.title === t5 };

    log(`the largest batch, doubling up to api.batch_size (${this.config.api.batch_size})`);
    const maxBatch = await this.largestBatch(guid, d1);

    return {
      partial_update: partial,
      empty_description: empty,
      optional_fields: optional,
      products: productsAnswer,
      unknown_guid: unknown,
      max_batch: maxBatch,
    };
  }

  /**
   * Each optional field is sent with a value other than the image's own and read back. A
   * gallery list is only emptied (never filled: the image would appear in someone's gallery),
   * so it stays untested on an image in no gallery; so does rank on an image without one.
   */
  private async optionalFields(
    guid: Guid,
    original: ImageFields,
    base: UpdateImageDetails,
  ): Promise<Record<OptionalFieldName, OptionalField>> {
    // rank, like the gallery lists, only on an image that has one: the API has no way to unset it.
    const values: Partial<Record<OptionalFieldName, unknown>> = { visible: !(original.visible ?? true) };
    if (original.rank !== undefined) values.rank = original.rank + 1;
    for (const list of ['assigned_personal_gallery_ids', 'assigned_gallery_subcategory_ids'] as const) {
      if ((original[list]?.length ?? 0) > 0) values[list] = [];
    }
    const result = Object.fromEntries(OPTIONAL_FIELD_NAMES.map((k) => [k, 'untested'])) as Record<
      OptionalFieldName,
      OptionalField
    >;
    const tested = OPTIONAL_FIELD_NAMES.filter((k) => values[k] !== undefined);
    const check = async (fields: readonly OptionalFieldName[]): Promise<void> => {
      const payload: Record<string, unknown> = { ...base };
      for (const k of fields) payload[k] = values[k];
      const sent = await this.send([payload as unknown as UpdateImageDetails], { interruptible: true });
      if (!sent.ok) {
        // Refused together: try them one by one to say which.
        if (fields.length > 1) for (const k of fields) await check([k]);
        else result[fields[0]!] = 'rejected';
        return;
      }
      const now = await this.readFields(guid);
      for (const k of fields) result[k] = sameValue(k, now[k], values[k]) ? 'accepted' : 'ignored';
    };
    if (tested.length > 0) await check(tested);
    return result;
  }

  private async largestBatch(guid: Guid, description: string): Promise<ProfileFindings['max_batch']> {
    const limit = Math.max(1, this.config.api.batch_size);
    const batch = (n: number) =>
      Array.from({ length: n }, () => ({ guid, title: `${MARK} batch of ${n}`, description }));
    let ok = 0;
    let refused: number | null = null;
    for (let n = 1; ; n = Math.min(limit, n * 2)) {
      const sent = await this.send(batch(n), { interruptible: true });
      if (!sent.ok) {
        if (sent.error.class !== 'rejected')
          return ok === 0 ? null : { accepted: ok, limit_found: false, tried_up_to: ok };
        refused = n;
        break;
      }
      ok = n;
      if (n >= limit) break;
    }
    if (refused === null) return { accepted: ok, limit_found: false, tried_up_to: ok };
    if (ok === 0) return null;
    // Between the last accepted and the first refused size.
    let lo = ok;
    let hi = refused;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      const sent = await this.send(batch(mid), { interruptible: true });
      if (sent.ok) lo = mid;
      else if (sent.error.class === 'rejected') hi = mid;
      else break;
    }
    return { accepted: lo, limit_found: true, tried_up_to: refused };
  }

  /**
   * Puts the original values back (not interruptible: this is what Ctrl-C waits for) and reads
   * them back. Every field the original holds is sent, so an API that clears omitted fields
   * gets them back too; fields the probe found rejected are left out.
   */
  async restore(
    guid: Guid,
    original: ImageFields,
    findings: ProfileFindings | null,
  ): Promise<RestoreOutcome> {
    const payload: UpdateImageDetails = { guid, ...original };
    for (const k of OPTIONAL_FIELD_NAMES) {
      if (findings?.optional_fields[k] === 'rejected') delete payload[k];
    }
    let sent = await this.send([payload], { interruptible: false });
    if (!sent.ok && sent.error.class === 'rejected' && findings === null) {
      // An earlier run's journal, and we do not know which optional fields the API refuses.
      sent = await this.send([{ guid, title: original.title, description: original.description }], {
        interruptible: false,
      });
    }
    if (!sent.ok) return { guid, restored: false, problems: [sent.error.message] };
    const now = await this.read(guid);
    if (!now) return { guid, restored: false, problems: ['the image is no longer on the account'] };
    const live = liveFields(now);
    const problems: string[] = [];
    for (const k of ['title', 'description', ...OPTIONAL_FIELD_NAMES] as const) {
      if (payload[k] === undefined) continue;
      if (!sameValue(k, live[k], payload[k]))
        problems.push(`${k} is ${JSON.stringify(live[k] ?? null)}, not ${JSON.stringify(payload[k])}`);
    }
    return { guid, restored: problems.length === 0, problems };
  }
}
