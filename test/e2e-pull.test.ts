// `fwsync pull` end to end through the CLI against the emulator: live edits written into
// hand-written YAML files in place (every other byte kept), recorded in the state so that plan
// is empty and drift is clean, with --guid, --field, --dry-run, --add-new, conflicts and the
// uncommitted-changes guard. Also `import --force` updating an existing file in place.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSeed, seedGuid, startEmulator, type Emulator } from '../src/emulator/server.js';
import { runCli } from './support/cli.js';
import { emulatorEnv, putsSince } from './support/repo.js';

const G = (i: number): string => seedGuid(i);

const FILES: Record<string, string> = {
  'images/spring.yaml': `# Spring collection: curated by hand.
version: 1

images:
  # Hero image; keep the title short.
  - guid: ${G(1)}
    title: Cherry blossoms   # plain on purpose
    description: |
      Pink petals over the river.
      Shot at dawn.

  - guid: "${G(2)}"
    title: 'Tulip field'
    description: "Rows of red and yellow."
    visible: true
`,
  'images/summer.yaml': `version: 1
images:
- guid: ${G(3)}
  title: "Beach, noon"
  description: >-
    A long folded description
    that runs over two lines.
  rank: 4
- guid: ${G(4)}
  title: Surf
  description: ""
`,
  'images/nested/autumn.yaml': `# Autumn

version: 1
images:
  - {guid: ${G(5)}, title: "Maple", description: 'Red leaves'}
  - guid: ${G(6)}
    title: Harvest moon
    description: Plain description here.
`,
};

let emulator: Emulator;
const dirs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: generateSeed(8, { inventoryShare: 1, productsPerImage: 0 }) });
});
afterAll(async () => {
  await emulator.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
beforeEach(() => {
  emulator.reset();
});

const gitEnv = {
  GIT_AUTHOR_NAME: 'Someone',
  GIT_AUTHOR_EMAIL: 'someone@example.invalid',
  GIT_COMMITTER_NAME: 'Someone',
  GIT_COMMITTER_EMAIL: 'someone@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};
async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await execa('git', args, { cwd, env: gitEnv })).stdout;
}

const fw = (cwd: string, args: string[]) => runCli(args, { cwd, env: emulatorEnv(emulator) });

/** A git repository with the three files, applied to the emulator and committed with its state. */
async function appliedRepo(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-e2e-pull-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'fwsync.config.yaml'), 'version: 1\n');
  for (const [rel, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  const applied = await fw(dir, ['apply', '--yes']);
  expect(applied.code, applied.stderr).toBe(0);
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '--no-gpg-sign', '-m', 'images');
  return dir;
}

const read = (dir: string, rel: string) => readFile(path.join(dir, rel), 'utf8');

/** The lines that differ between the committed file and the working copy: [old, new] pairs. */
async function changedLines(dir: string): Promise<Record<string, Array<[string, string]>>> {
  const out: Record<string, Array<[string, string]>> = {};
  for (const rel of Object.keys(FILES)) {
    const before = FILES[rel]!.split('\n');
    const after = (await read(dir, rel)).split('\n');
    expect(after, rel).toHaveLength(before.length);
    const pairs = before.flatMap((line, i) =>
      line === after[i] ? [] : [[line, after[i]!] as [string, string]],
    );
    if (pairs.length > 0) out[rel] = pairs;
  }
  return out;
}

/** Three titles and one description changed on the account. */
function editOnAccount(): void {
  emulator.setImage({ guid: G(2), title: 'Tulip field, April' });
  emulator.setImage({ guid: G(3), title: 'Beach at noon' });
  emulator.setImage({ guid: G(6), title: 'Harvest moon: October' });
  emulator.setImage({ guid: G(1), description: 'Pink petals over the river.\nShot at dusk.\n' });
}

