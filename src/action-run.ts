// The GitHub Action: runner inputs and event → the same use cases as the CLI (src/run.ts) →
// job summary, outputs, annotations and one sticky comment per pull request. Keys are masked
// before any other work, and everything this file prints, posts or writes goes through
// redact() as well, because the runner's masking "is not guaranteed" (reliability.md A7).

import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './adapters/config.js';
import { ENV_ACCOUNT_KEY, ENV_APP_KEY, ENV_WEB_API_KEY, redact } from './adapters/credentials.js';
import { createGitHub, type GitHub } from './adapters/github.js';
import { loadStateFromBranch, persistStateBranch, persistStateCommit } from './adapters/state-backend.js';
import { readState, serializeState } from './adapters/state-store.js';
import { MAX_REVIEW_DIGESTS, diffReviewed, reviewDigests } from './core/review.js';
import type { ApplyResult, Config, Issue, Plan } from './core/types.js';
import { FwsyncError } from './errors.js';
import { renderDriftMarkdown } from './render/drift.js';
import { renderIssuesSummary, renderNoPlanNotice, renderPlanSummary } from './render/action-summary.js';
import { escapeInline } from './render/escape-markdown.js';
import { renderApplyResultJson, renderPlanJson } from './render/json.js';
import { renderApplyResultMarkdown, renderPlanMarkdown } from './render/markdown.js';
import { nodePorts } from './adapters/node-ports.js';
import { apply } from './use-cases/apply.js';
import { driftReport } from './use-cases/drift.js';
import { plan } from './use-cases/plan.js';
import type { Ports } from './use-cases/ports.js';

export type ActionCommand = 'plan' | 'apply' | 'drift';
export type StateBackend = 'commit' | 'branch' | 'none';

export interface ActionInputs {
  command: 'auto' | ActionCommand;
  workingDirectory: string;
  config: string;
  webApiKey: string;
  appKey: string;
  accountKey: string;
  githubToken: string;
  comment: boolean;
  stateBackend: StateBackend;
  stateBranch: string;
  force: boolean;
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

/** GitHub refuses comments over 65,536 characters; the marker line is counted in this. */
const COMMENT_MAX_CHARS = 60_000;
/** GitHub drops a step summary over 1 MiB; keep a margin for the runner's own additions. */
const SUMMARY_MAX_BYTES = 1_000_000;
const MAX_ANNOTATIONS = 50;
const SECRET_ENV = [ENV_WEB_API_KEY, ENV_APP_KEY, ENV_ACCOUNT_KEY] as const;

/**
 * Everything that leaves the process: each text passes through redact() first. The runner
 * masks registered secrets too, but its masking is best effort and does not cover files
 * (the comment body, GITHUB_OUTPUT) written by the action itself.
 */
class Reporter {
  private summaryBytes = 0;
  commentUrl = '';

  constructor(private readonly secrets: string[]) {}

