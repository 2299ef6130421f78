// Bundles the CLI and the GitHub Action into dist/ with esbuild. The output is committed
// (the Action runs it as is), so the build must be deterministic: CI rebuilds and compares.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';

const entryPoints = ['src/cli.ts', 'src/action.ts'].filter((p) => existsSync(p));
// Build next to dist/ and swap it in, so a test run that starts the CLI meanwhile never
// finds dist/ half-written or missing.
const tmp = `dist.tmp-${process.pid}`;
const old = `dist.old-${process.pid}`;

await build({
  entryPoints,
  outdir: tmp,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // Code splitting keeps `fwsync --help` fast: heavy modules load only when a command runs.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Some bundled CommonJS dependencies call require(); give ESM output a real one.
  banner: {
    js: "import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);",
  },
});

if (existsSync('dist')) renameSync('dist', old);
renameSync(tmp, 'dist');
rmSync(old, { recursive: true, force: true });