describe('fwsync pull', () => {
  it('writes exactly the four live edits in place; then plan is empty, drift exits 0 and apply sends nothing', async () => {
    const dir = await appliedRepo();
    editOnAccount();
    const drift = await fw(dir, ['drift']);
    expect(drift.code).toBe(2);

    const r = await fw(dir, ['pull']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `~ pulled ${G(2)} (images/spring.yaml:12) title: "Tulip field" → "Tulip field, April"`,
    );
    expect(r.stdout).toContain('Pulled 4 values into 3 files');

    expect(await changedLines(dir)).toEqual({
      'images/spring.yaml': [
        ['      Shot at dawn.', '      Shot at dusk.'],
        ["    title: 'Tulip field'", "    title: 'Tulip field, April'"],
      ],
      'images/summer.yaml': [['  title: "Beach, noon"', '  title: "Beach at noon"']],
      // A plain value that would not read back plain (": ") is double-quoted.
      'images/nested/autumn.yaml': [['    title: Harvest moon', '    title: "Harvest moon: October"']],
    });
    // git agrees: only those lines.
    const numstat = await git(dir, 'diff', '--numstat', '--', 'images');
    expect(numstat.split('\n').sort()).toEqual(
      ['1\t1\timages/nested/autumn.yaml', '2\t2\timages/spring.yaml', '1\t1\timages/summer.yaml'].sort(),
    );

    const plan = await fw(dir, ['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const after = await fw(dir, ['drift']);
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toContain('No drift');

    // What merging the pull's commit does: an apply that sends nothing.
    const mark = emulator.requests.length;
    const apply = await fw(dir, ['apply', '--yes', '--format', 'json']);
    expect(apply.code, apply.stderr).toBe(0);
    expect(putsSince(emulator, mark)).toEqual([]);

    // A second pull finds nothing.
    const again = await fw(dir, ['pull']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to pull');
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const dir = await appliedRepo();
    editOnAccount();
    const state = await read(dir, '.fwsync/state.json');
    const r = await fw(dir, ['pull', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('--- a/images/summer.yaml\n+++ b/images/summer.yaml\n@@ -1,7 +1,7 @@\n');
    expect(r.stdout).toContain('\n-  title: "Beach, noon"\n+  title: "Beach at noon"\n');
    expect(r.stdout).toContain("-    title: 'Tulip field'\n+    title: 'Tulip field, April'\n");
    expect(r.stdout).toContain('Dry run: would pull 4 values into 3 files');
    expect(await changedLines(dir)).toEqual({});
    expect(await read(dir, '.fwsync/state.json')).toBe(state);
  });

  it('--guid and --field take only some edits; the rest stays drift', async () => {
    const dir = await appliedRepo();
    editOnAccount();
    const one = await fw(dir, ['pull', '--guid', G(3).toUpperCase(), '--guid', G(6)]);
    expect(one.code, one.stderr).toBe(0);
    expect(Object.keys(await changedLines(dir)).sort()).toEqual([
      'images/nested/autumn.yaml',
      'images/summer.yaml',
    ]);
    expect(one.stdout).toContain('2 live edits were left out by --guid/--field');

    await git(dir, 'commit', '-q', '--no-gpg-sign', '-am', 'pulled two');
    const field = await fw(dir, ['pull', '--field', 'description']);
    expect(field.code, field.stderr).toBe(0);
    expect(await read(dir, 'images/spring.yaml')).toContain('Shot at dusk.');
    expect(await read(dir, 'images/spring.yaml')).toContain("title: 'Tulip field'\n");

    const drift = await fw(dir, ['drift', '--format', 'json']);
    expect(drift.code).toBe(2);
    const report = JSON.parse(drift.stdout) as {
      images: Array<{ guid: string; fields: Array<{ field: string }> }>;
    };
    expect(report.images.map((i) => [i.guid, i.fields.map((f) => f.field)])).toEqual([[G(2), ['title']]]);

    const bad = await fw(dir, ['pull', '--field', 'name']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--field name is not a field fwsync manages');
  });

  it('a field changed on the account and in the YAML is a conflict: listed with its three values, not pulled, exit 2', async () => {
    const dir = await appliedRepo();
    editOnAccount();
    emulator.setImage({ guid: G(4), title: 'Surf, live' });
    // A live value no image file can hold is not pulled either.
    emulator.setImage({ guid: G(5), title: '' });
    const summer = (await read(dir, 'images/summer.yaml')).replace('title: Surf\n', 'title: Surf, in YAML\n');
    await writeFile(path.join(dir, 'images/summer.yaml'), summer);
    await git(dir, 'commit', '-q', '--no-gpg-sign', '-am', 'edit in YAML');

    const r = await fw(dir, ['pull']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain(
      `! conflict ${G(4)} (images/summer.yaml:9) title: live "Surf, live", last applied "Surf", YAML "Surf, in YAML"`,
    );
    expect(r.stdout).toContain(
      '1 conflict: changed on FinerWorks and in the YAML since the last apply; not pulled.',
    );
    expect(r.stdout).toContain(
      `! not pulled ${G(5)} (images/nested/autumn.yaml:5) title: live "": empty title (the YAML needs 1–256 characters)`,
    );
    expect(await read(dir, 'images/nested/autumn.yaml')).toContain(`title: "Maple"`);
    const after = await read(dir, 'images/summer.yaml');
    expect(after).toContain('title: Surf, in YAML\n');
    expect(after).toContain('title: "Beach at noon"');
    // The other edits were pulled; the conflict is still drift.
    const drift = await fw(dir, ['drift', '--format', 'json']);
    const report = JSON.parse(drift.stdout) as { images: Array<{ guid: string; status: string }> };
    expect(report.images).toEqual([
      expect.objectContaining({ guid: G(4), status: 'drifted' }),
      expect.objectContaining({ guid: G(5), status: 'drifted' }),
    ]);
  });

  it('--add-new appends the live images no file holds, and records them', async () => {
    const dir = await appliedRepo();
    const r = await fw(dir, ['pull', '--add-new', 'images/summer.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`+ added ${G(7)} to images/summer.yaml: title "Image 7"`);
    const summer = await read(dir, 'images/summer.yaml');
    expect(summer).toBe(
      `${FILES['images/summer.yaml']}- guid: "${G(7)}"\n  title: "Image 7"\n  description: "Description of image 7."\n` +
        `- guid: "${G(8)}"\n  title: "Image 8"\n  description: "Description of image 8."\n`,
    );
    const plan = await fw(dir, ['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);

    // Into a new file, and never an image the state holds that a person took out of the YAML.
    const other = await appliedRepo();
    const autumn = FILES['images/nested/autumn.yaml']!.replace(
      / {2}- guid: [^\n]+\n {4}title: Harvest moon\n[^\n]+\n/,
      '',
    );
    await writeFile(path.join(other, 'images/nested/autumn.yaml'), autumn);
    await git(other, 'commit', '-q', '--no-gpg-sign', '-am', 'drop image 6');
    const fresh = await fw(other, ['pull', '--add-new', 'images/new.yaml']);
    expect(fresh.code, fresh.stderr).toBe(0);
    const created = await read(other, 'images/new.yaml');
    expect(created).toContain(`(fwsync pull --add-new)`);
    expect(created).toContain(`- guid: "${G(7)}"`);
    expect(created).not.toContain(G(6));

    const outside = await fw(other, ['pull', '--add-new', 'elsewhere/new.yaml']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('--add-new elsewhere/new.yaml is not matched by the image globs');
  });

  it('refuses to edit a file with uncommitted changes unless --force', async () => {
    const dir = await appliedRepo();
    editOnAccount();
    const spring = `${await read(dir, 'images/spring.yaml')}# a note not yet committed\n`;
    await writeFile(path.join(dir, 'images/spring.yaml'), spring);
    const r = await fw(dir, ['pull']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('images/spring.yaml has uncommitted changes');
    expect(r.stderr).toContain('--force');
    expect(await read(dir, 'images/summer.yaml')).toBe(FILES['images/summer.yaml']);

    const forced = await fw(dir, ['pull', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const after = await read(dir, 'images/spring.yaml');
    expect(after).toContain('Shot at dusk.');
    expect(after.endsWith('# a note not yet committed\n')).toBe(true);
  });
});

describe('fwsync import --force over an existing file', () => {
  it('updates the values in place, keeping comments, order, styles and the fields the account does not hold', async () => {
    const dir = await appliedRepo();
    emulator.setImage({ guid: G(3), title: 'Beach at noon' });
    const summer = FILES['images/summer.yaml']!;
    await rm(path.join(dir, 'images/spring.yaml'));
    await rm(path.join(dir, 'images/nested'), { recursive: true });
    await rm(path.join(dir, '.fwsync/state.json'));

    const r = await fw(dir, ['import', '--force', '--out', 'images/summer.yaml']);
    expect(r.code, r.stderr).toBe(0);
    const after = await read(dir, 'images/summer.yaml');
    // Images 3 and 4 stay where they were (rank kept, the folded block kept); the others are appended.
    expect(after.startsWith(summer.replace('title: "Beach, noon"', 'title: "Beach at noon"'))).toBe(true);
    for (const i of [1, 2, 5, 6, 7, 8]) expect(after).toContain(`- guid: "${G(i)}"`);
  });
});
