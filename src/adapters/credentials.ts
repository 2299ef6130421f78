// FinerWorks credentials come only from the environment (never from the config or flags), and
// every message about them names the variables, never the values.

import { FwsyncError } from '../errors.js';
import type { Credentials } from '../core/finerworks-types.js';

export const ENV_WEB_API_KEY = 'FINERWORKS_WEB_API_KEY';
export const ENV_APP_KEY = 'FINERWORKS_APP_KEY';
export const ENV_ACCOUNT_KEY = 'FINERWORKS_ACCOUNT_KEY';

// Header values cannot hold control characters or spaces; checking here gives a message that
// names the variable instead of an opaque "invalid header value" from fetch, which could echo it.
// eslint-disable-next-line no-control-regex
const INVALID_KEY = /[\s\u0000-\u001f\u007f]/;

function readKey(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  if (raw === undefined) return null;
  const value = raw.trim();
  if (value === '') return null;
  if (INVALID_KEY.test(value)) {
    throw new FwsyncError('input', `${name} contains whitespace or control characters`, {
      hint: `set ${name} to the key exactly as FinerWorks shows it, without spaces or line breaks inside`,
    });
  }
  return value;
}

/**
 * Reads the keys from `env`. Returns null when they are not set and not required (plan without
 * --refresh needs none); throws an `input` error naming the missing variables when required.
 */
export function readCredentials(env: NodeJS.ProcessEnv, opts: { required: boolean }): Credentials | null {
  const webApiKey = readKey(env, ENV_WEB_API_KEY);
  const appKey = readKey(env, ENV_APP_KEY);
  const accountKey = readKey(env, ENV_ACCOUNT_KEY);
  if (webApiKey !== null && appKey !== null) return { webApiKey, appKey, accountKey };
  if (!opts.required) return null;
  const missing = [webApiKey === null ? ENV_WEB_API_KEY : null, appKey === null ? ENV_APP_KEY : null].filter(
    (name): name is string => name !== null,
  );
  throw new FwsyncError('input', `FinerWorks credentials missing: ${missing.join(' and ')} not set`, {
    hint: `export ${ENV_WEB_API_KEY} and ${ENV_APP_KEY} (in GitHub Actions, pass them from repository secrets); ${ENV_ACCOUNT_KEY} is optional`,
  });
}

/** The secrets to keep out of every message: both keys and the account key when present. */
export function secretsOf(credentials: Credentials): string[] {
  return [credentials.webApiKey, credentials.appKey, credentials.accountKey].filter(
    (s): s is string => s !== null && s !== '',
  );
}

// Very short values would redact ordinary words; real keys are UUIDs.
const MIN_SECRET_LENGTH = 4;

/** Replaces each secret, in raw, base64, base64url and URL-encoded form, with `***`. */
export function redact(text: string, secrets: string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    const bytes = Buffer.from(secret, 'utf8');
    forms.add(secret);
    forms.add(bytes.toString('base64'));
    forms.add(bytes.toString('base64').replace(/=+$/, ''));
    forms.add(bytes.toString('base64url'));
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
  }
  // Longest first, so a form that contains another is replaced whole.
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form.length >= MIN_SECRET_LENGTH) out = out.split(form).join('***');
  }
  return out;
}
