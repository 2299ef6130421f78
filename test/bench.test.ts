// `npm run bench` (scripts/bench.mjs) on its smallest plan case, against the built CLI: it
// runs, and it prints the full and incremental plan lines with a wall time and a peak RSS,
// next to the JSON.parse floor. It writes only under .bench/ (git-ignored).
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from './support/cli.js';

const SECONDS_MB = String.raw`(\d+\.\d{2}) s +(\d+) MB`;

describe('npm run bench', () => {
  it('--only plan --sizes 1000 --runs 1: exit 0, full and incremental plan lines with time and RSS, and the floor', async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    const r = await execa(
      process.execPath,
      [path.join('scripts', 'bench.mjs'), '--only', 'plan', '--sizes', '1000', '--runs', '1'],
      { cwd: ROOT, reject: false, timeout: 20_000 },
    );
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const out = String(r.stdout);
    expect(out).toMatch(/^fwsync benchmark — \d{4}-\d{2}-\d{2}, node v\d+\./m);
    expect(out).toMatch(/^plan \(median of 1 runs; peak RSS is the largest seen\)$/m);

    const full = new RegExp(`^full plan, 1000 images +${SECONDS_MB} +${SECONDS_MB}$`, 'm').exec(out);
    expect(full, out).not.toBeNull();
    const incremental = new RegExp(`^incremental \\(1/100 files\\), 1000 +${SECONDS_MB}$`, 'm').exec(out);
    expect(incremental, out).not.toBeNull();
    // fwsync's wall time and RSS, then the floor's (full plan line), then incremental's own.
    const [, fullS, fullMb, floorS, floorMb] = full!.map(Number);
    const [, incS, incMb] = incremental!.map(Number);
    for (const seconds of [fullS, floorS, incS]) expect(seconds).toBeGreaterThan(0);
    for (const mb of [fullMb, floorMb, incMb]) expect(mb).toBeGreaterThan(0);
    // No other size was run.
    expect(out).not.toMatch(/\b10000\b/);
  }, 25_000);
});
