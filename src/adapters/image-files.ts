// Reads the image files: glob, size cap, hash (and skip files the state says are unchanged),
// strict UTF-8, then the YAML (yaml/parse-images.ts), and finally guids repeated across files.

import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { FwsyncError } from '../errors.js';
import { sha256 } from '../core/canonical.js';
import type { DesiredImage, DesiredSet, Issue, SourceFile, StateFileEntry } from '../core/types.js';
import type { GuidPlace, Position } from '../core/validate-images.js';
import { sortIssues } from '../core/issues.js';
import { duplicateGuidIssues, toDesiredImages } from '../core/validate-images.js';
import { invalidUtf8Offset, lineColOfByte } from './utf8.js';
import { parseImagesText } from './yaml/parse-images.js';

/** Per-file byte cap. A realistic file of 1,000 images is ~150 KB; 10,000 (the schema's cap) ~1.5 MB. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
interface FileResult {
  source: SourceFile;
  images: DesiredImage[];
  issues: Issue[];
}

/** Reads, decodes and parses one file. `rel` is the posix path relative to cwd. */
export async function readImageFile(
  cwd: string,
  rel: string,
  stateEntry: StateFileEntry | undefined,
): Promise<FileResult> {
  const fail = (
    code: string,
    message: string,
    hint: string | undefined,
    hash = '',
    p: Position = { line: 1, column: 1 },
  ): FileResult => ({
    source: { path: rel, hash, guids: [], skipped: false },
    images: [],
    issues: [{ file: rel, line: p.line, column: p.column, code, message, ...(hint ? { hint } : {}) }],
  });
  const abs = path.resolve(cwd, rel);
  let bytes: Uint8Array;
  try {
    // stat first so that a huge file is refused without reading it
    const info = await stat(abs);
    if (info.size > MAX_FILE_BYTES)
      return fail('file-too-large', tooLarge(info.size), 'split the images over several files');
    bytes = await readFile(abs);
  } catch (error: unknown) {
    const code = (error as { code?: unknown }).code;
    return fail(
      'file-unreadable',
      `the file cannot be read${typeof code === 'string' ? ` (${code})` : ''}`,
      undefined,
    );
  }
  if (bytes.byteLength > MAX_FILE_BYTES)
    return fail('file-too-large', tooLarge(bytes.byteLength), 'split the images over several files');

  const hash = sha256(bytes);
  if (stateEntry && stateEntry.hash === hash) {
    // Unchanged since every image in it was confirmed: its images are unchanged by construction.
    return {
      // The state schema only admits lower-case guids, so the entry's strings are used as they are.
      source: { path: rel, hash, guids: stateEntry.guids, skipped: true },
      images: [],
      issues: [],
    };
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = invalidUtf8Offset(bytes);
    return fail(
      'file-encoding',
      `the file is not valid UTF-8 (byte offset ${offset < 0 ? 'unknown' : offset})`,
      'save the file as UTF-8',
      hash,
      offset < 0 ? undefined : lineColOfByte(bytes, offset),
    );
  }

  const parsed = parseImagesText(text, rel);
  if (!parsed.ok)
    return { source: { path: rel, hash, guids: [], skipped: false }, images: [], issues: parsed.issues };
  const images = toDesiredImages(parsed.data, rel, parsed.imageLines);
  return {
    source: { path: rel, hash, guids: images.map((i) => i.guid), skipped: false },
    images,
    issues: [],
  };
}

/**
 * `duplicateGuidIssues` over every guid of every file, skipped files included, with the same
 * issues in the same order. A guid's first place is remembered as a number (file index and
 * position) and turned into a place only when the guid comes again: one object per image was
 * most of the cost of this check on a 100k-image repository. Guids are lower-case here already
 * (toDesiredImages and the skipped path lower-case them).
 */
function repeatedGuidIssues(results: readonly FileResult[]): Issue[] {
  const placeOf = (f: number, k: number): GuidPlace => {
    const r = results[f]!;
    if (r.source.skipped) return { guid: r.source.guids[k]!, file: r.source.path, line: null };
    const image = r.images[k]!;
    return { guid: image.guid, file: image.file, line: image.line };
  };
  const first = new Map<string, number>();
  const issues: Issue[] = [];
  for (let f = 0; f < results.length; f++) {
    const r = results[f]!;
    const count = r.source.skipped ? r.source.guids.length : r.images.length;
    for (let k = 0; k < count; k++) {
      const guid = r.source.skipped ? r.source.guids[k]! : r.images[k]!.guid;
      const seen = first.get(guid);
      if (seen === undefined) first.set(guid, f * PER_FILE + k);
      else
        issues.push(
          ...duplicateGuidIssues([placeOf(Math.floor(seen / PER_FILE), seen % PER_FILE), placeOf(f, k)]),
        );
    }
  }
  return issues;
}
/**
 * A skipped file knows its guids but not their lines. When one of its guids is repeated, it is
 * parsed after all (in place in `results`), so that the duplicate names a line in both files.
 * Rare (the run stops on the duplicate anyway), so the simple pass is fine. True if any was.
 */
