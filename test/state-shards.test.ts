// The version-2 state: a manifest and content-addressed shards. What a write touches, how a
// version-1 file migrates, how a hand-edited shard is validated, and what a crash at the
// commit point leaves.

import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import stateSchema from '../schemas/state.schema.json' with { type: 'json' };
import shardSchema from '../schemas/state-shard.schema.json' with { type: 'json' };
import { type FsShim, nodeFs } from '../src/adapters/atomic-file.js';
import { readState, readStateStaged, serializeState, writeState } from '../src/adapters/state-store.js';
import {
  type ReadShardSet,
  SHARD_TARGET_BYTES,
  buildShards,
  imageShardKey,
  imageShardPrefix,
  shardDir,
} from '../src/adapters/state-shards.js';
import { hashFields } from '../src/core/canonical.js';
import type { State } from '../src/core/types.js';
import { planChanges } from '../src/core/plan.js';
import { FwsyncError } from '../src/errors.js';

const LINEAGE = '3f0d8c1e-5db8-4e84-9010-e29499eadb3f';

function guid(k: number): string {
  // Spread over every first hex digit, like real guids.
  const head = ((k * 2654435761) >>> 0).toString(16).padStart(8, '0');
  return `${head}-5db8-4e84-9010-${k.toString(16).padStart(12, '0')}`;
}

function makeState(
  serial: number,
  count: number,
  opts: { files?: number; description?: string } = {},
): State {
  const images: State['images'] = {};
  const files: State['files'] = {};
  const fileCount = opts.files ?? 4;
  for (let k = 0; k < count; k++) {
    const applied = {
      title: `Image ${k}`,
      description: opts.description ?? `A harbour at dawn, number ${k}.`,
    };
    const source = `images/set-${k % fileCount}.yaml`;
    images[guid(k)] = {
      applied,
      hash: hashFields(applied),
      applied_at: '2026-11-27T10:00:00.000Z',
      source,
      commit: null,
    };
    const entry = (files[source] ??= { hash: `sha256:${'b'.repeat(64)}`, guids: [] });
    entry.guids.push(guid(k));
  }
  for (const entry of Object.values(files)) entry.guids.sort();
  return { version: 1, lineage: LINEAGE, serial, images, files };
}

/** The state after an apply that changed one image's title. */
function withOneChange(state: State, k: number, title: string): State {
  const g = guid(k);
  const before = state.images[g]!;
  const applied = { ...before.applied, title };
  return {
    ...state,
    serial: state.serial + 1,
    images: { ...state.images, [g]: { ...before, applied, hash: hashFields(applied) } },
  };
}

let dir: string;
let statePath: string;
let shards: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-shards-'));
  statePath = path.join(dir, '.fwsync', 'state.json');
  shards = shardDir(statePath);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function shardFiles(): Promise<string[]> {
  return (await readdir(shards)).sort();
}

async function stateError(promise: Promise<unknown>): Promise<FwsyncError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FwsyncError);
  return error as FwsyncError;
}

/** The one shard file holding `key` (an image's guid, or an image file's path). */
async function shardHolding(kind: 'images' | 'files', key: string): Promise<string> {
  for (const name of await shardFiles()) {
    if (!name.startsWith(`${kind}-`)) continue;
    const text = await readFile(path.join(shards, name), 'utf8');
    if (text.includes(`\n${JSON.stringify(key)}:`)) return path.join(shards, name);
  }
  throw new Error(`no ${kind} shard for ${key}`);
}

