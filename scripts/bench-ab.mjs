// Side-by-side timing on a machine whose speed drifts: runs each command in turn, N rounds, so
// every command sees the same moments, and prints each one's median wall time and peak RSS.
// BENCHMARKS.md compares builds with it (e.g. the current dist/ against an older commit's,
// built in a git worktree).
//
//   node scripts/bench-ab.mjs <rounds> 'label|shell command' 'label|shell command' ...
//
// Uses /usr/bin/time (GNU time) for wall time and peak RSS; output of the commands is dropped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [roundsArg, ...specs] = process.argv.slice(2);
const rounds = Number(roundsArg);
if (!Number.isInteger(rounds) || rounds < 1 || specs.length === 0 || specs.some((s) => !s.includes('|'))) {
  console.error("usage: node scripts/bench-ab.mjs <rounds> 'label|command' ...");
  process.exit(2);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'fwsync-ab-'));
const timeFile = path.join(dir, 'time.txt');
const cases = specs.map((spec) => {
  const i = spec.indexOf('|');
  return { label: spec.slice(0, i), command: spec.slice(i + 1), wall: [], rss: [] };
});
try {
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      try {
        execFileSync('/usr/bin/time', [
          '-o',
          timeFile,
          '-f',
          '%e %M',
          'sh',
          '-c',
          `${c.command} >/dev/null 2>&1`,
        ]);
      } catch {
        console.error(`"${c.label}" exited with an error: ${c.command}`);
        process.exit(1);
      }
      const [wall, rssKb] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
      c.wall.push(wall);
      c.rss.push(rssKb / 1024);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const c of cases) {
  const sorted = [...c.wall].sort((a, b) => a - b);
  console.log(
    `${c.label.padEnd(24)} median ${median(c.wall).toFixed(2)} s (min ${sorted[0].toFixed(2)}, max ${sorted.at(-1).toFixed(2)}), peak RSS median ${median(c.rss).toFixed(0)} MB`,
  );
}
