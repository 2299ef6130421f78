// Output of one CLI run: redacted streams, the logger the use cases get, and the one place
// where errors become messages.

import { redact } from '../adapters/credentials.js';
import { formatIssues } from '../render/issues.js';
import { FwsyncError } from '../errors.js';
import type { Logger } from '../use-cases/ports.js';
import type { GlobalOptions } from './options.js';
import type { Terminal } from './terminal.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  color: boolean;
  /** A person can answer a question. */
  isTty: boolean;
  /** stdout is a terminal. */
  stdoutIsTty: boolean;
}

/** Every byte the CLI prints goes through redact() of the keys in the environment. */
export function makeIo(terminal: Terminal, opts: GlobalOptions): Io {
  const secrets = secretsOf(terminal.env);
  const clean = (t: string): string => (secrets.length ? redact(t, secrets) : t);
  const noColor = opts.color === false || (terminal.env.NO_COLOR ?? '') !== '';
  return {
    out: (t) => terminal.stdout(clean(t)),
    err: (t) => terminal.stderr(clean(t)),
    color: !noColor && terminal.stdoutIsTty,
    isTty: terminal.interactive,
    stdoutIsTty: terminal.stdoutIsTty,
  };
}

export function makeLogger(io: Io, opts: GlobalOptions): Logger {
  return {
    info: (m) => {
      if (opts.quiet !== true) io.err(`${m}\n`);
    },
    warn: (m) => io.err(`warning: ${m}\n`),
    verbose: (m) => {
      if (opts.verbose === true) io.err(`${m}\n`);
    },
  };
}

function secretsOf(env: Record<string, string | undefined>): string[] {
  return [env.FINERWORKS_WEB_API_KEY, env.FINERWORKS_APP_KEY, env.FINERWORKS_ACCOUNT_KEY].filter(
    (v): v is string => typeof v === 'string' && v.trim().length > 0,
  );
}

export function reportError(error: unknown, io: Io, verbose: boolean): void {
  if (error instanceof FwsyncError) {
    if (error.issues.length > 0) io.err(formatIssues(error.issues, 50) + '\n');
    io.err(`error: ${error.message}\n`);
    if (error.hint) io.err(`  ${error.hint}\n`);
    if (verbose && error.cause instanceof Error) io.err(`  cause: ${error.cause.message}\n`);
    return;
  }
  // Not a user error: a bug. Say so plainly; the stack only with --verbose.
  const message = error instanceof Error ? error.message : String(error);
  io.err(`internal error: ${message}\n`);
  if (verbose && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  else io.err('  This is a bug in fwsync. Run again with --verbose for details and report it.\n');
}
