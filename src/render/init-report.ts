// What `fwsync init` prints: one line per file (what it did, or why it left the file alone),
// which file must be committed, and the next commands.

import type { ActionRef } from './init-templates.js';
import { PLACEHOLDER_SHA } from './init-templates.js';

export type InitOutcome = 'created' | 'replaced' | 'skipped' | 'appended' | 'unchanged';

export interface InitFileResult {
  path: string;
  outcome: InitOutcome;
  detail?: string;
}

export interface InitResult {
  files: InitFileResult[];
  statePath: string;
  /** The Action reference written into the workflow (null with `workflow: false`). */
  action: ActionRef | null;
}

export function renderInitReport(result: InitResult): string {
  const width = Math.max(...result.files.map((f) => f.outcome.length));
  const lines = result.files.map((f) => {
    const why =
      f.outcome === 'skipped'
        ? ' (it exists; --force replaces it)'
        : f.outcome === 'unchanged'
          ? ' (has the lines already)'
          : f.detail
            ? ` (${f.detail})`
            : '';
    return `${f.outcome.padEnd(width)}  ${f.path}${why}`;
  });
  lines.push('');
  lines.push(
    `Commit ${result.statePath} with the image files once import or apply has written it; the files in .gitignore stay local.`,
  );
  if (result.action?.sha === PLACEHOLDER_SHA) {
    lines.push(
      `The workflow's \`uses:\` lines need the commit of fwsync's tag v${result.action.version}: see the comment above them.`,
    );
  }
  lines.push(
    '',
    'Next:',
    '  npx fwsync import      # write images/imported.yaml and the state from the account (needs the keys)',
    '  npx fwsync validate    # check the image files',
    '  npx fwsync plan        # see what an apply would send',
    '',
  );
  return lines.join('\n');
}
