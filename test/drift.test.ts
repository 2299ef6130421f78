import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import driftSchema from '../schemas/drift.schema.json' with { type: 'json' };
import { computeDrift, managedFields, projectLive } from '../src/core/drift.js';
import type { DesiredSet, ImageFields } from '../src/core/types.js';
import { renderDriftJson, renderDriftMarkdown, renderDriftText } from '../src/render/drift.js';
import { COMMENT_MAX_CHARS } from '../src/render/limits.js';
import { A, B, C, D, desiredOf, f, threeWayState } from './support/plan-fixtures.js';

describe('computeDrift', () => {
  it('a field the state never recorded is not drift: in sync when live equals the YAML, pending otherwise', () => {
    // An import that recorded only title and description; the person then added visible/rank.
    const state = threeWayState({ [A]: f('a'), [B]: f('b') });
    const desired = desiredOf({
      [A]: f('a', 'd', { visible: true, rank: 3 }),
      [B]: f('b', 'd', { visible: true }),
    });
    const live = new Map<string, ImageFields>([
      [A, f('a', 'd', { visible: true, rank: 3 })],
      [B, f('b', 'd', { visible: false })],
    ]);
    const report = computeDrift({ live, state, desired, library: 'inventory' });
    expect(report.drift).toBe(false);
    expect(report.summary).toEqual({ checked: 2, in_sync: 1, drifted: 0, pending: 1, missing: 0 });
    expect(report.images).toEqual([
      expect.objectContaining({
        guid: B,
        status: 'pending',
        fields: [{ field: 'visible', live: false, desired: true, outside: false, pending: true }],
      }),
    ]);
    expect(renderDriftText(report, { color: false })).toContain(
      'No drift (2 images checked in library inventory: 1 in sync, 0 drifted, 0 missing, 1 pending)',
    );
    expect(renderDriftMarkdown(report)).toContain('Read from library inventory.');
    expect(JSON.parse(renderDriftJson(report))).toMatchObject({ library: 'inventory' });
  });

  it('reports per field what changed outside fwsync, what is pending, and what is missing', () => {
    const state = threeWayState({ [A]: f('a'), [B]: f('b'), [C]: f('c') });
    const desired = desiredOf({ [A]: f('a'), [B]: f('b2'), [C]: f('c') });
    const live = new Map<string, ImageFields>([
      [A, f('a', 'changed on the website')],
      [B, f('b')],
    ]);
    const report = computeDrift({ live, state, desired });
    expect(report.drift).toBe(true);
    expect(report.summary).toEqual({ checked: 3, in_sync: 0, drifted: 1, pending: 1, missing: 1 });
    expect(report.images).toEqual([
      {
        guid: A,
        status: 'drifted',
        file: 'images/a.yaml',
        line: 3,
        in_state: true,
        in_yaml: true,
        fields: [
          {
            field: 'description',
            live: 'changed on the website',
            applied: 'd',
            desired: 'd',
            outside: true,
            pending: true,
          },
        ],
      },
      {
        guid: B,
        status: 'pending',
        file: 'images/a.yaml',
        line: 6,
        in_state: true,
        in_yaml: true,
        fields: [{ field: 'title', live: 'b', applied: 'b', desired: 'b2', outside: false, pending: true }],
      },
      {
        guid: C,
        status: 'missing',
        file: 'images/a.yaml',
        line: 9,
        in_state: true,
        in_yaml: true,
        fields: [],
      },
    ]);
  });

  it('finds no drift when live equals the state, and ignores fields fwsync does not manage', () => {
    const state = threeWayState({ [A]: f('a') });
    const desired = desiredOf({ [A]: f('a') });
    // The account reports visible/rank, but neither side manages them for this image.
    const live = new Map([[A, f('a', 'd', { visible: false, rank: 9 })]]);
    const report = computeDrift({ live, state, desired });
    expect(report.drift).toBe(false);
    expect(report.summary).toEqual({ checked: 1, in_sync: 1, drifted: 0, pending: 0, missing: 0 });
    expect(report.images).toEqual([]);
  });

  it('compares optional fields only when managed; gallery ids as sets; unreported fields are not drift', () => {
    const applied = f('a', 'd', { visible: true, rank: 2, assigned_personal_gallery_ids: [1, 2, 3] });
    const state = threeWayState({ [A]: applied, [B]: f('b', 'd', { rank: 5 }) });
    const desired = desiredOf({ [A]: applied, [B]: f('b', 'd', { rank: 5 }) });
    const live = new Map<string, ImageFields>([
      [A, f('a', 'd', { visible: false, rank: 2, assigned_personal_gallery_ids: [3, 1, 2] })],
      [B, f('b', 'd')], // rank not reported by the API
    ]);
    const report = computeDrift({ live, state, desired });
    expect(report.images).toHaveLength(1);
    expect(report.images[0]!.fields).toEqual([
      { field: 'visible', live: false, applied: true, desired: true, outside: true, pending: true },
    ]);
    expect(report.notes.some((n) => n.includes('did not report rank for 1 image'))).toBe(true);
  });

  it('treats images of skipped files as wanting their applied value, and state-only images by their source', () => {
    const state = threeWayState({ [A]: f('a'), [D]: f('d') });
    const desired: DesiredSet = {
      images: [],
      files: [{ path: 'images/a.yaml', hash: 'sha256:x', guids: [A], skipped: true }],
    };
    const live = new Map([
      [A, f('a2')],
      [D, f('d')],
    ]);
    const report = computeDrift({ live, state, desired });
    expect(report.images.map((i) => [i.guid, i.status, i.file, i.line, i.in_yaml])).toEqual([
      [A, 'drifted', 'images/a.yaml', null, true],
    ]);
    expect(report.images[0]!.fields[0]).toMatchObject({
      field: 'title',
      live: 'a2',
      applied: 'a',
      desired: 'a',
      outside: true,
      pending: true,
    });
  });

  it('an image only in the YAML is pending when live differs, and missing counts as drift', () => {
    const desired = desiredOf({ [A]: f('new'), [B]: f('b') });
    const report = computeDrift({ live: new Map([[A, f('old')]]), state: null, desired });
    expect(report.images.map((i) => [i.guid, i.status, i.in_state])).toEqual([
      [A, 'pending', false],
      [B, 'missing', false],
    ]);
    expect(report.drift).toBe(true);
  });
});