  clean(text: string): string {
    return this.secrets.length > 0 ? redact(text, this.secrets) : text;
  }
  info(message: string): void {
    core.info(this.clean(message));
  }
  warning(message: string, props?: core.AnnotationProperties): void {
    core.warning(this.clean(message), props);
  }
  error(message: string, props?: core.AnnotationProperties): void {
    core.error(this.clean(message), props);
  }
  debug(message: string): void {
    core.debug(this.clean(message));
  }
  fail(message: string): void {
    core.setFailed(this.clean(message));
  }
  output(name: string, value: string | number | boolean): void {
    core.setOutput(name, this.clean(String(value)));
  }
  async summary(markdown: string): Promise<void> {
    if (!process.env.GITHUB_STEP_SUMMARY) {
      this.info('GITHUB_STEP_SUMMARY is not set: no job summary is written.');
      return;
    }
    const text = this.clean(markdown);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (this.summaryBytes + bytes > SUMMARY_MAX_BYTES) {
      this.warning('The job summary is full; part of the report was left out (see the plan-file output).');
      return;
    }
    this.summaryBytes += bytes;
    await core.summary.addRaw(text, true).write();
  }
}

// ---------------------------------------------------------------------------------------------
// Entry

export async function run(): Promise<void> {
  // The keys are read and masked before anything else can print: a failing input check below
  // must not be the first thing to echo one.
  const secrets = maskSecrets();
  const out = new Reporter(secrets);
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    // The runner sends SIGINT, then SIGTERM 7.5 s later, then kills: a second signal means
    // "now"; the apply has saved every confirmed batch already.
    if (signals > 1) process.exit(130);
    out.warning(`${signal}: finishing the requests in flight and saving the state…`);
    controller.abort(new FwsyncError('interrupted', `interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let ctx: RunnerContext | null = null;
  try {
    const inputs = readInputs();
    ctx = await readRunnerContext();
    const command = resolveCommand(inputs.command, ctx.eventName);
    const cwd = path.resolve(ctx.workspace, inputs.workingDirectory || '.');
    if (!existsSync(cwd)) {
      throw new FwsyncError('input', `working-directory "${inputs.workingDirectory}" does not exist`, {
        hint: 'Set working-directory relative to the repository root, and check out the repository first.',
      });
    }
    const deps: Ports = nodePorts({
      cwd,
      env: credentialEnv(inputs),
      signal: controller.signal,
      log: { info: (m) => out.info(m), warn: (m) => out.warning(m), verbose: (m) => out.debug(m) },
    });
    const gh = githubFor(inputs, ctx, out);
    const job: Job = { inputs, ctx, deps, gh, out, configOpts: configOpts(inputs, cwd) };
    if (command === 'plan') await planJob(job);
    else if (command === 'apply') await applyJob(job);
    else await driftJob(job);
  } catch (error) {
    await reportError(error, out, ctx);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function maskSecrets(): string[] {
  const values = [
    core.getInput('web-api-key'),
    core.getInput('app-key'),
    core.getInput('account-key'),
    core.getInput('github-token'),
    ...SECRET_ENV.map((name) => (process.env[name] ?? '').trim()),
  ].filter((v) => v !== '');
  const unique = [...new Set(values)];
  for (const value of unique) core.setSecret(value);
  return unique;
}

function readInputs(): ActionInputs {
  const command = core.getInput('command') || 'auto';
  if (!['auto', 'plan', 'apply', 'drift'].includes(command)) {
    throw new FwsyncError(
      'input',
      `command must be auto, plan, apply or drift, not "${command.slice(0, 40)}"`,
    );
  }
  const stateBackend = core.getInput('state-backend') || 'commit';
  if (!['commit', 'branch', 'none'].includes(stateBackend)) {
    throw new FwsyncError(
      'input',
      `state-backend must be commit, branch or none, not "${stateBackend.slice(0, 40)}"`,
    );
  }
  return {
    command: command as ActionInputs['command'],
    workingDirectory: core.getInput('working-directory') || '.',
    config: core.getInput('config'),
    webApiKey: core.getInput('web-api-key'),
    appKey: core.getInput('app-key'),
    accountKey: core.getInput('account-key'),
    githubToken: core.getInput('github-token'),
    comment: booleanInput('comment', true),
    stateBackend: stateBackend as StateBackend,
    stateBranch: core.getInput('state-branch') || 'fwsync-state',
    force: booleanInput('force', false),
  };
}

function booleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).toLowerCase();
  if (raw === '') return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new FwsyncError('input', `the ${name} input must be true or false, not "${raw.slice(0, 40)}"`);
}

async function readRunnerContext(): Promise<RunnerContext> {
  const env = process.env;
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
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: env.RUNNER_TEMP ?? os.tmpdir(),
  };
}

function resolveCommand(command: ActionInputs['command'], eventName: string): ActionCommand {
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
function credentialEnv(inputs: ActionInputs): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  if (inputs.webApiKey) env[ENV_WEB_API_KEY] = inputs.webApiKey;
  if (inputs.appKey) env[ENV_APP_KEY] = inputs.appKey;
  if (inputs.accountKey) env[ENV_ACCOUNT_KEY] = inputs.accountKey;
  return env;
}

function configOpts(inputs: ActionInputs, cwd: string): { configPath?: string } {
  return inputs.config ? { configPath: path.resolve(cwd, inputs.config) } : {};
}

function githubFor(inputs: ActionInputs, ctx: RunnerContext, out: Reporter): GitHub | null {
  if (!inputs.githubToken || !ctx.owner || !ctx.repo) return null;
  return createGitHub({
    token: inputs.githubToken,
    apiUrl: ctx.apiUrl,
    owner: ctx.owner,
    repo: ctx.repo,
    log: (m) => out.info(m),
  });
}

interface Job {
  inputs: ActionInputs;
  ctx: RunnerContext;
  deps: Ports;
  gh: GitHub | null;
  out: Reporter;
  configOpts: { configPath?: string };
}

// ---------------------------------------------------------------------------------------------
// State backends

interface StateLocation {
  /** Absolute path in the workspace. */
  file: string;
  /** Relative to the repository root, with forward slashes (contents API path). */
  repoPath: string;
  /** The config it came from, handed on to the use case so it is read once. */
  config: Config;
}

async function stateLocation(job: Job): Promise<StateLocation> {
  const config = await loadConfig({ cwd: job.deps.cwd, ...job.configOpts });
  const file = path.resolve(job.deps.cwd, config.state);
  const repoPath = path.relative(job.ctx.workspace, file).split(path.sep).join('/');
  if (repoPath.startsWith('../') || path.isAbsolute(repoPath)) {
    throw new FwsyncError('input', `the state file ${config.state} is outside the repository`, {
      hint: 'Keep `state` in fwsync.config.yaml inside the repository.',
    });
  }
  return { file, repoPath, config };
}

interface BranchState {
  location: StateLocation;
  /** What the branch held (null: no file yet), to write back only on change. */
  content: string | null;
  /** The blob sha read: the compare-and-swap token of the write. */
  sha: string | null;
}

/**
 * state-backend: branch — the state branch is the truth: its file replaces the workspace copy.
 * Without a file there yet (first run), the committed state in the workspace (from
 * `fwsync import`) is the starting point, and the first write creates the file.
 */
async function loadBranchState(job: Job): Promise<BranchState> {
  if (!job.gh) {
    throw new FwsyncError(
      'input',
      'state-backend: branch needs the github-token input and GITHUB_REPOSITORY',
    );
  }
  const location = await stateLocation(job);
  const loaded = await loadStateFromBranch(job.gh, {
    branch: job.inputs.stateBranch,
    path: location.repoPath,
  });
  if (loaded.content !== null) {
    await mkdir(path.dirname(location.file), { recursive: true });
    await writeFile(location.file, loaded.content);
    job.out.info(
      `Loaded ${location.repoPath} from branch ${job.inputs.stateBranch} (blob ${loaded.sha?.slice(0, 7)}).`,
    );
  } else {
    job.out.info(
      `Branch ${job.inputs.stateBranch} holds no ${location.repoPath} yet; starting from the workspace copy.`,
    );
  }
  return { location, content: loaded.content, sha: loaded.sha };
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// plan (pull_request)

async function planJob(job: Job): Promise<void> {
  const { ctx, inputs, out } = job;
  const branchState = inputs.stateBackend === 'branch' ? await loadBranchState(job) : null;
  let thePlan: Plan;
  try {
    ({ plan: thePlan } = await plan(job.deps, {
      ...job.configOpts,
      ...(branchState ? { config: branchState.location.config } : {}),
    }));
  } catch (error) {
    await markPlanCommentFailed(job, error);
    throw error;
  }
  const planFile = await writeRunnerFile(ctx, 'plan.json', renderPlanJson(thePlan));
  const { pr, headSha } = pullRequestOfEvent(ctx);
  const title = `fwsync plan${headSha ? ` · ${headSha.slice(0, 7)}` : ''}`;
  await out.summary(renderPlanSummary(thePlan, { title, maxBytes: SUMMARY_MAX_BYTES }));
  out.output('has-changes', thePlan.changes.length > 0);
  out.output('changes', thePlan.changes.length);
  out.output('plan-checksum', thePlan.checksum);
  out.output('plan-file', planFile);
  out.info(describePlan(thePlan));

  if (!inputs.comment) {
    out.info('comment: false — the plan is in the job summary only.');
  } else if (pr === null || !headSha) {
    out.info('Not a pull request event: the plan is in the job summary only.');
  } else if (!job.gh) {
    out.warning('No github-token: the plan is in the job summary only.');
  } else {
    // The adapter's hidden marker line: sha, checksum and up to MAX_REVIEW_DIGESTS digests.
    const marker = 200 + 9 * MAX_REVIEW_DIGESTS;
    const body = renderPlanMarkdown(thePlan, {
      title,
      maxChars: COMMENT_MAX_CHARS - marker,
      summaryPointer: summaryPointer(ctx),
    });
    // A failure other than a read-only token fails the job: the comment of an older commit
    // would otherwise stay up looking like the current plan.
    const r = await job.gh.upsertStickyComment({
      issueNumber: pr,
      body: out.clean(body),
      kind: 'plan',
      headSha,
      checksum: thePlan.checksum,
      changes: reviewDigests(thePlan),
    });
    if (r.warning) out.warning(r.warning);
    if (r.action === 'skipped-stale') {
      out.info(
        `Pull request #${pr} has a newer head than ${headSha.slice(0, 7)}: its comment is left to that run.`,
      );
    } else if (r.url) {
      out.info(`Plan comment ${r.action}: ${r.url}`);
    }
    out.commentUrl = r.url ?? '';
  }
  out.output('comment-url', out.commentUrl);
}

