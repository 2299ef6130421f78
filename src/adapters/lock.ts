// A local lock next to the state file, so that two fwsync runs on one machine never plan and
// write over each other. (In CI every run has its own runner; there the workflow's
// concurrency group is the lock.)
//
// `mkdir` is the atomic step: it either creates `<stateDir>/.fwsync.lock/` or fails with
// EEXIST. The folder holds info.json (pid, host, start time, command), so a refusal can name
// the holder, as Terraform's lock.info does. A holder on this host whose pid no longer runs is
// stale at once: a run killed with SIGKILL must not block the next one. A holder on another
// host (a shared folder) cannot be checked, so it is stale only when its heartbeat (the mtime
// of info.json, touched every minute) is older than a long threshold.
//
// The heartbeat also checks that the lock is still ours: a lock folder removed by hand, an
// info.json now naming another holder, or a touch that fails means another run may be writing
// the state. That is reported once by aborting `compromised` (proper-lockfile's onCompromised
// idea, but its default throws from a timer and crashes the process; ours never throws).

import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import * as nodePath from 'node:path';
import { FwsyncError } from '../errors.js';
import { describeFsError, errorCode } from './atomic-file.js';

export const LOCK_DIR_NAME = '.fwsync.lock';
const INFO_FILE = 'info.json';

export interface LockInfo {
  pid: number;
  hostname: string;
  started_at: string;
  command: string;
  run_id?: string;
  /** Random id of this acquisition: release and take-over only touch the lock they saw. */
  token: string;
}

export interface Lock {
  /** The lock folder. */
  readonly path: string;
  readonly info: LockInfo;
  /** Stale locks that were taken over, naming their old holders. For the caller to show. */
  readonly warnings: string[];
  /**
   * Aborted (once) when a heartbeat finds the lock is no longer ours; `reason` is a
   * FwsyncError('refused') that says why. Never aborted after release().
   */
  readonly compromised: AbortSignal;
  /** Removes the lock if it is still ours (never another holder's). Idempotent. */
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  /** A holder on another host is stale once its heartbeat is older than this. Default 10 min. */
  staleAfterMs?: number;
  /** How often the holder checks and touches info.json. Default 60 s. */
  heartbeatMs?: number;
  /** A lock folder without readable info.json is being created for this long. Default 10 s. */
  creatingGraceMs?: number;
  now?: () => Date;
  hostname?: string;
}

interface Holder {
  info: LockInfo | null;
  /** Heartbeat time: mtime of info.json, or of the folder when info.json is unreadable. */
  seenMs: number;
}

export async function acquireLock(
  stateDir: string,
  info: { command: string; runId?: string },
  opts: AcquireLockOptions = {},
): Promise<Lock> {
  const staleAfterMs = opts.staleAfterMs ?? 10 * 60_000;
  const heartbeatMs = opts.heartbeatMs ?? 60_000;
  const creatingGraceMs = opts.creatingGraceMs ?? 10_000;
  const now = opts.now ?? (() => new Date());
  const hostname = opts.hostname ?? os.hostname();
  const lockDir = nodePath.join(stateDir, LOCK_DIR_NAME);
  const warnings: string[] = [];

  const mine: LockInfo = {
    pid: process.pid,
    hostname,
    started_at: now().toISOString(),
    command: info.command,
    ...(info.runId === undefined ? {} : { run_id: info.runId }),
    token: randomBytes(12).toString('hex'),
  };

  try {
    // The state file may not exist yet (first apply); its folder is created here.
    await fsp.mkdir(stateDir, { recursive: true });
  } catch (cause: unknown) {
    throw new FwsyncError('state', `cannot create the state folder ${stateDir} (${describeFsError(cause)})`, {
      cause,
    });
  }

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await fsp.mkdir(lockDir);
    } catch (cause: unknown) {
      if (errorCode(cause) !== 'EEXIST') {
        throw new FwsyncError('state', `cannot create the lock ${lockDir} (${describeFsError(cause)})`, {
          hint: 'Check that you may write to the folder of the state file.',
          cause,
        });
      }
      const holder = await readHolder(lockDir);
      if (!holder) continue; // released in the meantime
      const why = staleReason(holder, { hostname, now: now().getTime(), staleAfterMs, creatingGraceMs });
      if (why === null) throw lockedError(lockDir, holder);
      if (await takeOver(lockDir, holder)) {
        warnings.push(`took over a stale lock ${describeHolder(holder)}: ${why}`);
      }
      continue;
    }
    try {
      await writeInfo(lockDir, mine);
    } catch (cause: unknown) {
      await fsp.rm(lockDir, { recursive: true, force: true }).catch(() => undefined);
      throw new FwsyncError('state', `cannot write the lock ${lockDir} (${describeFsError(cause)})`, {
        cause,
      });
    }
    return holdLock(lockDir, mine, warnings, heartbeatMs);
  }
  throw new FwsyncError('refused', `could not take the lock ${lockDir}: other runs keep taking it`, {
    hint: 'Wait for the other fwsync runs on this machine to finish, then try again.',
  });
}

