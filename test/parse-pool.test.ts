// The parse pool (src/adapters/parse-pool.ts) is an optimisation, never a dependency: whatever
// its workers do — parse, fail to start, answer with an error, or exit mid-run — every file's
// result is what parsing it in this thread gives.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../src/core/canonical.js';
import { parseImageBytes } from '../src/adapters/image-parse.js';
import { parsePool, parseThreads } from '../src/adapters/parse-pool.js';
import { imagesYaml, testImages } from './support/repo.js';

// Six files of 3,000 images (about 2 MB): well past the 1 MB parsed in this thread first.
const files = Array.from({ length: 6 }, (_, f) => {
  const rel = `images/part-${f}.yaml`;
  let text = imagesYaml(testImages(3000, { from: 1 + f * 3000 }));
  // One broken file among them: its issues must come back the same way too.
  if (f === 4) text = text.replace('images:\n', 'images:\n  - guid: *nowhere\n');
  const bytes = new TextEncoder().encode(text);
  return { rel, bytes, hash: sha256(bytes) };
});
// Then every file of every fixture, valid and invalid (their issues and positions included):
// they come after the first megabyte, so a working pool parses all of them in its workers.
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
for (const kind of ['valid', 'invalid']) {
  for (const rel of readdirSync(path.join(FIXTURES, kind), { recursive: true, encoding: 'utf8' }).sort()) {
    if (!/\.ya?ml$/.test(rel)) continue;
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, kind, rel)));
    files.push({ rel: `${kind}/${rel}`, bytes, hash: sha256(bytes) });
  }
}
const inThread = files.map((f) => parseImageBytes(f.bytes, f.rel, f.hash));

async function parseAll(script: URL | null) {
  const pool = parsePool(2, script);
  try {
    const results = await Promise.all(files.map((f) => pool.parse(f.bytes, f.rel, f.hash)));
    return { results, stats: pool.stats() };
  } finally {
    await pool.close();
  }
}

const code = (js: string) => new URL(`data:text/javascript,${encodeURIComponent(js)}`);

describe('parse pool', () => {
  it('the broken file really is broken, and the others hold 3,000 images each', () => {
    expect(inThread[4]!.issues.map((i) => i.code)).toEqual(['yaml-alias']);
    expect(inThread.filter((r) => r.images.length === 3000)).toHaveLength(5);
    // Fixtures of both kinds are in the comparison.
    expect(
      inThread.filter((r) => r.source.path.startsWith('invalid/') && r.issues.length > 0).length,
    ).toBeGreaterThan(40);
    expect(
      inThread.filter((r) => r.source.path.startsWith('valid/') && r.images.length > 0).length,
    ).toBeGreaterThan(5);
  });

  const built = new URL('../dist/parse-worker.js', import.meta.url);
  it('the bundled worker gives what this thread gives', async () => {
    if (!existsSync(fileURLToPath(built)))
      throw new Error('dist/parse-worker.js is missing: run `npm run build` first');
    const { results, stats } = await parseAll(built);
    expect(results).toEqual(inThread);
    // The first megabyte is parsed here; the rest went to the two workers.
    expect(stats.threads).toBe(2);
    expect(stats.files).toBeGreaterThan(files.length - 6);
    expect(stats.files).toBeLessThan(files.length);
  });

  it('a worker that cannot start: every file is parsed in this thread', async () => {
    const { results, stats } = await parseAll(code('throw new Error("no start")'));
    expect(results).toEqual(inThread);
    expect(stats.files).toBe(0);
  });

  it('a worker that answers with an error: the file is parsed here, where errors are reported', async () => {
    const js =
      'import { parentPort } from "node:worker_threads";' +
      'parentPort.on("message", (r) => parentPort.postMessage({ id: r.id, error: "broken" }));';
    const { results, stats } = await parseAll(code(js));
    expect(results).toEqual(inThread);
    expect(stats.files).toBe(0);
  });

  it('a worker that exits with files in hand: they are parsed here', async () => {
    const js =
      'import { parentPort } from "node:worker_threads";' +
      'parentPort.on("message", () => process.exit(3));';
    const { results } = await parseAll(code(js));
    expect(results).toEqual(inThread);
  });

  it('no script (running from the sources): everything in this thread', async () => {
    const { results, stats } = await parseAll(null);
    expect(results).toEqual(inThread);
    expect(stats).toEqual({ files: 0, threads: 0 });
  });
});

describe('FWSYNC_PARSE_THREADS', () => {
  it('unset: one per core (none on one core), at most 8', () => {
    const n = parseThreads({});
    expect(n === 0 || (n >= 2 && n <= 8)).toBe(true);
    expect(parseThreads({ FWSYNC_PARSE_THREADS: '' })).toBe(n);
  });
  it('a number from 0 to 8 is taken as it is', () => {
    expect(parseThreads({ FWSYNC_PARSE_THREADS: '0' })).toBe(0);
    expect(parseThreads({ FWSYNC_PARSE_THREADS: '3' })).toBe(3);
  });
  it.each(['two', '-1', '1.5', '9'])('%s is refused with what to set instead', (raw) => {
    expect(() => parseThreads({ FWSYNC_PARSE_THREADS: raw })).toThrow(/not a whole number from 0 to 8/);
  });
});
