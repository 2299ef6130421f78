// The CPU half of reading one image file: strict UTF-8, the YAML (yaml/parse-images.ts) and the
// desired images. It takes bytes and returns plain data, so that it runs the same in the main
// thread and in a parse worker (parse-pool.ts); reading, sizing and hashing stay in image-files.ts.

import type { DesiredImage, Issue, SourceFile } from '../core/types.js';
import type { Position } from '../core/validate-images.js';
import { toDesiredImages } from '../core/validate-images.js';
import { invalidUtf8Offset, lineColOfByte } from './utf8.js';
import { parseImagesText } from './yaml/parse-images.js';

/** What reading one file gives: plain data only (it crosses from a worker by structured clone). */
export interface FileResult {
  source: SourceFile;
  images: DesiredImage[];
  issues: Issue[];
}

/** A file that yields no images, with one issue about it. */
export function failedFile(
  rel: string,
  code: string,
  message: string,
  hint: string | undefined,
  hash = '',
  p: Position = { line: 1, column: 1 },
): FileResult {
  return {
    source: { path: rel, hash, guids: [], skipped: false },
    images: [],
    issues: [{ file: rel, line: p.line, column: p.column, code, message, ...(hint ? { hint } : {}) }],
  };
}

/** Decodes and parses the bytes of the file `rel` (posix, relative), whose hash is `hash`. */
export function parseImageBytes(bytes: Uint8Array, rel: string, hash: string): FileResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = invalidUtf8Offset(bytes);
    return failedFile(
      rel,
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
