// The plan and apply result as posted on pull requests and in the job summary. This renderer
// owns GitHub's comment size limit: bodies are cut at an item boundary below maxChars.

import type {
  ApplyResult,
  Change,
  ChangeKind,
  FieldChange,
  ImageOutcome,
  ImageResult,
  Plan,
} from '../core/types.js';
import { compareCodeUnits } from '../core/canonical.js';
import type { ReviewDiff } from '../core/review.js';
import { codeSpan, escapeHtmlText, escapeInline, fence } from './escape-markdown.js';
import { COMMENT_MAX_CHARS } from './limits.js';
import { lineDiff, wantsDiff, wordDiff } from './text-diff.js';

export interface MarkdownOptions {
  /** Hard cap on the body (GitHub's limit: render/limits.ts). Default COMMENT_MAX_CHARS. */
  maxChars?: number;
  title?: string;
  /** Prepended as-is, e.g. a hidden `<!-- fwsync-plan -->` comment used to find the comment. */
  marker?: string;
  /** Said after "…and N more" when the body is cut. */
  summaryPointer?: string;
}

export interface ApplyResultMarkdownOptions extends MarkdownOptions {
  /** Whether the applied plan is the one last shown on the pull request; null when unknown. */
  planMatchesReviewed?: boolean | null;
  /** When it is not: how the changes differ, if the pull request's comment carried digests. */
  reviewDiff?: ReviewDiff | null;
}

/**
 * The last line of the Action's comments: which fwsync wrote them (test/versions.test.ts).
 * The version is package.json's, not user text, and a backslash before its dots would show.
 */
export function versionFooter(version: string): string {
  return `\n<sub>fwsync ${version}</sub>\n`;
}
/** Room kept for the footer when a comment body is cut to size. */
export const FOOTER_RESERVE = 100;

const DEFAULT_POINTER = '(see the job summary for the full plan)';
/** Per table cell, before escaping; a description can be 10,000 characters. */
const MAX_CELL = 300;
const MAX_MESSAGE = 500;

const KIND_LABEL: Record<ChangeKind, string> = {
  update: '~ update',
  adopt: '+ adopt',
  forget: '- forget',
  record: '= record',
};

export function renderPlanMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  const s = plan.summary;
  const head: string[] = [];
  head.push(`### ${escapeInline(opts.title ?? 'fwsync plan', 200)}`, '');
  head.push(
    '| update | adopt | forget | record | unchanged | drifted |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${s.update} | ${s.adopt} | ${s.forget} | ${s.record} | ${s.unchanged} | ${s.drifted} |`,
    '',
  );
  const against = plan.state.exists
    ? `state serial ${plan.state.serial}, lineage ${codeSpan(plan.state.lineage ?? '', 64)}`
    : 'no state file yet';
  head.push(
    `Planned against ${against}${plan.refreshed ? ', with live values (--refresh)' : ''}. Checksum ${codeSpan(plan.checksum, 80)}.`,
    '',
  );
  // Without --refresh the account was not read: say so, and claim nothing about it.
  const serial = plan.state.exists ? `serial ${plan.state.serial}` : 'no state file yet';
  const notRead = `the account was not read — ${codeSpan('fwsync plan --refresh')} compares with it.`;
  if (plan.changes.length === 0) {
    head.push(
      plan.refreshed
        ? '**No changes.** The account matches the YAML files.'
        : `**No changes** against the last-applied state (${serial}); ${notRead}`,
      '',
    );
  } else if (!plan.refreshed) {
    head.push(`Compared with the last-applied state (${serial}); ${notRead}`, '');
  }
  if (!plan.safety.safe) {
    head.push(
      `> [!CAUTION]`,
      `> **Refused without --force.** ${escapeInline(plan.safety.message ?? '', 1000)}`,
      '',
    );
  } else if (s.update > 0 && plan.safety.message) {
    head.push(`**Safety:** ${escapeInline(plan.safety.message, 1000)}`, '');
  }
  if (plan.notes.length > 0) {
    head.push(...plan.notes.map((note) => `- ${escapeInline(note, 2000)}`), '');
  }
  return assemble(opts, head, plan.changes, changeDetails, []);
}

