// Where the FinerWorks keys are sent: the one check every base URL passes before a client is
// built. HTTPS only; plain HTTP only to this machine (the emulator, tests).
//
// In the Action the workflow, not the repository, decides the host (actionApiUrl below): a
// pull request can edit fwsync.config.yaml, but not the workflow's inputs or the job's env.

import { FwsyncError } from '../errors.js';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** FinerWorks' own API: the config's default and the Action's `api-url` default. */
export const DEFAULT_API_URL = 'https://api.finerworks.com/v3';

/** The base URL to use, from FINERWORKS_API_URL when set, else from the config. */
export function resolveApiUrl(env: Record<string, string | undefined>, configured: string): URL {
  const fromEnv = env.FINERWORKS_API_URL?.trim();
  return parseApiUrl(
    fromEnv || configured,
    fromEnv ? 'FINERWORKS_API_URL' : 'api.base_url in the config',
    '(or unset FINERWORKS_API_URL to use the config)',
  );
}

/** `text` as a URL the keys may be sent to; `source` names where it came from in errors. */
export function parseApiUrl(text: string, source: string, alternative = ''): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FwsyncError('input', `${source} is not a URL: ${JSON.stringify(text.slice(0, 200))}`, {
      hint: `Give the full address of the API, e.g. ${DEFAULT_API_URL}${alternative ? ` ${alternative}` : ''}.`,
    });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw new FwsyncError('input', `${source} must use https (got ${url.protocol}//${url.host})`, {
      hint: 'The keys travel in request headers: fwsync sends them over HTTPS only, and over plain HTTP only to this machine (localhost, 127.0.0.1, [::1]).',
    });
  }
  if (url.username !== '' || url.password !== '') {
    throw new FwsyncError('input', `${source} must not contain a user name or password`, {
      hint: 'The keys come from FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY, never from the URL.',
    });
  }
  return url;
}

/** What the workflow allows: its own API URL and the other hosts a config may name. */
export interface ApiUrlPolicy {
  url: URL;
  /** Where `url` came from, for messages: the `api-url` input or FINERWORKS_API_URL. */
  source: string;
  /** Lower-case `host` values (hostname, and :port when not the default). */
  allowedHosts: readonly string[];
}

/** The `allowed-api-hosts` input: hosts separated by commas, spaces or new lines. */
export function parseAllowedHosts(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
}

/**
 * The base URL the Action sends the keys to. The workflow's URL, unless the config names
 * another base URL: then that URL, when its host is the workflow's or one the workflow allows;
 * otherwise a refusal, before any key is read or any request is sent. A config that keeps
 * the default base URL leaves the choice to the workflow (e.g. the emulator in tests).
 */
export function actionApiUrl(policy: ApiUrlPolicy, configured: string): URL {
  if (configured === DEFAULT_API_URL) return policy.url;
  const url = parseApiUrl(configured, 'api.base_url in the config');
  const host = url.host.toLowerCase();
  if (host === policy.url.host.toLowerCase() || policy.allowedHosts.includes(host)) return url;
  throw new FwsyncError(
    'refused',
    `api.base_url in the config names the host ${url.host}, but this workflow sends the FinerWorks keys only to ${policy.url.host} (${policy.source})`,
    {
      hint: `The repository's config cannot move the keys to another host. If ${url.host} is the API you mean, list it in the workflow's allowed-api-hosts input (or set the api-url input to it); otherwise remove api.base_url from the config.`,
    },
  );
}
