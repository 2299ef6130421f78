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

/** One entry of a directory listing. */
export interface GitHubDirEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'submodule';
  /** Blob sha (for a file): what a DELETE or a replacing PUT must name. */
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

  /**
   * The entries of a directory at a ref; null when the directory or the ref does not exist.
   * GitHub lists at most 1,000 entries: callers must treat the listing as possibly partial.
   */
  async function listDirectory(path: string, ref: string): Promise<GitHubDirEntry[] | null> {
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
      throw apiError(`listing ${path} at ${ref}`, e);
    }
    if (!Array.isArray(data)) throw new FwsyncError('state', `GitHub: ${path} at ${ref} is not a folder.`);
    return (data as Array<Partial<GitHubDirEntry>>).flatMap((e) =>
      typeof e.name === 'string' && typeof e.sha === 'string' && typeof e.type === 'string'
        ? [{ name: e.name, sha: e.sha, type: e.type }]
        : [],
    );
  }

  /** Deletes a file on a branch; `sha` is its blob sha. A file that moved or went is a conflict. */
  async function deleteFile(o: {
    path: string;
    branch: string;
    sha: string;
    message: string;
  }): Promise<{ commitSha: string } | { conflict: true }> {
    try {
      const r = await octokit.request('DELETE /repos/{owner}/{repo}/contents/{path}', {
        ...repoParams,
        path: o.path,
        branch: o.branch,
        message: o.message,
        sha: o.sha,
      });
      return { commitSha: r.data.commit.sha ?? '' };
    } catch (e) {
      const s = statusOf(e);
      if (s === 404 || s === 409 || s === 422) return { conflict: true };
      throw apiError(
        `deleting ${o.path} on ${o.branch}`,
        e,
        s === 403 ? 'The job needs "contents: write".' : undefined,
      );
    }
  }

  return { getFile, putFile, getBranchHead, createBranch, listDirectory, deleteFile };
}
