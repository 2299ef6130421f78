// Edges of apply and plan found in review, through the built CLI against the emulator: a failed
// read-back, unusable --out and --plan files, a saved --refresh plan, a journal left behind after
// the state was already written, and an interrupted read of the account.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli } from './support/cli.js';
import { emulatorEnv, putsSince, retitled, testImages, useApplySuite, waitFor } from './support/repo.js';

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
    // Every list_images answer fails; max_attempts is 3 in the test config.
    emulator().script(
      ...Array.from({ length: 6 }, () => ({
        kind: 'status' as const,
        status: 500,
        match: { path: 'list_images' },
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
    // What a crash between the state write and the journal delete leaves: a journal written on
    // top of the previous serial whose entries the state already holds.
    const header = { journal: 1, lineage: state.lineage, base_serial: state.serial - 1 };
    const entries = Object.entries(state.images).map(([guid, image]) => ({
      guid,
      applied: image.applied,
      applied_at: image.applied_at,
      source: image.source,
      commit: image.commit,
    }));
    await repo.writeFile(
      '.fwsync/state.json.journal',
      `${JSON.stringify(header)}\n${JSON.stringify({ confirmed: entries })}\n`,
    );
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