async function parseSkippedDuplicates(cwd: string, results: FileResult[]): Promise<boolean> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const r of results) {
    for (const guid of r.source.skipped ? r.source.guids : r.images.map((i) => i.guid)) {
      if (seen.has(guid)) repeated.add(guid);
      seen.add(guid);
    }
  }
  let parsed = false;
  for (let f = 0; f < results.length; f++) {
    const r = results[f]!;
    if (!r.source.skipped || !r.source.guids.some((g) => repeated.has(g))) continue;
    results[f] = await readImageFile(cwd, r.source.path, undefined);
    parsed = true;
  }
  return parsed;
}

/** Above the guids one file may hold (the schemas cap both lists at 10,000). */
const PER_FILE = 2 ** 20;

function tooLarge(size: number): string {
  return `the file is too large (${size} bytes; at most ${MAX_FILE_BYTES})`;
}

export interface ReadDesiredOptions {
  cwd: string;
  patterns: string[];
  /** The state's `files`: a file whose hash matches is not parsed. */
  stateFiles?: Record<string, StateFileEntry> | null;
  /** Where the patterns came from, for issues about a pattern (default: the pattern itself). */
  configFile?: string;
  /** More matched files than this is an error (safety.max_image_files). */
  maxFiles?: number;
}

const DEFAULT_MAX_FILES = 10_000;

/**
 * The matched files whose real path is inside the working directory. A symbolic link that leads
 * out of it is an error naming the link; its target is never read.
 */
async function insideWorkingDirectory(cwd: string, rels: string[], issues: Issue[]): Promise<string[]> {
  const root = await realpath(cwd);
  // The glob follows no link, so a matched file is never one itself: only a folder on its way
  // (a pattern's fixed part) can lead elsewhere. One realpath per folder, not per file.
  const folders = new Map<string, Promise<string | null>>();
  const realFolder = (dir: string): Promise<string | null> => {
    let real = folders.get(dir);
    if (real === undefined) {
      real = realpath(path.join(cwd, dir)).catch(() => null);
      folders.set(dir, real);
    }
    return real;
  };
  const kept: string[] = [];
  for (const rel of rels) {
    const folder = await realFolder(path.posix.dirname(rel));
    const real = folder === null ? null : path.join(folder, path.posix.basename(rel));
    if (real !== null && (real === root || real.startsWith(root + path.sep))) {
      kept.push(rel);
      continue;
    }
    issues.push({
      file: rel,
      line: 1,
      column: 1,
      code: 'path-outside',
      message:
        real === null
          ? 'a symbolic link whose target does not exist; it is not read'
          : 'a symbolic link to a file outside the working directory; it is not read',
      hint: 'image files must live inside the repository: replace the link with the file itself',
    });
  }
  return kept;
}

/**
 * Symbolic links the globs would reach that lead out of the working directory. The glob does not
 * follow links (a link to `/` would walk the whole disk), so they are looked for here, one
 * folder listing per folder under the patterns' fixed part: a matching link to a file, or a
 * link to a folder the patterns reach into, is an error naming the link. Targets are never read.
 */
async function escapingLinks(cwd: string, patterns: readonly string[]): Promise<Issue[]> {
  const { glob } = await import('tinyglobby');
  const picomatch = (await import('picomatch')).default;
  const root = await realpath(cwd);
  const matches = picomatch([...patterns], { dot: false });
  const issues: Issue[] = [];
  // `images/**/*.yaml` and `images/**/*.yml` share their fixed part: each folder is listed once.
  const bases = [...new Set(patterns.map((pattern) => picomatch.scan(pattern).base))];
  const dirs = new Set<string>(['']);
  for (const base of bases) {
    const under = await glob(base === '' ? '**' : `${base}/**`, {
      cwd,
      onlyDirectories: true,
      followSymbolicLinks: false,
      expandDirectories: false,
    });
    for (const dir of [base, ...under.map((d) => d.replace(/\/$/, ''))]) dirs.add(dir);
  }
  for (const dir of dirs) {
    const entries = await readdir(path.join(cwd, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isSymbolicLink()) continue;
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      const real = await realpath(path.join(cwd, rel)).catch(() => null);
      if (real !== null && (real === root || real.startsWith(root + path.sep))) continue;
      // A link is reached when it matches itself, or when a pattern could match below it.
      if (!matches(rel) && !matches(`${rel}/x.yaml`) && !matches(`${rel}/x/x.yaml`)) continue;
      issues.push({
        file: rel,
        line: 1,
        column: 1,
        code: 'path-outside',
        message: 'a symbolic link to a place outside the working directory; it is not read',
        hint: 'image files must live inside the repository: replace the link with the files themselves',
      });
    }
  }
  return issues;
}

