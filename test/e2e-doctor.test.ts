// `fwsync doctor` driven through the built CLI as a real process against one shared emulator:
// for every behaviour the emulator can play, `doctor --probe-image` finds that answer and leaves
// the image with its original values (also after SIGKILL and a re-run, and after Ctrl-C); plain
// `doctor` sends no update.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiProfile, ProfileFindings } from '../src/core/api-profile.js';
import {
  DEMO_CREDENTIALS,
  startEmulator,
  type Emulator,
  type EmulatorBehaviour,
  type SeedImage,
} from '../src/emulator/server.js';
import { runCli, startCli } from './support/cli.js';
import { waitFor } from './support/repo.js';
import { readState } from '../src/adapters/state-store.js';

const PROBE = 'd0c70000-0000-4000-8000-000000000001';
const WITH_PRODUCTS = 'd0c70000-0000-4000-8000-000000000002';
const OTHER = 'd0c70000-0000-4000-8000-000000000003';

const SEED: { images: SeedImage[] } = {
  images: [
    {
      guid: PROBE,
      title: 'Throw-away',
      description: 'Original description.',
      rank: 3,
      assigned_personal_gallery_ids: [4, 5],
      assigned_gallery_subcategory_ids: [7],
      products: [],
    },
    {
      guid: WITH_PRODUCTS,
      title: 'With products',
      description: 'Has prints.',
      products: [{ sku: 'VI-1', name: 'Print' }],
    },
    { guid: OTHER, title: 'Other', description: 'Another image.', products: [] },
  ],
};

/** What the probe must leave as it found it. */
function ownValues(emulator: Emulator, guid: string) {
  const image = emulator.getImage(guid)!;
  return {
    title: image.title,
    description: image.description,
    active: image.active,
    rank: image.rank,
    assigned_personal_gallery_ids: image.assigned_personal_gallery_ids,
    assigned_gallery_subcategory_ids: image.assigned_gallery_subcategory_ids,
  };
}

let emulator: Emulator;
let original: ReturnType<typeof ownValues>;
const dirs: string[] = [];

const env = () => ({
  FINERWORKS_API_URL: emulator.url,
  FINERWORKS_WEB_API_KEY: DEMO_CREDENTIALS.webApiKey,
  FINERWORKS_APP_KEY: DEMO_CREDENTIALS.appKey,
});

async function repo(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-e2e-doctor-'));
  dirs.push(dir);
  return dir;
}

async function profileIn(dir: string): Promise<ApiProfile> {
  return JSON.parse(await readFile(path.join(dir, '.fwsync', 'api-profile.json'), 'utf8')) as ApiProfile;
}

const journalIn = (dir: string) => path.join(dir, '.fwsync', 'doctor.journal');
const updates = () => emulator.requests.filter((r) => r.path.toLowerCase() === '/v3/update_images');

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED });
  original = ownValues(emulator, PROBE);
});

beforeEach(() => {
  emulator.reset();
  emulator.setBehaviour({});
});