describe('the sharded layout', () => {
  it('is a small manifest naming shards by their sha256, one entry per line', async () => {
    const state = makeState(1, 200);
    await writeState(statePath, state, { expected: null });
    const manifest = JSON.parse(await readFile(statePath, 'utf8')) as {
      version: number;
      images: {
        prefix: number;
        count: number;
        shards: Record<string, string>;
        counts: Record<string, number>;
      };
      files: {
        prefix: number;
        count: number;
        shards: Record<string, string>;
        counts: Record<string, number>;
      };
    };
    expect(manifest.version).toBe(2);
    expect(manifest.images.prefix).toBe(1);
    expect(manifest.images.count).toBe(200);
    expect(manifest.files.count).toBe(4);
    const names = await shardFiles();
    expect(names).toHaveLength(
      Object.keys(manifest.images.shards).length + Object.keys(manifest.files.shards).length,
    );
    for (const [prefix, digest] of Object.entries(manifest.images.shards)) {
      const name = `images-${prefix}-${digest.slice(7, 23)}.json`;
      expect(names).toContain(name);
      const bytes = await readFile(path.join(shards, name));
      expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(digest);
      const lines = bytes.toString('utf8').trimEnd().split('\n');
      const entries = Object.keys((JSON.parse(bytes.toString('utf8')) as { entries: object }).entries);
      // A header line, one line per image, a closing line.
      expect(lines).toHaveLength(entries.length + 2);
      // Placed by its image file's path, then its guid; the manifest counts each shard.
      for (const g of entries)
        expect(imageShardKey(g, state.images[g]!.source).startsWith(prefix)).toBe(true);
      expect(manifest.images.counts[prefix]).toBe(entries.length);
    }
    expect((await readState(statePath)).state).toEqual(state);
  });

  it('an apply that changes one image writes one image shard and the manifest, and removes what no manifest names', async () => {
    const s1 = makeState(1, 2000);
    await writeState(statePath, s1, { expected: null });
    const first = new Set(await shardFiles());

    const s2 = withOneChange(s1, 7, 'Retitled');
    await writeState(statePath, s2, { expected: { lineage: LINEAGE, serial: 1 } });
    const second = new Set(await shardFiles());
    const added = [...second].filter((f) => !first.has(f));
    expect(added).toHaveLength(1);
    expect(added[0]).toBe(path.basename(await shardHolding('images', guid(7))));
    // The superseded shard stays while the backup (the previous manifest) names it.
    expect([...first].filter((f) => !second.has(f))).toEqual([]);
    expect((await readState(`${statePath}.backup`)).state).toEqual(s1);

    const s3 = withOneChange(s2, 7, 'Retitled again');
    await writeState(statePath, s3, { expected: { lineage: LINEAGE, serial: 2 } });
    const third = new Set(await shardFiles());
    // Now the first generation of that shard is named by neither manifest: removed.
    expect([...first].filter((f) => !third.has(f))).toHaveLength(1);
    expect(third.size).toBe(first.size + 1);
    expect((await readState(statePath)).state).toEqual(s3);
    expect((await readState(`${statePath}.backup`)).state).toEqual(s2);
  });

  it('splits by one more hex digit once a shard passes the target size, and never back', () => {
    const long = 'x'.repeat(2000);
    const small = buildShards('images', makeState(1, 200, { description: long }).images, 1);
    expect(small.set.prefix).toBe(1);
    const big = makeState(1, 6000, { description: long }).images;
    const split = buildShards('images', big, 1);
    // 6,000 images of 2 KB in 4 files: two digits of the file's path give each file a shard of
    // its own (3 MB), the third splits each file by the first digit of its guids.
    expect(split.set.prefix).toBe(3);
    const files = new Set(Object.keys(split.set.shards).map((p) => p.slice(0, 2)));
    expect(files.size).toBe(4);
    expect(Math.max(...split.shards.map((s) => s.bytes!.byteLength))).toBeLessThanOrEqual(SHARD_TARGET_BYTES);
    // A state that shrank keeps the finer split it had.
    expect(buildShards('images', makeState(1, 200).images, 2).set.prefix).toBe(2);
  });

  it('the shard schema describes an image exactly as the version-1 state did', () => {
    for (const name of ['image', 'applied', 'file', 'idList', 'guid', 'hash', 'path'] as const) {
      expect(shardSchema.$defs[name], name).toEqual(stateSchema.$defs[name]);
    }
  });
});

