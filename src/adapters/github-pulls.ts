// The pull request the Action's drift job proposes: found by the marker at the start of its
// body (and opened by this token), created, updated, and closed with a comment.

import type { Octokit } from '@octokit/core';
import { apiError, statusOf } from './github-errors.js';

export interface PullRequestRef {
  number: number;
  url: string;
}

export function pullsApi(
  octokit: Octokit,
  repoParams: { owner: string; repo: string },
  ownLogin: () => Promise<string>,
) {
  const { owner } = repoParams;
  const needsPullsWrite = (e: unknown): string | undefined =>
    statusOf(e) === 403
      ? 'The job needs "pull-requests: write" (and "contents: write" for the branch).'
      : undefined;

  async function findOpenPullRequest(branch: string, marker: string): Promise<PullRequestRef | null> {
    const login = await ownLogin();
    let pulls: { number: number; html_url: string; body?: string | null; user?: { login: string } | null }[];
    try {
      // The head filter is "owner:branch"; one page is plenty for one branch.
      const r = await octokit.request('GET /repos/{owner}/{repo}/pulls', {
        ...repoParams,
        state: 'open',
        head: `${owner}:${branch}`,
        per_page: 100,
      });
      pulls = r.data;
    } catch (e) {
      throw apiError(`listing the open pull requests from ${branch}`, e);
    }
    const ours = pulls
      .filter((p) => p.user?.login === login && (p.body ?? '').startsWith(marker))
      .sort((a, b) => a.number - b.number);
    return ours[0] ? { number: ours[0].number, url: ours[0].html_url } : null;
  }

  async function createPullRequest(o: {
    head: string;
    base: string;
    title: string;
    body: string;
  }): Promise<PullRequestRef> {
    try {
      const r = await octokit.request('POST /repos/{owner}/{repo}/pulls', { ...repoParams, ...o });
      return { number: r.data.number, url: r.data.html_url };
    } catch (e) {
      const hint =
        statusOf(e) === 422
          ? `An open pull request from ${o.head} that fwsync does not recognise (not opened by this token, or its first line edited) blocks a new one: close it and run again.`
          : needsPullsWrite(e);
      throw apiError(`opening a pull request from ${o.head} into ${o.base}`, e, hint);
    }
  }

  async function updatePullRequestBody(pullNumber: number, body: string): Promise<void> {
    try {
      await octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
        ...repoParams,
        pull_number: pullNumber,
        body,
      });
    } catch (e) {
      throw apiError(`updating pull request #${pullNumber}`, e, needsPullsWrite(e));
    }
  }

  async function closePullRequest(pullNumber: number, comment: string): Promise<void> {
    try {
      await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...repoParams,
        issue_number: pullNumber,
        body: comment,
      });
      await octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', {
        ...repoParams,
        pull_number: pullNumber,
        state: 'closed',
      });
    } catch (e) {
      throw apiError(`closing pull request #${pullNumber}`, e, needsPullsWrite(e));
    }
  }

  return { findOpenPullRequest, createPullRequest, updatePullRequestBody, closePullRequest };
}
