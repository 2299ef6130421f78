// The pure three-way merge of pull, and the unified diff its --dry-run prints.
import { describe, expect, it } from 'vitest';
import { planPull } from '../src/core/pull.js';
import { DRIFT_PULL_REQUEST_MARKER, renderPullRequestBody } from '../src/render/pull.js';
import { unifiedDiff } from '../src/render/unified-diff.js';
import { A, B, C, D, desiredOf, f, threeWayState } from './support/plan-fixtures.js';

describe('planPull', () => {
  const applied = { [A]: f('a'), [B]: f('b'), [C]: f('c'), [D]: f('d', 'd', { rank: 1 }) };

  it('pulls edits made on the account only, records agreements, leaves pending YAML edits and conflicts alone', () => {
    const plan = planPull({
      state: threeWayState(applied),
      // A: edited on the account; B: edited in the YAML only; C: both, differently; D: both, alike.
      desired: desiredOf({ [A]: f('a'), [B]: f('b2'), [C]: f('c-yaml'), [D]: f('d2', 'd', { rank: 1 }) }),
      live: new Map([
        [A, f('a-live')],
        [B, f('b')],
        [C, f('c-live')],
        [D, f('d2', 'd', { rank: 5 })],
      ]),
    });
    expect(plan.edits).toEqual([
      { guid: A, file: 'images/a.yaml', line: 3, field: 'title', yaml: 'a', live: 'a-live' },
      { guid: D, file: 'images/a.yaml', line: 12, field: 'rank', yaml: 1, live: 5 },
    ]);
    expect(plan.recorded).toEqual([{ guid: D, field: 'title', live: 'd2' }]);
    expect(plan.conflicts).toEqual([
      {
        guid: C,
        file: 'images/a.yaml',
        line: 9,
        field: 'title',
        live: 'c-live',
        applied: 'c',
        yaml: 'c-yaml',
      },
    ]);
    expect(plan.applied).toEqual([
      { guid: A, applied: f('a-live'), source: 'images/a.yaml' },
      { guid: D, applied: f('d2', 'd', { rank: 5 }), source: 'images/a.yaml' },
    ]);
  });

  it('pulls nothing for an image without a last applied value, and reports images not on the account', () => {
    const plan = planPull({
      state: threeWayState({ [A]: f('a') }),
      desired: desiredOf({ [A]: f('a'), [B]: f('b') }),
      live: new Map([[B, f('b-live')]]),
    });
    expect(plan).toMatchObject({ edits: [], recorded: [], conflicts: [], missing: [A], applied: [] });
  });

  it('a field the YAML does not set is recorded in the state only; filters count what they leave out', () => {
    const plan = planPull({
      state: threeWayState({ [A]: f('a', 'd', { visible: true }), [B]: f('b') }),
      desired: desiredOf({ [A]: f('a'), [B]: f('b') }),
      live: new Map([
        [A, f('a-live', 'd', { visible: false })],
        [B, f('b-live')],
      ]),
      filter: { guids: new Set([A]), fields: null },
    });
    expect(plan.edits.map((e) => [e.guid, e.field])).toEqual([[A, 'title']]);
    expect(plan.recorded).toEqual([{ guid: A, field: 'visible', live: false }]);
    expect(plan.filtered).toBe(1);
  });
});

describe('unifiedDiff', () => {
  it('writes hunks with three lines of context, merging close changes', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before
      .replace('line 5\n', 'line five\n')
      .replace('line 8\n', 'line eight\n')
      .replace('line 19\n', '');
    expect(unifiedDiff(before, after, { from: 'a/f', to: 'b/f' })).toBe(
      [
        '--- a/f',
        '+++ b/f',
        '@@ -2,10 +2,10 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+line five',
        ' line 6',
        ' line 7',
        '-line 8',
        '+line eight',
        ' line 9',
        ' line 10',
        ' line 11',
        '@@ -16,5 +16,4 @@',
        ' line 16',
        ' line 17',
        ' line 18',
        '-line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
  });

  it('shows a new file as one hunk of additions, and nothing for equal texts', () => {
    expect(unifiedDiff('', 'a\nb\n', { from: '/dev/null', to: 'b/f' })).toBe(
      '--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n',
    );
    expect(unifiedDiff('same\n', 'same\n', { from: 'a', to: 'b' })).toBe('');
  });
});

describe('renderPullRequestBody', () => {
  it('lists each image and field as live vs YAML value, escaped like the plan comment, with the conflicts apart', () => {
    const plan = planPull({
      state: threeWayState({ [A]: f('a'), [C]: f('c') }),
      desired: desiredOf({ [A]: f('a'), [C]: f('c-yaml') }),
      live: new Map([
        [A, f('@octocat | <b>x</b> #1', '')],
        [C, f('c-live')],
      ]),
    });
    const body = renderPullRequestBody({
      plan,
      added: [],
      rejected: [],
      files: [],
      statePath: '.fwsync/state.json',
      stateChanged: true,
      dryRun: false,
    });
    expect(body.startsWith(`${DRIFT_PULL_REQUEST_MARKER}\n### fwsync: edits made on FinerWorks\n`)).toBe(
      true,
    );
    expect(body).toContain('2 values were changed on the FinerWorks account');
    const row = body.split('\n').find((l) => l.startsWith(`| \`${A}\` | images/a\\.yaml:3 | title |`));
    expect(row).toBeDefined();
    expect(row).not.toContain('@octocat');
    expect(row).not.toContain('<b>');
    expect(row).toContain('&lt;b&gt;');
    expect(row).toMatch(/\| a \|$/);
    expect(body).toContain('| description | *(empty)* | d |');
    expect(body).toContain('#### Conflicts (not in this pull request)');
    expect(body).toContain(`| \`${C}\` | images/a\\.yaml:6 | title | c\\-live | c | c\\-yaml |`);
  });
});
