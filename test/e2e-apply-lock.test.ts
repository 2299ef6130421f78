// The state lock is taken away while an apply runs. The CLI (in this process, with a lock whose
// heartbeat is 50 ms instead of a minute) must stop starting batches, save what FinerWorks
// confirmed, and fail with a clear message (exit 3, no stack trace); the next run sends the rest.

import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSeed, startEmulator } from '../src/emulator/server.js';
import { acquireLock } from '../src/adapters/lock.js';
import { runCli } from './support/cli.js';
import {
  LOCK_DIR,
  emulatorEnv,
  guidsOf,
  journalBatches,
  makeImageRepo,
  putsSince,
  recordedFields,
  expectedFields,
  sentGuids,
  testImages,
  useApplySuite,
  waitFor,
  PLAIN_INVENTORY,
} from './support/repo.js';

const { apply } = useApplySuite();

describe('the lock is taken away during an apply', () => {
  it('sends no further batch, saves the confirmed ones, exits 3 naming the lost lock; the rerun sends the rest', async () => {
    const slow = await startEmulator({ seed: generateSeed(20, PLAIN_INVENTORY) });
    // Batch 2 is held long enough that the lock is surely removed while it is in flight.
    slow.script({ kind: 'delay', ms: 3000, match: { path: 'update_images', nth: 2 } });
    try {
      const v1 = testImages(12); // three batches of 4
      const repo = await makeImageRepo({ images: v1 });
      const child = runCli(['apply', '--yes'], {
        cwd: repo.dir,
        env: emulatorEnv(slow),
        ports: (p) => ({
          ...p,
          lock: { acquire: (dir, info) => acquireLock(dir, info, { heartbeatMs: 50 }) },
        }),
      });
      await waitFor(
        'batch 1 confirmed and batch 2 in flight',
        async () => putsSince(slow).length === 2 && journalBatches(await repo.journalText()).length === 1,
      );
      await rm(path.join(repo.dir, LOCK_DIR), { recursive: true });
      const r = await child;
      const stderr = r.stderr;
      expect(r.code, stderr).toBe(3);
      // (A heartbeat that reads while rm runs may see info.json gone before the folder.)
      expect(stderr).toMatch(
        /error: the state lock was taken away during the apply: (the lock folder .* was removed|its info\.json is missing)/,
      );
      expect(stderr).toContain(
        '4 confirmed image(s) were saved to the state; the next apply sends the other 8.',
      );
      expect(stderr).not.toMatch(/internal error|\n\s+at /);
      // Give a stray request time to show up: there must be none after the compromise.
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(putsSince(slow)).toHaveLength(2);

      // Batch 1 is in the state; the in-flight batch 2 was aborted, its outcome unknown.
      expect(await recordedFields(repo)).toEqual(expectedFields(v1.slice(0, 4)));
      expect(repo.exists('.fwsync/state.json.journal')).toBe(false);
      expect(repo.exists(LOCK_DIR)).toBe(false);

      const mark = slow.requests.length;
      const rerun = await apply(repo, [], slow);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(putsSince(slow, mark).flatMap(sentGuids)).toEqual(guidsOf(v1.slice(4)));
      expect(await recordedFields(repo)).toEqual(expectedFields(v1));
    } finally {
      await slow.close();
    }
  });
});
