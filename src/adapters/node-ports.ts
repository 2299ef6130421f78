// The real ports: the adapters over the file system, git and HTTP. Each entry point builds its
// `Ports` here once; tests use the same builder over a temporary folder, or replace single ports.

import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveApiUrl } from './api-url.js';
import { readCredentials } from './credentials.js';
import { loadConfig } from './config.js';
import { createFinerWorksClient } from './finerworks-client.js';
import { nodeDoctorFiles } from './doctor-files.js';
import { headCommit, uncommittedFiles } from './git.js';
import { openJournal, readJournal, removeJournal } from './journal.js';
import { acquireLock, type AcquireLockOptions } from './lock.js';
import { readDesired } from './image-files.js';
import { nodeFs, writeAtomic } from './atomic-file.js';
import { newLineage, readState, readStateStaged, writeState } from './state-store.js';
import type { FinerWorksFactory, Logger, Ports } from '../use-cases/ports.js';
import { FwsyncError } from '../errors.js';
import { USER_AGENT } from '../version.js';

export interface NodePortsOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  log: Logger;
  /** The fetch the FinerWorks client uses (tests may count or slow requests). */
  fetch?: typeof fetch;
  /** Lock timing (tests shorten the heartbeat; users have no reason to). */
  lock?: AcquireLockOptions;
  now?: () => Date;
}

/** The FinerWorks client for a config, with the keys from the environment. */
export function finerWorksFactory(fetchImpl?: typeof fetch): FinerWorksFactory {
  return (config, env) => {
    const credentials = readCredentials(env, { required: true });
    if (!credentials) throw new FwsyncError('auth', 'FinerWorks credentials are missing');
    return createFinerWorksClient({
      baseUrl: resolveApiUrl(env, config.api.base_url).href,
      credentials,
      timeoutMs: config.api.timeout_seconds * 1000,
      userAgent: USER_AGENT,
      libraryName: config.library.name,
      librarySiteId: config.library.site_id,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  };
}

export function nodePorts(opts: NodePortsOptions): Ports {
  const now = opts.now ?? (() => new Date());
  return {
    cwd: opts.cwd,
    env: opts.env,
    signal: opts.signal,
    log: opts.log,
    clock: { now },
    finerworks: finerWorksFactory(opts.fetch),
    config: { load: loadConfig },
    images: { read: readDesired, list: listImageFiles },
    files: { exists: fileExists, readText: readTextFile, writeAtomic: writeFileAtomic },
    state: {
      read: readState,
      readStaged: readStateStaged,
      write: (path, state, o) => writeState(path, state, o),
      newLineage,
    },
    journal: { open: openJournal, read: readJournal, remove: (p) => removeJournal(p) },
    lock: { acquire: (dir, info) => acquireLock(dir, info, opts.lock ?? {}) },
    git: { headCommit, uncommitted: uncommittedFiles },
    doctorFiles: nodeDoctorFiles,
  };
}

async function listImageFiles(opts: { cwd: string; patterns: readonly string[] }): Promise<string[]> {
  const { glob } = await import('tinyglobby');
  const files = await glob([...opts.patterns], { cwd: opts.cwd, onlyFiles: true, expandDirectories: false });
  return files.map((f) => f.split(path.sep).join('/'));
}

function fileExists(file: string): Promise<boolean> {
  return Promise.resolve(existsSync(file));
}

async function readTextFile(file: string): Promise<string> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (error) {
    throw new FwsyncError('input', `could not read ${file} as UTF-8 text`, {
      cause: error,
      hint: 'Run `fwsync validate` to see what is wrong with it.',
    });
  }
}

async function writeFileAtomic(file: string, bytes: Uint8Array, opts: { exclusive: boolean }): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  if (opts.exclusive && existsSync(file)) {
    throw new FwsyncError('input', `${file} appeared meanwhile; it was not overwritten`, {
      hint: 'Run the command again.',
    });
  }
  try {
    await writeAtomic(nodeFs, file, bytes);
  } catch (error) {
    throw new FwsyncError('input', `could not write ${file}`, { cause: error });
  }
}
