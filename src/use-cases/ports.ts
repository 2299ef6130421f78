// The ports: everything a use case needs from the world outside the pure core. Each entry point
// (src/cli/ports.ts, src/action/ports.ts) builds one `Ports` value from the real adapters
// (src/adapters/node-ports.ts); tests build one with fakes or with the real adapters over a
// temporary folder. No use case imports an adapter that does I/O directly.

import type { FinerWorksApi } from '../core/finerworks-types.js';
import type { DoctorFiles } from '../adapters/doctor-files.js';
import type { Journal, JournalContents, JournalHeader } from '../adapters/journal.js';
import type { Lock } from '../adapters/lock.js';
import type { ReadDesiredOptions } from '../adapters/image-files.js';
import type { StagedState } from '../adapters/state-read.js';
import type { Config, DesiredSet, Issue, State } from '../core/types.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  verbose(message: string): void;
}

export interface Clock {
  now(): Date;
}

/** Builds the FinerWorks client for a config (reads the keys from `env`; throws 'auth' without them). */
export type FinerWorksFactory = (config: Config, env: Record<string, string | undefined>) => FinerWorksApi;

export interface ImageFiles {
  /** Every image file matched by the patterns: the desired images and every problem found. */
  read(opts: ReadDesiredOptions): Promise<{ desired: DesiredSet; issues: Issue[] }>;
  /** The files the patterns match, relative to `cwd` with forward slashes. */
  list(opts: { cwd: string; patterns: readonly string[] }): Promise<string[]>;
}

/** Files fwsync writes besides the state (imported YAML, saved plans). */
export interface Workspace {
  exists(file: string): Promise<boolean>;
  /** The file as UTF-8 text (throws 'input' when it cannot be read or is not UTF-8). */
  readText(file: string): Promise<string>;
  /** Written whole or not at all (temp file, fsync, rename); `exclusive` refuses an existing file. */
  writeAtomic(file: string, bytes: Uint8Array, opts: { exclusive: boolean }): Promise<void>;
}

export interface StateStore {
  read(path: string): Promise<{ state: State | null }>;
  /**
   * For a plan: the files entries first, then only the images the image files it parsed need
   * (adapters/state-read.ts, StagedState). null: no state file.
   */
  readStaged(path: string): Promise<StagedState | null>;
  /** Compare-and-swap on lineage and serial: refuses when the file moved since `expected`. */
  write(
    path: string,
    state: State,
    opts: { expected: { lineage: string; serial: number } | null },
  ): Promise<{ written: boolean }>;
  newLineage(): string;
}

export interface JournalStore {
  open(statePath: string, header: JournalHeader): Promise<Journal>;
  read(statePath: string): Promise<JournalContents | null>;
  remove(statePath: string): Promise<void>;
}

export interface LockPort {
  acquire(stateDir: string, info: { command: string; runId?: string }): Promise<Lock>;
}

export interface GitPort {
  /** HEAD's commit sha, or null outside a git repository. */
  headCommit(cwd: string): Promise<string | null>;
  /** Which of `files` (relative to `cwd`) have uncommitted changes; null outside git. */
  uncommitted(cwd: string, files: readonly string[]): Promise<string[] | null>;
}

export interface ConfigLoader {
  load(opts: { cwd: string; configPath?: string }): Promise<Config>;
}

export interface Ports {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Aborted on SIGINT/SIGTERM: start no new request, save, stop. */
  signal: AbortSignal;
  log: Logger;
  clock: Clock;
  finerworks: FinerWorksFactory;
  config: ConfigLoader;
  images: ImageFiles;
  files: Workspace;
  state: StateStore;
  journal: JournalStore;
  lock: LockPort;
  git: GitPort;
  /** The API profile `fwsync doctor` measured, and its probe journal, next to the state. */
  doctorFiles: DoctorFiles;
}
