// `fwsync apply` as a process against the emulator: the state file, the journal and the lock
// across crashes, signals and stale plans (docs/failure-cases.md A1, A2, A4–A6), and the commit each
// image was applied from. Every case asserts the exit code, the request log and the state on disk.
import { execa } from 'execa';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { State } from '../src/core/types.js';
import { generateSeed, startEmulator, type Emulator } from '../src/emulator/server.js';
import { startCli } from './support/cli.js';
import {
  LOCK_DIR as LOCK,
  emulatorEnv,
  expectedFields as expected,
  guidsOf as guids,
  parseApplyResult as parseResult,
  recordedFields as recorded,
  journalBatches,
  makeImageRepo,
  putsSince,
  retitled,
  sentGuids,
  sentImages,
  testImages,
  waitFor,
  useApplySuite,
  PLAIN_INVENTORY,
} from './support/repo.js';

const { emulator, fw, apply, appliedRepo } = useApplySuite();

describe('A1: kill -9 during an apply', () => {
  it('loses nothing confirmed: the rerun sends only the unconfirmed batch, all 12 recorded, empty plan', async () => {
    const v1 = testImages(12);
    const repo = await appliedRepo(v1, { api: { batch_size: 4, concurrency: 1, timeout_seconds: 30 } });
    const v2 = retitled(v1, 'v2');
    await repo.writeImages(v2, 3);
    emulator().script({ kind: 'hang', match: { path: 'update_images', nth: 3 } });

    // All 12 of 12 tracked images change: past the safety limit, hence --force.
    const child = startCli(['apply', '--yes', '--force'], { cwd: repo.dir, env: emulatorEnv(emulator()) });
    await waitFor(
      'batch 3 to reach the emulator after 2 confirmed batches',
      async () => putsSince(emulator()).length === 3 && journalBatches(await repo.journalText()).length === 2,
    ).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });
    child.kill('SIGKILL');
    const killed = await child;
    expect(killed.signal).toBe('SIGKILL');
    const firstRun = putsSince(emulator());
    expect(firstRun.map(sentGuids)).toEqual([
      guids(v2.slice(0, 4)),
      guids(v2.slice(4, 8)),
      guids(v2.slice(8)),
    ]);
    // On disk: the old state (a version-2 manifest and its shards), the journal of two
    // confirmed batches, a lock of a dead process.
    expect((await repo.state()).serial).toBe(1);
    expect((JSON.parse(String(await repo.stateBytes())) as { version: number }).version).toBe(2);
    expect(repo.exists('.fwsync/state.shards')).toBe(true);
    expect(journalBatches(await repo.journalText())).toEqual([guids(v2.slice(0, 4)), guids(v2.slice(4, 8))]);
    expect(repo.exists(LOCK)).toBe(true);

    const sentBefore = new Map(firstRun.flatMap((p) => sentImages(p).map((i) => [i.guid, i])));
    const mark = emulator().requests.length;
    const rerun = await apply(repo, ['--force']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toMatch(new RegExp(`took over a stale lock held by pid ${child.pid}`));
    expect(rerun.stderr).toContain('recovered 8 confirmed update(s)');
    const second = putsSince(emulator(), mark);
    expect(second.map(sentGuids)).toEqual([guids(v2.slice(8))]);
    for (const image of second.flatMap(sentImages)) expect(image).toEqual(sentBefore.get(image.guid));

    expect(await recorded(repo)).toEqual(expected(v2));
    expect((JSON.parse(String(await repo.stateBytes())) as { version: number }).version).toBe(2);
    expect(repo.exists('.fwsync/state.json.journal')).toBe(false);
    expect(repo.exists(LOCK)).toBe(false);
    const plan = await fw(repo, ['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
  });
});

describe('A2: SIGINT or SIGTERM during an apply', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s: starts no new request, saves the confirmed batches, exits 130; the rerun sends the rest',
    async (signal) => {
      const slow = await startEmulator({ seed: generateSeed(20, PLAIN_INVENTORY), latencyMs: 200 });
      // Batch 2 takes long enough that the signal surely lands while it is in flight.
      slow.script({ kind: 'delay', ms: 3000, match: { path: 'update_images', nth: 2 } });
      try {
        const v1 = testImages(12);
        const repo = await makeImageRepo({ images: v1 });
        const child = startCli(['apply', '--yes', '--format', 'json'], {
          cwd: repo.dir,
          env: emulatorEnv(slow),
        });
        await waitFor(
          'batch 1 confirmed and batch 2 in flight',
          async () => putsSince(slow).length === 2 && journalBatches(await repo.journalText()).length === 1,
        );
        child.kill(signal);
        const r = await child;
        expect(r.exitCode, String(r.stderr)).toBe(130);
        expect(String(r.stderr)).toContain(signal);
        // Give a stray request time to show up: there must be none.
        await new Promise((resolve) => setTimeout(resolve, 600));
        expect(putsSince(slow)).toHaveLength(2);

        const result = parseResult(String(r.stdout));
        expect(result.interrupted).toBe(true);
        const applied = result.images.filter((i) => i.outcome === 'applied').map((i) => i.guid);
        // Batch 1 was confirmed; batch 2 was in flight (aborted or finished), batch 3 never sent.
        expect([guids(v1.slice(0, 4)), guids(v1.slice(0, 8))]).toContainEqual(applied);
        expect(Object.keys(await recorded(repo)).sort()).toEqual(applied);
        expect(repo.exists('.fwsync/state.json.journal')).toBe(false);
        expect(repo.exists(LOCK)).toBe(false);

        const mark = slow.requests.length;
        const rerun = await apply(repo, [], slow);
        expect(rerun.code, rerun.stderr).toBe(0);
        const resent = putsSince(slow, mark).flatMap(sentGuids);
        expect(resent).toEqual(guids(v1).filter((g) => !applied.includes(g)));
        expect(await recorded(repo)).toEqual(expected(v1));
      } finally {
        await slow.close();
      }
    },
  );
});

