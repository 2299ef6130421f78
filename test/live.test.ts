import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createFinerWorksClient,
  DEFAULT_SESSION_ID,
  FinerWorksError,
} from '../src/adapters/finerworks-client.js';
import { systemRetry, withRetry } from '../src/apply/retry.js';
import type { FinerWorksApi, ListImagesResponse } from '../src/core/finerworks-types.js';
import { hashFields } from '../src/core/canonical.js';
import type { Config, DesiredSet, ImageFields, State } from '../src/core/types.js';
import {
  DEMO_CREDENTIALS,
  generateSeed,
  seedGuid,
  startEmulator,
  type Emulator,
} from '../src/emulator/server.js';
import { FwsyncError } from '../src/errors.js';
import { countImages, listAll, type Caller } from '../src/adapters/finerworks-paging.js';
import { importedFields, liveFields, productLabel, rejectReasons } from '../src/core/live-fields.js';
import { renderImportYaml } from '../src/render/import-yaml.js';
import { liveInputsForPlan, readLive, refreshForPlan } from '../src/use-cases/live-read.js';
import { verifyApplied } from '../src/use-cases/verify.js';
import { whoami } from '../src/use-cases/whoami.js';
import { importAccount } from '../src/use-cases/import.js';
import type { Ports } from '../src/use-cases/ports.js';
import { testPorts } from './support/ports.js';
import { readDesired } from '../src/adapters/image-files.js';
import { parseImagesText } from '../src/adapters/yaml/parse-images.js';
import { readState } from '../src/adapters/state-store.js';
import { planChanges } from '../src/core/plan.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const LIBRARY = { name: 'inventory' as const, site_id: 2 };

let emulator: Emulator;
let api: FinerWorksApi;

function clientFor(url: string, keys = DEMO_CREDENTIALS): FinerWorksApi {
  return createFinerWorksClient({
    baseUrl: url,
    credentials: { webApiKey: keys.webApiKey, appKey: keys.appKey, accountKey: null },
    timeoutMs: 5_000,
    userAgent: 'fwsync/test',
  });
}

function seed() {
  // 120 inventory images (with products on most) and 30 temporary ones that must not appear.
  const inventory = generateSeed(120, { inventoryShare: 1 }).images;
  for (const image of inventory.slice(100)) image.products = [];
  const temporary = Array.from({ length: 30 }, (_, i) => ({
    guid: seedGuid(1000 + i),
    title: `Temporary ${i}`,
    library: 'temporary' as const,
  }));
  return { images: [...inventory, ...temporary] };
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: seed() });
  api = clientFor(emulator.url);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => emulator.reset());

const listBodies = () =>
  emulator.requests
    .filter((r) => r.path.toLowerCase().endsWith('/list_images'))
    .map((r) => r.body as Record<string, unknown>);

describe('whoami', () => {
  it('returns the account name and id from test_my_credentials (GET, no body)', async () => {
    expect(await whoami(api)).toEqual({ name: 'demo-artist', id: 1001 });
    expect(emulator.requests.map((r) => [r.method, r.path, r.rawBody])).toEqual([
      ['GET', '/v3/test_my_credentials', ''],
    ]);
  });

  it('bad credentials become an auth error that names the variables', async () => {
    const bad = clientFor(emulator.url, { webApiKey: 'wrong-key-1234', appKey: 'wrong-key-5678' });
    const error = await whoami(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FwsyncError);
    expect((error as FwsyncError).kind).toBe('auth');
    expect((error as FwsyncError).hint).toContain('FINERWORKS_WEB_API_KEY');
    expect(String((error as FwsyncError).message)).not.toContain('wrong-key');
  });
});

