// The Action's reporter and input parsing in memory: what every job's output passes through.
import { describe, expect, it } from 'vitest';
import { readInput, readInputs, resolveCommand, secretValues } from '../src/action/inputs.js';
import { recordingReporter } from '../src/action/reporter.js';
import { SUMMARY_MAX_BYTES } from '../src/render/limits.js';

const KEY = 'c0ffee00-5ec7-4e7a-9b1d-0000000000a1';

describe('reporter', () => {
  it('masks the secrets first, then cuts them out of every channel', async () => {
    const out = recordingReporter();
    out.addSecrets([KEY, KEY, '']);
    out.info(`info ${KEY}`);
    out.warning(`warning ${KEY}`, { file: 'a.yaml', startLine: 3 });
    out.error(`error ${KEY}`);
    out.debug(`debug ${KEY}`);
    out.output('plan-file', `/tmp/${KEY}`);
    await out.summary(`summary ${KEY}`);
    out.fail(`fail ${KEY}`);
    expect(out.events.filter((e) => e.kind === 'mask')).toEqual([{ kind: 'mask', text: KEY }]);
    expect(out.events[0]!.kind).toBe('mask');
    const texts = out.events.filter((e) => e.kind !== 'mask').map((e) => e.text);
    expect(texts).toHaveLength(7);
    for (const text of texts) expect(text).not.toContain(KEY);
    expect(out.redact(`x ${KEY} y`)).not.toContain(KEY);
    expect(out.exitCode()).toBe(1);
  });

  it('leaves out, with a warning, what would take the job summary past its byte limit', async () => {
    const out = recordingReporter();
    const half = 'x'.repeat(SUMMARY_MAX_BYTES / 2);
    await out.summary(half);
    await out.summary(half);
    await out.summary('one byte too many');
    expect(out.summaryText()).toBe(`${half}\n${half}\n`);
    const last = out.events.at(-1);
    expect(last?.kind).toBe('warning');
    expect(last?.text).toMatch(/summary is full/);
    expect(out.exitCode()).toBe(0);
  });

  it('says so in the log when the runner gave no summary file', async () => {
    const out = recordingReporter({ hasSummary: false });
    await out.summary('text');
    expect(out.summaryText()).toBe('');
    expect(out.events).toEqual([
      { kind: 'info', text: 'GITHUB_STEP_SUMMARY is not set: no job summary is written.' },
    ]);
  });
});

describe('inputs', () => {
  it('reads INPUT_* as the runner sets them: upper case, trimmed, defaults when empty', () => {
    const env = { 'INPUT_WORKING-DIRECTORY': '  site \n', INPUT_COMMENT: 'FALSE', 'INPUT_STATE-BACKEND': '' };
    expect(readInput(env, 'working-directory')).toBe('site');
    expect(readInputs(env)).toMatchObject({
      command: 'auto',
      workingDirectory: 'site',
      comment: false,
      stateBackend: 'commit',
      stateBranch: 'fwsync-state',
      force: false,
    });
  });

  it('refuses an unknown command, backend or boolean with what was given', () => {
    expect(() => readInputs({ INPUT_COMMAND: 'destroy' })).toThrow(
      /command must be auto, plan, apply or drift, not "destroy"/,
    );
    expect(() => readInputs({ 'INPUT_STATE-BACKEND': 's3' })).toThrow(
      /state-backend must be commit, branch or none/,
    );
    expect(() => readInputs({ INPUT_FORCE: 'yes' })).toThrow(
      /the force input must be true or false, not "yes"/,
    );
  });

  it('collects every key from the inputs and the job env, once each', () => {
    expect(
      secretValues({
        'INPUT_WEB-API-KEY': KEY,
        FINERWORKS_WEB_API_KEY: ` ${KEY} `,
        'INPUT_GITHUB-TOKEN': 'ghs_token',
        'INPUT_APP-KEY': '',
      }),
    ).toEqual([KEY, 'ghs_token']);
  });

  it('maps auto to the command of the event, and refuses pull_request_target and keyed commands on pull requests', () => {
    expect(resolveCommand('auto', 'pull_request')).toBe('plan');
    expect(resolveCommand('auto', 'push')).toBe('apply');
    expect(resolveCommand('auto', 'workflow_dispatch')).toBe('apply');
    expect(resolveCommand('auto', 'schedule')).toBe('drift');
    expect(resolveCommand('plan', 'push')).toBe('plan');
    expect(() => resolveCommand('plan', 'pull_request_target')).toThrow(/pull_request_target/);
    expect(() => resolveCommand('drift', 'pull_request')).toThrow(/drift does not run on pull requests/);
    expect(() => resolveCommand('auto', 'release')).toThrow(/nothing to do on the "release" event/);
  });
});
