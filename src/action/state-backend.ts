// Where the Action keeps the state file between runs (docs/github-action.md, `state-backend`). The jobs
// see only the StateBackend interface (state-backend/base.ts); the three backends are in state-backend/.

import type { BackendContext, StateBackend } from './state-backend/base.js';
import { branchBackend } from './state-backend/branch.js';
import { commitBackend } from './state-backend/commit.js';
import { noneBackend } from './state-backend/none.js';

export {
  checkoutJournalSteps,
  stateLocation,
  type BackendContext,
  type StateBackend,
  type StateLocation,
} from './state-backend/base.js';

export function stateBackendFor(job: BackendContext): StateBackend {
  switch (job.inputs.stateBackend) {
    case 'commit':
      return commitBackend(job);
    case 'branch':
      return branchBackend(job);
    case 'none':
      return noneBackend(job);
  }
}
