// What the CLI needs from the process it runs in: streams, environment, a question on the
// terminal, signals. The real one is built in src/cli.ts; tests pass one that records.

export interface Terminal {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  /**
   * Resolves once what stdout() was given has been handed on (a pipe's reader caught up), so a
   * long output is written at the reader's pace instead of queued in memory. Absent: at once.
   */
  stdoutDrained?(): Promise<void>;
  stderr(text: string): void;
  /** Both stdin and stdout are terminals: a person can answer a question. */
  interactive: boolean;
  /** stdout is a terminal (colour, the in-place progress bar). */
  stdoutIsTty: boolean;
  /** Asks on the terminal; null when the answer was cut short (Ctrl-C, Ctrl-D). */
  ask(question: string): Promise<string | null>;
  /** Calls `handler` on SIGINT/SIGTERM until the returned function is called. */
  onSignal(handler: (signal: NodeJS.Signals) => void): () => void;
  /** Ends the process at once (a second Ctrl-C). */
  exit(code: number): never;
}
