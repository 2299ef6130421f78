// Names the state backends hand to git and to the contents API, checked before either sees them.

import { FwsyncError } from '../../errors.js';

// A conservative subset of git's ref rules; also keeps a name from being read as an option.
const BRANCH_RE = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/-]{1,200}(?<![./])$/;

export function checkBranch(branch: string): void {
  if (!BRANCH_RE.test(branch) || branch.endsWith('.lock')) {
    throw new FwsyncError('input', `Not a usable branch name: "${branch.slice(0, 100)}".`, {
      hint: 'Use letters, digits, ".", "_", "-" and "/" (e.g. fwsync-state).',
    });
  }
}

export function checkRelativePath(path: string): void {
  if (path === '' || path.startsWith('/') || path.startsWith('-') || path.split(/[\\/]/).includes('..')) {
    throw new FwsyncError('input', `The state path must be relative to the repository: "${path}".`);
  }
}
