// Throw-away user repositories for end-to-end tests: image YAML files spread over a few files,
// a fwsync.config.yaml, and helpers to read back what the CLI left on disk (state, backup,
// journal, lock). Also the emulator-side bookkeeping the apply tests share (PUT log since a
// mark, environment for a run) and `useApplySuite`, the hooks every e2e-apply file registers.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import applyResultSchema from '../../schemas/apply-result.schema.json' with { type: 'json' };
import type { ApplyResult, State } from '../../src/core/types.js';
import { readState } from '../../src/adapters/state-store.js';
import {
  DEMO_CREDENTIALS,
  generateSeed,
  seedGuid,
  startEmulator,
  type Emulator,
  type RecordedRequest,
} from '../../src/emulator/server.js';
import { CLI, runCli, type CliResult } from './cli.js';

/**
 * Seed options for the apply tests: every image in the inventory library (the one fwsync's
 * default config manages) and without virtual inventory products, so that an apply may send
 * them all. Tests of the product guard seed products on purpose.
 */
export const PLAIN_INVENTORY = { inventoryShare: 1, productsPerImage: 0 } as const;

export interface TestImage {
  guid: string;
  title: string;
  description: string;
  visible?: boolean;
  rank?: number;
}

/** Images 1..n (or from..from+n-1) with the emulator's seed guids, so the emulator knows them. */
export function testImages(n: number, opts: { from?: number; tag?: string } = {}): TestImage[] {
  const from = opts.from ?? 1;
  const tag = opts.tag ?? 'v1';
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return { guid: seedGuid(i), title: `Image ${i} (${tag})`, description: `Description ${i} (${tag}).` };
  });
}

/** The same images with a new title (an `update` for each). */
export function retitled(images: TestImage[], tag: string): TestImage[] {
  return images.map((img) => ({ ...img, title: img.title.replace(/ \([^)]*\)$/, ` (${tag})`) }));
}

/** A JSON string is a valid YAML 1.2 double-quoted scalar. */
const q = (s: string): string => JSON.stringify(s);

