// plan (pull_request): the plan in the job summary, the outputs, and the sticky comment on the
// pull request. Edits to the config and the state file are compared with the pull request's
// base commit and shown above the plan (action/base-review.ts).

import { baseReviewHasChanges } from '../../core/base-review.js';
import type { Plan } from '../../core/types.js';
import { renderPlanJobSummary } from '../../render/action-comments.js';
import { describeBaseReview, renderBaseReviewCaution } from '../../render/base-review.js';
import { renderPlanJson } from '../../render/json.js';
import { plan } from '../../use-cases/plan.js';
import type { Ports } from '../../use-cases/ports.js';
import { stagedFromState } from '../../adapters/state-read.js';
import { baseShaOf, compareWithBase, type BaseComparison } from '../base-review.js';
import { markPlanCommentFailed, postPlanComment } from '../comments.js';
import { pullRequestOfEvent } from '../inputs.js';
import { writeRunnerFile, type Job } from '../job.js';

export async function planJob(job: Job): Promise<void> {
  const { ctx, out } = job;
  const location = await job.backend.load();
  let thePlan: Plan;
  let caution = '';
  try {
    const config =
      location?.config ?? (await job.ports.config.load({ cwd: job.ports.cwd, ...job.configOpts }));
    const baseSha = baseShaOf(job);
    const comparison = baseSha ? await compareWithBase(job, baseSha, config) : null;
    if (comparison && baseReviewHasChanges(comparison.review)) {
      caution = renderBaseReviewCaution(comparison.review, { baseSha: comparison.baseSha });
      out.warning(describeBaseReview(comparison.review));
    }
    ({ plan: thePlan } = await plan(
      pullRequestPorts(job.ports, ctx.eventName.startsWith('pull_request'), comparison),
      {
        ...job.configOpts,
        config,
      },
    ));
  } catch (error) {
    await markPlanCommentFailed(job, error);
    throw error;
  }
  const planFile = await writeRunnerFile(ctx, 'plan.json', renderPlanJson(thePlan));
  const { headSha } = pullRequestOfEvent(ctx);
  await out.summary(renderPlanJobSummary(thePlan, { headSha, caution }));
  out.output('has-changes', thePlan.changes.length > 0);
  out.output('changes', thePlan.changes.length);
  out.output('plan-checksum', thePlan.checksum);
  out.output('plan-file', planFile);
  out.info(describePlan(thePlan));
  out.output('comment-url', await postPlanComment(job, thePlan, caution));
}

/**
 * A pull request's plan reads what the pull request cannot steer: every image file is parsed
 * (the state's per-file skip cache is the pull request's to edit), and when it moves the state
 * file, the state (and no journal) comes from the base commit.
 */
function pullRequestPorts(ports: Ports, isPullRequest: boolean, comparison: BaseComparison | null): Ports {
  if (!isPullRequest) return ports;
  const moved =
    comparison !== null && comparison.review.statePath.before !== comparison.review.statePath.after;
  const read = (file: string) =>
    moved && file === comparison.headStateFile
      ? Promise.resolve({ state: comparison.baseState })
      : ports.state.read(file);
  return {
    ...ports,
    images: { ...ports.images, read: (opts) => ports.images.read({ ...opts, stateFiles: null }) },
    // Whole, through `read` above: no image file is skipped here, so every image is needed.
    state: {
      ...ports.state,
      read,
      readStaged: async (file: string) => {
        const { state } = await read(file);
        return state ? stagedFromState(state) : null;
      },
    },
    ...(moved
      ? {
          journal: {
            ...ports.journal,
            read: (file: string) =>
              file === comparison.headStateFile ? Promise.resolve(null) : ports.journal.read(file),
          },
        }
      : {}),
  };
}

function describePlan(p: Plan): string {
  const s = p.summary;
  if (p.changes.length === 0) return `No changes (${s.unchanged} unchanged). Checksum ${p.checksum}.`;
  return `Plan: ${s.update} update, ${s.adopt} adopt, ${s.forget} forget, ${s.record} record, ${s.unchanged} unchanged. Checksum ${p.checksum}.`;
}
