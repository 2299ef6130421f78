// The version-2 state layout: a small manifest (the file named in the config) and shards next
// to it in `<name>.shards/`, each named by the sha256 of its bytes. See docs/state.md.
//
// Why shards: one file of every image grew to ~470 bytes per image (47 MB at 100k images, far
// more with long descriptions), was rewritten whole by every apply, and passed the 100 MB
// GitHub refuses. Here an apply that changes one image writes one image shard, the shard of
// its image file's entry, and the manifest. A shard is content-addressed, so writing it never
// touches a file the current manifest names: the manifest's rename is the one commit point.
//
// This module only builds and checks bytes; state-store.ts does the reading and writing.

import { createHash } from 'node:crypto';
import * as nodePath from 'node:path';
import { compareCodeUnits, sortKeys } from '../core/canonical.js';
import type { StateFileEntry, StateImage } from '../core/types.js';
import { shardFolderName } from '../core/state-files.js';

export const SHARDED_VERSION = 2;

export type ShardKind = 'images' | 'files';

export interface ShardSet {
  /** How many hex digits of the key choose the shard. */
  prefix: number;
  /** Entries over all shards: a lost or swapped shard cannot go unnoticed. */
  count: number;
  /** Key prefix → `sha256:<hex>` of the shard file's bytes. */
  shards: Record<string, string>;
  /**
   * Key prefix → entries in that shard. A plan that parses few image files reads only the
   * image shards whose count its skipped files do not account for (readStateForPlan).
   */
  counts: Record<string, number>;
}

export interface Manifest {
  version: 2;
  lineage: string;
  serial: number;
  images: ShardSet;
  files: ShardSet;
}

/** One shard, serialized; `bytes` null: the shard a read found, unchanged and still on disk. */
export interface BuiltShard {
  kind: ShardKind;
  prefix: string;
  /** The keys of its entries, in order. */
  keys: readonly string[];
  bytes: Buffer | null;
  digest: string;
}

/**
 * A shard as a read found it (sealed, its digest checked): its entries, in order, and the
 * size its lines count for when choosing the prefix. A write whose record holds these very
 * objects under these keys names the same file again without serializing or hashing it, so an
 * apply that changes one image of 100k rebuilds one shard, not every one. State entries are
 * values: nextState makes a new object for every entry it changes, never edits one in place.
 */
export interface ReadShard {
  digest: string;
  lineBytes: number;
  keys: string[];
  entries: unknown[];
}

/** Per state path and kind: the prefix length and the shards read at it (one process's reads). */
const readShardsByPath = new Map<string, { images?: ReadShardSet; files?: ReadShardSet }>();
export interface ReadShardSet {
  prefix: number;
  shards: Map<string, ReadShard>;
}

export function rememberReadShard(
  statePath: string,
  kind: ShardKind,
  prefixLength: number,
  prefix: string,
  bytes: Uint8Array,
  digest: string,
  entries: Record<string, unknown>,
): void {
  let byKind = readShardsByPath.get(statePath);
  if (!byKind) readShardsByPath.set(statePath, (byKind = {}));
  let set = byKind[kind];
  if (!set || set.prefix !== prefixLength) set = byKind[kind] = { prefix: prefixLength, shards: new Map() };
  const keys = Object.keys(entries);
  // The file is the header line, the entry lines joined by ",\n", and "\n}}\n"; each line
  // counts its bytes plus 2, as buildShards counts them.
  const frame = shardHeader(kind, prefix).length + 1 + 4;
  const lineBytes = bytes.byteLength - frame - 2 * Math.max(0, keys.length - 1) + 2 * keys.length;
  set.shards.set(prefix, { digest, lineBytes, keys, entries: keys.map((k) => entries[k]) });
}

/** The shards read from `statePath` that its manifest still names (the only ones to reuse). */
export function readShardsFor(
  statePath: string,
  kind: ShardKind,
  current: ShardSet | null,
): ReadShardSet | null {
  const set = readShardsByPath.get(statePath)?.[kind];
  if (!set || !current || current.prefix !== set.prefix) return null;
  const shards = new Map<string, ReadShard>();
  for (const [prefix, shard] of set.shards)
    if (current.shards[prefix] === shard.digest) shards.set(prefix, shard);
  return { prefix: set.prefix, shards };
}

function shardHeader(kind: ShardKind, prefix: string): string {
  return `{"version":${SHARDED_VERSION},"kind":"${kind}","prefix":"${prefix}","entries":{`;
}

