// The Action's inputs and the runner's context, read from an environment record (the runner
// passes inputs as INPUT_* variables): run(env, ports) takes process.env in production and a
// plain record in tests, and nothing here reads process.env itself.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ENV_ACCOUNT_KEY, ENV_APP_KEY, ENV_WEB_API_KEY } from '../adapters/credentials.js';
import { FwsyncError } from '../errors.js';

export type Env = Record<string, string | undefined>;
export type ActionCommand = 'plan' | 'apply' | 'drift';
export type StateBackendName = 'commit' | 'branch' | 'none';

export interface ActionInputs {
  command: 'auto' | ActionCommand;
  workingDirectory: string;
  config: string;
  webApiKey: string;
  appKey: string;
  accountKey: string;
  githubToken: string;
  comment: boolean;
  stateBackend: StateBackendName;
  stateBranch: string;
  force: boolean;
  allowProductRemoval: boolean;
}

/** The parts of a webhook payload fwsync reads (GITHUB_EVENT_PATH). */
export interface EventPayload {
  pull_request?: { number?: number; head?: { sha?: string } };
  head_commit?: { message?: string } | null;
  repository?: { default_branch?: string };
}

export interface RunnerContext {
  eventName: string;
  event: EventPayload;
  owner: string | null;
  repo: string | null;
  sha: string;
  ref: string;
  apiUrl: string;
  /** Link to this run's page (and so its job summary), when the runner says where it is. */
  runUrl: string | null;
  workspace: string;
  runnerTemp: string;
}

const SECRET_ENV = [ENV_WEB_API_KEY, ENV_APP_KEY, ENV_ACCOUNT_KEY] as const;

/** One input as @actions/core's getInput reads it: INPUT_<NAME>, spaces as _, trimmed. */
export function readInput(env: Env, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Every key the run may hold, from the inputs and the job's env: masked before anything prints. */
export function secretValues(env: Env): string[] {
  const values = [
    readInput(env, 'web-api-key'),
    readInput(env, 'app-key'),
    readInput(env, 'account-key'),
    readInput(env, 'github-token'),
    ...SECRET_ENV.map((name) => (env[name] ?? '').trim()),
  ].filter((v) => v !== '');
  return [...new Set(values)];
}

export function readInputs(env: Env): ActionInputs {
  const command = readInput(env, 'command') || 'auto';
  if (!['auto', 'plan', 'apply', 'drift'].includes(command)) {
    throw new FwsyncError(
      'input',
      `command must be auto, plan, apply or drift, not "${command.slice(0, 40)}"`,
    );
  }
  const stateBackend = readInput(env, 'state-backend') || 'commit';
  if (!['commit', 'branch', 'none'].includes(stateBackend)) {
    throw new FwsyncError(
      'input',
      `state-backend must be commit, branch or none, not "${stateBackend.slice(0, 40)}"`,
    );
  }
  return {
    command: command as ActionInputs['command'],
    workingDirectory: readInput(env, 'working-directory') || '.',
    config: readInput(env, 'config'),
    webApiKey: readInput(env, 'web-api-key'),
    appKey: readInput(env, 'app-key'),
    accountKey: readInput(env, 'account-key'),
    githubToken: readInput(env, 'github-token'),
    comment: booleanInput(env, 'comment', true),
    stateBackend: stateBackend as StateBackendName,
    stateBranch: readInput(env, 'state-branch') || 'fwsync-state',
    force: booleanInput(env, 'force', false),
    allowProductRemoval: booleanInput(env, 'allow-product-removal', false),
  };
}

function booleanInput(env: Env, name: string, fallback: boolean): boolean {
  const raw = readInput(env, name).toLowerCase();
  if (raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new FwsyncError('input', `the ${name} input must be true or false, not "${raw.slice(0, 40)}"`);
}

/**
 * The runner's GITHUB_* and RUNNER_* variables and the event payload. `fallback` stands in for
 * what a runner always sets (the workspace, a temporary folder) when run outside one.
 */
export async function readRunnerContext(
  env: Env,
  fallback: { workspace: string; runnerTemp: string },
): Promise<RunnerContext> {
  let event: EventPayload = {};
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath && existsSync(eventPath)) {
    try {
      event = JSON.parse(await readFile(eventPath, 'utf8')) as EventPayload;
    } catch (error) {
      throw new FwsyncError('input', `cannot read the event payload at ${eventPath}`, { cause: error });
    }
  }
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${serverUrl}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : null;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    event,
    owner: owner || null,
    repo: repo || null,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runUrl,
    workspace: env.GITHUB_WORKSPACE ?? fallback.workspace,
    runnerTemp: env.RUNNER_TEMP ?? fallback.runnerTemp,
  };
}

export function resolveCommand(command: ActionInputs['command'], eventName: string): ActionCommand {
  // Under pull_request_target a job has the base repository's secrets and a write token while
  // the files it reads come from the pull request: fwsync refuses it whatever the command.
  if (eventName === 'pull_request_target') {
    throw new FwsyncError('refused', 'fwsync does not run on pull_request_target', {
      hint: "Use the pull_request event: a plan needs no secrets, and a fork's read-only token only loses the comment (the plan stays in the job summary).",
    });
  }
  // apply and drift use the FinerWorks keys, and a pull request's own fwsync.config.yaml can
  // set api.base_url: the keys would go wherever the pull request says. Only reviewed, merged
  // files get them.
  if ((command === 'apply' || command === 'drift') && eventName.startsWith('pull_request')) {
    throw new FwsyncError(
      'refused',
      `${command} does not run on pull requests: it uses the FinerWorks keys, which a pull request's own config could send elsewhere`,
      {
        hint: 'Use command: plan (or auto) on pull_request; apply on push to the default branch or workflow_dispatch, drift on schedule.',
      },
    );
  }
  if (command !== 'auto') return command;
  switch (eventName) {
    case 'pull_request':
      return 'plan';
    case 'push':
    case 'workflow_dispatch':
      return 'apply';
    case 'schedule':
      return 'drift';
    default:
      throw new FwsyncError(
        'input',
        `command: auto has nothing to do on the "${eventName.slice(0, 60) || 'unknown'}" event`,
        {
          hint: 'auto plans on pull_request, applies on push and workflow_dispatch, and reports drift on schedule; set command explicitly for other events.',
        },
      );
  }
}

/** The use cases read the keys from the environment: the inputs win over the job's env. */
export function credentialEnv(inputs: ActionInputs, env: Env): Env {
  const out: Env = { ...env };
  if (inputs.webApiKey) out[ENV_WEB_API_KEY] = inputs.webApiKey;
  if (inputs.appKey) out[ENV_APP_KEY] = inputs.appKey;
  if (inputs.accountKey) out[ENV_ACCOUNT_KEY] = inputs.accountKey;
  return out;
}

/** The pull request of a pull_request event and its head commit (the run's sha otherwise). */
export function pullRequestOfEvent(ctx: RunnerContext): { pr: number | null; headSha: string } {
  const pr = ctx.event.pull_request?.number;
  return { pr: typeof pr === 'number' ? pr : null, headSha: ctx.event.pull_request?.head?.sha ?? ctx.sha };
}

export function branchOf(ref: string): string | null {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
}
