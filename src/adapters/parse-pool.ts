// Parsing image files on more than one core. YAML parsing is most of a large plan's time (about
// 1.1 s of 2.6 s for 100,000 images on the 2-core development machine), and files are
// independent, so past a small amount of text they go to worker threads that run the very same
// parseImageBytes (image-parse.ts) and send back plain data.
//
// A worker is an optimisation, never a dependency: when its script is missing (running from the
// sources, as the unit tests do), fails to start, crashes or throws, the files it held are parsed
// in this thread, so the result is the same either way (test/e2e-parse-workers.test.ts).

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FwsyncError } from '../errors.js';
import { parseImageBytes, type FileResult } from './image-parse.js';

/** The text parsed in this thread before workers start: their start-up costs about as much. */
const IN_THREAD_BYTES = 1024 * 1024;
const MAX_THREADS = 8;

/** A request to a worker, and its answer (see ../parse-worker.ts). */
export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  rel: string;
  hash: string;
}
export type ParseAnswer = { id: number; result: FileResult } | { id: number; error: string };

/**
 * How many parse workers to use: FWSYNC_PARSE_THREADS when set (0 parses in this thread), else
 * one per core when there are at least two, at most MAX_THREADS.
 */
export function parseThreads(env: Record<string, string | undefined>): number {
  const raw = env['FWSYNC_PARSE_THREADS'];
  if (raw === undefined || raw === '') {
    const cores = availableParallelism();
    return cores < 2 ? 0 : Math.min(cores, MAX_THREADS);
  }
  if (!/^[0-9]+$/.test(raw) || Number(raw) > MAX_THREADS) {
    throw new FwsyncError(
      'input',
      `FWSYNC_PARSE_THREADS is "${raw}", not a whole number from 0 to ${MAX_THREADS}`,
      {
        hint: 'Unset it to use one thread per core, or set 0 to parse every image file in the main thread.',
      },
    );
  }
  return Number(raw);
}

/**
 * The bundled worker script: dist/parse-worker.js, beside the entry points, while this module is
 * bundled into dist/chunks/. Null when running from the sources.
 */
function workerScript(): URL | null {
  for (const rel of ['../parse-worker.js', './parse-worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

interface Job {
  request: ParseRequest;
  resolve: (result: FileResult) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Bytes sent and not yet answered: the next file goes to the least loaded worker. */
  load: number;
  dead: boolean;
}

export interface ParsePool {
  parse: (bytes: Uint8Array, rel: string, hash: string) => Promise<FileResult>;
  /** Files parsed by workers so far, and how many workers were started. */
  stats: () => { files: number; threads: number };
  /** Stops the workers; files still in flight are parsed in this thread. */
  close: () => Promise<void>;
}

/**
 * A pool of up to `threads` parse workers, started on the first file past IN_THREAD_BYTES.
 * `script` is the worker's code (tests give one that fails, to see the files parsed here).
 */
export function parsePool(
  threads: number,
  script: URL | null = threads > 0 ? workerScript() : null,
): ParsePool {
  const slots: Slot[] = [];
  let started = false;
  let inThread = 0;
  let nextId = 0;
  let parsedByWorkers = 0;

  const here = (job: Job): void => {
    try {
      job.resolve(parseImageBytes(job.request.bytes, job.request.rel, job.request.hash));
    } catch (error: unknown) {
      job.reject(error);
    }
  };
  // A worker that failed: what it still held is parsed here, and it gets no more files.
  const retire = (slot: Slot): void => {
    if (slot.dead) return;
    slot.dead = true;
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    slot.load = 0;
    void slot.worker.terminate();
    for (const job of jobs) here(job);
  };
  const start = (url: URL): void => {
    for (let i = 0; i < threads; i++) {
      const slot: Slot = { worker: new Worker(url), jobs: new Map(), load: 0, dead: false };
      slot.worker.on('message', (answer: ParseAnswer) => {
        const job = slot.jobs.get(answer.id);
        if (!job) return;
        slot.jobs.delete(answer.id);
        slot.load -= job.request.bytes.byteLength;
        if ('result' in answer) {
          parsedByWorkers += 1;
          job.resolve(answer.result);
        } else {
          here(job); // the same error, thrown where it is reported like any other
        }
      });
      slot.worker.on('error', () => retire(slot));
      slot.worker.on('exit', () => retire(slot));
      slots.push(slot);
    }
  };

  return {
    parse(bytes, rel, hash) {
      return new Promise<FileResult>((resolve, reject) => {
        const job: Job = { request: { id: nextId++, bytes, rel, hash }, resolve, reject };
        if (script === null || (!started && inThread + bytes.byteLength <= IN_THREAD_BYTES)) {
          inThread += bytes.byteLength;
          here(job);
          return;
        }
        if (!started) {
          started = true;
          start(script);
        }
        let best: Slot | undefined;
        for (const slot of slots)
          if (!slot.dead && (best === undefined || slot.load < best.load)) best = slot;
        if (best === undefined) {
          here(job);
          return;
        }
        best.jobs.set(job.request.id, job);
        best.load += bytes.byteLength;
        best.worker.postMessage(job.request);
      });
    },
    stats: () => ({ files: parsedByWorkers, threads: slots.length }),
    async close() {
      for (const slot of slots) {
        const jobs = [...slot.jobs.values()];
        slot.jobs.clear();
        slot.dead = true;
        for (const job of jobs) here(job);
      }
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
