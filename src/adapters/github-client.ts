// The octokit client fwsync uses: @octokit/core with the retry and throttling plugins, a
// deadline on every fetch, and its log routed to ours (never the request options).

import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { USER_AGENT } from '../version.js';

export interface CreateGitHubOptions {
  token: string;
  /** GITHUB_API_URL, e.g. https://api.github.com or https://ghe.example/api/v3. */
  apiUrl: string;
  owner: string;
  repo: string;
  log?: (msg: string) => void;
  /** Per-request deadline; undici's own timeouts changed between Node releases. Default 30 s. */
  timeoutMs?: number;
  /**
   * Tests only: the unit of the retry plugin's quadratic delays (default 1000 ms) and whether
   * writes are spaced 1 s apart by the throttling plugin (default true).
   */
  timing?: { retryBaseMs?: number; throttleWrites?: boolean };
  /**
   * How the commit→pull-request lookup waits for GitHub's index between attempts. Default: a
   * real timer; the Action passes its `wait` port, which tests make return at once.
   */
  wait?: (ms: number) => Promise<void>;
}

export function createOctokit(opts: CreateGitHubOptions, log: (message: string) => void): Octokit {
  const MyOctokit = Octokit.plugin(retry, throttling);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  // The deadline wraps each fetch, so every retry gets its own 30 s rather than sharing one.
  const timedFetch: typeof fetch = (input, init) =>
    fetch(input, {
      ...init,
      signal: init?.signal
        ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs),
    });
  return new MyOctokit({
    auth: opts.token,
    baseUrl: opts.apiUrl.replace(/\/+$/, ''),
    userAgent: USER_AGENT,
    request: { fetch: timedFetch },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => log(m),
      error: (m: string) => log(m),
    },
    retry: {
      doNotRetry: [400, 401, 403, 404, 410, 422, 451],
      ...(opts.timing?.retryBaseMs !== undefined ? { retryAfterBaseValue: opts.timing.retryBaseMs } : {}),
    },
    throttle:
      opts.timing?.throttleWrites === false
        ? { enabled: false }
        : {
            onRateLimit: (after: number, _o: unknown, _k: unknown, count: number) => {
              log(
                `GitHub rate limit reached; ${count < 2 && after <= 60 ? `retrying in ${after} s` : 'giving up'}`,
              );
              return count < 2 && after <= 60;
            },
            onSecondaryRateLimit: (after: number, _o: unknown, _k: unknown, count: number) => {
              log(
                `GitHub secondary rate limit; ${count < 1 && after <= 60 ? `retrying in ${after} s` : 'giving up'}`,
              );
              return count < 1 && after <= 60;
            },
          },
  });
}
