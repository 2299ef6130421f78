// The real FinerWorksApi over HTTP. One call is one HTTP attempt: retrying, splitting and
// stopping are decided by src/apply from the error's `class`. The keys travel only in headers
// and every message built here is passed through `redact` before it leaves.

import { FwsyncError } from '../errors.js';
import { redact, secretsOf } from './credentials.js';
import type {
  Credentials,
  FinerWorksApi,
  ImageLibrary,
  ListImagesRequest,
  ListImagesResponse,
  UpdateImageDetails,
  UserAccount,
} from '../core/finerworks-types.js';

/** Why withRetry stopped retrying a transient error (set by src/apply/retry.ts). */
export type GiveUpReason = 'max-attempts' | 'retry-after' | 'deadline' | 'aborted';

export type FinerWorksErrorClass = 'auth' | 'transient' | 'rejected';

/**
 * A failed call. `class` decides what happens next: `auth` stops everything, `transient` may be
 * retried (the outcome is unknown, and re-sending full values is harmless), `rejected` means the
 * API answered and refused this request.
 */
export class FinerWorksError extends Error {
  readonly class: FinerWorksErrorClass;
  /** The HTTP status, or null when no response arrived. */
  readonly status: number | null;
  /** FinerWorks' own text (status.message, Message, ModelState), sanitised and trimmed. */
  readonly apiMessage: string | null;
  /** From a Retry-After header, in ms from when the response arrived. */
  readonly retryAfterMs: number | null;
  /** HTTP attempts made for this call; withRetry raises it. */
  attempts = 1;
  /** Set by withRetry when it gave up on a transient error. */
  gaveUp: GiveUpReason | null = null;

  constructor(
    cls: FinerWorksErrorClass,
    message: string,
    details: { status?: number | null; apiMessage?: string | null; retryAfterMs?: number | null } = {},
  ) {
    super(message);
    this.name = 'FinerWorksError';
    this.class = cls;
    this.status = details.status ?? null;
    this.apiMessage = details.apiMessage ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}

export interface FinerWorksClientOptions {
  /** e.g. https://api.finerworks.com/v3 (a trailing slash is ignored). */
  baseUrl: string;
  credentials: Credentials;
  fetch?: typeof fetch;
  /** Per request, headers and body together. */
  timeoutMs: number;
  userAgent: string;
  librarySiteId?: number;
  libraryName?: 'inventory' | 'temporary';
  sessionId?: string;
  /** Clock for HTTP-date Retry-After values; tests inject it. */
  now?: () => number;
}

// image_library.session_id is marked required (8–50 chars) and its meaning for API-key calls
// is unknown; a fixed value keeps request bodies identical between runs.
export const DEFAULT_SESSION_ID = '6677c0e1f3a94b7d8e2c5a1b0d9f4e38';
export const DEFAULT_SITE_ID = 2;
const MAX_PER_PAGE = 50;
const MAX_API_MESSAGE = 300;
const MAX_BODY_SNIPPET = 200;

const AUTH_TEXT = /missing or unauthorized/i;

export function createFinerWorksClient(opts: FinerWorksClientOptions): FinerWorksApi {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? (() => Date.now());
  const secrets = secretsOf(opts.credentials);
  const clean = (text: string): string => redact(text, secrets);

  const fail = (
    cls: FinerWorksErrorClass,
    message: string,
    details: { status?: number | null; apiMessage?: string | null; retryAfterMs?: number | null } = {},
  ): FinerWorksError =>
    new FinerWorksError(cls, clean(message), {
      ...details,
      apiMessage: details.apiMessage == null ? null : clean(details.apiMessage),
    });

  async function call(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>> {
    const what = `${method} ${path}`;
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
    const abortMessage = (): string =>
      timeout.aborted
        ? `${what}: no complete response within ${formatSeconds(opts.timeoutMs)}`
        : `${what}: request cancelled`;

    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          web_api_key: opts.credentials.webApiKey,
          app_key: opts.credentials.appKey,
          'Content-Type': 'application/json',
          'User-Agent': opts.userAgent,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        // A redirect would be followed with our headers to wherever it points; refuse it.
        redirect: 'manual',
        signal: combined,
      });
    } catch (error) {
      if (combined.aborted) throw fail('transient', abortMessage());
      throw fail('transient', `${what}: connection to ${hostOf(base)} failed (${networkCode(error)})`);
    }

    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    let text: string;
    try {
      text = await response.text();
    } catch {
      // Headers arrived but the body did not: whether the server applied it is unknown.
      if (combined.aborted) throw fail('transient', abortMessage(), { status, retryAfterMs });
      throw fail('transient', `${what}: response body cut short (HTTP ${status})`, { status, retryAfterMs });
    }

    if (status >= 300 && status < 400) {
      // Not retryable and the same for every request: a wrong base URL, so stop like auth does.
      const location = response.headers.get('location');
      throw fail(
        'auth',
        `${what}: unexpected redirect (HTTP ${status}${location ? ` to ${sanitize(location, MAX_BODY_SNIPPET)}` : ''}); check api.base_url or FINERWORKS_API_URL`,
        { status },
      );
    }

