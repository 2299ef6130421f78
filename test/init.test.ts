// `fwsync init`: the templates (the config loads to the defaults it shows, the workflow is the
// shipped example), the use case over an in-memory file system (never replaces a file), and
// the built CLI in a real git repository (git ignores what init says it ignores).

import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, loadConfig } from '../src/adapters/config.js';
import {
  PLACEHOLDER_SHA,
  actionRefFromResolved,
  gitignoreAddition,
  gitignoreEntries,
  shardFolder,
  renderConfigTemplate,
  renderWorkflow,
} from '../src/render/init-templates.js';
import { initRepository, type InitFiles } from '../src/use-cases/init.js';
import { shardDir } from '../src/adapters/state-shards.js';
import { VERSION } from '../src/version.js';
import { ROOT, runCli } from './support/cli.js';
import { violations } from './support/workflow-policy.js';

const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('templates', () => {
  it('the config template loads to the defaults, and so does every setting uncommented', async () => {
    const text = renderConfigTemplate(structuredClone(DEFAULT_CONFIG));
    await writeFile(path.join(dir, 'fwsync.config.yaml'), text);
    expect(await loadConfig({ cwd: dir })).toEqual(DEFAULT_CONFIG);

    const uncommented = text
      .split('\n')
      .map((l) => (/^# ( *)[a-z_]+:/.test(l) ? l.slice(2) : l))
      .join('\n');
    // Every setting of the schema is shown: the uncommented file has each key.
    for (const key of ['images:', 'state:', 'api:', 'base_url:', 'batch_size:', 'concurrency:']) {
      expect(uncommented).toMatch(new RegExp(`^ *${key}`, 'm'));
    }
    for (const key of ['timeout_seconds:', 'max_attempts:', 'library:', 'name:', 'site_id:', 'safety:']) {
      expect(uncommented).toMatch(new RegExp(`^ *${key}`, 'm'));
    }
    expect(uncommented).toMatch(/^ *max_change_percent:/m);
    await writeFile(path.join(dir, 'fwsync.config.yaml'), uncommented);
    expect(await loadConfig({ cwd: dir })).toEqual(DEFAULT_CONFIG);
  });

  it('examples/workflows/fwsync.yml is the workflow template with the placeholder pin', async () => {
    const example = await readFile(path.join(ROOT, 'examples/workflows/fwsync.yml'), 'utf8');
    const ref = { repository: 'fwsync/fwsync', sha: PLACEHOLDER_SHA, version: VERSION };
    expect(renderWorkflow(ref, { example: true })).toBe(example);
  });

  it('the workflow init writes follows the workflow policy, pinned or not', () => {
    for (const sha of [SHA, PLACEHOLDER_SHA]) {
      const text = renderWorkflow({ repository: 'fwsync/fwsync', sha, version: VERSION });
      expect(violations('fwsync.yml', text)).toEqual([]);
      expect(text).toContain(`uses: fwsync/fwsync@${sha} # v${VERSION}`);
    }
  });

  it('the Action commit comes from the git URL npm resolved, and from nothing else', () => {
    expect(actionRefFromResolved(`git+ssh://git@github.com/fwsync/fwsync.git#${SHA}`, '0.1.0')).toEqual({
      repository: 'fwsync/fwsync',
      sha: SHA,
      version: '0.1.0',
    });
    expect(
      actionRefFromResolved(`git+https://github.com/a-fork/fwsync.git#${SHA}`, '0.1.0')?.repository,
    ).toBe('a-fork/fwsync');
    expect(actionRefFromResolved('https://registry.npmjs.org/fwsync/-/fwsync-0.1.0.tgz', '0.1.0')).toBeNull();
    expect(actionRefFromResolved('file:../fwsync-0.1.0.tgz', '0.1.0')).toBeNull();
    expect(actionRefFromResolved(`git+ssh://git@github.com/fwsync/fwsync.git#v0.1.0`, '0.1.0')).toBeNull();
    expect(actionRefFromResolved(null, '0.1.0')).toBeNull();
  });

  it('.gitignore gets the missing entries only, after a newline and a blank line', () => {
    const entries = gitignoreEntries('.fwsync/state.json');
    expect(entries).toEqual([
      '/.fwsync/state.json.backup',
      '/.fwsync/state.json.v1.backup',
      '/.fwsync/state.json.journal',
      '/.fwsync/state.json.tmp-*',
      '/.fwsync/state.shards/*.tmp-*',
      '/.fwsync/.fwsync.lock*',
    ]);
    const fresh = gitignoreAddition(null, '.fwsync/state.json');
    expect(fresh.split('\n')[0]).toBe(
      '# fwsync: commit .fwsync/state.json and .fwsync/state.shards/; these files next to them are local to one run or one machine',
    );
    expect(fresh.endsWith(`${entries.join('\n')}\n`)).toBe(true);
    expect(gitignoreAddition('node_modules', '.fwsync/state.json').startsWith('\n\n# fwsync')).toBe(true);
    const partial = gitignoreAddition(`node_modules/\n${entries[0]}\n`, '.fwsync/state.json');
    expect(partial).not.toContain(entries[0]);
    expect(partial).toContain(entries[1]);
    expect(gitignoreAddition(`${entries.join('\n')}\n`, '.fwsync/state.json')).toBe('');
    expect(gitignoreEntries('data/fw.json')).toEqual([
      '/data/fw.json.backup',
      '/data/fw.json.v1.backup',
      '/data/fw.json.journal',
      '/data/fw.json.tmp-*',
      '/data/fw.shards/*.tmp-*',
      '/data/.fwsync.lock*',
    ]);
    // The folder the store really uses, for every way a state may be named.
    for (const name of [
      '.fwsync/state.json',
      'data/fw.json',
      'state',
      'a/b/state.v2',
      './x/s.json',
      '.json',
    ]) {
      expect(shardFolder(name)).toBe(`${path.relative('.', shardDir(name)).split(path.sep).join('/')}/`);
    }
  });
});

/** InitFiles over a Map: what init wrote, and nothing else. */
function memoryFiles(initial: Record<string, string> = {}, resolved: string | null = null) {
  const files = new Map(Object.entries(initial));
  const port: InitFiles = {
    read: (p) => Promise.resolve(files.get(p) ?? null),
    write: (p, text, { overwrite }) => {
      const had = files.has(p);
      if (had && !overwrite) return Promise.resolve('exists' as const);
      files.set(p, text);
      return Promise.resolve(had ? ('replaced' as const) : ('created' as const));
    },
    append: (p, text) => {
      files.set(p, (files.get(p) ?? '') + text);
      return Promise.resolve();
    },
    installedFrom: () => Promise.resolve(resolved),
  };
  return { files, port };
}

const baseOptions = {
  force: false,
  workflow: true,
  version: '0.1.0',
  defaults: structuredClone(DEFAULT_CONFIG),
  existingConfig: null,
};

describe('initRepository', () => {
  it('writes the four files into an empty folder, the workflow pinned to the resolved commit', async () => {
    const { files, port } = memoryFiles({}, `git+ssh://git@github.com/fwsync/fwsync.git#${SHA}`);
    const r = await initRepository(port, baseOptions);
    expect(r.files.map((f) => [f.path, f.outcome])).toEqual([
      ['fwsync.config.yaml', 'created'],
      ['.gitignore', 'appended'],
      ['.github/workflows/fwsync.yml', 'created'],
      ['images/README.md', 'created'],
    ]);
    expect(files.get('.github/workflows/fwsync.yml')).toContain(`uses: fwsync/fwsync@${SHA} # v0.1.0`);
    expect(r.action).toEqual({ repository: 'fwsync/fwsync', sha: SHA, version: '0.1.0' });
  });

  it('never replaces a file without force; force replaces all but .gitignore, which it appends to', async () => {
    const mine = {
      'fwsync.config.yaml': 'version: 1\n',
      '.gitignore': 'node_modules/\n',
      '.github/workflows/fwsync.yml': 'mine\n',
      'images/README.md': 'mine\n',
    };
    const kept = memoryFiles(mine);
    const r = await initRepository(kept.port, baseOptions);
    expect(r.files.map((f) => f.outcome)).toEqual(['skipped', 'appended', 'skipped', 'skipped']);
    for (const p of ['fwsync.config.yaml', '.github/workflows/fwsync.yml', 'images/README.md'])
      expect(kept.files.get(p)).toBe(mine[p as keyof typeof mine]);
    expect(kept.files.get('.gitignore')).toMatch(/^node_modules\/\n\n# fwsync/);

    const forced = memoryFiles(mine);
    const f = await initRepository(forced.port, { ...baseOptions, force: true });
    expect(f.files.map((x) => x.outcome)).toEqual(['replaced', 'appended', 'replaced', 'replaced']);
    expect(forced.files.get('.gitignore')).toMatch(/^node_modules\/\n/);
    expect(f.action?.sha).toBe(PLACEHOLDER_SHA);
  });

  it('without the workflow, with an fwsync.config.yml, and with a kept config elsewhere for the state', async () => {
    const { files, port } = memoryFiles({ 'fwsync.config.yml': 'state: data/s.json\n' });
    const r = await initRepository(port, {
      ...baseOptions,
      workflow: false,
      existingConfig: { ...structuredClone(DEFAULT_CONFIG), state: 'data/s.json' },
    });
    expect(r.files.map((f) => [f.path, f.outcome])).toEqual([
      ['fwsync.config.yml', 'skipped'],
      ['.gitignore', 'appended'],
      ['images/README.md', 'created'],
    ]);
    expect(files.has('fwsync.config.yaml')).toBe(false);
    expect(files.has('.github/workflows/fwsync.yml')).toBe(false);
    expect(files.get('.gitignore')).toContain('/data/s.json.backup\n');
    expect(r.statePath).toBe('data/s.json');
  });
});

describe('fwsync init (the built CLI)', () => {
  const git = (...args: string[]) => execa('git', args, { cwd: dir, reject: false });

  it('sets up a git repository whose .gitignore keeps the run files out and the state in', async () => {
    await git('init', '-q');
    const first = await runCli(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created   fwsync.config.yaml');
    expect(first.stdout).toContain('appended  .gitignore');
    expect(first.stdout).toContain('Commit .fwsync/state.json');
    expect(first.stdout).toContain("need the commit of fwsync's tag v" + VERSION);

    const workflow = await readFile(path.join(dir, '.github/workflows/fwsync.yml'), 'utf8');
    expect(violations('fwsync.yml', workflow)).toEqual([]);

    // The first validate in the new repository says how to get image files.
    const v = await runCli(['validate'], { cwd: dir });
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('match no file');
    expect(v.stderr).toContain('`fwsync import` writes them from the account');
    expect(v.stderr).toContain('`fwsync init` first');

    await mkdir(path.join(dir, '.fwsync/.fwsync.lock'), { recursive: true });
    for (const f of ['state.json', 'state.json.backup', 'state.json.journal', '.fwsync.lock/info.json'])
      await writeFile(path.join(dir, '.fwsync', f), '{}\n');
    const status = await git('status', '--porcelain', '--untracked-files=all');
    expect(status.stdout.split('\n').sort()).toEqual(
      [
        '?? .github/workflows/fwsync.yml',
        '?? .gitignore',
        '?? .fwsync/state.json',
        '?? fwsync.config.yaml',
        '?? images/README.md',
      ].sort(),
    );

    // A second run changes nothing and says what it left alone.
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('skipped    fwsync.config.yaml (it exists; --force replaces it)');
    expect(again.stdout).toContain('unchanged  .gitignore');
  });

  it('--no-workflow leaves .github alone; the workflow is pinned to the commit in package-lock.json', async () => {
    const none = await runCli(['init', '--no-workflow'], { cwd: dir });
    expect(none.code).toBe(0);
    expect(none.stdout).not.toContain('.github');
    await expect(readFile(path.join(dir, '.github/workflows/fwsync.yml'))).rejects.toThrow();

    await writeFile(
      path.join(dir, 'package-lock.json'),
      JSON.stringify({
        lockfileVersion: 3,
        packages: {
          'node_modules/fwsync': { resolved: `git+ssh://git@github.com/fwsync/fwsync.git#${SHA}` },
        },
      }),
    );
    const pinned = await runCli(['init'], { cwd: dir });
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toContain(
      `created    .github/workflows/fwsync.yml (uses fwsync/fwsync@${SHA.slice(0, 12)}`,
    );
    const workflow = await readFile(path.join(dir, '.github/workflows/fwsync.yml'), 'utf8');
    expect(workflow).toContain(`uses: fwsync/fwsync@${SHA} # v${VERSION}`);
    expect(workflow).not.toContain(PLACEHOLDER_SHA);
  });

  it('a broken config that init would keep is reported, not guessed around', async () => {
    await writeFile(path.join(dir, 'fwsync.config.yaml'), 'version: 2\n');
    const r = await runCli(['init'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the config file fwsync.config.yaml is not valid');
    const forced = await runCli(['init', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('replaced  fwsync.config.yaml');
  });
});
