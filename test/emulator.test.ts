// The FinerWorks emulator over real loopback HTTP with global fetch: the documented API
// behaviour, the scripted faults, the request log and the admin endpoints.

import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import {
  AUTH_FAILURE_BODY,
  DEMO_CREDENTIALS,
  generateSeed,
  loadSeedFile,
  seedGuid,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from '../src/emulator/server.js';
import { runEmulatorCommand } from '../src/emulator/command.js';
import { FwsyncError } from '../src/errors.js';
import type { ImageDetails } from '../src/core/finerworks-types.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/emulator');
const NOW = new Date('2026-01-02T03:04:05.000Z');
const HEADERS = {
  web_api_key: DEMO_CREDENTIALS.webApiKey,
  app_key: DEMO_CREDENTIALS.appKey,
  'content-type': 'application/json',
  'user-agent': 'fwsync-test/1.0',
};
const LIBRARY = { name: 'inventory', site_id: 2, session_id: '0123456789abcdef0123456789abcdef' };
const AUTH_TEXT =
  '{"Message":"The request is invalid.","ModelState":{"ApiC.Models.authorization_credentials":["Missing or unauthorized api credentials"]}}';

const running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function start(opts: EmulatorOptions = {}): Promise<Emulator> {
  const em = await startEmulator({ now: () => NOW, ...opts });
  running.push(em);
  return em;
}

/** Every shape the API answers with, loosely: tests read whichever part they expect. */
interface Body {
  Message?: string;
  ModelState: Record<string, string[]>;
  status: { success: boolean; status_code?: number; message?: string };
  user_account: Record<string, unknown>;
  images: ImageDetails[];
  page_number: number;
  per_page: number;
  count: number;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Body;
}

