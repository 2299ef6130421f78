// Helpers for the validate/plan end-to-end tests: throw-away copies of fixture repositories,
// byte snapshots of a directory (to prove a command wrote nothing), the emulator seed that
// matches the sample repository, and the plan schema validator.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { ROOT } from './cli.js';
import type { EmulatorSeed } from '../../src/emulator/server.js';

export const FIXTURES = path.join(ROOT, 'fixtures');
export const SAMPLE = path.join(FIXTURES, 'repos', 'sample');

/** Temp directories made by `tempCopy`/`tempDir`, removed by `removeTempDirs`. */
const made: string[] = [];

export async function tempDir(prefix = 'fwsync-vp-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A fresh copy of `src` (a fixture repository) in a temp directory. */
export async function tempCopy(src: string, prefix?: string): Promise<string> {
  const dir = await tempDir(prefix);
  await cp(src, dir, { recursive: true });
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Every file and directory under `dir` with a hash of its bytes: equal snapshots = nothing written. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        out[`${child}/`] = 'dir';
        await walk(child);
      } else {
        out[child] = createHash('sha256')
          .update(await readFile(path.join(dir, child)))
          .digest('hex');
      }
    }
  };
  await walk('');
  return out;
}

/** The sample repository's images, as the emulator's account holds them, plus `extra` guids. */
export async function sampleSeed(extra: string[] = []): Promise<EmulatorSeed> {
  const files = ['landscapes.yaml', 'portraits.yaml'];
  const images: EmulatorSeed['images'] = [];
  for (const f of files) {
    const doc = parse(await readFile(path.join(SAMPLE, 'images', f), 'utf8')) as {
      images: Array<{ guid: string }>;
    };
    for (const image of doc.images) images.push({ guid: image.guid, title: `upload of ${image.guid}` });
  }
  for (const guid of extra) images.push({ guid, title: `upload of ${guid}` });
  return { images };
}

/**
 * Extra environment for every CLI run of these tests. Node's on-disk compile cache changes
 * nothing fwsync does; it only trims module loading off the ~150 processes these tests start.
 */
export const SPEED_ENV: Record<string, string> = {
  NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'fwsync-vp-compile-cache'),
};

/** The emulator environment for a CLI run. */
export function emulatorEnv(
  url: string,
  keys: { webApiKey: string; appKey: string },
): Record<string, string> {
  return {
    ...SPEED_ENV,
    FINERWORKS_API_URL: url,
    FINERWORKS_WEB_API_KEY: keys.webApiKey,
    FINERWORKS_APP_KEY: keys.appKey,
  };
}

/** `schemas/plan.schema.json` compiled the strict way (ajv 2020, formats on). */
export async function planValidator(): Promise<ValidateFunction> {
  const schema = JSON.parse(await readFile(path.join(ROOT, 'schemas', 'plan.schema.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormatsModule.default(ajv);
  return ajv.compile(schema);
}

/** Same as the state reader's hash of a file's bytes. */
export function fileHash(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