afterAll(async () => {
  await emulator.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const DEFAULT_FINDINGS: ProfileFindings = {
  partial_update: 'keeps',
  empty_description: 'stored',
  optional_fields: {
    visible: 'accepted',
    rank: 'accepted',
    assigned_personal_gallery_ids: 'accepted',
    assigned_gallery_subcategory_ids: 'accepted',
  },
  products: 'untested',
  unknown_guid: { answer: 'success-false', rest_applied: false },
  max_batch: { accepted: 25, limit_found: false, tried_up_to: 25 },
};

const allOptional = (answer: 'ignored' | 'rejected') => ({
  visible: answer,
  rank: answer,
  assigned_personal_gallery_ids: answer,
  assigned_gallery_subcategory_ids: answer,
});

const CASES: Array<{
  name: string;
  behaviour: Partial<EmulatorBehaviour>;
  image?: string;
  expected: Partial<ProfileFindings>;
}> = [
  { name: 'the defaults', behaviour: {}, expected: {} },
  { name: 'partial=clear', behaviour: { partial: 'clear' }, expected: { partial_update: 'clears' } },
  {
    name: 'empty-description=ignore',
    behaviour: { emptyDescription: 'ignore' },
    expected: { empty_description: 'ignored' },
  },
  {
    name: 'empty-description=reject',
    behaviour: { emptyDescription: 'reject' },
    expected: { empty_description: 'rejected' },
  },
  {
    name: 'optional=ignore',
    behaviour: { optional: 'ignore' },
    expected: { optional_fields: allOptional('ignored') },
  },
  {
    name: 'optional=reject',
    behaviour: { optional: 'reject' },
    expected: { optional_fields: allOptional('rejected') },
  },
  {
    name: 'products=remove',
    behaviour: {},
    image: WITH_PRODUCTS,
    expected: { products: 'removed' },
  },
  {
    name: 'products=keep',
    behaviour: { products: 'keep' },
    image: WITH_PRODUCTS,
    expected: { products: 'kept' },
  },
  {
    name: 'unknown-guid=silent',
    behaviour: { unknownGuid: 'silent' },
    expected: { unknown_guid: { answer: 'silent', rest_applied: true } },
  },
  {
    name: 'unknown-guid=http-400',
    behaviour: { unknownGuid: 'http-400' },
    expected: { unknown_guid: { answer: 'http-error', rest_applied: false } },
  },
  {
    name: 'max-batch=10',
    behaviour: { maxBatch: 10 },
    expected: { max_batch: { accepted: 10, limit_found: true, tried_up_to: 16 } },
  },
];

describe('fwsync doctor --probe-image', () => {
  it.each(CASES)('finds $name and restores the image', async ({ behaviour, image = PROBE, expected }) => {
    emulator.setBehaviour(behaviour);
    const before = ownValues(emulator, image);
    const dir = await repo();
    const args = ['doctor', '--probe-image', image, '--yes', '--format', 'json'];
    if (image === WITH_PRODUCTS) args.push('--allow-product-removal');
    const r = await runCli(args, { cwd: dir, env: env() });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code, r.stderr).toBe(0);

    const profile = await profileIn(dir);
    const findings: ProfileFindings = { ...DEFAULT_FINDINGS, ...expected };
    if (image === WITH_PRODUCTS) {
      // No rank and no galleries on this image: those cannot be changed back, so stay untested.
      findings.optional_fields = { ...findings.optional_fields, rank: 'untested' };
      findings.optional_fields.assigned_personal_gallery_ids = 'untested';
      findings.optional_fields.assigned_gallery_subcategory_ids = 'untested';
    }
    expect(profile.findings).toEqual(findings);
    expect(profile).toMatchObject({ version: 1, image, base_url: emulator.url, library: 'inventory' });
    const report = JSON.parse(r.stdout) as { checks: Array<{ key: string; verdict: string }> };
    expect(report.checks).toContainEqual(expect.objectContaining({ key: 'restore', verdict: 'ok' }));

    expect(ownValues(emulator, image)).toEqual(before);
    expect(existsSync(journalIn(dir))).toBe(false);
  });

  it('refuses an image with products without --allow-product-removal, and without --yes off a terminal', async () => {
    const dir = await repo();
    const products = await runCli(['doctor', '--probe-image', WITH_PRODUCTS, '--yes'], {
      cwd: dir,
      env: env(),
    });
    expect(products.code).toBe(3);
    expect(products.stderr).toMatch(/1 virtual inventory product.*--allow-product-removal/s);
    const unconfirmed = await runCli(['doctor', '--probe-image', PROBE], { cwd: dir, env: env() });
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toMatch(/--yes/);
    expect(updates()).toHaveLength(0);
  });

  it('restores the image when killed midway and run again', async () => {
    const dir = await repo();
    // The third update never gets an answer: the process is killed while waiting for it.
    emulator.script({ kind: 'hang', match: { path: 'update_images', nth: 3 } });
    const run = startCli(['doctor', '--probe-image', PROBE, '--yes'], { cwd: dir, env: env() });
    await waitFor('the third update', () => updates().length >= 3);
    expect(existsSync(journalIn(dir))).toBe(true);
    run.kill('SIGKILL');
    await run;
    expect(emulator.getImage(PROBE)!.title).not.toBe(original.title);

    // Plain doctor says so and changes nothing.
    const check = await runCli(['doctor'], { cwd: dir, env: env() });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`fwsync doctor --probe-image ${PROBE}`);

    const again = await runCli(['doctor', '--probe-image', PROBE, '--yes'], { cwd: dir, env: env() });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/interrupted; restoring its original values first/);
    expect(again.stdout).toMatch(/restored image .* from an interrupted probe/);
    expect(ownValues(emulator, PROBE)).toEqual(original);
    expect(existsSync(journalIn(dir))).toBe(false);
  });

  it('restores the image on Ctrl-C and exits 130', async () => {
    const dir = await repo();
    emulator.script({ kind: 'hang', match: { path: 'update_images', nth: 4 } });
    const run = startCli(['doctor', '--probe-image', PROBE, '--yes'], { cwd: dir, env: env() });
    await waitFor('the fourth update', () => updates().length >= 4);
    run.kill('SIGINT');
    const r = await run;
    expect(r.exitCode).toBe(130);
    expect(String(r.stderr)).toMatch(/restoring the image's original values/);
    expect(ownValues(emulator, PROBE)).toEqual(original);
    expect(existsSync(journalIn(dir))).toBe(false);
  });
});

