// What every job of the Action works with, built once by main.ts, and the small file helpers
// the jobs share.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GitHub } from '../adapters/github.js';
import { FwsyncError } from '../errors.js';
import type { Ports } from '../use-cases/ports.js';
import type { ActionInputs, RunnerContext } from './inputs.js';
import type { Reporter } from './reporter.js';
import type { StateBackend } from './state-backend.js';

export interface Job {
  inputs: ActionInputs;
  ctx: RunnerContext;
  /** The use cases' ports for this run: its working directory, keys, cancel signal and log. */
  ports: Ports;
  /** Null without a github-token or GITHUB_REPOSITORY: no comment, no branch backend. */
  gh: GitHub | null;
  out: Reporter;
  backend: StateBackend;
  configOpts: { configPath?: string };
}

export async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** Writes RUNNER_TEMP/fwsync/`name`, where later steps (upload-artifact) find it; returns its path. */
export async function writeRunnerFile(ctx: RunnerContext, name: string, text: string): Promise<string> {
  const dir = path.join(ctx.runnerTemp, 'fwsync');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** A path relative to the working directory, as annotations want it: relative to the repository. */
export function repoFile(workspace: string, cwd: string, file: string): string {
  const rel = path.relative(workspace, path.resolve(cwd, file)).split(path.sep).join('/');
  return rel.startsWith('../') || path.isAbsolute(rel) ? file : rel;
}

/** An error as one line for a warning: the message and, for ours, the hint. */
export function errorText(error: unknown): string {
  if (error instanceof FwsyncError) return error.hint ? `${error.message}. ${error.hint}` : error.message;
  return error instanceof Error ? error.message : String(error);
}
