// drift with `drift-pull-request: true` (schedule or workflow_dispatch): the live edits are
// pulled into the YAML (the pull use case, as `fwsync pull` does), committed with the state on
// the drift branch (`fwsync/drift`), and proposed as one pull request, found again by the
// marker at the start of its body and updated in place by the next run. When the account
// matches the YAML again, that pull request is closed with a comment.
//
// Merging it sends nothing: the YAML and the state on the branch both hold the live values, so
// the apply after the merge has an empty plan (docs/github-action.md, "Drift as a pull request").
// Conflicts (changed both on FinerWorks and in the YAML) are listed in the body, never committed.

import { pushDriftBranch } from '../../adapters/drift-branch.js';
import type { GitHub, PullRequestRef } from '../../adapters/github.js';
import { statePathsToCommit } from '../../adapters/state-store.js';
import { FwsyncError } from '../../errors.js';
import { DRIFT_PULL_REQUEST_MARKER, renderPullRequestBody } from '../../render/pull.js';
import { pull, type PullResult } from '../../use-cases/pull.js';
import { branchOf } from '../inputs.js';
import type { Job } from '../job.js';

const TITLE = 'fwsync: edits made on FinerWorks';
const COMMIT_MESSAGE = 'fwsync: pull edits made on FinerWorks\n\nWritten by `fwsync pull` in the drift job.';

/** The events that may push the drift branch: the scheduled run and a manual one. */
export function proposesPullRequest(job: Pick<Job, 'inputs' | 'ctx'>): boolean {
  return (
    job.inputs.driftPullRequest &&
    (job.ctx.eventName === 'schedule' || job.ctx.eventName === 'workflow_dispatch')
  );
}

export interface DriftPullRequestTarget {
  gh: GitHub;
  /** The branch the pull request merges into: the run's branch. */
  base: string;
}

/** The inputs the pull request needs, checked before anything is read or written. */
export function driftPullRequestTarget(job: Job): DriftPullRequestTarget {
  const { inputs } = job;
  const gh = requireGitHub(job);
  if (inputs.stateBackend !== 'commit') {
    // With the branch or none backend the state is not in the branch the pull request merges
    // into, so merging it would leave a state that disagrees with the YAML.
    throw new FwsyncError(
      'input',
      `drift-pull-request needs state-backend: commit, not ${inputs.stateBackend}`,
      {
        hint: 'The pull request commits the YAML and the state file together; keep the state in the repository (state-backend: commit), or set drift-pull-request: false.',
      },
    );
  }
  const base = branchOf(job.ctx.ref) ?? job.ctx.event.repository?.default_branch ?? null;
  if (base === null) {
    throw new FwsyncError(
      'input',
      `drift-pull-request needs a branch to propose into, and ${job.ctx.ref || 'GITHUB_REF'} is not one`,
      { hint: 'Run the drift job on schedule or on workflow_dispatch from a branch.' },
    );
  }
  if (base === inputs.driftBranch) {
    throw new FwsyncError('input', `drift-branch must differ from the branch it merges into (${base})`, {
      hint: 'Leave drift-branch at its default, fwsync/drift.',
    });
  }
  return { gh, base };
}

export async function driftPullRequestJob(job: Job, target: DriftPullRequestTarget): Promise<void> {
  const { out, inputs } = job;
  const { gh, base } = target;
  const result = await pull(job.ports, job.configOpts);
  const files = changedFiles(result, job.ports.cwd);
  const open = await gh.findOpenPullRequest(inputs.driftBranch, DRIFT_PULL_REQUEST_MARKER);

  if (files.length === 0) {
    out.output('drift-pull-request-url', '');
    if (open === null) {
      out.info(`Nothing to pull: the YAML holds every live value${conflictNote(result)}.`);
      return;
    }
    await gh.closePullRequest(open.number, out.redact(closingComment(result, job.ctx.runUrl)));
    out.info(`Nothing to pull any more: closed the drift pull request #${open.number}.`);
    return;
  }

  const pushed = await pushDriftBranch({
    cwd: job.ports.cwd,
    branch: inputs.driftBranch,
    files,
    message: COMMIT_MESSAGE,
  });
  if (!pushed.pushed) {
    // foreign-commits: someone is finishing the pull request by hand; their commits win and
    // this run only reports.
    const say = pushed.reason === 'foreign-commits' ? out.warning.bind(out) : out.info.bind(out);
    say(`${pushed.detail}. The drift pull request was left as it is; the job summary lists the drift.`);
    out.output('drift-pull-request-url', open?.url ?? '');
    return;
  }
  const body = out.redact(renderPullRequestBody(result, job.ctx.runUrl ? { runUrl: job.ctx.runUrl } : {}));
  const pr = await upsertPullRequest(gh, open, { head: inputs.driftBranch, base, body });
  out.output('drift-pull-request-url', pr.url);
  out.info(
    `${open === null ? 'Opened' : 'Updated'} the drift pull request #${pr.number} (${result.plan.edits.length} value(s) from FinerWorks): ${pr.url}`,
  );
  await out.summary(`Drift pull request: [#${pr.number}](${pr.url}) (${inputs.driftBranch} → ${base}).\n`);
}

function requireGitHub(job: Job): GitHub {
  if (job.gh) return job.gh;
  throw new FwsyncError('input', 'drift-pull-request needs the github-token input and GITHUB_REPOSITORY', {
    hint: 'Leave github-token at its default (the job token) and give the job contents: write and pull-requests: write.',
  });
}

/**
 * What pull wrote, relative to the working directory: the image files and the state, which is
 * the manifest and its shard folder (a version-1 file has none until its first write).
 */
function changedFiles(result: PullResult, cwd: string): string[] {
  const files = result.files.map((f) => f.path);
  if (result.stateChanged) files.push(...statePathsToCommit(cwd, result.statePath));
  return files;
}

async function upsertPullRequest(
  gh: GitHub,
  open: PullRequestRef | null,
  o: { head: string; base: string; body: string },
): Promise<PullRequestRef> {
  if (open !== null) {
    await gh.updatePullRequestBody(open.number, o.body);
    return open;
  }
  return gh.createPullRequest({ head: o.head, base: o.base, title: TITLE, body: o.body });
}

function conflictNote(result: PullResult): string {
  const n = result.plan.conflicts.length;
  return n === 0
    ? ''
    : ` (${n} conflict${n === 1 ? '' : 's'} left for a person to decide; see the job summary)`;
}

function closingComment(result: PullResult, runUrl: string | null): string {
  const n = result.plan.conflicts.length;
  return [
    'The FinerWorks account matches the YAML again: nothing is left to pull, so this pull request is closed.',
    ...(n > 0
      ? [
          '',
          `${n} conflict${n === 1 ? '' : 's'} (changed both on FinerWorks and in the YAML) remain; run \`fwsync pull --dry-run\` to see them.`,
        ]
      : []),
    ...(runUrl ? ['', `Closed by [this drift run](${runUrl}).`] : []),
  ].join('\n');
}
