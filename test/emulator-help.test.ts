// The emulator documents itself: the seed and the admin request bodies that `fwsync emulator
// --help` shows are the ones it takes (a seed with products per image; the example bodies).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseSeed, startEmulator, type Emulator } from '../src/emulator/server.js';
import { ROOT, runCli } from './support/cli.js';

let help: string;
let emulator: Emulator;
let admin: string;

/** The lines under `heading` up to the next blank line, without the heading. */
function section(heading: string): string[] {
  const lines = help.split('\n');
  const from = lines.findIndex((l) => l.startsWith(heading));
  expect(from, heading).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(from + 1);
  const end = rest.findIndex((l) => l.trim() === '');
  return end < 0 ? rest : rest.slice(0, end);
}

/** The JSON bodies quoted in the admin section (objects nested one deep, lists of strings), in order. */
function bodies(): unknown[] {
  const text = section('Admin endpoints').join('\n');
  return [...text.matchAll(/\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\["[^\]]*\]/g)].map(
    (m) => JSON.parse(m[0]) as unknown,
  );
}

beforeAll(async () => {
  const r = await runCli(['emulator', '--help'], { cwd: ROOT });
  expect(r.code).toBe(0);
  help = r.stdout;
  const seed = parseSeed(parseYaml(section('Seed (').join('\n')), 'the help seed');
  emulator = await startEmulator({ seed });
  admin = emulator.url.replace(/\/v3$/, '/__emulator');
});
afterAll(async () => {
  await emulator.close();
});

describe('fwsync emulator --help', () => {
  it('shows a seed the emulator takes, with products, rank and galleries per image', () => {
    expect(emulator.images()).toEqual([
      expect.objectContaining({
        guid: '5fd001ce-5db8-4e84-9010-e29499eadb3f',
        title: 'Harbour at Dawn',
        active: true,
        rank: 1,
        assigned_personal_gallery_ids: [3],
        products: [{ sku: 'AP1234P1', name: 'Giclee print 8x10', product_code: 'GP-8X10' }],
      }),
    ]);
  });

  it('lists every admin endpoint, and its example bodies are accepted', async () => {
    const endpoints = section('Admin endpoints')
      .map((l) => /^ {2}(GET|POST|DELETE) +(\/\w+)/.exec(l)?.slice(1, 3).join(' '))
      .filter((e) => e !== undefined);
    expect(endpoints).toEqual([
      'GET /requests',
      'DELETE /requests',
      'GET /images',
      'POST /images',
      'GET /behaviour',
      'POST /behaviour',
      'POST /script',
      'POST /reset',
    ]);
    const [image, behaviourObject, behaviourList, fault] = bodies();
    const post = (route: string, body: unknown) =>
      fetch(`${admin}${route}`, { method: 'POST', body: JSON.stringify(body) });
    // The image body names a guid to change: the seed's.
    const changed = await post('/images', {
      ...(image as object),
      guid: '5fd001ce-5db8-4e84-9010-e29499eadb3f',
    });
    expect(changed.status).toBe(200);
    expect(emulator.getImage('5fd001ce-5db8-4e84-9010-e29499eadb3f')).toMatchObject({
      title: 'Renamed',
      rank: 4,
    });
    expect((await post('/behaviour', behaviourObject)).status).toBe(200);
    expect(emulator.behaviour().partial).toBe('clear');
    expect((await post('/behaviour', behaviourList)).status).toBe(200);
    expect(emulator.behaviour().maxBatch).toBe(10);
    expect((await post('/script', fault)).status).toBe(200);
    expect(emulator.pendingFaults()).toBe(1);
    expect((await post('/reset', undefined)).status).toBe(200);
    expect(emulator.pendingFaults()).toBe(0);
  });
});

describe('docs/emulator.md', () => {
  it('its seed example is a seed the emulator takes, with products per image', async () => {
    const doc = readFileSync(path.join(ROOT, 'docs/emulator.md'), 'utf8');
    const yaml = /## Seeds[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    const seeded = await startEmulator({ seed: parseSeed(parseYaml(yaml ?? ''), 'docs/emulator.md') });
    try {
      expect(seeded.images().map((i) => [i.guid, i.products?.length ?? 0])).toEqual([
        ['5fd001ce-5db8-4e84-9010-e29499eadb3f', 2],
        ['9a85d170-dca0-43d1-a00d-072281b122e7', 0],
      ]);
    } finally {
      await seeded.close();
    }
  });
});
