// Edges of apply and plan found in review, through the built CLI against the emulator: a failed
// read-back, unusable --out and --plan files, a saved --refresh plan, a journal left behind after
// the state was already written, an interrupted read of the account, and a state write that fails (A3).
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, startCli } from './support/cli.js';
import {
  LOCK_DIR,
  foldedJournalText,
  emulatorEnv,
  journalBatches,
  putsSince,
  retitled,
  testImages,
  useApplySuite,
  waitFor,
} from './support/repo.js';

const { emulator, fw, apply, appliedRepo } = useApplySuite();

const noStack = (stderr: string) => {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toContain('internal error');
};

describe('apply --verify', () => {
  it('a read-back that fails is a warning: the apply is recorded and exits 0', async () => {
    const v1 = testImages(4);
    const repo = await appliedRepo(v1);
    await repo.writeImages(retitled(v1, 'v2'));
    // Every list_images answer after the first (the read before sending) fails; max_attempts
    // is 3 in the test config.
    emulator().script(
      ...Array.from({ length: 6 }, (_, i) => ({
        kind: 'status' as const,
        status: 500,
        match: { path: 'list_images', nth: i + 2 },
      })),
    );
    const r = await apply(repo, ['--verify']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/verify: could not read the sent images back/);
    noStack(r.stderr);
    expect(putsSince(emulator())).toHaveLength(1);
    const state = await repo.state();
    expect(state.images[v1[0]!.guid]?.applied.title).toContain('(v2)');
  });
});

describe('files given on the command line', () => {
  it('plan --out pointing at a folder is an input error, not a crash', async () => {
    const repo = await appliedRepo(testImages(2));
    await mkdir(path.join(repo.dir, 'out-dir'));
    const r = await fw(repo, ['plan', '--out', 'out-dir']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot write the plan to out-dir');
    noStack(r.stderr);
  });

  it('apply --plan with a file that is not a plan is an input error and sends nothing', async () => {
    const repo = await appliedRepo(testImages(2));
    await writeFile(path.join(repo.dir, 'bogus.json'), JSON.stringify({ version: 1, checksum: 'x' }));
    const r = await apply(repo, ['--plan', 'bogus.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bogus\.json is not a plan written by `fwsync plan --out`/);
    noStack(r.stderr);
    expect(putsSince(emulator())).toHaveLength(0);
  });

  it('a plan saved with --refresh applies as reviewed (it is not mistaken for a stale one)', async () => {
    // Image 2 of the emulator's seed is in the inventory library, which the config reads.
    const v1 = testImages(1, { from: 2 });
    const repo = await appliedRepo(v1);
    await repo.writeImages(retitled(v1, 'v2'));
    const saved = await fw(repo, ['plan', '--refresh', '--out', 'p.json']);
    expect(saved.code, saved.stderr).toBe(0);
    const r = await apply(repo, ['--plan', 'p.json']);
    expect(r.code, r.stderr).toBe(0);
    expect(putsSince(emulator())).toHaveLength(1);
  });
});

describe('a journal left behind after its state was written', () => {
  it('is recognised as folded: plan works, and apply removes it', async () => {
    const v1 = testImages(2);
    const repo = await appliedRepo(v1);
    const state = await repo.state();
    // What a crash between the state write and the journal delete leaves.
    await repo.writeFile('.fwsync/state.json.journal', foldedJournalText(state));
    const p = await fw(repo, ['plan', '--detailed-exitcode']);
    expect(p.code, p.stderr).toBe(0);
    expect(repo.exists('.fwsync/state.json.journal')).toBe(true); // plan writes nothing
    const before = await repo.stateBytes();
    const r = await apply(repo);
    expect(r.code, r.stderr).toBe(0);
    expect(repo.exists('.fwsync/state.json.journal')).toBe(false);
    expect(await repo.stateBytes()).toEqual(before);
    expect(putsSince(emulator())).toHaveLength(0);
  });
});

describe('interrupting a read of the account', () => {
  it('SIGINT during plan --refresh exits 130 at once, sends nothing and writes nothing', async () => {
    const v1 = testImages(2);
    const repo = await appliedRepo(v1);
    const stateBefore = await repo.stateBytes();
    emulator().script({ kind: 'hang', match: { path: 'list_images' } });
    const child = startCli(['plan', '--refresh'], { cwd: repo.dir, env: emulatorEnv(emulator()) });
    await waitFor('the read to be in flight', () =>
      Promise.resolve(emulator().requests.some((q) => /list_images/i.test(q.path))),
    );
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    noStack(String(r.stderr));
    expect(putsSince(emulator())).toHaveLength(0);
    expect(await repo.stateBytes()).toEqual(stateBefore);
  });
});

/** Runs `fwsync apply` on a pseudo-terminal (util-linux `script`) and types `keys` at the prompt. */
async function applyOnTerminal(
  cwd: string,
  keys: string,
  env: Record<string, string> = emulatorEnv(emulator()),
): Promise<{ code: number; output: string }> {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, 'apply', '--no-color'].map(quote).join(' ');
  const child = execa('script', ['-qec', command, '/dev/null'], { cwd, env, reject: false, stdin: 'pipe' });
  let output = '';
  let typed = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (!typed && output.includes('Apply these changes?')) {
      typed = true;
      child.stdin.write(keys);
    }
  });
  const r = await child;
  return { code: r.exitCode ?? -1, output };
}