/**
 * When this commit cannot be planned, an existing plan comment (of an older commit) must not
 * keep looking like the current plan: it is replaced by a short notice. No comment is created
 * for a failure: the annotations and the job summary carry the details.
 */
async function markPlanCommentFailed(job: Job, error: unknown): Promise<void> {
  const { ctx, inputs, out } = job;
  const { pr, headSha } = pullRequestOfEvent(ctx);
  if (!inputs.comment || !job.gh || pr === null || !headSha) return;
  const problems = error instanceof FwsyncError && error.kind === 'validation' ? error.issues.length : null;
  try {
    await job.gh.upsertStickyComment({
      issueNumber: pr,
      body: renderNoPlanNotice(headSha, problems),
      kind: 'plan',
      headSha,
      checksum: 'failed',
      updateOnly: true,
    });
  } catch (commentError) {
    out.warning(`Could not update the plan comment: ${errorText(commentError)}`);
  }
}

/** The pull request of a pull_request event and its head commit (the run's sha otherwise). */
function pullRequestOfEvent(ctx: RunnerContext): { pr: number | null; headSha: string } {
  const pr = ctx.event.pull_request?.number;
  return { pr: typeof pr === 'number' ? pr : null, headSha: ctx.event.pull_request?.head?.sha ?? ctx.sha };
}

