// `fwsync init`: the files a new repository of image YAML needs — the config with every
// setting shown, the .gitignore lines for the run-time files next to the state, the workflow
// pinned to this release, and images/ with a README. It never replaces a file unless told to
// (`force`), and never replaces .gitignore at all: it appends the lines that are missing.

import type { Config } from '../core/types.js';
import type { InitFileResult, InitOutcome, InitResult } from '../render/init-report.js';
import {
  FWSYNC_REPOSITORY,
  PLACEHOLDER_SHA,
  actionRefFromResolved,
  gitignoreAddition,
  renderConfigTemplate,
  renderImagesReadme,
  renderWorkflow,
  type ActionRef,
} from '../render/init-templates.js';

/** The file-system writes init makes, relative to the folder it runs in. */
export interface InitFiles {
  /** The file's text, or null when there is none. */
  read(relPath: string): Promise<string | null>;
  /**
   * Writes the file, creating its folder. Without `overwrite` an existing file is left alone
   * (atomically: a file created meanwhile is not replaced) and 'exists' is returned.
   */
  write(
    relPath: string,
    text: string,
    opts: { overwrite: boolean },
  ): Promise<'created' | 'replaced' | 'exists'>;
  append(relPath: string, text: string): Promise<void>;
  /** How npm resolved the installed fwsync (package-lock.json), or null. */
  installedFrom(): Promise<string | null>;
}

export interface InitOptions {
  force: boolean;
  workflow: boolean;
  version: string;
  defaults: Config;
  /** The config that is there already (when init keeps it), for its state path. */
  existingConfig: Config | null;
  /** Where the config goes: --config, else fwsync.config.yml when that exists, else INIT_PATHS.config. */
  configPath?: string;
}

export type { InitFileResult, InitOutcome, InitResult } from '../render/init-report.js';

export const INIT_PATHS = {
  config: 'fwsync.config.yaml',
  configYml: 'fwsync.config.yml',
  gitignore: '.gitignore',
  workflow: '.github/workflows/fwsync.yml',
  imagesReadme: 'images/README.md',
} as const;

export async function initRepository(files: InitFiles, opts: InitOptions): Promise<InitResult> {
  const results: InitFileResult[] = [];
  const writeOnce = async (path: string, text: string, detail?: string): Promise<void> => {
    const r = await files.write(path, text, { overwrite: opts.force });
    const outcome: InitOutcome = r === 'exists' ? 'skipped' : r;
    results.push({ path, outcome, ...(detail !== undefined && outcome !== 'skipped' ? { detail } : {}) });
  };

  // fwsync.config.yml next to a new fwsync.config.yaml would make every command refuse both.
  const configPath =
    opts.configPath ??
    ((await files.read(INIT_PATHS.configYml)) !== null ? INIT_PATHS.configYml : INIT_PATHS.config);
  await writeOnce(configPath, renderConfigTemplate(opts.defaults));
  // A config init kept may put the state elsewhere; a replaced one uses the defaults.
  const statePath = ((!opts.force && opts.existingConfig) || opts.defaults).state;

  const addition = gitignoreAddition(await files.read(INIT_PATHS.gitignore), statePath);
  if (addition === '') {
    results.push({ path: INIT_PATHS.gitignore, outcome: 'unchanged' });
  } else {
    await files.append(INIT_PATHS.gitignore, addition);
    const lines = addition.split('\n').filter((l) => l.startsWith('/')).length;
    results.push({
      path: INIT_PATHS.gitignore,
      outcome: 'appended',
      detail: `${lines} line${lines === 1 ? '' : 's'}: the backup, journal, lock and temporary files next to the state`,
    });
  }

  let action: ActionRef | null = null;
  if (opts.workflow) {
    action = actionRefFromResolved(await files.installedFrom(), opts.version) ?? {
      repository: FWSYNC_REPOSITORY,
      sha: PLACEHOLDER_SHA,
      version: opts.version,
    };
    const pin = `uses ${action.repository}@${action.sha === PLACEHOLDER_SHA ? '000… (replace with the commit of tag v' + action.version + ')' : action.sha.slice(0, 12) + '… # v' + action.version}`;
    await writeOnce(INIT_PATHS.workflow, renderWorkflow(action), pin);
  }

  await writeOnce(INIT_PATHS.imagesReadme, renderImagesReadme());
  return { files: results, statePath, action };
}
