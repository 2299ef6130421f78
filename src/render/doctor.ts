// The doctor report in three forms: text for a terminal, markdown for an issue or a job summary
// (what the README asks people to send back), JSON for machines.

import type { FindingLine, Verdict } from '../core/api-profile.js';
import type { DoctorCheck, DoctorReport } from '../core/doctor-report.js';
import { escapeInline } from './escape-markdown.js';
import { stableJson } from './json.js';
import { painter, visible, type Style } from './text.js';

const LABEL: Record<Verdict, { text: string; style: Style; emoji: string }> = {
  ok: { text: 'ok  ', style: 'green', emoji: '✅' },
  note: { text: 'note', style: 'cyan', emoji: 'ℹ️' },
  warn: { text: 'warn', style: 'yellow', emoji: '⚠️' },
  fail: { text: 'FAIL', style: 'red', emoji: '❌' },
};

const CLOSING: Record<Verdict, string> = {
  ok: 'Everything fwsync checked is as it expects.',
  note: 'Everything fwsync checked is as it expects; the notes say what it does differently because of it.',
  warn: 'Some answers are not what fwsync expected: please send this report (fwsync doctor --format markdown) with an issue.',
  fail: 'Some checks failed: fix the lines marked FAIL before the first apply.',
};

export function renderDoctorJson(report: DoctorReport): string {
  return stableJson(report);
}

export function renderDoctorText(report: DoctorReport, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const width = Math.max(0, ...[...report.checks, ...report.findings].map((l) => l.key.length));
  const line = (l: DoctorCheck | FindingLine): string[] => {
    const label = LABEL[l.verdict];
    const out = [
      `${paint(label.style, label.text)}  ${paint('dim', l.key.padEnd(width))}  ${visible(l.text)}`,
    ];
    if ('hint' in l && l.hint) out.push(`      ${' '.repeat(width)}  ${visible(l.hint)}`);
    return out;
  };
  const lines: string[] = [];
  if (report.checks.length > 0) lines.push(paint('bold', 'Checks'), ...report.checks.flatMap(line), '');
  if (report.findings.length > 0)
    lines.push(paint('bold', 'API profile'), ...report.findings.flatMap(line), '');
  lines.push(
    `${paint(LABEL[report.verdict].style, report.verdict.toUpperCase())}: ${CLOSING[report.verdict]}`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderDoctorMarkdown(report: DoctorReport): string {
  const row = (l: DoctorCheck | FindingLine): string => {
    const hint = 'hint' in l && l.hint ? `<br>${escapeInline(l.hint, 500)}` : '';
    return `| ${LABEL[l.verdict].emoji} ${l.verdict} | \`${l.key}\` | ${escapeInline(l.text, 500)}${hint} |`;
  };
  const table = (title: string, rows: ReadonlyArray<DoctorCheck | FindingLine>): string[] =>
    rows.length === 0
      ? []
      : [`### ${title}`, '', '| Verdict | Check | Result |', '| --- | --- | --- |', ...rows.map(row), ''];
  return [
    '## fwsync doctor',
    '',
    ...table('Checks', report.checks),
    ...table('API profile', report.findings),
    `**${report.verdict}**: ${CLOSING[report.verdict]}`,
    '',
  ].join('\n');
}

/** What the probe is about to do to the image, said before asking. */
export function renderProbeIntro(intro: {
  guid: string;
  title: string;
  library: string;
  baseUrl: string;
  products: number;
}): string {
  return [
    `The probe changes image ${intro.guid} ("${visible(intro.title)}") in library "${intro.library}" at ${visible(intro.baseUrl)}:`,
    '  it sends test titles and descriptions, flips visible, sends an unknown guid and ever bigger',
    '  batches, then puts the original values back (kept in the doctor journal until then).',
    '  Use a throw-away image: people may see the test values while the probe runs.',
    ...(intro.products > 0
      ? [
          `  It has ${intro.products} virtual inventory product(s): an update may remove them, and fwsync cannot restore them.`,
        ]
      : []),
    '',
  ].join('\n');
}
