// apply (push, workflow_dispatch): apply the merged files, save the state through the backend,
// report per image on the merged pull request and in the job summary. What FinerWorks confirmed
// is never lost with the runner: a state that cannot be saved, or a journal left behind, is
// copied to RUNNER_TEMP for an upload-artifact step.

import { MAX_ANNOTATIONS } from '../../render/limits.js';
import { renderApplyJobSummary } from '../../render/action-comments.js';
import { renderApplyResultJson, renderPlanJson } from '../../render/json.js';
import { serializeState } from '../../adapters/state-store.js';
import { FwsyncError } from '../../errors.js';
import { apply, type ApplyOutcome } from '../../use-cases/apply.js';
import { postApplyComment, postRefusal } from '../comments.js';
import { errorText, readIfExists, repoFile, writeRunnerFile, type Job } from '../job.js';
import { reportError } from '../report-error.js';
import { stateLocation, type StateLocation } from '../state-backend.js';

export async function applyJob(job: Job): Promise<void> {
  const { ctx, inputs, out } = job;
  const location = (await job.backend.load()) ?? (await stateLocation(job));
  job.backend.checkCanSave();
  const before = await readIfExists(location.file);

  let outcome: ApplyOutcome | null = null;
  let applyError: Error | null = null;
  try {
    outcome = await apply(job.ports, {
      ...job.configOpts,
      config: location.config,
      force: inputs.force,
      allowProductRemoval: inputs.allowProductRemoval,
      // Reviewing happened on the pull request; the workflow (and its environment rules) is the "yes".
      confirm: () => Promise.resolve(true),
      onProgress: (p) => out.info(`${p.done}/${p.total} images confirmed`),
    });
  } catch (error) {
    applyError = error instanceof Error ? error : new Error(String(error));
  }

  // Confirmed updates are in the state file even when the apply failed part way: persist them
  // before anything else can go wrong.
  let persistError: unknown = null;
  try {
    await saveState(job, location, before);
  } catch (error) {
    persistError = error;
    // Like Terraform's errored.tfstate: the confirmed state must outlive this runner.
    // One self-contained file (the version-1 layout, which fwsync still reads), not the
    // manifest alone: its shards would not travel with it.
    const whole = await job.ports.state.read(location.file).then(
      (r) => (r.state ? serializeState(r.state) : null),
      () => null,
    );
    if (whole !== null) {
      const copy = await writeRunnerFile(ctx, 'errored-state.json', whole);
      out.warning(
        `The state could not be saved; a copy is at ${copy}. Upload it as an artifact, then put it in place as ${location.repoPath} (fwsync reads it and writes the sharded state on the next apply) to record what was applied.`,
      );
    }
    if (applyError !== null) out.error(`${errorText(error)}`);
  }
  // A journal left behind means the state file could not take the confirmed updates (its write
  // failed); on a runner that is thrown away, the journal is their only record. It belongs to
  // the state it started from: with the branch backend, the state branch's copy.
  const steps = job.backend.journalSteps(location.repoPath);
  await keepForArtifact(
    job,
    `${location.file}.journal`,
    'errored-journal.jsonl',
    (copy) =>
      `Confirmed updates could not be written to the state; they are kept at ${copy}. Upload it as an artifact. To record them, ${steps}.`,
  );
  if (applyError instanceof FwsyncError && applyError.kind === 'refused') await postRefusal(job, applyError);
  if (applyError !== null) throw applyError;
  if (outcome === null) throw new FwsyncError('api', 'apply ended without a result');

  const { plan: thePlan, result } = outcome;
  const planFile = await writeRunnerFile(ctx, 'plan.json', renderPlanJson(thePlan));
  await writeRunnerFile(ctx, 'apply-result.json', renderApplyResultJson(result));
  const persistNote =
    persistError === null ? null : `The state could not be saved: ${errorText(persistError)}`;

  const commentUrl = await postApplyComment(job, thePlan, result, persistNote);

  for (const section of renderApplyJobSummary(thePlan, result, { sha: ctx.sha, note: persistNote })) {
    await out.summary(section);
  }

  const s = result.summary;
  out.output('applied', s.applied + s.recorded);
  out.output('failed', s.failed);
  out.output('refused', s.refused);
  out.output('has-changes', thePlan.changes.length > 0);
  out.output('changes', thePlan.changes.length);
  out.output('plan-checksum', thePlan.checksum);
  out.output('plan-file', planFile);
  out.output('comment-url', commentUrl);
  out.info(
    `Applied ${s.applied}, recorded ${s.recorded}, forgotten ${s.forgotten}, failed ${s.failed}, not attempted ${s.not_attempted}, refused ${s.refused} (${result.requests} requests).`,
  );

  const problems = result.images.filter((i) => i.outcome === 'failed' || i.outcome === 'refused');
  for (const image of problems.slice(0, MAX_ANNOTATIONS)) {
    const change = thePlan.changes.find((c) => c.guid === image.guid);
    const where =
      change && change.line !== null
        ? {
            file: repoFile(ctx.workspace, job.ports.cwd, change.file),
            startLine: change.line,
            title: 'fwsync apply',
          }
        : undefined;
    out.error(`${image.guid}: ${image.message ?? 'failed'}`, where);
  }
  if (result.interrupted)
    out.fail(
      `Cancelled, partially applied: ${s.applied + s.recorded + s.forgotten} of ${result.images.length} changes were confirmed and are recorded in the state. Re-run the job to apply the rest.`,
    );
  else if (!result.complete)
    out.fail(
      `${s.failed + s.not_attempted + s.refused} image(s) were not applied; the others are recorded in the state. Fix the failures and re-run the job` +
        (s.refused > 0
          ? ` (${s.refused} refused on purpose: with virtual inventory products, set allow-product-removal: true to send them; not in the library, fix the guid).`
          : '.'),
    );
  if (persistError !== null)
    await reportError(persistError, out, { workspace: ctx.workspace, cwd: job.ports.cwd });
}

/** Hands a changed state file to the backend; an unchanged one needs no saving. */
async function saveState(job: Job, location: StateLocation, before: string | null): Promise<void> {
  const { ctx, out } = job;
  const after = await readIfExists(location.file);
  if (after === null || after === before) {
    out.info('The state did not change; nothing to save.');
    return;
  }
  const message = `fwsync: record applied state${ctx.sha ? ` for ${ctx.sha.slice(0, 7)}` : ''}`;
  await job.backend.save(location, after, message);
}

/**
 * Copies `source`, when it exists, to RUNNER_TEMP/fwsync/`name`, where an
 * `actions/upload-artifact` step (if: failure()) can pick it up, and warns how to use it.
 */
async function keepForArtifact(
  job: Job,
  source: string,
  name: string,
  warning: (copy: string) => string,
): Promise<void> {
  const text = await readIfExists(source);
  if (text === null) return;
  job.out.warning(warning(await writeRunnerFile(job.ctx, name, text)));
}
