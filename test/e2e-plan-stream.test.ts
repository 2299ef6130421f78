// A large plan through the built CLI, as a process writing into a pipe: the JSON and text plans
// are written in blocks as they are rendered (src/cli/io.ts), and what arrives must be the
// whole plan, byte for byte the plan saved with --out, even when the reader is slow.
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCliProcess } from './support/cli.js';
import { makeImageRepo, removeImageRepos, testImages } from './support/repo.js';

afterAll(removeImageRepos);

const N = 4000;

describe('a plan of 4,000 adopts written as a stream', () => {
  it('--format json on stdout is the plan --out saved, and parses to every change', async () => {
    const repo = await makeImageRepo({ images: testImages(N), files: 4 });
    const r = await runCliProcess(['plan', '--format', 'json', '--out', 'plan.json', '--detailed-exitcode'], {
      cwd: repo.dir,
    });
    expect(r.code, r.stderr).toBe(2);
    // Far more than one 64 KB block.
    expect(r.stdout.length).toBeGreaterThan(8 * 64 * 1024);
    const saved = await readFile(path.join(repo.dir, 'plan.json'), 'utf8');
    // (execa drops the last line break of what it captured.)
    expect(`${r.stdout}\n`).toBe(saved);
    const plan = JSON.parse(r.stdout) as { changes: Array<{ kind: string }>; summary: { adopt: number } };
    expect(plan.changes).toHaveLength(N);
    expect(plan.changes.every((c) => c.kind === 'adopt')).toBe(true);
    expect(plan.summary.adopt).toBe(N);
  });

  it('text to a reader that pauses arrives whole and in order', async () => {
    const repo = await makeImageRepo({ images: testImages(N), files: 4 });
    const child = execa(process.execPath, [CLI, 'plan'], { cwd: repo.dir, reject: false, buffer: false });
    const chunks: Buffer[] = [];
    // Read a little, then stop for a while so the pipe fills and the CLI has to wait.
    let paused = false;
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
      if (!paused) {
        paused = true;
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 300);
      }
    });
    const done = await child;
    expect(done.exitCode).toBe(0);
    const text = Buffer.concat(chunks).toString('utf8');
    const adopts = text.match(/^\+ adopt /gm) ?? [];
    expect(adopts).toHaveLength(N);
    // Sorted by guid, as the plan is: the stream kept the order.
    const guids = [...text.matchAll(/^\+ adopt (\S+)/gm)].map((m) => m[1]!);
    expect(guids).toEqual([...guids].sort());
    expect(text.endsWith(`Plan: 0 to update, ${N} to adopt, 0 to forget, 0 unchanged.\n`)).toBe(true);
  });
});
