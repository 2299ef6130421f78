// What the Action posts on a pull request and writes to the job summary, built from the plan and
// the apply result. Each body is cut to GitHub's limits (render/limits.ts) here, so the Action
// only decides where a text goes, never what it says. Pure.

import { MAX_REVIEW_DIGESTS, type ReviewDiff } from '../core/review.js';
import type { ApplyResult, Plan } from '../core/types.js';
import { renderPlanSummary } from './action-summary.js';
import { escapeInline } from './escape-markdown.js';
import { COMMENT_MAX_CHARS, SUMMARY_MAX_BYTES } from './limits.js';
import { FOOTER_RESERVE, renderApplyResultMarkdown, renderPlanMarkdown, versionFooter } from './markdown.js';
import { VERSION } from '../version.js';

/** The adapter's hidden marker line above a plan comment: sha, checksum and the change digests. */
const PLAN_MARKER_CHARS = 200 + 17 * MAX_REVIEW_DIGESTS;
/** Room for the marker line and the caution note appended to an apply comment. */
const APPLY_COMMENT_RESERVE = 3_000;

const shortSha = (sha: string): string => sha.slice(0, 7);

export function planTitle(headSha: string): string {
  return `fwsync plan${headSha ? ` · ${shortSha(headSha)}` : ''}`;
}

export function applyTitle(sha: string): string {
  return `fwsync apply${sha ? ` · ${shortSha(sha)}` : ''}`;
}

/** The plan on the pull request: cut below the comment limit, pointing at the job summary. */
export function renderPlanComment(plan: Plan, opts: { headSha: string; runUrl: string | null }): string {
  return (
    renderPlanMarkdown(plan, {
      title: planTitle(opts.headSha),
      maxChars: COMMENT_MAX_CHARS - PLAN_MARKER_CHARS - FOOTER_RESERVE,
      summaryPointer: opts.runUrl
        ? `(the full plan is in the [job summary](${opts.runUrl}) of this run)`
        : '(the full plan is in the job summary of this run)',
    }) + versionFooter(VERSION)
  );
}

/** The plan in the job summary: every change listed, within the summary's byte limit. */
export function renderPlanJobSummary(plan: Plan, opts: { headSha: string }): string {
  return renderPlanSummary(plan, { title: planTitle(opts.headSha), maxBytes: SUMMARY_MAX_BYTES });
}

/** A note that the state could not be saved, below the results. */
function caution(note: string | null): string {
  return note ? `\n> [!CAUTION]\n> ${escapeInline(note, 2000)}\n` : '';
}

/** The per-image results on the merged pull request. */
export function renderApplyComment(
  result: ApplyResult,
  opts: {
    sha: string;
    runUrl: string | null;
    planMatchesReviewed: boolean | null;
    reviewDiff: ReviewDiff | null;
    /** Why the state could not be saved, if it could not. */
    note: string | null;
  },
): string {
  const body = renderApplyResultMarkdown(result, {
    title: applyTitle(opts.sha),
    maxChars: COMMENT_MAX_CHARS - APPLY_COMMENT_RESERVE,
    planMatchesReviewed: opts.planMatchesReviewed,
    reviewDiff: opts.reviewDiff,
    summaryPointer: opts.runUrl
      ? `(every image is listed in the [job summary](${opts.runUrl}))`
      : '(every image is listed in the job summary)',
  });
  return body + caution(opts.note) + versionFooter(VERSION);
}

/**
 * The apply in the job summary, as the sections written one after the other: the results, then
 * (when anything changed) the plan that was applied. Half the summary's bytes each.
 */
export function renderApplyJobSummary(
  plan: Plan,
  result: ApplyResult,
  opts: { sha: string; note: string | null },
): string[] {
  const sections = [
    renderApplyResultMarkdown(result, { title: applyTitle(opts.sha), maxChars: SUMMARY_MAX_BYTES / 2 }) +
      caution(opts.note),
  ];
  if (plan.changes.length > 0) {
    sections.push(
      renderPlanSummary(plan, {
        title: 'The plan that was applied',
        maxBytes: SUMMARY_MAX_BYTES / 2 - 10_000,
      }),
    );
  }
  return sections;
}

/**
 * A refused apply (safety limit, stale state) sent nothing; the merged pull request says so, or
 * its authors would take the silence for success.
 */
export function renderRefusalComment(sha: string, refusal: { message: string; hint?: string }): string {
  return [
    `### fwsync apply · ${shortSha(sha)}`,
    '',
    `**Refused: nothing was sent.** ${escapeInline(refusal.message, 1000)}`,
    '',
    refusal.hint ? escapeInline(refusal.hint, 1000) : '',
    '',
    'Once the plan is what you want, re-run the apply from the Actions tab (workflow_dispatch), with `force: true` if the safety limit is the reason.',
    '',
  ].join('\n');
}
