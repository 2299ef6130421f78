// `fwsync validate` and `fwsync plan` driven through the built CLI (dist/cli.js) as a real
// process, on the fixture repositories and on reformatted copies of the sample repository.
// Applies go to the emulator over loopback HTTP.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startEmulator, type Emulator } from '../src/emulator/server.js';
import { formatIssues } from '../src/render/issues.js';
import { nextState } from '../src/core/next-state.js';
import { readState, serializeState } from '../src/adapters/state-store.js';
import type { DesiredImage, DesiredSet, Issue } from '../src/core/types.js';
import { CLI, ROOT, runCli, type CliResult } from './support/cli.js';
import {
  FIXTURES,
  SAMPLE,
  SPEED_ENV,
  emulatorEnv,
  planValidator,
  removeTempDirs,
  sampleSeed,
  snapshot,
  tempCopy,
  tempDir,
} from './support/vp-repo.js';
import { foldedJournalText } from './support/repo.js';
import { FREE_FORM, LINE_PRESERVING } from './support/vp-variants.js';

const INVALID = path.join(FIXTURES, 'invalid');
const VALID = path.join(FIXTURES, 'valid');
const invalidNames = readdirSync(INVALID).sort();
const validNames = readdirSync(VALID).sort();
const IMAGE_FILES = ['images/landscapes.yaml', 'images/portraits.yaml'];