async function call(
  em: Emulator,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = HEADERS,
): Promise<Answer> {
  const res = await fetch(`${em.url}/${route}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json = {} as Body;
  try {
    json = JSON.parse(text) as Body;
  } catch {
    // not JSON; tests that care look at text
  }
  return { status: res.status, headers: res.headers, text, json };
}

const list = (em: Emulator, extra: Record<string, unknown> = {}) =>
  call(em, 'POST', 'list_images', { library: LIBRARY, ...extra });
const update = (em: Emulator, images: unknown[]) =>
  call(em, 'PUT', 'update_images', { images, account_key: null });

describe('auth', () => {
  it('answers 400 with the exact ModelState body for missing, wrong or doubled keys', async () => {
    const em = await start();
    const cases: Record<string, string>[] = [
      { 'content-type': 'application/json' },
      { web_api_key: DEMO_CREDENTIALS.webApiKey },
      { web_api_key: DEMO_CREDENTIALS.webApiKey, app_key: 'de300000-0000-4000-8000-0000000000ff' },
      { web_api_key: DEMO_CREDENTIALS.appKey, app_key: DEMO_CREDENTIALS.appKey },
      { web_api_key: DEMO_CREDENTIALS.webApiKey, app_key: DEMO_CREDENTIALS.webApiKey },
    ];
    for (const headers of cases) {
      const r = await call(em, 'GET', 'test_my_credentials', undefined, headers);
      expect(r.status).toBe(400);
      expect(r.text).toBe(AUTH_TEXT);
    }
    expect(JSON.stringify(AUTH_FAILURE_BODY)).toBe(AUTH_TEXT);
    // Auth is checked on writes too, and nothing changes.
    const seeded = await start({ seed: generateSeed(1) });
    const r = await call(
      seeded,
      'PUT',
      'update_images',
      { images: [{ guid: seedGuid(1), title: 'x', description: '' }] },
      {
        'content-type': 'application/json',
      },
    );
    expect(r.text).toBe(AUTH_TEXT);
    expect(seeded.getImage(seedGuid(1))?.title).toBe('Image 1');
  });

  it('test_my_credentials returns the account; custom credentials replace the demo keys', async () => {
    const em = await start({
      credentials: { webApiKey: 'k-web', appKey: 'k-app' },
      seed: { account: { account_username: 'me' }, images: [] },
    });
    const good = await call(em, 'GET', 'test_my_credentials', undefined, {
      web_api_key: 'k-web',
      app_key: 'k-app',
    });
    expect(good.status).toBe(200);
    expect(good.json).toEqual({
      status: { success: true, status_code: 200, message: '', debug: null },
      user_account: { account_username: 'me' },
    });
    expect((await call(em, 'GET', 'test_my_credentials')).status).toBe(400);
    // One value in both headers is refused even if it is the configured key for both.
    const same = await start({ credentials: { webApiKey: 'k-same', appKey: 'k-same' } });
    const doubled = await call(same, 'GET', 'test_my_credentials', undefined, {
      web_api_key: 'k-same',
      app_key: 'k-same',
    });
    expect(doubled.text).toBe(AUTH_TEXT);
  });
});

describe('routing', () => {
  it('matches paths case-insensitively, answers 405 for a wrong verb and 404 JSON otherwise', async () => {
    const em = await start();
    const base = em.url.replace(/\/v3$/, '');
    const upper = await fetch(`${base}/V3/Test_My_Credentials`, { headers: HEADERS });
    expect(upper.status).toBe(200);
    const wrongVerb = await call(em, 'GET', 'list_images');
    expect(wrongVerb.status).toBe(405);
    expect(wrongVerb.headers.get('allow')).toBe('POST');
    const missing = await call(em, 'POST', 'no_such_thing', {});
    expect(missing.status).toBe(404);
    expect(missing.json.Message).toMatch(/No HTTP resource/);
  });

  it('rejects bodies that are not JSON', async () => {
    const em = await start();
    const res = await fetch(`${em.url}/list_images`, {
      method: 'POST',
      headers: HEADERS,
      body: '{"library":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { ModelState: unknown }).ModelState).toEqual({
      request: ['The request body is not valid JSON.'],
    });
  });
});

describe('update_images', () => {
  it('changes the fields sent, bumps date_updated and removes the virtual products of inventory images', async () => {
    const em = await start({ seed: await loadSeedFile(path.join(FIXTURES, 'demo.yaml')) });
    const guid = '5fd001ce-5db8-4e84-9010-e29499eadb3f';
    const before = await list(em, { guid_filter: [guid], list_products: true });
    expect(before.json.images[0]?.products).toHaveLength(2);

    const r = await update(em, [
      {
        guid: guid.toUpperCase(),
        title: 'New title',
        description: 'New description',
        visible: false,
        rank: 3,
      },
      { guid: '9a85d170-dca0-43d1-a00d-072281b122e7', title: 'Temp renamed', description: '' },
    ]);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: { success: true, status_code: 200, message: '' } });

    const img = em.getImage(guid);
    expect(img).toMatchObject({
      title: 'New title',
      description: 'New description',
      active: false,
      rank: 3,
      date_updated: '2026-01-02T03:04:05',
      products: [],
    });
    const after = await list(em, { guid_filter: [guid], list_products: true });
    expect(after.json.images[0]?.products).toEqual([]);
    // An inventory image that was not updated keeps its products.
    expect(em.getImage('0b1f3c8e-2a55-4e8e-9d0a-1c2b3d4e5f60')?.products).toHaveLength(1);
    expect(em.getImage('9a85d170-dca0-43d1-a00d-072281b122e7')?.title).toBe('Temp renamed');
  });

  it('answers success:false naming every unknown guid and changes nothing in the batch', async () => {
    const em = await start({ seed: generateSeed(4, { inventoryShare: 1 }) });
    const unknownA = 'aaaaaaaa-0000-4000-8000-000000000001';
    const unknownB = 'bbbbbbbb-0000-4000-8000-000000000002';
    const r = await update(em, [
      { guid: seedGuid(1), title: 'Changed', description: 'Changed' },
      { guid: unknownA, title: 'x', description: '' },
      { guid: unknownB, title: 'y', description: '' },
    ]);
    expect(r.status).toBe(200);
    expect(r.json.status.success).toBe(false);
    expect(r.json.status.message).toContain(unknownA);
    expect(r.json.status.message).toContain(unknownB);
    expect(em.getImage(seedGuid(1))).toMatchObject({
      title: 'Image 1',
      products: [expect.anything(), expect.anything()],
    });
    expect(em.getImage(seedGuid(1))?.date_updated).toBeUndefined();
  });

  it('rejects a malformed body or a bad guid with HTTP 400 ModelState', async () => {
    const em = await start({ seed: generateSeed(1) });
    const noImages = await call(em, 'PUT', 'update_images', { account_key: null });
    expect(noImages.status).toBe(400);
    expect(noImages.json.ModelState['request.images']).toBeDefined();
    const notArray = await call(em, 'PUT', 'update_images', { images: {} });
    expect(notArray.status).toBe(400);
    const badGuid = await update(em, [{ guid: 'not-a-guid', title: 't', description: '' }]);
    expect(badGuid.status).toBe(400);
    expect(badGuid.json.ModelState['request.images[0].guid']).toBeDefined();
    const badTitle = await update(em, [{ guid: seedGuid(1), title: 42, description: '' }]);
    expect(badTitle.status).toBe(400);
    expect(em.getImage(seedGuid(1))?.title).toBe('Image 1');
  });

  it('rejects batches above maxBatchSize with HTTP 400 and accepts the limit', async () => {
    const em = await start({ seed: generateSeed(4), maxBatchSize: 3 });
    const images = [1, 2, 3, 4].map((i) => ({ guid: seedGuid(i), title: `T${i}`, description: '' }));
    const tooMany = await update(em, images);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.ModelState['request.images']?.[0]).toMatch(/at most 3/);
    expect(em.getImage(seedGuid(1))?.title).toBe('Image 1');
    const fits = await update(em, images.slice(0, 3));
    expect(fits.json.status.success).toBe(true);
    expect(em.getImage(seedGuid(3))?.title).toBe('T3');
  });
});

describe('list_images', () => {
  it('pages through 120 inventory images 50 at a time, id DESC by default, with the total count', async () => {
    const em = await start({ seed: generateSeed(240, { inventoryShare: 0.5 }) });
    const seen: number[] = [];
    const sizes: number[] = [];
    for (const page of [1, 2, 3]) {
      const r = await list(em, { page_number: page, per_page: 50 });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({
        page_number: page,
        per_page: 50,
        count: 120,
        status: { success: true },
      });
      sizes.push(r.json.images.length);
      for (const img of r.json.images) {
        expect(img.products).toBeNull();
        seen.push(img.id);
      }
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect((await list(em, { page_number: 4, per_page: 50 })).json.images).toEqual([]);
    const byDefault = await list(em);
    expect(byDefault.json.per_page).toBe(10);
    expect(byDefault.json.images).toHaveLength(10);
    const asc = await list(em, { sort_field: 'title', sort_direction: 'ASC', per_page: 3 });
    expect(asc.json.images.map((i: { title: string }) => i.title)).toEqual([
      'Image 10',
      'Image 100',
      'Image 102',
    ]);
    const temporary = await call(em, 'POST', 'list_images', {
      library: { name: 'temporary', site_id: 2 },
      list_products: true,
    });
    expect(temporary.json.count).toBe(120);
    expect(temporary.json.images[0]?.products).toBeNull();
  });

  it('rejects per_page 51, a missing library and a bad sort field with HTTP 400', async () => {
    const em = await start({ seed: generateSeed(3) });
    const big = await list(em, { per_page: 51 });
    expect(big.status).toBe(400);
    expect(big.json.ModelState['request.per_page']).toBeDefined();
    const noLibrary = await call(em, 'POST', 'list_images', { per_page: 10 });
    expect(noLibrary.status).toBe(400);
    expect(noLibrary.json.ModelState['request.library']).toBeDefined();
    expect((await list(em, { sort_field: 'rank' })).status).toBe(400);
    expect((await list(em, { page_number: 0 })).status).toBe(400);
  });

  it('filters by guid, by text (case-insensitive) and by active, and lists products on request', async () => {
    const em = await start({ seed: generateSeed(20, { inventoryShare: 1 }) });
    const byGuid = await list(em, {
      guid_filter: [seedGuid(3), seedGuid(7).toUpperCase()],
      list_products: true,
    });
    expect(byGuid.json.count).toBe(2);
    expect(byGuid.json.images.map((i: { guid: string }) => i.guid)).toEqual([seedGuid(7), seedGuid(3)]);
    expect(byGuid.json.images[0]?.products).toEqual([
      { sku: 'VI-7-1', name: 'Print 1 of image 7', product_code: 'PC-7-1' },
      { sku: 'VI-7-2', name: 'Print 2 of image 7', product_code: 'PC-7-2' },
    ]);
    em.setImage({ guid: seedGuid(5), description: 'A LIGHTHOUSE at night', active: false });
    const search = await list(em, { search_filter: 'lighthouse' });
    expect(search.json.images.map((i: { guid: string }) => i.guid)).toEqual([seedGuid(5)]);
    const byTitle = await list(em, { search_filter: 'IMAGE 1', per_page: 50 });
    expect(byTitle.json.count).toBe(11); // Image 1, 10..19
    expect((await list(em, { active: false })).json.count).toBe(1);
    expect((await list(em, { active: true })).json.count).toBe(19);
  });
});

describe('add_images and delete_images', () => {
  it('adds up to 5 images with deterministic guids, and deletes atomically', async () => {
    const em = await start({ seed: generateSeed(2) });
    const six = Array.from({ length: 6 }, (_, i) => ({ title: `New ${i}`, file_name: `n${i}.jpg` }));
    expect((await call(em, 'POST', 'add_images', { images: six, library: LIBRARY })).status).toBe(400);
    const added = await call(em, 'POST', 'add_images', { images: six.slice(0, 2), library: LIBRARY });
    expect(added.status).toBe(200);
    expect(added.json.images.map((i: { guid: string; id: number }) => [i.guid, i.id])).toEqual([
      ['add00000-0000-4000-a000-000000000001', 3],
      ['add00000-0000-4000-a000-000000000002', 4],
    ]);
    expect(em.getImage('add00000-0000-4000-a000-000000000001')).toMatchObject({
      title: 'New 0',
      description: '',
      date_added: '2026-01-02T03:04:05',
    });

    const unknown = 'cccccccc-0000-4000-8000-000000000003';
    const del = await call(em, 'DELETE', 'delete_images', { guids: [seedGuid(1), unknown], library: null });
    expect(del.json.status.success).toBe(false);
    expect(del.json.status.message).toContain(unknown);
    expect(em.getImage(seedGuid(1))).toBeDefined();
    const ok = await call(em, 'DELETE', 'delete_images', { guids: [seedGuid(1)], library: null });
    expect(ok.json.status.success).toBe(true);
    expect(em.getImage(seedGuid(1))).toBeUndefined();
    expect(em.images().map((i) => i.id)).toEqual([2, 3, 4]);
  });
});

describe('scripted faults', () => {
  it('status: 429 with Retry-After, then 500 with the default body, then normal', async () => {
    const em = await start({ seed: generateSeed(1) });
    em.script(
      { kind: 'status', status: 429, headers: { 'Retry-After': '2' }, body: 'slow down' },
      { kind: 'status', status: 500 },
    );
    const first = await call(em, 'GET', 'test_my_credentials');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.text).toBe('slow down');
    const second = await call(em, 'GET', 'test_my_credentials');
    expect(second.status).toBe(500);
    expect(second.json).toEqual({ Message: 'Internal Server Error' });
    expect((await call(em, 'GET', 'test_my_credentials')).status).toBe(200);
    expect(em.requests.map((r) => [r.status, r.fault])).toEqual([
      [429, 'status:429'],
      [500, 'status:500'],
      [200, undefined],
    ]);
  });

  it('reset makes fetch fail, and the update is not applied', async () => {
    const em = await start({ seed: generateSeed(1) });
    em.script({ kind: 'reset' });
    await expect(update(em, [{ guid: seedGuid(1), title: 'Reset', description: '' }])).rejects.toThrow(
      TypeError,
    );
    expect(em.getImage(seedGuid(1))?.title).toBe('Image 1');
    expect(em.requests).toHaveLength(1);
    expect(em.requests[0]?.fault).toBe('reset');
    expect(em.requests[0]?.status).toBeUndefined();
  });

  it('truncate sends headers and half a body: reading the body fails', async () => {
    const em = await start();
    em.script({ kind: 'truncate' });
    const res = await fetch(`${em.url}/test_my_credentials`, { headers: HEADERS });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('hang never answers: the client aborts, and close() still resolves promptly', async () => {
    const em = await start();
    em.script({ kind: 'hang' });
    const t0 = performance.now();
    await expect(
      fetch(`${em.url}/test_my_credentials`, { headers: HEADERS, signal: AbortSignal.timeout(150) }),
    ).rejects.toThrow(/abort|timeout/i);
    expect(performance.now() - t0).toBeLessThan(2_000);
    // A second hung request is still open when we close.
    em.script({ kind: 'hang' });
    const pending = fetch(`${em.url}/test_my_credentials`, { headers: HEADERS }).catch((e: unknown) => e);
    await waitFor(() => em.inFlight === 1);
    const c0 = performance.now();
    await em.close();
    expect(performance.now() - c0).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(TypeError);
  });

  it('html answers a 200 text/html page; success-false a 200 with success:false', async () => {
    const em = await start();
    em.script({ kind: 'html' }, { kind: 'success-false', message: 'Something broke' });
    const html = await call(em, 'GET', 'test_my_credentials');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toMatch(/^<!DOCTYPE html>/);
    const sf = await call(em, 'GET', 'test_my_credentials');
    expect(sf.status).toBe(200);
    expect(sf.json.status).toMatchObject({ success: false, message: 'Something broke' });
  });

  it('success-false on update_images leaves the data unchanged', async () => {
    const em = await start({ seed: generateSeed(1) });
    em.script({ kind: 'success-false' });
    const r = await update(em, [{ guid: seedGuid(1), title: 'No', description: '' }]);
    expect(r.json.status.success).toBe(false);
    expect(em.getImage(seedGuid(1))?.title).toBe('Image 1');
  });

  it('delay answers normally after the given time', async () => {
    const em = await start({ seed: generateSeed(1) });
    em.script({ kind: 'delay', ms: 120 });
    const t0 = performance.now();
    const r = await update(em, [{ guid: seedGuid(1), title: 'Late', description: '' }]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
    expect(r.json.status.success).toBe(true);
    expect(em.getImage(seedGuid(1))?.title).toBe('Late');
    expect(em.requests[0]?.fault).toBe('delay:120');
  });

  it('after applies the real update and then loses the answer (503, reset or truncate)', async () => {
    const em = await start({ seed: generateSeed(3) });
    em.script(
      { kind: 'after', then: { kind: 'status', status: 503 } },
      { kind: 'after', then: { kind: 'reset' } },
      { kind: 'after', then: { kind: 'truncate' } },
    );
    const lost = await update(em, [{ guid: seedGuid(1), title: 'Applied 1', description: '' }]);
    expect(lost.status).toBe(503);
    expect(em.getImage(seedGuid(1))?.title).toBe('Applied 1');
    await expect(update(em, [{ guid: seedGuid(2), title: 'Applied 2', description: '' }])).rejects.toThrow(
      TypeError,
    );
    expect(em.getImage(seedGuid(2))?.title).toBe('Applied 2');
    await expect(update(em, [{ guid: seedGuid(3), title: 'Applied 3', description: '' }])).rejects.toThrow();
    expect(em.getImage(seedGuid(3))?.title).toBe('Applied 3');
    expect(em.requests.map((r) => r.fault)).toEqual(['after:status:503', 'after:reset', 'after:truncate']);
  });

  it('match.path and match.nth pick which request gets the fault', async () => {
    const em = await start({ seed: generateSeed(2) });
    em.script({ kind: 'status', status: 503, match: { path: '/V3/update_images', nth: 2 } });
    expect((await list(em)).status).toBe(200);
    expect((await update(em, [{ guid: seedGuid(1), title: 'a', description: '' }])).status).toBe(200);
    expect((await list(em)).status).toBe(200);
    expect(em.pendingFaults()).toBe(1);
    expect((await update(em, [{ guid: seedGuid(2), title: 'b', description: '' }])).status).toBe(503);
    expect(em.pendingFaults()).toBe(0);
    expect(em.getImage(seedGuid(2))?.title).toBe('Image 2');
  });

  it('rejects a fault with an unknown kind', async () => {
    const em = await start();
    expect(() => em.script({ kind: 'explode' } as never)).toThrow(FwsyncError);
  });
});

describe('latency and failure rate', () => {
  it('failureRate answers 503 when the injected random number falls below it', async () => {
    const draws = [0.1, 0.9, 0.29, 0.3];
    const em = await start({ failureRate: 0.3, random: () => draws.shift() ?? 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(em, 'GET', 'test_my_credentials')).status);
    expect(statuses).toEqual([503, 200, 503, 200, 200]);
    expect(em.requests.filter((r) => r.fault === 'failure-rate')).toHaveLength(2);
  });

  it('latencyMs delays every answer', async () => {
    const em = await start({ latencyMs: 80 });
    const t0 = performance.now();
    await call(em, 'GET', 'test_my_credentials');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
    const r = em.requests[0]!;
    expect(r.endedAt! - r.startedAt).toBeGreaterThanOrEqual(75);
  });
});

describe('request log', () => {
  it('records method, path, body and headers with credentials reduced to present/absent', async () => {
    const em = await start({ seed: generateSeed(1) });
    const accountKey = 'acct-secret-0123456789';
    await call(em, 'PUT', 'update_images', {
      images: [{ guid: seedGuid(1), title: 'T', description: 'D' }],
      account_key: accountKey,
    });
    await call(em, 'GET', 'test_my_credentials', undefined, { web_api_key: DEMO_CREDENTIALS.webApiKey });
    await call(em, 'POST', 'list_images', {
      library: { ...LIBRARY, account_key: accountKey },
      credentials: { web_api_key: DEMO_CREDENTIALS.webApiKey, app_key: DEMO_CREDENTIALS.appKey },
    });
    const [put, get, post] = em.requests;
    expect(put).toMatchObject({
      seq: 1,
      method: 'PUT',
      path: '/v3/update_images',
      status: 200,
      headers: {
        web_api_key: 'present',
        app_key: 'present',
        content_type: 'application/json',
        user_agent: 'fwsync-test/1.0',
      },
      body: { images: [{ guid: seedGuid(1), title: 'T', description: 'D' }], account_key: '[redacted]' },
    });
    expect(put?.rawBody).toContain('"title":"T"');
    expect(get?.headers).toMatchObject({ web_api_key: 'present', app_key: 'absent' });
    expect(get?.status).toBe(400);
    expect(post?.body).toMatchObject({ credentials: { web_api_key: '[redacted]', app_key: '[redacted]' } });
    const dump = JSON.stringify(em.requests);
    for (const secret of [DEMO_CREDENTIALS.webApiKey, DEMO_CREDENTIALS.appKey, accountKey])
      expect(dump).not.toContain(secret);
    for (const r of em.requests) expect(r.endedAt).toBeGreaterThanOrEqual(r.startedAt);
  });

  it('tracks the most requests in flight at once', async () => {
    const em = await start({ latencyMs: 150 });
    await Promise.all([1, 2, 3].map(() => call(em, 'GET', 'test_my_credentials')));
    expect(em.maxInFlight).toBe(3);
    expect(em.inFlight).toBe(0);
    em.reset();
    expect(em.requests).toHaveLength(0);
    await call(em, 'GET', 'test_my_credentials');
    await call(em, 'GET', 'test_my_credentials');
    expect(em.maxInFlight).toBe(1);
  });
});

describe('direct control and admin endpoints', () => {
  it('setImage, reset and the admin endpoints drive a running emulator without credentials', async () => {
    const em = await start({ seed: generateSeed(2) });
    const admin = em.url.replace(/\/v3$/, '/__emulator');
    em.setImage({ guid: seedGuid(1).toUpperCase(), title: 'Changed behind our back' });
    expect(em.getImage(seedGuid(1))?.title).toBe('Changed behind our back');

    const posted = await fetch(`${admin}/images`, {
      method: 'POST',
      body: JSON.stringify({ guid: seedGuid(2), description: 'via admin' }),
    });
    expect(posted.status).toBe(200);
    expect(em.getImage(seedGuid(2))?.description).toBe('via admin');
    const images = (await (await fetch(`${admin}/images`)).json()) as { images: Array<{ guid: string }> };
    expect(images.images.map((i) => i.guid)).toEqual([seedGuid(1), seedGuid(2)]);

    const scripted = await fetch(`${admin}/script`, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'status', status: 502 }]),
    });
    expect(await scripted.json()).toEqual({ pending: 1 });
    expect((await call(em, 'GET', 'test_my_credentials')).status).toBe(502);
    const badScript = await fetch(`${admin}/script`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'nope' }),
    });
    expect(badScript.status).toBe(400);

    const log = (await (await fetch(`${admin}/requests`)).json()) as {
      requests: Array<{ path: string; status: number }>;
      maxInFlight: number;
    };
    expect(log.requests.map((r) => [r.path, r.status])).toEqual([['/v3/test_my_credentials', 502]]);
    expect(log.maxInFlight).toBe(1);

    const reset = await fetch(`${admin}/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(em.getImage(seedGuid(1))?.title).toBe('Image 1');
    expect(em.requests).toHaveLength(0);
    await fetch(`${admin}/reset`, {
      method: 'POST',
      body: JSON.stringify({ images: [{ guid: seedGuid(9), title: 'Only one' }] }),
    });
    expect(em.images().map((i) => i.title)).toEqual(['Only one']);
  });

  it('does not serve admin endpoints when listening on a non-loopback address', async () => {
    const em = await start({ host: '0.0.0.0' });
    const port = new URL(em.url).port;
    const res = await fetch(`http://127.0.0.1:${port}/__emulator/images`);
    expect(res.status).toBe(404);
  });
});

