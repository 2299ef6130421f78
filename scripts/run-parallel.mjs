// Runs npm scripts side by side, at most one per CPU, and prints each one's output in one piece
// when it ends (never interleaved), with its time. Exits 1 when any of them failed, after all
// have ended, so one run shows every failing check. `npm test` uses it for the static checks:
// tsc, eslint and prettier are each single-threaded, so on two cores they take the time of
// the longest instead of the sum.
//
//   node scripts/run-parallel.mjs lint typecheck format:check lint:deps build
//
// Scripts start in the order given: put the longest first.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/run-parallel.mjs <npm script>...');
  process.exit(2);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const slots = Math.max(1, Math.min(names.length, availableParallelism()));

/** Runs `npm run name`, output captured (stdout and stderr in the order written). */
function run(name) {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(npm, ['run', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const ok = code === 0;
      const how = ok ? 'ok' : signal ? `killed by ${signal}` : `FAILED (exit ${code})`;
      const output = Buffer.concat(chunks).toString('utf8').trimEnd();
      process.stdout.write(`\n> npm run ${name}: ${how}, ${seconds} s\n${output ? `${output}\n` : ''}`);
      resolve(ok);
    });
  });
}

const queue = [...names];
const failed = [];
await Promise.all(
  Array.from({ length: slots }, async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      if (!(await run(name))) failed.push(name);
    }
  }),
);
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.map((n) => `npm run ${n}`).join(', ')}`);
  process.exit(1);
}
