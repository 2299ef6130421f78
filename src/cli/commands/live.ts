// The commands that read the live account: whoami, import, drift.

import { EXIT } from '../../errors.js';
import { renderDriftJson, renderDriftMarkdown, renderDriftText } from '../../render/drift.js';
import { describeRejected } from '../../render/import-yaml.js';
import { visible } from '../../render/text.js';
import { driftReport } from '../../use-cases/drift.js';
import { importAccount } from '../../use-cases/import.js';
import { apiFor, retryingCaller } from '../../use-cases/live-read.js';
import { loadConfigFor } from '../../use-cases/load-inputs.js';
import type { Ports } from '../../use-cases/ports.js';
import { whoami } from '../../use-cases/whoami.js';
import type { Io } from '../io.js';
import { configPathOf, type DriftOptions, type GlobalOptions, type ImportOptions } from '../options.js';

export async function whoamiCommand(opts: GlobalOptions, ports: Ports, io: Io): Promise<number> {
  const config = await loadConfigFor(ports, configPathOf(opts));
  const me = await whoami(apiFor(ports, config), retryingCaller(ports, config));
  // The name comes from the API: shown with control characters escaped, and never a key.
  io.out(`Authenticated as ${visible(me.name)} (account ${me.id === null ? 'id unknown' : me.id})\n`);
  return EXIT.ok;
}

export async function importCommand(opts: ImportOptions, ports: Ports, io: Io): Promise<number> {
  const out = opts.out !== '' ? opts.out : 'images/imported.yaml';
  const result = await importAccount(ports, { out, force: opts.force === true, ...configPathOf(opts) });
  if (result.rejected.length > 0) {
    io.err(
      `warning: ${result.rejected.length} image${result.rejected.length === 1 ? ' was' : 's were'} left out of ${result.file} and the state, ` +
        'because the image schema would reject their values (nothing was truncated):\n',
    );
    for (const line of describeRejected(result.rejected, 50).split('\n')) io.err(`  ${visible(line)}\n`);
    io.err(
      '  Fix them on FinerWorks and import again, or add them to a YAML file by hand with valid values.\n',
    );
  }
  const { other } = result;
  const others =
    other.count === null
      ? `library ${other.library} was not counted and is not managed`
      : other.count === 0
        ? `library ${other.library} holds none`
        : `${other.count} more in library ${other.library} ${other.count === 1 ? 'is' : 'are'} not managed`;
  io.out(
    `Imported ${result.imported} image${result.imported === 1 ? '' : 's'} in library ${result.library} into ${visible(result.file)} and wrote ${visible(result.statePath)}; ${others} (library.name in the config chooses).\n` +
      'Run `fwsync plan`: it should show no changes. Commit both files.\n',
  );
  return EXIT.ok;
}

export async function driftCommand(opts: DriftOptions, ports: Ports, io: Io): Promise<number> {
  const report = await driftReport(ports, configPathOf(opts));
  if (opts.format === 'json') io.out(renderDriftJson(report));
  else if (opts.format === 'markdown') io.out(renderDriftMarkdown(report));
  else io.out(renderDriftText(report, { color: io.color }));
  return report.drift ? EXIT.changes : EXIT.ok;
}
