// One CLI command from parsed options to an exit code: signals, the ports, the command, and
// every error mapped to a message and an exit code here and nowhere else.

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { nodePorts } from '../adapters/node-ports.js';
import { EXIT, FwsyncError, exitCodeFor } from '../errors.js';
import type { Ports } from '../use-cases/ports.js';
import { makeIo, makeLogger, reportError, type Io } from './io.js';
import type { CommandName, CommandOptions } from './options.js';
import type { Terminal } from './terminal.js';

export async function runCommand<N extends CommandName>(
  name: N,
  opts: CommandOptions[N],
  terminal: Terminal,
  customize: (ports: Ports) => Ports = (p) => p,
): Promise<number> {
  const io = makeIo(terminal, opts);
  const cwd = typeof opts.C === 'string' ? path.resolve(terminal.cwd, opts.C) : terminal.cwd;
  const controller = new AbortController();
  let signals = 0;
  const stopListening = terminal.onSignal((signal) => {
    signals += 1;
    const interrupted = new FwsyncError('interrupted', `interrupted by ${signal}`);
    if (name === 'emulator') {
      io.err(`\n${signal}: stopping the emulator\n`);
      controller.abort(interrupted);
      return;
    }
    // Only apply and the doctor's probe have work to save (the state; the probed image's
    // values): every other command stops at once. A second signal always does.
    const probing = name === 'doctor' && typeof (opts as CommandOptions['doctor']).probeImage === 'string';
    if ((name !== 'apply' && !probing) || signals > 1) {
      io.err(`\n${signal}: interrupted\n`);
      terminal.exit(EXIT.interrupted);
    }
    if (probing) {
      io.err(`\n${signal}: stopping the probe and restoring the image's original values…\n`);
      controller.abort(interrupted);
      return;
    }
    io.err(`\n${signal}: starting no new request; finishing the ones in flight and saving the state…\n`);
    controller.abort(interrupted);
  });
  const ports = customize(
    nodePorts({ cwd, env: terminal.env, signal: controller.signal, log: makeLogger(io, opts) }),
  );
  try {
    // Checked here, or a mistyped -C would surface as "the globs match no file".
    if (typeof opts.C === 'string') await requireDirectory(cwd, opts.C);
    return await dispatch(name, opts, { ports, io, terminal });
  } catch (error) {
    reportError(error, io, opts.verbose === true);
    return exitCodeFor(error);
  } finally {
    stopListening();
  }
}

interface Context {
  ports: Ports;
  io: Io;
  terminal: Terminal;
}

// Commands load lazily, so that `fwsync --help` and `fwsync validate` stay fast.
async function dispatch<N extends CommandName>(
  name: N,
  opts: CommandOptions[N],
  c: Context,
): Promise<number> {
  const o: CommandOptions[CommandName] = opts;
  switch (name) {
    case 'init':
      return (await import('./commands/init.js')).initCommand(o as CommandOptions['init'], c.ports.cwd, c.io);
    case 'validate':
      return (await import('./commands/validate.js')).validateCommand(o, c.ports, c.io);
    case 'plan':
      return (await import('./commands/plan.js')).planCommand(o as CommandOptions['plan'], c.ports, c.io);
    case 'apply':
      return (await import('./commands/apply.js')).applyCommand(
        o as CommandOptions['apply'],
        c.ports,
        c.io,
        (q) => c.terminal.ask(q),
      );
    case 'whoami':
      return (await import('./commands/live.js')).whoamiCommand(o, c.ports, c.io);
    case 'import':
      return (await import('./commands/live.js')).importCommand(o as CommandOptions['import'], c.ports, c.io);
    case 'drift':
      return (await import('./commands/live.js')).driftCommand(o as CommandOptions['drift'], c.ports, c.io);
    case 'doctor':
      return (await import('./commands/doctor.js')).doctorCommand(
        o as CommandOptions['doctor'],
        c.ports,
        c.io,
        (q) => c.terminal.ask(q),
      );
    case 'pull':
      return (await import('./commands/pull.js')).pullCommand(o as CommandOptions['pull'], c.ports, c.io);
    case 'emulator':
      return (await import('./commands/emulator.js')).emulatorCommand(
        o as CommandOptions['emulator'],
        c.ports.cwd,
        c.ports.signal,
        c.io,
      );
    default:
      throw new FwsyncError('input', `unknown command ${String(name)}`, {
        hint: 'Run `fwsync --help` for the commands.',
      });
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
