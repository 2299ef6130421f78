// Drift: what changed on FinerWorks outside fwsync, compared with the state and the YAML files.
// One function for both entry points: the CLI's `fwsync drift` renders the report for a
// terminal or a pipe, the Action's drift job for the job summary.

import { computeDrift, desiredByGuid, type DriftReport } from '../core/drift.js';
import { readLive, retryingCaller } from '../live.js';
import { apiFor, validate, type Deps } from '../run.js';

export async function driftReport(deps: Deps, opts: { configPath?: string }): Promise<DriftReport> {
  const { config, state, desired } = await validate(deps, opts);
  // Every image the YAML files or the state know of: a tracked image removed from the YAML
  // still counts, it may have been changed (or deleted) on FinerWorks meanwhile.
  const guids = [...new Set([...desiredByGuid(desired, state).keys(), ...Object.keys(state?.images ?? {})])];
  const read = await readLive(apiFor(deps, config), {
    library: config.library,
    guids,
    listProducts: false,
    call: retryingCaller(deps, config),
  });
  return computeDrift({ live: read.live, state, desired });
}
