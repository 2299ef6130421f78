// Output of one CLI run: redacted streams, the logger the use cases get, and the one place
// where errors become messages.

import { redact } from '../adapters/credentials.js';
import { formatIssues } from '../render/issues.js';
import { escapeWorkflowCommandLines } from '../render/workflow-commands.js';
import { FwsyncError } from '../errors.js';
import type { Logger } from '../use-cases/ports.js';
import type { GlobalOptions } from './options.js';
import type { Terminal } from './terminal.js';

export interface Io {
  out: (text: string) => void;
  /**
   * Writes pieces that each end a line, gathered into blocks of about 64 KB, waiting for the
   * reader after each block: the memory a long output needs is one block, not the output.
   */
  outStream: (pieces: Iterable<string>) => Promise<void>;
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
  const redacted = (t: string): string => (secrets.length ? redact(t, secrets) : t);
  // In a workflow step, a line starting with `::` is a command to the runner: repository
  // strings (file names, titles) must not start one.
  const inActions = terminal.env.GITHUB_ACTIONS === 'true';
  const clean = (t: string): string => (inActions ? escapeWorkflowCommandLines(redacted(t)) : redacted(t));
  const noColor = opts.color === false || (terminal.env.NO_COLOR ?? '') !== '';
  return {
    out: (t) => terminal.stdout(clean(t)),
    // Redaction and workflow-command escaping work line by line, and a block ends a line, so
    // cleaning it alone gives the bytes cleaning the whole output would.
    outStream: (pieces) =>
      writeInBlocks(pieces, async (block) => {
        terminal.stdout(clean(block));
        await terminal.stdoutDrained?.();
      }),
    err: (t) => terminal.stderr(clean(t)),
    color: !noColor && terminal.stdoutIsTty,
    isTty: terminal.interactive,
    stdoutIsTty: terminal.stdoutIsTty,
  };
}

const BLOCK_CHARS = 64 * 1024;

/** Joins pieces into blocks of at least BLOCK_CHARS (the last may be shorter) for `write`. */
export async function writeInBlocks(
  pieces: Iterable<string>,
  write: (block: string) => Promise<void>,
): Promise<void> {
  let block: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    block.push(piece);
    size += piece.length;
    if (size >= BLOCK_CHARS) {
      await write(block.join(''));
      block = [];
      size = 0;
    }
  }
  if (size > 0) await write(block.join(''));
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