describe('A4: an unreadable state is an error, never "no state"', () => {
  it.each([
    ['empty (0 bytes)', (_good: string) => '', /is empty \(0 bytes\)/],
    ['truncated', (good: string) => good.slice(0, Math.floor(good.length / 2)), /is not valid JSON/],
    [
      'with conflict markers',
      (good: string) =>
        `<<<<<<< HEAD\n${good}=======\n${good.replace('"serial": 1', '"serial": 2')}>>>>>>> feature\n`,
      /git merge conflict marker/,
    ],
    [
      'of an unknown version',
      (good: string) => good.replace(/"version": \d/, '"version": 99'),
      /has version 99/,
    ],
    [
      'with invalid UTF-8 bytes',
      // A lone continuation byte and an overlong lead byte inside a title: no decoder may guess.
      (good: string): Buffer => {
        const at = good.indexOf('Image 2 (v1)');
        return Buffer.concat([
          Buffer.from(good.slice(0, at)),
          Buffer.from([0x80, 0xc0, 0xaf]),
          Buffer.from(good.slice(at)),
        ]);
      },
      /not valid UTF-8/,
    ],
    [
      'with a duplicate key',
      // JSON.parse would silently keep the last "serial" (a valid value): fwsync must refuse.
      (good: string) => good.replace('"serial": 1', '"serial": 7,\n  "serial": 1'),
      /duplicate key "serial"/,
    ],
  ] as Array<[string, (good: string) => string | Buffer, RegExp]>)(
    '%s → exit 1, nothing sent, the file left alone',
    async (_name, corrupt, message) => {
      const v1 = testImages(3);
      const repo = await appliedRepo(v1);
      await repo.writeImages(retitled(v1, 'v2'));
      const good = (await repo.stateBytes())!.toString('utf8');
      const bad = Buffer.from(corrupt(good));
      expect(bad.equals(Buffer.from(good))).toBe(false); // the corruption did happen
      await writeFile(repo.statePath, bad);
      const r = await apply(repo);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain('.fwsync/state.json');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(emulator().requests).toEqual([]);
      expect(await repo.stateBytes()).toEqual(bad);
      expect(await repo.backupBytes()).toBeNull();
    },
  );
});

