// What the Action needs from the world: the use cases' ports (use-cases/ports.ts) less what
// each run decides itself (working directory, keys, cancel signal, log), plus the GitHub client,
// the reporter, the wait of the pull-request lookup and the process's signals. action.ts passes
// the real ones; tests call run(env, ports) in-process with a recording reporter and no waiting.

import { setTimeout as sleep } from 'node:timers/promises';
import { createGitHub, type CreateGitHubOptions, type GitHub } from '../adapters/github.js';
import { nodePorts } from '../adapters/node-ports.js';
import type { Ports } from '../use-cases/ports.js';
import { coreReporter, type Reporter } from './reporter.js';

/** The ports each run fills in for itself: see main.ts. */
export type RunScopedPort = 'cwd' | 'env' | 'signal' | 'log';

export type GitHubFactory = (opts: CreateGitHubOptions) => GitHub;

/** SIGINT and SIGTERM, as the runner sends them when a job is cancelled. */
export interface Interrupts {
  /** Calls `handler` on each signal until the returned function is called. */
  subscribe(handler: (signal: NodeJS.Signals) => void): () => void;
  /** Ends the process at once: the second signal means "now". */
  exitNow(code: number): void;
}

export interface ActionPorts extends Omit<Ports, RunScopedPort> {
  github: GitHubFactory;
  reporter: Reporter;
  /** The pause between the commit→pull-request lookups while GitHub indexes a merge. */
  wait: (ms: number) => Promise<void>;
  interrupts: Interrupts;
}

export function processInterrupts(): Interrupts {
  return {
    subscribe(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    exitNow: (code) => process.exit(code),
  };
}

/** The use cases' real ports, less the run-scoped ones main.ts fills in. */
export function nodeUseCasePorts(): Omit<Ports, RunScopedPort> {
  // nodePorts wants the run-scoped ports too; they get placeholders and are dropped.
  const {
    cwd: _cwd,
    env: _env,
    signal: _signal,
    log: _log,
    ...useCases
  } = nodePorts({
    cwd: process.cwd(),
    env: {},
    signal: new AbortController().signal,
    log: { info: () => undefined, warn: () => undefined, verbose: () => undefined },
  });
  return useCases;
}

/** The real ports of the Action on a runner. */
export function realActionPorts(env: Record<string, string | undefined>): ActionPorts {
  return {
    ...nodeUseCasePorts(),
    github: createGitHub,
    reporter: coreReporter(env),
    wait: (ms) => sleep(ms),
    interrupts: processInterrupts(),
  };
}
