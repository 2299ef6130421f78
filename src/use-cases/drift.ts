// `fwsync drift` (CLI and the Action's drift job): the live values of every image the YAML or
// the state names, compared with both.

import { computeDrift, desiredByGuid, type DriftReport } from '../core/drift.js';
import type { ConfigChoice } from './load-inputs.js';
import { apiFor, readLive, readingFor } from './live-read.js';
import type { Ports } from './ports.js';
import { validate } from './validate.js';

export async function driftReport(ports: Ports, opts: ConfigChoice): Promise<DriftReport> {
  const { config, state, desired } = await validate(ports, opts);
  const guids = [...new Set([...desiredByGuid(desired, state).keys(), ...Object.keys(state?.images ?? {})])];
  const read = await readLive(apiFor(ports, config), {
    library: config.library,
    guids,
    listProducts: false,
    ...readingFor(ports, config),
  });
  return computeDrift({ live: read.live, state, desired, library: config.library.name });
}
