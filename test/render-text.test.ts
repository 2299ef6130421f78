/* eslint-disable no-control-regex -- these tests look for raw control characters in the output on purpose */
import { describe, expect, it } from 'vitest';
import { planChanges } from '../src/core/plan.js';
import type { ApplyResult, DesiredImage, ImageFields, State } from '../src/core/types.js';
import { planTextChunks, renderApplyResultText, renderPlanText } from '../src/render/text.js';
import { desiredImage, G, stateOf } from './support/plan-fixtures.js';

const f = (title: string, extra: Partial<ImageFields> = {}): ImageFields => ({
  title,
  description: 'd',
  ...extra,
});
const ESC = '\u001b';

const state = (entries: Array<[number, ImageFields]>): State =>
  stateOf(entries, { source: 'images/old.yaml', lineage: 'l', serial: 2 });

const img = (n: number, fields: ImageFields, line = 4): DesiredImage =>
  desiredImage(n, fields, 'images/a.yaml', line);

const plan = planChanges({
  desired: {
    images: [img(1, f('New title', { rank: 2 })), img(2, f('Harbour at Dawn')), img(4, f('same'))],
    files: [{ path: 'images/a.yaml', hash: 'h', guids: [G(1), G(2), G(4)], skipped: false }],
  },
  state: state([
    [1, f('Old title', { visible: true })],
    [3, f('Forgotten one')],
    [4, f('same')],
  ]),
  maxChangePercent: 30,
});

describe('renderPlanText', () => {
  const text = renderPlanText(plan, { color: false });

  it('shows a header per change, field lines old → new, notes and a summary line', () => {
    expect(text).toContain(`~ update ${G(1)} (images/a.yaml:4) "New title", was "Old title"`);
    expect(text).toContain('    title: "Old title" → "New title"');
    expect(text).toContain('    visible: true → (unset)');
    expect(text).toContain('    rank: (unset) → 2');
    expect(text).toContain(`+ adopt ${G(2)} (images/a.yaml:4) "Harbour at Dawn" — live value unknown`);
    expect(text).toContain('    title: "Harbour at Dawn"');
    expect(text).toMatch(
      new RegExp(`- forget ${G(3)} \\(images/old\\.yaml\\) "Forgotten one" — removed from the state only`),
    );
    expect(text).toContain('    title: "Forgotten one"');
    expect(text).toContain(
      'Note: The FinerWorks API documentation says updating an image in the inventory library',
    );
    expect(text.endsWith('Plan: 1 to update, 1 to adopt, 1 to forget, 1 unchanged.\n')).toBe(true);
    expect(text).not.toContain(ESC);
  });

  it('is written a change at a time, each piece ending a line, a blank line after each change', () => {
    const pieces = [...planTextChunks(plan, { color: false })];
    expect(pieces).toHaveLength(plan.changes.length + 1);
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('\n\n')).toBe(true);
    expect(pieces.join('')).toBe(text);
  });

  it('colours only when asked', () => {
    const coloured = renderPlanText(plan, { color: true });
    expect(coloured).toContain(`${ESC}[33m~ update${ESC}[0m`);
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(text);
  });

  it('says when there is nothing to do', () => {
    const empty = planChanges({
      desired: { images: [img(4, f('same'))], files: [] },
      state: state([[4, f('same')]]),
      maxChangePercent: 30,
    });
    expect(renderPlanText(empty, { color: false })).toBe(
      'No changes against the last-applied state (serial 2); the account was not read — `fwsync plan --refresh` compares with it.\n',
    );
    expect(renderPlanText({ ...empty, refreshed: true }, { color: false })).toBe(
      'No changes. The account matches the YAML files.\n',
    );
  });

  it('shows the safety refusal with how to proceed', () => {
    const many = Array.from({ length: 20 }, (_, i) => [i + 1, f('old')] as [number, ImageFields]);
    const refused = planChanges({
      desired: { images: many.map(([n], i) => img(n, f(i < 7 ? 'new' : 'old'))), files: [] },
      state: state(many),
      maxChangePercent: 30,
    });
    const out = renderPlanText(refused, { color: false });
    expect(out).toMatch(
      /Refused without --force: This plan updates 7 of 20 tracked images \(35%\).*fwsync apply --force/,
    );
  });

  it('makes control characters visible and shortens long values in the middle', () => {
    const evil = `Nice\u001b[2J\u001b[1;1HFAKE\r\nline\u0007\u009b31m\u202Eevil`;
    const long = `start-${'x'.repeat(500)}-end`;
    const p = planChanges({
      desired: { images: [img(9, { title: evil, description: long })], files: [] },
      state: null,
      maxChangePercent: 30,
    });
    const out = renderPlanText(p, { color: true });
    // Only our own colour sequences remain; the title's ESC, CR, BEL, CSI and RLO are spelled out.
    expect(out.replace(/\u001b\[\d+m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).toContain('"Nice\\u001b[2J\\u001b[1;1HFAKE\\r\\nline\\u0007\\u009b31m⟨U+202E⟩evil"');
    const line = out.split('\n').find((l) => l.includes('description:'))!;
    expect(line).toMatch(/"start-x+…x+-end"/);
    expect(Array.from(line.replace(/\u001b\[\d+m/g, '')).length).toBeLessThan(150);
  });
});

describe('renderApplyResultText', () => {
  const result: ApplyResult = {
    version: 1,
    plan_checksum: `sha256:${'0'.repeat(64)}`,
    complete: false,
    interrupted: false,
    summary: { applied: 1, recorded: 0, forgotten: 1, failed: 1, not_attempted: 1, refused: 0 },
    requests: 3,
    images: [
      { guid: G(1), kind: 'update', outcome: 'applied' },
      { guid: G(2), kind: 'adopt', outcome: 'failed', message: 'Image not found\u001b[31m' },
      { guid: G(3), kind: 'forget', outcome: 'forgotten' },
      { guid: G(4), kind: 'update', outcome: 'not_attempted', message: 'stopped after bad credentials' },
    ],
    state: { lineage: 'l', serial: 5 },
  };

  it('lists every image with its outcome and summarises', () => {
    const out = renderApplyResultText(result, { color: false });
    expect(out).toContain(`✓ applied ${G(1)} (update)`);
    expect(out).toContain(`✗ failed ${G(2)} (adopt): Image not found\\u001b[31m`);
    expect(out).toContain(`· not attempted ${G(4)} (update): stopped after bad credentials`);
    expect(out).toContain(
      'Apply incomplete: 1 applied, 0 recorded, 1 forgotten, 1 failed, 1 not attempted (3 requests).',
    );
    expect(out).toContain('State: lineage l, serial 5.');
    expect(out).not.toContain(ESC);
  });

  it('says complete or interrupted', () => {
    expect(renderApplyResultText({ ...result, complete: true }, { color: false })).toContain(
      'Apply complete',
    );
    expect(renderApplyResultText({ ...result, complete: true, images: [] }, { color: false })).toMatch(
      /^Nothing to apply: the plan had no changes; nothing was sent\./,
    );
    expect(renderApplyResultText({ ...result, interrupted: true, images: [] }, { color: true })).toContain(
      'Apply interrupted',
    );
  });
});