    const parsed = parseJson(text);
    if (status < 200 || status >= 300) {
      const apiMessage = parsed === undefined ? snippetOrNull(text) : messageOf(parsed);
      const suffix = apiMessage ? `: ${apiMessage}` : '';
      if (status === 401 || status === 403 || (status === 400 && AUTH_TEXT.test(text))) {
        throw fail('auth', `FinerWorks rejected the API credentials (HTTP ${status}${suffix})`, {
          status,
          apiMessage,
        });
      }
      if (status === 408 || status === 429 || status >= 500) {
        throw fail('transient', `${what}: HTTP ${status}${suffix}`, { status, apiMessage, retryAfterMs });
      }
      throw fail('rejected', `${what}: HTTP ${status}${suffix}`, { status, apiMessage });
    }

    if (!isRecord(parsed) || !isRecord(parsed.status) || typeof parsed.status.success !== 'boolean') {
      const type = response.headers.get('content-type') ?? 'no content type';
      const shown = snippetOrNull(text);
      throw fail(
        'transient',
        `${what}: unexpected response body (HTTP ${status}, ${sanitize(type, 80)}): ${shown === null ? 'empty' : JSON.stringify(shown)}`,
        { status, retryAfterMs },
      );
    }
    if (parsed.status.success !== true) {
      const apiMessage = messageOf(parsed);
      throw fail(
        'rejected',
        `${what}: FinerWorks answered success: false${apiMessage ? `: ${apiMessage}` : ''}`,
        {
          status,
          apiMessage,
        },
      );
    }
    return parsed;
  }

  function library(given: Partial<ImageLibrary> | undefined): ImageLibrary {
    return {
      name: given?.name ?? opts.libraryName ?? 'inventory',
      session_id: given?.session_id ?? opts.sessionId ?? DEFAULT_SESSION_ID,
      account_key: given?.account_key ?? opts.credentials.accountKey ?? '',
      site_id: given?.site_id ?? opts.librarySiteId ?? DEFAULT_SITE_ID,
    };
  }

  return {
    async updateImages(images: UpdateImageDetails[], signal?: AbortSignal): Promise<void> {
      await call('PUT', '/update_images', { images, account_key: opts.credentials.accountKey }, signal);
    },

    async listImages(request, signal): Promise<ListImagesResponse> {
      // Every field is sent, in the documented order, so the API never falls back to its own
      // defaults (sort DESC, 10 per page) behind our back.
      const body: ListImagesRequest = {
        library: library(request.library),
        search_filter: request.search_filter ?? '',
        guid_filter: request.guid_filter ?? null,
        page_number: request.page_number ?? 1,
        per_page: Math.min(request.per_page ?? MAX_PER_PAGE, MAX_PER_PAGE),
        sort_field: request.sort_field ?? 'id',
        sort_direction: request.sort_direction ?? 'ASC',
        upload_date_from: request.upload_date_from ?? null,
        upload_date_to: request.upload_date_to ?? null,
        list_products: request.list_products ?? false,
        active: request.active ?? null,
      };
      const parsed = await call('POST', '/list_images', body, signal);
      if (!Array.isArray(parsed.images)) {
        throw fail('transient', 'POST /list_images: unexpected response body (no images array)');
      }
      return parsed as unknown as ListImagesResponse;
    },

    async testMyCredentials(signal?: AbortSignal): Promise<UserAccount> {
      const parsed = await call('GET', '/test_my_credentials', undefined, signal);
      return isRecord(parsed.user_account) ? parsed.user_account : {};
    },
  };
}

/** Turns a FinerWorksError into the error the entry points map to an exit code. */
export function toFwsyncError(error: FinerWorksError): FwsyncError {
  if (error.class === 'auth') {
    return new FwsyncError('auth', error.message, {
      hint: 'check FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY (both are needed, and they are different keys)',
    });
  }
  return new FwsyncError('api', error.message, {
    hint: error.class === 'transient' ? 'FinerWorks did not answer properly; try again later' : undefined,
  });
}

/** Retry-After as delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The human text of a FinerWorks body: status.message, Message/message and ModelState entries. */
function messageOf(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const parts: string[] = [];
  if (isRecord(body.status) && typeof body.status.message === 'string') parts.push(body.status.message);
  for (const key of ['Message', 'message']) {
    const value = body[key];
    if (typeof value === 'string') parts.push(value);
  }
  if (isRecord(body.ModelState)) {
    for (const value of Object.values(body.ModelState)) {
      if (Array.isArray(value)) parts.push(...value.filter((v): v is string => typeof v === 'string'));
      else if (typeof value === 'string') parts.push(value);
    }
  }
  const text = sanitize(parts.filter((p) => p.trim() !== '').join(' — '), MAX_API_MESSAGE);
  return text === '' ? null : text;
}

function snippetOrNull(text: string): string | null {
  const shown = sanitize(text, MAX_BODY_SNIPPET);
  return shown === '' ? null : shown;
}

/** Control characters out, whitespace collapsed, cut to `max` characters. */
function sanitize(text: string, max: number): string {
  const flat = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function networkCode(error: unknown): string {
  // undici reports "fetch failed" with the socket error as `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = isRecord(cause) && typeof cause.code === 'string' ? cause.code : null;
  if (code) return code;
  return cause instanceof Error ? sanitize(cause.message, 120) : 'unknown error';
}

/** host[:port] of the base URL, for messages (never the path, which could carry anything). */
function hostOf(base: string): string {
  try {
    return new URL(base).host;
  } catch {
    return 'the API host';
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
