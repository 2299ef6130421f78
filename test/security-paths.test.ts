// Paths stay inside the working directory, and invisible characters are shown: through the
// built CLI (dist/cli.js) as a process. A `..` glob, an absolute glob and a symbolic link that
// leads out of the repository are errors that show nothing of what lies behind them.

import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guardProducts } from '../src/core/product-guard.js';
import { invisibleCodePoints, showInvisible } from '../src/core/invisible.js';
import { runCliProcess } from './support/cli.js';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

const SECRET_LINE = 'outside-secret-line: do not print me';
const image = (guid: string, title: string) =>
  `version: 1\nimages:\n  - guid: ${guid}\n    title: ${JSON.stringify(title)}\n    description: ''\n`;

async function repo(config: string): Promise<{ dir: string; outside: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'fwsync-sec-'));
  temps.push(root);
  const dir = path.join(root, 'repo');
  const outside = path.join(root, 'outside');
  await mkdir(path.join(dir, 'images'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(outside, 'secret.yaml'), `# ${SECRET_LINE}\nversion: 1\nimages: []\n`);
  await writeFile(path.join(dir, 'images', 'a.yaml'), image('5eed0000-0000-4000-8000-000000000001', 'A'));
  await writeFile(path.join(dir, 'fwsync.config.yaml'), config);
  return { dir, outside };
}

describe('paths stay inside the working directory', () => {
  it.each([
    [
      'a .. glob',
      'version: 1\nimages: ["../outside/*.yaml"]\n',
      /"\.\.\/outside\/\*\.yaml" reaches outside the working directory/,
    ],
    ['an absolute glob', 'version: 1\nimages: ["/etc/*.yaml"]\n', /"\/etc\/\*\.yaml" is an absolute path/],
    [
      'a state path outside',
      'version: 1\nstate: ../state.json\n',
      /state "\.\.\/state\.json" is outside the working directory/,
    ],
  ])('%s is a config error (exit 1) that reads nothing', async (_what, config, message) => {
    const { dir } = await repo(config);
    const r = await runCliProcess(['validate'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/fwsync\.config\.yaml:\d+:\d+ error /);
    expect(r.stderr).toMatch(message);
    expect(r.stdout + r.stderr).not.toContain(SECRET_LINE);
  });

  it('a symbolic link out of the repository is an error naming the link, without reading the target', async () => {
    const { dir, outside } = await repo('version: 1\n');
    await symlink(path.join(outside, 'secret.yaml'), path.join(dir, 'images', 'link.yaml'));
    await symlink(outside, path.join(dir, 'images', 'dir'));
    const r = await runCliProcess(['validate'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(
      'images/link.yaml:1:1 error a symbolic link to a place outside the working directory; it is not read',
    );
    expect(r.stdout + r.stderr).not.toContain(SECRET_LINE);
    // The linked folder is named, and not walked into.
    expect(r.stderr).toContain(
      'images/dir:1:1 error a symbolic link to a place outside the working directory',
    );
    expect(r.stderr).not.toContain('images/dir/');
  });

  it('more matched files than safety.max_image_files is an error', async () => {
    const { dir } = await repo('version: 1\nsafety:\n  max_image_files: 1\n');
    await writeFile(path.join(dir, 'images', 'b.yaml'), image('5eed0000-0000-4000-8000-000000000002', 'B'));
    const r = await runCliProcess(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the image globs match 2 files, more than safety.max_image_files (1)');
  });
});

describe('invisible and bidirectional characters', () => {
  const evil = 'Harbour\u202e at dawn\u200b';

  it('are shown as code points in the plan, and warned about per image', async () => {
    const { dir } = await repo('version: 1\n');
    await writeFile(path.join(dir, 'images', 'a.yaml'), image('5eed0000-0000-4000-8000-000000000001', evil));
    const text = await runCliProcess(['plan'], { cwd: dir });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('"Harbour⟨U+202E⟩ at dawn⟨U+200B⟩"');
    expect(text.stdout).not.toMatch(/[\u202e\u200b]/);
    expect(text.stderr).toContain(
      'warning: images/a.yaml:3: title of 5eed0000-0000-4000-8000-000000000001 contains invisible or bidirectional characters: U+202E, U+200B',
    );
    const md = await runCliProcess(['plan', '--format', 'markdown'], { cwd: dir });
    // (The + is backslash-escaped in markdown source; GitHub shows ⟨U+202E⟩.)
    expect(md.stdout).toContain('| title | _unknown_ | Harbour⟨U\\+202E⟩ at dawn⟨U\\+200B⟩ |');
    expect(md.stdout).not.toMatch(/[\u202e\u200b]/);
  });

  it('are a validation error with safety.invisible_characters: error', async () => {
    const { dir } = await repo('version: 1\nsafety:\n  invisible_characters: error\n');
    await writeFile(path.join(dir, 'images', 'a.yaml'), image('5eed0000-0000-4000-8000-000000000001', evil));
    const r = await runCliProcess(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'images/a.yaml:3:1 error title of 5eed0000-0000-4000-8000-000000000001 contains invisible',
    );
  });

  it('showInvisible and invisibleCodePoints cover Unicode Cf and the separators', () => {
    expect(showInvisible('a\u2066b\u2029c\u00add')).toBe('a⟨U+2066⟩b⟨U+2029⟩c⟨U+00AD⟩d');
    expect(invisibleCodePoints('x\u202ey\u202ez\ufeff')).toEqual(['U+202E', 'U+FEFF']);
    expect(invisibleCodePoints('plain text, é, 日本')).toEqual([]);
  });
});

describe('guardProducts', () => {
  const input = {
    toSend: ['a', 'b', 'c', 'd'],
    products: new Map([
      ['b', ['SKU-1 (Print)']],
      ['d', []],
    ]),
    missing: ['c'],
    library: 'inventory',
  };

  it('refuses images with products and images the library does not hold, keeps plan order', () => {
    const g = guardProducts({ ...input, allowProductRemoval: false });
    expect(g.send).toEqual(['a', 'd']);
    expect(g.refused.map((r) => [r.guid, r.reason, r.products])).toEqual([
      ['b', 'products', ['SKU-1 (Print)']],
      ['c', 'missing', []],
    ]);
    expect(g.removals.size).toBe(0);
  });

  it('with the opt-in sends them and names what each loses; a missing image is still refused', () => {
    const g = guardProducts({ ...input, allowProductRemoval: true });
    expect(g.send).toEqual(['a', 'b', 'd']);
    expect([...g.removals]).toEqual([['b', ['SKU-1 (Print)']]]);
    expect(g.refused.map((r) => r.guid)).toEqual(['c']);
  });

  it('stands down when the account was measured to keep products', () => {
    const g = guardProducts({ ...input, allowProductRemoval: false, updateKeepsProducts: true });
    expect(g.send).toEqual(['a', 'b', 'd']);
    expect(g.removals.size).toBe(0);
  });
});
