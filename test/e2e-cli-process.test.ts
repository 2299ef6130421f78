// The built bundle (dist/cli.js) as a real process: most CLI tests run `main` in-process
// (test/support/cli.ts), so these check that the bundle itself starts, reads its arguments,
// prints to the real streams and exits with the codes the in-process runs report.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCliProcess } from './support/cli.js';

const SAMPLE = path.join(ROOT, 'fixtures', 'repos', 'sample');

describe('the built CLI as a process', () => {
  it('--version prints package.json version and exits 0', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default;
    const r = await runCliProcess(['--version'], { cwd: ROOT });
    expect(r).toEqual({ code: 0, stdout: version, stderr: '' });
  });

  it('validate and plan on a sample repository: exit 0, the result on stdout', async () => {
    const v = await runCliProcess(['validate'], { cwd: SAMPLE });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^Valid: \d+ images? in \d+ files?\.$/);
    const p = await runCliProcess(['plan', '--format', 'json'], { cwd: SAMPLE });
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout)).toMatchObject({ version: 1 });
  });

  it('a user error: exit 1, a message without a stack trace', async () => {
    const r = await runCliProcess(['validate', '-C', 'no/such/dir'], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: -C no/such/dir: no such directory');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown command: exit 1 with a usage hint', async () => {
    const r = await runCliProcess(['frobnicate'], { cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});
