// drift (schedule): the drift report in the job summary, the has-changes output and a warning.
//
// It does not open an issue (a scheduled run would need issues: write, and would open one a
// day). A workflow that wants an issue adds a step on `steps.<id>.outputs.has-changes == 'true'`.

import { renderDriftMarkdown } from '../../render/drift.js';
import { driftReport } from '../../use-cases/drift.js';
import type { Job } from '../job.js';

export async function driftJob(job: Job): Promise<void> {
  const { out } = job;
  await job.backend.load();
  const report = await driftReport(job.ports, job.configOpts);
  await out.summary(renderDriftMarkdown(report));
  out.output('has-changes', report.drift);
  out.output('changes', report.images.length);
  const s = report.summary;
  if (report.drift) {
    out.warning(
      `Drift: ${s.drifted} image(s) changed on FinerWorks outside fwsync, ${s.missing} missing. See the job summary.`,
    );
  } else {
    out.info(`No drift: ${s.checked} image(s) checked, ${s.pending} with pending changes.`);
  }
}
