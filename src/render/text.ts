// The plan and apply result for people on a terminal, Terraform-style.

import { showInvisible } from '../core/invisible.js';
import { wantsDiff, wordDiff } from './text-diff.js';
import type { ApplyResult, Change, ChangeKind, FieldChange, ImageOutcome, Plan } from '../core/types.js';

export interface TextOptions {
  color: boolean;
}

/** Values longer than this many code points are shortened in the middle for display. */
const MAX_VALUE_DISPLAY = 120;

const ANSI = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 } as const;
export type Style = keyof typeof ANSI;

const KIND_MARK: Record<ChangeKind, { mark: string; style: Style }> = {
  update: { mark: '~', style: 'yellow' },
  adopt: { mark: '+', style: 'green' },
  forget: { mark: '-', style: 'red' },
  record: { mark: '=', style: 'cyan' },
};

export function renderPlanText(plan: Plan, opts: TextOptions): string {
  return [...planTextChunks(plan, opts)].join('');
}

/**
 * renderPlanText's bytes, a piece per change (each ends a line): a plan of 100k images is
 * written as it is rendered, never held as one string.
 */
export function* planTextChunks(plan: Plan, opts: TextOptions): Generator<string> {
  const paint = painter(opts.color);
  for (const change of plan.changes) yield `${changeLines(change, paint).join('\n')}\n\n`;
  const lines: string[] = [];
  if (plan.summary.update > 0 || !plan.safety.safe) {
    const message = plan.safety.message ?? '';
    lines.push(
      plan.safety.safe
        ? `Safety: ${message}`
        : paint('red', paint('bold', `Refused without --force: ${message}`)),
    );
    lines.push('');
  }
  for (const note of plan.notes) lines.push(`${paint('bold', 'Note:')} ${visible(note)}`);
  if (plan.notes.length > 0) lines.push('');
  if (!plan.refreshed && plan.changes.length > 0) lines.push(comparedWithText(plan));
  lines.push(summaryLine(plan));
  yield `${lines.join('\n')}\n`;
}

/**
 * What a plan compared the YAML with. Without --refresh the account was not read, and no output
 * may claim anything about it (a title edited in the web UI does not show here).
 */
export function noChangesText(plan: Pick<Plan, 'refreshed' | 'state'>): string {
  if (plan.refreshed) return 'No changes. The account matches the YAML files.';
  return `No changes against the last-applied state (${stateLabel(plan)}); the account was not read — \`fwsync plan --refresh\` compares with it.`;
}

export function comparedWithText(plan: Pick<Plan, 'state'>): string {
  return `Compared with the last-applied state (${stateLabel(plan)}); the account was not read — \`fwsync plan --refresh\` compares with it.`;
}

function stateLabel(plan: Pick<Plan, 'state'>): string {
  return plan.state.exists ? `serial ${plan.state.serial}` : 'no state file yet';
}

export function renderApplyResultText(result: ApplyResult, opts: TextOptions): string {
  const paint = painter(opts.color);
  const lines: string[] = [];
  for (const image of result.images) {
    const { mark, style, label } = OUTCOME_MARK[image.outcome];
    const message = image.message === undefined ? '' : `: ${visible(shorten(image.message, 500))}`;
    lines.push(`${paint(style, `${mark} ${label}`)} ${visible(image.guid)} (${image.kind})${message}`);
  }
  if (lines.length > 0) lines.push('');
  const s = result.summary;
  const counts =
    `${s.applied} applied, ${s.recorded} recorded, ${s.forgotten} forgotten, ${s.failed} failed, ${s.not_attempted} not attempted` +
    (s.refused > 0 ? `, ${s.refused} refused` : '');
  const requests = `${result.requests} request${result.requests === 1 ? '' : 's'}`;
  if (result.interrupted) {
    lines.push(
      paint(
        'red',
        `Apply interrupted: ${counts} (${requests}). Confirmed images are recorded; run apply again for the rest.`,
      ),
    );
  } else if (result.complete && result.images.length === 0) {
    lines.push('Nothing to apply: the plan had no changes; nothing was sent.');
  } else if (result.complete) {
    lines.push(paint('green', `Apply complete: ${counts} (${requests}).`));
  } else {
    lines.push(
      paint(
        'red',
        `Apply incomplete: ${counts} (${requests}). Confirmed images are recorded; fix the failures and run apply again.`,
      ),
    );
  }
  if (s.refused > 0) {
    lines.push(
      `${s.refused} image${s.refused === 1 ? ' was' : 's were'} refused and not recorded: the next plan shows ${s.refused === 1 ? 'it' : 'them'} again. ` +
        '`fwsync apply --allow-product-removal` sends images whose virtual inventory products the update removes.',
    );
  }
  if (result.state)
    lines.push(`State: lineage ${visible(result.state.lineage)}, serial ${result.state.serial}.`);
  return `${lines.join('\n')}\n`;
}

const OUTCOME_MARK: Record<ImageOutcome, { mark: string; style: Style; label: string }> = {
  applied: { mark: '✓', style: 'green', label: 'applied' },
  recorded: { mark: '=', style: 'cyan', label: 'recorded' },
  forgotten: { mark: '-', style: 'dim', label: 'forgotten' },
  failed: { mark: '✗', style: 'red', label: 'failed' },
  not_attempted: { mark: '·', style: 'yellow', label: 'not attempted' },
  refused: { mark: '!', style: 'red', label: 'refused' },
};

