import path from 'node:path';
import { runEmulatorCommand } from '../../emulator/command.js';
import { EXIT } from '../../errors.js';
import type { Io } from '../io.js';
import type { EmulatorOptions } from '../options.js';

export async function emulatorCommand(
  opts: EmulatorOptions,
  cwd: string,
  signal: AbortSignal,
  io: Io,
): Promise<number> {
  await runEmulatorCommand(
    {
      port: Number(opts.port),
      host: String(opts.host),
      ...(typeof opts.seed === 'string' ? { seedFile: path.resolve(cwd, opts.seed) } : {}),
      latencyMs: Number(opts.latencyMs),
      failureRate: Number(opts.failureRate),
      ...(opts.maxBatchSize !== undefined ? { maxBatchSize: Number(opts.maxBatchSize) } : {}),
      ...(opts.behaviour !== undefined ? { behaviours: opts.behaviour } : {}),
    },
    { stdout: (s) => io.out(s), signal },
  );
  return EXIT.ok;
}
