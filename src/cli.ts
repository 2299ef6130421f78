#!/usr/bin/env node
// The CLI entry point (package.json bin → dist/cli.js): the real terminal, then src/cli/main.ts.

import { processTerminal } from './cli/process-terminal.js';

const [major] = process.versions.node.split('.').map(Number);
if ((major ?? 0) < 22) {
  process.stderr.write(`error: fwsync needs Node.js 22 or newer; this is ${process.version}.\n`);
  process.exitCode = 1;
} else {
  const { main } = await import('./cli/main.js');
  process.exitCode = await main(process.argv, processTerminal());
}
