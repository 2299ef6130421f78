// The YAML pre-scan alone, in-process, over the image files of the 100k benchmark repository
// (run `node scripts/bench.mjs --only plan --sizes 100000 --runs 1` first): `prescan` as it is,
// against its regular-expression rules run one by one over every file, which is what it did
// before the one-pass check in front of them (src/adapters/yaml/prescan.ts).
//
//   ./node_modules/.bin/node scripts/bench-prescan.mjs [rounds]
import { build } from 'esbuild';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 7);
const dir = path.join(root, '.bench', 'repo-100000-full', 'images');
const texts = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
const out = mkdtempSync(path.join(os.tmpdir(), 'fwsync-prescan-'));
try {
  const file = path.join(out, 'prescan.mjs');
  await build({
    entryPoints: [path.join(root, 'src/adapters/yaml/prescan.ts')],
    bundle: true,
    format: 'esm',
    outfile: file,
  });
  const { prescan, PRESCAN_RULES, opensMultilineQuote } = await import(pathToFileURL(file).href);
  // Before: every rule, the multi-line quote check, then the search for a flow sequence (the
  // same expression as FLOW_START), over every file.
  const flowStart = /(?:^|[\s[\]{},:?-])\[/m;
  const before = (text) => {
    for (const [name, re] of PRESCAN_RULES) if (re.test(text)) return name;
    if (opensMultilineQuote(text)) return 'multi-line-quoted';
    return flowStart.test(text) ? 'flow' : null;
  };
  const time = (fn) => {
    const start = performance.now();
    for (const text of texts) fn(text);
    return performance.now() - start;
  };
  const now = [];
  const then = [];
  for (let r = 0; r < rounds; r++) {
    then.push(time(before));
    now.push(time(prescan));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const mb = texts.reduce((n, t) => n + t.length, 0) / 1e6;
  console.log(
    `pre-scan over ${texts.length} files, ${mb.toFixed(1)} M characters, median of ${rounds} rounds:`,
  );
  console.log(`  the rules one by one (before): ${median(then).toFixed(0)} ms`);
  console.log(`  prescan now:                   ${median(now).toFixed(0)} ms`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
