// What `apply` takes and gives back.

import type { ProductGuard } from '../core/product-guard.js';
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
  /**
   * Send images that have virtual inventory products (the update removes them). Without it,
   * such images are refused, named with their products, and the others are applied.
   */
  allowProductRemoval?: boolean;
  /**
   * Asked once the plan is known and something would be sent, after the images to send were
   * read from the account (`guard` says which are refused and which lose products); false cancels.
   */
  confirm: (plan: Plan, context: ConfirmContext) => Promise<boolean>;
  /** Throws when `confirm` could not ask (no terminal): called before the account is read. */
  checkConfirmable?: (plan: Plan) => void;
  onProgress?: (event: ApplyProgress) => void;
}

export interface ConfirmContext {
  /** Which images are refused and which lose products; null when nothing is sent. */
  guard: ProductGuard | null;
  /** host[:port] the keys and the updates go to; null when nothing is sent. */
  host: string | null;
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