describe('listAll', () => {
  it('pages through the library 50 at a time with every request field and a stable session id', async () => {
    const pages: number[] = [];
    const images = await listAll(api, { library: LIBRARY, onPage: (e) => pages.push(e.read) });
    expect(images).toHaveLength(120);
    expect(new Set(images.map((i) => i.guid)).size).toBe(120);
    expect(images.every((i) => !i.title.startsWith('Temporary'))).toBe(true);
    expect(pages).toEqual([50, 100, 120]);
    const bodies = listBodies();
    expect(bodies).toHaveLength(3);
    bodies.forEach((body, i) => {
      expect(body).toEqual({
        library: { name: 'inventory', session_id: DEFAULT_SESSION_ID, account_key: '', site_id: 2 },
        search_filter: '',
        guid_filter: null,
        page_number: i + 1,
        per_page: 50,
        sort_field: 'id',
        sort_direction: 'ASC',
        upload_date_from: null,
        upload_date_to: null,
        list_products: false,
        active: null,
      });
    });
    expect(emulator.requests.every((r) => r.method === 'POST' && r.headers.web_api_key === 'present')).toBe(
      true,
    );
  });

  it('stops on page × per_page ≥ count without asking for an empty page', async () => {
    emulator.reset({ images: generateSeed(100, { inventoryShare: 1 }).images });
    expect(await listAll(api, { library: LIBRARY })).toHaveLength(100);
    expect(listBodies().map((b) => b.page_number)).toEqual([1, 2]);
  });

  it('filters by guid in chunks of at most 50', async () => {
    const guids = Array.from({ length: 120 }, (_, i) => seedGuid(i + 1).toUpperCase());
    const images = await listAll(api, { library: LIBRARY, guids });
    expect(images).toHaveLength(120);
    const filters = listBodies().map((b) => (b.guid_filter as string[]).length);
    expect(filters).toEqual([50, 50, 20]);
    expect(listBodies().every((b) => b.page_number === 1 && b.per_page === 50)).toBe(true);
  });

  it('refuses a server that never reaches a last page, and one that repeats the same page', async () => {
    let page = 0;
    const endless: FinerWorksApi = {
      ...api,
      listImages: () => {
        page += 1;
        const images = Array.from({ length: 50 }, (_, i) => ({
          id: i,
          guid: seedGuid(page * 100 + i),
          title: 't',
          description: '',
        }));
        return Promise.resolve({
          status: { success: true },
          images,
          page_number: page,
          per_page: 50,
          count: 1e9,
        } as ListImagesResponse);
      },
    };
    await expect(listAll(endless, { library: LIBRARY, maxPages: 7 })).rejects.toThrow(/after 7 pages/);
    expect(page).toBe(7);

    const same: FinerWorksApi = {
      ...api,
      listImages: () => {
        const images = Array.from({ length: 50 }, (_, i) => ({
          id: i,
          guid: seedGuid(i + 1),
          title: 't',
          description: '',
        }));
        return Promise.resolve({
          status: { success: true },
          images,
          page_number: 1,
          per_page: 50,
          count: 500,
        } as ListImagesResponse);
      },
    };
    await expect(listAll(same, { library: LIBRARY })).rejects.toThrow(/ignores page_number/);
  });

  describe('groups of 50 guids, several at once', () => {
    const guids = Array.from({ length: 400 }, (_, i) => seedGuid(400 - i));
    const groupOf = (request: { guid_filter: string[] | null }): number =>
      request.guid_filter === null ? -1 : guids.indexOf(request.guid_filter[0]!) / 50;
    // A client that counts the requests in flight and holds each one: earlier groups longest,
    // so that later groups finish first and the order of the result is really tested.
    const counting = (fail: (group: number) => Error | null = () => null) => {
      const seen = { inFlight: 0, most: 0, atStart: [] as number[] };
      const slow: FinerWorksApi = {
        ...api,
        listImages: async (request, signal) => {
          seen.inFlight += 1;
          seen.atStart.push(seen.inFlight);
          seen.most = Math.max(seen.most, seen.inFlight);
          try {
            const group = groupOf(request);
            await new Promise((resolve) => setTimeout(resolve, group < 0 ? 5 : 70 - 8 * group));
            const error = fail(group);
            if (error) throw error;
            return await api.listImages(request, signal);
          } finally {
            seen.inFlight -= 1;
          }
        },
      };
      return { slow, seen };
    };
    beforeEach(() => emulator.reset({ images: generateSeed(400, { inventoryShare: 1 }).images }));

    it('up to `concurrency` at once, the first group alone, the result in group order', async () => {
      const oneAtATime = await listAll(api, { library: LIBRARY, guids });
      expect(oneAtATime).toHaveLength(400);
      const { slow, seen } = counting();
      const together = await listAll(slow, { library: LIBRARY, guids, concurrency: 3 });
      expect(together).toEqual(oneAtATime);
      expect(seen.atStart).toHaveLength(8);
      // The first group is read before any other starts.
      expect(seen.atStart.slice(0, 2)).toEqual([1, 1]);
      expect(seen.most).toBe(3);
    });

    it('a server that ignores guid_filter is read whole once, by the first group, then refused', async () => {
      const { slow, seen } = counting();
      const ignoring: FinerWorksApi = {
        ...slow,
        listImages: (request, signal) => slow.listImages({ ...request, guid_filter: null }, signal),
      };
      await expect(listAll(ignoring, { library: LIBRARY, guids, concurrency: 3 })).rejects.toThrow(
        /repeated images already read/,
      );
      // The 8 pages of the library one after the other, then the first page of at most three
      // more groups (started together, before the first of them was refused).
      expect(seen.atStart.slice(0, 8)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
      expect(seen.atStart.length).toBeGreaterThan(8);
      expect(seen.atStart.length).toBeLessThanOrEqual(8 + 3);
    });

    it('the first error in time is thrown at once: it ends the retry waits of the other groups', async () => {
      // Group 1 is rate limited for 3 s; group 2's credentials are refused a moment later.
      const { slow, seen } = counting((group) =>
        group === 1
          ? new FinerWorksError('transient', 'busy', { status: 429, retryAfterMs: 3000 })
          : group === 2
            ? new FinerWorksError('auth', 'credentials refused', { status: 401 })
            : null,
      );
      const call: Caller = (attempt, stop) =>
        withRetry((signal) => attempt(signal), {
          ...systemRetry(5, 60_000, Date.now),
          signal: stop ?? new AbortController().signal,
        });
      const started = Date.now();
      const error = await listAll(slow, { library: LIBRARY, guids, concurrency: 2, call }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FwsyncError);
      expect((error as FwsyncError).kind).toBe('auth');
      expect(Date.now() - started).toBeLessThan(2000);
      // Nothing was left in flight, and no group after the failure was started.
      expect(seen.inFlight).toBe(0);
      expect(seen.atStart.length).toBeLessThanOrEqual(3);
    });

    it('a failed group starts no new group and leaves no request in flight', async () => {
      emulator.script({ kind: 'status', status: 400, match: { path: 'list_images', nth: 3 } });
      const { slow, seen } = counting();
      await expect(listAll(slow, { library: LIBRARY, guids, concurrency: 2 })).rejects.toThrow();
      expect(seen.atStart.length).toBeLessThan(8);
      expect(seen.inFlight).toBe(0);
    });

    it('no guids asked for reads nothing; a concurrency that is not a whole number is refused', async () => {
      expect(await listAll(api, { library: LIBRARY, guids: [] })).toEqual([]);
      expect(emulator.requests).toEqual([]);
      for (const concurrency of [0, 1.5, Number.NaN]) {
        await expect(listAll(api, { library: LIBRARY, guids, concurrency })).rejects.toThrow(RangeError);
      }
    });
  });

  it('retries a transient failure through the caller it is given', async () => {
    emulator.script({ kind: 'status', status: 503, match: { path: 'list_images' } });
    let attempts = 0;
    const images = await listAll(api, {
      library: LIBRARY,
      call: async (attempt) => {
        for (;;) {
          attempts += 1;
          try {
            return await attempt();
          } catch (error) {
            if (attempts > 3) throw error;
          }
        }
      },
    });
    expect(images).toHaveLength(120);
    expect(emulator.requests.map((r) => r.status)).toEqual([503, 200, 200, 200]);
  });
});

describe('readLive and liveInputsForPlan', () => {
  it('maps images to managed fields, names products, and lists missing guids', async () => {
    emulator.setImage({ guid: seedGuid(3), rank: 7, active: false, assigned_personal_gallery_ids: [2, 1] });
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    const read = await readLive(api, {
      library: LIBRARY,
      guids: [seedGuid(3), seedGuid(101), seedGuid(1000), unknown],
      listProducts: true,
    });
    expect(read.live.get(seedGuid(3))).toEqual({
      title: 'Image 3',
      description: 'Description of image 3.',
      visible: false,
      rank: 7,
      assigned_personal_gallery_ids: [2, 1],
    });
    expect(read.products.get(seedGuid(3))).toEqual([
      'VI-3-1 (Print 1 of image 3)',
      'VI-3-2 (Print 2 of image 3)',
    ]);
    expect(read.products.has(seedGuid(101))).toBe(false);
    // seedGuid(1000) is in the temporary library: not found in inventory.
    expect(read.missing).toEqual([unknown, seedGuid(1000)].sort());
    expect(listBodies()[0]).toMatchObject({ list_products: true, guid_filter: expect.any(Array) as unknown });
  });

  it('liveInputsForPlan reads every YAML image (skipped files too) and projects onto managed fields', async () => {
    emulator.setImage({ guid: seedGuid(1), title: 'Changed on the website', rank: 3, active: true });
    const applied = (title: string): ImageFields => ({
      title,
      description: `Description of image ${title.split(' ')[1]}.`,
    });
    const state: State = {
      version: 1,
      lineage: '3f0d0000-0000-4000-8000-000000000000',
      serial: 1,
      images: Object.fromEntries(
        [1, 2].map((i) => [
          seedGuid(i),
          {
            applied: applied(`Image ${i}`),
            hash: hashFields(applied(`Image ${i}`)),
            applied_at: 'x',
            source: 'images/b.yaml',
            commit: null,
          },
        ]),
      ),
      files: {},
    };
    const desired: DesiredSet = {
      images: [
        { guid: seedGuid(1), fields: { ...applied('Image 1'), rank: 3 }, file: 'images/a.yaml', line: 3 },
      ],
      files: [
        { path: 'images/a.yaml', hash: 'sha256:a', guids: [seedGuid(1)], skipped: false },
        { path: 'images/b.yaml', hash: 'sha256:b', guids: [seedGuid(2)], skipped: true },
      ],
    };
    const config = { library: LIBRARY, api: { concurrency: 2 } } as Config;
    const result = await liveInputsForPlan(api, { desired, state, config });
    expect([...result.live.keys()].sort()).toEqual([seedGuid(1), seedGuid(2)]);
    // visible is not managed for these images; rank is managed for image 1 only.
    expect(result.live.get(seedGuid(1))).toEqual({
      title: 'Changed on the website',
      description: 'Description of image 1.',
      rank: 3,
    });
    expect(result.live.get(seedGuid(2))).toEqual(applied('Image 2'));
    expect(result.missing).toEqual([]);
    expect(result.products.get(seedGuid(1))).toHaveLength(2);
  });
});

describe('verifyApplied', () => {
  it('reports sent fields the account did not store, and images it cannot read back', async () => {
    const sent = [
      { guid: seedGuid(5), title: 'New title', description: 'New description', visible: false },
      { guid: seedGuid(6), title: 'Kept', description: 'Kept too' },
      { guid: '00000000-0000-4000-8000-0000000000ee', title: 'Ghost', description: '' },
    ];
    await api.updateImages(sent.slice(0, 2));
    // Behind our back the account keeps an older title for image 5.
    emulator.setImage({ guid: seedGuid(5), title: 'Old title' });
    const mismatches = await verifyApplied(api, sent, LIBRARY);
    expect(mismatches).toEqual([
      {
        guid: '00000000-0000-4000-8000-0000000000ee',
        field: 'image',
        sent: '00000000-0000-4000-8000-0000000000ee',
        stored: undefined,
      },
      { guid: seedGuid(5), field: 'title', sent: 'New title', stored: 'Old title' },
    ]);
  });
});

describe('import helpers', () => {
  it('rejects values the schema would reject, never truncating', () => {
    const base = { id: 1, guid: seedGuid(1), description: '' };
    expect(rejectReasons({ ...base, title: 'ok' })).toEqual([]);
    expect(rejectReasons({ ...base, title: '' })).toEqual(['empty title (the YAML needs 1–256 characters)']);
    expect(rejectReasons({ ...base, title: '😀'.repeat(256) })).toEqual([]);
    expect(rejectReasons({ ...base, title: 'x'.repeat(257) })).toEqual([
      'title has 257 characters (at most 256)',
    ]);
    expect(rejectReasons({ ...base, title: 'x', description: 'y'.repeat(10_001) })).toEqual([
      'description has 10001 characters (at most 10000)',
    ]);
  });

  it('writes YAML that the strict reader reads back to the same values, whatever the text', () => {
    const nasty = [
      'yes',
      '0123',
      '~',
      'null',
      '- a: b',
      '#not a comment',
      'line1\nline2\r\n\ttab',
      'quote " and \\ backslash',
      'nel\u0085 ls\u2028 ps\u2029 bom\ufeff rlo\u202e zw\u200b',
      'bell\u0007 del\u007f esc\u001b',
      'emoji 😀 and é',
      '  leading and trailing  ',
      "'single'",
      '%YAML 1.1',
      '&anchor *alias !!tag',
    ];
    const images = nasty.map((text, i) => ({
      guid: seedGuid(i + 1),
      fields: { title: text, description: text },
    }));
    const yaml = renderImportYaml(images, {
      generatedAt: '2026-01-01T00:00:00.000Z',
      schemaRef: '../schemas/images.schema.json',
      version: '0.0.0-test',
    });
    expect(
      yaml.startsWith(
        '# yaml-language-server: $schema=../schemas/images.schema.json\n# Generated by fwsync ',
      ),
    ).toBe(true);
    for (const ch of [
      '\u0085',
      '\u2028',
      '\u2029',
      '\ufeff',
      '\u202e',
      '\u200b',
      '\u0007',
      '\u007f',
      '\u001b',
    ]) {
      expect(yaml.includes(ch), `raw U+${ch.charCodeAt(0).toString(16)}`).toBe(false);
    }
    const parsed = parseImagesText(yaml, 'images/imported.yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.images).toEqual(images.map((i) => ({ guid: i.guid, ...i.fields })));
    expect(parsed.imageLines).toEqual(images.map((_, i) => 6 + i * 3));
  });

  it('import takes every reported field, and leaves out (and names) optional values the schema rejects', () => {
    const base = { id: 1, guid: 'g', title: 't', description: 'd' };
    expect(
      importedFields({
        ...base,
        active: false,
        rank: 0,
        assigned_personal_gallery_ids: [4, 2],
        assigned_gallery_subcategory_ids: [],
      }),
    ).toEqual({
      fields: {
        title: 't',
        description: 'd',
        visible: false,
        rank: 0,
        assigned_personal_gallery_ids: [4, 2],
        assigned_gallery_subcategory_ids: [],
      },
      leftOut: [],
    });
    expect(
      importedFields({
        ...base,
        active: true,
        rank: -1,
        assigned_personal_gallery_ids: [4, 4],
        assigned_gallery_subcategory_ids: [-3],
      }),
    ).toEqual({
      fields: { title: 't', description: 'd', visible: true },
      leftOut: [
        'rank -1 (the YAML needs 0–2147483647)',
        'assigned_personal_gallery_ids (a repeated id)',
        'assigned_gallery_subcategory_ids (an id below 0 or above 2^53−1)',
      ],
    });
  });

  it('counts a library with one read of one image, or says it cannot', async () => {
    const answering = (response: Partial<ListImagesResponse>): FinerWorksApi =>
      ({ listImages: () => Promise.resolve(response) }) as unknown as FinerWorksApi;
    const library = { name: 'temporary' as const, site_id: 2 };
    expect(await countImages(answering({ images: [], count: 17 }), { library })).toBe(17);
    expect(await countImages(answering({ images: [] }), { library })).toBe(0);
    expect(
      await countImages(answering({ images: [{ id: 1, guid: 'g', title: 't', description: '' }] }), {
        library,
      }),
    ).toBeNull();
    // Against the emulator: the 30 temporary images, asked for one at a time.
    const mark = emulator.requests.length;
    expect(await countImages(api, { library })).toBe(30);
    expect(emulator.requests.slice(mark).map((r) => (r.body as { per_page: number }).per_page)).toEqual([1]);
  });

  it('maps API images and product labels', () => {
    expect(liveFields({ id: 1, guid: 'g', title: 't', description: null as unknown as string })).toEqual({
      title: 't',
      description: '',
    });
    expect(productLabel({ sku: 'S', name: 'N' })).toBe('S (N)');
    expect(productLabel({ product_code: 'P' })).toBe('P');
    expect(productLabel({ name: 'N' })).toBe('N');
    expect(productLabel({})).toBe('unnamed product');
  });
});

describe('importAccount → liveInputsForPlan → planChanges, in process', () => {
  let cwd: string;
  const logs: string[] = [];
  const deps = (): Ports =>
    testPorts({
      cwd,
      api,
      now: () => new Date('2026-11-27T10:00:00.000Z'),
      log: { info: (m) => logs.push(m), warn: (m) => logs.push(`warn: ${m}`), verbose: () => undefined },
    });
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'fwsync-live-'));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('import gives a state and YAML whose refreshed plan is empty; drift and missing images show up', async () => {
    const result = await importAccount(deps(), { out: 'images/imported.yaml', force: false });
    expect(result).toEqual({
      file: 'images/imported.yaml',
      statePath: '.fwsync/state.json',
      imported: 120,
      rejected: [],
      library: 'inventory',
      other: { library: 'temporary', count: 30 },
    });
    expect(logs.filter((l) => l.startsWith('import: page'))).toEqual([
      'import: page 1: 50 of 120 images read',
      'import: page 2: 100 of 120 images read',
      'import: page 3: 120 of 120 images read',
    ]);
    const yaml = await readFile(path.join(cwd, 'images/imported.yaml'), 'utf8');
    expect(yaml).toContain('at 2026-11-27T10:00:00.000Z');
    const { state } = await readState(path.join(cwd, '.fwsync/state.json'));
    expect(state?.serial).toBe(1);
    expect(state?.images[seedGuid(1)]?.applied_at).toBe('2026-11-27T10:00:00.000Z');

    // Parse every file (as --refresh should), read live, plan: nothing to do.
    const full = await readDesired({ cwd, patterns: ['images/**/*.yaml'], stateFiles: null });
    expect(full.issues).toEqual([]);
    const config = { library: LIBRARY, api: { concurrency: 2 } } as Config;
    const first = await liveInputsForPlan(api, { desired: full.desired, state, config });
    expect(first.missing).toEqual([]);
    expect(planChanges({ desired: full.desired, state, maxChangePercent: 30, ...first }).changes).toEqual([]);
    // Skipping the file thanks to the state's files entry gives the same answer.
    const incremental = await readDesired({
      cwd,
      patterns: ['images/**/*.yaml'],
      stateFiles: state?.files ?? null,
    });
    expect(incremental.desired.files[0]?.skipped).toBe(true);

    emulator.setImage({ guid: seedGuid(2), title: 'Changed on the website' });
    await writeFile(
      path.join(cwd, 'images/extra.yaml'),
      'version: 1\nimages:\n  - guid: 0000dead-0000-4000-8000-000000000001\n    title: Nowhere\n    description: ""\n',
    );
    const again = await readDesired({ cwd, patterns: ['images/**/*.yaml'], stateFiles: null });
    const second = await liveInputsForPlan(api, { desired: again.desired, state, config });
    expect(second.missing).toEqual(['0000dead-0000-4000-8000-000000000001']);
    const plan = planChanges({ desired: again.desired, state, maxChangePercent: 30, ...second });
    const drifted = plan.changes.filter((c) => c.drifted);
    expect(drifted.map((c) => [c.guid, c.kind, c.fields])).toEqual([
      [seedGuid(2), 'update', [{ field: 'title', before: 'Changed on the website', after: 'Image 2' }]],
    ]);
    expect(drifted[0]?.products).toEqual(['VI-2-1 (Print 1 of image 2)', 'VI-2-2 (Print 2 of image 2)']);
  });

  it('refuses to overwrite without force, and with force continues the state history', async () => {
    const before = await readFile(path.join(cwd, '.fwsync/state.json'), 'utf8');
    await expect(importAccount(deps(), { out: 'images/imported.yaml', force: false })).rejects.toThrow(
      /import would overwrite images\/imported\.yaml and \.fwsync\/state\.json/,
    );
    expect(await readFile(path.join(cwd, '.fwsync/state.json'), 'utf8')).toBe(before);
    const { state: old } = await readState(path.join(cwd, '.fwsync/state.json'));
    await rm(path.join(cwd, 'images/extra.yaml'));
    emulator.setImage({ guid: seedGuid(2), title: 'Changed on the website' });
    await importAccount(deps(), { out: 'images/imported.yaml', force: true });
    const { state } = await readState(path.join(cwd, '.fwsync/state.json'));
    expect(state?.lineage).toBe(old?.lineage);
    expect(state?.serial).toBe((old?.serial ?? 0) + 1);
    expect(state?.images[seedGuid(2)]?.applied.title).toBe('Changed on the website');
  });

  it('refreshForPlan parses every file, projects live values, and refuses missing images with exit 1', async () => {
    const { state } = await readState(path.join(cwd, '.fwsync/state.json'));
    const config = {
      library: LIBRARY,
      images: ['images/**/*.yaml'],
      api: { max_attempts: 2, concurrency: 2 },
    } as Config;
    emulator.setImage({ guid: seedGuid(9), description: 'Changed' });
    const refreshed = await refreshForPlan(deps(), { config, state });
    expect(refreshed.desired.files.map((f) => f.skipped)).toEqual([false]);
    const plan = planChanges({ state, maxChangePercent: 30, ...refreshed });
    // Image 2 was re-imported while renamed and is back to its seed title after the reset.
    expect(plan.changes.map((c) => [c.guid, c.kind, c.drifted, c.line])).toEqual([
      [seedGuid(2), 'update', true, 10],
      [seedGuid(9), 'update', true, 38],
    ]);

    await writeFile(
      path.join(cwd, 'images/extra.yaml'),
      'version: 1\nimages:\n  - guid: 0000dead-0000-4000-8000-000000000001\n    title: Nowhere\n    description: ""\n',
    );
    const error = await refreshForPlan(deps(), { config, state }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FwsyncError);
    expect((error as FwsyncError).kind).toBe('input');
    expect((error as FwsyncError).message).toContain('0000dead-0000-4000-8000-000000000001');
    expect(emulator.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });
});
