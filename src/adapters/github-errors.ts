// GitHub errors as fwsync's: the status, a one-line message, and never the request options
// (which hold the token).

import { FwsyncError } from '../errors.js';

export function statusOf(e: unknown): number | null {
  if (typeof e === 'object' && e !== null && 'status' in e && typeof e.status === 'number') return e.status;
  return null;
}

// The cause is reduced to status and message: octokit errors carry the request options, and
// nothing that could hold the token may travel further.
export function apiError(what: string, e: unknown, hint?: string): FwsyncError {
  const status = statusOf(e);
  const detail = e instanceof Error ? e.message.split('\n')[0]!.slice(0, 300) : String(e).slice(0, 300);
  return new FwsyncError('api', `GitHub: ${what} failed${status ? ` (HTTP ${status})` : ''}: ${detail}`, {
    hint: hint ?? (status === 401 ? 'Check the github-token input.' : undefined),
    cause: { status, message: detail },
  });
}

export function isWriteRefused(e: unknown): boolean {
  const s = statusOf(e);
  return s === 403 || s === 404;
}

export function hasNextPage(link: string | undefined): boolean {
  return link !== undefined && /rel="next"/.test(link);
}
