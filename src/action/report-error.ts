// How a failed run ends: a FwsyncError's problems as annotations on their files and in the job
// summary, then the step failed with the message and hint. Anything else is a bug, said
// without a stack trace (the runner log is public on public repositories).

import type { Issue } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { renderIssuesSummary } from '../render/action-summary.js';
import { MAX_ANNOTATIONS } from '../render/limits.js';
import { repoFile } from './job.js';
import type { Reporter } from './reporter.js';

/** Where annotations point from: the repository root and the working directory in it. */
export interface Paths {
  workspace: string;
  cwd: string;
}

export async function reportError(error: unknown, out: Reporter, paths: Paths): Promise<void> {
  if (error instanceof FwsyncError) {
    if (error.issues.length > 0) {
      annotate(error.issues, out, paths);
      await out
        .summary(renderIssuesSummary(error.message, error.issues, MAX_ANNOTATIONS))
        .catch(() => undefined);
    }
    out.fail(error.hint ? `${error.message}\n${error.hint}` : error.message);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  out.fail(`internal error: ${message}`);
}

function annotate(issues: Issue[], out: Reporter, paths: Paths): void {
  for (const issue of issues.slice(0, MAX_ANNOTATIONS)) {
    out.error(issue.hint ? `${issue.message} — ${issue.hint}` : issue.message, {
      title: 'fwsync',
      file: repoFile(paths.workspace, paths.cwd, issue.file),
      startLine: issue.line,
      startColumn: issue.column,
    });
  }
  if (issues.length > MAX_ANNOTATIONS) out.error(`…and ${issues.length - MAX_ANNOTATIONS} more problems`);
}
