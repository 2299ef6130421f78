// The command-line glue of the commands that read the live account: whoami, import, drift.
// Errors are thrown as FwsyncError; run-cli.ts maps them to messages and exit codes.

import { loadConfig } from './adapters/config.js';
import { EXIT } from './errors.js';
import { describeRejected, importAccount, retryingCaller, whoami } from './live.js';
import { renderDriftJson, renderDriftMarkdown, renderDriftText } from './render/drift.js';
import { visible } from './render/text.js';
import { apiFor, type Deps } from './run.js';
import { driftReport } from './use-cases/drift.js';

export interface LiveIo {
  out(s: string): void;
  err(s: string): void;
  color: boolean;
  isTty: boolean;
}

type Options = Record<string, unknown>;

function configPathOf(opts: Options): { configPath?: string } {
  return typeof opts.config === 'string' ? { configPath: opts.config } : {};
}

export async function dispatchLive(
  name: 'whoami' | 'import' | 'drift',
  opts: Options,
  deps: Deps,
  io: LiveIo,
): Promise<number> {
  switch (name) {
    case 'whoami':
      return whoamiCommand(opts, deps, io);
    case 'import':
      return importCommand(opts, deps, io);
    case 'drift':
      return driftCommand(opts, deps, io);
  }
}

async function whoamiCommand(opts: Options, deps: Deps, io: LiveIo): Promise<number> {
  const config = await loadConfig({ cwd: deps.cwd, ...configPathOf(opts) });
  const me = await whoami(apiFor(deps, config), retryingCaller(deps, config));
  // The name comes from the API: shown with control characters escaped, and never a key.
  io.out(`Authenticated as ${visible(me.name)} (account ${me.id === null ? 'id unknown' : me.id})\n`);
  return EXIT.ok;
}

async function importCommand(opts: Options, deps: Deps, io: LiveIo): Promise<number> {
  const out = typeof opts.out === 'string' && opts.out !== '' ? opts.out : 'images/imported.yaml';
  const result = await importAccount(deps, { out, force: opts.force === true, ...configPathOf(opts) });
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
  io.out(
    `Imported ${result.imported} image${result.imported === 1 ? '' : 's'} into ${visible(result.file)} and wrote ${visible(result.statePath)}.\n` +
      'Run `fwsync plan`: it should show no changes. Commit both files.\n',
  );
  return EXIT.ok;
}

async function driftCommand(opts: Options, deps: Deps, io: LiveIo): Promise<number> {
  const report = await driftReport(deps, configPathOf(opts));
  const format = typeof opts.format === 'string' ? opts.format : 'text';
  if (format === 'json') io.out(renderDriftJson(report));
  else if (format === 'markdown') io.out(renderDriftMarkdown(report));
  else io.out(renderDriftText(report, { color: io.color }));
  return report.drift ? EXIT.changes : EXIT.ok;
}