describe('fwsync doctor', () => {
  it('checks keys, host, library, paging and drift without sending an update', async () => {
    const dir = await repo();
    const imported = await runCli(['import'], { cwd: dir, env: env() });
    expect(imported.code, imported.stderr).toBe(0);
    // Changed on FinerWorks behind fwsync's back: the drift line says so.
    emulator.setImage({ guid: OTHER, title: 'Changed outside' });

    const r = await runCli(['doctor', '--format', 'json'], { cwd: dir, env: env() });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      verdict: string;
      checks: Array<{ key: string; verdict: string; text: string }>;
    };
    const line = (key: string) => report.checks.find((c) => c.key === key);
    expect(line('credentials')?.verdict).toBe('ok');
    expect(line('credentials')?.text).toContain('demo-artist');
    expect(line('host')?.verdict).toBe('note');
    expect(line('host')?.text).toContain('not a FinerWorks host');
    expect(line('library')).toMatchObject({
      verdict: 'ok',
      text: '3 images in library "inventory", 1 with virtual inventory products',
    });
    expect(line('paging')?.verdict).toBe('ok');
    expect(line('profile')?.verdict).toBe('note');
    expect(line('drift')?.verdict).toBe('warn');
    expect(line('drift')?.text).toContain('1 drifted');
    expect(report.verdict).toBe('warn');

    const markdown = await runCli(['doctor', '--format', 'markdown'], { cwd: dir, env: env() });
    expect(markdown.stdout).toMatch(/^## fwsync doctor\n/);
    expect(markdown.stdout).toContain('| ⚠️ warn | `drift` |');

    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(updates()).toHaveLength(0);
  });
});

describe('fwsync follows the measured profile', () => {
  it('caps batches, keeps the fields a clearing API would reset, and drops the product warning', async () => {
    const dir = await repo();
    await writeFile(path.join(dir, 'fwsync.config.yaml'), 'api:\n  batch_size: 4\n');
    emulator.setBehaviour({ maxBatch: 2, partial: 'clear', products: 'keep' });
    const probed = await runCli(
      ['doctor', '--probe-image', WITH_PRODUCTS, '--allow-product-removal', '--yes'],
      {
        cwd: dir,
        env: env(),
      },
    );
    expect(probed.code, probed.stderr).toBe(0);
    expect((await profileIn(dir)).findings).toMatchObject({
      partial_update: 'clears',
      products: 'kept',
      max_batch: { accepted: 2, limit_found: true },
    });

    await mkdir(path.join(dir, 'images'));
    const entry = (guid: string, title: string, description: string) =>
      `  - guid: ${guid}\n    title: ${JSON.stringify(title)}\n    description: ${JSON.stringify(description)}\n`;
    await writeFile(
      path.join(dir, 'images', 'all.yaml'),
      'version: 1\nimages:\n' +
        entry(PROBE, 'New title', 'Original description.') +
        entry(WITH_PRODUCTS, 'New products title', 'Has prints.') +
        entry(OTHER, 'New other title', 'Another image.'),
    );
    const plan = await runCli(['plan', '--refresh'], { cwd: dir, env: env() });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('update_images clears every field a request leaves out');
    expect(plan.stdout).not.toContain('virtual inventory products');

    const sentBefore = updates().length;
    const applied = await runCli(['apply', '--refresh', '--yes'], { cwd: dir, env: env() });
    expect(applied.code, applied.stderr).toBe(0);
    const sent = updates().slice(sentBefore);
    expect(sent.map((r) => (r.body as { images: unknown[] }).images.length)).toEqual([2, 1]);
    // The YAML does not set rank or the gallery lists: their live values went along, so the
    // clearing API kept them, and the state records only what the YAML manages.
    expect(emulator.getImage(PROBE)).toMatchObject({
      title: 'New title',
      rank: 3,
      assigned_personal_gallery_ids: [4, 5],
      assigned_gallery_subcategory_ids: [7],
    });
    expect(emulator.getImage(WITH_PRODUCTS)!.products).toHaveLength(1);
    const state = (await readState(path.join(dir, '.fwsync', 'state.json'))).state!;
    expect(Object.keys(state.images[PROBE]!.applied).sort()).toEqual(['description', 'title']);
    const again = await runCli(['plan', '--refresh', '--detailed-exitcode'], { cwd: dir, env: env() });
    expect(again.code, again.stdout).toBe(0);
  });
});

describe('fwsync emulator --behaviour', () => {
  it('plays the answers it is given (repeatable), and doctor finds them', async () => {
    const dir = await repo();
    const server = startCli(
      ['emulator', '--port', '0', '--behaviour', 'unknown-guid=silent', '--behaviour', 'max-batch=3'],
      { cwd: dir },
    );
    try {
      let url = '';
      server.stdout?.on('data', (chunk: Buffer) => {
        url ||= /listening on (\S+)/.exec(String(chunk))?.[1] ?? '';
      });
      await waitFor('the emulator to listen', () => url !== '');
      const admin = url.replace(/\/v3$/, '/__emulator');
      const played = (await (await fetch(`${admin}/behaviour`)).json()) as { behaviour: EmulatorBehaviour };
      expect(played.behaviour).toMatchObject({ unknownGuid: 'silent', maxBatch: 3, partial: 'keep' });

      // The default seed's image 2 is an inventory image with products.
      const guid = '5eed0000-0000-4000-8000-000000000002';
      const r = await runCli(['doctor', '--probe-image', guid, '--yes', '--allow-product-removal'], {
        cwd: dir,
        env: { ...env(), FINERWORKS_API_URL: url },
      });
      expect(r.code, r.stderr).toBe(0);
      expect((await profileIn(dir)).findings).toMatchObject({
        unknown_guid: { answer: 'silent', rest_applied: true },
        max_batch: { accepted: 3, limit_found: true },
        products: 'removed',
      });
    } finally {
      server.kill('SIGTERM');
      await server;
    }
  });
});
