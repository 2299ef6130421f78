// Git lookups for the state file's `commit` field. Outside a repository, without git, or in a
// repository with no commit yet the answer is null: the commit is a convenience, never a reason
// to fail an apply.

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/; // SHA-1, or SHA-256 repositories

async function git(cwd: string, args: string[], opts: { raw?: boolean } = {}): Promise<string | null> {
  try {
    // Loaded on first use: only apply needs git, and plan should not pay for loading execa.
    const { execa } = await import('execa');
    const r = await execa('git', args, {
      cwd,
      reject: false,
      stdin: 'ignore',
      timeout: 10_000,
      // A prompt (credentials, pager) must never block an apply.
      env: { GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0' },
    });
    if (r.failed || r.exitCode !== 0) return null;
    return opts.raw === true ? r.stdout : r.stdout.trim();
  } catch {
    // execa with reject: false reports a missing git as a failed result; anything else
    // unexpected (cwd gone...) still only means "no commit known".
    return null;
  }
}

/** The commit checked out in `cwd`, or null when unknown. Never throws for that. */
export async function headCommit(cwd: string): Promise<string | null> {
  const out = await git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  return out !== null && SHA.test(out) ? out : null;
}

/** True when `cwd` is inside a git work tree. */
export async function isGitRepo(cwd: string): Promise<boolean> {
  return (await git(cwd, ['rev-parse', '--is-inside-work-tree'])) === 'true';
}

/**
 * Which of `files` (relative to `cwd`) have changes git has not committed: modified, staged,
 * untracked. Null outside a git work tree (or without git): there is nothing to compare with.
 */
export async function uncommittedFiles(cwd: string, files: readonly string[]): Promise<string[] | null> {
  if (files.length === 0) return [];
  const prefix = await git(cwd, ['rev-parse', '--show-prefix']);
  if (prefix === null) return null;
  const out = await git(cwd, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...files], {
    raw: true, // the status columns start with a space
  });
  if (out === null) return null;
  // Entries are `XY path`, paths relative to the top of the work tree; a rename adds its old path
  // as the next entry, which is not one of ours.
  const changed = new Set(
    out
      .split('\0')
      .filter((e) => e.length > 3)
      .map((e) => e.slice(3)),
  );
  return files.filter((f) => changed.has(`${prefix}${f}`));
}

export interface GitAuthor {
  name: string;
  email: string;
}

/** The identity GitHub shows for commits made with GITHUB_TOKEN. */
export const ACTIONS_BOT_AUTHOR: GitAuthor = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

export interface GitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * A git runner in `cwd` that commits as `author` and can never wait for a password or an
 * editor (a CI runner has no one to answer). It reports failures as results, never throws.
 */
export function gitAs(cwd: string, author: GitAuthor): (...args: string[]) => Promise<GitResult> {
  const env = {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
  };
  return async (...args) => {
    const { execa } = await import('execa');
    const r = await execa('git', args, { cwd, env, reject: false, stdin: 'ignore' });
    return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
}
