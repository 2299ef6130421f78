// What `fwsync pull` did (or, with --dry-run, would do), for a terminal: each value pulled into
// the YAML, each conflict with its three values, the images added, and the diff of a dry run.

import type { PullConflict, PullEdit, PullPlan } from '../core/pull.js';
import type { Guid, ImageFields } from '../core/types.js';
import { cell } from './drift.js';
import { COMMENT_MAX_CHARS } from './limits.js';
import { escapeInline } from './escape-markdown.js';
import type { RejectedImage } from './import-yaml.js';
import { formatValue, painter, visible } from './text.js';
import { unifiedDiff } from './unified-diff.js';

export interface PullReport {
  plan: PullPlan;
  added: ReadonlyArray<{ guid: Guid; fields: ImageFields }>;
  rejected: readonly RejectedImage[];
  files: ReadonlyArray<{ path: string; before: string | null; after: string }>;
  statePath: string;
  stateChanged: boolean;
  dryRun: boolean;
  /** The file --add-new appends to. */
  addNew?: string;
}

function where(item: PullEdit | PullConflict): string {
  return `${visible(item.file)}${item.line === null ? '' : `:${item.line}`}`;
}

export function renderPullText(report: PullReport, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const { plan } = report;
  const lines: string[] = [];
  const verb = report.dryRun ? 'would pull' : 'pulled';
  for (const edit of plan.edits) {
    lines.push(
      `${paint('yellow', `~ ${verb}`)} ${edit.guid} (${where(edit)}) ${edit.field}: ${formatValue(edit.yaml)} → ${formatValue(edit.live)}`,
    );
  }
  for (const image of report.added) {
    lines.push(
      `${paint('green', report.dryRun ? '+ would add' : '+ added')} ${image.guid} to ${visible(report.addNew ?? '')}: title ${formatValue(image.fields.title)}`,
    );
  }
  for (const c of plan.conflicts) {
    lines.push(
      `${paint('red', '! conflict')} ${c.guid} (${where(c)}) ${c.field}: live ${show(c.live)}, last applied ${show(c.applied)}, YAML ${show(c.yaml)}`,
    );
  }
  for (const u of plan.unpullable) {
    lines.push(
      `${paint('red', '! not pulled')} ${u.guid} (${where(u)}) ${u.field}: live ${show(u.live)}: ${visible(u.reason)}`,
    );
  }
  for (const r of report.rejected) {
    lines.push(`${paint('dim', '- not added')} ${r.guid}: ${visible(r.reasons.join('; '))}`);
  }
  if (lines.length > 0) lines.push('');

  if (report.dryRun) {
    for (const file of report.files) {
      const diff = unifiedDiff(file.before ?? '', file.after, {
        from: file.before === null ? '/dev/null' : `a/${file.path}`,
        to: `b/${file.path}`,
      });
      lines.push(...diff.replace(/\n$/, '').split('\n').map(visible), '');
    }
  }

  if (plan.missing.length > 0) {
    const n = plan.missing.length;
    lines.push(
      `${paint('bold', 'Note:')} ${n} image${n === 1 ? ' of the YAML is' : 's of the YAML are'} not on the account (${plan.missing.slice(0, 5).join(', ')}${n > 5 ? ', …' : ''}); pull never removes images from the YAML.`,
      '',
    );
  }
  if (plan.filtered > 0) {
    lines.push(
      `${paint('bold', 'Note:')} ${plan.filtered} live edit${plan.filtered === 1 ? ' was' : 's were'} left out by --guid/--field.`,
      '',
    );
  }
  if (plan.unpullable.length > 0) {
    lines.push(
      `${plan.unpullable.length} live value${plan.unpullable.length === 1 ? '' : 's'} cannot be written into an image file (the schema would reject ${plan.unpullable.length === 1 ? 'it' : 'them'}); fix ${plan.unpullable.length === 1 ? 'it' : 'them'} on FinerWorks, or run apply to send the YAML value.`,
      '',
    );
  }
  if (plan.conflicts.length > 0) {
    lines.push(
      `${plan.conflicts.length} conflict${plan.conflicts.length === 1 ? '' : 's'}: changed on FinerWorks and in the YAML since the last apply; not pulled.`,
      'Decide which value to keep: edit the YAML to the live value and run pull again, or keep the YAML value and run apply.',
      '',
    );
  }
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

function show(value: unknown): string {
  return value === undefined ? '(unset)' : formatValue(value);
}

function summaryLine(report: PullReport): string {
  const { plan } = report;
  const values = plan.edits.length;
  const files = report.files.length;
  const parts = [
    `${values} value${values === 1 ? '' : 's'}`,
    ...(report.added.length > 0
      ? [`${report.added.length} new image${report.added.length === 1 ? '' : 's'}`]
      : []),
  ];
  const into = `${parts.join(' and ')} into ${files} file${files === 1 ? '' : 's'}`;
  if (report.dryRun) {
    return `Dry run: would pull ${into}${report.stateChanged ? ` and update ${visible(report.statePath)}` : ''}. Nothing was written.`;
  }
  if (values === 0 && report.added.length === 0 && !report.stateChanged) {
    return plan.conflicts.length > 0
      ? 'Nothing pulled: every live edit is a conflict.'
      : 'Nothing to pull: the YAML holds every live value.';
  }
  const recorded = plan.recorded.length;
  return (
    `Pulled ${into}` +
    (recorded > 0 ? `; ${recorded} value${recorded === 1 ? '' : 's'} the YAML already held recorded` : '') +
    (report.stateChanged ? `; updated ${visible(report.statePath)}` : '') +
    '. Review with `git diff` and commit the files and the state.'
  );
}

/** The hidden line that finds the drift pull request again (one open at a time). */
export const DRIFT_PULL_REQUEST_MARKER = '<!-- fwsync:drift-pull-request -->';

/**
 * The body of the pull request the Action's drift job opens: each image and field as the live
 * value (what the pull request writes) against the YAML value it replaces, the conflicts it
 * leaves out, escaped like the plan comment and kept under GitHub's size limit.
 */
export function renderPullRequestBody(report: PullReport, opts: { runUrl?: string } = {}): string {
  const { plan } = report;
  const head = [
    DRIFT_PULL_REQUEST_MARKER,
    '### fwsync: edits made on FinerWorks',
    '',
    `${plan.edits.length} value${plan.edits.length === 1 ? ' was' : 's were'} changed on the FinerWorks account outside fwsync since the last apply. ` +
      'This pull request writes them into the YAML in place and records them in the state; merging it sends nothing (the values are already live).',
    '',
  ];
  const rows = plan.edits.map(
    (e) =>
      `| \`${e.guid}\` | ${escapeInline(e.file, 200)}${e.line === null ? '' : `:${e.line}`} | ${e.field} | ${cell(e.live)} | ${cell(e.yaml)} |`,
  );
  const conflictRows = plan.conflicts.map(
    (c) =>
      `| \`${c.guid}\` | ${escapeInline(c.file, 200)}${c.line === null ? '' : `:${c.line}`} | ${c.field} | ${cell(c.live)} | ${cell(c.applied)} | ${cell(c.yaml)} |`,
  );
  const tail: string[] = [];
  if (plan.missing.length > 0) {
    tail.push(
      `> ${plan.missing.length} image${plan.missing.length === 1 ? ' of the YAML is' : 's of the YAML are'} not on the account; they are left in the YAML.`,
      '',
    );
  }
  if (opts.runUrl) tail.push(`Updated by [this drift run](${opts.runUrl}).`, '');

  const budget = COMMENT_MAX_CHARS - head.join('\n').length - tail.join('\n').length - 600;
  const sections: string[] = [];
  let used = 0;
  const table = (title: string, header: string[], lines: string[]): void => {
    if (lines.length === 0) return;
    const out = [title, '', ...header];
    let shown = 0;
    for (const line of lines) {
      if (used + line.length + 1 > budget) break;
      out.push(line);
      used += line.length + 1;
      shown += 1;
    }
    if (shown < lines.length)
      out.push('', `…and ${lines.length - shown} more (run \`fwsync pull --dry-run\` for all of them).`);
    sections.push(out.join('\n'), '');
  };
  table(
    '#### Pulled into the YAML',
    [
      '| image | file | field | live value (this pull request) | YAML value (replaced) |',
      '| --- | --- | --- | --- | --- |',
    ],
    rows,
  );
  table(
    '#### Conflicts (not in this pull request)',
    [
      'Changed both on FinerWorks and in the YAML since the last apply. Decide which value to keep: edit the YAML to the live value, or apply the YAML value.',
      '',
      '| image | file | field | live | last applied | YAML |',
      '| --- | --- | --- | --- | --- | --- |',
    ],
    conflictRows,
  );
  return `${[...head, ...sections, ...tail].join('\n').replace(/\n+$/, '')}\n`;
}
