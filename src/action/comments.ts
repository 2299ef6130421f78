// The sticky comments on pull requests: the plan on the pull request under review, the results
// (or the refusal) of the apply on the pull request that was merged. The bodies come from
// render/action-comments.ts; this file decides whether, where and when to post them.

import type { GitHub } from '../adapters/github.js';
import { diffReviewed, reviewDigests } from '../core/review.js';
import type { ApplyResult, Plan } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { renderApplyComment, renderPlanComment, renderRefusalComment } from '../render/action-comments.js';
import { renderNoPlanNotice } from '../render/action-summary.js';
import { pullRequestOfEvent } from './inputs.js';
import { errorText, type Job } from './job.js';

/** The plan on the pull request of this run; returns the comment's URL ('' when none). */
export async function postPlanComment(job: Job, plan: Plan): Promise<string> {
  const { ctx, inputs, out, gh } = job;
  const { pr, headSha } = pullRequestOfEvent(ctx);
  if (!inputs.comment) {
    out.info('comment: false — the plan is in the job summary only.');
    return '';
  }
  if (pr === null || !headSha) {
    out.info('Not a pull request event: the plan is in the job summary only.');
    return '';
  }
  if (!gh) {
    out.warning('No github-token: the plan is in the job summary only.');
    return '';
  }
  const body = renderPlanComment(plan, { headSha, runUrl: ctx.runUrl });
  // A failure other than a read-only token fails the job: the comment of an older commit
  // would otherwise stay up looking like the current plan.
  const r = await gh.upsertStickyComment({
    issueNumber: pr,
    body: out.redact(body),
    kind: 'plan',
    headSha,
    checksum: plan.checksum,
    changes: reviewDigests(plan),
  });
  if (r.warning) out.warning(r.warning);
  if (r.action === 'skipped-stale') {
    out.info(
      `Pull request #${pr} has a newer head than ${headSha.slice(0, 7)}: its comment is left to that run.`,
    );
  } else if (r.url) {
    out.info(`Plan comment ${r.action}: ${r.url}`);
  }
  return r.url ?? '';
}

/**
 * When this commit cannot be planned, an existing plan comment (of an older commit) must not
 * keep looking like the current plan: it is replaced by a short notice. No comment is created
 * for a failure: the annotations and the job summary carry the details.
 */
export async function markPlanCommentFailed(job: Job, error: unknown): Promise<void> {
  const { ctx, inputs, out, gh } = job;
  const { pr, headSha } = pullRequestOfEvent(ctx);
  if (!inputs.comment || !gh || pr === null || !headSha) return;
  const problems = error instanceof FwsyncError && error.kind === 'validation' ? error.issues.length : null;
  try {
    await gh.upsertStickyComment({
      issueNumber: pr,
      body: renderNoPlanNotice(headSha, problems),
      kind: 'plan',
      headSha,
      checksum: 'failed',
      updateOnly: true,
    });
  } catch (commentError) {
    out.warning(`Could not update the plan comment: ${errorText(commentError)}`);
  }
}

/**
 * The per-image results on the merged pull request; returns the comment's URL ('' when none).
 * Never fails the job: the apply happened.
 */
export async function postApplyComment(
  job: Job,
  plan: Plan,
  result: ApplyResult,
  note: string | null,
): Promise<string> {
  const { ctx, inputs, out, gh } = job;
  if (!inputs.comment || !gh || !ctx.sha) return '';
  try {
    const pr = await pullRequestOfRun(job, gh, ctx.sha);
    if (pr === null) return '';
    const shown = await gh.getPullRequestComment(pr, 'plan');
    if (plan.changes.length === 0 && shown === null) {
      out.info(`Nothing changed and #${pr} has no plan comment: no comment posted.`);
      return '';
    }
    const matches = shown === null ? null : shown.checksum === plan.checksum;
    const applied = reviewDigests(plan);
    const reviewDiff =
      matches === false && shown?.changes && applied ? diffReviewed(shown.changes, applied) : null;
    const body = renderApplyComment(result, {
      sha: ctx.sha,
      runUrl: ctx.runUrl,
      planMatchesReviewed: matches,
      reviewDiff,
      note,
    });
    return await upsertApplyComment(job, gh, pr, body, plan.checksum);
  } catch (error) {
    out.warning(`Could not post the results on the pull request: ${errorText(error)}`);
    return '';
  }
}

/**
 * A refused apply (safety limit, stale state) sent nothing; the merged pull request says so,
 * or its authors would take the silence for success. Best effort, like every apply comment.
 */
export async function postRefusal(job: Job, error: FwsyncError): Promise<void> {
  const { ctx, inputs, out, gh } = job;
  if (!inputs.comment || !gh || !ctx.sha) return;
  try {
    const pr = await pullRequestOfRun(job, gh, ctx.sha);
    if (pr === null) return;
    await upsertApplyComment(job, gh, pr, renderRefusalComment(ctx.sha, error), 'refused');
  } catch (e) {
    out.warning(`Could not post the refusal on the pull request: ${errorText(e)}`);
  }
}

/** The pull request the pushed commit came from, or null (a direct push). */
async function pullRequestOfRun(job: Job, gh: GitHub, sha: string): Promise<number | null> {
  const { ctx, out } = job;
  // A re-run (workflow_dispatch) is for an old commit whose link is long indexed: no waiting.
  const pr = await gh.findPullRequestForCommit(
    sha,
    ctx.event.head_commit?.message ?? '',
    ctx.eventName === 'push' ? {} : { attempts: 1 },
  );
  if (pr === null)
    out.info(`No pull request found for ${sha.slice(0, 7)}: the results are in the job summary only.`);
  return pr;
}

async function upsertApplyComment(
  job: Job,
  gh: GitHub,
  pr: number,
  body: string,
  checksum: string,
): Promise<string> {
  const { ctx, out } = job;
  const r = await gh.upsertStickyComment({
    issueNumber: pr,
    body: out.redact(body),
    kind: 'apply',
    headSha: ctx.sha,
    checksum,
  });
  if (r.warning) out.warning(r.warning);
  if (r.url) out.info(`Apply comment ${r.action} on #${pr}: ${r.url}`);
  return r.url ?? '';
}