/**
 * A shard grows to about this size before its set is split by one more hex digit (16 times as
 * many shards). It bounds what one changed image rewrites, and keeps every file far below the
 * 50 MB GitHub warns about: 100k images with 2,000-character descriptions are ~230 MB, which
 * 4,096 shards of ~60 KB hold.
 */
export const SHARD_TARGET_BYTES = 512 * 1024;
const MAX_PREFIX = 4;

/**
 * `.fwsync/state.json` → `.fwsync/state.shards` (the folder of its shards). The backup
 * (`state.json.backup`, the previous manifest) shares the folder: its shards are kept.
 */
export function shardDir(statePath: string): string {
  return nodePath.join(nodePath.dirname(statePath), shardFolderName(nodePath.basename(statePath)));
}

/** shardDir with forward slashes: a repository path (git, the contents API). */
export function posixShardDir(statePath: string): string {
  return shardDir(statePath).split(nodePath.sep).join('/');
}

/** `images-3a-<first 16 hex digits of its sha256>.json`. */
export function shardFileName(kind: ShardKind, prefix: string, digest: string): string {
  return `${kind}-${prefix}-${digest.slice('sha256:'.length, 'sha256:'.length + 16)}.json`;
}

/** Names a shard file may have; anything else in the folder is left alone. */
export const SHARD_FILE_RE = /^(images|files)-[0-9a-f]{1,4}-[0-9a-f]{16}\.json$/;

/**
 * The hex string whose first digits place an entry. A file entry: the sha256 of its path. An
 * image: two hex digits of the sha256 of its image file's path, then its guid's hex digits. So
 * an image file's images share one shard (or, once the set splits past two digits, a few
 * shards of their own), and a plan that parses one changed file needs only the shards of that
 * file; the guid digits still split a file too large for one shard.
 */
export function shardKey(kind: ShardKind, key: string, entry: unknown): string {
  if (kind === 'files') return sha256Hex(key);
  const source = (entry as Partial<StateImage> | null)?.source;
  return imageShardKey(key, typeof source === 'string' ? source : '');
}

export function imageShardKey(guid: string, source: string): string {
  return `${sourceDigits(source)}${guid.replaceAll('-', '')}`;
}

/**
 * The first `length` digits of imageShardKey without building it: up to two come from the
 * path alone (the same for every image of a file), the next from the guid's first group of 8.
 */
export function imageShardPrefix(guid: string, source: string, length: number): string {
  const digits = sourceDigits(source);
  return length <= 2 ? digits.slice(0, length) : digits + guid.slice(0, Math.min(length - 2, 8));
}

// 100k images name about as many files as a catalogue has: hash each path once.
const sourceCache = new Map<string, string>();
function sourceDigits(source: string): string {
  let digits = sourceCache.get(source);
  if (digits === undefined) {
    if (sourceCache.size > 100_000) sourceCache.clear();
    digits = sha256Hex(source).slice(0, 2);
    sourceCache.set(source, digits);
  }
  return digits;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Splits a record into shards, entries sorted by key, one entry per line (a changed image is a
 * one-line diff). `minPrefix` is the current manifest's: the prefix only grows, so a state that
 * shrinks does not rewrite every shard back and forth around a threshold.
 */
export function buildShards(
  kind: ShardKind,
  record: Readonly<Record<string, StateImage | StateFileEntry>>,
  minPrefix: number,
  read: ReadShardSet | null = null,
): { set: ShardSet; shards: BuiltShard[] } {
  const keys = Object.keys(record).sort(compareCodeUnits);
  const start = Math.min(Math.max(1, minPrefix), MAX_PREFIX);
  if (read && read.prefix === start) {
    const reused = reuseShards(kind, record, keys, start, read);
    if (reused) return reused;
  }
  const lines = keys.map((key) => {
    const line = entryLine(key, record[key]);
    return { key, at: shardKey(kind, key, record[key]), line, bytes: Buffer.byteLength(line, 'utf8') + 2 };
  });

  let prefix = start;
  while (prefix < MAX_PREFIX && largestShard(lines, prefix) > SHARD_TARGET_BYTES) prefix += 1;

  const groups = groupByPrefix(lines, (l) => l.at.slice(0, prefix));
  const shards = [...groups].map(([p, group]) =>
    serializeShard(
      kind,
      p,
      group.map((l) => l.key),
      group.map((l) => l.line),
    ),
  );
  return { set: shardSetOf(prefix, keys.length, shards), shards };
}

/** One line of a shard: `"key":{…}`, the entry with sorted keys. */
function entryLine(key: string, entry: unknown): string {
  return `${JSON.stringify(key)}:${JSON.stringify(sortKeys(entry))}`;
}

/** Items grouped by prefix, in prefix order; each group keeps the items' order. */
function groupByPrefix<T>(items: readonly T[], prefixOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const p = prefixOf(item);
    const group = groups.get(p);
    if (group) group.push(item);
    else groups.set(p, [item]);
  }
  return new Map([...groups].sort(([a], [b]) => compareCodeUnits(a, b)));
}