/** Every image file matched by `patterns`: the desired images and every problem found. */
export async function readDesired(
  opts: ReadDesiredOptions,
): Promise<{ desired: DesiredSet; issues: Issue[] }> {
  const { glob } = await import('tinyglobby');
  const issues: Issue[] = [];
  const matched = new Set<string>();

  // `images/**/*.yaml` and `images/**/*.yml` are alternatives: only both empty is a problem.
  const groups = new Map<string, { patterns: string[]; count: number }>();
  for (const pattern of opts.patterns) {
    const files = await glob(pattern, {
      cwd: opts.cwd,
      dot: false,
      onlyFiles: true,
      expandDirectories: false,
      // A link to a folder elsewhere (`images/root -> /`) is not walked into.
      followSymbolicLinks: false,
    });
    const key = pattern.replace(/\.ya?ml$/i, '.yaml');
    const group = groups.get(key) ?? { patterns: [], count: 0 };
    group.patterns.push(pattern);
    group.count += files.length;
    groups.set(key, group);
    for (const f of files) matched.add(f.split(path.sep).join('/'));
  }
  for (const group of groups.values()) {
    if (group.count > 0) continue;
    issues.push({
      file: opts.configFile ?? group.patterns[0]!,
      line: 1,
      column: 1,
      code: 'glob-no-match',
      message: `${group.patterns.map((p) => `"${p}"`).join(' and ')} ${group.patterns.length > 1 ? 'match' : 'matches'} no file`,
      // Most often met in a new repository: say how to get the first file, not only the globs.
      hint:
        'no image files yet? `fwsync import` writes them from the account (in a new repository, `fwsync init` first), ' +
        'or write one under images/; otherwise check the `images` globs in the config (relative to the working directory)',
    });
  }
  if (opts.patterns.length === 0) {
    issues.push({
      file: opts.configFile ?? '.',
      line: 1,
      column: 1,
      code: 'no-image-files',
      message: 'no image file patterns are configured',
    });
  }

  const maxFiles = opts.maxFiles ?? DEFAULT_MAX_FILES;
  if (matched.size > maxFiles) {
    throw new FwsyncError(
      'input',
      `the image globs match ${matched.size} files, more than safety.max_image_files (${maxFiles})`,
      {
        hint: 'Check the `images` globs in the config; raise safety.max_image_files if the catalogue really has that many files.',
      },
    );
  }
  const paths = await insideWorkingDirectory(opts.cwd, [...matched].sort(), issues);
  issues.push(...(await escapingLinks(opts.cwd, opts.patterns)));
  const results = await mapLimited(paths, READ_CONCURRENCY, (rel) =>
    readImageFile(opts.cwd, rel, opts.stateFiles?.[rel]),
  );
  let duplicates = repeatedGuidIssues(results);
  if (duplicates.length > 0 && (await parseSkippedDuplicates(opts.cwd, results)))
    duplicates = repeatedGuidIssues(results);

  const images: DesiredImage[] = [];
  const files: SourceFile[] = [];
  for (const r of results) {
    files.push(r.source);
    issues.push(...r.issues);
    images.push(...r.images);
  }
  issues.push(...duplicates);

  images.sort((a, b) => (a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0));
  return { desired: { images, files }, issues: sortIssues(issues) };
}

/**
 * Files read at once. Parsing is synchronous, so more reads in flight only keep more file
 * buffers waiting in memory, long enough to be promoted to the old generation, where they stay
 * until a full collection (reading all 100 files of the 100k-image benchmark at once costs
 * ~20 MB of peak RSS); a few keep the disk busy while one file is parsed.
 */
const READ_CONCURRENCY = 4;

/** `Promise.all(items.map(fn))` with at most `limit` calls in flight; results in input order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