let emulator: Emulator;
const fw = (cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  runCli(args, { cwd, env: { ...SPEED_ENV, ...env } });
const fwApi = (cwd: string, args: string[]): Promise<CliResult> =>
  runCli(args, { cwd, env: emulatorEnv(emulator.url, DEMO_CREDENTIALS) });

/** No stack trace and no crash report, whatever went wrong. */
function expectNoCrash(r: CliResult): void {
  const output = `${r.stdout}\n${r.stderr}`;
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain('internal error');
}

async function planJson(cwd: string, extra: string[] = []): Promise<string> {
  const r = await fw(cwd, ['plan', '--format', 'json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** A copy of the sample repository with a state written by a real `fwsync apply`. */
async function appliedSample(): Promise<string> {
  const dir = await tempCopy(SAMPLE);
  const r = await fwApi(dir, ['apply', '--yes']);
  expect(r.code, r.stderr).toBe(0);
  expect(existsSync(path.join(dir, '.fwsync', 'state.json'))).toBe(true);
  return dir;
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  emulator = await startEmulator({ seed: await sampleSeed() });
});
afterAll(async () => {
  await emulator.close();
  await removeTempDirs();
});

describe.concurrent('validate on every fixture', () => {
  it('finds the fixtures', () => {
    expect(invalidNames.length).toBeGreaterThanOrEqual(50);
    expect(validNames.length).toBeGreaterThanOrEqual(10);
  });

  it.each(invalidNames)(
    'invalid/%s: exit 1, file:line:column of the first issue, no stack trace, nothing written',
    async (name) => {
      const dir = path.join(INVALID, name);
      const before = await snapshot(dir);
      const r = await fw(dir, ['validate']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expectNoCrash(r);
      const first = r.stderr.split('\n')[0]!;
      const expectedFile = path.join(dir, 'expected.json');
      if (existsSync(expectedFile)) {
        const e = JSON.parse(readFileSync(expectedFile, 'utf8')) as {
          file: string;
          line: number;
          column: number;
        };
        expect(first.startsWith(`${e.file}:${e.line}:${e.column} error `), first).toBe(true);
      } else {
        expect(first).toMatch(/^images\/[\w./-]+:\d+:\d+ error \S/);
      }
      expect(r.stderr).toMatch(/^error: \d+ problems? in the image files$/m);
      expect(r.stderr).not.toMatch(/\bnot not\b/); // was "must be an integer, not not a finite number"
      if (name === 'duplicate-guid-across-files') {
        // The error names both places.
        expect(first).toBe(
          'images/b.yaml:3:1 error guid 5fd001ce-5db8-4e84-9010-e29499eadb3f is used twice: here and at images/a.yaml:3',
        );
      }
      expect(await snapshot(dir)).toEqual(before);
    },
  );

  it.each([...validNames.map((n) => `valid/${n}`), 'repos/sample'])(
    '%s: exit 0, a one-line summary, nothing written',
    async (name) => {
      const dir = path.join(FIXTURES, name);
      const before = await snapshot(dir);
      const r = await fw(dir, ['validate']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^Valid: [1-9]\d* images? in [1-9]\d* files?\.$/);
      expect(await snapshot(dir)).toEqual(before);
    },
  );
});

describe.concurrent('error output is capped', () => {
  it('80 invalid images: the first 50 issues, then "…and 30 more"', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'images'));
    const lines = ['version: 1', 'images:'];
    for (let i = 0; i < 80; i++) {
      const guid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      lines.push(`  - guid: ${guid}`, `    title: ${1000 + i}`, '    description: ""');
    }
    await writeFile(path.join(dir, 'images', 'many.yaml'), lines.join('\n') + '\n');
    const r = await fw(dir, ['validate']);
    expect(r.code).toBe(1);
    expectNoCrash(r);
    const out = r.stderr.split('\n');
    const issueLines = out.filter((l) => /^images\/many\.yaml:\d+:\d+ error /.test(l));
    expect(issueLines).toHaveLength(50);
    // The first 50 in file order: titles are on lines 4, 7, 10, …
    expect(issueLines.map((l) => Number(l.split(':')[1]))).toEqual(
      Array.from({ length: 50 }, (_, i) => 4 + 3 * i),
    );
    // The wording is formatIssues' own.
    const fake: Issue[] = Array.from({ length: 80 }, (_, i) => ({
      file: 'f.yaml',
      line: i + 1,
      column: 1,
      code: 'x',
      message: 'm',
    }));
    const countLine = formatIssues(fake, 50).split('\n').at(-1)!;
    expect(countLine).toBe('…and 30 more');
    expect(out).toContain(countLine);
    expect(out.indexOf(countLine)).toBeGreaterThan(out.indexOf(issueLines[49]!));
    expect(r.stderr).toMatch(/^error: 80 problems in the image files$/m);
  });
});

describe.concurrent('plan --format json is deterministic', () => {
  let bare: string; // no state: six adopts
  let applied: string; // state from a real apply: no changes
  let stale: string; // state with other values: six updates
  let adoptPlan: string;
  let emptyPlan: string;
  let updatePlan: string;

  beforeAll(async () => {
    bare = await tempCopy(SAMPLE);
    applied = await appliedSample();
    stale = await tempCopy(SAMPLE);
    await writeStaleState(stale);
    [adoptPlan, emptyPlan, updatePlan] = await Promise.all([
      planJson(bare),
      planJson(applied),
      planJson(stale),
    ]);
    expect(JSON.parse(adoptPlan)).toMatchObject({ summary: { adopt: 6, unchanged: 0 } });
    expect(JSON.parse(emptyPlan)).toMatchObject({ summary: { adopt: 0, update: 0, unchanged: 6 } });
    expect(JSON.parse(updatePlan)).toMatchObject({ summary: { update: 6, unchanged: 0 } });
  });

  it('is byte-identical across runs and across copies in other directories', async () => {
    const other = await tempCopy(SAMPLE);
    const runs = await Promise.all([planJson(bare), planJson(other)]);
    for (const run of runs) expect(run).toBe(adoptPlan);
  });

  it.each(Object.entries(LINE_PRESERVING))(
    'reformatted (%s): a byte-identical plan',
    async (name, transform) => {
      // Every variant against no state (six adopts, with their lines); the composition of all
      // of them also against a stale state (six updates) and a current one (no changes).
      const all = name === 'all of them at once';
      const dirs = all ? [bare, stale, applied] : [bare];
      const expected = [adoptPlan, updatePlan, emptyPlan];
      const copies = await Promise.all(dirs.map((d) => tempCopy(d)));
      for (const dir of copies) await rewriteImages(dir, transform);
      // The variant really is different bytes (rewriteImages checked it means the same images).
      const text = await readFile(path.join(copies[0]!, IMAGE_FILES[0]!), 'utf8');
      expect(text).not.toBe(await readFile(path.join(SAMPLE, IMAGE_FILES[0]!), 'utf8'));
      const plans = await Promise.all(copies.map((d) => planJson(d)));
      plans.forEach((plan, i) => expect(plan).toBe(expected[i]));
    },
  );

  it.each(Object.entries(FREE_FORM))(
    're-emitted (%s): the same empty plan byte for byte; adopts differ only in their lines',
    async (_name, transform) => {
      const dirs = { bare: await tempCopy(bare), applied: await tempCopy(applied) };
      for (const dir of Object.values(dirs)) await rewriteImages(dir, transform);
      expect(await planJson(dirs.applied)).toBe(emptyPlan);
      // With adopts, each change names the line its image is on now; the checksum leaves the
      // place out (a saved plan does not go stale when the YAML only moves), so it is equal too.
      const withoutLines = (json: string): unknown => {
        const p = JSON.parse(json) as { changes: Array<{ line?: number }> };
        for (const c of p.changes) delete c.line;
        return p;
      };
      expect(withoutLines(await planJson(dirs.bare))).toEqual(withoutLines(adoptPlan));
    },
  );
});

describe.concurrent('--detailed-exitcode', () => {
  it('0 without changes, 2 with changes; 0 with changes when not asked', async () => {
    const dir = await tempCopy(SAMPLE);
    let r = await fw(dir, ['plan', '--detailed-exitcode']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain('adopt');
    expect((await fw(dir, ['plan'])).code).toBe(0);

    r = await fwApi(dir, ['apply', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    r = await fw(dir, ['plan', '--detailed-exitcode', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ changes: [] });

    const file = path.join(dir, 'images', 'portraits.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('The Clockmaker', 'The Clock Maker'));
    r = await fw(dir, ['plan', '--detailed-exitcode', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ summary: { update: 1 } });
  });
});

describe.concurrent('output formats and global options', () => {
  let dir: string;
  let json: string;
  beforeAll(async () => {
    dir = await tempCopy(SAMPLE);
    json = await planJson(dir);
  });

  it('--format text and --format markdown show every change', async () => {
    const text = await fw(dir, ['plan', '--format', 'text']);
    const md = await fw(dir, ['plan', '--format', 'markdown']);
    const plain = await fw(dir, ['plan']);
    for (const r of [text, md, plain]) {
      expect(r.code, r.stderr).toBe(0);
      for (const change of (JSON.parse(json) as { changes: Array<{ guid: string }> }).changes)
        expect(r.stdout).toContain(change.guid);
    }
    expect(plain.stdout).toBe(text.stdout);
    expect(text.stdout).toMatch(
      /^\+ adopt 0b1f3c8e-2a55-4e8e-9d0a-1c2b3d4e5f60 \(images\/landscapes\.yaml:10\)/m,
    );
    expect(md.stdout).toMatch(/^### fwsync plan$/m);
    expect(md.stdout).toMatch(/^\| update \| adopt \| forget \|/m);
    expect(md.stdout).not.toBe(text.stdout);
  });

  it('--out FILE saves exactly the --format json output, whatever is printed', async () => {
    for (const format of ['text', 'markdown']) {
      const out = `saved/${format}.json`;
      const r = await fw(dir, ['plan', '--format', format, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      // execa strips the final newline of stdout; the file keeps it.
      expect(await readFile(path.join(dir, out), 'utf8')).toBe(`${json}\n`);
    }
  });

  it('colour only on a terminal, and never with --no-color or NO_COLOR', async () => {
    const ESC = '\u001b[';
    expect((await fw(dir, ['plan'])).stdout).not.toContain(ESC);
    const tty = await runInTerminal(dir, ['plan']);
    expect(tty.code).toBe(0);
    expect(tty.output).toContain(ESC); // proves the check below can fail
    expect(tty.output).toContain('0b1f3c8e-2a55-4e8e-9d0a-1c2b3d4e5f60');
    for (const [args, env] of [
      [['--no-color', 'plan'], {}],
      [['plan', '--no-color'], {}],
      [['plan'], { NO_COLOR: '1' }],
    ] as Array<[string[], Record<string, string>]>) {
      const r = await runInTerminal(dir, args, env);
      expect(r.code).toBe(0);
      expect(r.output).toContain('0b1f3c8e-2a55-4e8e-9d0a-1c2b3d4e5f60');
      expect(r.output, args.join(' ')).not.toContain(ESC);
    }
  });

  it('--quiet: validate prints nothing on success, errors still reach stderr', async () => {
    const ok = await fw(dir, ['--quiet', 'validate']);
    expect(ok).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const bad = await fw(path.join(INVALID, 'missing-title'), ['validate', '--quiet']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('images/a.yaml:3:5 error');
  });

  it('--quiet: apply prints no progress lines', async () => {
    const loud = await fwApi(await tempCopy(SAMPLE), ['apply', '--yes']);
    expect(loud.code, loud.stderr).toBe(0);
    expect(loud.stderr).toMatch(/images confirmed/);
    const quiet = await fwApi(await tempCopy(SAMPLE), ['apply', '--yes', '--quiet']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toMatch(/images confirmed/);
  });

  it('--verbose: plan says more on stderr (an ignored journal, the cause of an error); --quiet: the same result, no less', async () => {
    // A journal whose updates the state already holds (a crash between the state write and the
    // journal delete): the plan ignores it, and only --verbose says so.
    const repo = await appliedSample();
    const statePath = path.join(repo, '.fwsync', 'state.json');
    const { state } = await readState(statePath);
    await writeFile(`${statePath}.journal`, foldedJournalText(state!));
    const [plain, verbose, quiet] = await Promise.all([
      fw(repo, ['plan']),
      fw(repo, ['--verbose', 'plan']),
      fw(repo, ['plan', '--quiet']),
    ]);
    for (const r of [plain, verbose, quiet]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(plain.stdout); // neither flag changes the result
    }
    expect(plain.stdout).not.toBe('');
    expect(plain.stderr).toBe('');
    expect(verbose.stderr.split('\n')).toEqual([
      'the apply journal is already folded into the state; it is ignored',
      expect.stringMatching(/^\d+ of \d+ image files unchanged since the last apply, not parsed again/),
    ]);
    expect(quiet.stderr).toBe(''); // plan has no progress or info lines for --quiet to drop

    // An error: --verbose adds its cause; --quiet still shows the error in full.
    await mkdir(path.join(repo, 'out-dir'));
    const [plainErr, verboseErr, quietErr] = await Promise.all([
      fw(repo, ['plan', '--out', 'out-dir']),
      fw(repo, ['plan', '--out', 'out-dir', '--verbose']),
      fw(repo, ['--quiet', 'plan', '--out', 'out-dir']),
    ]);
    for (const r of [plainErr, verboseErr, quietErr]) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expectNoCrash(r);
    }
    expect(plainErr.stderr).toMatch(/^error: cannot write the plan to out-dir$/m);
    expect(plainErr.stderr).not.toContain('cause:');
    expect(quietErr.stderr).toBe(plainErr.stderr);
    const [journalLine, skippedLine, ...rest] = verboseErr.stderr.split('\n');
    expect(journalLine).toBe('the apply journal is already folded into the state; it is ignored');
    expect(skippedLine).toMatch(/^\d+ of \d+ image files unchanged since the last apply/);
    const causeLine = rest.pop();
    expect(rest.join('\n')).toBe(plainErr.stderr);
    expect(causeLine).toMatch(/^ {2}cause: EISDIR\b.*out-dir'$/);
  });

  it("--version prints package.json's version", async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await fw(dir, ['--version']);
    expect(r).toMatchObject({ code: 0, stdout: pkg.version, stderr: '' });
  });

  it('--help for the program and every command exits 0', async () => {
    const main = await fw(dir, ['--help']);
    expect(main.code).toBe(0);
    const commands = ['validate', 'plan', 'apply', 'import', 'drift', 'whoami', 'emulator'];
    for (const c of commands) expect(main.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    const runs = await Promise.all(
      [...commands.map((c) => [c, '--help']), ['help', 'plan']].map((args) =>
        fw(dir, args).then((r) => ({ c: args.find((a) => a !== 'help' && a !== '--help')!, r })),
      ),
    );
    for (const { c, r } of runs) {
      expect(r.code, `${c}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: fwsync ${c}\\b`));
    }
    const plan = runs.find((x) => x.c === 'plan')!.r.stdout;
    for (const flag of ['--format', '--out', '--detailed-exitcode', '--refresh'])
      expect(plan).toContain(flag);
  });

  it('an unknown command, flag or format: exit 1 with a usage hint, nothing run', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['plan', '--frob'], /unknown option '--frob'/],
      [['--frob', 'validate'], /unknown option '--frob'/],
      [['plan', '--format', 'xml'], /argument 'xml' is invalid/],
    ];
    for (const [args, message] of cases) {
      const r = await fw(dir, args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain('--help');
      expectNoCrash(r);
    }
  });

  it('-C DIR runs as if started in DIR', async () => {
    const elsewhere = await tempDir();
    const r = await fw(elsewhere, ['-C', dir, 'plan', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(json);
    const v = await fw(elsewhere, ['validate', '-C', path.relative(elsewhere, dir)]);
    expect(v).toMatchObject({ code: 0, stdout: 'Valid: 6 images in 2 files.' });
    const missing = await fw(elsewhere, ['-C', 'no/such/dir', 'validate']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: -C no\/such\/dir: no such directory$/m);
    expectNoCrash(missing);
  });

  it('--config FILE is used; a missing one is an error naming it', async () => {
    const repo = await tempCopy(SAMPLE);
    await rename(path.join(repo, 'images'), path.join(repo, 'pictures'));
    await writeFile(
      path.join(repo, 'other.config.yaml'),
      'version: 1\nimages: ["pictures/**/*.yaml"]\nstate: state/fwsync.json\n',
    );
    const r = await fw(repo, ['--config', 'other.config.yaml', 'plan', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    // Same plan but for the paths (which the checksum leaves out).
    expect(r.stdout).toBe(json.replaceAll('"images/', '"pictures/'));
    expect(existsSync(path.join(repo, 'state'))).toBe(false); // plan writes no state
    // Without it, the default config's globs find nothing: proves the flag did the work.
    const without = await fw(repo, ['validate']);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('match no file');

    const missing = await fw(repo, ['--config', 'nope/fwsync.yaml', 'validate']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope/fwsync.yaml');
    expectNoCrash(missing);
  });

  it('a config with a credential-looking key: exit 1, the key named, its value never echoed', async () => {
    const repo = await tempCopy(SAMPLE);
    const secret = 'c0ffee00-1234-4abc-8def-0123456789ab';
    const configs = [
      `version: 1\napi:\n  web_api_key: ${secret}\n`,
      `version: 1\napp_key: "${secret}"\n`,
      `version: 1\napi:\n  base_url: https://api.finerworks.com/v3\n  password: ${secret}\n`,
    ];
    for (const [i, config] of configs.entries()) {
      await writeFile(path.join(repo, 'fwsync.config.yaml'), config);
      {
        const r = await fw(repo, [i === 0 ? 'plan' : 'validate']);
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toMatch(
          /^fwsync\.config\.yaml:\d+:\d+ error "(web_api_key|app_key|password)" looks like a credential/m,
        );
        expect(r.stdout + r.stderr).not.toContain(secret);
        expect(r.stdout + r.stderr).not.toContain(secret.slice(0, 8));
        expectNoCrash(r);
      }
    }
  });
});

describe.concurrent('plan JSON matches schemas/plan.schema.json', () => {
  it('adopt, update, forget, empty and --refresh plans (record, drifted)', async () => {
    const validate = await planValidator();
    const NEW = '6b0e9f2c-7a1d-4c3e-9b5a-0d2f4e6a8c1b';
    // A separate account, so that changing it behind fwsync's back disturbs no other test.
    const own = await startEmulator({ seed: await sampleSeed([NEW]) });
    const env = emulatorEnv(own.url, DEMO_CREDENTIALS);
    const plans: string[] = [];
    try {
      const dir = await tempCopy(SAMPLE);
      plans.push(await planJson(dir));
      expect((await runCli(['apply', '--yes'], { cwd: dir, env })).code).toBe(0);
      plans.push(await planJson(dir));
      const landscapes = path.join(dir, 'images', 'landscapes.yaml');
      const text = await readFile(landscapes, 'utf8');
      await writeFile(landscapes, text.replace('Harbour at Dawn', 'Harbour at Sunrise'));
      await rename(path.join(dir, 'images', 'portraits.yaml'), path.join(dir, 'portraits.bak'));
      plans.push(await planJson(dir));
      // --refresh: one image was changed on the website, and a new one already matches its YAML.
      own.setImage({ guid: '9c4e2b7a-6d1f-4a3b-8e5c-2f7a9d0b1c3e', title: 'Renamed on the website' });
      own.setImage({ guid: NEW, title: 'Already there', description: 'Uploaded by hand.' });
      await writeFile(
        path.join(dir, 'images', 'new.yaml'),
        `version: 1\nimages:\n  - guid: ${NEW}\n    title: Already there\n    description: Uploaded by hand.\n`,
      );
      const refreshed = await runCli(['plan', '--refresh', '--format', 'json'], { cwd: dir, env });
      expect(refreshed.code, refreshed.stderr).toBe(0);
      plans.push(refreshed.stdout);
    } finally {
      await own.close();
    }

    const kinds = new Set<string>();
    for (const p of plans) {
      const data = JSON.parse(p) as { changes: Array<{ kind: string }>; summary: Record<string, number> };
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
      for (const c of data.changes) kinds.add(c.kind);
      if (data.summary.drifted) kinds.add('drifted');
    }
    expect([...kinds].sort()).toEqual(['adopt', 'drifted', 'forget', 'record', 'update']);
    // The schema is not a rubber stamp.
    expect(validate({ ...(JSON.parse(plans[0]!) as object), extra: 1 })).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

/** Rewrites the sample's image files in `dir` with `transform`, checking that they mean the same. */
async function rewriteImages(dir: string, transform: (text: string) => string): Promise<void> {
  for (const rel of IMAGE_FILES) {
    const original = await readFile(path.join(SAMPLE, rel), 'utf8');
    const variant = transform(original);
    expect(meaning(variant)).toEqual(meaning(original));
    await writeFile(path.join(dir, rel), variant);
  }
}

/** What a file means to an independent YAML 1.2 reader, guids compared case-insensitively. */
function meaning(text: string): unknown {
  const data = parse(text) as { images: Array<{ guid: string }> };
  for (const image of data.images) image.guid = image.guid.toLowerCase();
  return data;
}

/** A state whose applied values differ from the sample's YAML in every image (six updates). */
async function writeStaleState(dir: string): Promise<void> {
  const images: DesiredImage[] = [];
  for (const rel of IMAGE_FILES) {
    const data = parse(await readFile(path.join(dir, rel), 'utf8')) as {
      images: Array<{ guid: string; title: string; description: string }>;
    };
    for (const image of data.images)
      images.push({
        guid: image.guid,
        fields: { title: image.title, description: image.description },
        file: rel,
        line: 1,
      });
  }
  const desired: DesiredSet = { images, files: [] };
  const state = nextState(null, {
    lineage: '0d6f1c2a-3b4c-4d5e-8f60-718293a4b5c6',
    confirmed: images.map((image) => ({
      guid: image.guid,
      applied: { title: `Old ${image.fields.title}`, description: 'old text' },
      applied_at: '2026-01-01T00:00:00.000Z',
      source: image.file,
      commit: null,
    })),
    forgotten: [],
    desired,
  });
  await mkdir(path.join(dir, '.fwsync'), { recursive: true });
  await writeFile(path.join(dir, '.fwsync', 'state.json'), serializeState(state));
}

/** Runs the CLI on a pseudo-terminal (util-linux `script`), so stdout.isTTY is true. */
async function runInTerminal(
  cwd: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('FINERWORKS_') && k !== 'NO_COLOR' && k !== 'FORCE_COLOR') env[k] = v;
  const r = await execa('script', ['-qec', command, '/dev/null'], {
    cwd,
    env: { ...env, ...SPEED_ENV, TERM: 'xterm-256color', ...extraEnv },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
  return { code: r.exitCode ?? -1, output: String(r.stdout) };
}
