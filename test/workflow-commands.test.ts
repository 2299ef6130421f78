// Repository strings cannot become workflow commands (render/workflow-commands.ts): not through
// the Action's reporter as @actions/core writes it to stdout, not through the CLI in a step.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { coreReporter } from '../src/action/reporter.js';
import { escapeWorkflowCommandLines } from '../src/render/workflow-commands.js';
import { runCli } from './support/cli.js';

const HOSTILE = 'images/bad\n::error title=X::y.yaml';
/** What the runner would take for a command: any line (split at CR or LF) starting with :: or ##[. */
const commandLines = (text: string): string[] =>
  text.split(/\r\n|\r|\n/).filter((l) => /^\s*(::|##\[)/.test(l));

describe('escapeWorkflowCommandLines', () => {
  it('escapes :: and ##[ at every line start, after LF, CR or spaces, and nothing else', () => {
    expect(escapeWorkflowCommandLines('a\n::error::x\r  ::warning::y\r\n##[group]z')).toBe(
      'a\n%3A%3Aerror::x\r  %3A%3Awarning::y\r\n#%23[group]z',
    );
    expect(escapeWorkflowCommandLines('title: a::b, 50%')).toBe('title: a::b, 50%');
  });
});

describe('the Action reporter on stdout', () => {
  const writes: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    writes.length = 0;
    process.exitCode = undefined;
  });

  it('prints a hostile file name in info, warning, error and failure without a command line of its own', () => {
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    const out = coreReporter({});
    out.info(`reading ${HOSTILE}`);
    out.info(`::stop-commands::token\n${HOSTILE}`);
    out.warning(`bad file ${HOSTILE}`, { file: HOSTILE, startLine: 1, title: HOSTILE });
    out.error(`bad file ${HOSTILE}`, { file: HOSTILE });
    out.fail(`failed on ${HOSTILE}`);
    const stdout = writes.join('');
    const commands = commandLines(stdout);
    // Only the annotations fwsync itself issued: one warning, two errors (error, fail).
    expect(commands.map((l) => /^::(\w+)/.exec(l)?.[1])).toEqual(['warning', 'error', 'error']);
    expect(commands.some((l) => l.startsWith('::error title=X'))).toBe(false);
    expect(stdout).toContain('reading images/bad\n%3A%3Aerror title=X::y.yaml');
  });
});

describe('the CLI in a workflow step (GITHUB_ACTIONS=true)', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  async function repoWithHostileFile(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-wfcmd-'));
    dirs.push(dir);
    await mkdir(path.join(dir, 'images'), { recursive: true });
    await writeFile(path.join(dir, HOSTILE), 'version: 1\nimages:\n  - guid: nope\n');
    return dir;
  }

  it('names a file called "bad\\n::error title=X::y.yaml" without printing a line that starts with ::', async () => {
    const cwd = await repoWithHostileFile();
    const inStep = await runCli(['validate'], { cwd, env: { GITHUB_ACTIONS: 'true' } });
    expect(inStep.code).not.toBe(0);
    expect(`${inStep.stdout}\n${inStep.stderr}`).toContain('%3A%3Aerror title=X');
    expect(commandLines(inStep.stdout)).toEqual([]);
    expect(commandLines(inStep.stderr)).toEqual([]);
    // Outside a runner the name is printed as it is (what the escaping above is about).
    const local = await runCli(['validate'], { cwd, env: { GITHUB_ACTIONS: undefined } });
    expect(commandLines(`${local.stdout}\n${local.stderr}`).length).toBeGreaterThan(0);
  });
});
