// The command-line edge: turns parsed options into a use-case call, renders the result, and
// maps every error to an exit code and a message in one place (`runCommand`).

import { writeFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { apply, plan, validate, type Deps, type Logger } from './run.js';
import { renderPlanText, renderApplyResultText } from './render/text.js';
import { renderPlanMarkdown } from './render/markdown.js';
import { renderPlanJson, renderApplyResultJson } from './render/json.js';
import { formatIssues } from './adapters/read-images.js';
import { redact } from './adapters/credentials.js';
import { EXIT, FwsyncError, exitCodeFor } from './errors.js';
import type { Plan } from './core/types.js';

type Options = Record<string, unknown>;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  color: boolean;
  isTty: boolean;
}

function makeIo(opts: Options): Io {
  const noColor = opts.color === false || (process.env.NO_COLOR ?? '') !== '';
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: !noColor && process.stdout.isTTY === true,
    isTty: process.stdin.isTTY === true && process.stdout.isTTY === true,
  };
}

function makeLogger(io: Io, opts: Options): Logger {
  const quiet = opts.quiet === true;
  const verbose = opts.verbose === true;
  return {
    info: (m) => {
      if (!quiet) io.err(`${m}\n`);
    },
    warn: (m) => io.err(`warning: ${m}\n`),
    verbose: (m) => {
      if (verbose) io.err(`${m}\n`);
    },
  };
}

function secretsOf(env: NodeJS.ProcessEnv): string[] {
  return [env.FINERWORKS_WEB_API_KEY, env.FINERWORKS_APP_KEY, env.FINERWORKS_ACCOUNT_KEY].filter(
    (v): v is string => typeof v === 'string' && v.trim().length > 0,
  );
}

