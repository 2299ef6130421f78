// The environment a runner sets (the event payload in a file, INPUT_* variables, GITHUB_OUTPUT /
// GITHUB_STEP_SUMMARY files, RUNNER_TEMP), and the bundled GitHub Action (dist/action.js) run
// as a process in it; support/action-in-process.ts runs the same Action in the test's process.
// Also builds throw-away git repositories (a bare "origin" and a clone) for the state backends
// to push to.

import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readState } from '../../src/adapters/state-store.js';
import type { State } from '../../src/core/types.js';
import { ROOT } from './cli.js';

export const ACTION = path.join(ROOT, 'dist', 'action.js');

/** Builds dist/ when the bundle is missing (npm test builds it before vitest runs). */
export async function ensureActionBuilt(): Promise<void> {
  if (existsSync(ACTION)) return;
  const r = await execa('npm', ['run', 'build'], { cwd: ROOT, reject: false });
  if (r.exitCode !== 0 || !existsSync(ACTION)) throw new Error(`npm run build failed:\n${String(r.stderr)}`);
}

const temps: string[] = [];

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export async function removeTemps(): Promise<void> {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.test',
  GIT_TERMINAL_PROMPT: '0',
  GIT_CONFIG_NOSYSTEM: '1',
};

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const r = await execa('git', args, { cwd, env: GIT_ENV, reject: false, stdin: 'ignore' });
  if (r.exitCode !== 0) throw new Error(`git ${args.join(' ')} failed: ${String(r.stderr)}`);
  return String(r.stdout).trim();
}

export interface Repo {
  /** The bare repository standing in for GitHub's remote ("origin"). */
  bare: string;
  /** A clone checked out at main: the runner's workspace. */
  work: string;
}

/** A bare origin with one commit of `files` on main, and a clone of it. */
export async function makeRepo(files: Record<string, string>): Promise<Repo> {
  const root = await tempDir('fwsync-action-repo-');
  const bare = path.join(root, 'origin.git');
  await git(root, 'init', '--quiet', '--bare', '-b', 'main', bare);
  const seed = path.join(root, 'seed');
  await git(root, 'init', '--quiet', '-b', 'main', seed);
  await writeFiles(seed, files);
  await git(seed, 'add', '-A');
  await git(seed, 'commit', '--quiet', '-m', 'Initial images');
  await git(seed, 'remote', 'add', 'origin', bare);
  await git(seed, 'push', '--quiet', 'origin', 'main');
  return { bare, work: await cloneRepo(bare) };
}

/** A fresh clone of main, as a new runner would check it out. */
export async function cloneRepo(bare: string): Promise<string> {
  const dir = path.join(await tempDir('fwsync-action-work-'), 'repo');
  await git(os.tmpdir(), 'clone', '--quiet', '-b', 'main', bare, dir);
  return dir;
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** Commits `files` in the clone and pushes them to origin/main; returns the new commit sha. */
export async function commitAndPush(
  work: string,
  files: Record<string, string>,
  message: string,
): Promise<string> {
  await writeFiles(work, files);
  await git(work, 'add', '-A');
  await git(work, 'commit', '--quiet', '-m', message);
  await git(work, 'push', '--quiet', 'origin', 'HEAD:main');
  return git(work, 'rev-parse', 'HEAD');
}

export interface ActionRunOptions {
  /** The workspace (GITHUB_WORKSPACE and the process's cwd). */
  workspace: string;
  eventName: string;
  payload: Record<string, unknown>;
  /** Input names as in action.yml (`web-api-key`); set as INPUT_WEB-API-KEY, like the runner does. */
  inputs: Record<string, string>;
  sha: string;
  ref?: string;
  githubUrl: string;
  repository?: string;
  env?: Record<string, string>;
  /** Called with the running process, e.g. to signal it the way the runner cancels a job. */
  onStart?: (child: RunningAction) => void;
}

/**
 * What `onStart` may do with the process. Deliberately not execa's `ResultPromise`: relating
 * the options-specific result type to the generic one costs tsc (and typed eslint) seconds.
 */
export interface RunningAction {
  kill(signal?: NodeJS.Signals): boolean;
  finally(onFinally: () => void): Promise<unknown>;
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  /** GITHUB_OUTPUT parsed (name → value). */
  outputs: Record<string, string>;
  outputFile: string;
  runnerTemp: string;
}

/** Everything the developer's shell might carry that a runner would set differently. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(FINERWORKS_|GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(k) || k === 'CI') continue;
    env[k] = v;
  }
  return env;
}

export interface Runner {
  /** The runner's variables and the INPUT_* of `opts.inputs`, over `base`. */
  env: Record<string, string>;
  runnerTemp: string;
  outputFile: string;
  summaryFile: string;
}

