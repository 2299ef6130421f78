// state-backend: none — the state stays in the workspace and is thrown away with the runner
// (a workflow that saves it itself, or a dry run of the Action).

import { checkoutJournalSteps, type BackendContext, type StateBackend } from './base.js';

export function noneBackend(job: Pick<BackendContext, 'out'>): StateBackend {
  return {
    load: () => Promise.resolve(null),
    checkCanSave: () => undefined,
    save(location) {
      job.out.info(`state-backend: none — ${location.repoPath} changed in the workspace and is not saved.`);
      return Promise.resolve();
    },
    journalSteps: checkoutJournalSteps,
  };
}