describe('projectLive and managedFields', () => {
  it('manages title and description always, optional fields only when a side sets them', () => {
    expect(managedFields(f('a'), undefined)).toEqual(['title', 'description']);
    expect(managedFields(f('a'), f('a', 'd', { rank: 1 }))).toEqual(['title', 'description', 'rank']);
  });

  it('drops unmanaged live fields, takes the reference order for equal id sets, and the applied value for unreported fields', () => {
    const desired = f('a', 'd', { assigned_gallery_subcategory_ids: [5, 4], rank: 1 });
    const applied = f('a', 'd', { assigned_gallery_subcategory_ids: [5, 4], rank: 1 });
    const projected = projectLive(
      f('A', 'd', { visible: true, assigned_gallery_subcategory_ids: [4, 5] }),
      desired,
      applied,
    );
    expect(projected.fields).toEqual({
      title: 'A',
      description: 'd',
      assigned_gallery_subcategory_ids: [5, 4],
      rank: 1,
    });
    expect(projected.unreported).toEqual(['rank']);
    // Without an applied value an unreported field stays absent, so an adopt still sends it.
    expect(projectLive(f('a'), desired, undefined).fields).toEqual({ title: 'a', description: 'd' });
  });
});

describe('drift renderers', () => {
  const state = threeWayState({ [A]: f('a'), [B]: f('b') });
  const evil = '</details><img src=x onerror=alert(1)> @org/team #123 [x](https://evil) | `tick`';
  const report = computeDrift({
    live: new Map([[A, f(evil)]]),
    state,
    desired: desiredOf({ [A]: f('a'), [B]: f('b') }),
  });

  it('JSON matches schemas/drift.schema.json and is stable', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const validate = ajv.compile(driftSchema);
    const json = renderDriftJson(report);
    expect(validate(JSON.parse(json)), JSON.stringify(validate.errors)).toBe(true);
    expect(renderDriftJson(report)).toBe(json);
    expect(json.endsWith('\n')).toBe(true);
  });

  it('text names each drifted field with live, last applied and YAML values, and the summary', () => {
    const text = renderDriftText(report, { color: false });
    expect(text).toContain(`! drifted ${A} (images/a.yaml:3)`);
    expect(text).toContain('    title: live "</details>');
    expect(text).toContain('last applied "a", YAML "a"');
    expect(text).toContain(`? missing ${B}`);
    expect(text).toContain('Drift found (2 images checked: 0 in sync, 1 drifted, 1 missing, 0 pending)');
    expect(text).not.toContain('\u001b[');
    expect(renderDriftText(report, { color: true })).toContain('\u001b[31m');
  });

  it('markdown escapes user text: no HTML, links, mentions or table breaks', () => {
    const md = renderDriftMarkdown(report);
    expect(md).toContain('**Drift found:**');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('</details>');
    expect(md).not.toContain('@org');
    expect(md).not.toContain('](https');
    const row = md.split('\n').find((l) => l.includes('title'))!;
    // 7 columns: 8 unescaped pipes.
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(9);
  });

  it('markdown stays under the comment size limit with a pointer to the rest', () => {
    const many: Record<string, ImageFields> = {};
    const live = new Map<string, ImageFields>();
    for (let i = 0; i < 3000; i++) {
      const guid = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
      many[guid] = f('t', 'x'.repeat(50));
      live.set(guid, f('t'.repeat(300), 'y'.repeat(300)));
    }
    const big = computeDrift({ live, state: threeWayState(many), desired: desiredOf(many) });
    const md = renderDriftMarkdown(big);
    expect(md.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(md).toMatch(/…and \d+ more rows/);
  });

  it('says plainly when there is nothing to compare', () => {
    const empty = computeDrift({ live: new Map(), state: null, desired: { images: [], files: [] } });
    expect(renderDriftText(empty, { color: false })).toContain('Nothing to compare');
    expect(empty.drift).toBe(false);
  });
});