describe('the confirmation prompt on a terminal', () => {
  it.each([
    ['Ctrl-C', '\u0003'],
    ['Ctrl-D', '\u0004'],
    ['an answer other than yes', 'no\r'],
  ])('%s cancels: nothing is sent, no state is written, exit 1', async (_what, keys) => {
    const repo = await appliedRepo(testImages(2));
    const stateBefore = await repo.stateBytes();
    await repo.writeImages(retitled(testImages(2), 'v2'));
    const r = await applyOnTerminal(repo.dir, keys);
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain('Apply cancelled; nothing was sent.');
    expect(r.output).not.toContain('internal error');
    expect(putsSince(emulator())).toHaveLength(0);
    expect(await repo.stateBytes()).toEqual(stateBefore);
    expect(existsSync(path.join(repo.dir, '.fwsync', 'state.json.journal'))).toBe(false);
  });
});

describe('the confirmation prompt on a terminal, answered yes', () => {
  it('applies with a progress bar, records the state, exit 0', async () => {
    const v1 = testImages(2);
    const repo = await appliedRepo(v1);
    await repo.writeImages(retitled(v1, 'v2'));
    const r = await applyOnTerminal(repo.dir, 'yes\r');
    expect(r.code, r.output).toBe(0);
    // On a terminal the progress is one bar redrawn in place, not a line per batch.
    expect(r.output).toMatch(/\r\[#+\] 2\/2 images confirmed/);
    expect(r.output).not.toContain('internal error');
    expect(putsSince(emulator())).toHaveLength(1);
    const state = await repo.state();
    for (const image of v1) expect(state.images[image.guid]?.applied.title).toContain('(v2)');
  });

  it('missing credentials are reported before the question is asked', async () => {
    const v1 = testImages(2);
    const repo = await appliedRepo(v1);
    await repo.writeImages(retitled(v1, 'v2'));
    const { FINERWORKS_API_URL } = emulatorEnv(emulator());
    const r = await applyOnTerminal(repo.dir, 'yes\r', {
      FINERWORKS_API_URL: FINERWORKS_API_URL!,
      FINERWORKS_WEB_API_KEY: '',
      FINERWORKS_APP_KEY: '',
    });
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain('FinerWorks credentials missing');
    expect(r.output).not.toContain('Apply these changes?');
    expect(putsSince(emulator())).toHaveLength(0);
  });
});

describe('A3: the state cannot be written at the end of an apply', () => {
  it('keeps the confirmed updates in the journal, says so, and the next run folds them in without re-sending', async () => {
    const v1 = testImages(8);
    const repo = await appliedRepo(v1);
    await repo.writeImages(retitled(v1, 'v2'));
    // Hold batch 2 in flight while the state file is replaced by a folder nothing can write over.
    emulator().script({ kind: 'delay', ms: 1500, match: { path: 'update_images', nth: 2 } });
    const child = startCli(['apply', '--yes'], { cwd: repo.dir, env: emulatorEnv(emulator()) });
    await waitFor(
      'batch 1 confirmed and batch 2 in flight',
      async () => putsSince(emulator()).length === 2 && journalBatches(await repo.journalText()).length === 1,
    );
    const statePath = path.join(repo.dir, '.fwsync', 'state.json');
    await rename(statePath, `${statePath}.aside`);
    await mkdir(statePath);
    const r = await child;
    expect(r.exitCode).not.toBe(0);
    // A state that cannot be read back before the write is a 'state' error: exit 1 (src/errors.ts).
    expect(r.exitCode, String(r.stderr)).toBe(1);
    expect(String(r.stderr)).toContain('.fwsync/state.json');
    expect(String(r.stderr)).toContain('8 confirmed update(s) are kept in state.json.journal');
    noStack(String(r.stderr));
    expect(journalBatches(await repo.journalText())).toHaveLength(2);
    // No temp file of the state, its backup, the journal or the lock is left behind.
    expect(await leftoverTempFiles(repo.dir)).toEqual([]);
    expect(repo.exists(LOCK_DIR)).toBe(false);

    // The file is put back; the next run recovers the journal and has nothing left to send.
    await rm(statePath, { recursive: true });
    await rename(`${statePath}.aside`, statePath);
    const mark = emulator().requests.length;
    const rerun = await apply(repo);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('recovered 8 confirmed update(s) from an interrupted apply');
    expect(putsSince(emulator(), mark)).toHaveLength(0);
    expect(repo.exists('.fwsync/state.json.journal')).toBe(false);
    const state = await repo.state();
    for (const image of v1) expect(state.images[image.guid]?.applied.title).toContain('(v2)');
    expect(await leftoverTempFiles(repo.dir)).toEqual([]);
  });
});

/** Temp files (`state.json.tmp-*`, `state.json.journal.tmp-*`, `info.json.tmp`…) under .fwsync/. */
async function leftoverTempFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(dir, '.fwsync'), { recursive: true });
  return entries.filter((name) => /\.tmp(-|$)/.test(path.basename(name)));
}
