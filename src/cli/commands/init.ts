// `fwsync init`: the real files, the config that is there already, and the report. The work
// is in src/use-cases/init.ts.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG, loadConfig } from '../../adapters/config.js';
import { nodeInitFiles } from '../../adapters/init-files.js';
import { EXIT } from '../../errors.js';
import { renderInitReport } from '../../render/init-report.js';
import { initRepository } from '../../use-cases/init.js';
import { VERSION } from '../../version.js';
import type { Io } from '../io.js';
import type { InitOptions } from '../options.js';

export async function initCommand(opts: InitOptions, cwd: string, io: Io): Promise<number> {
  const configPath = opts.config;
  const force = opts.force === true;
  // A kept config decides where the state is (and so the .gitignore lines); a broken one is
  // reported as every command would, rather than guessed around.
  const keeps = !force && (configPath === undefined || existsSync(path.resolve(cwd, configPath)));
  const existingConfig = keeps ? await loadConfig({ cwd, ...(configPath ? { configPath } : {}) }) : null;
  const result = await initRepository(nodeInitFiles(cwd), {
    force,
    workflow: opts.workflow !== false,
    version: VERSION,
    defaults: structuredClone(DEFAULT_CONFIG),
    existingConfig,
    ...(configPath ? { configPath } : {}),
  });
  io.out(renderInitReport(result));
  return EXIT.ok;
}
