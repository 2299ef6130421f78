// What `fwsync validate` prints for the first mistakes a person makes in an image file: each
// problem once, at the place to fix, saying what is wrong (the unit tests in
// yaml-messages.test.ts cover both YAML paths; this is the same through the CLI).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

const G1 = '5eed0000-0000-4000-8000-000000000001';
const G2 = '5eed0000-0000-4000-8000-000000000002';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fwsync-e2e-msgs-'));
  mkdirSync(path.join(dir, 'images'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (rel: string, text: string): void => writeFileSync(path.join(dir, rel), text);
const image = (guid: string, indent = '  '): string =>
  `${indent}- guid: "${guid}"\n${indent}  title: "t"\n${indent}  description: ""\n`;

it('validate: one line per mistake, each at its place', async () => {
  // a.yaml: indented with tabs throughout
  write('images/a.yaml', `version: 1\nimages:\n${image(G2, '\t').replace(/ {2}/g, '\t')}`);
  // b.yaml: a repeated key; c.yaml: a quote never closed; d.yaml and e.yaml: the same guid
  write(
    'images/b.yaml',
    `version: 1\nimages:\n  - guid: "${G2}"\n    title: "t"\n    title: "u"\n    description: ""\n`,
  );
  write(
    'images/c.yaml',
    `version: 1\nimages:\n  - guid: "${G2}"\n    title: "Harbour\n    description: ""\n`,
  );
  write('images/d.yaml', `version: 1\nimages:\n${image(G1)}`);
  write('images/e.yaml', `version: 1\n# the same image again\nimages:\n${image(G1)}`);

  const r = await runCli(['validate'], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  const errors = r.stderr.split('\n').filter((l) => /^images\//.test(l));
  expect(errors).toEqual([
    'images/a.yaml:3:1 error YAML does not allow tabs for indentation',
    'images/b.yaml:5:5 error duplicate key "title": it is already set on line 4 of the same mapping, and again here on line 5',
    'images/c.yaml:4:12 error the double-quoted string that opens here is never closed',
    `images/e.yaml:4:1 error guid ${G1} is used twice: here and at images/d.yaml:3`,
  ]);
  expect(r.stderr).toMatch(/^error: 4 problems in the image files$/m);
});

// The API address and the connection, as `whoami` (the cheapest command that reads the account)
// reports them: a config error naming the variable, never "try again later", and the host.
const KEYS = {
  FINERWORKS_WEB_API_KEY: '3f6c1e2a-9b4d-4c8e-a1f0-5d7b2c9e8a41',
  FINERWORKS_APP_KEY: 'b82d5f90-1c3e-4a6b-9d8f-0e2a4c6b8d13',
};

it('a malformed FINERWORKS_API_URL is an input error (exit 1) naming the variable', async () => {
  write('images/a.yaml', `version: 1\nimages:\n${image(G1)}`);
  const r = await runCli(['whoami'], {
    cwd: dir,
    env: { ...KEYS, FINERWORKS_API_URL: 'api.finerworks.com/v3' },
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('error: FINERWORKS_API_URL is not a URL: "api.finerworks.com/v3"');
  expect(r.stderr).not.toMatch(/ERR_INVALID_URL|try again later/);
});

it('plain http to another machine is refused before any key is sent', async () => {
  const r = await runCli(['whoami'], {
    cwd: dir,
    env: { ...KEYS, FINERWORKS_API_URL: 'http://example.test/v3' },
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('error: FINERWORKS_API_URL must use https (got http://example.test)');
});

it('a connection that fails names the host it tried', async () => {
  const { createServer } = await import('node:net');
  // A port that was free a moment ago: nothing listens there now.
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  write('fwsync.config.yaml', 'version: 1\napi:\n  max_attempts: 1\n');
  const r = await runCli(['whoami'], {
    cwd: dir,
    env: { ...KEYS, FINERWORKS_API_URL: `http://127.0.0.1:${port}/v3` },
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`connection to 127.0.0.1:${port} failed (ECONNREFUSED)`);
});
