import { describe, expect, it } from 'vitest';
import { readCredentials, redact } from '../src/adapters/credentials.js';
import {
  createFinerWorksClient,
  DEFAULT_SESSION_ID,
  parseRetryAfter,
} from '../src/adapters/finerworks-client.js';
import type { Credentials } from '../src/core/finerworks-types.js';
import { FwsyncError } from '../src/errors.js';
import { APP_KEY, failureOf, NOW, useFaultServer, WEB_KEY } from './support/fake-api.js';
import { AUTH_400, OK } from './support/fault-server.js';
import type { FaultStep } from './support/fault-server.js';

const ACCOUNT_KEY = 'acct-7d1e9f3b5a';
const CREDS: Credentials = { webApiKey: WEB_KEY, appKey: APP_KEY, accountKey: null };
const IMAGE = {
  guid: '5fd001ce-5db8-4e84-9010-e29499eadb3f',
  title: 'My Cool Image',
  description: 'Ünïcode — "quoted"',
};

const faults = useFaultServer();

async function clientFor(script: FaultStep[], extra: { credentials?: Credentials; timeoutMs?: number } = {}) {
  const server = await faults.start(script);
  return createFinerWorksClient({
    baseUrl: `${server.url}/v3/`,
    credentials: extra.credentials ?? CREDS,
    timeoutMs: extra.timeoutMs ?? 2_000,
    userAgent: 'fwsync/9.9.9',
    now: () => NOW,
  });
}

function expectNoSecret(text: string): void {
  for (const secret of [WEB_KEY, APP_KEY, ACCOUNT_KEY]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
  }
}

describe('request shape', () => {
  it('PUT update_images sends the headers and the exact body bytes, keys only in headers', async () => {
    const client = await clientFor([OK], { credentials: { ...CREDS, accountKey: ACCOUNT_KEY } });
    await client.updateImages([IMAGE]);
    const [req] = faults.server().requests;
    expect(req?.method).toBe('PUT');
    expect(req?.url).toBe('/v3/update_images');
    expect(
      req?.body.equals(Buffer.from(JSON.stringify({ images: [IMAGE], account_key: ACCOUNT_KEY }), 'utf8')),
    ).toBe(true);
    expect(req?.headers).toMatchObject({
      web_api_key: WEB_KEY,
      app_key: APP_KEY,
      'content-type': 'application/json',
      'user-agent': 'fwsync/9.9.9',
    });
    // Sent with these exact names (the API's own spelling), once each.
    const names = req!.rawHeaders.filter((_, i) => i % 2 === 0);
    expect(names.filter((n) => n === 'web_api_key' || n === 'app_key')).toEqual(['web_api_key', 'app_key']);
    expect(req?.url).not.toContain(WEB_KEY);
    expect(req?.url).not.toContain(APP_KEY);
  });

  it('account_key is null when no account key is set', async () => {
    const client = await clientFor([OK]);
    await client.updateImages([IMAGE]);
    expect(faults.server().requests[0]?.text).toBe(
      `{"images":[${JSON.stringify(IMAGE)}],"account_key":null}`,
    );
  });

  it('POST list_images fills the library and every default, in order', async () => {
    const client = await clientFor([
      { status: 200, body: { ...OK.body, images: [], page_number: 1, per_page: 50, count: 0 } },
    ]);
    const response = await client.listImages({
      search_filter: '',
      guid_filter: [IMAGE.guid],
      page_number: 2,
      per_page: 500,
      sort_field: 'id',
      sort_direction: 'ASC',
      upload_date_from: null,
      upload_date_to: null,
      list_products: true,
      active: null,
    });
    expect(response.images).toEqual([]);
    const req = faults.server().requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/v3/list_images');
    expect(req?.text).toBe(
      JSON.stringify({
        library: { name: 'inventory', session_id: DEFAULT_SESSION_ID, account_key: '', site_id: 2 },
        search_filter: '',
        guid_filter: [IMAGE.guid],
        page_number: 2,
        per_page: 50,
        sort_field: 'id',
        sort_direction: 'ASC',
        upload_date_from: null,
        upload_date_to: null,
        list_products: true,
        active: null,
      }),
    );
    expect(DEFAULT_SESSION_ID).toMatch(/^[0-9a-f]{32}$/);
  });

  it('GET test_my_credentials has no body and returns the user account', async () => {
    const client = await clientFor([
      { status: 200, body: { ...OK.body, user_account: { account_username: 'someone' } } },
    ]);
    await expect(client.testMyCredentials()).resolves.toEqual({ account_username: 'someone' });
    const req = faults.server().requests[0];
    expect(req?.method).toBe('GET');
    expect(req?.url).toBe('/v3/test_my_credentials');
    expect(req?.body.length).toBe(0);
    expect(req?.headers.web_api_key).toBe(WEB_KEY);
  });
});

