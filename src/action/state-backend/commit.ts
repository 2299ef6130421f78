// state-backend: commit — the state file is committed back to the branch that was applied,
// with a bounded fetch-rebase-retry and never a force push, so a concurrent push is kept rather
// than overwritten.

import path from 'node:path';
import { ACTIONS_BOT_AUTHOR, gitAs, type GitAuthor, type GitResult } from '../../adapters/git.js';
import { statePathsToCommit } from '../../adapters/state-store.js';
import { FwsyncError } from '../../errors.js';
import { branchOf } from '../inputs.js';
import { checkoutJournalSteps, type BackendContext, type StateBackend } from './base.js';
import { checkBranch, checkRelativePath } from './checks.js';

export function commitBackend(job: Pick<BackendContext, 'ctx' | 'ports' | 'out'>): StateBackend {
  const { ctx, out } = job;
  return {
    load: () => Promise.resolve(null),
    checkCanSave() {
      if (branchOf(ctx.ref) !== null) return;
      throw new FwsyncError(
        'input',
        `state-backend: commit needs a branch to push to, and ${ctx.ref || 'GITHUB_REF'} is not one`,
        {
          hint: 'Run the apply on push to a branch or on workflow_dispatch from a branch, or use state-backend: branch.',
        },
      );
    },
    async save(location, _text, message) {
      const cwd = job.ports.cwd;
      const branch = branchOf(ctx.ref)!;
      const r = await persistStateCommit({
        cwd,
        statePath: path.relative(cwd, location.file).split(path.sep).join('/'),
        branch,
        message,
      });
      if (r.committed)
        out.info(
          `Committed ${location.repoPath} to ${branch} (${r.sha?.slice(0, 7)}, ${r.attempts} push attempt(s)).`,
        );
    },
    journalSteps: checkoutJournalSteps,
  };
}

export { ACTIONS_BOT_AUTHOR, type GitAuthor } from '../../adapters/git.js';

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
  const git = gitAs(opts.cwd, author);
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
  const paths = statePathsToCommit(opts.cwd, opts.statePath);
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
