// `fwsync plan`: the pure planner over the loaded inputs; with `refresh`, over the live values
// read from the account as well.

import { planChanges } from '../core/plan.js';
import type { Plan } from '../core/types.js';
import type { ConfigChoice, Inputs } from './load-inputs.js';
import { refreshForPlan } from './live-read.js';
import type { Ports } from './ports.js';
import { validate } from './validate.js';

export interface PlanOutcome {
  inputs: Inputs;
  plan: Plan;
}

export async function plan(ports: Ports, opts: ConfigChoice & { refresh?: boolean }): Promise<PlanOutcome> {
  // Without --refresh a plan needs only the state of the files it parses again.
  const inputs = await validate(ports, { ...opts, partialState: opts.refresh !== true });
  return { inputs, plan: await planFor(ports, inputs, opts.refresh === true) };
}

/** The plan for loaded inputs; with `refresh`, against the live values read from the account. */
export async function planFor(ports: Ports, inputs: Inputs, refresh: boolean): Promise<Plan> {
  const { config, state } = inputs;
  if (!refresh) {
    return planChanges({
      desired: inputs.desired,
      state,
      maxChangePercent: config.safety.max_change_percent,
      profile: inputs.profile,
      ...(inputs.tracked !== undefined ? { tracked: inputs.tracked } : {}),
    });
  }
  if (inputs.tracked !== undefined) {
    // A partial state cannot be compared with the account: a bug in the caller, never user input.
    throw new Error('planFor: a refresh needs the whole state (load it without partialState)');
  }
  // Refreshing parses every file (an image in a skipped file may have drifted too).
  const live = await refreshForPlan(ports, { config, state });
  inputs.desired = live.desired;
  inputs.liveRaw = live.raw;
  return planChanges({
    desired: live.desired,
    state,
    maxChangePercent: config.safety.max_change_percent,
    live: live.live,
    products: live.products,
    profile: inputs.profile,
  });
}
