// The contents and refs calls the `branch` state backend needs: read a file (blob API for
// files over 1 MB), write it with its blob sha as compare-and-swap, and a branch's head.

import type { Octokit } from '@octokit/core';
import { FwsyncError } from '../errors.js';
import { apiError, statusOf } from './github-errors.js';

export interface GitHubFile {
  content: string;
  /** Blob sha: the compare-and-swap token for the next write. */
  sha: string;
}

export function contentsApi(octokit: Octokit, repoParams: { owner: string; repo: string }) {
  async function getFile(path: string, ref: string): Promise<GitHubFile | null> {
    let data: unknown;
    try {
      const r = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
        ...repoParams,
        path,
        ref,
      });
      data = r.data;
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw apiError(`reading ${path} at ${ref}`, e);
    }
    if (
      Array.isArray(data) ||
      typeof data !== 'object' ||
      data === null ||
      (data as { type?: unknown }).type !== 'file'
    ) {
      throw new FwsyncError('state', `GitHub: ${path} at ${ref} is not a file.`);
    }
    const f = data as { sha: string; content?: string; encoding?: string };
    if (f.encoding === 'base64' && typeof f.content === 'string') {
      return { sha: f.sha, content: Buffer.from(f.content, 'base64').toString('utf8') };
    }
    // Files over 1 MB come without inline content; the blob API serves them.
    try {
      const r = await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
        ...repoParams,
        file_sha: f.sha,
      });
      return { sha: f.sha, content: Buffer.from(r.data.content, 'base64').toString('utf8') };
    } catch (e) {
      throw apiError(`reading the blob of ${path} at ${ref}`, e);
    }
  }

  async function putFile(o: {
    path: string;
    branch: string;
    content: string;
    sha: string | null;
    message: string;
  }): Promise<{ sha: string; commitSha: string } | { conflict: true }> {
    try {
      const r = await octokit.request('PUT /repos/{owner}/{repo}/contents/{path}', {
        ...repoParams,
        path: o.path,
        branch: o.branch,
        message: o.message,
        content: Buffer.from(o.content, 'utf8').toString('base64'),
        ...(o.sha === null ? {} : { sha: o.sha }),
      });
      return { sha: r.data.content?.sha ?? '', commitSha: r.data.commit.sha ?? '' };
    } catch (e) {
      const s = statusOf(e);
      if (s === 409 || s === 422) return { conflict: true };
      throw apiError(
        `writing ${o.path} on ${o.branch}`,
        e,
        s === 403 ? 'The job needs "contents: write".' : undefined,
      );
    }
  }

  async function getBranchHead(branch: string): Promise<string | null> {
    try {
      const r = await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
        ...repoParams,
        ref: `heads/${branch}`,
      });
      return r.data.object.sha;
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw apiError(`reading branch ${branch}`, e);
    }
  }

  async function createBranch(branch: string, sha: string): Promise<'created' | 'exists'> {
    try {
      await octokit.request('POST /repos/{owner}/{repo}/git/refs', {
        ...repoParams,
        ref: `refs/heads/${branch}`,
        sha,
      });
      return 'created';
    } catch (e) {
      if (statusOf(e) === 422 && (await getBranchHead(branch)) !== null) return 'exists';
      throw apiError(
        `creating branch ${branch}`,
        e,
        statusOf(e) === 403 ? 'The job needs "contents: write".' : undefined,
      );
    }
  }

  return { getFile, putFile, getBranchHead, createBranch };
}
