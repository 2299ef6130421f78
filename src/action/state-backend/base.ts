// What every state backend shares: where the state file is, the interface the jobs see, and
// the context a backend is built from.

import path from 'node:path';
import type { GitHub } from '../../adapters/github.js';
import type { Config } from '../../core/types.js';
import { FwsyncError } from '../../errors.js';
import type { Ports } from '../../use-cases/ports.js';
import type { ActionInputs, RunnerContext } from '../inputs.js';
import type { Reporter } from '../reporter.js';

export interface StateLocation {
  /** Absolute path in the workspace. */
  file: string;
  /** Relative to the repository root, with forward slashes (contents API path). */
  repoPath: string;
  /** The config it came from, handed on to the use case so it is read once. */
  config: Config;
}

export interface StateBackend {
  /**
   * Before a job reads the state: puts the backend's copy in the workspace and says where it
   * is. Null when the workspace copy (the checkout) is the state and there is nothing to fetch.
   */
  load(): Promise<StateLocation | null>;
  /** Refuses, before anything is sent, an apply whose state this backend could not save. */
  checkCanSave(): void;
  /** After an apply changed the state file: keep `text` (the new file) for the next run. */
  save(location: StateLocation, text: string, message: string): Promise<void>;
  /** For the warning about a kept journal: how to fold it into this backend's state. */
  journalSteps(file: string): string;
}

export interface BackendContext {
  inputs: ActionInputs;
  ctx: RunnerContext;
  ports: Ports;
  gh: GitHub | null;
  out: Reporter;
  configOpts: { configPath?: string };
}

/** The state file named by the config, which must be inside the repository. */
export async function stateLocation(job: BackendContext): Promise<StateLocation> {
  const config = await job.ports.config.load({ cwd: job.ports.cwd, ...job.configOpts });
  const file = path.resolve(job.ports.cwd, config.state);
  const repoPath = path.relative(job.ctx.workspace, file).split(path.sep).join('/');
  if (repoPath.startsWith('../') || path.isAbsolute(repoPath)) {
    throw new FwsyncError('input', `the state file ${config.state} is outside the repository`, {
      hint: 'Keep `state` in fwsync.config.yaml inside the repository.',
    });
  }
  return { file, repoPath, config };
}

/** The journal steps of the backends whose state lives in the checkout (commit, none). */
export function checkoutJournalSteps(file: string): string {
  return `in a checkout of this branch, save the journal as ${file}.journal, run fwsync apply (it folds the journal in before anything else), and commit the state`;
}