describe('status → class', () => {
  const json = (status: number, body: object, headers?: Record<string, string>): FaultStep => ({
    status,
    body,
    ...(headers ? { headers } : {}),
  });
  const table: [string, FaultStep, 'auth' | 'transient' | 'rejected', RegExp][] = [
    ['400 with the unauthorized body', AUTH_400, 'auth', /Missing or unauthorized api credentials/],
    ['401', json(401, { Message: 'Authorization has been denied' }), 'auth', /HTTP 401/],
    ['403', { status: 403, body: '' }, 'auth', /HTTP 403/],
    [
      '400 validation',
      json(400, {
        Message: 'The request is invalid.',
        ModelState: { 'images[0].guid': ["The value 'x' is not valid"] },
      }),
      'rejected',
      /HTTP 400.*not valid/,
    ],
    ['404', { status: 404, body: 'Not Found' }, 'rejected', /HTTP 404: Not Found/],
    ['409', json(409, { message: 'conflict' }), 'rejected', /HTTP 409: conflict/],
    [
      '422',
      json(422, { status: { success: false, message: 'title too long' } }),
      'rejected',
      /HTTP 422: title too long/,
    ],
    ['408', { status: 408, body: '' }, 'transient', /HTTP 408/],
    ['429', { status: 429, body: '' }, 'transient', /HTTP 429/],
    ['500', json(500, { Message: 'An error has occurred.' }), 'transient', /HTTP 500: An error has occurred/],
    [
      '502',
      { status: 502, body: '<html>bad gateway</html>', headers: { 'Content-Type': 'text/html' } },
      'transient',
      /HTTP 502/,
    ],
    ['503', { status: 503, body: '' }, 'transient', /HTTP 503/],
    [
      '200 success:false',
      json(200, { status: { success: false, message: 'unknown guid\u0007 5fd0' } }),
      'rejected',
      /success: false: unknown guid 5fd0$/,
    ],
    [
      '200 HTML',
      {
        status: 200,
        body: '<html><body>Maintenance</body></html>',
        headers: { 'Content-Type': 'text/html' },
      },
      'transient',
      /unexpected response body \(HTTP 200, text\/html\): "<html><body>Maintenance/,
    ],
    ['200 empty', { status: 200, body: '' }, 'transient', /unexpected response body \(HTTP 200, .*\): empty/],
    ['200 JSON without status', json(200, { ok: true }), 'transient', /unexpected response body/],
    [
      '200 truncated',
      { fault: 'truncate', body: '{"status":{"succ', declaredLength: 500 },
      'transient',
      /response body cut short \(HTTP 200\)/,
    ],
    [
      'connection reset',
      { fault: 'reset' },
      'transient',
      /connection to 127\.0\.0\.1:\d+ failed \(ECONNRESET\)/,
    ],
    [
      '302 redirect',
      { status: 302, body: '', headers: { Location: 'https://elsewhere.example/v3/update_images' } },
      'auth',
      /unexpected redirect \(HTTP 302 to https:\/\/elsewhere/,
    ],
  ];

  it.each(table)('%s', async (_name, step, cls, message) => {
    const client = await clientFor([step]);
    const error = await failureOf(client.updateImages([IMAGE]));
    expect(error.class).toBe(cls);
    expect(error.message).toMatch(message);
    expect(faults.server().requests).toHaveLength(1);
    expectNoSecret(error.message);
    expectNoSecret(JSON.stringify(error));
  });

  it('a timeout is transient and names the limit', async () => {
    const client = await clientFor([{ fault: 'hang' }], { timeoutMs: 150 });
    const error = await failureOf(client.updateImages([IMAGE]));
    expect(error.class).toBe('transient');
    expect(error.status).toBeNull();
    expect(error.message).toBe('PUT /update_images: no complete response within 150 ms');
  });

  it('a caller abort cancels the request', async () => {
    const client = await clientFor([{ fault: 'hang' }]);
    const controller = new AbortController();
    const pending = failureOf(client.updateImages([IMAGE], controller.signal));
    setTimeout(() => controller.abort(), 50);
    const error = await pending;
    expect(error.message).toBe('PUT /update_images: request cancelled');
  });

  it('keeps API messages short and printable', async () => {
    const client = await clientFor([{ status: 422, body: { Message: `bad\r\n${'x'.repeat(1000)}` } }]);
    const error = await failureOf(client.updateImages([IMAGE]));
    expect(error.apiMessage?.length).toBeLessThanOrEqual(300);
    expect(error.apiMessage).toMatch(/^bad x+…$/);
  });

  it('never echoes keys, even when the server echoes the request headers back', async () => {
    const echo = `headers: web_api_key=${WEB_KEY} app_key=${APP_KEY} b64=${Buffer.from(APP_KEY).toString('base64')} url=${encodeURIComponent(WEB_KEY)}`;
    for (const step of [
      { status: 500, body: { Message: echo } },
      { status: 400, body: { Message: `${echo} Missing or unauthorized api credentials` } },
      { status: 200, body: echo, headers: { 'Content-Type': 'text/plain' } },
      { status: 200, body: { status: { success: false, message: echo } } },
    ] satisfies FaultStep[]) {
      const client = await clientFor([step], { credentials: { ...CREDS, accountKey: ACCOUNT_KEY } });
      const error = await failureOf(client.updateImages([IMAGE]));
      expectNoSecret(error.message);
      expectNoSecret(error.apiMessage ?? '');
      expect(error.message).toContain('***');
      await faults.close();
    }
  });
});

describe('Retry-After', () => {
  it('is read as seconds', async () => {
    const client = await clientFor([{ status: 503, body: '', headers: { 'Retry-After': '2' } }]);
    expect((await failureOf(client.updateImages([IMAGE]))).retryAfterMs).toBe(2_000);
  });

  it('is read as an HTTP date against the injected clock', async () => {
    const client = await clientFor([
      { status: 429, body: '', headers: { 'Retry-After': new Date(NOW + 7_000).toUTCString() } },
    ]);
    expect((await failureOf(client.updateImages([IMAGE]))).retryAfterMs).toBe(7_000);
  });

  it('ignores garbage and clamps past dates to zero', () => {
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
  });
});

describe('credentials', () => {
  it('reads and trims the keys', () => {
    expect(
      readCredentials(
        { FINERWORKS_WEB_API_KEY: ` ${WEB_KEY}\n`, FINERWORKS_APP_KEY: APP_KEY },
        { required: true },
      ),
    ).toEqual({
      webApiKey: WEB_KEY,
      appKey: APP_KEY,
      accountKey: null,
    });
    expect(
      readCredentials(
        { FINERWORKS_WEB_API_KEY: WEB_KEY, FINERWORKS_APP_KEY: APP_KEY, FINERWORKS_ACCOUNT_KEY: ACCOUNT_KEY },
        { required: true },
      )?.accountKey,
    ).toBe(ACCOUNT_KEY);
  });

  it('returns null when not required and not set', () => {
    expect(readCredentials({}, { required: false })).toBeNull();
  });

  it('names the missing variables, never the values', () => {
    try {
      readCredentials({ FINERWORKS_WEB_API_KEY: WEB_KEY, FINERWORKS_APP_KEY: '  ' }, { required: true });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FwsyncError);
      const e = error as FwsyncError;
      expect(e.kind).toBe('input');
      expect(e.message).toBe('FinerWorks credentials missing: FINERWORKS_APP_KEY not set');
      expectNoSecret(`${e.message} ${e.hint}`);
    }
  });

  it('refuses a key with a line break inside without echoing it', () => {
    expect(() =>
      readCredentials(
        { FINERWORKS_WEB_API_KEY: `${WEB_KEY}\nX-Evil: 1`, FINERWORKS_APP_KEY: APP_KEY },
        { required: true },
      ),
    ).toThrow(/^FINERWORKS_WEB_API_KEY contains whitespace or control characters$/);
  });

  it('redacts raw, base64 and URL-encoded forms', () => {
    const secret = 'a/b+c=d secret';
    const text = `raw ${secret} b64 ${Buffer.from(secret).toString('base64')} url ${encodeURIComponent(secret)} b64url ${Buffer.from(secret).toString('base64url')}`;
    expect(redact(text, [secret])).toBe('raw *** b64 *** url *** b64url ***');
    expect(redact('short ab', ['ab'])).toBe('short ab');
  });
});