function holdLock(lockDir: string, info: LockInfo, warnings: string[], heartbeatMs: number): Lock {
  const infoPath = nodePath.join(lockDir, INFO_FILE);
  const compromised = new AbortController();
  let released = false;
  let beating = false;

  const compromise = (reason: string): void => {
    if (released || compromised.signal.aborted) return;
    clearInterval(timer);
    compromised.abort(
      new FwsyncError('refused', `the state lock was taken away during the ${info.command}: ${reason}`, {
        hint:
          `fwsync could no longer confirm that it holds ${lockDir}, so another run may be writing the ` +
          'same state. Make sure no other fwsync run is going, then run the command again.',
      }),
    );
  };

  // Runs from a timer: every failure becomes `compromise`, nothing may throw or reject.
  const beat = async (): Promise<void> => {
    let holder: Holder | null;
    try {
      holder = await readHolder(lockDir);
    } catch (cause: unknown) {
      return compromise(cause instanceof Error ? cause.message : String(cause));
    }
    if (released) return;
    if (holder === null) return compromise(`the lock folder ${lockDir} was removed`);
    if (holder.info === null) return compromise(`its ${INFO_FILE} is missing or unreadable`);
    if (holder.info.token !== info.token) {
      return compromise(`it is now ${describeHolder(holder)}`);
    }
    // A take-over between the read and the touch is seen by the next beat.
    const t = new Date();
    await fsp.utimes(infoPath, t, t).then(
      () => undefined,
      (cause: unknown) =>
        // ENOENT: removed between the read and the touch (the folder may still be on its way
        // out): say what happened, not how we noticed.
        compromise(
          errorCode(cause) === 'ENOENT'
            ? `the lock folder ${lockDir} was removed`
            : `refreshing ${INFO_FILE} failed (${describeFsError(cause)})`,
        ),
    );
  };
  // Never keeps the process alive; a slow file system never gets overlapping beats.
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    void beat()
      .catch(() => undefined)
      .finally(() => {
        beating = false;
      });
  }, heartbeatMs);
  timer.unref();

  return {
    path: lockDir,
    info,
    warnings,
    compromised: compromised.signal,
    async release(): Promise<void> {
      if (released) return;
      released = true;
      clearInterval(timer);
      const holder = await readHolder(lockDir);
      // Taken over meanwhile (we looked stale to someone): that lock is theirs now.
      if (holder?.info?.token !== info.token) return;
      // Rename first, so that nobody sees a half-removed lock folder without its info.json.
      const doomed = `${lockDir}.released-${randomBytes(6).toString('hex')}`;
      try {
        await fsp.rename(lockDir, doomed);
      } catch (cause: unknown) {
        if (errorCode(cause) === 'ENOENT') return;
        throw new FwsyncError('state', `cannot remove the lock ${lockDir} (${describeFsError(cause)})`, {
          hint: `Delete the folder ${lockDir} by hand.`,
          cause,
        });
      }
      await fsp.rm(doomed, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

async function writeInfo(lockDir: string, info: LockInfo): Promise<void> {
  // Through a rename, so a reader never sees a half-written info.json.
  const temp = nodePath.join(lockDir, `${INFO_FILE}.tmp`);
  await fsp.writeFile(temp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o644 });
  await fsp.rename(temp, nodePath.join(lockDir, INFO_FILE));
}

async function readHolder(lockDir: string): Promise<Holder | null> {
  const infoPath = nodePath.join(lockDir, INFO_FILE);
  try {
    const [text, stat] = await Promise.all([fsp.readFile(infoPath, 'utf8'), fsp.stat(infoPath)]);
    return { info: parseInfo(text), seenMs: stat.mtimeMs };
  } catch (cause: unknown) {
    if (errorCode(cause) !== 'ENOENT') throw lockUnreadable(lockDir, cause);
  }
  try {
    const stat = await fsp.stat(lockDir);
    return { info: null, seenMs: stat.mtimeMs };
  } catch (cause: unknown) {
    if (errorCode(cause) === 'ENOENT') return null;
    throw lockUnreadable(lockDir, cause);
  }
}

function parseInfo(text: string): LockInfo | null {
  try {
    const data = JSON.parse(text) as Partial<LockInfo> | null;
    if (
      typeof data === 'object' &&
      data !== null &&
      typeof data.pid === 'number' &&
      typeof data.hostname === 'string' &&
      typeof data.started_at === 'string' &&
      typeof data.command === 'string' &&
      typeof data.token === 'string'
    ) {
      return data as LockInfo;
    }
  } catch {
    // unreadable info is treated like a missing one
  }
  return null;
}

/** Why the holder is stale, or null when it must be respected. */
function staleReason(
  holder: Holder,
  ctx: { hostname: string; now: number; staleAfterMs: number; creatingGraceMs: number },
): string | null {
  const age = ctx.now - holder.seenMs;
  const { info } = holder;
  if (!info) {
    return age > ctx.creatingGraceMs ? `it has no readable ${INFO_FILE} and is ${formatAge(age)} old` : null;
  }
  if (info.hostname === ctx.hostname) {
    return pidRuns(info.pid) ? null : 'that process no longer runs';
  }
  return age > ctx.staleAfterMs ? `its host has not refreshed it for ${formatAge(age)}` : null;
}

function pidRuns(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: the process exists but belongs to another user.
    return errorCode(error) !== 'ESRCH';
  }
}

/** Moves the stale lock away if it is still the one we judged; false when someone beat us. */
async function takeOver(lockDir: string, judged: Holder): Promise<boolean> {
  const current = await readHolder(lockDir);
  if (!current || current.info?.token !== judged.info?.token) return false;
  const doomed = `${lockDir}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await fsp.rename(lockDir, doomed);
  } catch (cause: unknown) {
    if (errorCode(cause) === 'ENOENT') return false;
    throw lockUnreadable(lockDir, cause);
  }
  await fsp.rm(doomed, { recursive: true, force: true }).catch(() => undefined);
  return true;
}

function describeHolder(holder: Holder): string {
  const { info } = holder;
  if (!info)
    return `of an unknown process (no readable ${INFO_FILE}, last touched ${new Date(holder.seenMs).toISOString()})`;
  const run = info.run_id === undefined ? '' : `, run ${info.run_id}`;
  return `held by pid ${info.pid} on host ${info.hostname} since ${info.started_at} (fwsync ${info.command}${run})`;
}

function lockedError(lockDir: string, holder: Holder): FwsyncError {
  const by = holder.info ? describeHolder(holder).replace(/^held /, '') : 'by a run that is starting';
  return new FwsyncError('refused', `state is locked ${by}`, {
    hint:
      'Another fwsync run is using this state; wait for it to finish and try again. ' +
      `If that run is gone (for example on another machine), delete the folder ${lockDir} and try again.`,
  });
}

function lockUnreadable(lockDir: string, cause: unknown): FwsyncError {
  return new FwsyncError('state', `cannot read the lock ${lockDir} (${describeFsError(cause)})`, {
    hint: 'Check the permissions of the folder of the state file.',
    cause,
  });
}

function formatAge(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${Math.round(m / 60)} h`;
}
