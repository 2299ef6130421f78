// The live-reading commands (whoami, import, drift, plan --refresh) driven through the built CLI
// as a real process, against the emulator over loopback HTTP.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_CREDENTIALS,
  generateSeed,
  loadSeedFile,
  seedGuid,
  startEmulator,
  type Emulator,
  type RecordedRequest,
} from '../src/emulator/server.js';
import { runCli, startCli } from './support/cli.js';
import { waitFor } from './support/repo.js';
import { readState } from '../src/adapters/state-store.js';

const TOTAL = 250;
const BAD_WEB_KEY = 'badbad00-1111-4222-8333-444455556666';
const BAD_APP_KEY = 'badbad00-7777-4888-9999-aaaabbbbcccc';

let emulator: Emulator;
const dirs: string[] = [];

function seed() {
  // 250 images in the inventory library, most with virtual products, and some temporary
  // images that import must not pick up.
  const inventory = generateSeed(TOTAL, { inventoryShare: 1 }).images;
  for (const image of inventory.filter((_, i) => i % 5 === 0)) image.products = [];
  const temporary = Array.from({ length: 12 }, (_, i) => ({
    guid: seedGuid(5000 + i),
    title: `Temp ${i}`,
    library: 'temporary' as const,
  }));
  return { images: [...inventory, ...temporary] };
}

function env(keys: { webApiKey: string; appKey: string } = DEMO_CREDENTIALS) {
  return {
    FINERWORKS_API_URL: emulator.url,
    FINERWORKS_WEB_API_KEY: keys.webApiKey,
    FINERWORKS_APP_KEY: keys.appKey,
  };
}

async function repo(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-e2e-live-'));
  dirs.push(dir);
  return dir;
}

const fw = (cwd: string, args: string[], keys?: { webApiKey: string; appKey: string }) =>
  runCli(args, { cwd, env: env(keys) });

const LIST_FIELDS = [
  'library',
  'search_filter',
  'guid_filter',
  'page_number',
  'per_page',
  'sort_field',
  'sort_direction',
  'upload_date_from',
  'upload_date_to',
  'list_products',
  'active',
].sort();

/** Every read in the log has the shape of docs/finerworks-api.md (list_images and test_my_credentials). */
function expectDocumentedReads(requests: RecordedRequest[]): void {
  for (const r of requests) {
    const route = r.path.toLowerCase();
    if (route === '/v3/test_my_credentials') {
      expect(r.method).toBe('GET');
      expect(r.rawBody).toBe('');
    } else if (route === '/v3/list_images') {
      expect(r.method).toBe('POST');
      expect(r.headers.content_type).toMatch(/^application\/json/);
      const body = r.body as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(LIST_FIELDS);
      const library = body.library as Record<string, unknown>;
      expect(Object.keys(library).sort()).toEqual(['account_key', 'name', 'session_id', 'site_id']);
      expect(library).toMatchObject({ name: 'inventory', site_id: 2 });
      expect(String(library.session_id).length).toBeGreaterThanOrEqual(8);
      expect(body.per_page).toBe(50);
      expect(body).toMatchObject({
        search_filter: '',
        sort_field: 'id',
        sort_direction: 'ASC',
        active: null,
      });
      if (body.guid_filter !== null) expect((body.guid_filter as string[]).length).toBeLessThanOrEqual(50);
    } else {
      throw new Error(`unexpected request ${r.method} ${r.path}`);
    }
    expect(r.headers.web_api_key).toBe('present');
    expect(r.headers.app_key).toBe('present');
  }
}

const puts = () => emulator.requests.filter((r) => r.method === 'PUT');