describe('migration of a version-1 state', () => {
  it('reads a version-1 file, and the next write replaces it with a version-2 state, keeping the old file', async () => {
    const s1 = makeState(4, 50);
    const v1 = serializeState(s1);
    await mkdir(path.dirname(statePath), { recursive: true });
    await writeFile(statePath, v1);
    expect((await readState(statePath)).state).toEqual(s1);

    const s2 = withOneChange(s1, 3, 'Retitled');
    expect(await writeState(statePath, s2, { expected: { lineage: LINEAGE, serial: 4 } })).toEqual({
      written: true,
    });
    expect((JSON.parse(await readFile(statePath, 'utf8')) as { version: number }).version).toBe(2);
    expect((await readState(statePath)).state).toEqual(s2);
    expect(await readFile(`${statePath}.backup`, 'utf8')).toBe(v1);
    expect(await readFile(`${statePath}.v1.backup`, 'utf8')).toBe(v1);

    // The version-1 copy is never overwritten by later writes.
    await writeState(statePath, withOneChange(s2, 3, 'Again'), { expected: { lineage: LINEAGE, serial: 5 } });
    expect(await readFile(`${statePath}.v1.backup`, 'utf8')).toBe(v1);
  });

  it('migrates under the same serial when the content did not change', async () => {
    const s1 = makeState(4, 10);
    await mkdir(path.dirname(statePath), { recursive: true });
    await writeFile(statePath, serializeState(s1));
    expect(await writeState(statePath, s1, { expected: { lineage: LINEAGE, serial: 4 } })).toEqual({
      written: true,
    });
    expect((await readState(statePath)).state).toEqual(s1);
    // A changed content under the same serial is still refused.
    await writeFile(statePath, serializeState(s1));
    const error = await stateError(
      writeState(statePath, withOneChange({ ...s1, serial: 3 }, 1, 'x'), {
        expected: { lineage: LINEAGE, serial: 4 },
      }),
    );
    expect(error.message).toContain('without a higher serial');
  });
});

