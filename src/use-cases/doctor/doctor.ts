// `fwsync doctor`: read-only checks of the setup against the real account (keys, host, library,
// paging, state and YAML against the account, the API profile), each line with a verdict. It
// sends no update; `--probe-image` (probe.ts) is the part that experiments.

import path from 'node:path';
import { FinerWorksError, toFwsyncError } from '../../adapters/finerworks-client.js';
import type { ImageDetails } from '../../core/finerworks-types.js';
import { describeFindings, type FindingLine } from '../../core/api-profile.js';
import { doctorReport, hostCheck, type DoctorCheck, type DoctorReport } from '../../core/doctor-report.js';
import { computeDrift } from '../../core/drift.js';
import type { Config, Guid, ImageFields } from '../../core/types.js';
import { FwsyncError } from '../../errors.js';
import { listAll, type PageEvent } from '../../adapters/finerworks-paging.js';
import { liveFields } from '../../core/live-fields.js';
import { whoami } from '../whoami.js';
import { probeApi, type DoctorPorts, type ProbeOptions, type ProbeOutcome } from './probe.js';

export type { DoctorPorts } from './probe.js';

export interface DoctorOptions {
  configPath?: string;
  probe?: Omit<ProbeOptions, 'configPath'>;
}

export interface DoctorOutcome {
  report: DoctorReport;
  cancelled: boolean;
}

export async function doctor(ports: DoctorPorts, opts: DoctorOptions): Promise<DoctorOutcome> {
  if (opts.probe) {
    const outcome = await probeApi(ports, {
      ...opts.probe,
      ...(opts.configPath ? { configPath: opts.configPath } : {}),
    });
    return { report: probeReport(outcome), cancelled: outcome.cancelled };
  }
  return { report: await checkSetup(ports, opts), cancelled: false };
}

function probeReport(outcome: ProbeOutcome): DoctorReport {
  const checks: DoctorCheck[] = [];
  if (outcome.earlier) {
    checks.push({
      key: 'earlier_probe',
      verdict: 'note',
      text: `restored image ${outcome.earlier.guid} from an interrupted probe's journal`,
    });
  }
  if (outcome.restore) {
    checks.push({
      key: 'restore',
      verdict: outcome.restore.restored ? 'ok' : 'fail',
      text: outcome.restore.restored
        ? `image ${outcome.restore.guid} has its original title, description and optional fields again (read back)`
        : `image ${outcome.restore.guid} could not be restored: ${outcome.restore.problems.join('; ')}`,
    });
  }
  if (outcome.profilePath) {
    checks.push({ key: 'profile', verdict: 'ok', text: `findings written to ${outcome.profilePath}` });
  }
  return doctorReport(checks, outcome.profile ? describeFindings(outcome.profile.findings) : []);
}

/** Everything read-only; a failed check is a line in the report, not an exception. */
async function checkSetup(ports: DoctorPorts, opts: DoctorOptions): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const config = await ports.config.load({
    cwd: ports.cwd,
    ...(opts.configPath ? { configPath: opts.configPath } : {}),
  });
  const statePath = path.resolve(ports.cwd, config.state);
  const baseUrl = ports.env.FINERWORKS_API_URL?.trim() || config.api.base_url;
  checks.push({
    key: 'config',
    verdict: 'ok',
    text: `library "${config.library.name}" (site_id ${config.library.site_id}), batch_size ${config.api.batch_size}, state ${config.state}`,
  });
  checks.push(hostCheck(baseUrl));

  const leftover = await ports.doctorFiles.readJournal(statePath);
  if (leftover) {
    checks.push({
      key: 'probe_journal',
      verdict: 'fail',
      text: `an interrupted probe left image ${leftover.guid} with test values`,
      hint: `Run \`fwsync doctor --probe-image ${leftover.guid}\` to restore it (it restores first).`,
    });
  }

  let findings: FindingLine[] = [];
  const profile = await ports.doctorFiles.readProfile(statePath).catch((error: unknown) => {
    checks.push({
      key: 'profile',
      verdict: 'warn',
      text: error instanceof Error ? error.message : String(error),
      ...(error instanceof FwsyncError && error.hint ? { hint: error.hint } : {}),
    });
    return undefined;
  });
  if (profile === null) {
    checks.push({
      key: 'profile',
      verdict: 'note',
      text: 'the API profile is not measured yet: fwsync assumes what the documentation says',
      hint: 'Run `fwsync doctor --probe-image GUID` with a throw-away image to measure it.',
    });
  } else if (profile) {
    const sameHost = profile.base_url === baseUrl;
    checks.push({
      key: 'profile',
      verdict: sameHost ? 'ok' : 'warn',
      text: `API profile measured ${profile.measured_at} against ${profile.base_url}`,
      ...(sameHost ? {} : { hint: `fwsync now talks to ${baseUrl}: run the probe again there.` }),
    });
    findings = describeFindings(profile.findings);
  }

  const live = await readAccount(ports, config, checks);
  if (live) await compareWithRepo(ports, config, statePath, live, checks);
  return doctorReport(checks, findings);
}

