// Reads the image files: glob, size cap, hash (and skip files the state says are unchanged),
// strict UTF-8, then one of two YAML parsers that must agree:
//
// - fast path: js-yaml with a schema that resolves plain scalars exactly as `yaml`'s core
//   schema does, taken only when a conservative pre-scan finds none of the features where the
//   two parsers could differ, and only when the data is valid;
// - slow path: `yaml`'s document model with the strict settings of reliability.md (c). Every
//   error is reported from here, because only the document model knows positions.
//
// test/parser-equivalence.test.ts holds the two paths to "same accepted inputs, same data".

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { FAILSAFE_SCHEMA, Type, load as jsYamlLoad } from 'js-yaml';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type {
  Document,
  DocumentOptions,
  Node as YamlNode,
  ParseOptions,
  SchemaOptions,
  YAMLError,
} from 'yaml';
import { sha256 } from '../core/canonical.js';
import type { DesiredImage, DesiredSet, Issue, SourceFile, StateFileEntry } from '../core/types.js';
import type { GuidPlace, ImagesFileData, Locate, PathSegment, Position } from '../core/validate-images.js';
import {
  duplicateGuidIssues,
  getImagesValidator,
  imagesSchema,
  isValidImagesData,
  schemaIssues,
  sortIssues,
  toDesiredImages,
} from '../core/validate-images.js';

export { formatIssues, sortIssues } from '../core/validate-images.js';

/** Per-file byte cap. A realistic file of 1,000 images is ~150 KB; 10,000 (the schema's cap) ~1.5 MB. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Strict YAML (slow path), shared with the config loader.

const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core', // explicit, so a %YAML 1.1 directive cannot bring back 1.1 booleans
  merge: false,
  uniqueKeys: true,
  strict: true,
  resolveKnownTags: false, // !!binary, !!timestamp stay strings (and warn; warnings are errors here)
  customTags: [],
  stringKeys: true,
  intAsBigInt: false,
  // Not prettyErrors: its messages quote the offending line, which may hold a secret. We
  // compute line:column from the LineCounter ourselves.
  prettyErrors: false,
  logLevel: 'error', // 'silent' would also drop the "several documents" error
};

export type StrictYamlResult =
  { ok: true; data: unknown; doc: Document; lineCounter: LineCounter } | { ok: false; issues: Issue[] };

const YAML_MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate key: this key already appears in the same mapping',
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
  RESOURCE_EXHAUSTION: 'the file is nested too deeply to be read',
};

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear only once in a mapping; remove or rename one of them',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MULTILINE_IMPLICIT_KEY: 'the keys of one mapping must line up: check the indentation of this line',
  MULTIPLE_DOCS: 'put one YAML document in each file: remove the `---` line or split the file',
  RESOURCE_EXHAUSTION: 'the structure is nested far too deeply for an image file',
};

/**
 * Where to point for a parser problem: yaml's own offset, except where that is not where a
 * person has to look — the end of the file for a quote never closed (point at the opening
 * quote), the first line of a key that runs over two lines (point at the second, where the
 * indentation went wrong), and wherever the stack ran out (point at the line's first bracket).
 */
