// The GitHub Action: runner inputs and event → the same use cases as the CLI → job summary,
// outputs, annotations and one sticky comment per pull request. The keys are masked before any
// other work, and everything the Action prints, posts or writes goes through the reporter's
// redact() as well, because the runner's masking is not guaranteed (docs/github-action.md).
//
// run(env, ports) never throws: every failure ends as a failed step with a message.

import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actionApiUrl } from '../adapters/api-url.js';
import type { GitHub } from '../adapters/github.js';
import { FwsyncError } from '../errors.js';
import type { Ports } from '../use-cases/ports.js';
import {
  apiUrlPolicy,
  credentialEnv,
  readInput,
  readInputs,
  readRunnerContext,
  refNotAllowed,
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
    if (command !== 'plan') {
      // A push to any branch would otherwise apply that branch's unreviewed files with the keys.
      const notAllowed = refNotAllowed(ctx, inputs.allowedRefs);
      if (notAllowed !== null) {
        skipRef(out, command, notAllowed);
        return;
      }
    }
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
    const apiPolicy = apiUrlPolicy(inputs, env);
    const ports: Ports = {
      ...useCasePorts,
      // The workflow decides where the keys go: every client the use cases build passes here.
      finerworks: (config, clientEnv) => {
        const url = actionApiUrl(apiPolicy, config.api.base_url).href;
        return useCasePorts.finerworks(
          { ...config, api: { ...config.api, base_url: url } },
          { ...clientEnv, FINERWORKS_API_URL: url },
        );
      },
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

/**
 * apply or drift for a branch the workflow does not trust: nothing is read or sent, and the
 * step succeeds with a warning (a workflow on every push stays green on feature branches).
 */
function skipRef(out: ActionPorts['reporter'], command: string, why: string): void {
  const text = `fwsync ${command} skipped: ${why}. Nothing was sent to FinerWorks. ${command === 'apply' ? 'Apply' : 'Drift'} runs only for reviewed, merged files; list other branches in the allowed-refs input to ${command} them.`;
  out.warning(text);
  out.output('has-changes', false);
  out.output('changes', 0);
  out.output('applied', 0);
  out.output('failed', 0);
  out.output('refused', 0);
  out.output('comment-url', '');
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
