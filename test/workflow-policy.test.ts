// Static policy for the Action and the workflows (docs/failure-cases.md E40, F49): no
// pull_request_target, least privilege, SHA-pinned actions, no event data pasted into shell
// scripts, a serialised apply, and action.yml declaring exactly the interface docs/github-action.md documents.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { asRecord, steps, violations, type Doc } from './support/workflow-policy.js';

const ROOT = join(import.meta.dirname, '..');

function ymlFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`);
}

const WORKFLOWS = [...ymlFiles('examples/workflows'), ...ymlFiles('.github/workflows')];
const ALL = ['action.yml', ...WORKFLOWS];
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const load = (file: string): Doc => parse(read(file)) as Doc;

describe('workflow and action policy', () => {
  it('finds the files it checks', () => {
    expect(WORKFLOWS).toContain('examples/workflows/fwsync.yml');
    expect(WORKFLOWS).toContain('.github/workflows/ci.yml');
    expect(WORKFLOWS).toContain('.github/workflows/release.yml');
  });

  it.each(ALL)('%s follows the policy', (file) => {
    expect(violations(file, read(file))).toEqual([]);
  });

  it('the checker catches each kind of violation', () => {
    const bad = [
      'on: { pull_request_target: {} }',
      'permissions: write-all',
      'jobs:',
      '  x:',
      '    permissions: { id-token: write }',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@0123456789abcdef0123456789abcdef01234567',
      '      - run: echo "${{ github.event.pull_request.title }}"',
      '      - run: echo "${{inputs.name}}"',
      '      - run: echo ${{ github.head_ref }}',
    ].join('\n');
    const v = violations('bad.yml', bad);
    expect(v).toEqual([
      'bad.yml: uses pull_request_target',
      'bad.yml: not pinned to a commit SHA: actions/checkout@v4',
      'bad.yml: no "# vX.Y.Z" comment on actions/setup-node@0123456789abcdef0123456789abcdef01234567',
      'bad.yml: expression inside run: echo "${{ github.event.pull_request.title }}"',
      'bad.yml: expression inside run: echo "${{inputs.name}}"',
      'bad.yml: expression inside run: echo ${{ github.head_ref }}',
      'bad.yml: top-level permissions grant writes',
      'bad.yml: job x asks for id-token',
    ]);
    expect(violations('none.yml', 'on: push\njobs: {}\n')).toEqual(['none.yml: no top-level permissions']);
    expect(
      violations('ok.yml', '# never pull_request_target\non: push\npermissions: {}\njobs: {}\n'),
    ).toEqual([]);
  });

  it('the example plans on pull_request and applies on push to main, each with least privilege', () => {
    const doc = load('examples/workflows/fwsync.yml');
    const on = asRecord(doc.on);
    expect(Object.keys(on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(asRecord(on.push).branches).toEqual(['main']);
    expect(doc.permissions).toEqual({});
    const jobs = asRecord(doc.jobs);
    const plan = asRecord(jobs.plan);
    const apply = asRecord(jobs.apply);
    expect(plan.if).toBe("github.event_name == 'pull_request'");
    expect(plan.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(apply.if).toMatch(/github\.event_name != 'pull_request'/);
    expect(apply.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    // The plan job gets no secrets: forks and Dependabot have none, and a plan needs none.
    expect(JSON.stringify(plan)).not.toContain('secrets.');
    const applyWith = asRecord(
      steps({ jobs: { apply } }).find((s) => asRecord(s.with).command === 'apply')?.with,
    );
    expect(applyWith['web-api-key']).toBe('${{ secrets.FINERWORKS_WEB_API_KEY }}');
    expect(applyWith['app-key']).toBe('${{ secrets.FINERWORKS_APP_KEY }}');
  });

  it('the apply job runs one at a time and is never cancelled in progress', () => {
    const apply = asRecord(asRecord(load('examples/workflows/fwsync.yml').jobs).apply);
    const c = asRecord(apply.concurrency);
    expect(typeof c.group).toBe('string');
    expect(c.group).not.toMatch(/\$\{\{/); // a fixed group: per account, not per commit or run
    expect(c['cancel-in-progress']).toBe(false);
  });

  it('CI runs .ci/run with read-only contents', () => {
    const doc = load('.github/workflows/ci.yml');
    expect(doc.permissions).toEqual({ contents: 'read' });
    expect(steps(doc).some((s) => s.run === 'bash .ci/run')).toBe(true);
  });

  it('release runs on vX.Y.Z tags only: verify read-only, then release with contents: write and no files', () => {
    const doc = load('.github/workflows/release.yml');
    expect(doc.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } });
    expect(doc.permissions).toEqual({});
    expect(asRecord(doc.concurrency)['cancel-in-progress']).toBe(false);
    const jobs = asRecord(doc.jobs);
    expect(Object.keys(jobs).sort()).toEqual(['release', 'verify']);
    const verify = asRecord(jobs.verify);
    const release = asRecord(jobs.release);
    expect(verify.permissions).toEqual({ contents: 'read' });
    expect(release.permissions).toEqual({ contents: 'write' });
    expect(release.needs).toBe('verify');
    // The tests and the dist/ check are .ci/run's, the same as CI's.
    expect(steps({ jobs: { verify } }).some((s) => s.run === 'bash .ci/run')).toBe(true);
    const releaseRuns = steps({ jobs: { release } })
      .map((s) => s.run)
      .filter((r): r is string => typeof r === 'string')
      .join('\n');
    expect(releaseRuns).toContain('gh release create "$GITHUB_REF_NAME" --verify-tag');
    // Nothing is attached: no upload, and no file operands after the tag.
    expect(releaseRuns).not.toMatch(/gh release upload|--attach|\.tgz|\.zip/);
    expect(releaseRuns).toMatch(
      /gh release create "\$GITHUB_REF_NAME" --verify-tag --title "\$GITHUB_REF_NAME" --notes-file "\$RUNNER_TEMP\/notes\.md"\n?$/,
    );
  });

  it('dependabot covers npm and github-actions', () => {
    const doc = load('.github/dependabot.yml');
    const ecosystems = (doc.updates as Doc[]).map((u) => u['package-ecosystem']).sort();
    expect(ecosystems).toEqual(['github-actions', 'npm']);
  });

  it('action.yml runs dist/action.js on node24 and declares exactly the documented inputs and outputs', () => {
    const doc = load('action.yml');
    expect(doc.runs).toEqual({ using: 'node24', main: 'dist/action.js' });
    const inputs = asRecord(doc.inputs);
    expect(Object.keys(inputs).sort()).toEqual(
      [
        'command',
        'working-directory',
        'config',
        'web-api-key',
        'app-key',
        'account-key',
        'github-token',
        'comment',
        'state-backend',
        'state-branch',
        'force',
        'allow-product-removal',
      ].sort(),
    );
    expect(Object.keys(asRecord(doc.outputs)).sort()).toEqual(
      [
        'has-changes',
        'changes',
        'applied',
        'failed',
        'refused',
        'plan-checksum',
        'plan-file',
        'comment-url',
      ].sort(),
    );
    const def = (name: string): unknown => asRecord(inputs[name]).default;
    expect(def('command')).toBe('auto');
    expect(def('working-directory')).toBe('.');
    expect(def('github-token')).toBe('${{ github.token }}');
    expect(def('comment')).toBe('true');
    expect(def('state-backend')).toBe('commit');
    expect(def('state-branch')).toBe('fwsync-state');
    expect(def('force')).toBe('false');
    expect(def('allow-product-removal')).toBe('false');
    for (const secret of ['web-api-key', 'app-key', 'account-key']) expect(def(secret)).toBeUndefined();
    for (const [name, spec] of [...Object.entries(inputs), ...Object.entries(asRecord(doc.outputs))]) {
      expect(typeof asRecord(spec).description, name).toBe('string');
    }
    expect(asRecord(doc.branding).icon).toBeTruthy();
  });
});