function changeLines(change: Change, paint: Painter): string[] {
  const { mark, style } = KIND_MARK[change.kind];
  const where = change.line === null ? visible(change.file) : `${visible(change.file)}:${change.line}`;
  const tags: string[] = [];
  if (change.drifted) tags.push('drifted: changed on FinerWorks outside fwsync');
  if (change.kind === 'adopt' && change.live === undefined) tags.push('live value unknown');
  if (change.kind === 'forget')
    tags.push('removed from the state only; the image on FinerWorks is not touched');
  if (change.kind === 'record') tags.push('the account already matches; only the state is written');
  const tail = tags.length > 0 ? paint('dim', ` — ${tags.join('; ')}`) : '';
  const lines = [
    `${paint(style, `${mark} ${change.kind}`)} ${visible(change.guid)} (${where})${titleText(change)}${tail}`,
  ];
  for (const field of change.fields) lines.push(`    ${field.field}: ${fieldText(change, field, paint)}`);
  if (change.productsSeen) {
    const { labels, seen_at } = change.productsSeen;
    lines.push(
      `    ${paint('yellow', `virtual inventory products when fwsync last read them (${seen_at.slice(0, 10)}):`)} ${labels.length > 0 ? labels.map(visible).join(', ') : 'none'}`,
    );
  }
  if (change.products && change.products.length > 0) {
    lines.push(
      `    ${paint('yellow', 'virtual inventory products that may be removed:')} ${change.products.map(visible).join(', ')}`,
    );
  }
  return lines;
}

/** The image's title (and the old one when it changes), so a reviewer need not know guids. */
function titleText(change: Change): string {
  const titleChange = change.fields.find((f) => f.field === 'title');
  const now = change.kind === 'forget' ? titleChange?.before : (change.desired?.title ?? titleChange?.after);
  if (typeof now !== 'string') return '';
  const was =
    change.kind !== 'forget' && typeof titleChange?.before === 'string' && titleChange.before !== now
      ? `, was ${formatValue(titleChange.before)}`
      : '';
  return ` ${formatValue(now)}${was}`;
}

function fieldText(change: Change, field: FieldChange, paint: Painter): string {
  if (wantsDiff(field.before, field.after) && change.kind !== 'forget')
    return diffText(field.before, field.after as string, paint);
  const before = field.before === undefined ? undefined : paint('red', formatValue(field.before));
  const after = field.after === undefined ? undefined : paint('green', formatValue(field.after));
  // One-sided entries mean "unknown" for an adopt without refresh and "forgotten" for a
  // forget: show the one value. In a diff between two known values, the other side is unset.
  if (change.kind === 'adopt' && change.live === undefined && after !== undefined) return after;
  if (change.kind === 'forget' && before !== undefined) return before;
  return `${before ?? paint('dim', '(unset)')} → ${after ?? paint('dim', '(unset)')}`;
}

function summaryLine(plan: Plan): string {
  const s = plan.summary;
  if (plan.changes.length === 0) return noChangesText(plan);
  const parts = [`${s.update} to update`, `${s.adopt} to adopt`];
  if (s.record > 0 || plan.refreshed) parts.push(`${s.record} to record`);
  parts.push(`${s.forget} to forget`, `${s.unchanged} unchanged`);
  const drifted = s.drifted > 0 ? ` ${s.drifted} drifted.` : '';
  return `Plan: ${parts.join(', ')}.${drifted}`;
}

/**
 * A long or multi-line change as a word diff: [-removed-] and {+added+} (coloured when colour is
 * on), unchanged text cut to some context, and line ends shown as ↵ with the line kept.
 */
function diffText(before: string, after: string, paint: Painter): string {
  // Each line made visible on its own; the line ends become ↵ and a real, indented new line.
  const show = (text: string): string => text.split(/\r?\n/).map(visible).join('↵\n      ');
  const out = wordDiff(before, after).map((part) => {
    if (part.kind === 'removed') return paint('red', `[-${show(part.text)}-]`);
    if (part.kind === 'added') return paint('green', `{+${show(part.text)}+}`);
    if (part.kind === 'elided') return paint('dim', part.text);
    return show(part.text);
  });
  return `(word diff) ${out.join('')}`;
}

/** Strings are quoted; long values keep their start and end, which is where edits usually are. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return visible(JSON.stringify(shorten(value, MAX_VALUE_DISPLAY)));
  return visible(JSON.stringify(value) ?? String(value));
}

function shorten(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  const tail = Math.floor((max - 1) / 2);
  return `${points.slice(0, head).join('')}…${points.slice(points.length - tail).join('')}`;
}

/**
 * Control characters (C0, DEL, C1), line/paragraph separators and bidi or zero-width
 * formatting characters are written as \uXXXX (as JSON does), so user text cannot move the cursor, recolour
 * the terminal or reorder what is shown.
 */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return showInvisible(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

export type Painter = (style: Style, text: string) => string;

/** Wraps text in an ANSI style when colour is on; the identity otherwise. */
export function painter(color: boolean): Painter {
  return color ? (style, text) => `\u001b[${ANSI[style]}m${text}\u001b[0m` : (_style, text) => text;
}