describe('A5: refusing to write over a state that moved', () => {
  it('apply --plan with a fresh plan applies it; once the state serial moved, the same plan is refused (exit 3)', async () => {
    const v1 = testImages(6);
    const repo = await appliedRepo(v1);
    const v2 = [...retitled(v1.slice(0, 2), 'v2'), ...v1.slice(2)];
    await repo.writeImages(v2);
    const planned = await fw(repo, ['plan', '--out', 'plan.json', '--detailed-exitcode']);
    expect(planned.code).toBe(2);
    await writeFile(path.join(repo.dir, 'plan-copy.json'), await readFile(path.join(repo.dir, 'plan.json')));

    // Another run moved the state (same content, serial 1 → 2): the saved plan is stale.
    const state = JSON.parse((await repo.stateBytes())!.toString('utf8')) as State;
    await writeFile(repo.statePath, JSON.stringify({ ...state, serial: 2 }, null, 2) + '\n');
    const stale = await apply(repo, ['--plan', 'plan.json']);
    expect(stale.code, stale.stderr).toBe(3);
    expect(stale.stderr).toMatch(/stale/);
    expect(stale.stderr).toMatch(/serial 1/);
    expect(emulator().requests).toEqual([]);

    // A plan made now is fresh and applies exactly its changes.
    expect((await fw(repo, ['plan', '--out', 'plan.json'])).code).toBe(0);
    const fresh = await apply(repo, ['--plan', 'plan.json']);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(putsSince(emulator()).map(sentGuids)).toEqual([guids(v2.slice(0, 2))]);
    expect(await recorded(repo)).toEqual(expected(v2));
    expect((await repo.state()).serial).toBe(3);

    // After that apply, the first plan (serial 1) is stale too, and the fresh one is used up.
    for (const file of ['plan-copy.json', 'plan.json']) {
      const again = await apply(repo, ['--plan', file]);
      expect(again.code, again.stderr).toBe(3);
    }
    expect(putsSince(emulator())).toHaveLength(1);
  });

  it('a state of another lineage: a saved plan is refused (exit 3), nothing sent, the file left alone', async () => {
    const v1 = testImages(3);
    const repo = await appliedRepo(v1);
    await repo.writeImages(retitled(v1, 'v2'));
    expect((await fw(repo, ['plan', '--out', 'plan.json'])).code).toBe(0);
    const state = JSON.parse((await repo.stateBytes())!.toString('utf8')) as State;
    const other =
      JSON.stringify({ ...state, lineage: '00000000-0000-4000-8000-000000000042' }, null, 2) + '\n';
    await writeFile(repo.statePath, other);
    const r = await apply(repo, ['--plan', 'plan.json']);
    expect(r.code, r.stderr).toBe(3);
    expect(emulator().requests).toEqual([]);
    expect((await repo.stateBytes())!.toString('utf8')).toBe(other);
  });

  /**
   * Applies 8 images on a slow emulator, then applies an edit of all of them and, while its
   * first batch is in flight, replaces the state file with `replace(state)`: what another run
   * (and a `git pull`) does behind the apply's back.
   */
  async function stateReplacedMidApply(slow: Emulator, replace: (state: State) => State) {
    const v1 = testImages(8);
    const repo = await makeImageRepo({ images: v1 });
    expect((await apply(repo, [], slow)).code).toBe(0);
    await repo.writeImages(retitled(v1, 'v2'));
    const state = JSON.parse((await repo.stateBytes())!.toString('utf8')) as State;
    const other = JSON.stringify(replace(state), null, 2) + '\n';
    const mark = slow.requests.length;
    // The first batch is held long enough to swap the file under the running apply.
    slow.script({ kind: 'delay', ms: 1500, match: { path: 'update_images' } });
    const child = startCli(['apply', '--yes'], { cwd: repo.dir, env: emulatorEnv(slow) });
    await waitFor('the first batch in flight', () => putsSince(slow, mark).length >= 1);
    await writeFile(repo.statePath, other);
    const r = await child;
    return { r, repo, v1, state, other, mark };
  }

  it('a state replaced by another lineage while the apply runs: the final write is refused (exit 3), the journal kept', async () => {
    const slow = await startEmulator({ seed: generateSeed(20, PLAIN_INVENTORY), latencyMs: 100 });
    try {
      // e.g. a `git pull` brought another history
      const { r, repo, v1, other } = await stateReplacedMidApply(slow, (state) => ({
        ...state,
        lineage: '00000000-0000-4000-8000-000000000042',
      }));
      expect(r.exitCode, String(r.stderr)).toBe(3);
      expect(String(r.stderr)).toMatch(/lineage/);
      expect((await repo.stateBytes())!.toString('utf8')).toBe(other);
      // What was confirmed is not lost: it stays in the journal, and the next run says so.
      expect(
        journalBatches(await repo.journalText())
          .flat()
          .sort(),
      ).toEqual(guids(v1));
      const next = await apply(repo, [], slow);
      expect(next.code).toBe(1);
      expect(next.stderr).toMatch(/journal/);
    } finally {
      await slow.close();
    }
  });

  it('another writer bumps the serial (same lineage) while the apply runs: the final write is refused (exit 3), its file kept, the journal kept', async () => {
    const slow = await startEmulator({ seed: generateSeed(20, PLAIN_INVENTORY), latencyMs: 100 });
    try {
      // Same lineage and content, one serial further: what a concurrent `fwsync apply` elsewhere
      // (then a `git pull`) leaves behind.
      const { r, repo, v1, state, other, mark } = await stateReplacedMidApply(slow, (s) => ({
        ...s,
        serial: 2,
      }));
      expect(state.serial).toBe(1);
      expect(r.exitCode, String(r.stderr)).toBe(3);
      expect(String(r.stderr)).toMatch(/state changed since plan: serial 1 → 2/);
      expect(String(r.stderr)).toContain('8 confirmed update(s) are kept in state.json.journal');
      expect(String(r.stderr)).not.toMatch(/internal error|\n\s+at /);
      expect(putsSince(slow, mark).flatMap(sentGuids).sort()).toEqual(guids(v1));
      expect((await repo.stateBytes())!.toString('utf8')).toBe(other);
      expect(
        journalBatches(await repo.journalText())
          .flat()
          .sort(),
      ).toEqual(guids(v1));
    } finally {
      await slow.close();
    }
  });
});

