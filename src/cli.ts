#!/usr/bin/env node
// The CLI entry point (package.json bin → dist/cli.js): the real terminal, then src/cli/main.ts.

import { nodeTooOld } from './cli/help.js';
import { processTerminal } from './cli/process-terminal.js';

const tooOld = nodeTooOld(process.version);
if (tooOld !== null) {
  process.stderr.write(tooOld);
  process.exitCode = 1;
} else {
  const { main } = await import('./cli/main.js');
  process.exitCode = await main(process.argv, processTerminal());
}
