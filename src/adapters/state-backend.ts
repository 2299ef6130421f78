// Where the Action keeps the state file between runs (SPEC §7). `commit`: commit it back to the
// branch with a bounded fetch-rebase-retry, never a force push, so a concurrent push is kept
// rather than overwritten. `branch`: a dedicated branch written through the contents API, with
// the file's blob sha as compare-and-swap.

import { existsSync } from 'node:fs';
import * as nodePath from 'node:path';
import { execa } from 'execa';
import { FwsyncError } from '../errors.js';
import type { GitHub } from './github.js';
import { shardDir } from './state-shards.js';

export interface GitAuthor {
  name: string;
  email: string;
}

/** The identity GitHub shows for commits made with GITHUB_TOKEN. */
export const ACTIONS_BOT_AUTHOR: GitAuthor = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

// A conservative subset of git's ref rules; also keeps a name from being read as an option.
const BRANCH_RE = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/-]{1,200}(?<![./])$/;

function checkBranch(branch: string): void {
  if (!BRANCH_RE.test(branch) || branch.endsWith('.lock')) {
    throw new FwsyncError('input', `Not a usable branch name: "${branch.slice(0, 100)}".`, {
      hint: 'Use letters, digits, ".", "_", "-" and "/" (e.g. fwsync-state).',
    });
  }
}

function checkRelativePath(path: string): void {
  if (path === '' || path.startsWith('/') || path.startsWith('-') || path.split(/[\\/]/).includes('..')) {
    throw new FwsyncError('input', `The state path must be relative to the repository: "${path}".`);
  }
}

interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function persistStateCommit(opts: {
  cwd: string;
  /** Relative to cwd. */
  statePath: string;
  branch: string;
  message: string;
  author?: GitAuthor;
  maxAttempts?: number;
}): Promise<{ committed: boolean; sha: string | null; attempts: number }> {
  checkBranch(opts.branch);
  checkRelativePath(opts.statePath);
  const author = opts.author ?? ACTIONS_BOT_AUTHOR;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
  const env = {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    // Never wait for a password or an editor on a CI runner.
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
  };
  const git = async (...args: string[]): Promise<GitResult> => {
    const r = await execa('git', args, { cwd: opts.cwd, env, reject: false, stdin: 'ignore' });
    return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  const must = async (what: string, ...args: string[]): Promise<GitResult> => {
    const r = await git(...args);
    if (r.exitCode !== 0) {
      throw new FwsyncError('state', `Could not persist the state: ${what} failed: ${lastLines(r.stderr)}`, {
        hint: 'The images were applied; the state file on disk is current but not committed. Commit it by hand.',
      });
    }
    return r;
  };

  // The manifest and its shard folder (a version-1 state has none yet): -A records the shards
  // the write removed as well as the new ones.
  const shards = shardDir(opts.statePath).split(nodePath.sep).join('/');
  const paths = [opts.statePath, ...(existsSync(nodePath.join(opts.cwd, shards)) ? [shards] : [])];
  await must(`git add ${paths.join(' ')}`, 'add', '-A', '--', ...paths);
  // Exit 0: nothing staged for these paths, so there is nothing to commit.
  if ((await git('diff', '--cached', '--quiet', '--', ...paths)).exitCode === 0) {
    return { committed: false, sha: null, attempts: 0 };
  }
  // A pathspec commit takes only the state, whatever else happens to be staged. No hooks:
  // they are written for people, and one failing here would strand an applied state.
  await must('git commit', 'commit', '--no-verify', '-m', opts.message, '--', ...paths);

  const remoteRef = `refs/remotes/origin/${opts.branch}`;
  for (let attempt = 1; ; attempt++) {
    const push = await git('push', '--porcelain', 'origin', `HEAD:refs/heads/${opts.branch}`);
    if (push.exitCode === 0) {
      const sha = (await must('git rev-parse', 'rev-parse', 'HEAD')).stdout.trim();
      return { committed: true, sha, attempts: attempt };
    }
    const out = `${push.stdout}\n${push.stderr}`;
    const raced =
      /\[rejected\]|non-fast-forward|fetch first|\(stale info\)|failed to update ref|cannot lock ref/i.test(
        out,
      );
    if (!raced) {
      throw new FwsyncError(
        'state',
        `Could not push the state to ${opts.branch}: ${lastLines(push.stderr)}`,
        {
          hint:
            'Give the job "permissions: contents: write", keep actions/checkout\'s persist-credentials, and ' +
            'allow the workflow to push to the branch (or use state-backend: branch).',
        },
      );
    }
    if (attempt >= maxAttempts) {
      throw new FwsyncError(
        'refused',
        `Could not push the state to ${opts.branch}: it kept moving (${attempt} attempts).`,
        { hint: 'Re-run the apply job; it plans against the latest state and converges.' },
      );
    }
    // Someone pushed first: replay our state commit on top of theirs, never overwrite it.
    await must(
      `git fetch origin ${opts.branch}`,
      'fetch',
      '--no-tags',
      'origin',
      `+refs/heads/${opts.branch}:${remoteRef}`,
    );
    const rebase = await git('rebase', remoteRef);
    if (rebase.exitCode !== 0) {
      await git('rebase', '--abort');
      throw new FwsyncError(
        'refused',
        `The state file ${opts.statePath} was changed on ${opts.branch} by another run while this one applied; ` +
          'the two versions conflict, so neither was overwritten.',
        {
          hint:
            'The images were applied. Re-run the apply job on the latest commit of ' +
            `${opts.branch}: it re-plans against the pushed state and converges.`,
        },
      );
    }
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 500) || '(no output)';
}

export async function loadStateFromBranch(
  gh: GitHub,
  opts: { branch: string; path: string },
): Promise<{ content: string | null; sha: string | null }> {
  checkBranch(opts.branch);
  checkRelativePath(opts.path);
  const f = await gh.getFile(opts.path, opts.branch);
  return f ? { content: f.content, sha: f.sha } : { content: null, sha: null };
}

export async function persistStateBranch(
  gh: GitHub,
  opts: {
    branch: string;
    path: string;
    content: string;
    /** The blob sha read by loadStateFromBranch (null: there was no file). */
    sha: string | null;
    message: string;
    /** Where a missing state branch starts from (the default branch). */
    baseBranch: string;
  },
): Promise<{ sha: string }> {
  checkBranch(opts.branch);
  checkBranch(opts.baseBranch);
  checkRelativePath(opts.path);
  if ((await gh.getBranchHead(opts.branch)) === null) {
    const base = await gh.getBranchHead(opts.baseBranch);
    if (base === null) {
      throw new FwsyncError(
        'state',
        `Cannot create the state branch ${opts.branch}: ${opts.baseBranch} does not exist.`,
      );
    }
    await gh.createBranch(opts.branch, base);
  }
  const r = await gh.putFile({
    path: opts.path,
    branch: opts.branch,
    content: opts.content,
    sha: opts.sha,
    message: opts.message,
  });
  if ('conflict' in r) {
    const now = await gh.getFile(opts.path, opts.branch);
    throw new FwsyncError(
      'refused',
      `The state on branch ${opts.branch} changed since it was read ` +
        `(${opts.sha?.slice(0, 7) ?? 'no file'} → ${now?.sha.slice(0, 7) ?? 'no file'}); it was not overwritten.`,
      { hint: 'Another apply ran at the same time. Re-run this apply: it plans against the new state.' },
    );
  }
  return { sha: r.sha };
}