/** RUNNER_TEMP with the event payload, empty GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and the env. */
export async function prepareRunner(
  opts: Omit<ActionRunOptions, 'onStart'>,
  base: Record<string, string>,
): Promise<Runner> {
  const runnerTemp = await tempDir('fwsync-runner-');
  const eventPath = path.join(runnerTemp, 'event.json');
  const outputFile = path.join(runnerTemp, 'output.txt');
  const summaryFile = path.join(runnerTemp, 'step-summary.md');
  await writeFile(eventPath, JSON.stringify(opts.payload));
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const env: Record<string, string> = {
    ...base,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: opts.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: opts.repository ?? 'acme/images',
    GITHUB_SHA: opts.sha,
    GITHUB_REF: opts.ref ?? 'refs/heads/main',
    GITHUB_API_URL: opts.githubUrl,
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: runnerTemp,
    ...opts.env,
  };
  for (const [name, value] of Object.entries(opts.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return { env, runnerTemp, outputFile, summaryFile };
}

export async function runAction(opts: ActionRunOptions): Promise<ActionRun> {
  const { env, runnerTemp, outputFile, summaryFile } = await prepareRunner(opts, cleanEnv());
  const child = execa(process.execPath, [ACTION], {
    cwd: opts.workspace,
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: 60_000,
  });
  opts.onStart?.(child);
  const r = await child;
  const outputText = await readFile(outputFile, 'utf8');
  return {
    code: r.exitCode ?? -1,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
    summary: await readFile(summaryFile, 'utf8'),
    outputs: parseGithubOutput(outputText),
    outputFile: outputText,
    runnerTemp,
  };
}

/** The `name<<DELIMITER\nvalue\nDELIMITER` records @actions/core appends to GITHUB_OUTPUT. */
export function parseGithubOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const [, name, delimiter] = m;
      const value: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
      continue;
    }
    const eq = /^([^=]+)=(.*)$/.exec(lines[i]!);
    if (eq) out[eq[1]!] = eq[2]!;
  }
  return out;
}

/** Annotations the runner would show: `::error file=…,line=…::message` lines of stdout. */
export function annotations(
  stdout: string,
  level: 'error' | 'warning',
): { props: Record<string, string>; message: string }[] {
  const out: { props: Record<string, string>; message: string }[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = new RegExp(`^::${level}(?: ([^:]*))?::(.*)$`).exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const pair of (m[1] ?? '').split(',').filter(Boolean)) {
      const at = pair.indexOf('=');
      props[pair.slice(0, at)] = decodeCommand(pair.slice(at + 1));
    }
    out.push({ props, message: decodeCommand(m[2]!) });
  }
  return out;
}

function decodeCommand(s: string): string {
  return s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

/**
 * The state committed at `ref` of a (bare) repository: the manifest and its shards copied into
 * a temporary folder and read as fwsync reads them, with every committed file's text (for the
 * secret checks).
 */
export async function committedState(
  repo: string,
  ref: string,
  statePath = '.fwsync/state.json',
): Promise<{ state: State; text: string; files: string[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-committed-state-'));
  temps.push(dir);
  const folder = path.posix.dirname(statePath);
  const files = (await git(repo, 'ls-tree', '-r', '--name-only', ref, '--', folder))
    .split('\n')
    .filter(Boolean);
  let text = '';
  for (const file of files) {
    const content = await git(repo, 'show', `${ref}:${file}`);
    text += content;
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), `${content}\n`);
  }
  const { state } = await readState(path.join(dir, statePath));
  if (!state) throw new Error(`no state at ${ref}:${statePath}`);
  return { state, text, files };
}
