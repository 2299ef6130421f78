// The GitHub side of the Action: one sticky comment per pull request and kind, the commit→PR
// lookup, and the few contents/refs calls the `branch` state backend needs. Everything goes
// through @octokit/core with the retry and throttling plugins set as docs/architecture.md ("Library settings") says.

import { setTimeout as sleep } from 'node:timers/promises';
import { FwsyncError } from '../errors.js';
import { GITHUB_COMMENT_MAX_CHARS } from '../render/limits.js';
import { createOctokit, type CreateGitHubOptions } from './github-client.js';

export type { CreateGitHubOptions } from './github-client.js';
import { pullsApi, type PullRequestRef } from './github-pulls.js';
import { contentsApi, type GitHubDirEntry, type GitHubFile } from './github-contents.js';
import { apiError, hasNextPage, isWriteRefused, statusOf } from './github-errors.js';
import { commentMarker, parseCommentMarker, type CommentKind, type CommentMarker } from './github-marker.js';

export { commentMarker, parseCommentMarker, type CommentKind, type CommentMarker } from './github-marker.js';
export type { GitHubDirEntry, GitHubFile } from './github-contents.js';
export type { PullRequestRef } from './github-pulls.js';

export interface StickyCommentResult {
  /**
   * `skipped-stale`: the pull request moved on to another head commit, so this run's plan is
   * outdated and the comment was left alone. `skipped`: the token may not write comments (a
   * fork's read-only token); `warning` says so and the caller falls back to the job summary.
   * `skipped-missing`: `updateOnly` was asked and there was no comment of ours to update.
   */
  action: 'created' | 'updated' | 'unchanged' | 'skipped-stale' | 'skipped' | 'skipped-missing';
  url: string | null;
  warning?: string;
}

export interface GitHub {
  readonly owner: string;
  readonly repo: string;
  upsertStickyComment(opts: {
    issueNumber: number;
    body: string;
    kind: CommentKind;
    headSha: string;
    checksum: string;
    /** Plan comments: the change digests the apply compares with (core/review.ts). */
    changes?: string[] | null;
    /** Replace our comment if there is one, but never create it. */
    updateOnly?: boolean;
  }): Promise<StickyCommentResult>;
  findPullRequestForCommit(
    sha: string,
    commitMessage: string,
    opts?: { attempts?: number; delayMs?: number },
  ): Promise<number | null>;
  /** The marker of our newest comment of this kind on the pull request, or null. */
  getPullRequestComment(
    issueNumber: number,
    kind: CommentKind,
  ): Promise<(CommentMarker & { url: string }) | null>;
  /** A file at a ref through the contents API; null when the file or the ref does not exist. */
  getFile(path: string, ref: string): Promise<GitHubFile | null>;
  /**
   * Create or replace a file on a branch. `sha` is the blob sha read before (null: the file
   * must not exist yet); when the file moved meanwhile GitHub refuses and this returns
   * `{ conflict: true }` instead of overwriting.
   */
  putFile(opts: {
    path: string;
    branch: string;
    content: string;
    sha: string | null;
    message: string;
  }): Promise<{ sha: string; commitSha: string } | { conflict: true }>;
  /** The commit sha at the head of a branch, or null when the branch does not exist. */
  getBranchHead(branch: string): Promise<string | null>;
  /** Create a branch at a commit; 'exists' when someone created it first. */
  createBranch(branch: string, sha: string): Promise<'created' | 'exists'>;
  /**
   * The open pull request from `branch` of this repository that this token opened and whose
   * body starts with `marker` (the oldest, when there are several), or null.
   */
  findOpenPullRequest(branch: string, marker: string): Promise<PullRequestRef | null>;
  createPullRequest(opts: {
    head: string;
    base: string;
    title: string;
    body: string;
  }): Promise<PullRequestRef>;
  updatePullRequestBody(pullNumber: number, body: string): Promise<void>;
  /** Comments on the pull request, then closes it (without deleting its branch). */
  closePullRequest(pullNumber: number, comment: string): Promise<void>;
  /** A directory's entries at a ref (at most 1,000: maybe partial); null when there is none. */
  listDirectory(path: string, ref: string): Promise<GitHubDirEntry[] | null>;
  /** Delete a file on a branch by its blob sha; `{ conflict: true }` when it moved or went. */
  deleteFile(opts: {
    path: string;
    branch: string;
    sha: string;
    message: string;
  }): Promise<{ commitSha: string } | { conflict: true }>;
}

