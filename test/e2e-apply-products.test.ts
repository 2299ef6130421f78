// Products are protected by default: an apply reads the images it is about to send (with their
// virtual inventory products) before any update, refuses the ones that have products unless the
// run opts in by name, and refuses images the configured library does not hold.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSeed, startEmulator, type Emulator } from '../src/emulator/server.js';
import { runCli } from './support/cli.js';
import {
  emulatorEnv,
  guidsOf,
  makeImageRepo,
  parseApplyResult,
  putsSince,
  recordedFields,
  removeImageRepos,
  retitled,
  sentGuids,
  testImages,
} from './support/repo.js';

let emulator: Emulator;

beforeAll(async () => {
  // Five inventory images; images 2 and 4 have two products each.
  const seed = generateSeed(5, { inventoryShare: 1, productsPerImage: 0 });
  for (const i of [1, 3]) {
    const n = i + 1;
    seed.images[i]!.products = [
      { sku: `VI-${n}-1`, name: `Print 1 of image ${n}`, product_code: `PC-${n}-1` },
      { sku: `VI-${n}-2`, name: `Print 2 of image ${n}`, product_code: `PC-${n}-2` },
    ];
  }
  emulator = await startEmulator({ seed });
});
afterAll(async () => {
  await emulator.close();
  await removeImageRepos();
});
beforeEach(() => emulator.reset());

const changed = () => retitled(testImages(5), 'v2');
const withProducts = (images: ReturnType<typeof testImages>) => [images[1]!, images[3]!];

describe('an apply over 5 changed images, 2 of which have virtual inventory products', () => {
  it('sends 3, names the 2 with their SKUs, records 3, exits 4; no update before the read', async () => {
    const images = changed();
    const repo = await makeImageRepo({ images });
    const r = await runCli(['apply', '--yes'], { cwd: repo.dir, env: emulatorEnv(emulator) });
    expect(r.code, r.stderr).toBe(4);
    // The read (every image to send, with products) came before the first update.
    expect(emulator.requests[0]?.path).toBe('/v3/list_images');
    expect(emulator.requests[0]?.body).toMatchObject({ list_products: true, guid_filter: guidsOf(images) });
    const sent = putsSince(emulator).flatMap(sentGuids).sort();
    const kept = withProducts(images);
    expect(sent).toEqual(guidsOf(images.filter((i) => !kept.includes(i))).sort());
    for (const image of kept) {
      expect(r.stdout + r.stderr).toContain(image.guid);
    }
    expect(r.stdout).toContain('VI-2-1 (Print 1 of image 2), VI-2-2 (Print 2 of image 2)');
    expect(r.stdout).toContain('VI-4-1 (Print 1 of image 4), VI-4-2 (Print 2 of image 4)');
    expect(r.stdout).toContain('2 images were refused and not recorded');
    expect(Object.keys(await recordedFields(repo)).sort()).toEqual(sent);
    // Their products are still there, and their titles unchanged.
    expect(emulator.getImage(kept[0]!.guid)?.products).toHaveLength(2);
    expect(emulator.getImage(kept[0]!.guid)?.title).toBe('Image 2');

    // The next plan shows them again.
    const plan = await runCli(['plan'], { cwd: repo.dir, env: emulatorEnv(emulator) });
    expect(plan.stdout).toContain('Plan: 0 to update, 2 to adopt');
  });

  it('with --allow-product-removal sends 5 and lists the removed products', async () => {
    const images = changed();
    const repo = await makeImageRepo({ images });
    const r = await runCli(['apply', '--yes', '--allow-product-removal', '--format', 'json'], {
      cwd: repo.dir,
      env: emulatorEnv(emulator),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(putsSince(emulator).flatMap(sentGuids).sort()).toEqual(guidsOf(images).sort());
    const result = parseApplyResult(r.stdout);
    expect(result.summary).toMatchObject({ applied: 5, refused: 0 });
    const byGuid = new Map(result.images.map((i) => [i.guid, i]));
    expect(byGuid.get(images[1]!.guid)?.message).toBe(
      'removed 2 virtual inventory products: VI-2-1 (Print 1 of image 2), VI-2-2 (Print 2 of image 2)',
    );
    expect(byGuid.get(images[0]!.guid)?.message).toBeUndefined();
    expect(Object.keys(await recordedFields(repo))).toHaveLength(5);
  });

  it('--yes does not imply the opt-in, and the confirmation names the host the keys go to', async () => {
    const images = changed();
    const repo = await makeImageRepo({ images });
    const r = await runCli(['apply', '--yes'], { cwd: repo.dir, env: emulatorEnv(emulator) });
    expect(r.stdout).toContain(`Sending 3 images to ${new URL(emulator.url).host}.`);
    expect(r.stdout).toMatch(
      /! refused 5eed0000-0000-4000-8000-000000000002: not sent: the update would remove 2/,
    );
  });
});

describe('what the state last recorded about products', () => {
  it('import and apply record the products they read; a plan without --refresh shows them with the date', async () => {
    const repo = await makeImageRepo({ images: [] });
    const env = emulatorEnv(emulator);
    const imported = await runCli(['import', '--force'], { cwd: repo.dir, env });
    expect(imported.code, imported.stderr).toBe(0);
    const state = await repo.state();
    const second = testImages(5)[1]!.guid;
    expect(state.images[second]?.products).toMatchObject({
      labels: ['VI-2-1 (Print 1 of image 2)', 'VI-2-2 (Print 2 of image 2)'],
    });
    expect(state.images[testImages(5)[0]!.guid]?.products?.labels).toEqual([]);

    // Edit image 2's title; the plan reads nothing, and says what the state knows.
    const file = `${repo.dir}/images/imported.yaml`;
    const { readFile, writeFile } = await import('node:fs/promises');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('title: "Image 2"', 'title: "Image 2, edited"'),
    );
    const mark = emulator.requests.length;
    const plan = await runCli(['plan'], { cwd: repo.dir, env });
    expect(plan.code, plan.stderr).toBe(0);
    expect(emulator.requests.length).toBe(mark);
    const day = state.images[second]!.products!.seen_at.slice(0, 10);
    expect(plan.stdout).toContain(
      `virtual inventory products when fwsync last read them (${day}): VI-2-1 (Print 1 of image 2), VI-2-2 (Print 2 of image 2)`,
    );
    const md = await runCli(['plan', '--format', 'markdown'], { cwd: repo.dir, env });
    // (markdown source: the date and SKUs are backslash-escaped)
    expect(md.stdout).toContain('Virtual inventory products when fwsync last read them (');
    expect(md.stdout).toContain('VI\\-2\\-1 \\(Print 1 of image 2\\)');

    // The apply refuses it, and records what its own read found.
    const applied = await runCli(['apply', '--yes'], { cwd: repo.dir, env });
    expect(applied.code, applied.stderr).toBe(4);
    expect((await repo.state()).images[second]?.products?.labels).toHaveLength(2);
    // With the opt-in it is sent; the state then records that it has none.
    const removed = await runCli(['apply', '--yes', '--allow-product-removal'], { cwd: repo.dir, env });
    expect(removed.code, removed.stderr).toBe(0);
    expect((await repo.state()).images[second]?.products?.labels).toEqual([]);
  });
});