export function imagesYaml(images: TestImage[]): string {
  const lines = ['version: 1', 'images:'];
  for (const img of images) {
    lines.push(
      `  - guid: ${img.guid}`,
      `    title: ${q(img.title)}`,
      `    description: ${q(img.description)}`,
    );
    if (img.visible !== undefined) lines.push(`    visible: ${String(img.visible)}`);
    if (img.rank !== undefined) lines.push(`    rank: ${img.rank}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface ApiConfig {
  batch_size?: number;
  concurrency?: number;
  max_attempts?: number;
  timeout_seconds?: number;
}

/** Small timeouts and batches, so that fault tests finish quickly. */
export const FAST_API: Required<ApiConfig> = {
  batch_size: 4,
  concurrency: 1,
  max_attempts: 3,
  timeout_seconds: 2,
};

export interface ImageRepo {
  dir: string;
  statePath: string;
  /** Rewrites images/ with `images` spread over `files` files (removes the old ones). */
  writeImages(images: TestImage[], files?: number): Promise<void>;
  writeFile(rel: string, content: string | Buffer): Promise<void>;
  writeConfig(api?: ApiConfig, extra?: string): Promise<void>;
  /** The parsed state file; throws when there is none. */
  state(): Promise<State>;
  stateBytes(): Promise<Buffer | null>;
  backupBytes(): Promise<Buffer | null>;
  journalText(): Promise<string | null>;
  exists(rel: string): boolean;
}

const dirs: string[] = [];

/** A temp repository holding `images` in `files` image files and a config with `api`. */
export async function makeImageRepo(
  opts: { images?: TestImage[]; files?: number; api?: ApiConfig; safety?: number } = {},
): Promise<ImageRepo> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-e2e-apply-'));
  dirs.push(dir);
  const statePath = path.join(dir, '.fwsync', 'state.json');
  const readOrNull = async (file: string): Promise<Buffer | null> =>
    existsSync(file) ? readFile(file) : null;
  const repo: ImageRepo = {
    dir,
    statePath,
    async writeImages(images, files = 1) {
      await rm(path.join(dir, 'images'), { recursive: true, force: true });
      await mkdir(path.join(dir, 'images'), { recursive: true });
      const per = Math.max(1, Math.ceil(images.length / files));
      for (let f = 0; f < files; f++) {
        const part = images.slice(f * per, (f + 1) * per);
        if (part.length === 0) continue;
        await writeFile(
          path.join(dir, 'images', `part-${String(f).padStart(2, '0')}.yaml`),
          imagesYaml(part),
        );
      }
    },
    async writeFile(rel, content) {
      const file = path.join(dir, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    },
    async writeConfig(api = FAST_API, extra = '') {
      const a = { ...FAST_API, ...api };
      const safety = opts.safety === undefined ? '' : `safety:\n  max_change_percent: ${opts.safety}\n`;
      await writeFile(
        path.join(dir, 'fwsync.config.yaml'),
        `version: 1\napi:\n  batch_size: ${a.batch_size}\n  concurrency: ${a.concurrency}\n` +
          `  max_attempts: ${a.max_attempts}\n  timeout_seconds: ${a.timeout_seconds}\n${safety}${extra}`,
      );
    },
    async state() {
      const { state } = await readState(statePath);
      if (!state) throw new Error(`no state at ${statePath}`);
      return state;
    },
    stateBytes: () => readOrNull(statePath),
    backupBytes: () => readOrNull(`${statePath}.backup`),
    async journalText() {
      const b = await readOrNull(`${statePath}.journal`);
      return b === null ? null : b.toString('utf8');
    },
    exists: (rel) => existsSync(path.join(dir, rel)),
  };
  await repo.writeConfig(opts.api);
  if (opts.images) await repo.writeImages(opts.images, opts.files ?? 1);
  return repo;
}

export async function removeImageRepos(): Promise<void> {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Environment of a CLI run against the emulator (keys default to the demo ones). */
export function emulatorEnv(
  emulator: Emulator,
  keys: { webApiKey: string; appKey: string } = DEMO_CREDENTIALS,
): Record<string, string> {
  return {
    FINERWORKS_API_URL: emulator.url,
    FINERWORKS_WEB_API_KEY: keys.webApiKey,
    FINERWORKS_APP_KEY: keys.appKey,
  };
}

/** update_images requests recorded after `mark` (an index into emulator.requests). */
export function putsSince(emulator: Emulator, mark = 0): RecordedRequest[] {
  return emulator.requests.slice(mark).filter((r) => r.method === 'PUT' && /update_images$/i.test(r.path));
}

/** The images of a recorded update_images request. */
export function sentImages(request: RecordedRequest): Array<Record<string, unknown> & { guid: string }> {
  const body = request.body as { images?: Array<Record<string, unknown> & { guid: string }> } | null;
  return body?.images ?? [];
}

export function sentGuids(request: RecordedRequest): string[] {
  return sentImages(request).map((i) => i.guid);
}

/** Polls `check` every 20 ms until it returns true, or fails after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Confirmed batches in a journal text (lines after the header that parse). */
/**
 * The journal a crash between the state write and the journal's removal leaves behind: written
 * on top of the previous serial, holding exactly what `state` already has.
 */
export function foldedJournalText(state: State): string {
  const header = { journal: 1, lineage: state.lineage, base_serial: state.serial - 1 };
  const entries = Object.entries(state.images).map(([guid, image]) => ({
    guid,
    applied: image.applied,
    applied_at: image.applied_at,
    source: image.source,
    commit: image.commit,
  }));
  return `${JSON.stringify(header)}\n${JSON.stringify({ confirmed: entries })}\n`;
}

export function journalBatches(text: string | null): string[][] {
  if (text === null) return [];
  return text
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      try {
        const rec = JSON.parse(line) as { confirmed: { guid: string }[] };
        return [rec.confirmed.map((e) => e.guid)];
      } catch {
        return [];
      }
    });
}

export const LOCK_DIR = path.join('.fwsync', '.fwsync.lock');

export const guidsOf = (images: TestImage[]): string[] => images.map((i) => i.guid);

/** What the state should record for `images`: guid → managed fields. */
export function expectedFields(images: TestImage[]): Record<string, unknown> {
  return Object.fromEntries(
    images.map((i) => [
      i.guid,
      {
        title: i.title,
        description: i.description,
        ...(i.visible === undefined ? {} : { visible: i.visible }),
        ...(i.rank === undefined ? {} : { rank: i.rank }),
      },
    ]),
  );
}

/** guid → applied fields of the state on disk ({} when there is no state file). */
export async function recordedFields(repo: ImageRepo): Promise<Record<string, unknown>> {
  if ((await repo.stateBytes()) === null) return {};
  const state = await repo.state();
  return Object.fromEntries(Object.entries(state.images).map(([g, e]) => [g, e.applied]));
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
const validateApplyResult = ajv.compile(applyResultSchema);

/** Parses `apply --format json` output and checks it against schemas/apply-result.schema.json. */
export function parseApplyResult(stdout: string): ApplyResult {
  const data: unknown = JSON.parse(stdout);
  if (!validateApplyResult(data))
    throw new Error(`apply result is not schema-valid: ${ajv.errorsText(validateApplyResult.errors)}`);
  return data as unknown as ApplyResult;
}

export interface ApplySuite {
  /** The file's emulator: started in beforeAll (60 seeded images), reset before each test. */
  emulator: () => Emulator;
  /** Runs `fwsync <args>` in `repo` against `em` (the suite's emulator unless given). */
  fw: (repo: ImageRepo, args: string[], em?: Emulator) => Promise<CliResult>;
  /** `fwsync apply --yes <args>`. */
  apply: (repo: ImageRepo, args?: string[], em?: Emulator) => Promise<CliResult>;
  /** A repo whose state records `images` as applied (through a real first apply). */
  appliedRepo: (images: TestImage[], opts?: Parameters<typeof makeImageRepo>[0]) => Promise<ImageRepo>;
}

/**
 * Registers the hooks the e2e apply files share (one emulator per file, reset before each
 * test; temp repos removed at the end) and returns the CLI wrappers bound to that emulator.
 * Call it at the top level of a test file. The emulator is reached through a function because
 * it only exists once beforeAll has run.
 */
export function useApplySuite(): ApplySuite {
  let current: Emulator | undefined;
  const emulator = (): Emulator => {
    if (current === undefined) throw new Error('the emulator is not started yet (use it inside a test)');
    return current;
  };

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
    current = await startEmulator({ seed: generateSeed(60, PLAIN_INVENTORY) });
  });
  afterAll(async () => {
    await current?.close();
    await removeImageRepos();
  });
  beforeEach(() => emulator().reset());

  const fw = (repo: ImageRepo, args: string[], em: Emulator = emulator()) =>
    runCli(args, { cwd: repo.dir, env: emulatorEnv(em) });
  const apply = (repo: ImageRepo, args: string[] = [], em: Emulator = emulator()) =>
    fw(repo, ['apply', '--yes', ...args], em);
  const appliedRepo = async (
    images: TestImage[],
    opts: Parameters<typeof makeImageRepo>[0] = {},
  ): Promise<ImageRepo> => {
    const repo = await makeImageRepo({ images, ...opts });
    const r = await apply(repo, ['--force']);
    expect(r.code, r.stderr).toBe(0);
    emulator().requests.length = 0;
    return repo;
  };
  return { emulator, fw, apply, appliedRepo };
}
