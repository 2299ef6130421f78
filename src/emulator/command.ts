// `fwsync emulator`: serve the emulator until the signal aborts (Ctrl-C in the CLI).

import { parseBehaviours } from './behaviour.js';
import { generateSeed, loadSeedFile } from './seed.js';
import { DEMO_CREDENTIALS, startEmulator } from './server.js';
import type { EmulatorOptions, EmulatorSeed } from './types.js';

export interface EmulatorCommandOptions {
  port?: number;
  host?: string;
  seedFile?: string;
  latencyMs?: number;
  failureRate?: number;
  maxBatchSize?: number;
  /** `key=value` answers to the API's open questions (behaviour.ts). */
  behaviours?: string[];
}

/** Images served when no --seed is given: enough to page through and to see products vanish. */
const DEFAULT_SEED_SIZE = 12;

export async function runEmulatorCommand(
  opts: EmulatorCommandOptions,
  io: { stdout: (s: string) => void; signal: AbortSignal },
): Promise<void> {
  const seed =
    opts.seedFile === undefined ? generateSeed(DEFAULT_SEED_SIZE) : await loadSeedFile(opts.seedFile);
  const options: EmulatorOptions = { seed };
  if (opts.port !== undefined) options.port = opts.port;
  if (opts.host !== undefined) options.host = opts.host;
  if (opts.latencyMs !== undefined) options.latencyMs = opts.latencyMs;
  if (opts.failureRate !== undefined) options.failureRate = opts.failureRate;
  if (opts.maxBatchSize !== undefined) options.maxBatchSize = opts.maxBatchSize;
  if (opts.behaviours !== undefined && opts.behaviours.length > 0)
    options.behaviour = parseBehaviours(opts.behaviours);
  const emulator = await startEmulator(options);
  try {
    const admin = emulator.url.replace(/\/v3$/, '/__emulator');
    io.stdout(
      [
        `FinerWorks emulator listening on ${emulator.url} (${describeLibraries(seed)})`,
        '',
        '# demo credentials: they only work against this emulator',
        `export FINERWORKS_API_URL=${emulator.url}`,
        `export FINERWORKS_WEB_API_KEY=${DEMO_CREDENTIALS.webApiKey}`,
        `export FINERWORKS_APP_KEY=${DEMO_CREDENTIALS.appKey}`,
        '',
        `Admin: GET ${admin}/requests, GET|POST ${admin}/images, GET|POST ${admin}/behaviour, POST ${admin}/script, POST ${admin}/reset`,
        '(`fwsync emulator --help` describes them; fwsync reads one library, library.name in its config)',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    if (!io.signal.aborted) {
      await new Promise<void>((resolve) =>
        io.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    }
  } finally {
    await emulator.close();
  }
}

/** `12 images: 6 in library inventory, 6 in library temporary`: fwsync reads one of them. */
export function describeLibraries(seed: EmulatorSeed): string {
  const inventory = seed.images.filter((i) => (i.library ?? 'inventory') === 'inventory').length;
  const total = seed.images.length;
  return `${total} image${total === 1 ? '' : 's'}: ${inventory} in library inventory, ${total - inventory} in library temporary`;
}
