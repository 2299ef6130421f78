import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FwsyncError } from '../src/errors.js';
import { LOCK_DIR_NAME, acquireLock, type LockInfo } from '../src/adapters/lock.js';

let dir: string;
let stateDir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-lock-'));
  stateDir = path.join(dir, '.fwsync'); // does not exist yet, as before a first apply
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<FwsyncError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FwsyncError);
  return error as FwsyncError;
}

/** A lock left behind by someone else. */
async function plantLock(info: Omit<LockInfo, 'token'>, ageMs = 0): Promise<string> {
  const lockDir = path.join(stateDir, LOCK_DIR_NAME);
  await mkdir(lockDir, { recursive: true });
  const infoPath = path.join(lockDir, 'info.json');
  await writeFile(infoPath, JSON.stringify({ ...info, token: 'planted' }));
  const t = new Date(Date.now() - ageMs);
  await utimes(infoPath, t, t);
  return lockDir;
}

/** The pid of a process that existed and is gone (SIGKILLed and reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const pid = child.pid!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return pid;
}

describe('acquireLock', () => {
  it('creates the state folder and records pid, host, start time and command', async () => {
    const lock = await acquireLock(stateDir, { command: 'apply', runId: '42' });
    expect(lock.warnings).toEqual([]);
    const info = JSON.parse(
      await readFile(path.join(stateDir, LOCK_DIR_NAME, 'info.json'), 'utf8'),
    ) as LockInfo;
    expect(info).toMatchObject({ pid: process.pid, hostname: os.hostname(), command: 'apply', run_id: '42' });
    expect(new Date(info.started_at).toISOString()).toBe(info.started_at);
    await lock.release();
  });

  it('refuses a second run, naming the holder, then works again after release', async () => {
    const first = await acquireLock(stateDir, { command: 'apply', runId: '7' });
    const error = await refusal(acquireLock(stateDir, { command: 'apply' }));
    expect(error.kind).toBe('refused');
    expect(error.message).toBe(
      `state is locked by pid ${process.pid} on host ${os.hostname()} since ${first.info.started_at} (fwsync apply, run 7)`,
    );
    expect(error.hint).toContain(path.join(stateDir, LOCK_DIR_NAME));

    await first.release();
    await first.release(); // idempotent
    expect(await readdir(stateDir)).toEqual([]);
    const second = await acquireLock(stateDir, { command: 'apply' });
    await second.release();
  });

  it('takes over the lock of a process on this host that no longer runs, with a warning', async () => {
    const pid = await deadPid();
    await plantLock({
      pid,
      hostname: os.hostname(),
      started_at: '2026-11-27T10:00:00.000Z',
      command: 'apply',
    });
    const lock = await acquireLock(stateDir, { command: 'apply' });
    expect(lock.warnings).toEqual([
      `took over a stale lock held by pid ${pid} on host ${os.hostname()} since 2026-11-27T10:00:00.000Z (fwsync apply): that process no longer runs`,
    ]);
    expect(lock.info.pid).toBe(process.pid);
    expect((await readdir(stateDir)).sort()).toEqual([LOCK_DIR_NAME]); // the old lock is gone, not renamed aside
    await lock.release();
  });

  it('respects a live process on this host however old its lock is', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await plantLock(
        {
          pid: child.pid!,
          hostname: os.hostname(),
          started_at: '2026-01-01T00:00:00.000Z',
          command: 'apply',
        },
        86_400_000,
      );
      const error = await refusal(acquireLock(stateDir, { command: 'plan' }));
      expect(error.message).toContain(`locked by pid ${child.pid}`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a holder on another host is respected while fresh and taken over once its heartbeat is old', async () => {
    const info = { pid: 1, hostname: 'build-box', started_at: '2026-11-27T09:00:00.000Z', command: 'apply' };
    await plantLock(info, 60_000);
    const error = await refusal(acquireLock(stateDir, { command: 'apply' }, { staleAfterMs: 10 * 60_000 }));
    expect(error.message).toContain('locked by pid 1 on host build-box since 2026-11-27T09:00:00.000Z');

    await plantLock(info, 11 * 60_000);
    const lock = await acquireLock(stateDir, { command: 'apply' }, { staleAfterMs: 10 * 60_000 });
    expect(lock.warnings).toHaveLength(1);
    expect(lock.warnings[0]).toMatch(
      /held by pid 1 on host build-box .*: its host has not refreshed it for 11 min/,
    );
    await lock.release();
  });

  it('a lock folder without info.json is "starting" at first, stale after the grace period', async () => {
    const lockDir = path.join(stateDir, LOCK_DIR_NAME);
    await mkdir(lockDir, { recursive: true });
    const error = await refusal(acquireLock(stateDir, { command: 'apply' }));
    expect(error.message).toBe('state is locked by a run that is starting');

    const old = new Date(Date.now() - 60_000);
    await utimes(lockDir, old, old);
    const lock = await acquireLock(stateDir, { command: 'apply' });
    expect(lock.warnings[0]).toMatch(/of an unknown process .*no readable info.json and is 60 s old/);
    await lock.release();
  });

  it('release leaves a lock alone that someone else took over', async () => {
    const lock = await acquireLock(stateDir, { command: 'apply' });
    await plantLock({
      pid: 99,
      hostname: 'elsewhere',
      started_at: '2026-11-27T09:00:00.000Z',
      command: 'apply',
    });
    await lock.release();
    const info = JSON.parse(
      await readFile(path.join(stateDir, LOCK_DIR_NAME, 'info.json'), 'utf8'),
    ) as LockInfo;
    expect(info.token).toBe('planted');
  });

  it('refreshes the heartbeat (mtime of info.json) while held', async () => {
    const lock = await acquireLock(stateDir, { command: 'apply' }, { heartbeatMs: 20 });
    const infoPath = path.join(stateDir, LOCK_DIR_NAME, 'info.json');
    const past = new Date(Date.now() - 3_600_000);
    await utimes(infoPath, past, past);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await stat(infoPath)).mtimeMs).toBeGreaterThan(past.getTime() + 3_000_000);
    await lock.release();
  });

  it('only one of many concurrent acquirers wins', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => acquireLock(stateDir, { command: 'apply' })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect((r.reason as FwsyncError).kind).toBe('refused');
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLock>>>).value.release();
  });
});

describe('a lock taken away while held (A9)', () => {
  const HEARTBEAT = 20;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const TAKEN = 'the state lock was taken away during the apply: ';

  /** Acquires with a fast heartbeat and records why, each time `compromised` aborts. */
  async function watchedLock(reasons: string[] = []) {
    const lock = await acquireLock(stateDir, { command: 'apply' }, { heartbeatMs: HEARTBEAT });
    lock.compromised.addEventListener('abort', () => {
      const message = (lock.compromised.reason as Error).message;
      reasons.push(message.startsWith(TAKEN) ? message.slice(TAKEN.length) : message);
    });
    return { lock, reasons };
  }

  it('fires once when the lock folder is removed, with a refused error as the abort reason', async () => {
    const { lock, reasons } = await watchedLock();
    await pause(3 * HEARTBEAT);
    expect(reasons).toEqual([]); // healthy beats say nothing
    expect(lock.compromised.aborted).toBe(false);

    await rm(lock.path, { recursive: true });
    await pause(10 * HEARTBEAT); // many beats: still a single report
    // A beat that was reading while rm ran may see info.json gone before the folder.
    const said = [`the lock folder ${lock.path} was removed`, 'its info.json is missing or unreadable'];
    expect(reasons).toHaveLength(1);
    expect(said).toContain(reasons[0]);
    expect(lock.compromised.aborted).toBe(true);
    const reason = lock.compromised.reason as FwsyncError;
    expect(reason).toBeInstanceOf(FwsyncError);
    expect(reason.kind).toBe('refused');
    expect(reason.message).toBe(`the state lock was taken away during the apply: ${reasons[0]}`);
    await lock.release();
    expect(await readdir(stateDir)).toEqual([]);
  });

  it("fires when info.json names another holder, and release leaves that holder's lock alone", async () => {
    const { lock, reasons } = await watchedLock();
    await writeFile(
      path.join(lock.path, 'info.json'),
      JSON.stringify({
        pid: 99,
        hostname: 'elsewhere',
        started_at: '2026-11-27T09:00:00.000Z',
        command: 'import',
        token: 'planted',
      }),
    );
    await pause(5 * HEARTBEAT);
    expect(reasons).toEqual([
      'it is now held by pid 99 on host elsewhere since 2026-11-27T09:00:00.000Z (fwsync import)',
    ]);
    expect(lock.compromised.aborted).toBe(true);
    await lock.release();
    const info = JSON.parse(await readFile(path.join(lock.path, 'info.json'), 'utf8')) as LockInfo;
    expect(info.token).toBe('planted');
  });

  it('fires when info.json is missing from the lock folder', async () => {
    const { lock, reasons } = await watchedLock();
    await rm(path.join(lock.path, 'info.json'));
    await pause(5 * HEARTBEAT);
    expect(reasons).toEqual(['its info.json is missing or unreadable']);
    await lock.release();
    // Not recognisably ours any more: the folder is left for its owner (or a person) to clear.
    expect(await readdir(stateDir)).toEqual([LOCK_DIR_NAME]);
  });

  it('never fires after release, and fires once per lock', async () => {
    const fired: string[] = [];
    const { lock } = await watchedLock(fired);
    await rm(lock.path, { recursive: true });
    await pause(5 * HEARTBEAT);
    expect(fired).toHaveLength(1);

    const { lock: second } = await watchedLock(fired);
    await second.release();
    await pause(5 * HEARTBEAT);
    expect(second.compromised.aborted).toBe(false);
    expect(fired).toHaveLength(1);
    await lock.release();
  });
});
