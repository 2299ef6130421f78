// What `apply` takes and gives back.

import type { ApplyResult, Plan } from '../core/types.js';
import type { ConfigChoice } from './load-inputs.js';

export interface ApplyOptions extends ConfigChoice {
  /** A saved plan (apply --plan): applied only if a fresh plan has the same checksum. */
  savedPlan?: Plan;
  force?: boolean;
  /** Read the live values first (adopt → record when equal, drift shown). */
  refresh?: boolean;
  /** Read the sent images back afterwards and report fields not stored as sent. */
  verify?: boolean;
  /** Asked once the plan is known and something would be sent; false cancels. */
  confirm: (plan: Plan) => Promise<boolean>;
  onProgress?: (event: ApplyProgress) => void;
}

export interface ApplyProgress {
  done: number;
  total: number;
  failed: number;
  message: string;
}

export interface ApplyOutcome {
  plan: Plan;
  result: ApplyResult;
  cancelled: boolean;
}