describe('seeds', () => {
  it('loads YAML and JSON seed files; guids are stored lower-case', async () => {
    const yamlSeed = await loadSeedFile(path.join(FIXTURES, 'demo.yaml'));
    expect(yamlSeed.images).toHaveLength(3);
    const fromYaml = await start({ seed: yamlSeed });
    const who = await call(fromYaml, 'GET', 'test_my_credentials');
    expect(who.json.user_account.account_username).toBe('harbour-prints');
    expect(fromYaml.getImage('0b1f3c8e-2a55-4e8e-9d0a-1c2b3d4e5f60')).toMatchObject({
      id: 102,
      description: '',
      products: [{ sku: 'AP5678P1' }],
    });
    expect(fromYaml.getImage('9a85d170-dca0-43d1-a00d-072281b122e7')?.products).toEqual([]);

    const fromJson = await start({ seed: await loadSeedFile(path.join(FIXTURES, 'demo.json')) });
    const listed = await list(fromJson, { list_products: true });
    expect(listed.json.images.map((i: { guid: string }) => i.guid)).toEqual([
      'be9d78b7-866f-4941-b237-8f010eef3b9b',
    ]);
    expect(listed.json.images[0]?.products).toEqual([{ sku: 'J1', name: 'Print', product_code: 'P' }]);
  });

  it('names the file and the entry when a seed is invalid', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fwsync-seed-'));
    const dup = path.join(dir, 'dup.yaml');
    await writeFile(dup, 'images:\n  - { guid: A-1, title: a }\n  - { guid: a-1, title: b }\n');
    await expect(loadSeedFile(dup)).rejects.toThrow(`${dup}: images[1].guid a-1 repeats images[0]`);
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, '{ "images": [');
    await expect(loadSeedFile(broken)).rejects.toThrow(/broken\.json is not valid JSON/);
    await expect(loadSeedFile(path.join(dir, 'missing.yaml'))).rejects.toBeInstanceOf(FwsyncError);
  });

  it('generateSeed is deterministic and spreads inventory images evenly', () => {
    const a = generateSeed(10, { inventoryShare: 0.3 });
    expect(a).toEqual(generateSeed(10, { inventoryShare: 0.3 }));
    expect(a.images.filter((i) => i.library === 'inventory').map((i) => i.id)).toEqual([4, 7, 10]);
    expect(a.images[0]).toMatchObject({
      guid: '5eed0000-0000-4000-8000-000000000001',
      date_added: '2024-01-01T00:00:00',
    });
  });
});