export async function runCommand(name: string, opts: Options): Promise<number> {
  const io = makeIo(opts);
  const cwd = typeof opts.C === 'string' ? path.resolve(opts.C) : process.cwd();
  const secrets = secretsOf(process.env);
  // Belt and braces: whatever reaches the terminal goes through redact().
  const safeIo: Io = {
    ...io,
    out: (t) => io.out(secrets.length ? redact(t, secrets) : t),
    err: (t) => io.err(secrets.length ? redact(t, secrets) : t),
  };
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    const interrupted = new FwsyncError('interrupted', `interrupted by ${signal}`);
    if (name === 'emulator') {
      safeIo.err(`\n${signal}: stopping the emulator\n`);
      controller.abort(interrupted);
      return;
    }
    // Only apply has work to save: every other command stops at once. A second signal always does.
    if (name !== 'apply' || signals > 1) {
      safeIo.err(`\n${signal}: interrupted\n`);
      process.exit(EXIT.interrupted);
    }
    safeIo.err(`\n${signal}: starting no new request; finishing the ones in flight and saving the state…\n`);
    controller.abort(interrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const deps: Deps = {
    cwd,
    env: process.env,
    now: () => new Date(),
    signal: controller.signal,
    log: makeLogger(safeIo, opts),
  };
  try {
    // Checked here, or a mistyped -C would surface as "the globs match no file".
    if (typeof opts.C === 'string') await requireDirectory(cwd, opts.C);
    return await dispatch(name, opts, deps, safeIo);
  } catch (error) {
    reportError(error, safeIo, opts.verbose === true);
    return exitCodeFor(error);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function requireDirectory(dir: string, given: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info?.isDirectory() !== true) {
    throw new FwsyncError('input', `-C ${given}: no such directory`, {
      hint: 'give -C an existing directory; a relative path starts where fwsync is run',
    });
  }
}

function configPathOf(opts: Options): { configPath?: string } {
  return typeof opts.config === 'string' ? { configPath: opts.config } : {};
}

async function dispatch(name: string, opts: Options, deps: Deps, io: Io): Promise<number> {
  switch (name) {
    case 'validate': {
      const inputs = await validate(deps, configPathOf(opts));
      const files = inputs.desired.files.length;
      const images =
        inputs.desired.images.length +
        inputs.desired.files.filter((f) => f.skipped).reduce((n, f) => n + f.guids.length, 0);
      if (opts.quiet !== true)
        io.out(
          `Valid: ${images} image${images === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.\n`,
        );
      return EXIT.ok;
    }
    case 'plan': {
      const { plan: thePlan } = await plan(deps, { ...configPathOf(opts), refresh: opts.refresh === true });
      if (typeof opts.out === 'string') {
        const out = path.resolve(deps.cwd, opts.out);
        try {
          await mkdir(path.dirname(out), { recursive: true });
          await writeFile(out, renderPlanJson(thePlan));
        } catch (error) {
          throw new FwsyncError('input', `cannot write the plan to ${opts.out}`, {
            cause: error,
            hint: `${error instanceof Error ? error.message : String(error)}. Give --out a file path you may write.`,
          });
        }
      }
      io.out(renderPlan(thePlan, typeof opts.format === 'string' ? opts.format : 'text', io.color));
      const hasChanges = thePlan.changes.length > 0;
      return opts.detailedExitcode === true && hasChanges ? EXIT.changes : EXIT.ok;
    }
    case 'apply':
      return applyCommand(opts, deps, io);
    case 'init': {
      const { initCommand } = await import('./run-cli-init.js');
      return initCommand(opts, deps.cwd, io.out);
    }
    case 'whoami':
    case 'import':
    case 'drift': {
      const { dispatchLive } = await import('./run-cli-live.js');
      return dispatchLive(name, opts, deps, io);
    }
    case 'emulator': {
      const { runEmulatorCommand } = await import('./emulator/command.js');
      await runEmulatorCommand(
        {
          port: Number(opts.port),
          host: String(opts.host),
          ...(typeof opts.seed === 'string' ? { seedFile: path.resolve(deps.cwd, opts.seed) } : {}),
          latencyMs: Number(opts.latencyMs ?? 0),
          failureRate: Number(opts.failureRate ?? 0),
          ...(opts.maxBatchSize !== undefined ? { maxBatchSize: Number(opts.maxBatchSize) } : {}),
        },
        { stdout: (s) => io.out(s), signal: deps.signal },
      );
      return EXIT.ok;
    }
    default:
      throw new FwsyncError('input', `unknown command ${name}`, {
        hint: 'Run `fwsync --help` for the commands.',
      });
  }
}

function renderPlan(thePlan: Plan, format: string, color: boolean): string {
  if (format === 'json') return renderPlanJson(thePlan);
  if (format === 'markdown') return renderPlanMarkdown(thePlan);
  return renderPlanText(thePlan, { color });
}

async function applyCommand(opts: Options, deps: Deps, io: Io): Promise<number> {
  const savedPlan =
    typeof opts.plan === 'string'
      ? await (await import('./adapters/plan-file.js')).readPlanFile(path.resolve(deps.cwd, opts.plan))
      : undefined;
  const json = opts.format === 'json';
  const progressLine = io.isTty && !json;
  const outcome = await apply(deps, {
    ...configPathOf(opts),
    ...(savedPlan ? { savedPlan } : {}),
    force: opts.force === true,
    refresh: opts.refresh === true,
    verify: opts.verify === true,
    confirm: async (thePlan) => {
      if (!json) io.out(renderPlanText(thePlan, { color: io.color }));
      const sends = thePlan.changes.length;
      if (opts.yes === true || sends === 0) return true;
      if (!io.isTty) {
        throw new FwsyncError('input', 'apply needs confirmation, and there is no terminal to ask on', {
          hint: 'Review the plan above and run `fwsync apply --yes` to apply it without asking.',
        });
      }
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question('\nApply these changes? Only "yes" is accepted: ');
        return answer.trim() === 'yes';
      } catch {
        // Ctrl-C or Ctrl-D at the prompt (readline holds the terminal, so no SIGINT arrives).
        return false;
      } finally {
        rl.close();
      }
    },
    onProgress: (p) => {
      if (json || opts.quiet === true) return;
      if (progressLine) {
        const width = 30;
        const filled = Math.round((p.done / Math.max(1, p.total)) * width);
        io.err(
          `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} images confirmed`,
        );
        if (p.done >= p.total) io.err('\n');
      } else {
        io.err(`${p.done}/${p.total} images confirmed\n`);
      }
    },
  });
  if (outcome.cancelled) {
    io.err('Apply cancelled; nothing was sent.\n');
    return EXIT.ok;
  }
  io.out(
    json ? renderApplyResultJson(outcome.result) : renderApplyResultText(outcome.result, { color: io.color }),
  );
  if (outcome.result.interrupted) return EXIT.interrupted;
  if (!outcome.result.complete) return EXIT.partial;
  return EXIT.ok;
}

function reportError(error: unknown, io: Io, verbose: boolean): void {
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