describe('a hand-edited shard is validated in full', () => {
  beforeEach(async () => {
    await writeState(statePath, makeState(1, 100), { expected: null });
  });

  it('a valid edit is read (the stale digest only means "check it")', async () => {
    const file = await shardHolding('images', guid(5));
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"title":"Image 5"', '"title":"Edited by hand"'));
    const { state } = await readState(statePath);
    expect(state!.images[guid(5)]!.applied.title).toBe('Edited by hand');
  });

  it.each([
    [
      'a title too long',
      (t: string) => t.replace('"title":"Image 5"', `"title":"${'x'.repeat(300)}"`),
      /invalid at \/entries\/[0-9a-f-]+\/applied\/title: must NOT have more than 256 characters/,
    ],
    [
      'a duplicate key',
      (t: string) => t.replace(/\n("[0-9a-f-]+":)(.*),\n/, '\n$1$2,\n$1$2,\n'),
      /not valid JSON: duplicate key/,
    ],
    ['cut short', (t: string) => t.slice(0, t.length / 2), /not valid JSON: unexpected end of JSON/],
    [
      'a merge conflict',
      (t: string) => t.replace('\n', '\n<<<<<<< HEAD\n'),
      /merge conflict marker at line 2/,
    ],
    [
      'an unknown property',
      (t: string) => t.replace('"source":', '"account":"x","source":'),
      /must NOT have additional properties \("account"\)/,
    ],
  ])('%s is refused, naming the shard', async (_name, edit, message) => {
    const file = await shardHolding('images', guid(5));
    await writeFile(file, edit(await readFile(file, 'utf8')));
    const error = await stateError(readState(statePath));
    expect(error.kind).toBe('state');
    expect(error.message).toMatch(message);
    expect(error.message).toContain(file);
    expect(error.hint).toMatch(/git checkout/);
  });

  it('an image moved into the wrong shard is refused', async () => {
    // An image sits in the shard of its image file: one that names another file (whose path
    // places it in another shard) is in the wrong one.
    const file = await shardHolding('images', guid(5));
    const text = await readFile(file, 'utf8');
    const line = text.split('\n').find((l) => l.startsWith(`"${guid(5)}"`))!;
    const here = imageShardKey(guid(5), 'images/set-1.yaml')[0];
    const elsewhere = Array.from({ length: 50 }, (_, k) => `images/other-${k}.yaml`).find(
      (p) => imageShardKey(guid(5), p)[0] !== here,
    )!;
    await writeFile(file, text.replace(line, line.replace('"images/set-1.yaml"', JSON.stringify(elsewhere))));
    const error = await stateError(readState(statePath));
    expect(error.message).toMatch(/holds "[0-9a-f-]+", which belongs in the shard for "[0-9a-f]"/);
  });

  it('a removed image is noticed (the manifest counts them)', async () => {
    const file = await shardHolding('images', guid(5));
    const lines = (await readFile(file, 'utf8')).split('\n');
    const at = lines.findIndex((l) => l.startsWith(`"${guid(5)}"`));
    lines.splice(at, 1);
    if (!lines[at - 1]!.startsWith('{') && lines[at]!.startsWith('}'))
      lines[at - 1] = lines[at - 1]!.replace(/,$/, '');
    await writeFile(file, lines.join('\n'));
    const error = await stateError(readState(statePath));
    expect(error.message).toMatch(
      /the state shard .*images-[0-9a-f]-[0-9a-f]{16}\.json holds \d+ entries but the state .* lists \d+ for it/,
    );
  });

  it('a manifest whose total disagrees with its shard counts is refused before any shard is read', async () => {
    const manifest = await readFile(statePath, 'utf8');
    const at = manifest.indexOf('"images"');
    const edited = manifest.slice(0, at) + manifest.slice(at).replace('"count": 100', '"count": 101');
    expect(edited).not.toBe(manifest);
    await writeFile(statePath, edited);
    const error = await stateError(readState(statePath));
    expect(error.message).toMatch(
      /lists 101 images in \d+ shards, but its shard counts add up to 100 in \d+/,
    );
  });

  it('a missing shard is an error, never "no state"', async () => {
    await unlink(await shardHolding('images', guid(5)));
    const error = await stateError(readState(statePath));
    expect(error.message).toMatch(/names the shard .*images-[0-9a-f]-[0-9a-f]{16}\.json, which is missing/);
  });

  it('a hand-edited manifest has every shard validated in full', async () => {
    const file = await shardHolding('images', guid(5));
    const text = await readFile(file, 'utf8');
    // A shard whose digest still matches, but whose manifest is no longer sealed: a bad date
    // in it must still be found.
    await writeFile(file, text.replace('2026-11-27T10:00:00.000Z', '2026-02-30T10:00:00.000Z'));
    const digest = `sha256:${createHash('sha256')
      .update(await readFile(file))
      .digest('hex')}`;
    const manifest = await readFile(statePath, 'utf8');
    const prefix = /images-([0-9a-f]+)-/.exec(path.basename(file))![1]!;
    const renamed = path.join(shards, `images-${prefix}-${digest.slice(7, 23)}.json`);
    await writeFile(renamed, await readFile(file));
    // In the images set (the files set may use the same prefix).
    const at = manifest.indexOf('"images"');
    const edited =
      manifest.slice(0, at) +
      manifest
        .slice(at)
        .replace(new RegExp(`"${prefix}": "sha256:[0-9a-f]{64}"`), `"${prefix}": "${digest}"`);
    expect(edited).not.toBe(manifest);
    await writeFile(statePath, edited);
    const error = await stateError(readState(statePath));
    expect(error.message).toMatch(/applied_at: must match format "date-time"/);
  });
});

