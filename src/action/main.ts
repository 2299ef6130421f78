// The GitHub Action: runner inputs and event → the same use cases as the CLI → job summary,
// outputs, annotations and one sticky comment per pull request. The keys are masked before any
// other work, and everything the Action prints, posts or writes goes through the reporter's
// redact() as well, because the runner's masking is not guaranteed (docs/github-action.md).
//
// run(env, ports) never throws: every failure ends as a failed step with a message.

import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GitHub } from '../adapters/github.js';
import { FwsyncError } from '../errors.js';
import type { Ports } from '../use-cases/ports.js';
import {
  credentialEnv,
  readInput,
  readInputs,
  readRunnerContext,
  resolveCommand,
  secretValues,
} from './inputs.js';
import type { ActionInputs, Env, RunnerContext } from './inputs.js';
import type { Job } from './job.js';
import { applyJob } from './jobs/apply.js';
import { driftJob } from './jobs/drift.js';
import { planJob } from './jobs/plan.js';
import type { ActionPorts } from './ports.js';
import { reportError, type Paths } from './report-error.js';
import { stateBackendFor } from './state-backend.js';

export async function run(env: Env, actionPorts: ActionPorts): Promise<void> {
  const out = actionPorts.reporter;
  // The keys are read and masked before anything else can print: a failing input check below
  // must not be the first thing to echo one.
  out.addSecrets(secretValues(env));
  const controller = new AbortController();
  let signals = 0;
  const unsubscribe = actionPorts.interrupts.subscribe((signal) => {
    signals += 1;
    // The runner sends SIGINT, then SIGTERM 7.5 s later, then kills: a second signal means
    // "now"; the apply has saved every confirmed batch already.
    if (signals > 1) {
      actionPorts.interrupts.exitNow(130);
      return;
    }
    out.warning(`${signal}: finishing the requests in flight and saving the state…`);
    controller.abort(new FwsyncError('interrupted', `interrupted by ${signal}`));
  });
  let ctx: RunnerContext | null = null;
  try {
    const inputs = readInputs(env);
    ctx = await readRunnerContext(env, { workspace: process.cwd(), runnerTemp: os.tmpdir() });
    const command = resolveCommand(inputs.command, ctx.eventName);
    const cwd = path.resolve(ctx.workspace, inputs.workingDirectory || '.');
    if (!existsSync(cwd)) {
      throw new FwsyncError('input', `working-directory "${inputs.workingDirectory}" does not exist`, {
        hint: 'Set working-directory relative to the repository root, and check out the repository first.',
      });
    }
    const {
      github: _github,
      reporter: _reporter,
      wait: _wait,
      interrupts: _interrupts,
      ...useCasePorts
    } = actionPorts;
    const ports: Ports = {
      ...useCasePorts,
      cwd,
      env: credentialEnv(inputs, env),
      signal: controller.signal,
      log: { info: (m) => out.info(m), warn: (m) => out.warning(m), verbose: (m) => out.debug(m) },
    };
    const gh = githubFor(inputs, ctx, actionPorts, (m) => out.info(m));
    const scope = { inputs, ctx, ports, gh, out, configOpts: configOpts(inputs, cwd) };
    const job: Job = { ...scope, backend: stateBackendFor(scope) };
    if (command === 'plan') await planJob(job);
    else if (command === 'apply') await applyJob(job);
    else await driftJob(job);
  } catch (error) {
    await reportError(error, out, pathsOf(env, ctx));
  } finally {
    unsubscribe();
  }
}

function configOpts(inputs: ActionInputs, cwd: string): { configPath?: string } {
  return inputs.config ? { configPath: path.resolve(cwd, inputs.config) } : {};
}

function githubFor(
  inputs: ActionInputs,
  ctx: RunnerContext,
  ports: Pick<ActionPorts, 'github' | 'wait'>,
  log: (message: string) => void,
): GitHub | null {
  if (!inputs.githubToken || !ctx.owner || !ctx.repo) return null;
  return ports.github({
    token: inputs.githubToken,
    apiUrl: ctx.apiUrl,
    owner: ctx.owner,
    repo: ctx.repo,
    log,
    wait: (ms) => ports.wait(ms),
  });
}

/** Where annotations point from, also when the failure came before the runner context was read. */
function pathsOf(env: Env, ctx: RunnerContext | null): Paths {
  const workspace = ctx?.workspace ?? process.cwd();
  return { workspace, cwd: path.resolve(workspace, readInput(env, 'working-directory') || '.') };
}