function problemOffset(e: YAMLError, text: string, doc: Document): number {
  switch (e.code) {
    case 'MISSING_CHAR': {
      let opened: number | null = null;
      visit(doc, {
        Scalar(_key, node) {
          const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
          if (quoted && node.range && node.range[1] >= e.pos[0]) opened ??= node.range[0];
        },
      });
      return opened ?? e.pos[0];
    }
    case 'MULTILINE_IMPLICIT_KEY':
      return e.pos[1];
    case 'RESOURCE_EXHAUSTION': {
      const lineStart = text.lastIndexOf('\n', e.pos[0] - 1) + 1;
      const bracket = text.slice(lineStart, e.pos[0] + 1).search(/[[{]/);
      return bracket < 0 ? lineStart : lineStart + bracket;
    }
    default:
      return e.pos[0];
  }
}

function yamlCode(code: string): string {
  return `yaml-${code.toLowerCase().replace(/_/g, '-')}`;
}

/** Parses one YAML document with the strict settings; never throws. */
export function parseYamlStrict(text: string, file: string): StrictYamlResult {
  const lineCounter = new LineCounter();
  const pos = (offset: number | undefined): Position => {
    const lp = lineCounter.linePos(offset ?? 0);
    return { line: lp.line, column: lp.col };
  };
  const issue = (p: Position, code: string, message: string, hint?: string): Issue => ({
    file,
    line: p.line,
    column: p.column,
    code,
    message,
    ...(hint ? { hint } : {}),
  });

  let doc: Document;
  try {
    doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  } catch (error: unknown) {
    // yaml reports its own problems in doc.errors; a throw is a resource limit (deep nesting).
    return {
      ok: false,
      issues: [
        issue(
          { line: 1, column: 1 },
          'yaml-unparseable',
          `the file cannot be parsed as YAML (${errorName(error)})`,
        ),
      ],
    };
  }

  const issues: Issue[] = [];
  // A key that runs over two lines is also reported as a nested mapping at the same place:
  // one cause, so only the message that says what to fix is kept.
  const problems = [...doc.errors, ...doc.warnings].filter(
    (e, _i, all) =>
      e.code !== 'BLOCK_AS_IMPLICIT_KEY' ||
      !all.some((o) => o.code === 'MULTILINE_IMPLICIT_KEY' && o.pos[0] === e.pos[0]),
  );
  const exhausted = problems.find((e) => e.code === 'RESOURCE_EXHAUSTION');
  // The parser ran out of stack: where it stopped depends on the stack size, and the errors
  // around it are side effects. One problem, at the first bracket of the line it happened on.
  for (const e of exhausted ? [exhausted] : problems) {
    // Tags get one clearer message from the visitor below.
    if (e.code === 'TAG_RESOLVE_FAILED') continue;
    issues.push(
      issue(
        pos(problemOffset(e, text, doc)),
        yamlCode(e.code),
        YAML_MESSAGES[e.code] ?? firstLine(e.message),
        YAML_HINTS[e.code],
      ),
    );
  }

  const version = doc.directives?.yaml.version;
  if (version !== '1.2') {
    const m = /^%YAML\b/m.exec(text);
    issues.push(
      issue(
        pos(m?.index),
        'yaml-version',
        `YAML ${version ?? '(unknown)'} is not supported; image files are YAML 1.2`,
        'remove the %YAML line (or write %YAML 1.2)',
      ),
    );
  }

  visit(doc, {
    Alias(_key, node) {
      issues.push(
        issue(
          pos(node.range?.[0]),
          'yaml-alias',
          'aliases (*name) are not allowed',
          'write the value out in full',
        ),
      );
    },
    Node(_key, node) {
      const start = node.range?.[0] ?? 0;
      if (node.anchor) {
        // The node's range starts after its properties; point at the `&name` itself.
        const at = text.lastIndexOf(`&${node.anchor}`, start);
        issues.push(
          issue(
            pos(at >= 0 ? at : start),
            'yaml-anchor',
            'anchors (&name) are not allowed',
            'remove the anchor and write values out in full',
          ),
        );
      }
      if (node.tag) {
        const tag = /^(?:!|tag:yaml\.org,2002:)[\w-]{1,32}$/.test(node.tag)
          ? ` ${node.tag.replace('tag:yaml.org,2002:', '!!')}`
          : '';
        issues.push(
          issue(
            pos(tagStart(text, start)),
            'yaml-tag',
            `tags${tag ? ` (${tag.trim()})` : ''} are not allowed`,
            'remove the tag; quote the value if it must be text',
          ),
        );
      }
    },
  });
  if (issues.length > 0) return { ok: false, issues: dedupe(issues) };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (error: unknown) {
    return {
      ok: false,
      issues: [
        issue(
          { line: 1, column: 1 },
          'yaml-unparseable',
          `the file cannot be read as data (${errorName(error)})`,
        ),
      ],
    };
  }
  return { ok: true, data, doc, lineCounter };
}

/** The offset of the `!tag` before a node that starts at `start` (on the same line), else `start`. */
function tagStart(text: string, start: number): number {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const m = /(?:^|[\s[{,])(![^\s]*)\s+(?:&\S+\s+)?$/.exec(text.slice(lineStart, start));
  return m ? lineStart + m.index + m[0].indexOf(m[1]!) : start;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown error';
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    // One report of a resource limit is enough; the parser repeats it on the way out.
    const k = i.code === 'yaml-resource-exhaustion' ? i.code : `${i.line}:${i.column}:${i.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Maps a data path to a position in the document: the key, or the value, or the nearest ancestor. */
export function locatorFor(doc: Document, lineCounter: LineCounter): Locate {
  const at = (offset: number): Position => {
    const lp = lineCounter.linePos(offset);
    return { line: lp.line, column: lp.col };
  };
  return (dataPath: readonly PathSegment[], part: 'key' | 'value'): Position => {
    let node: unknown = doc.contents;
    let best: Position = isNodeWithRange(node) ? at(node.range[0]) : { line: 1, column: 1 };
    for (let i = 0; i < dataPath.length; i++) {
      const seg = dataPath[i]!;
      const last = i === dataPath.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg),
        );
        if (!pair) return best;
        const keyPos = isNodeWithRange(pair.key) ? at(pair.key.range[0]) : best;
        if (last && part === 'key') return keyPos;
        node = pair.value;
        // An empty value (`title:`) has a zero-width range at the next line; the key is clearer.
        best =
          isNodeWithRange(node) && !(isScalar(node) && node.source === '' && node.value === null)
            ? at(node.range[0])
            : keyPos;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
        if (!isNodeWithRange(node)) return best;
        best = at(node.range[0]);
      } else {
        return best;
      }
    }
    return best;
  };
}

function isNodeWithRange(v: unknown): v is YamlNode & { range: [number, number, number] } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { range?: unknown }).range);
}

// ---------------------------------------------------------------------------------------------
// The two parsing paths.

export type ParseOutcome =
  { ok: true; data: ImagesFileData; imageLines: number[] } | { ok: false; issues: Issue[] };

/** Slow path: full positions, every error reported. */
export function parseSlow(text: string, file: string): ParseOutcome {
  const parsed = parseYamlStrict(text, file);
  if (!parsed.ok) return parsed;
  const { data, doc, lineCounter } = parsed;
  if (data === null || data === undefined) {
    const empty = doc.contents === null;
    return {
      ok: false,
      issues: [
        {
          file,
          line: 1,
          column: 1,
          code: empty ? 'file-empty' : 'file-null',
          message: empty ? 'the file is empty' : 'the file holds no data (null)',
          hint: 'an image file needs `version: 1` and a non-empty `images` list',
        },
      ],
    };
  }
  const validate = getImagesValidator();
  if (!validate(data)) {
    const issues = schemaIssues({
      errors: validate.errors ?? [],
      data,
      file,
      schema: imagesSchema,
      locate: locatorFor(doc, lineCounter),
    });
    return { ok: false, issues };
  }
  const seq = doc.get('images', true);
  const imageLines = isSeq(seq)
    ? seq.items.map((item) => (isNodeWithRange(item) ? lineCounter.linePos(item.range[0]).line : 1))
    : [];
  return { ok: true, data: data as ImagesFileData, imageLines };
}

// js-yaml types that resolve plain scalars with exactly the regular expressions and
// conversions of `yaml`'s core schema (yaml/dist/schema/core), so the two parsers cannot
// disagree about what `017`, `0x10`, `1_000`, `+1`, `.5` or `yes` mean. js-yaml's own
// CORE_SCHEMA differs (it accepts `0b1`, `1_000`, `-0x10`; reads `-.5` as text).
// js-yaml keeps one implicit type per tag, so each tag lists its forms in yaml's order.
const scalar = (tag: string, forms: [RegExp, (s: string) => unknown][]): Type =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: unknown) => typeof s === 'string' && forms.some(([re]) => re.test(s)),
    construct: (s: string) => forms.find(([re]) => re.test(s))![1](s),
  });

export const FAST_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalar('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    scalar('int', [
      [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
      [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
      [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
    ]),
    scalar('float', [
      [
        /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
        (s) =>
          s.slice(-3).toLowerCase() === 'nan'
            ? NaN
            : s[0] === '-'
              ? Number.NEGATIVE_INFINITY
              : Number.POSITIVE_INFINITY,
      ],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
    ]),
  ],
});

// Characters that send a file to the slow path. Conservative: false positives only cost time.
const PRESCAN_RULES: [string, RegExp][] = [
  // tabs (indentation and separation rules differ in detail), control characters, BOMs after
  // the start, Unicode line separators (YAML 1.1 line breaks), bare CR line ends
  [
    'special-character',
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\t\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]|\r(?!\n)/,
  ],
  // directives and document markers
  ['directive-or-marker', /^(?:%|---(?:[ \r\n]|$)|\.\.\.(?:[ \r\n]|$))/m],
  // anchors, aliases, tags, explicit keys and flow mappings wherever a node could start
  ['node-property', /(?:^|[\s[\]{},:?|>-])[&*!{]/m],
  ['explicit-key', /(?:^|[\s[{,])\?(?:[\s]|$)/m],
  ['merge-key', /<</],
  // a document-level scalar or a flow collection at the top
  ['top-level-form', /^(?:[^\s#a-z_-]|-[^ \r\n])/m],
];

// Only one flow form is taken fast: a one-line list of plain words after a key.
const FLOW_START = /(?:^|[\s[\]{},:?-])\[/gm;
const SIMPLE_FLOW_LINE = /^ *(?:- +)?[A-Za-z_][\w-]*: *\[[\w .,+-]*\] *(?:#[^\n]*)?$/;

/**
 * True when some line opens a quoted scalar that it does not close. js-yaml accepts
 * multi-line quoted scalars whose continuation lines are not indented enough; yaml (rightly)
 * does not. Block scalar lines that merely contain a quote are false positives, which is fine.
 */
export function opensMultilineQuote(text: string): boolean {
  // Works on offsets into `text` rather than on split lines: this runs over every line of
  // every file parsed, and line strings were most of the garbage of a 100k-image plan.
  const n = text.length;
  for (let start = 0; start <= n;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    const next = end + 1;
    if (end > start && text.charCodeAt(end - 1) === 0x0d) end--; // a CRLF line end
    let p = skipSpaces(text, start, end);
    // List item markers, possibly several (`- - key: "...`).
    while (text.charCodeAt(p) === 0x2d && p + 1 < end && text.charCodeAt(p + 1) === 0x20) {
      p = skipSpaces(text, p + 2, end);
    }
    start = next;
    if (p === end - 1 && text.charCodeAt(p) === 0x2d) continue; // a lone `-`
    const c = text.charCodeAt(p);
    let value: number;
    if (p < end && (c === 0x22 || c === 0x27)) {
      // A quoted key (or a quoted value on its own line), then possibly `: value`.
      const close = closingQuote(text, p, end);
      if (close < 0) return true;
      let k = skipSpaces(text, close + 1, end);
      if (k >= end || text.charCodeAt(k) !== 0x3a) continue;
      k++;
      if (k < end && text.charCodeAt(k) !== 0x20) continue;
      value = skipSpaces(text, k, end);
    } else {
      // A plain key: the first `:` followed by a space or the line end, past the first character.
      if (p >= end || c === 0x23 || c === 0x22 || c === 0x27) continue;
      let k = p + 1;
      for (; k < end; k++) {
        if (text.charCodeAt(k) === 0x3a && (k + 1 === end || text.charCodeAt(k + 1) === 0x20)) break;
      }
      if (k >= end) continue;
      value = skipSpaces(text, k + 1, end);
    }
    const v = text.charCodeAt(value);
    if (value < end && (v === 0x22 || v === 0x27) && closingQuote(text, value, end) < 0) return true;
  }
  return false;
}

function skipSpaces(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && text.charCodeAt(i) === 0x20) i++;
  return i;
}

/**
 * Offset of the quote closing the scalar that starts at `start` (a quote), or -1 if it does
 * not close before `end` (the end of the line).
 */
function closingQuote(text: string, start: number, end: number): number {
  const q = text.charCodeAt(start);
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (q === 0x22 && c === 0x5c) i++;
    else if (c === q) {
      if (q === 0x27 && i + 1 < end && text.charCodeAt(i + 1) === 0x27) i++;
      else return i;
    }
  }
  return -1;
}

/** Why a file must take the slow path, or null when the fast path is safe for it. */
export function prescan(text: string): string | null {
  for (const [name, re] of PRESCAN_RULES) if (re.test(text)) return name;
  if (opensMultilineQuote(text)) return 'multi-line-quoted';
  FLOW_START.lastIndex = 0;
  for (let m = FLOW_START.exec(text); m !== null; m = FLOW_START.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    let end = text.indexOf('\n', m.index);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (!SIMPLE_FLOW_LINE.test(line)) return 'flow-collection';
    FLOW_START.lastIndex = end;
  }
  return null;
}

export type FastOutcome =
  | { ok: true; data: ImagesFileData; imageLines: number[] }
  | { ok: false; reason: 'prescan' | 'parse' | 'schema'; detail: string };

/**
 * Fast path. `ok: false` is never a verdict on the file, only "ask the slow path".
 * `skipPrescan` exists for the equivalence test, to show what the pre-scan protects against.
 */
export function parseFast(text: string, options: { skipPrescan?: boolean } = {}): FastOutcome {
  if (!options.skipPrescan) {
    const flagged = prescan(text);
    if (flagged) return { ok: false, reason: 'prescan', detail: flagged };
  }
  // Each mapping's 1-based start line: the line where js-yaml opened its node, recorded when
  // the node closes (the result object is then known). Inner nodes close first and win.
  const openLines: number[] = [];
  const lineOf = new Map<object, number>();
  let data: unknown;
  try {
    data = jsYamlLoad(text, {
      schema: FAST_SCHEMA,
      json: false, // duplicate keys throw
      listener(event, state) {
        if (event === 'open') {
          openLines.push(state.line + 1);
        } else {
          const line = openLines.pop() ?? 1;
          const result: unknown = state.result;
          if (typeof result === 'object' && result !== null && !lineOf.has(result)) lineOf.set(result, line);
        }
      },
    });
  } catch (error: unknown) {
    return { ok: false, reason: 'parse', detail: errorName(error) };
  }
  if (!isValidImagesData(data)) return { ok: false, reason: 'schema', detail: 'invalid' };
  return { ok: true, data, imageLines: data.images.map((image) => lineOf.get(image) ?? 1) };
}

/** Fast path when it can, slow path otherwise. */
export function parseImagesText(text: string, file: string): ParseOutcome {
  const fast = parseFast(text);
  if (fast.ok) return fast;
  return parseSlow(text, file);
}

// ---------------------------------------------------------------------------------------------
// Files.

/** Byte offset of the first invalid UTF-8 sequence, or -1. */
export function invalidUtf8Offset(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [n, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

function lineColOfByte(buf: Uint8Array, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (buf[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Column in characters: count the UTF-8 lead bytes on this line before the offset.
  let column = 1;
  for (let i = lineStart; i < offset; i++) if ((buf[i]! & 0xc0) !== 0x80) column++;
  return { line, column };
}

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

  const paths = [...matched].sort();
  const results = await mapLimited(paths, READ_CONCURRENCY, (rel) =>
    readImageFile(opts.cwd, rel, opts.stateFiles?.[rel]),
  );

  const images: DesiredImage[] = [];
  const files: SourceFile[] = [];
  for (const r of results) {
    files.push(r.source);
    issues.push(...r.issues);
    images.push(...r.images);
  }
  issues.push(...repeatedGuidIssues(results));

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
