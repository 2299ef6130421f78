// The drift report in three forms: text for a terminal, markdown for a GitHub comment or job
// summary, JSON for machines (schemas/drift.schema.json).

import type { DriftField, DriftImage, DriftReport } from '../core/drift.js';
import { escapeInline } from './escape-markdown.js';
import { stableJson } from './json.js';
import { COMMENT_MAX_CHARS } from './limits.js';
import { formatValue, painter, visible, type Style } from './text.js';

/** Code points of one value in a markdown cell. */
const MAX_CELL = 200;

export function renderDriftJson(report: DriftReport): string {
  return stableJson(report);
}

export function renderDriftText(report: DriftReport, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const lines: string[] = [];
  for (const image of report.images) {
    const where =
      image.file === null ? '' : ` (${visible(image.file)}${image.line === null ? '' : `:${image.line}`})`;
    const label = STATUS_LABEL[image.status];
    lines.push(
      `${paint(label.style, `${label.mark} ${image.status}`)} ${image.guid}${where}${paint('dim', ` — ${label.text}`)}`,
    );
    for (const field of image.fields) lines.push(`    ${field.field}: ${fieldText(field)}`);
    lines.push('');
  }
  for (const note of report.notes) lines.push(`${paint('bold', 'Note:')} ${visible(note)}`);
  if (report.notes.length > 0) lines.push('');
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
}

const STATUS_LABEL: Record<DriftImage['status'], { mark: string; style: Style; text: string }> = {
  drifted: { mark: '!', style: 'red', text: 'changed on FinerWorks outside fwsync' },
  missing: { mark: '?', style: 'red', text: 'not found on the account' },
  pending: {
    mark: '~',
    style: 'yellow',
    text: 'the YAML differs from the account; the next apply changes it',
  },
};

function fieldText(field: DriftField): string {
  const parts = [`live ${show(field.live)}`];
  if (field.outside || field.applied !== undefined) parts.push(`last applied ${show(field.applied)}`);
  if (field.pending || field.desired !== undefined) parts.push(`YAML ${show(field.desired)}`);
  return parts.join(', ');
}

function show(value: unknown): string {
  return value === undefined ? '(unset)' : formatValue(value);
}

function summaryLine(report: DriftReport): string {
  const s = report.summary;
  const where = report.library ? ` in library ${report.library}` : '';
  const counts = `${s.checked} image${s.checked === 1 ? '' : 's'} checked${where}: ${s.in_sync} in sync, ${s.drifted} drifted, ${s.missing} missing, ${s.pending} pending`;
  if (s.checked === 0) return 'Nothing to compare: no image is in the state or the YAML files.';
  if (report.drift) return `Drift found (${counts}). Run "fwsync plan --refresh" to see what apply would do.`;
  if (s.pending > 0) return `No drift (${counts}). Pending changes are applied by "fwsync apply".`;
  return `No drift (${counts}). The account matches the state.`;
}

export function renderDriftMarkdown(report: DriftReport): string {
  const s = report.summary;
  const head = [
    '### fwsync drift',
    '',
    report.drift
      ? `**Drift found:** ${s.drifted} image${s.drifted === 1 ? '' : 's'} changed on FinerWorks outside fwsync, ${s.missing} missing.`
      : '**No drift:** the account matches the last applied state.',
    '',
    ...(report.library ? [`Read from library ${report.library}.`, ''] : []),
    `| checked | in sync | drifted | missing | pending |`,
    `| ---: | ---: | ---: | ---: | ---: |`,
    `| ${s.checked} | ${s.in_sync} | ${s.drifted} | ${s.missing} | ${s.pending} |`,
    '',
  ];
  const tail: string[] = [];
  for (const note of report.notes) tail.push(`> ${escapeInline(note)}`, '');

  const rows: string[] = [];
  for (const image of report.images) {
    const where =
      image.file === null
        ? ''
        : `${escapeInline(image.file, MAX_CELL)}${image.line === null ? '' : `:${image.line}`}`;
    if (image.fields.length === 0) {
      rows.push(`| \`${image.guid}\` | ${image.status} | ${where} | | | | |`);
      continue;
    }
    for (const field of image.fields) {
      rows.push(
        `| \`${image.guid}\` | ${image.status} | ${where} | ${field.field} | ${cell(field.live)} | ${cell(field.applied)} | ${cell(field.desired)} |`,
      );
    }
  }

  let body = head.join('\n');
  if (rows.length > 0) {
    const table = [
      '| image | status | file | field | live | last applied | YAML |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    ];
    // The same cap as the plan comment: the report may be posted as a comment or an issue.
    const budget = COMMENT_MAX_CHARS - body.length - tail.join('\n').length - 200;
    let used = table.join('\n').length;
    let shown = 0;
    for (const row of rows) {
      if (used + row.length + 1 > budget) break;
      table.push(row);
      used += row.length + 1;
      shown += 1;
    }
    body += `\n${table.join('\n')}\n`;
    if (shown < rows.length)
      body += `\n…and ${rows.length - shown} more rows (run \`fwsync drift --format json\` for all of them).\n`;
    body += '\n';
  }
  return `${body}${tail.join('\n')}${tail.length > 0 ? '\n' : ''}`;
}

/** One value in a markdown table cell: escaped, shortened, and visible when empty or unset. */
export function cell(value: unknown): string {
  if (value === undefined) return '*(unset)*';
  if (typeof value === 'string') return value === '' ? '*(empty)*' : escapeInline(value, MAX_CELL);
  return escapeInline(JSON.stringify(value) ?? '', MAX_CELL);
}