export function renderApplyResultMarkdown(
  result: ApplyResult,
  opts: ApplyResultMarkdownOptions = {},
): string {
  const s = result.summary;
  const head: string[] = [];
  head.push(`### ${escapeInline(opts.title ?? 'fwsync apply', 200)}`, '');
  const done = s.applied + s.recorded + s.forgotten;
  const verdict = result.interrupted
    ? `**Cancelled, partially applied: ${done} of ${result.images.length} changes.** Confirmed images are recorded in the state; run apply again for the rest.`
    : result.complete
      ? result.images.length === 0
        ? '**Nothing to apply.** The plan had no changes; nothing was sent.'
        : '**Applied.** Every change was confirmed.'
      : '**Partially applied.** Confirmed images are recorded in the state; fix the failures and run apply again.';
  head.push(verdict, '');
  if (s.refused > 0) {
    head.push(
      `**Refused: ${s.refused} image${s.refused === 1 ? '' : 's'} not sent on purpose** (virtual inventory products the update would remove, or not in the configured library; see the table). They are not recorded, so the next plan shows them again; ${codeSpan('allow-product-removal')} sends images with products anyway.`,
      '',
    );
  }
  head.push(
    '| applied | recorded | forgotten | failed | not attempted | requests |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${s.applied} | ${s.recorded} | ${s.forgotten} | ${s.failed} | ${s.not_attempted} | ${result.requests} |`,
    '',
  );
  if (opts.planMatchesReviewed === true)
    head.push('The applied plan is the plan last shown on this pull request.', '');
  if (opts.planMatchesReviewed === false) {
    const diff = opts.reviewDiff ?? null;
    if (diff !== null && diff.added === 0 && diff.removed === 0) {
      head.push(
        'The applied changes send the same values as the plan last shown on this pull request; the state they start from moved since, so the plan checksum differs.',
        '',
      );
    } else {
      const counts =
        diff === null
          ? ''
          : ` by +${diff.added}/−${diff.removed} changes (${diff.added} not shown there, ${diff.removed} shown there and not applied as shown; a change whose values differ counts on both sides)`;
      head.push(
        '> [!WARNING]',
        `> The applied plan differs from the plan last shown on this pull request${counts}: the state or the files changed since.`,
        '',
      );
    }
  }
  const state = result.state ? `; state serial ${result.state.serial}` : '';
  head.push(`Plan checksum ${codeSpan(result.plan_checksum, 80)}${state}.`, '');

  // Failures first, so a cut body still shows what needs attention.
  const ordered = [...result.images].sort(
    (a, b) => OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] || compareCodeUnits(a.guid, b.guid),
  );
  const tableHead =
    ordered.length > 0 ? ['| image | change | outcome | message |', '| --- | --- | --- | --- |'] : [];
  return assemble(opts, head, ordered, resultRow, tableHead);
}

const OUTCOME_ORDER: Record<ImageOutcome, number> = {
  failed: 0,
  not_attempted: 1,
  refused: 1,
  applied: 2,
  recorded: 3,
  forgotten: 4,
};
const OUTCOME_LABEL: Record<ImageOutcome, string> = {
  failed: '❌ failed',
  not_attempted: '⏸️ not attempted',
  refused: '🛑 refused',
  applied: '✅ applied',
  recorded: '📝 recorded',
  forgotten: '➖ forgotten',
};

function resultRow(image: ImageResult): string {
  const message = image.message === undefined ? '' : escapeInline(image.message, MAX_MESSAGE);
  return `| ${codeSpan(image.guid, 64)} | ${image.kind} | ${OUTCOME_LABEL[image.outcome]} | ${message} |`;
}

