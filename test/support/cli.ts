// Runs the built CLI (dist/cli.js) as a real process, the way a user would.
import { execa, type ResultPromise } from 'execa';
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

export function startCli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; input?: string },
): ResultPromise {
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

export async function runCli(
  args: string[],
  opts: { cwd: string; env?: Record<string, string | undefined>; input?: string },
): Promise<CliResult> {
  const r = await startCli(args, opts);
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
