#!/usr/bin/env node
// The CLI entry point (package.json bin → dist/cli.js): the real terminal, then src/cli/main.ts.

import module from 'node:module';
import { nodeTooOld } from './cli/help.js';
import { processTerminal } from './cli/process-terminal.js';

const tooOld = nodeTooOld(process.version);
if (tooOld !== null) {
  process.stderr.write(tooOld);
  process.exitCode = 1;
} else {
  // V8's code cache on disk (in the OS temp folder, as tsc does): a run after the first skips
  // compiling the bundle (BENCHMARKS.md: 0.56 → 0.53 s and 130 → 110 MB for an incremental
  // plan of 100k images). Failing to cache is harmless; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  module.enableCompileCache?.();
  const { main } = await import('./cli/main.js');
  process.exitCode = await main(process.argv, processTerminal());
}
