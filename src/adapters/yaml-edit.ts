// Editing image files in place: replace single values, append or remove whole images, and keep
// every other byte of the file — comments, blank lines, key order, quoting and block styles.
//
// The document model (`yaml`) locates each value (its byte range in the text); the edit splices
// a new rendering of that one value into the original text, so nothing else is re-serialised.
// A value keeps its style when the new value can be written in it (plain stays plain, a block
// scalar stays a block scalar) and is double-quoted otherwise. The edited text is read back with
// the reader `plan` uses (parseImagesText) and refused unless it means exactly what was intended.

import equal from 'fast-deep-equal';
import { isMap, isScalar, isSeq, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { fieldsEqual } from '../core/canonical.js';
import type { FieldName, Guid, ImageFields } from '../core/types.js';
import { toDesiredImages } from '../core/validate-images.js';
import { FwsyncError } from '../errors.js';
import { importItemLines, quoteYaml } from '../render/import-yaml.js';
import { parseYamlStrict } from './yaml/strict.js';
import { parseImagesText } from './yaml/parse-images.js';

export interface FieldEdit {
  guid: Guid;
  field: FieldName;
  value: unknown;
}

export interface ImageFileEdits {
  /** Values to replace; the key must be in the file already. */
  set?: readonly FieldEdit[];
  /** Images to add at the end of the `images` sequence, written like `fwsync import` does. */
  append?: ReadonlyArray<{ guid: Guid; fields: ImageFields }>;
  /** Images to take out of the file (lower-case guids). */
  remove?: readonly Guid[];
}

/** Why a file could not be edited in place (the caller may fall back to rewriting it). */
export class YamlEditError extends FwsyncError {
  constructor(message: string, hint: string) {
    super('input', message, { hint });
    this.name = 'YamlEditError';
  }
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

/** The file's text with the edits made in place; throws YamlEditError when that is not possible. */
export function editImagesYaml(text: string, file: string, edits: ImageFileEdits): string {
  const before = parseImagesText(text, file);
  if (!before.ok) {
    throw new YamlEditError(
      `${file} is not a valid image file (${before.issues[0]?.message ?? 'unknown problem'})`,
      'Run `fwsync validate` and fix it first.',
    );
  }
  const strict = parseYamlStrict(text, file);
  if (!strict.ok) throw new YamlEditError(`${file} cannot be read as YAML`, 'Run `fwsync validate`.');
  const images = strict.doc.get('images', true);
  if (!isSeq(images)) throw new YamlEditError(`${file} has no images list`, 'Run `fwsync validate`.');
  const seq = images;
  const items = new Map<Guid, YAMLMap>();
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const guid = item.get('guid');
    if (typeof guid === 'string') items.set(guid.toLowerCase(), item);
  }

  const splices: Splice[] = [];
  for (const edit of edits.set ?? []) {
    const item = items.get(edit.guid);
    const pair = item?.items.find((p) => isScalar(p.key) && p.key.value === edit.field) as
      Pair<Scalar, unknown> | undefined;
    if (!item || !pair) {
      throw new YamlEditError(
        `${file} has no ${edit.field} for image ${edit.guid} to replace`,
        'This is a bug in fwsync; nothing was written. Please report it.',
      );
    }
    splices.push(replaceValue(text, pair, edit.value, item.flow === true, file));
  }
  for (const guid of edits.remove ?? []) {
    const item = items.get(guid);
    if (item) splices.push(removeItem(text, seq, item, file));
  }
  if ((edits.append ?? []).length > 0) splices.push(appendItems(text, seq, edits.append ?? [], file));

  splices.sort((a, b) => b.start - a.start);
  let out = text;
  let floor = Infinity;
  for (const s of splices) {
    if (s.end > floor) {
      throw new YamlEditError(
        `two edits of ${file} overlap`,
        'This is a bug in fwsync; nothing was written.',
      );
    }
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
    floor = s.start;
  }

  // What the file must mean afterwards: the same images in the same order with the new values,
  // minus the removed ones, plus the appended ones.
  const removed = new Set(edits.remove ?? []);
  const intended = toDesiredImages(before.data, file, before.imageLines)
    .filter((d) => !removed.has(d.guid))
    .map((d) => {
      const fields = { ...d.fields } as Record<string, unknown>;
      for (const e of edits.set ?? []) if (e.guid === d.guid) fields[e.field] = e.value;
      return { guid: d.guid, fields: fields as unknown as ImageFields };
    });
  intended.push(...(edits.append ?? []).map((a) => ({ guid: a.guid, fields: a.fields })));
  const after = parseImagesText(out, file);
  const got = after.ok ? toDesiredImages(after.data, file, after.imageLines) : [];
  const same =
    after.ok &&
    got.length === intended.length &&
    got.every((g, i) => g.guid === intended[i]!.guid && fieldsEqual(g.fields, intended[i]!.fields));
  if (!same) {
    throw new YamlEditError(
      `the edited ${file} does not read back to the intended values`,
      'Nothing was written. This is a bug in fwsync; please report it with the file.',
    );
  }
  return out;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just past the line break ending the line that holds `offset - 1`. */
function pastLineEnd(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const nl = text.indexOf('\n', end);
  return nl < 0 ? text.length : nl + 1;
}

function replaceValue(
  text: string,
  pair: Pair<Scalar, unknown>,
  value: unknown,
  inFlow: boolean,
  file: string,
): Splice {
  const node = pair.value as Scalar | YAMLSeq | null;
  const range = node?.range;
  if (!node || !range) {
    throw new YamlEditError(
      `${file}: ${String(pair.key.value)} has no value to replace`,
      'Give it a value (e.g. "") and run again.',
    );
  }
  const [start, end] = range;
  const keyColumn = columnOf(text, pair.key.range?.[0] ?? start);
  if (Array.isArray(value)) {
    const items = value.map((v) => String(v));
    if (isSeq(node) && node.flow !== true && items.length > 0) {
      const dash = ' '.repeat(columnOf(text, start));
      const body = items.map((v, i) => `${i === 0 ? '' : dash}- ${v}`).join('\n');
      return { start, end, text: body + (text.slice(start, end).endsWith('\n') ? '\n' : '') };
    }
    return { start, end, text: `[${items.join(', ')}]` };
  }
  if (typeof value !== 'string') return { start, end, text: JSON.stringify(value) };
  const original = isScalar(node) ? node.type : undefined;
  const originalText = text.slice(start, end);
  for (const candidate of renderings(value, original, originalText, keyColumn, inFlow)) {
    if (readsBackAs(candidate, keyColumn, inFlow, value)) return { start, end, text: candidate };
  }
  return { start, end, text: quoteYaml(value) };
}

/**
 * Characters a plain, single-quoted or block scalar cannot hold as they are: C0 and C1 controls
 * other than line feed and tab, the characters import-yaml writes as escapes (line and paragraph
 * separators, bidi and zero-width formatting, BOM), and lone surrogates.
 */
function needsEscape(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x0a && c !== 0x09) || (c >= 0x7f && c <= 0x9f)) return true;
    if (c >= 0xd800 && c <= 0xdfff) return true;
    if (FORMAT_CHARS.test(ch)) return true;
  }
  return false;
}
const FORMAT_CHARS = /[\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/** The styles to try for a new string value, the original style first. */
function renderings(
  value: string,
  style: Scalar['type'],
  originalText: string,
  keyColumn: number,
  inFlow: boolean,
): string[] {
  const out: string[] = [];
  const oneLine = !value.includes('\n') && !value.includes('\t') && !needsEscape(value);
  if (style === 'PLAIN' && oneLine && !inFlow && plainIsSafe(value)) out.push(value);
  if (style === 'QUOTE_SINGLE' && oneLine) out.push(`'${value.replace(/'/g, "''")}'`);
  if ((style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') && !inFlow) {
    const block = renderBlock(value, style, originalText, keyColumn);
    if (block !== null) out.push(block);
  }
  return out;
}

/** A plain scalar that no YAML 1.1 or 1.2 reader takes for anything but this string. */
function plainIsSafe(value: string): boolean {
  return (
    value !== '' &&
    value.trim() === value &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) &&
    !/: |:$| #/.test(value) &&
    !/^(?:y|yes|n|no|on|off|true|false|null|~)$/i.test(value)
  );
}

/**
 * The value as a block scalar like the original (`|` or `>`, its indentation and any comment on
 * its header line), or null when it does not fit one: line or format characters that need
 * escapes, more than one trailing line break, a first line starting with a space.
 */
function renderBlock(
  value: string,
  style: 'BLOCK_LITERAL' | 'BLOCK_FOLDED',
  originalText: string,
  keyColumn: number,
): string | null {
  const headerEnd = originalText.indexOf('\n');
  if (headerEnd < 0) return null;
  const header = /^([|>])([-+]?)(.*)$/.exec(originalText.slice(0, headerEnd));
  // An explicit indentation indicator (`|2`) is kept out of scope: the rest of the header stays.
  if (!header || /^[1-9]/.test(header[3]!)) return null;
  const trailing = /\n*$/.exec(value)![0].length;
  const body = value.slice(0, value.length - trailing);
  if (trailing > 1 || body === '' || needsEscape(body) || /^[ \t]/.test(body)) return null;
  if (body.split('\n').some((l) => l !== '' && l.trim() === '')) return null;
  const contentLine = /\n( *)\S/.exec(originalText);
  const indent = ' '.repeat(contentLine ? contentLine[1]!.length : keyColumn + 2);
  if (indent.length <= keyColumn) return null;
  let lines: string[];
  if (style === 'BLOCK_LITERAL') {
    lines = body.split('\n');
  } else {
    // Folded: a single line break between two lines reads as a space, so each line break of the
    // value is written as an empty line, and long lines wrap at single spaces.
    if (/^[ \t]|\n[ \t]/.test(body)) return null;
    lines = [];
    const paragraphs = body.split('\n');
    paragraphs.forEach((p, i) => {
      if (i > 0) lines.push('');
      if (p !== '') lines.push(...wrap(p, Math.max(40, 80 - indent.length)));
    });
  }
  const chomp = trailing === 0 ? '-' : '';
  const head = `${header[1]}${chomp}${header[3]}`;
  return `${head}\n${lines.map((l) => (l === '' ? '' : indent + l)).join('\n')}\n`;
}

/** Greedy wrap at single spaces (never at a run of spaces, which folding would not give back). */
function wrap(text: string, width: number): string[] {
  const words = text.split(' ');
  if (words.some((w) => w === '')) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}

/** The rendering read alone, at the same indentation, with the reader's strict settings. */
function readsBackAs(rendered: string, keyColumn: number, inFlow: boolean, value: string): boolean {
  const pad = ' '.repeat(keyColumn);
  const mini = inFlow
    ? `k: {v: ${rendered}}\n`
    : `${pad}v: ${rendered}${rendered.endsWith('\n') ? '' : '\n'}${pad}z: 0\n`;
  const r = parseYamlStrict(mini, 'value');
  if (!r.ok) return false;
  const data = r.data as { v?: unknown; z?: unknown; k?: { v?: unknown } };
  return inFlow ? equal(data.k?.v, value) : equal(data.v, value) && data.z === 0;
}

function requireBlock(seq: YAMLSeq, file: string, what: string): void {
  if (seq.flow === true) {
    throw new YamlEditError(
      `cannot ${what} ${file} in place: its images list is a flow sequence ([...])`,
      'Write the images list as a block sequence (one `- guid:` item per image), or use another file.',
    );
  }
}

function removeItem(text: string, seq: YAMLSeq, item: YAMLMap, file: string): Splice {
  requireBlock(seq, file, 'remove an image from');
  const [start, end] = item.range ?? [0, 0];
  const from = lineStart(text, start);
  if (!/^\s*-\s*$/.test(text.slice(from, start))) {
    throw new YamlEditError(
      `cannot remove an image from ${file} in place: its item does not start its own line`,
      'Write each image as its own `- guid:` item.',
    );
  }
  return { start: from, end: pastLineEnd(text, end), text: '' };
}

function appendItems(
  text: string,
  seq: YAMLSeq,
  images: ReadonlyArray<{ guid: Guid; fields: ImageFields }>,
  file: string,
): Splice {
  requireBlock(seq, file, 'add images to');
  const first = seq.items.find((item): item is YAMLMap => isMap(item));
  const firstKey = first?.range?.[0];
  if (firstKey === undefined) {
    throw new YamlEditError(`cannot add images to ${file}: its images list is empty`, 'Use another file.');
  }
  const key = columnOf(text, firstKey);
  const dashAt = text.lastIndexOf('-', firstKey);
  const dash = columnOf(text, dashAt);
  const at = pastLineEnd(text, seq.range?.[1] ?? text.length);
  const lines = images.flatMap((image) => importItemLines(image, { dash, key }));
  const prefix = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return { start: at, end: at, text: `${prefix}${lines.join('\n')}\n` };
}