describe('a crash at the commit point', () => {
  it('leaves the old state whole; the next write goes through and removes the unused shards', async () => {
    const s1 = makeState(1, 500);
    await writeState(statePath, s1, { expected: null });
    const before = await readFile(statePath);
    const firstShards = await shardFiles();

    // The process dies as it renames the manifest: nothing after that point runs.
    class Killed extends Error {}
    const dying: FsShim = {
      ...nodeFs,
      rename: (from, to) =>
        to === statePath ? Promise.reject(new Killed('killed')) : nodeFs.rename(from, to),
      unlink: (p) => (p.includes('.tmp-') ? Promise.resolve() : nodeFs.unlink(p)),
    };
    const s2 = withOneChange(s1, 9, 'Never committed');
    await expect(
      writeState(statePath, s2, { expected: { lineage: LINEAGE, serial: 1 }, fs: dying }),
    ).rejects.toThrow();
    expect(await readFile(statePath)).toEqual(before);
    expect((await readState(statePath)).state).toEqual(s1);
    const orphan = (await shardFiles()).filter((f) => !firstShards.includes(f) && !f.includes('.tmp-'));
    expect(orphan).toHaveLength(1);

    const s3 = withOneChange(s1, 9, 'Committed');
    await writeState(statePath, s3, { expected: { lineage: LINEAGE, serial: 1 } });
    expect((await readState(statePath)).state).toEqual(s3);
    expect(await shardFiles()).not.toContain(orphan[0]);
  });
});

