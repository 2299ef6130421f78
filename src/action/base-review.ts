// A pull request's config and state against its base commit (core/base-review.ts), read from
// the base commit in the workspace (the manifest and every shard it names). The plan of a pull request then shows
// those edits in a CAUTION section, and never lets them steer what it compares with: every
// image file is parsed (the state's per-file skip cache could hide an edited file), and a state
// path the pull request moves is read from the base, not from a file the pull request provides.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CONFIG_FILE_NAMES, loadConfig } from '../adapters/config.js';
import { showFiles } from '../adapters/git-show.js';
import { posixShardDir, shardsNamedBy } from '../adapters/state-shards.js';
import { placeStateCopy, readState } from '../adapters/state-store.js';
import {
  countFileEntryChanges,
  diffConfigs,
  diffRecordedStates,
  type BaseReview,
} from '../core/base-review.js';
import type { Config, State } from '../core/types.js';
import { errorText, type Job } from './job.js';

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
    ? await stateAt(ctx.workspace, baseSha, baseStatePath, path.join(scratch, 'base-state', 'state.json'))
    : null;
  const headState = compareState ? await stateOrNull(headStateFile) : null;
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

/**
 * The state recorded at `sha`: its manifest (or version-1 file) and the shards it names are
 * copied out of git into `scratchFile`'s folder and read by the state store like any other, so
 * a hand-edited shard at the base is validated as it would be on disk.
 */
async function stateAt(
  workspace: string,
  sha: string,
  repoPath: string,
  scratchFile: string,
): Promise<State | null> {
  const [manifest] = await showFiles(workspace, sha, [repoPath]).catch(() => [null]);
  if (!manifest) return null;
  const named = shardsNamedBy(manifest.toString('utf8')).map((s) => s.file);
  const repoDir = posixShardDir(repoPath);
  const shards =
    named.length === 0
      ? []
      : await showFiles(
          workspace,
          sha,
          named.map((file) => `${repoDir}/${file}`),
        ).catch(() => []);
  // A shard missing at the base stays missing in the copy, and the read below reports it.
  await placeStateCopy(
    scratchFile,
    manifest,
    named.flatMap((file, i) => (shards[i] ? [[file, shards[i]] as const] : [])),
  );
  return stateOrNull(scratchFile);
}

async function stateOrNull(file: string): Promise<State | null> {
  try {
    return (await readState(file)).state;
  } catch {
    // A broken state fails the plan itself, with its own message; here it compares as none.
    return null;
  }
}

/** The text of the file at `sha`, or null when it does not exist there. */
async function show(cwd: string, sha: string, file: string): Promise<string | null> {
  const [bytes] = await showFiles(cwd, sha, [file]).catch(() => [null]);
  return bytes ? bytes.toString('utf8') : null;
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
