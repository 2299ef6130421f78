// Bundles the CLI and the GitHub Action into dist/ with esbuild. The output is committed
// (the Action runs it as is), so the build must be deterministic: CI rebuilds and compares.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

const entryPoints = ['src/cli.ts', 'src/action.ts'].filter((p) => existsSync(p));
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints,
  outdir: 'dist',
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