describe('the commit each image was applied from', () => {
  const git = (cwd: string, args: string[]) =>
    execa('git', ['-c', 'user.name=fwsync test', '-c', 'user.email=test@example.invalid', ...args], {
      cwd,
      env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });

  it('inside a git repository, state.images[guid].commit is HEAD at apply time; outside one it is null', async () => {
    const v1 = testImages(3);
    const outside = await makeImageRepo({ images: v1 });
    expect((await apply(outside)).code).toBe(0);
    for (const image of v1) expect((await outside.state()).images[image.guid]?.commit).toBeNull();

    const repo = await makeImageRepo({ images: v1 });
    await git(repo.dir, ['init', '-q']);
    await git(repo.dir, ['add', '-A']);
    await git(repo.dir, ['commit', '-q', '--no-gpg-sign', '-m', 'images v1']);
    const first = (await git(repo.dir, ['rev-parse', 'HEAD'])).stdout.trim();
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    const r = await apply(repo);
    expect(r.code, r.stderr).toBe(0);
    const state = await repo.state();
    expect(Object.keys(state.images).sort()).toEqual(guids(v1));
    for (const image of v1) expect(state.images[image.guid]?.commit).toBe(first);

    // A later commit changing one image: that image records the new HEAD, the others keep theirs.
    const v2 = [...retitled(v1.slice(0, 1), 'v2'), ...v1.slice(1)];
    await repo.writeImages(v2);
    await git(repo.dir, ['commit', '-q', '--no-gpg-sign', '-am', 'image 1 v2']);
    const second = (await git(repo.dir, ['rev-parse', 'HEAD'])).stdout.trim();
    expect(second).not.toBe(first);
    expect((await apply(repo)).code).toBe(0);
    const after = await repo.state();
    expect(after.images[v1[0]!.guid]?.commit).toBe(second);
    for (const image of v1.slice(1)) expect(after.images[image.guid]?.commit).toBe(first);
  });
});

describe('A6: the state is rewritten only when its content changes', () => {
  it('a no-change apply keeps the bytes, the serial and writes no backup; a changing apply keeps the previous bytes as .backup', async () => {
    const v1 = testImages(5);
    const repo = await makeImageRepo({ images: v1 });
    const first = await apply(repo);
    expect(first.code, first.stderr).toBe(0);
    const bytes1 = await repo.stateBytes();
    expect(JSON.parse(bytes1!.toString('utf8'))).toMatchObject({ serial: 1, version: 2 });
    expect(bytes1!.toString('utf8').endsWith('}\n')).toBe(true);
    expect(await repo.backupBytes()).toBeNull();

    const noop = await apply(repo);
    expect(noop.code, noop.stderr).toBe(0);
    expect(await repo.stateBytes()).toEqual(bytes1);
    expect(await repo.backupBytes()).toBeNull();
    expect(putsSince(emulator())).toHaveLength(2); // 5 images in batches of 4: the first apply only

    await repo.writeImages([...retitled(v1.slice(0, 1), 'v2'), ...v1.slice(1)]);
    const change = await apply(repo);
    expect(change.code, change.stderr).toBe(0);
    expect(await repo.backupBytes()).toEqual(bytes1);
    expect((await repo.state()).serial).toBe(2);
  });
});
