// The apply benchmark (called by scripts/bench.mjs as `--only apply`): the compiled CLI applies
// N changed images to the emulator, which runs as a separate process (`fwsync emulator`) with a
// fixed latency per request, so the client's own overhead shows against a simple model:
//
//   model = (1 + ceil((ceil(N / 50) - 1) / concurrency)) × latency      the read before sending
//         + ceil(ceil(N / batch_size) / concurrency) × latency            the updates
//
// i.e. the time the requests alone must take when `concurrency` of them are always in flight.
// Before its first update an apply reads every image it is about to send (list_images with a
// guid_filter of 50, products included), to refuse an update that would delete products for
// sale; the first group of 50 is read alone (see src/adapters/finerworks-paging.ts).
// Goals: wall ≤ 1.1 × model + 1 s, and persisting the state (journal appends + the final
// write, as printed by `--verbose`) ≤ 5 % of the wall time at 100k images.
//
// Each case: N images in 100 YAML files and no state, so every image is an `adopt` and is sent.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import http from 'node:http';
import path from 'node:path';

const FILES = 100;
const BATCH_SIZE = 25;
const CONCURRENCY = 2;
const READ_PAGE = 50;
const CASES = [
  { n: 1_000, latencyMs: 100 },
  { n: 10_000, latencyMs: 100 },
  // The persistence share is measured at the same realistic latency (about 6 minutes).
  { n: 100_000, latencyMs: 100 },
];
const WALL_FACTOR = 1.1;
const WALL_SLACK_MS = 1_000;
const PERSIST_SHARE_GOAL = 0.05;

/** Deterministic, v4-shaped, distinct for every i. */
function guidFor(i) {
  const h = createHash('sha256').update(`bench-apply-${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const q = (s) => JSON.stringify(s); // a JSON string is a valid YAML double-quoted scalar

/** The seed for the emulator (the account as it is) and the repository (what we want). */
function makeCase(benchDir, n) {
  const dir = path.join(benchDir, `apply-${n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'repo', 'images'), { recursive: true });
  const seed = { images: [] };
  const perFile = Math.ceil(n / FILES);
  for (let f = 0; f < FILES; f++) {
    const lines = ['version: 1', 'images:'];
    for (let i = f * perFile; i < Math.min(n, (f + 1) * perFile); i++) {
      const guid = guidFor(i);
      seed.images.push({ guid, title: `Old title ${i}`, description: `Old description ${i}.`, products: [] });
      lines.push(
        `  - guid: ${guid}`,
        `    title: ${q(`Harbour at dawn ${i}`)}`,
        `    description: ${q(`Quiet water, amber light and a stone pier, number ${i}.`)}`,
      );
    }
    writeFileSync(
      path.join(dir, 'repo', 'images', `part-${String(f).padStart(3, '0')}.yaml`),
      `${lines.join('\n')}\n`,
    );
  }
  writeFileSync(
    path.join(dir, 'repo', 'fwsync.config.yaml'),
    `version: 1\napi:\n  batch_size: ${BATCH_SIZE}\n  concurrency: ${CONCURRENCY}\n`,
  );
  const seedFile = path.join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));
  return { repo: path.join(dir, 'repo'), seedFile };
}

/** `fwsync emulator` as its own process; resolves with its env lines once it listens. */
function startEmulatorProcess(cli, seedFile, latencyMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cli, 'emulator', '--port', '0', '--seed', seedFile, '--latency-ms', String(latencyMs)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let done = false;
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const env = {};
      for (const m of out.matchAll(/^export (FINERWORKS_[A-Z_]+)=(\S+)$/gm)) env[m[1]] = m[2];
      if (!done && env.FINERWORKS_API_URL && env.FINERWORKS_WEB_API_KEY && env.FINERWORKS_APP_KEY) {
        done = true;
        resolve({ child, env, admin: new URL(env.FINERWORKS_API_URL).origin + '/__emulator' });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!done) reject(new Error(`the emulator exited with code ${code}: ${err.slice(0, 500)}`));
    });
  });
}

function stopEmulatorProcess(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

/**
 * Runs the CLI as a child like bench.mjs's measure() (wall time, peak RSS through the same
 * reporter), but keeps stderr: `--verbose` prints the persistence timing there.
 */
function runTimed(benchDir, argv, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const reporter = path.join(benchDir, 'rss-reporter.mjs');
    const rssFile = path.join(benchDir, `rss-apply-${process.pid}.txt`);
    const pre = existsSync(reporter) ? ['--import', reporter] : [];
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [...pre, ...argv], {
      cwd,
      env: { ...process.env, ...env, FWSYNC_RSS_FILE: rssFile, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const rssKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
      rmSync(rssFile, { force: true });
      resolve({ code, wallMs, rssMb: rssKb / 1024, stderr });
    });
  });
}

