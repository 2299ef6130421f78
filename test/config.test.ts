import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, loadConfig } from '../src/adapters/config.js';
import { FwsyncError, exitCodeFor } from '../src/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fwsync-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function loadError(text: string, name = 'fwsync.config.yaml'): Promise<FwsyncError> {
  writeFileSync(path.join(dir, name), text);
  try {
    await loadConfig({ cwd: dir });
  } catch (error) {
    if (error instanceof FwsyncError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('gives the defaults of the README configuration section when there is no config file', async () => {
    const config = await loadConfig({ cwd: dir });
    expect(config).toEqual({
      version: 1,
      images: ['images/**/*.yaml', 'images/**/*.yml'],
      state: '.fwsync/state.json',
      api: {
        base_url: 'https://api.finerworks.com/v3',
        batch_size: 25,
        concurrency: 2,
        timeout_seconds: 30,
        max_attempts: 5,
      },
      library: { name: 'inventory', site_id: 2 },
      safety: { max_change_percent: 30, invisible_characters: 'warn', max_image_files: 10_000 },
    });
    // a fresh copy: callers may not change the shared defaults
    config.api.batch_size = 1;
    expect(DEFAULT_CONFIG.api.batch_size).toBe(25);
  });

  it('fills the keys a file leaves out, and reads .yml too', async () => {
    writeFileSync(
      path.join(dir, 'fwsync.config.yml'),
      'api:\n  batch_size: 10\nsafety: { max_change_percent: 12.5 }\n',
    );
    const config = await loadConfig({ cwd: dir });
    expect(config.api).toEqual({ ...DEFAULT_CONFIG.api, batch_size: 10 });
    expect(config.safety.max_change_percent).toBe(12.5);
    expect(config.images).toEqual(DEFAULT_CONFIG.images);
  });

  it('reads the sample repository config', async () => {
    const config = await loadConfig({ cwd: path.resolve(import.meta.dirname, '../fixtures/repos/sample') });
    expect(config.library).toEqual({ name: 'inventory', site_id: 2 });
  });

  it('an empty config file means all defaults', async () => {
    writeFileSync(path.join(dir, 'fwsync.config.yaml'), '# nothing yet\n');
    expect(await loadConfig({ cwd: dir })).toEqual(DEFAULT_CONFIG);
  });

  it('a --config path that does not exist is an error; a given path is used', async () => {
    await expect(loadConfig({ cwd: dir, configPath: 'nope.yaml' })).rejects.toThrow(
      /config file not found: nope.yaml/,
    );
    writeFileSync(path.join(dir, 'other.yaml'), 'state: state/fw.json\n');
    expect((await loadConfig({ cwd: dir, configPath: 'other.yaml' })).state).toBe('state/fw.json');
  });

  it('refuses a credential anywhere, names the env variables, never echoes the value', async () => {
    const secret = 'sk_live_9f8e7d6c5b4a3f2e1d0c';
    const error = await loadError(
      `version: 1\napi:\n  base_url: https://api.finerworks.com/v3\n  web_api_key: ${secret}\napp_key: "${secret}"\n`,
    );
    expect(error.kind).toBe('input');
    expect(exitCodeFor(error)).toBe(1);
    expect(error.issues.map((i) => [i.line, i.column, i.code])).toEqual([
      [4, 3, 'config-credential'],
      [5, 1, 'config-credential'],
    ]);
    expect(error.issues[0]!.hint).toMatch(
      /FINERWORKS_WEB_API_KEY.*FINERWORKS_APP_KEY.*FINERWORKS_ACCOUNT_KEY/,
    );
    expect(JSON.stringify({ message: error.message, issues: error.issues, hint: error.hint })).not.toContain(
      secret,
    );
    expect(JSON.stringify(error.issues)).not.toContain('sk_live');
  });

  it.each(['token', 'password', 'Secret', 'account-key', 'apiKey'])(
    'treats "%s" as a credential key',
    async (key) => {
      const error = await loadError(`library:\n  ${key}: hunter2\n`);
      expect(error.issues[0]).toMatchObject({ line: 2, column: 3, code: 'config-credential' });
      expect(JSON.stringify(error.issues)).not.toContain('hunter2');
    },
  );

  it.each([
    ['api:\n  batch_size: 0\n', 2, 15, 'schema-minimum'],
    ['api:\n  batch_size: 101\n', 2, 15, 'schema-maximum'],
    ['api:\n  concurrency: 9\n', 2, 16, 'schema-maximum'],
    ['api:\n  timeout_seconds: 301\n', 2, 20, 'schema-maximum'],
    ['api:\n  max_attempts: 0\n', 2, 17, 'schema-minimum'],
    ['safety:\n  max_change_percent: 101\n', 2, 23, 'schema-maximum'],
    ['library:\n  name: permanent\n', 2, 9, 'schema-enum'],
    ['api:\n  base_url: http://api.finerworks.com/v3\n', 2, 13, 'schema-pattern'],
    ['api:\n  base_url: https://user:pw@api.finerworks.com/v3\n', 2, 13, 'schema-pattern'],
    ['api:\n  base_url: javascript:alert(1)\n', 2, 13, 'schema-pattern'],
    ['api:\n  batchsize: 5\n', 2, 3, 'schema-unknown-property'],
    ['version: 2\n', 1, 10, 'schema-const'],
    ['images: []\n', 1, 9, 'schema-min-items'],
    ['api:\n  batch_size: "10"\n', 2, 15, 'schema-type'],
    ['a: 1\na: 2\n', 2, 1, 'yaml-duplicate-key'],
  ])('rejects %j at %i:%i (%s)', async (text, line, column, code) => {
    const error = await loadError(text);
    expect(error.issues[0]).toMatchObject({ file: 'fwsync.config.yaml', line, column, code });
  });

  it('suggests the closest key for a typo', async () => {
    const error = await loadError('api:\n  batchsize: 5\n');
    expect(error.issues[0]!.message).toBe('unknown property "batchsize" in api — did you mean "batch_size"?');
  });

  it('accepts the emulator on loopback over http', async () => {
    for (const url of [
      'http://127.0.0.1:8787',
      'http://localhost:8787/v3',
      'https://api.finerworks.com/v3',
    ]) {
      writeFileSync(path.join(dir, 'fwsync.config.yaml'), `api:\n  base_url: ${url}\n`);
      expect((await loadConfig({ cwd: dir })).api.base_url).toBe(url);
    }
  });
});
