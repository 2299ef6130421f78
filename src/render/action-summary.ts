// The Action's job summary pieces that renderPlanMarkdown does not cover: a plan cut to a byte
// budget (GitHub drops a step summary over 1 MiB) and the problems of a failed validation.

import type { Issue, Plan } from '../core/types.js';
import { codeSpan, escapeInline } from './escape-markdown.js';
import { renderPlanMarkdown } from './markdown.js';

// TextEncoder rather than Buffer: the render layer stays free of Node-only globals.
const encoder = new TextEncoder();
const utf8Length = (text: string): number => encoder.encode(text).byteLength;

/**
 * The plan for the job summary: the full markdown when it fits, else the details of the first
 * changes followed by one compact row per change, so every image is listed (a summary over
 * 1 MiB is dropped by GitHub). Pure.
 */
export function renderPlanSummary(thePlan: Plan, opts: { title: string; maxBytes: number }): string {
  const full = renderPlanMarkdown(thePlan, { title: opts.title, maxChars: Number.MAX_SAFE_INTEGER });
  if (utf8Length(full) <= opts.maxBytes) return full;
  const detailBudget = Math.floor(opts.maxBytes / 6);
  let text = renderPlanMarkdown(thePlan, {
    title: opts.title,
    maxChars: detailBudget,
    summaryPointer:
      '(every change is listed in the table below; the values of all of them are in the plan-file output)',
  });
  text += '\n#### Every change\n\n| image | change | file | fields |\n| --- | --- | --- | --- |\n';
  let bytes = utf8Length(text);
  const reserve = 200;
  let shown = 0;
  for (const change of thePlan.changes) {
    const where = change.line === null ? change.file : `${change.file}:${change.line}`;
    const row = `| ${codeSpan(change.guid, 64)} | ${change.kind} | ${escapeInline(where, 200)} | ${change.fields.map((f) => f.field).join(', ')} |\n`;
    const size = utf8Length(row);
    if (bytes + size + reserve > opts.maxBytes) break;
    text += row;
    bytes += size;
    shown += 1;
  }
  if (shown < thePlan.changes.length) {
    text += `\n…and ${thePlan.changes.length - shown} more: the complete plan is the plan-file output (plan.json).\n`;
  }
  return text;
}

/** The problems of a failed validation, for the job summary (the annotations carry them too). Pure. */
export function renderIssuesSummary(message: string, issues: Issue[], limit: number): string {
  const lines = [
    `### fwsync: ${escapeInline(message, 200)}`,
    '',
    '| file | line | problem |',
    '| --- | ---: | --- |',
  ];
  for (const issue of issues.slice(0, limit)) {
    const text = issue.hint ? `${issue.message} — ${issue.hint}` : issue.message;
    lines.push(
      `| ${escapeInline(issue.file, 200)} | ${issue.line}:${issue.column} | ${escapeInline(text, 500)} |`,
    );
  }
  if (issues.length > limit) lines.push('', `…and ${issues.length - limit} more.`);
  return `${lines.join('\n')}\n`;
}

/**
 * The plan comment of a commit that could not be planned: an older commit's plan must not stay
 * up looking current. `problems` counts the validation issues; null for another error.
 */
export function renderNoPlanNotice(headSha: string, problems: number | null): string {
  const what =
    problems === null ? 'an error' : `${problems} problem${problems === 1 ? '' : 's'} in the image files`;
  return [
    `### fwsync plan · ${headSha.slice(0, 7)}`,
    '',
    `**No plan:** commit ${codeSpan(headSha.slice(0, 7))} could not be planned because of ${what}. ` +
      'The annotations and the job summary of this run say what to fix; the plan shown here before was for an older commit.',
  ].join('\n');
}
