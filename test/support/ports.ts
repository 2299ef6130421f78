// Ports for in-process tests of the use cases: the real adapters over a temporary folder, with
// the FinerWorks API, the clock and the logger replaced where a test says so.

import { nodePorts } from '../../src/adapters/node-ports.js';
import type { FinerWorksApi } from '../../src/core/finerworks-types.js';
import type { Logger, Ports } from '../../src/use-cases/ports.js';

export interface TestPortsOptions {
  cwd: string;
  api?: FinerWorksApi;
  env?: Record<string, string | undefined>;
  now?: () => Date;
  log?: Logger;
  signal?: AbortSignal;
  overrides?: Partial<Ports>;
}

export const silentLog: Logger = { info: () => undefined, warn: () => undefined, verbose: () => undefined };

/** Records every message, prefixed with its level (`warn: …`, `verbose: …`; info unprefixed). */
export function recordingLog(lines: string[]): Logger {
  return {
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warn: ${m}`),
    verbose: (m) => lines.push(`verbose: ${m}`),
  };
}

export function testPorts(opts: TestPortsOptions): Ports {
  const ports = nodePorts({
    cwd: opts.cwd,
    env: opts.env ?? {},
    signal: opts.signal ?? new AbortController().signal,
    log: opts.log ?? silentLog,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const api = opts.api;
  return { ...ports, ...(api ? { finerworks: () => api } : {}), ...opts.overrides };
}
