// plan (pull_request): the plan in the job summary, the outputs, and the sticky comment on the
// pull request.

import type { Plan } from '../../core/types.js';
import { renderPlanJobSummary } from '../../render/action-comments.js';
import { renderPlanJson } from '../../render/json.js';
import { plan } from '../../use-cases/plan.js';
import { markPlanCommentFailed, postPlanComment } from '../comments.js';
import { pullRequestOfEvent } from '../inputs.js';
import { writeRunnerFile, type Job } from '../job.js';

export async function planJob(job: Job): Promise<void> {
  const { ctx, out } = job;
  const location = await job.backend.load();
  let thePlan: Plan;
  try {
    ({ plan: thePlan } = await plan(job.ports, {
      ...job.configOpts,
      ...(location ? { config: location.config } : {}),
    }));
  } catch (error) {
    await markPlanCommentFailed(job, error);
    throw error;
  }
  const planFile = await writeRunnerFile(ctx, 'plan.json', renderPlanJson(thePlan));
  const { headSha } = pullRequestOfEvent(ctx);
  await out.summary(renderPlanJobSummary(thePlan, { headSha }));
  out.output('has-changes', thePlan.changes.length > 0);
  out.output('changes', thePlan.changes.length);
  out.output('plan-checksum', thePlan.checksum);
  out.output('plan-file', planFile);
  out.info(describePlan(thePlan));
  out.output('comment-url', await postPlanComment(job, thePlan));
}

function describePlan(p: Plan): string {
  const s = p.summary;
  if (p.changes.length === 0) return `No changes (${s.unchanged} unchanged). Checksum ${p.checksum}.`;
  return `Plan: ${s.update} update, ${s.adopt} adopt, ${s.forget} forget, ${s.record} record, ${s.unchanged} unchanged. Checksum ${p.checksum}.`;
}
