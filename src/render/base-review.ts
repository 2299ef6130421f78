// The CAUTION section at the top of a pull request's plan (comment and job summary) when the
// pull request changes the config or the state file besides the image files
// (core/base-review.ts). Pure.

import type { BaseReview, RecordedFieldChange } from '../core/base-review.js';
import { escapeInline } from './escape-markdown.js';

/** Rows listed per table; the rest are counted. Keeps the section well inside the comment limit. */
const MAX_ROWS = 20;
const MAX_VALUE = 100;

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
const value = (v: unknown): string => (v === undefined ? '—' : escapeInline(JSON.stringify(v), MAX_VALUE));

export function renderBaseReviewCaution(review: BaseReview, opts: { baseSha: string }): string {
  const base = opts.baseSha.slice(0, 7);
  const lines: string[] = [
    '> [!CAUTION]',
    `> This pull request changes more than the image files. Compared with its base (${base}), the edits below change where the keys go, what is read or what a merge sends, and the plan does not show them as image changes. Review them like code.`,
    '',
  ];
  const pathMoved = review.statePath.before !== review.statePath.after;
  if (review.settings.length > 0) {
    lines.push(
      '**Settings changed in the config**',
      '',
      '| setting | base | this pull request |',
      '| --- | --- | --- |',
    );
    for (const s of review.settings.slice(0, MAX_ROWS))
      lines.push(
        `| ${code(s.setting)} | ${escapeInline(s.before, MAX_VALUE)} | ${escapeInline(s.after, MAX_VALUE)} |`,
      );
    more(lines, review.settings.length);
    lines.push('');
  }
  if (pathMoved) {
    lines.push(
      `**The state file moves** from ${escapeInline(review.statePath.before, 200)} to ${escapeInline(review.statePath.after, 200)}. This plan compares with the state recorded at the base, not with a file the pull request provides.`,
      '',
    );
  }
  if (review.state !== null && review.state.length > 0) {
    const rows = review.state.flatMap((image) =>
      image.fields.map((f) => ({ guid: image.guid, kind: image.kind, f })),
    );
    lines.push(
      '**Recorded values changed in the state file** (fwsync compares the YAML with these: an edit here can hide a change or send one nobody reviewed)',
      '',
      '| image | field | base | this pull request |',
      '| --- | --- | --- | --- |',
    );
    for (const r of rows.slice(0, MAX_ROWS)) lines.push(stateRow(r.guid, r.kind, r.f));
    more(lines, rows.length);
    lines.push('');
  }
  if (review.fileEntriesChanged > 0) {
    lines.push(
      `The recorded hashes of ${review.fileEntriesChanged} image file(s) change; this plan parsed every file regardless.`,
      '',
    );
  }
  return lines.join('\n') + '\n';
}

function stateRow(guid: string, kind: string, f: RecordedFieldChange): string {
  const note = kind === 'changed' ? '' : ` (${kind})`;
  return `| ${code(guid)}${note} | ${code(f.field)} | ${value(f.before)} | ${value(f.after)} |`;
}

function more(lines: string[], total: number): void {
  if (total > MAX_ROWS) lines.push(`| … | ${total - MAX_ROWS} more | | |`);
}

/** One line for the warning annotation. */
export function describeBaseReview(review: BaseReview): string {
  const parts: string[] = [];
  if (review.settings.length > 0)
    parts.push(`settings (${review.settings.map((s) => s.setting).join(', ')})`.slice(0, 300));
  if (review.statePath.before !== review.statePath.after) parts.push('the state file path');
  if (review.state !== null && review.state.length > 0)
    parts.push(`the recorded values of ${review.state.length} image(s) in the state file`);
  if (review.fileEntriesChanged > 0)
    parts.push(`the recorded hashes of ${review.fileEntriesChanged} file(s)`);
  return `This pull request changes ${parts.join(', ')} besides the image files: see the CAUTION section of the plan.`;
}
