// A few typed errors with rich messages. Library code throws these; only the entry points
// (src/cli.ts, src/action.ts) turn them into exit codes and output, through exitCodeFor.

import type { Issue } from './core/types.js';

export type ErrorKind =
  /** Bad input from the user: config, flags, files. Exit 1. */
  | 'input'
  /** The image files failed validation; `issues` holds every problem. Exit 1. */
  | 'validation'
  /** The state file cannot be read or trusted. Exit 1. */
  | 'state'
  /** FinerWorks rejected the credentials. Exit 1. */
  | 'auth'
  /** The API or network failed before anything was sent. Exit 1. */
  | 'api'
  /** fwsync refuses on purpose: safety limit, stale plan, lineage or serial moved, lock held. Exit 3. */
  | 'refused'
  /** Some images failed; the rest are recorded. Exit 4. */
  | 'partial'
  /** SIGINT or SIGTERM. Exit 130. */
  | 'interrupted';

export class FwsyncError extends Error {
  readonly kind: ErrorKind;
  /** How to fix it, shown under the message. */
  readonly hint: string | undefined;
  readonly issues: Issue[];

  constructor(
    kind: ErrorKind,
    message: string,
    options: { hint?: string; issues?: Issue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FwsyncError';
    this.kind = kind;
    this.hint = options.hint;
    this.issues = options.issues ?? [];
  }
}

export const EXIT = {
  ok: 0,
  error: 1,
  changes: 2,
  refused: 3,
  partial: 4,
  interrupted: 130,
} as const;

export function exitCodeFor(error: unknown): number {
  if (!(error instanceof FwsyncError)) return EXIT.error;
  switch (error.kind) {
    case 'refused':
      return EXIT.refused;
    case 'partial':
      return EXIT.partial;
    case 'interrupted':
      return EXIT.interrupted;
    default:
      return EXIT.error;
  }
}