/** A call to the emulator's admin endpoints (node:http: scripts get no fetch global). */
function adminJson(admin, what, method = 'GET') {
  return new Promise((resolve, reject) => {
    const req = http.request(`${admin}/${what}`, { method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200)
          return reject(new Error(`${method} ${admin}/${what}: HTTP ${res.statusCode}`));
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Called by scripts/bench.mjs with { root, benchDir, cli, measure, runs }; measure() is not used
 * because it drops stderr, where the persistence timing is. */
export async function benchApply({ benchDir, cli, runs }) {
  const runCount = Math.max(1, Number(runs) || 1);
  console.log(
    `\napply (batch_size ${BATCH_SIZE}, concurrency ${CONCURRENCY}; emulator in its own process; median of ${runCount} run${runCount === 1 ? '' : 's'})`,
  );
  console.log(
    'changed   latency   wall        model       wall/model  goal (1.1×model+1 s)  reads+PUTs  persisted (journal)        share    RSS',
  );
  const failures = [];
  for (const { n, latencyMs } of CASES) {
    const { repo, seedFile } = makeCase(benchDir, n);
    const emulator = await startEmulatorProcess(cli, seedFile, latencyMs);
    try {
      const results = [];
      for (let run = 0; run < runCount; run++) {
        // A fresh start: no state (every image is an adopt), an empty request log.
        rmSync(path.join(repo, '.fwsync'), { recursive: true, force: true });
        await adminJson(emulator.admin, 'requests', 'DELETE');
        const r = await runTimed(benchDir, [cli, 'apply', '--yes', '--verbose'], {
          cwd: repo,
          env: emulator.env,
        });
        if (r.code !== 0) throw new Error(`apply of ${n} images exited ${r.code}: ${r.stderr.slice(-800)}`);
        const m = /timing: state persisted in (\d+) ms \(journal (\d+) ms\)/.exec(r.stderr);
        if (!m) throw new Error(`apply of ${n} images printed no persistence timing (is --verbose wired?)`);
        const log = await adminJson(emulator.admin, 'requests');
        const puts = log.requests.filter((x) => x.method === 'PUT').length;
        const reads = log.requests.filter((x) => x.path.endsWith('/list_images')).length;
        results.push({ ...r, persistMs: Number(m[1]), journalMs: Number(m[2]), puts, reads });
      }
      results.sort((a, b) => a.wallMs - b.wallMs);
      const r = results[Math.floor(results.length / 2)];
      const requests = Math.ceil(n / BATCH_SIZE);
      const readRequests = Math.ceil(n / READ_PAGE);
      const modelMs =
        (1 + Math.ceil((readRequests - 1) / CONCURRENCY)) * latencyMs +
        Math.ceil(requests / CONCURRENCY) * latencyMs;
      const goalMs = WALL_FACTOR * modelMs + WALL_SLACK_MS;
      const share = r.persistMs / r.wallMs;
      const wallOk = r.wallMs <= goalMs;
      const shareOk = n < 100_000 || share <= PERSIST_SHARE_GOAL;
      if (!wallOk) failures.push(`${n}: wall ${secs(r.wallMs)} > goal ${secs(goalMs)}`);
      if (!shareOk) failures.push(`${n}: persistence ${(share * 100).toFixed(1)} % of the wall time > 5 %`);
      if (r.puts !== requests) failures.push(`${n}: ${r.puts} PUT requests, expected ${requests}`);
      if (r.reads !== readRequests)
        failures.push(`${n}: ${r.reads} list_images requests, expected ${readRequests}`);
      console.log(
        [
          String(n).padStart(7),
          `${latencyMs} ms`.padStart(9),
          secs(r.wallMs).padStart(9),
          secs(modelMs).padStart(10),
          `${(r.wallMs / modelMs).toFixed(2)}×`.padStart(11),
          `${secs(goalMs).padStart(9)} ${wallOk ? 'ok  ' : 'MISS'}`.padStart(21),
          `${r.reads}+${r.puts}`.padStart(10),
          `${r.persistMs} ms (${r.journalMs} ms)`.padStart(22),
          `${(share * 100).toFixed(1)} %${n >= 100_000 ? (shareOk ? ' ok' : ' MISS') : ''}`.padStart(12),
          `${r.rssMb.toFixed(0)} MB`.padStart(7),
        ].join('  '),
      );
    } finally {
      await stopEmulatorProcess(emulator.child);
      rmSync(path.dirname(repo), { recursive: true, force: true });
    }
  }
  console.log(
    failures.length === 0
      ? 'apply goals met: wall ≤ 1.1 × model + 1 s; persistence ≤ 5 % of the wall time at 100k'
      : `apply goals missed:\n  ${failures.join('\n  ')}`,
  );
}