beforeAll(async () => {
  if (!existsSync(path.resolve('dist/cli.js')))
    throw new Error('dist/cli.js is missing: run `npm run build` first');
  emulator = await startEmulator({ seed: seed() });
});
afterAll(async () => {
  await emulator.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('whoami', () => {
  beforeEach(() => emulator.reset());

  it('prints the account name and never a key', async () => {
    const r = await fw(await repo(), ['whoami']);
    expect(r.code).toBe(0);
    // execa strips the final newline.
    expect(r.stdout).toBe('Authenticated as demo-artist (account 1001)');
    expect(r.stdout + r.stderr).not.toContain(DEMO_CREDENTIALS.webApiKey);
    expect(emulator.requests).toHaveLength(1);
    expectDocumentedReads(emulator.requests);
  });

  it('bad credentials: exit 1, the message names the variables, no key printed, nothing sent', async () => {
    const cwd = await repo();
    for (const args of [['whoami'], ['import']]) {
      emulator.reset();
      const r = await fw(cwd, args, { webApiKey: BAD_WEB_KEY, appKey: BAD_APP_KEY });
      const output = r.stdout + r.stderr;
      expect(r.code, `${args[0]}: ${output}`).toBe(1);
      expect(output).toContain('FINERWORKS_WEB_API_KEY');
      expect(output).toContain('FINERWORKS_APP_KEY');
      for (const key of [BAD_WEB_KEY, BAD_APP_KEY, Buffer.from(BAD_WEB_KEY).toString('base64')])
        expect(output).not.toContain(key);
      expect(output).not.toMatch(/\n\s+at /); // no stack trace
      expect(puts()).toEqual([]);
    }
  });

  it('missing credentials: exit 1 naming the variables, no request', async () => {
    emulator.reset();
    const r = await runCli(['whoami'], { cwd: await repo(), env: { FINERWORKS_API_URL: emulator.url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FINERWORKS_WEB_API_KEY');
    expect(emulator.requests).toEqual([]);
  });
});

describe('import, plan, drift on a 250-image account', () => {
  let cwd: string;
  const file = () => path.join(cwd, 'images', 'imported.yaml');

  beforeAll(async () => {
    emulator.reset();
    cwd = await repo();
  });

  it('import pages through list_images and writes YAML and a matching state', async () => {
    const r = await fw(cwd, ['import']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `Imported ${TOTAL} images in library inventory into images/imported.yaml and wrote .fwsync/state.json; ` +
        '12 more in library temporary are not managed (library.name in the config chooses).',
    );
    expect(r.stderr).toContain('page 5');

    // Five pages of the inventory library, then one image of the other library for its count.
    const count = emulator.requests.at(-1)!;
    expect(count.body).toMatchObject({ library: { name: 'temporary' }, per_page: 1, page_number: 1 });
    const lists = emulator.requests.slice(0, -1);
    expect(lists).toHaveLength(5);
    expectDocumentedReads(lists);
    const bodies = lists.map((q) => q.body as Record<string, unknown>);
    expect(bodies.map((b) => b.page_number)).toEqual([1, 2, 3, 4, 5]);
    expect(bodies.every((b) => b.guid_filter === null && b.list_products === true)).toBe(true);
    const sessions = new Set(bodies.map((b) => (b.library as Record<string, unknown>).session_id));
    expect(sessions.size).toBe(1);
    expect(puts()).toEqual([]);

    const yaml = await readFile(file(), 'utf8');
    expect(yaml).toMatch(
      /^# yaml-language-server: \$schema=\S+\n# Generated by fwsync \S+ \(fwsync import\) at \d{4}-/,
    );
    expect(yaml.match(/^ {2}- guid: /gm)).toHaveLength(TOTAL);
    expect(yaml).not.toContain('Temp ');
    const state = (await readState(path.join(cwd, '.fwsync', 'state.json'))).state as {
      serial: number;
      images: Record<string, { applied: unknown; source: string }>;
      files: Record<string, { guids: string[] }>;
    };
    expect(Object.keys(state.images)).toHaveLength(TOTAL);
    expect(state.images[seedGuid(7)]).toMatchObject({
      applied: { title: 'Image 7', description: 'Description of image 7.' },
      source: 'images/imported.yaml',
    });
    expect(state.files['images/imported.yaml']?.guids).toHaveLength(TOTAL);
  });

  it('the next plan shows no changes (exit 0 with --detailed-exitcode) and sends nothing', async () => {
    emulator.reset();
    const r = await fw(cwd, ['plan', '--detailed-exitcode']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('No changes');
    expect(emulator.requests).toEqual([]);
  });

  it('import refuses to overwrite the file or the state without --force', async () => {
    emulator.reset();
    const before = await readFile(file(), 'utf8');
    const r = await fw(cwd, ['import']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('images/imported.yaml');
    expect(r.stderr).toContain('--force');
    expect(emulator.requests).toEqual([]);
    expect(await readFile(file(), 'utf8')).toBe(before);
  });

  it('editing one title gives exactly that update', async () => {
    const yaml = await readFile(file(), 'utf8');
    await writeFile(file(), yaml.replace('title: "Image 7"\n', 'title: "Image 7, edited"\n'));
    const r = await fw(cwd, ['plan', '--detailed-exitcode', '--format', 'json']);
    expect(r.code, r.stderr).toBe(2);
    const plan = JSON.parse(r.stdout) as {
      changes: Array<{ guid: string; kind: string; fields: unknown[] }>;
    };
    expect(plan.changes).toEqual([
      expect.objectContaining({
        guid: seedGuid(7),
        kind: 'update',
        fields: [{ field: 'title', before: 'Image 7', after: 'Image 7, edited' }],
      }),
    ]);
    // Read against the account, the plan names the virtual inventory products the update would
    // remove (image 7 is in the inventory library with two of them), and sends nothing.
    const mark = emulator.requests.length;
    const refreshed = await fw(cwd, ['plan', '--refresh']);
    expect(refreshed.code, refreshed.stderr).toBe(0);
    // Those reads have the documented shape, and one of them asked for the products.
    const reads = emulator.requests.slice(mark);
    expectDocumentedReads(reads);
    expect(reads.some((q) => (q.body as { list_products?: unknown }).list_products === true)).toBe(true);
    expect(refreshed.stdout).toMatch(/virtual inventory products that may be removed: VI-7-1 .*VI-7-2/);
    expect(refreshed.stdout).toContain(
      `1 image this plan sends has virtual inventory products: ${seedGuid(7)}`,
    );
    expect(puts()).toEqual([]);
  });

  it('drift reports exactly the fields changed behind fwsync and exits 2', async () => {
    emulator.reset();
    emulator.setImage({ guid: seedGuid(9), description: 'Changed on the website' });
    emulator.setImage({ guid: seedGuid(42), title: 'Renamed on the website' });
    const r = await fw(cwd, ['drift', '--format', 'json']);
    expect(r.code, r.stderr).toBe(2);
    const report = JSON.parse(r.stdout) as {
      drift: boolean;
      summary: Record<string, number>;
      images: Array<{ guid: string; status: string; fields: Array<Record<string, unknown>> }>;
    };
    expect(report.drift).toBe(true);
    expect(report.summary).toEqual({
      checked: TOTAL,
      in_sync: TOTAL - 3,
      drifted: 2,
      pending: 1,
      missing: 0,
    });
    const drifted = report.images.filter((i) => i.status === 'drifted');
    expect(drifted.map((i) => [i.guid, i.fields])).toEqual([
      [
        seedGuid(9),
        [
          {
            field: 'description',
            live: 'Changed on the website',
            applied: 'Description of image 9.',
            desired: 'Description of image 9.',
            outside: true,
            pending: true,
          },
        ],
      ],
      [
        seedGuid(42),
        [
          {
            field: 'title',
            live: 'Renamed on the website',
            applied: 'Image 42',
            desired: 'Image 42',
            outside: true,
            pending: true,
          },
        ],
      ],
    ]);
    // The edited but unapplied title is pending, not drift.
    expect(report.images.find((i) => i.status === 'pending')?.guid).toBe(seedGuid(7));

    // Read with guid_filter, at most 50 per request: 250 guids in 5 requests.
    expectDocumentedReads(emulator.requests);
    const filters = emulator.requests.map(
      (q) => ((q.body as Record<string, unknown>).guid_filter as string[]).length,
    );
    expect(filters).toEqual([50, 50, 50, 50, 50]);
    expect(puts()).toEqual([]);

    const text = await fw(cwd, ['drift']);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`! drifted ${seedGuid(9)} (images/imported.yaml:`);
    expect(text.stdout).toContain(
      'description: live "Changed on the website", last applied "Description of image 9."',
    );
    const md = await fw(cwd, ['drift', '--format', 'markdown']);
    expect(md.code).toBe(2);
    expect(md.stdout).toContain('### fwsync drift');
  });

  it('drift exits 0 when the account matches the state', async () => {
    emulator.reset();
    const r = await fw(cwd, ['drift']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('No drift');
  });

  it('drift with bad credentials: exit 1 naming the variables, no key printed, nothing sent', async () => {
    emulator.reset();
    const r = await fw(cwd, ['drift'], { webApiKey: BAD_WEB_KEY, appKey: BAD_APP_KEY });
    const output = r.stdout + r.stderr;
    expect(r.code, output).toBe(1);
    expect(output).toContain('FINERWORKS_WEB_API_KEY');
    expect(output).not.toContain(BAD_WEB_KEY);
    expect(output).not.toContain(BAD_APP_KEY);
    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(puts()).toEqual([]);
  });

  it('plan --refresh with bad credentials: exit 1 naming the variables, no key printed, nothing sent', async () => {
    emulator.reset();
    const r = await fw(cwd, ['plan', '--refresh'], { webApiKey: BAD_WEB_KEY, appKey: BAD_APP_KEY });
    const output = r.stdout + r.stderr;
    expect(r.code, output).toBe(1);
    expect(output).toContain('FINERWORKS_WEB_API_KEY');
    expect(output).not.toContain(BAD_WEB_KEY);
    expect(output).not.toContain(BAD_APP_KEY);
    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(puts()).toEqual([]);
  });

  it('plan --refresh with an image missing on the account: exit 1, nothing sent', async () => {
    emulator.reset();
    await writeFile(
      path.join(cwd, 'images', 'extra.yaml'),
      'version: 1\nimages:\n  - guid: 0000dead-0000-4000-8000-000000000001\n    title: Not on the account\n    description: ""\n',
    );
    const plan = await fw(cwd, ['plan', '--refresh']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(1);
    expect(plan.stderr).toContain('0000dead-0000-4000-8000-000000000001');
    const apply = await fw(cwd, ['apply', '--yes', '--refresh']);
    expect(apply.code, apply.stdout + apply.stderr).toBe(1);
    expect(apply.stderr).toContain('0000dead-0000-4000-8000-000000000001');
    expect(puts()).toEqual([]);
    expectDocumentedReads(emulator.requests);
  });
});

describe('apply --verify', () => {
  it('reports a field the account did not store as sent, and the apply still succeeds', async () => {
    emulator.reset();
    const cwd = await repo();
    expect((await fw(cwd, ['import'])).code).toBe(0);
    const file = path.join(cwd, 'images', 'imported.yaml');
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, yaml.replace('title: "Image 11"\n', 'title: "Image 11, edited"\n'));
    // The read-back is held while the account changes the title behind the update's back.
    // (The first list_images is the read before sending; the second is the read-back.)
    emulator.script({ kind: 'delay', ms: 1500, match: { path: 'list_images', nth: 2 } });
    const mark = emulator.requests.length;
    const child = startCli(['apply', '--yes', '--verify'], { cwd, env: env() });
    await waitFor(
      'the read-back after the update',
      () =>
        emulator.requests.slice(mark).filter((q) => /list_images$/i.test(q.path)).length === 2 &&
        emulator.requests.slice(mark).some((q) => q.method === 'PUT'),
    );
    emulator.setImage({ guid: seedGuid(11), title: 'Stored otherwise' });
    const r = await child;
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stderr)).toContain(
      `verify: ${seedGuid(11)} title was sent as "Image 11, edited" but the account reports "Stored otherwise"`,
    );
    const sent = emulator.requests.slice(mark).filter((q) => q.method === 'PUT');
    expect(sent.flatMap((q) => (q.body as { images: { guid: string }[] }).images.map((i) => i.guid))).toEqual(
      [seedGuid(11)],
    );
    expectDocumentedReads(emulator.requests.slice(mark).filter((q) => q.method !== 'PUT'));
  });
});

describe('import with values the schema would reject (fixtures/live/awkward-values.json)', () => {
  it('reports them by guid and reason, leaves them out of the file and the state, and the next plan is empty', async () => {
    emulator.reset(await loadSeedFile(path.resolve('fixtures/live/awkward-values.json')));
    const cwd = await repo();
    const r = await fw(cwd, ['import', '--out', 'images/all.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Imported 4 images in library inventory into images/all.yaml');
    expect(r.stderr).toContain(`${seedGuid(2)}: title has 300 characters (at most 256)`);
    expect(r.stderr).toContain(`${seedGuid(3)}: empty title`);
    expect(r.stderr).toContain(`${seedGuid(4)}: description has 10001 characters (at most 10000)`);
    const yaml = await readFile(path.join(cwd, 'images', 'all.yaml'), 'utf8');
    expect(yaml).not.toContain(seedGuid(2));
    expect(yaml).not.toContain('xxxxxxxxxx');
    expect(yaml).not.toContain(seedGuid(8)); // the temporary library is not imported
    const state = (await readState(path.join(cwd, '.fwsync', 'state.json'))).state as {
      images: object;
    };
    expect(Object.keys(state.images).sort()).toEqual([1, 5, 6, 7].map(seedGuid));

    const plan = await fw(cwd, ['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    // The awkward values read back exactly: no drift, and with the file parsed for real (no
    // state to skip it) every image's live value equals its YAML.
    const drift = await fw(cwd, ['drift', '--format', 'json']);
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    await rm(path.join(cwd, '.fwsync', 'state.json'));
    const refresh = await fw(cwd, ['plan', '--refresh', '--format', 'json']);
    expect(refresh.code, refresh.stderr).toBe(0);
    const kinds = (JSON.parse(refresh.stdout) as { changes: Array<{ kind: string }> }).changes.map(
      (c) => c.kind,
    );
    expect(kinds).toEqual(['record', 'record', 'record', 'record']);
    expect(puts()).toEqual([]);
    // Applied with --refresh, those records are written to the state without sending anything.
    const applied = await fw(cwd, ['apply', '--yes', '--refresh']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(puts()).toEqual([]);
    const recorded = (await readState(path.join(cwd, '.fwsync', 'state.json'))).state as {
      images: object;
    };
    expect(Object.keys(recorded.images).sort()).toEqual([1, 5, 6, 7].map(seedGuid));
  });

  it('refuses an --out the image globs do not match, before reading the account', async () => {
    emulator.reset();
    const r = await fw(await repo(), ['import', '--out', 'elsewhere/images.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not matched by the image globs');
    expect(emulator.requests).toEqual([]);
  });
});