/** Keys, library counts and paging; null when the account could not be read. */
async function readAccount(
  ports: DoctorPorts,
  config: Config,
  checks: DoctorCheck[],
): Promise<Map<Guid, ImageFields> | null> {
  const failed = (key: string, error: unknown): null => {
    const e = error instanceof FinerWorksError ? toFwsyncError(error) : error;
    checks.push({
      key,
      verdict: 'fail',
      text: e instanceof Error ? e.message : String(e),
      ...(e instanceof FwsyncError && e.hint ? { hint: e.hint } : {}),
    });
    return null;
  };
  let api;
  try {
    api = ports.finerworks(config, ports.env);
    const me = await whoami(api);
    checks.push({
      key: 'credentials',
      verdict: 'ok',
      text: `authenticated as ${me.name} (account ${me.id ?? 'id unknown'})`,
    });
  } catch (error) {
    return failed('credentials', error);
  }

  const pages: PageEvent[] = [];
  let images: ImageDetails[];
  try {
    images = await listAll(api, {
      library: config.library,
      listProducts: config.library.name === 'inventory',
      onPage: (e) => pages.push(e),
    });
  } catch (error) {
    return failed('library', error);
  }
  const withProducts = images.filter((i) => Array.isArray(i.products) && i.products.length > 0).length;
  checks.push({
    key: 'library',
    verdict: images.length === 0 ? 'warn' : 'ok',
    text:
      `${images.length} image${images.length === 1 ? '' : 's'} in library "${config.library.name}"` +
      (config.library.name === 'inventory' ? `, ${withProducts} with virtual inventory products` : ''),
    ...(images.length === 0 ? { hint: 'Check library.name and library.site_id in the config.' } : {}),
  });
  const last = pages.at(-1);
  const total = last?.total ?? null;
  checks.push(
    total !== null && total !== images.length
      ? {
          key: 'paging',
          verdict: 'warn',
          text: `${pages.length} page(s) read; the server's count says ${total} images but ${images.length} came back`,
          hint: 'Send this report back: fwsync pages by page_number and per_page (≤ 50).',
        }
      : {
          key: 'paging',
          verdict: 'ok',
          text: `${pages.length} page${pages.length === 1 ? '' : 's'} read, every image once${total === null ? ' (the server sent no count)' : ', matching the count'}`,
        },
  );
  return new Map(images.map((i) => [i.guid, liveFields(i)]));
}

/** The state and the YAML against the account: a drift summary. */
async function compareWithRepo(
  ports: DoctorPorts,
  config: Config,
  statePath: string,
  live: Map<Guid, ImageFields>,
  checks: DoctorCheck[],
): Promise<void> {
  let state;
  try {
    ({ state } = await ports.state.read(statePath));
  } catch (error) {
    checks.push({
      key: 'state',
      verdict: 'fail',
      text: error instanceof Error ? error.message : String(error),
      ...(error instanceof FwsyncError && error.hint ? { hint: error.hint } : {}),
    });
    return;
  }
  const { desired, issues } = await ports.images.read({
    cwd: ports.cwd,
    patterns: config.images,
    stateFiles: null,
  });
  if (issues.length > 0 && issues.every((i) => i.code === 'glob-no-match')) {
    checks.push({
      key: 'yaml',
      verdict: 'note',
      text: `no image file matches ${config.images.join(', ')} yet`,
      hint: 'Run `fwsync import` to write the YAML and the state from the account.',
    });
    return;
  }
  if (issues.length > 0) {
    checks.push({
      key: 'yaml',
      verdict: 'fail',
      text: `${issues.length} problem${issues.length === 1 ? '' : 's'} in the image files`,
      hint: 'Run `fwsync validate` to see them.',
    });
    return;
  }
  const drift = computeDrift({ live, state, desired, library: config.library.name });
  const s = drift.summary;
  const managed = new Set([...desired.images.map((i) => i.guid), ...Object.keys(state?.images ?? {})]);
  const unmanaged = [...live.keys()].filter((g) => !managed.has(g)).length;
  const verdict = s.drifted + s.missing > 0 ? 'warn' : s.pending > 0 ? 'note' : 'ok';
  checks.push({
    key: 'drift',
    verdict,
    text:
      `${s.checked} image${s.checked === 1 ? '' : 's'} in the YAML or the state: ${s.in_sync} in sync, ${s.pending} pending, ` +
      `${s.drifted} drifted, ${s.missing} missing; ${unmanaged} more in library ${config.library.name} are not managed by fwsync` +
      (state ? '' : ' (no state file yet)'),
    ...(verdict === 'warn' ? { hint: 'Run `fwsync drift` for the details.' } : {}),
    ...(verdict === 'note' ? { hint: 'Run `fwsync plan` to see what apply would change.' } : {}),
  });
}
