// state-backend: branch — the state lives on a branch of its own, read and written through the
// contents API with the file's blob sha as compare-and-swap. The state branch is the truth: its
// file replaces the workspace copy. Without a file there yet (first run), the committed state
// in the workspace (from `fwsync import`) is the starting point, and the first write creates it.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GitHub } from '../../adapters/github.js';
import { FwsyncError } from '../../errors.js';
import { branchOf } from '../inputs.js';
import { stateLocation, type BackendContext, type StateBackend } from './base.js';
import { checkBranch, checkRelativePath } from './checks.js';

export function branchBackend(job: BackendContext): StateBackend {
  const { inputs, ctx, out, gh } = job;
  const branch = inputs.stateBranch;
  /** What the branch held (content null: no file yet), to write back only on change. */
  let loaded: { content: string | null; sha: string | null } | null = null;
  return {
    async load() {
      if (!gh) {
        throw new FwsyncError(
          'input',
          'state-backend: branch needs the github-token input and GITHUB_REPOSITORY',
        );
      }
      const location = await stateLocation(job);
      loaded = await loadStateFromBranch(gh, { branch, path: location.repoPath });
      if (loaded.content !== null) {
        await mkdir(path.dirname(location.file), { recursive: true });
        await writeFile(location.file, loaded.content);
        out.info(`Loaded ${location.repoPath} from branch ${branch} (blob ${loaded.sha?.slice(0, 7)}).`);
      } else {
        out.info(`Branch ${branch} holds no ${location.repoPath} yet; starting from the workspace copy.`);
      }
      return location;
    },
    checkCanSave: () => undefined,
    async save(location, text, message) {
      if (!gh || !loaded)
        throw new FwsyncError('input', 'state-backend: branch needs the github-token input');
      if (text === loaded.content) return;
      const r = await persistStateBranch(gh, {
        branch,
        path: location.repoPath,
        content: text,
        sha: loaded.sha,
        message,
        baseBranch: ctx.event.repository?.default_branch ?? branchOf(ctx.ref) ?? 'main',
      });
      out.info(`Saved ${location.repoPath} on branch ${branch} (blob ${r.sha.slice(0, 7)}).`);
    },
    journalSteps: (file) =>
      `in a checkout, put the ${branch} branch's state in place (git fetch origin ${branch} && git show FETCH_HEAD:${file} > ${file}), save the journal as ${file}.journal, run fwsync apply (it folds the journal in before anything else), and put the state back on the ${branch} branch`,
  };
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