describe('runEmulatorCommand', () => {
  it('prints the URL and export lines, serves until aborted, then closes', async () => {
    const out: string[] = [];
    const abort = new AbortController();
    const done = runEmulatorCommand(
      { port: 0, seedFile: path.join(FIXTURES, 'demo.yaml') },
      { stdout: (s) => out.push(s), signal: abort.signal },
    );
    await waitFor(() => out.length > 0);
    const text = out.join('');
    const url = /export FINERWORKS_API_URL=(\S+)/.exec(text)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);
    expect(text).toContain(`export FINERWORKS_WEB_API_KEY=${DEMO_CREDENTIALS.webApiKey}`);
    expect(text).toContain(`export FINERWORKS_APP_KEY=${DEMO_CREDENTIALS.appKey}`);
    expect(text).toContain('(3 images: 2 in library inventory, 1 in library temporary)');
    const res = await fetch(`${url}/test_my_credentials`, { headers: HEADERS });
    expect(res.status).toBe(200);
    abort.abort();
    await done;
    await expect(fetch(`${url}/test_my_credentials`, { headers: HEADERS })).rejects.toThrow(TypeError);
  });

  it('refuses bad options with an input error', async () => {
    const signal = AbortSignal.abort();
    await expect(
      runEmulatorCommand({ port: 0, failureRate: 2 }, { stdout: () => {}, signal }),
    ).rejects.toThrow(/failure rate/);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const t0 = performance.now();
  while (!condition()) {
    if (performance.now() - t0 > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