/** Who a GITHUB_TOKEN (an installation token, which cannot read /user) comments as. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

const MAX_COMMENT_PAGES = 50;

interface ListedComment {
  id: number;
  body: string;
  login: string;
  url: string;
  marker: CommentMarker;
}

export function createGitHub(opts: CreateGitHubOptions): GitHub {
  const log = opts.log ?? (() => undefined);
  const wait = opts.wait ?? ((ms: number) => sleep(ms));
  const { owner, repo } = opts;
  const octokit = createOctokit(opts, log);
  const repoParams = { owner, repo };

  let selfLogin: Promise<string> | null = null;
  function ownLogin(): Promise<string> {
    selfLogin ??= octokit.request('GET /user').then(
      (r) => r.data.login,
      (e: unknown) => {
        // Installation tokens (GITHUB_TOKEN) are refused here; they comment as the Actions bot.
        if (statusOf(e) === 403 || statusOf(e) === 401 || statusOf(e) === 404) return ACTIONS_BOT_LOGIN;
        throw apiError('reading the token user (GET /user)', e);
      },
    );
    return selfLogin;
  }

  async function listOurComments(issueNumber: number, kind: CommentKind | null): Promise<ListedComment[]> {
    const login = await ownLogin();
    const out: ListedComment[] = [];
    for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
      let res;
      try {
        res = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...repoParams,
          issue_number: issueNumber,
          per_page: 100,
          page,
        });
      } catch (e) {
        throw apiError(`listing the comments of #${issueNumber}`, e);
      }
      for (const c of res.data) {
        if (c.user?.login !== login || typeof c.body !== 'string') continue;
        const marker = parseCommentMarker(c.body);
        if (!marker || (kind !== null && marker.kind !== kind)) continue;
        out.push({ id: Number(c.id), body: c.body, login, url: c.html_url, marker });
      }
      if (!hasNextPage(res.headers.link)) break;
    }
    // Comment ids grow with time, so the highest id is the newest: every run agrees on it.
    return out.sort((a, b) => a.id - b.id);
  }

  async function pullHeadSha(issueNumber: number): Promise<string> {
    try {
      const r = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        ...repoParams,
        pull_number: issueNumber,
      });
      return r.data.head.sha;
    } catch (e) {
      throw apiError(`reading pull request #${issueNumber}`, e);
    }
  }

  async function deleteComment(id: number): Promise<void> {
    try {
      await octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...repoParams,
        comment_id: id,
        request: { retries: 0 },
      });
    } catch (e) {
      // 404: a concurrent run deleted it already, which is the outcome we wanted.
      if (statusOf(e) !== 404) log(`Could not delete duplicate comment ${id}: HTTP ${statusOf(e) ?? '?'}`);
    }
  }

  async function updateComment(issueNumber: number, id: number, body: string): Promise<StickyCommentResult> {
    try {
      const r = await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        ...repoParams,
        comment_id: id,
        body,
      });
      return { action: 'updated', url: r.data.html_url };
    } catch (e) {
      if (isWriteRefused(e)) return refused(issueNumber, e);
      throw apiError(`updating comment ${id} on #${issueNumber}`, e);
    }
  }

  function refused(issueNumber: number, e: unknown): StickyCommentResult {
    return {
      action: 'skipped',
      url: null,
      warning:
        `Could not write the comment on #${issueNumber} (HTTP ${statusOf(e) ?? '?'}): the token is read-only ` +
        `(a pull request from a fork, or missing "pull-requests: write"). The plan is in the job summary.`,
    };
  }

  async function upsertStickyComment(o: {
    issueNumber: number;
    body: string;
    kind: CommentKind;
    headSha: string;
    checksum: string;
    changes?: string[] | null;
    updateOnly?: boolean;
  }): Promise<StickyCommentResult> {
    const marker = commentMarker({
      kind: o.kind,
      headSha: o.headSha,
      checksum: o.checksum,
      changes: o.changes ?? null,
    });
    const full = `${marker}\n${o.body}`;
    if (full.length > GITHUB_COMMENT_MAX_CHARS) {
      throw new FwsyncError(
        'input',
        `The ${o.kind} comment is ${full.length} characters; GitHub accepts at most ${GITHUB_COMMENT_MAX_CHARS}.`,
        { hint: 'The markdown renderer should have shortened it; this is a bug in fwsync.' },
      );
    }
    // Only a plan can be outdated: an apply reports what was done, whichever commit it ran at.
    const isStale = async (): Promise<boolean> =>
      o.kind === 'plan' && (await pullHeadSha(o.issueNumber)).toLowerCase() !== o.headSha.toLowerCase();
    const stale = (): StickyCommentResult => {
      log(
        `Pull request #${o.issueNumber} has moved past ${o.headSha.slice(0, 7)}; its comment is left to the newer run.`,
      );
      return { action: 'skipped-stale', url: null };
    };

    const ours = await listOurComments(o.issueNumber, o.kind);
    const newest = ours.at(-1);
    if (newest) {
      for (const old of ours.slice(0, -1)) await deleteComment(old.id);
      if (newest.body === full) return { action: 'unchanged', url: newest.url };
      if (await isStale()) return stale();
      return updateComment(o.issueNumber, newest.id, full);
    }

    if (o.updateOnly === true) return { action: 'skipped-missing', url: null };
    if (await isStale()) return stale();
    // No automatic retries on create: a POST answered 5xx may have been stored anyway. We list
    // instead and only post again when our comment is really missing.
    let createdId: number | null = null;
    for (let attempt = 1; attempt <= 2 && createdId === null; attempt++) {
      try {
        const r = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...repoParams,
          issue_number: o.issueNumber,
          body: full,
          request: { retries: 0 },
        });
        createdId = Number(r.data.id);
      } catch (e) {
        if (isWriteRefused(e)) return refused(o.issueNumber, e);
        const s = statusOf(e);
        if (s !== null && s < 500) throw apiError(`creating a comment on #${o.issueNumber}`, e);
        log(
          `Creating the comment on #${o.issueNumber} answered ${s ?? 'a network error'}; checking whether it was stored.`,
        );
        const found = (await listOurComments(o.issueNumber, o.kind)).find((c) => c.body === full);
        if (found) createdId = found.id;
        else if (attempt === 2) throw apiError(`creating a comment on #${o.issueNumber}`, e);
      }
    }

    // Two runs may both have found nothing and created one each: converge on the newest.
    const after = await listOurComments(o.issueNumber, o.kind);
    const keep = after.at(-1);
    if (!keep)
      throw new FwsyncError('api', `GitHub: the comment created on #${o.issueNumber} is not listed.`);
    for (const dup of after.slice(0, -1)) await deleteComment(dup.id);
    if (keep.body !== full && keep.id !== createdId) {
      // The survivor is the other run's comment; make it show ours unless we are the outdated one.
      if (await isStale()) return stale();
      return updateComment(o.issueNumber, keep.id, full);
    }
    return { action: 'created', url: keep.url };
  }

  async function getPull(n: number): Promise<{ number: number; merge_commit_sha: string | null } | null> {
    try {
      const r = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        ...repoParams,
        pull_number: n,
      });
      return { number: r.data.number, merge_commit_sha: r.data.merge_commit_sha };
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw apiError(`reading pull request #${n}`, e);
    }
  }

  async function findPullRequestForCommit(
    sha: string,
    commitMessage: string,
    o: { attempts?: number; delayMs?: number } = {},
  ): Promise<number | null> {
    const attempts = Math.max(1, o.attempts ?? 4);
    const delayMs = o.delayMs ?? 3000;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let pulls: { number: number; merge_commit_sha: string | null; merged_at: string | null }[];
      try {
        const r = await octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
          ...repoParams,
          commit_sha: sha,
        });
        pulls = r.data;
      } catch (e) {
        log(
          `Listing the pull requests of ${sha.slice(0, 7)} failed (HTTP ${statusOf(e) ?? '?'}); using the commit message.`,
        );
        break;
      }
      if (pulls.length > 0) {
        const pick =
          pulls.find((p) => p.merge_commit_sha?.toLowerCase() === sha.toLowerCase()) ??
          (pulls.length === 1 ? pulls[0] : undefined) ??
          pulls.find((p) => p.merged_at !== null);
        if (pick) return pick.number;
        break;
      }
      // Right after a merge the commit→PR link may not be indexed yet.
      if (attempt < attempts) await wait(delayMs);
    }
    // The subject names a pull request; it is that pull request only when GitHub says this
    // commit is its merge: anyone can write "(#N)" in a commit pushed straight to the branch.
    const n = pullNumberFromMessage(commitMessage);
    if (n === null) return null;
    const named = await getPull(n);
    if (named?.merge_commit_sha?.toLowerCase() !== sha.toLowerCase()) {
      if (named) log(`#${n} named in the commit subject was not merged as ${sha.slice(0, 7)}: not used.`);
      return null;
    }
    return named.number;
  }

  async function getPullRequestComment(
    issueNumber: number,
    kind: CommentKind,
  ): Promise<(CommentMarker & { url: string }) | null> {
    const newest = (await listOurComments(issueNumber, kind)).at(-1);
    return newest ? { ...newest.marker, url: newest.url } : null;
  }

  const { getFile, putFile, getBranchHead, createBranch, listDirectory, deleteFile } = contentsApi(
    octokit,
    repoParams,
  );

  const { findOpenPullRequest, createPullRequest, updatePullRequestBody, closePullRequest } = pullsApi(
    octokit,
    repoParams,
    ownLogin,
  );

  return {
    owner,
    repo,
    upsertStickyComment,
    findOpenPullRequest,
    createPullRequest,
    updatePullRequestBody,
    closePullRequest,
    findPullRequestForCommit,
    getPullRequestComment,
    getFile,
    putFile,
    getBranchHead,
    createBranch,
    listDirectory,
    deleteFile,
  };
}

/**
 * The pull request number a merge or squash commit names in its subject line: the last
 * `(#N)` (squash: "Title (#123)") or "Merge pull request #N". Only the subject is read: a
 * squash body lists the squashed commits, whose own `(#N)` refer to other pull requests.
 */
export function pullNumberFromMessage(message: string): number | null {
  const subject = message.split('\n', 1)[0] ?? '';
  const squash = [...subject.matchAll(/\(#(\d{1,9})\)/g)].at(-1);
  if (squash) return Number(squash[1]);
  const merge = /^Merge pull request #(\d{1,9}) /.exec(subject);
  return merge ? Number(merge[1]) : null;
}
