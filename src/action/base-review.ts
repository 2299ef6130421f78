// A pull request's config and state file against its base commit (core/base-review.ts), read
// with `git show <base sha>:<path>` in the workspace. The plan of a pull request then shows
// those edits in a CAUTION section, and never lets them steer what it compares with: every
// image file is parsed (the state's per-file skip cache could hide an edited file), and a state
// path the pull request moves is read from the base, not from a file the pull request provides.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CONFIG_FILE_NAMES, loadConfig } from '../adapters/config.js';
import { parseState } from '../adapters/state-store.js';
import {
  countFileEntryChanges,
  diffConfigs,
  diffRecordedStates,
  type BaseReview,
} from '../core/base-review.js';
import type { Config, State } from '../core/types.js';
import { errorText, readIfExists, type Job } from './job.js';

const run = promisify(execFile);

export interface BaseComparison {
  baseSha: string;
  review: BaseReview;
  /** The state recorded at the base, used by the plan when the pull request moves the file. */
  baseState: State | null;
  /** Absolute path of the state file the pull request names. */
  headStateFile: string;
}

/** The pull request's base commit, or null outside a pull request event. */
export function baseShaOf(job: Job): string | null {
  if (!job.ctx.eventName.startsWith('pull_request')) return null;
  const sha = job.ctx.event.pull_request?.base?.sha;
  return typeof sha === 'string' && /^[0-9a-f]{40,64}$/i.test(sha) ? sha : null;
}

/**
 * Compares with the base commit; null (with a warning) when the base cannot be read, e.g. a
 * shallow checkout without it and no way to fetch it.
 */
export async function compareWithBase(
  job: Job,
  baseSha: string,
  head: Config,
): Promise<BaseComparison | null> {
  const { ctx, out, ports } = job;
  if (!(await ensureCommit(ctx.workspace, baseSha))) {
    out.warning(
      `Could not read the base commit ${baseSha.slice(0, 7)}: the config and the state file were not compared with it. Check out with fetch-depth: 2 (or 0) so the base is in the workspace.`,
    );
    return null;
  }
  const repoPath = (abs: string) => path.relative(ctx.workspace, abs).split(path.sep).join('/');
  const cwdRel = repoPath(ports.cwd);
  const inRepo = (rel: string) => (cwdRel === '' ? rel : `${cwdRel}/${rel}`);

  // The base's config, loaded by the same loader from a copy of the base's file.
  const scratch = await mkdtemp(path.join(ctx.runnerTemp, 'fwsync-base-'));
  const scratchCwd = path.join(scratch, cwdRel);
  await mkdir(scratchCwd, { recursive: true });
  const names = job.configOpts.configPath
    ? [path.relative(ports.cwd, job.configOpts.configPath).split(path.sep).join('/')]
    : [...CONFIG_FILE_NAMES];
  let found: string | null = null;
  for (const name of names) {
    const text = await show(ctx.workspace, baseSha, inRepo(name));
    if (text === null) continue;
    const file = path.join(scratchCwd, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    found = file;
    break;
  }
  let base: Config;
  try {
    base = await loadConfig({
      cwd: scratchCwd,
      ...(found && job.configOpts.configPath ? { configPath: found } : {}),
    });
  } catch (error) {
    out.warning(
      `The config at the base commit cannot be read (${errorText(error)}); the settings are compared with the defaults.`,
    );
    base = await loadConfig({ cwd: scratch });
  }

  const baseStatePath = repoPath(path.resolve(ports.cwd, base.state));
  const headStateFile = path.resolve(ports.cwd, head.state);
  const headStatePath = repoPath(headStateFile);
  // With the branch backend the state lives on its own branch: the pull request cannot edit it.
  const compareState = job.inputs.stateBackend !== 'branch';
  const baseState = compareState
    ? parsed(await show(ctx.workspace, baseSha, baseStatePath), baseStatePath)
    : null;
  const headState = compareState ? parsed(await readIfExists(headStateFile), headStatePath) : null;
  return {
    baseSha,
    baseState,
    headStateFile,
    review: {
      settings: diffConfigs(base, head),
      statePath: { before: baseStatePath, after: headStatePath },
      state: compareState ? diffRecordedStates(baseState, headState) : null,
      fileEntriesChanged: compareState ? countFileEntryChanges(baseState, headState) : 0,
    },
  };
}

function parsed(text: string | null, file: string): State | null {
  if (text === null) return null;
  try {
    return parseState(new TextEncoder().encode(text), file);
  } catch {
    // A broken state file fails the plan itself, with its own message; here it compares as none.
    return null;
  }
}

/** The file at `sha`, or null when it does not exist there. */
async function show(cwd: string, sha: string, file: string): Promise<string | null> {
  try {
    const r = await run('git', ['show', `${sha}:${file}`], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      encoding: 'utf8',
    });
    return r.stdout;
  } catch {
    return null;
  }
}

/** True when the commit is in the workspace, fetching it once (a shallow checkout) if not. */
async function ensureCommit(cwd: string, sha: string): Promise<boolean> {
  const has = () =>
    run('git', ['cat-file', '-e', `${sha}^{commit}`], { cwd }).then(
      () => true,
      () => false,
    );
  if (await has()) return true;
  await run('git', ['fetch', '--quiet', '--no-tags', '--depth=1', 'origin', sha], {
    cwd,
    timeout: 60_000,
  }).catch(() => undefined);
  return has();
}
