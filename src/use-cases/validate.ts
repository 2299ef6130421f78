// `fwsync validate`: the inputs, loaded and checked; every problem fails with exit 1.

import { failOnIssues, loadInputs, type ConfigChoice, type Inputs } from './load-inputs.js';
import type { Ports } from './ports.js';

export async function validate(ports: Ports, opts: ConfigChoice): Promise<Inputs> {
  const inputs = await loadInputs(ports, opts);
  failOnIssues(inputs.issues);
  return inputs;
}
