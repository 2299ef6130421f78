// The one place the Action turns its Ports into today's use-case `Deps` (src/run.ts, src/live.ts).
// Removed when the use cases take Ports: the jobs then pass `job.ports` where they pass
// `job.deps` now.

import type { Deps } from '../run.js';
import type { Ports } from '../use-cases/ports.js';

export function legacyDeps(ports: Ports): Deps {
  return {
    cwd: ports.cwd,
    env: ports.env,
    now: () => ports.clock.now(),
    signal: ports.signal,
    log: ports.log,
  };
}
