// Import and drift agree on every field: `import` writes every field the account reports
// (visible ↔ active, rank, both gallery lists) and records it, so that `plan --refresh` and
// `drift` right after it find nothing; and a field the state never recorded (an older import)
// that the YAML now sets to the live value is not "changed outside fwsync". Through the CLI
// (in process) against the emulator over loopback HTTP.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, seedGuid, startEmulator, type Emulator } from '../src/emulator/server.js';
import type { SeedImage } from '../src/emulator/types.js';
import { runCli } from './support/cli.js';
import { readState } from '../src/adapters/state-store.js';

let emulator: Emulator;
let cwd: string;

const SEED: SeedImage[] = [
  { guid: seedGuid(1), title: 'Harbour', description: 'Boats.', active: true, rank: 3 },
  {
    guid: seedGuid(2),
    title: 'Kitchen',
    description: '',
    active: false,
    rank: 0,
    assigned_personal_gallery_ids: [7, 3],
    assigned_gallery_subcategory_ids: [],
  },
  { guid: seedGuid(3), title: 'Cliffs', description: 'Chalk.', active: true },
  { guid: seedGuid(4), title: 'Scratch', library: 'temporary' },
];

const fw = (args: string[]) =>
  runCli(args, {
    cwd,
    env: {
      FINERWORKS_API_URL: emulator.url,
      FINERWORKS_WEB_API_KEY: DEMO_CREDENTIALS.webApiKey,
      FINERWORKS_APP_KEY: DEMO_CREDENTIALS.appKey,
    },
  });

beforeAll(async () => {
  emulator = await startEmulator({ seed: { images: SEED } });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  emulator.reset();
  if (cwd) await rm(cwd, { recursive: true, force: true });
  cwd = await mkdtemp(path.join(os.tmpdir(), 'fwsync-import-fields-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

it('import writes and records visible, rank and the gallery lists; plan --refresh and drift then find nothing', async () => {
  const imported = await fw(['import']);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toContain(
    'Imported 3 images in library inventory into images/imported.yaml and wrote .fwsync/state.json; ' +
      '1 more in library temporary is not managed',
  );
  const yaml = await readFile(path.join(cwd, 'images/imported.yaml'), 'utf8');
  expect(yaml).toContain(
    `  - guid: "${seedGuid(2)}"\n    title: "Kitchen"\n    description: ""\n    visible: false\n    rank: 0\n` +
      '    assigned_personal_gallery_ids: [7, 3]\n    assigned_gallery_subcategory_ids: []\n',
  );
  expect(yaml).toContain(`    description: "Boats."\n    visible: true\n    rank: 3\n`);
  const state = (await readState(path.join(cwd, '.fwsync/state.json'))).state as unknown as {
    images: Record<string, { applied: unknown }>;
  };
  expect(state.images[seedGuid(2)]?.applied).toEqual({
    title: 'Kitchen',
    description: '',
    visible: false,
    rank: 0,
    assigned_personal_gallery_ids: [7, 3],
    assigned_gallery_subcategory_ids: [],
  });

  const plan = await fw(['plan', '--refresh', '--detailed-exitcode']);
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  expect(plan.stdout).toContain('No changes. The account matches the YAML files.');

  const drift = await fw(['drift']);
  expect(drift.code, drift.stdout + drift.stderr).toBe(0);
  expect(drift.stdout).toContain(
    'No drift (3 images checked in library inventory: 3 in sync, 0 drifted, 0 missing, 0 pending)',
  );
  expect(emulator.requests.filter((r) => r.method !== 'POST')).toEqual([]);

  // A change on the website to a field import recorded is drift, named with all three values.
  emulator.setImage({ guid: seedGuid(1), rank: 9 });
  const changed = await fw(['drift']);
  expect(changed.code).toBe(2);
  expect(changed.stdout).toContain('rank: live 9, last applied 3, YAML 3');
});

it('a field an older import did not record, set in the YAML to the live value, is in sync (not drift)', async () => {
  expect((await fw(['import'])).code).toBe(0);
  // What an import that wrote only title and description left: no visible in the YAML or state.
  const file = path.join(cwd, 'images/imported.yaml');
  const statePath = path.join(cwd, '.fwsync/state.json');
  // Written back as one version-1 file, which fwsync still reads (and migrates on its next write).
  const state = (await readState(statePath)).state as unknown as {
    images: Record<string, { applied: Record<string, unknown> }>;
  };
  for (const image of Object.values(state.images)) {
    for (const key of Object.keys(image.applied))
      if (key !== 'title' && key !== 'description') delete image.applied[key];
  }
  await writeFile(statePath, JSON.stringify(state));
  const stripped = (await readFile(file, 'utf8')).replace(/^ {4}(?!title|description).*\n/gm, '');
  // The person adds `visible: true` to the Harbour image, equal to the live value.
  await writeFile(
    file,
    stripped.replace('    description: "Boats."\n', '    description: "Boats."\n    visible: true\n'),
  );

  const drift = await fw(['drift', '--format', 'json']);
  expect(drift.code, drift.stdout + drift.stderr).toBe(0);
  const report = JSON.parse(drift.stdout) as {
    drift: boolean;
    summary: Record<string, number>;
    images: unknown[];
  };
  expect(report).toMatchObject({ drift: false, images: [] });
  expect(report.summary).toEqual({ checked: 3, in_sync: 3, drifted: 0, pending: 0, missing: 0 });

  // The plan against the account only records it: nothing to send, nothing drifted.
  const plan = await fw(['plan', '--refresh', '--format', 'json']);
  expect(plan.code, plan.stderr).toBe(0);
  const changes = (JSON.parse(plan.stdout) as { changes: Array<Record<string, unknown>> }).changes;
  expect(changes.map((c) => [c.guid, c.kind, c.drifted ?? false])).toEqual([[seedGuid(1), 'record', false]]);
});