describe('sizes', () => {
  it('no file over 1 MB for 20k images with 2,000-character descriptions (prefix split)', async () => {
    const state = makeState(1, 20_000, { description: 'd'.repeat(2000), files: 20 });
    await writeState(statePath, state, { expected: null });
    const sizes = await Promise.all(
      (await shardFiles()).map(async (f) => (await stat(path.join(shards, f))).size),
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(SHARD_TARGET_BYTES);
    expect((await stat(statePath)).size).toBeLessThan(64 * 1024);
  });
});

describe('a plan reads only the image shards the files it parses need', () => {
  /** 4 image files of 500 images; set-1 changed (parsed), the others skipped. */
  async function written(description?: string): Promise<State> {
    const state = makeState(1, 2000, { files: 4, ...(description ? { description } : {}) });
    await writeState(statePath, state, { expected: null });
    return state;
  }
  const skippedBut = (state: State, parsed: string) =>
    Object.entries(state.files)
      .filter(([p]) => p !== parsed)
      .map(([p, entry]) => ({ path: p, guids: entry.guids }));

  it('reads the shards of the parsed file, every image of it, and counts every image', async () => {
    const state = await written();
    const staged = (await readStateStaged(statePath))!;
    expect(staged.files).toEqual(state.files);
    const manifest = JSON.parse(await readFile(statePath, 'utf8')) as {
      images: { shards: Record<string, string> };
      files: { shards: Record<string, string> };
    };
    const imageShards = Object.keys(manifest.images.shards).length;
    const fileShards = Object.keys(manifest.files.shards).length;
    const read = await staged.images(skippedBut(state, 'images/set-1.yaml'));
    expect(read.tracked).toBe(2000);
    for (const g of state.files['images/set-1.yaml']!.guids)
      expect(read.state.images[g]).toEqual(state.images[g]);
    // Only the shards set-1's images are in (one here: its path's digit), besides the files.
    const own = new Set(
      state.files['images/set-1.yaml']!.guids.map((g) => imageShardKey(g, 'images/set-1.yaml')[0]),
    );
    expect(read.shardsRead).toBe(fileShards + own.size);
    expect(read.shardsRead).toBeLessThan(fileShards + imageShards);
  });

  it('the prefix taken without building the key is the key’s', () => {
    for (let k = 0; k < 200; k++) {
      for (let n = 1; n <= 4; n++) {
        const source = `images/set-${k % 7}.yaml`;
        expect(imageShardPrefix(guid(k), source, n)).toBe(imageShardKey(guid(k), source).slice(0, n));
      }
    }
  });

  it.each([
    ['one shard per file (prefix 1)', undefined],
    ['files split by guid (2,000-character descriptions, prefix 3)', 'x'.repeat(2000)],
  ])('plans exactly as with the whole state: %s', async (_name, description) => {
    const state = await written(description);
    const prefix = (JSON.parse(await readFile(statePath, 'utf8')) as { images: { prefix: number } }).images
      .prefix;
    expect(prefix).toBe(description ? 3 : 1);
    const changed = state.files['images/set-1.yaml']!.guids;
    const desired = {
      // set-1 parsed again with one title edited and one image removed; set-3 deleted.
      images: changed.slice(1).map((g, k) => ({
        guid: g,
        file: 'images/set-1.yaml',
        line: k + 3,
        fields: k === 0 ? { ...state.images[g]!.applied, title: 'Edited' } : state.images[g]!.applied,
      })),
      files: [
        {
          path: 'images/set-0.yaml',
          hash: 'x',
          guids: state.files['images/set-0.yaml']!.guids,
          skipped: true,
        },
        { path: 'images/set-1.yaml', hash: 'y', guids: changed.slice(1), skipped: false },
        {
          path: 'images/set-2.yaml',
          hash: 'z',
          guids: state.files['images/set-2.yaml']!.guids,
          skipped: true,
        },
      ],
    };
    const staged = (await readStateStaged(statePath))!;
    const partial = await staged.images(desired.files.filter((f) => f.skipped));
    expect(Object.keys(partial.state.images).length).toBeLessThan(2000);
    const whole = planChanges({ desired, state, maxChangePercent: 100 });
    const fromPartial = planChanges({
      desired,
      state: partial.state,
      tracked: partial.tracked,
      maxChangePercent: 100,
    });
    expect(fromPartial).toEqual(whole);
    expect(whole.summary).toMatchObject({ update: 1, forget: 501 });
  });

  it('a hand-edited state offers no file to skip, so every shard is read', async () => {
    const state = await written();
    const file = await shardHolding('files', 'images/set-0.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(`"sha256:${'b'.repeat(64)}"`, `"sha256:${'c'.repeat(64)}"`),
    );
    const staged = (await readStateStaged(statePath))!;
    expect(staged.files).toEqual({});
    const read = await staged.images(skippedBut(state, 'images/set-1.yaml'));
    expect(Object.keys(read.state.images)).toHaveLength(2000);
  });
});

describe('a write after a read serializes only the shards whose entries changed', () => {
  it('names an unchanged shard by the digest it was read with, and rebuilds a changed one', () => {
    const images = makeState(1, 400).images;
    const built = buildShards('images', images, 1);
    // What a read of those shards would remember, with the digest of one of them replaced: if
    // the write serialized that shard again, the real digest would come back.
    const [first, second] = built.shards;
    const read: ReadShardSet = { prefix: 1, shards: new Map() };
    for (const shard of built.shards) {
      const entries = (JSON.parse(shard.bytes!.toString('utf8')) as { entries: Record<string, unknown> })
        .entries;
      const keys = Object.keys(entries);
      read.shards.set(shard.prefix, {
        digest: shard === first ? `sha256:${'f'.repeat(64)}` : shard.digest,
        lineBytes: 1000,
        keys,
        entries: keys.map((k) => images[k]),
      });
    }
    const again = buildShards('images', images, 1, read);
    expect(again.set.shards[first!.prefix]).toBe(`sha256:${'f'.repeat(64)}`);
    expect(again.shards.find((s) => s.prefix === first!.prefix)!.bytes).toBeNull();

    // The same content in a new object is a changed entry: serialized, with its real digest.
    const g = Object.keys(images).find((k) => read.shards.get(second!.prefix)!.keys.includes(k))!;
    const copy = { ...images, [g]: { ...images[g]! } };
    const rebuilt = buildShards('images', copy, 1, read);
    expect(rebuilt.set.shards[second!.prefix]).toBe(second!.digest);
    expect(rebuilt.shards.find((s) => s.prefix === second!.prefix)!.bytes).not.toBeNull();
  });

  it('writes the bytes a write from scratch writes', async () => {
    const s1 = makeState(1, 3000);
    await writeState(statePath, s1, { expected: null });
    const { state: read } = await readState(statePath);
    const s2 = withOneChange(read!, 11, 'Changed after a read');
    await writeState(statePath, s2, { expected: { lineage: LINEAGE, serial: 1 } });

    const fresh = path.join(dir, 'fresh', 'state.json');
    await writeState(fresh, withOneChange(s1, 11, 'Changed after a read'), { expected: null });
    expect(await readFile(statePath, 'utf8')).toBe(await readFile(fresh, 'utf8'));
    expect((await readState(statePath)).state).toEqual((await readState(fresh)).state);
  });
});