function changeDetails(change: Change): string {
  const where = change.line === null ? change.file : `${change.file}:${change.line}`;
  const tags: string[] = [];
  if (change.drifted) tags.push('drifted');
  if (change.kind === 'adopt' && change.live === undefined) tags.push('live value unknown');
  const tagText = tags.length > 0 ? ` (${tags.join(', ')})` : '';
  const lines = [
    `<details><summary>${KIND_LABEL[change.kind]} <code>${escapeHtmlText(change.guid, 64)}</code> — ${escapeHtmlText(where, 300)}${tagText}</summary>`,
    '',
  ];
  if (change.kind === 'forget') {
    lines.push('Removed from the state only; the image on FinerWorks is not touched.', '');
  } else if (change.kind === 'record') {
    lines.push('The account already holds these values; only the state is written.', '');
  }
  if (change.fields.length > 0) {
    lines.push('| field | before | after |', '| --- | --- | --- |');
    for (const field of change.fields) lines.push(fieldRow(change, field));
    lines.push('');
    // Long or multi-line texts: a word diff (one line) or a line diff (several), under the table.
    for (const field of change.fields) {
      if (change.kind !== 'forget' && wantsDiff(field.before, field.after))
        lines.push(...textDiffBlock(field.field, field.before, field.after as string), '');
    }
  }
  if (change.productsSeen) {
    const { labels, seen_at } = change.productsSeen;
    const names = labels.length > 0 ? labels.map((p) => escapeInline(p, 200)).join(', ') : 'none';
    lines.push(
      `Virtual inventory products when fwsync last read them (${escapeInline(seen_at.slice(0, 10))}): ${names}`,
      '',
    );
  }
  if (change.products && change.products.length > 0) {
    const names = change.products.map((p) => escapeInline(p, 200)).join(', ');
    lines.push(`Virtual inventory products that may be removed: ${names}`, '');
  }
  lines.push('</details>');
  return lines.join('\n');
}

function textDiffBlock(field: string, before: string, after: string): string[] {
  if (before.includes('\n') || after.includes('\n')) {
    const body = lineDiff(before, after)
      .map((l) => `${l.kind === 'added' ? '+' : l.kind === 'removed' ? '-' : ' '} ${l.line}`)
      .join('\n');
    return [`${field}, line by line:`, '', fence(body, 'diff')];
  }
  const parts = wordDiff(before, after).map((part) => {
    const text = escapeInline(part.text);
    if (part.kind === 'removed') return `<del>${text}</del>`;
    if (part.kind === 'added') return `<ins>${text}</ins>`;
    return text;
  });
  return [`${field}, word by word: ${parts.join('')}`];
}

function fieldRow(change: Change, field: FieldChange): string {
  if (change.kind !== 'forget' && wantsDiff(field.before, field.after))
    return `| ${field.field} | ${cell(field.before)} | _changed: see below_ |`;
  const unknown = change.kind === 'adopt' && change.live === undefined ? '_unknown_' : '_unset_';
  const before = field.before === undefined ? (change.kind === 'forget' ? '' : unknown) : cell(field.before);
  const after =
    field.after === undefined ? (change.kind === 'forget' ? '_forgotten_' : '_unset_') : cell(field.after);
  return `| ${field.field} | ${before} | ${after} |`;
}

function cell(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '_empty_' : escapeInline(value, MAX_CELL);
  return escapeInline(JSON.stringify(value) ?? '', MAX_CELL);
}

/**
 * head, then as many items as fit under maxChars, then "…and N more". Items are separated by
 * blank lines (details) or are table rows (tableHead given). Each is rendered only when its
 * turn comes, and none after the first that does not fit: a plan of 100k images renders the
 * few hundred that fit in a comment, not all of them.
 */
function assemble<T>(
  opts: MarkdownOptions,
  head: string[],
  items: readonly T[],
  render: (item: T) => string,
  tableHead: string[],
): string {
  const max = opts.maxChars ?? COMMENT_MAX_CHARS;
  const pointer = opts.summaryPointer ?? DEFAULT_POINTER;
  const sep = tableHead.length > 0 ? '\n' : '\n\n';
  let body = `${opts.marker ? `${opts.marker}\n` : ''}${head.join('\n')}\n`;
  if (tableHead.length > 0 && items.length > 0) body += `${tableHead.join('\n')}\n`;

  const cutLine = (n: number): string => `\n…and ${n} more ${pointer}\n`;
  let used = 0;
  const parts: string[] = [];
  let length = 0;
  for (const item of items) {
    const piece = `${used === 0 ? '' : sep}${render(item)}`;
    const remaining = items.length - used - 1;
    const reserve = remaining > 0 ? cutLine(remaining).length + 1 : 1;
    if (body.length + length + piece.length + reserve > max) break;
    parts.push(piece);
    length += piece.length;
    used += 1;
  }
  const text = parts.join('');
  let out = `${body}${text}${text === '' ? '' : '\n'}`;
  if (used < items.length) out += cutLine(items.length - used);
  // The head is bounded, but a caller may ask for a tiny maxChars: never exceed it.
  return out.length > max ? `${out.slice(0, Math.max(0, max - 1))}…` : out;
}
