// Runs the CLI the way a user would: `startCli`/`runCliProcess` start the built bundle
// (dist/cli.js) as a real process, for what only a process shows (signals, kill -9, the
// terminal, the bundle itself); `runCli` runs the same `main` in this process with a recording
// terminal, which is what most tests need and ten times faster.
import { execa } from 'execa';
import { main } from '../../src/cli/main.js';
import type { Terminal } from '../../src/cli/terminal.js';
import type { Ports } from '../../src/use-cases/ports.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment without anything of the developer's FinerWorks setup or colour settings. */
function cleanEnv(extra: Record<string, string | undefined>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('FINERWORKS_') || k === 'NO_COLOR' || k === 'FORCE_COLOR') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

// The return type is left to inference on purpose: annotating it as execa's generic
// `ResultPromise` makes tsc relate the two huge result types, seconds of typecheck and lint.
export function startCli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; input?: string },
) {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  return execa(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    env: cleanEnv(opts.env ?? {}),
    extendEnv: false,
    reject: false,
    stdin: opts.input === undefined ? 'ignore' : 'pipe',
    ...(opts.input === undefined ? {} : { input: opts.input }),
  });
}

export async function runCliProcess(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; input?: string },
): Promise<CliResult> {
  const r = await startCli(args, opts);
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export interface InProcessOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** Lines typed at the prompt; without it there is no terminal to ask on (like stdin ignored). */
  input?: string;
  /** Replaces ports of the run (e.g. a lock with a short heartbeat). */
  ports?: (ports: Ports) => Ports;
}

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`exit(${code})`);
  }
}

/** The CLI's `main` in this process, with a terminal that records what it prints. */
export async function runCli(args: string[], opts: InProcessOptions): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const answers = opts.input === undefined ? null : opts.input.split('\n');
  const terminal: Terminal = {
    cwd: opts.cwd,
    env: cleanEnv(opts.env ?? {}),
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    interactive: false,
    stdoutIsTty: false,
    ask: (question) => {
      stderr += question;
      return Promise.resolve(answers?.shift() ?? null);
    },
    onSignal: () => () => undefined,
    exit: (code) => {
      throw new ExitCalled(code);
    },
  };
  let code: number;
  try {
    code = await main(['node', 'fwsync', ...args], terminal, opts.ports ? { ports: opts.ports } : {});
  } catch (error) {
    if (!(error instanceof ExitCalled)) throw error;
    code = error.code;
  }
  // Like execa (and so like runCliProcess), without the final newline.
  return { code, stdout: stripFinalNewline(stdout), stderr: stripFinalNewline(stderr) };
}

function stripFinalNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, text.endsWith('\r\n') ? -2 : -1) : text;
}
