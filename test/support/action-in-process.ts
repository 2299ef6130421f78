// Runs the Action in the test's own process: run(env, ports) with the real use-case ports, the
// real GitHub client (against the fake GitHub on loopback), a recording reporter instead of
// @actions/core, and no waiting between pull-request lookups. Everything else is as on a
// runner: the event payload file, RUNNER_TEMP, the git clone the commit backend pushes from.

import { createGitHub } from '../../src/adapters/github.js';
import { run } from '../../src/action/main.js';
import { nodeUseCasePorts, type ActionPorts } from '../../src/action/ports.js';
import { recordingReporter, type Annotation, type RecordedEvent } from '../../src/action/reporter.js';
import { prepareRunner, type ActionRunOptions } from './action-env.js';

export interface InProcessRun {
  /** 1 when the step failed, as the runner's step would exit; 0 otherwise. */
  code: number;
  outputs: Record<string, string>;
  /** Every output as `name=value` lines, where a leaked key would show. */
  outputText: string;
  summary: string;
  runnerTemp: string;
  /** Everything the reporter was given, after redaction, in order. */
  events: RecordedEvent[];
  /** Every log line, annotation and failure message, one per line. */
  log: string;
  /** The pauses the pull-request lookup asked for (never slept). */
  waits: number[];
}

export async function runActionInProcess(opts: Omit<ActionRunOptions, 'onStart'>): Promise<InProcessRun> {
  const runner = await prepareRunner(opts, {});
  const reporter = recordingReporter();
  const waits: number[] = [];
  const ports: ActionPorts = {
    ...nodeUseCasePorts(),
    // Octokit's retry unit shortened and its 1 s spacing of writes off: GitHub's rate limits do
    // not apply to the fake.
    github: (o) => createGitHub({ ...o, timing: { retryBaseMs: 1, throttleWrites: false } }),
    reporter,
    wait: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    interrupts: {
      subscribe: () => () => undefined,
      exitNow: (code) => {
        throw new Error(`the Action asked to exit with ${code}`);
      },
    },
  };
  await run(runner.env, ports);
  return {
    code: reporter.exitCode(),
    outputs: { ...reporter.outputs },
    outputText: Object.entries(reporter.outputs)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
    summary: reporter.summaryText(),
    runnerTemp: runner.runnerTemp,
    events: reporter.events,
    log: reporter.events
      .filter((e) => e.kind !== 'mask' && e.kind !== 'summary' && e.kind !== 'output')
      .map((e) => e.text)
      .join('\n'),
    waits,
  };
}

/**
 * The annotations of one level, with the properties named as in the workflow command
 * (`file`, `line`, `col`, `title`). A failed step is an error annotation too, as on a runner.
 */
export function annotationsOf(
  r: InProcessRun,
  level: 'error' | 'warning',
): { props: Record<string, string>; message: string }[] {
  const out: { props: Record<string, string>; message: string }[] = [];
  for (const e of r.events) {
    if (e.kind === level) out.push({ props: commandProps(e.where), message: e.text });
    else if (level === 'error' && e.kind === 'fail') out.push({ props: {}, message: e.text });
  }
  return out;
}

function commandProps(where: Annotation | undefined): Record<string, string> {
  const props: Record<string, string> = {};
  if (where?.title !== undefined) props.title = where.title;
  if (where?.file !== undefined) props.file = where.file;
  if (where?.startLine !== undefined) props.line = String(where.startLine);
  if (where?.startColumn !== undefined) props.col = String(where.startColumn);
  return props;
}
