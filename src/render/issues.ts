// Validation issues for a terminal: one `file:line:column error message` line each.

import { sortIssues } from '../core/issues.js';
import type { Issue } from '../core/types.js';

/** `file:line:column error message` lines (plus hint lines), at most `max` issues, then `…and N more`. */
export function formatIssues(issues: readonly Issue[], max = 50): string {
  const sorted = sortIssues(issues);
  const lines: string[] = [];
  for (const issue of sorted.slice(0, max)) {
    lines.push(`${issue.file}:${issue.line}:${issue.column} error ${issue.message}`);
    if (issue.hint) lines.push(`  hint: ${issue.hint}`);
  }
  if (sorted.length > max) lines.push(`…and ${sorted.length - max} more`);
  return lines.join('\n');
}