function describePlan(p: Plan): string {
  const s = p.summary;
  if (p.changes.length === 0) return `No changes (${s.unchanged} unchanged). Checksum ${p.checksum}.`;
  return `Plan: ${s.update} update, ${s.adopt} adopt, ${s.forget} forget, ${s.record} record, ${s.unchanged} unchanged. Checksum ${p.checksum}.`;
}

function summaryPointer(ctx: RunnerContext): string {
  return ctx.runUrl
    ? `(the full plan is in the [job summary](${ctx.runUrl}) of this run)`
    : '(the full plan is in the job summary of this run)';
}

async function writeRunnerFile(ctx: RunnerContext, name: string, text: string): Promise<string> {
  const dir = path.join(ctx.runnerTemp, 'fwsync');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

// ---------------------------------------------------------------------------------------------
// apply (push, workflow_dispatch)

async function applyJob(job: Job): Promise<void> {
  const { ctx, inputs, out } = job;
  const backend = inputs.stateBackend;
  const branchState = backend === 'branch' ? await loadBranchState(job) : null;
  const location = branchState?.location ?? (await stateLocation(job));
  const branch = branchOf(ctx.ref);
  if (backend === 'commit' && branch === null) {
    throw new FwsyncError(
      'input',
      `state-backend: commit needs a branch to push to, and ${ctx.ref || 'GITHUB_REF'} is not one`,
      {
        hint: 'Run the apply on push to a branch or on workflow_dispatch from a branch, or use state-backend: branch.',
      },
    );
  }
  const before = await readIfExists(location.file);

  let outcome: Awaited<ReturnType<typeof apply>> | null = null;
  let applyError: Error | null = null;
  try {
    outcome = await apply(job.deps, {
      ...job.configOpts,
      config: location.config,
      force: inputs.force,
      // Reviewing happened on the pull request; the workflow (and its environment rules) is the "yes".
      confirm: () => Promise.resolve(true),
      onProgress: (p) => out.info(`${p.done}/${p.total} images confirmed`),
    });
  } catch (error) {
    applyError = error instanceof Error ? error : new Error(String(error));
  }

  // Confirmed updates are in the state file even when the apply failed part way: persist them
  // before anything else can go wrong.
  let persistError: unknown = null;
  try {
    await persistState(job, location, before, branchState);
  } catch (error) {
    persistError = error;
    // Like Terraform's errored.tfstate: the confirmed state must outlive this runner.
    // One self-contained file (the version-1 layout, which fwsync still reads), not the
    // manifest alone: its shards would not travel with it.
    const whole = await readState(location.file).then(
      (r) => (r.state ? serializeState(r.state) : null),
      () => null,
    );
    if (whole !== null) {
      const copy = await writeRunnerFile(job.ctx, 'errored-state.json', whole);
      job.out.warning(
        `The state could not be saved; a copy is at ${copy}. Upload it as an artifact, then put it in place as ${location.repoPath} (fwsync reads it and writes the sharded state on the next apply) to record what was applied.`,
      );
    }
    if (applyError !== null) out.error(`${errorText(error)}`);
  }
  // A journal left behind means the state file could not take the confirmed updates (its write
  // failed); on a runner that is thrown away, the journal is their only record. It belongs to
  // the state it started from: with the branch backend, the state branch's copy.
  const file = location.repoPath;
  const steps =
    inputs.stateBackend === 'branch'
      ? `in a checkout, put the ${inputs.stateBranch} branch's state in place (git fetch origin ${inputs.stateBranch} && git show FETCH_HEAD:${file} > ${file}), save the journal as ${file}.journal, run fwsync apply (it folds the journal in before anything else), and put the state back on the ${inputs.stateBranch} branch`
      : `in a checkout of this branch, save the journal as ${file}.journal, run fwsync apply (it folds the journal in before anything else), and commit the state`;
  await keepForArtifact(
    job,
    `${location.file}.journal`,
    'errored-journal.jsonl',
    (copy) =>
      `Confirmed updates could not be written to the state; they are kept at ${copy}. Upload it as an artifact. To record them, ${steps}.`,
  );
  if (applyError instanceof FwsyncError && applyError.kind === 'refused') await postRefusal(job, applyError);
  if (applyError !== null) throw applyError;
  if (outcome === null) throw new FwsyncError('api', 'apply ended without a result');

  const { plan: thePlan, result } = outcome;
  const planFile = await writeRunnerFile(ctx, 'plan.json', renderPlanJson(thePlan));
  await writeRunnerFile(ctx, 'apply-result.json', renderApplyResultJson(result));
  const persistNote =
    persistError === null ? null : `The state could not be saved: ${errorText(persistError)}`;

  await postApplyComment(job, thePlan, result, persistNote);

  const title = `fwsync apply${ctx.sha ? ` · ${ctx.sha.slice(0, 7)}` : ''}`;
  let summary = renderApplyResultMarkdown(result, { title, maxChars: SUMMARY_MAX_BYTES / 2 });
  if (persistNote) summary += `\n> [!CAUTION]\n> ${escapeInline(persistNote, 2000)}\n`;
  await out.summary(summary);
  if (thePlan.changes.length > 0) {
    await out.summary(
      renderPlanSummary(thePlan, {
        title: 'The plan that was applied',
        maxBytes: SUMMARY_MAX_BYTES / 2 - 10_000,
      }),
    );
  }

  const s = result.summary;
  out.output('applied', s.applied + s.recorded);
  out.output('failed', s.failed);
  out.output('has-changes', thePlan.changes.length > 0);
  out.output('changes', thePlan.changes.length);
  out.output('plan-checksum', thePlan.checksum);
  out.output('plan-file', planFile);
  out.output('comment-url', out.commentUrl);
  out.info(
    `Applied ${s.applied}, recorded ${s.recorded}, forgotten ${s.forgotten}, failed ${s.failed}, not attempted ${s.not_attempted} (${result.requests} requests).`,
  );

  for (const image of result.images.filter((i) => i.outcome === 'failed').slice(0, MAX_ANNOTATIONS)) {
    const change = thePlan.changes.find((c) => c.guid === image.guid);
    const props =
      change && change.line !== null
        ? {
            file: repoFile(ctx.workspace, job.deps.cwd, change.file),
            startLine: change.line,
            title: 'fwsync apply',
          }
        : undefined;
    out.error(`${image.guid}: ${image.message ?? 'failed'}`, props);
  }
  if (result.interrupted)
    out.fail(
      `Cancelled, partially applied: ${s.applied + s.recorded + s.forgotten} of ${result.images.length} changes were confirmed and are recorded in the state. Re-run the job to apply the rest.`,
    );
  else if (!result.complete)
    out.fail(
      `${s.failed + s.not_attempted} image(s) were not applied; the others are recorded in the state. Fix the failures and re-run the job.`,
    );
  if (persistError !== null) await reportError(persistError, out, ctx);
}

/**
 * Copies `source`, when it exists, to RUNNER_TEMP/fwsync/`name`, where an
 * `actions/upload-artifact` step (if: failure()) can pick it up, and warns how to use it.
 */
async function keepForArtifact(
  job: Job,
  source: string,
  name: string,
  warning: (copy: string) => string,
): Promise<void> {
  const text = await readIfExists(source);
  if (text === null) return;
  job.out.warning(warning(await writeRunnerFile(job.ctx, name, text)));
}

function branchOf(ref: string): string | null {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
}

async function persistState(
  job: Job,
  location: StateLocation,
  before: string | null,
  branchState: BranchState | null,
): Promise<void> {
  const { inputs, ctx, out } = job;
  const after = await readIfExists(location.file);
  if (after === null || after === before) {
    out.info('The state did not change; nothing to save.');
    return;
  }
  const message = `fwsync: record applied state${ctx.sha ? ` for ${ctx.sha.slice(0, 7)}` : ''}`;
  if (inputs.stateBackend === 'none') {
    out.info(`state-backend: none — ${location.repoPath} changed in the workspace and is not saved.`);
    return;
  }
  if (inputs.stateBackend === 'commit') {
    const r = await persistStateCommit({
      cwd: job.deps.cwd,
      statePath: path.relative(job.deps.cwd, location.file).split(path.sep).join('/'),
      branch: branchOf(ctx.ref)!,
      message,
    });
    if (r.committed)
      out.info(
        `Committed ${location.repoPath} to ${branchOf(ctx.ref)} (${r.sha?.slice(0, 7)}, ${r.attempts} push attempt(s)).`,
      );
    return;
  }
  if (!job.gh || !branchState)
    throw new FwsyncError('input', 'state-backend: branch needs the github-token input');
  if (after === branchState.content) return;
  const r = await persistStateBranch(job.gh, {
    branch: inputs.stateBranch,
    path: location.repoPath,
    content: after,
    sha: branchState.sha,
    message,
    baseBranch: ctx.event.repository?.default_branch ?? branchOf(ctx.ref) ?? 'main',
  });
  out.info(`Saved ${location.repoPath} on branch ${inputs.stateBranch} (blob ${r.sha.slice(0, 7)}).`);
}

/** The pull request the pushed commit came from, or null (a direct push). */
async function pullRequestOfRun(job: Job, gh: GitHub, sha: string): Promise<number | null> {
  const { ctx, out } = job;
  // A re-run (workflow_dispatch) is for an old commit whose link is long indexed: no waiting.
  const pr = await gh.findPullRequestForCommit(
    sha,
    ctx.event.head_commit?.message ?? '',
    ctx.eventName === 'push' ? {} : { attempts: 1 },
  );
  if (pr === null)
    out.info(`No pull request found for ${sha.slice(0, 7)}: the results are in the job summary only.`);
  return pr;
}

/** The per-image results on the merged pull request. Never fails the job: the apply happened. */
async function postApplyComment(
  job: Job,
  thePlan: Plan,
  result: ApplyResult,
  note: string | null,
): Promise<void> {
  const { ctx, inputs, out, gh } = job;
  if (!inputs.comment || !gh || !ctx.sha) return;
  try {
    const pr = await pullRequestOfRun(job, gh, ctx.sha);
    if (pr === null) return;
    const shown = await gh.getPullRequestComment(pr, 'plan');
    if (thePlan.changes.length === 0 && shown === null) {
      out.info(`Nothing changed and #${pr} has no plan comment: no comment posted.`);
      return;
    }
    const matches = shown === null ? null : shown.checksum === thePlan.checksum;
    const applied = reviewDigests(thePlan);
    const reviewDiff =
      matches === false && shown?.changes && applied ? diffReviewed(shown.changes, applied) : null;
    let body = renderApplyResultMarkdown(result, {
      title: `fwsync apply · ${ctx.sha.slice(0, 7)}`,
      maxChars: COMMENT_MAX_CHARS - 3_000,
      planMatchesReviewed: matches,
      reviewDiff,
      summaryPointer: ctx.runUrl
        ? `(every image is listed in the [job summary](${ctx.runUrl}))`
        : '(every image is listed in the job summary)',
    });
    if (note) body += `\n> [!CAUTION]\n> ${escapeInline(note, 2000)}\n`;
    await upsertApplyComment(job, gh, pr, body, thePlan.checksum);
  } catch (error) {
    out.warning(`Could not post the results on the pull request: ${errorText(error)}`);
  }
}

/**
 * A refused apply (safety limit, stale state) sent nothing; the merged pull request says so,
 * or its authors would take the silence for success. Best effort, like every apply comment.
 */
async function postRefusal(job: Job, error: FwsyncError): Promise<void> {
  const { ctx, inputs, out, gh } = job;
  if (!inputs.comment || !gh || !ctx.sha) return;
  try {
    const pr = await pullRequestOfRun(job, gh, ctx.sha);
    if (pr === null) return;
    const body = [
      `### fwsync apply · ${ctx.sha.slice(0, 7)}`,
      '',
      `**Refused: nothing was sent.** ${escapeInline(error.message, 1000)}`,
      '',
      error.hint ? escapeInline(error.hint, 1000) : '',
      '',
      'Once the plan is what you want, re-run the apply from the Actions tab (workflow_dispatch), with `force: true` if the safety limit is the reason.',
      '',
    ].join('\n');
    await upsertApplyComment(job, gh, pr, body, 'refused');
  } catch (e) {
    out.warning(`Could not post the refusal on the pull request: ${errorText(e)}`);
  }
}

async function upsertApplyComment(
  job: Job,
  gh: GitHub,
  pr: number,
  body: string,
  checksum: string,
): Promise<void> {
  const { ctx, out } = job;
  const r = await gh.upsertStickyComment({
    issueNumber: pr,
    body: out.clean(body),
    kind: 'apply',
    headSha: ctx.sha,
    checksum,
  });
  if (r.warning) out.warning(r.warning);
  out.commentUrl = r.url ?? '';
  if (r.url) out.info(`Apply comment ${r.action} on #${pr}: ${r.url}`);
}

// ---------------------------------------------------------------------------------------------
// drift (schedule)

/**
 * Drift is reported in the job summary, the has-changes output and a warning; it does not
 * open an issue (a scheduled run would need issues: write, and would open one a day). A
 * workflow that wants an issue adds a step on `steps.<id>.outputs.has-changes == 'true'`.
 */
async function driftJob(job: Job): Promise<void> {
  const { out } = job;
  if (job.inputs.stateBackend === 'branch') await loadBranchState(job);
  const report = await driftReport(job.deps, job.configOpts);
  await out.summary(renderDriftMarkdown(report));
  out.output('has-changes', report.drift);
  out.output('changes', report.images.length);
  const s = report.summary;
  if (report.drift) {
    out.warning(
      `Drift: ${s.drifted} image(s) changed on FinerWorks outside fwsync, ${s.missing} missing. See the job summary.`,
    );
  } else {
    out.info(`No drift: ${s.checked} image(s) checked, ${s.pending} with pending changes.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

/** A path relative to the working directory, as annotations want it: relative to the repository. */
function repoFile(workspace: string, cwd: string, file: string): string {
  const rel = path.relative(workspace, path.resolve(cwd, file)).split(path.sep).join('/');
  return rel.startsWith('../') || path.isAbsolute(rel) ? file : rel;
}

function errorText(error: unknown): string {
  if (error instanceof FwsyncError) return error.hint ? `${error.message}. ${error.hint}` : error.message;
  return error instanceof Error ? error.message : String(error);
}

async function reportError(error: unknown, out: Reporter, ctx: RunnerContext | null): Promise<void> {
  if (error instanceof FwsyncError) {
    if (error.issues.length > 0) {
      annotate(error.issues, out, ctx);
      await out
        .summary(renderIssuesSummary(error.message, error.issues, MAX_ANNOTATIONS))
        .catch(() => undefined);
    }
    out.fail(error.hint ? `${error.message}\n${error.hint}` : error.message);
    return;
  }
  // A bug: say so without a stack trace (the runner log is public on public repositories).
  const message = error instanceof Error ? error.message : String(error);
  out.fail(`internal error: ${message}`);
}

function annotate(issues: Issue[], out: Reporter, ctx: RunnerContext | null): void {
  const workspace = ctx?.workspace ?? process.cwd();
  const cwd = path.resolve(workspace, core.getInput('working-directory') || '.');
  for (const issue of issues.slice(0, MAX_ANNOTATIONS)) {
    out.error(issue.hint ? `${issue.message} — ${issue.hint}` : issue.message, {
      title: 'fwsync',
      file: repoFile(workspace, cwd, issue.file),
      startLine: issue.line,
      startColumn: issue.column,
    });
  }
  if (issues.length > MAX_ANNOTATIONS) out.error(`…and ${issues.length - MAX_ANNOTATIONS} more problems`);
}
