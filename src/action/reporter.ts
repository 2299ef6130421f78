// Everything the Action says, as one interface: log lines, annotations, outputs, the job
// summary and the failed status. Each text passes through redact() first: the runner masks
// registered secrets too, but its masking is best effort and does not cover files (the comment
// body, GITHUB_OUTPUT) written by the action itself.
//
// The real reporter writes through @actions/core; the recording one keeps everything in memory
// for tests. Both share the redaction and the summary's byte budget (createReporter), so tests
// exercise the same code the runner does.

import * as core from '@actions/core';
import { redact } from '../adapters/credentials.js';
import { SUMMARY_MAX_BYTES } from '../render/limits.js';

/** Where an annotation points (a subset of @actions/core's AnnotationProperties). */
export interface Annotation {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

export interface Reporter {
  /** Values never to print: registered with the runner's masking and cut out of every text. */
  addSecrets(values: readonly string[]): void;
  /** `text` with every registered secret replaced. */
  redact(text: string): string;
  info(message: string): void;
  warning(message: string, where?: Annotation): void;
  error(message: string, where?: Annotation): void;
  debug(message: string): void;
  /** Fails the step (exit code 1) with an error message. */
  fail(message: string): void;
  output(name: string, value: string | number | boolean): void;
  /** Appends to the job summary; what would pass its byte limit is left out with a warning. */
  summary(markdown: string): Promise<void>;
}

/** The raw destinations, already redacted: @actions/core on a runner, memory in tests. */
export interface ReporterSink {
  mask(value: string): void;
  info(text: string): void;
  warning(text: string, where?: Annotation): void;
  error(text: string, where?: Annotation): void;
  debug(text: string): void;
  fail(text: string): void;
  output(name: string, value: string): void;
  /** False when the runner gave no summary file (GITHUB_STEP_SUMMARY unset). */
  hasSummary(): boolean;
  appendSummary(text: string): Promise<void>;
}

export function createReporter(sink: ReporterSink): Reporter {
  const secrets: string[] = [];
  let summaryBytes = 0;
  const clean = (text: string): string => (secrets.length > 0 ? redact(text, secrets) : text);
  const reporter: Reporter = {
    addSecrets(values) {
      for (const value of values) {
        if (value === '' || secrets.includes(value)) continue;
        secrets.push(value);
        sink.mask(value);
      }
    },
    redact: clean,
    info: (message) => sink.info(clean(message)),
    warning: (message, where) => sink.warning(clean(message), where),
    error: (message, where) => sink.error(clean(message), where),
    debug: (message) => sink.debug(clean(message)),
    fail: (message) => sink.fail(clean(message)),
    output: (name, value) => sink.output(name, clean(String(value))),
    async summary(markdown) {
      if (!sink.hasSummary()) {
        reporter.info('GITHUB_STEP_SUMMARY is not set: no job summary is written.');
        return;
      }
      const text = clean(markdown);
      const bytes = Buffer.byteLength(text, 'utf8');
      if (summaryBytes + bytes > SUMMARY_MAX_BYTES) {
        reporter.warning(
          'The job summary is full; part of the report was left out (see the plan-file output).',
        );
        return;
      }
      summaryBytes += bytes;
      await sink.appendSummary(text);
    },
  };
  return reporter;
}

/** The runner's reporter: workflow commands on stdout, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. */
export function coreReporter(env: Record<string, string | undefined>): Reporter {
  return createReporter({
    mask: (value) => core.setSecret(value),
    info: (text) => core.info(text),
    warning: (text, where) => core.warning(text, where),
    error: (text, where) => core.error(text, where),
    debug: (text) => core.debug(text),
    fail: (text) => core.setFailed(text),
    output: (name, value) => core.setOutput(name, value),
    hasSummary: () => Boolean(env.GITHUB_STEP_SUMMARY),
    appendSummary: async (text) => {
      await core.summary.addRaw(text, true).write();
    },
  });
}

export type RecordedEvent =
  | { kind: 'mask'; text: string }
  | { kind: 'info' | 'debug' | 'fail'; text: string }
  | { kind: 'warning' | 'error'; text: string; where: Annotation | undefined }
  | { kind: 'output'; name: string; text: string }
  | { kind: 'summary'; text: string };

export interface RecordingReporter extends Reporter {
  /** Everything the reporter was given, after redaction, in order. */
  readonly events: RecordedEvent[];
  /** The outputs as set (the last value of each name). */
  readonly outputs: Record<string, string>;
  /** The job summary as the runner's file would hold it (@actions/core ends each part with a newline). */
  summaryText(): string;
  /** 1 once fail() was called, as the runner's step would exit; 0 otherwise. */
  exitCode(): number;
}

/** A reporter that keeps everything in memory; `hasSummary: false` acts as a runner without one. */
export function recordingReporter(opts: { hasSummary?: boolean } = {}): RecordingReporter {
  const events: RecordedEvent[] = [];
  const outputs: Record<string, string> = {};
  const reporter = createReporter({
    mask: (text) => events.push({ kind: 'mask', text }),
    info: (text) => events.push({ kind: 'info', text }),
    warning: (text, where) => events.push({ kind: 'warning', text, where }),
    error: (text, where) => events.push({ kind: 'error', text, where }),
    debug: (text) => events.push({ kind: 'debug', text }),
    fail: (text) => events.push({ kind: 'fail', text }),
    output: (name, text) => {
      outputs[name] = text;
      events.push({ kind: 'output', name, text });
    },
    hasSummary: () => opts.hasSummary ?? true,
    appendSummary: (text) => {
      events.push({ kind: 'summary', text });
      return Promise.resolve();
    },
  });
  return {
    ...reporter,
    events,
    outputs,
    summaryText: () =>
      events
        .filter((e) => e.kind === 'summary')
        .map((e) => `${e.text}\n`)
        .join(''),
    exitCode: () => (events.some((e) => e.kind === 'fail') ? 1 : 0),
  };
}
