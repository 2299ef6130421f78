// The branch the Action's drift job proposes its pull request from (`fwsync/drift` by default):
// the checked-out commit plus one commit holding what `fwsync pull` wrote. Each run rebuilds
// it from the current head, so it never piles up commits or falls behind the base; it replaces
// the remote branch only with a lease on the sha it fetched, and never when someone else
// committed to it (a person fixing the pull request by hand): then nothing is pushed.

import { FwsyncError } from '../errors.js';
import { ACTIONS_BOT_AUTHOR, gitAs, type GitAuthor } from './git.js';

export type DriftBranchResult =
  | { pushed: true; sha: string; replaced: string | null }
  | { pushed: false; reason: 'unchanged' | 'foreign-commits'; detail: string };

const BRANCH_RE = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/-]{1,200}(?<![./])$/;

export async function pushDriftBranch(opts: {
  cwd: string;
  branch: string;
  /** The files and folders pull wrote (YAML, the state manifest and its shard folder), relative to cwd. */
  files: readonly string[];
  message: string;
  author?: GitAuthor;
  remote?: string;
}): Promise<DriftBranchResult> {
  if (!BRANCH_RE.test(opts.branch) || opts.branch.endsWith('.lock')) {
    throw new FwsyncError('input', `Not a usable branch name: "${opts.branch.slice(0, 100)}".`, {
      hint: 'Use letters, digits, ".", "_", "-" and "/" (e.g. fwsync/drift).',
    });
  }
  const author = opts.author ?? ACTIONS_BOT_AUTHOR;
  const remote = opts.remote ?? 'origin';
  const git = gitAs(opts.cwd, author);
  const must = async (what: string, ...args: string[]): Promise<string> => {
    const r = await git(...args);
    if (r.exitCode !== 0) {
      throw new FwsyncError(
        'api',
        `Could not update the ${opts.branch} branch: ${what} failed: ${lastLine(r.stderr)}`,
        {
          hint: 'The job needs `contents: write` and a checkout with credentials (actions/checkout keeps them by default).',
        },
      );
    }
    return r.stdout.trim();
  };

  const ref = `refs/heads/${opts.branch}`;
  // What the remote holds now (empty: no such branch yet): the lease for the push below.
  const listed = await must('git ls-remote', 'ls-remote', '--heads', remote, ref);
  const remoteSha = listed.split(/\s+/)[0] ?? '';
  const head = await must('git rev-parse HEAD', 'rev-parse', 'HEAD');

  if (remoteSha !== '') {
    await must('git fetch', 'fetch', '--no-tags', '--quiet', remote, `+${ref}:refs/fwsync/drift-remote`);
    // Commits on the branch that are not in the base and not made by this job: leave them be.
    const authors = await must('git log', 'log', '--format=%H %ae', `${head}..refs/fwsync/drift-remote`);
    const foreign = authors
      .split('\n')
      .filter((l) => l.trim() !== '')
      .filter((l) => l.slice(l.indexOf(' ') + 1) !== author.email);
    if (foreign.length > 0) {
      return {
        pushed: false,
        reason: 'foreign-commits',
        detail: `${opts.branch} has ${foreign.length} commit${foreign.length === 1 ? '' : 's'} not made by fwsync (${foreign[0]!.slice(0, 12)}); it was not replaced`,
      };
    }
  }

  // -A: a write of the sharded state removes the shards no manifest names any more, and the
  // commit must record those removals with the new shards.
  await must('git add', 'add', '-A', '--', ...opts.files);
  const staged = await git('diff', '--cached', '--quiet');
  if (staged.exitCode === 0) {
    return { pushed: false, reason: 'unchanged', detail: 'pull wrote nothing to commit' };
  }
  // A commit on top of HEAD, without moving the checked-out branch.
  const tree = await must('git write-tree', 'write-tree');
  const sha = await must('git commit-tree', 'commit-tree', tree, '-p', head, '-m', opts.message);
  await must(
    'git push',
    'push',
    '--quiet',
    `--force-with-lease=${ref}:${remoteSha}`,
    remote,
    `${sha}:${ref}`,
  );
  // The index back to HEAD: the work tree keeps pull's files, the checked-out branch is untouched.
  await must('git reset', 'reset', '--quiet');
  if (remoteSha !== '') await git('update-ref', '-d', 'refs/fwsync/drift-remote');
  return { pushed: true, sha, replaced: remoteSha === '' ? null : remoteSha };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