function shardSetOf(prefix: number, count: number, shards: readonly BuiltShard[]): ShardSet {
  const digests: Record<string, string> = {};
  const counts: Record<string, number> = {};
  for (const shard of shards) {
    digests[shard.prefix] = shard.digest;
    counts[shard.prefix] = shard.keys.length;
  }
  return { prefix, count, shards: digests, counts };
}

function serializeShard(
  kind: ShardKind,
  prefix: string,
  keys: readonly string[],
  lines: readonly string[],
): BuiltShard {
  const bytes = Buffer.from(`${shardHeader(kind, prefix)}\n${lines.join(',\n')}\n}}\n`, 'utf8');
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  return { kind, prefix, keys, bytes, digest };
}

/**
 * buildShards at the prefix the read had, serializing only the shards whose entries are not
 * the ones read; null when a shard would pass the target size (the prefix must grow, and
 * buildShards then builds every shard).
 */
function reuseShards(
  kind: ShardKind,
  record: Readonly<Record<string, StateImage | StateFileEntry>>,
  keys: readonly string[],
  prefix: number,
  read: ReadShardSet,
): { set: ShardSet; shards: BuiltShard[] } | null {
  const groups = groupByPrefix(keys, (key) => shardKey(kind, key, record[key]).slice(0, prefix));
  const shards: BuiltShard[] = [];
  for (const [p, group] of groups) {
    const known = read.shards.get(p);
    if (
      known &&
      known.keys.length === group.length &&
      group.every((key, i) => known.keys[i] === key && known.entries[i] === record[key])
    ) {
      if (known.lineBytes > SHARD_TARGET_BYTES && prefix < MAX_PREFIX) return null;
      shards.push({ kind, prefix: p, keys: group, bytes: null, digest: known.digest });
      continue;
    }
    const lines = group.map((key) => entryLine(key, record[key]));
    const size = lines.reduce((sum, line) => sum + Buffer.byteLength(line, 'utf8') + 2, 0);
    if (size > SHARD_TARGET_BYTES && prefix < MAX_PREFIX) return null;
    shards.push(serializeShard(kind, p, group, lines));
  }
  return { set: shardSetOf(prefix, keys.length, shards), shards };
}

function largestShard(lines: ReadonlyArray<{ at: string; bytes: number }>, prefix: number): number {
  const sizes = new Map<string, number>();
  let largest = 0;
  for (const { at, bytes } of lines) {
    const p = at.slice(0, prefix);
    const size = (sizes.get(p) ?? 0) + bytes;
    sizes.set(p, size);
    if (size > largest) largest = size;
  }
  return largest;
}

/** Every shard file a manifest names, as file names inside its shard folder. */
export function manifestShardFiles(manifest: Manifest): string[] {
  return manifestShards(manifest).map((s) => s.file);
}

/** Every shard a manifest names: its file name and the `sha256:` its bytes must have. */
export function manifestShards(manifest: Manifest): Array<{ file: string; digest: string }> {
  const out: Array<{ file: string; digest: string }> = [];
  for (const kind of ['images', 'files'] as const) {
    for (const [prefix, digest] of Object.entries(manifest[kind].shards)) {
      out.push({ file: shardFileName(kind, prefix, digest), digest });
    }
  }
  return out;
}

/**
 * The shards a manifest's text names, read loosely (no seal or schema check: the state store
 * does that when the state is read). Empty for a version-1 state, which has no shards, and for
 * text that is not a manifest at all, which the state store then reports.
 */
export function shardsNamedBy(text: string | null): Array<{ file: string; digest: string }> {
  if (text === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const m = value as Partial<Manifest> | null;
  if (typeof m !== 'object' || m === null || m.version !== SHARDED_VERSION) return [];
  const setOk = (set: unknown) =>
    typeof set === 'object' &&
    set !== null &&
    typeof (set as ShardSet).shards === 'object' &&
    (set as ShardSet).shards !== null &&
    Object.values((set as ShardSet).shards).every((d) => typeof d === 'string' && d.startsWith('sha256:'));
  if (!setOk(m.images) || !setOk(m.files)) return [];
  return manifestShards(m as Manifest).filter((s) => SHARD_FILE_RE.test(s.file));
}
