// Strict YAML: `yaml`'s document model with strict settings (YAML 1.2 core schema, unique keys,
// no merge keys, no tags, aliases or anchors, every warning an error). The slow path of the
// image files and the config loader both read through here. Every error is reported with a
// line and column computed here, never with the parser's own message text, which may quote a
// line holding a secret.

import { LineCounter, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type {
  Document,
  DocumentOptions,
  Node as YamlNode,
  ParseOptions,
  SchemaOptions,
  YAMLError,
} from 'yaml';
import type { Issue } from '../../core/types.js';
import type { Locate, PathSegment, Position } from '../../core/validate-images.js';
import { correctBlankBlockScalars, mayHoldIndicatedBlockScalar } from './block-scalar.js';

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
  TAB_AS_INDENT: 'YAML does not allow tabs for indentation',
  MULTIPLE_DOCS: 'the file holds more than one YAML document',
  RESOURCE_EXHAUSTION: 'the file is nested too deeply to be read',
};

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear only once in a mapping; remove or rename one of them',
  TAB_AS_INDENT:
    'indent with spaces; replace the tabs of this line and of the lines below (most editors can convert indentation to spaces)',
  MULTILINE_IMPLICIT_KEY: 'the keys of one mapping must line up: check the indentation of this line',
  MULTIPLE_DOCS: 'put one YAML document in each file: remove the `---` line or split the file',
  RESOURCE_EXHAUSTION: 'the structure is nested far too deeply for an image file',
};

/** yaml's MISSING_CHAR for a `#` right after a token (`"x"# c`), not for a missing quote. */
const GLUED_COMMENT = /^Comments must be separated/;
/** yaml's MISSING_CHAR for a quoted scalar that never closes; the quote character is captured. */
const UNCLOSED_QUOTE = /^Missing closing (["'])quote/;

/**
 * Where to point for a parser problem: yaml's own offset, except where that is not where a
 * person has to look — the end of the file for a quote never closed (point at the opening
 * quote), the first line of a key that runs over two lines (point at the second, where the
 * indentation went wrong), and wherever the stack ran out (point at the line's first bracket).
 */
function problemOffset(e: YAMLError, text: string, doc: Document): number {
  switch (e.code) {
    case 'MISSING_CHAR': {
      if (GLUED_COMMENT.test(e.message)) return e.pos[0]; // at the `#`
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

/** The message and hint for one parser problem, in our words (never yaml's, which quote lines). */
function explain(e: YAMLError, doc: Document, lineCounter: LineCounter): [string, string | undefined] {
  if (GLUED_COMMENT.test(e.message)) return [firstLine(e.message), 'put a space before the `#`'];
  const quote = UNCLOSED_QUOTE.exec(e.message)?.[1];
  if (quote !== undefined) {
    return [
      `the ${quote === '"' ? 'double' : 'single'}-quoted string that opens here is never closed`,
      `add the closing ${quote}; a string that goes on over several lines needs its next lines indented further than its key`,
    ];
  }
  if (e.code === 'DUPLICATE_KEY') {
    const first = firstOfDuplicateKey(doc, e.pos[0]);
    if (first) {
      const line = lineCounter.linePos(first.offset).line;
      return [
        `duplicate key ${first.key}: it is already set on line ${line} of the same mapping, and again here on line ${lineCounter.linePos(e.pos[0]).line}`,
        `each key may appear only once in a mapping; remove one of the two ${first.key} lines`,
      ];
    }
  }
  return [YAML_MESSAGES[e.code] ?? firstLine(e.message), YAML_HINTS[e.code]];
}

/**
 * The repeated key at `offset` (as a short quoted label) and where it first appears in its
 * mapping. yaml keeps both pairs in the document, so the earlier one can be found.
 */
function firstOfDuplicateKey(doc: Document, offset: number): { key: string; offset: number } | null {
  let found: { key: string; offset: number } | null = null;
  visit(doc, {
    Map(_key, node) {
      const pairs = node.items;
      const repeated = pairs.findIndex((p) => isNodeWithRange(p.key) && p.key.range[0] === offset);
      if (repeated < 0) return undefined;
      const key = pairs[repeated]!.key;
      const value = isScalar(key) ? key.value : undefined;
      const earlier = pairs
        .slice(0, repeated)
        .find((p) => isScalar(p.key) && p.key.value === value && isNodeWithRange(p.key));
      if (earlier && isNodeWithRange(earlier.key))
        found = { key: keyLabel(value), offset: earlier.key.range[0] };
      return visit.BREAK;
    },
  });
  return found;
}

/** A key for a message: JSON-quoted (control characters escaped), cut short when long. */
function keyLabel(value: unknown): string {
  const text = String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
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
    doc = parseDocument(text, {
      ...YAML_OPTIONS,
      lineCounter,
      // Source tokens cost memory; only correctBlankBlockScalars needs them.
      keepSourceTokens: mayHoldIndicatedBlockScalar(text),
    });
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
  const firstTab = problems
    .filter((e) => e.code === 'TAB_AS_INDENT')
    .reduce<YAMLError | null>((a, e) => (a === null || e.pos[0] < a.pos[0] ? e : a), null);
  // The parser ran out of stack: where it stopped depends on the stack size, and the errors
  // around it are side effects. One problem, at the first bracket of the line it happened on.
  // Tabs as indentation: every line after the first tab is misread (wrong nesting, non-string
  // keys, keys over two lines), so one problem, at the first tab, says all there is to fix.
  const reported = exhausted ? [exhausted] : firstTab ? [firstTab] : problems;
  for (const e of reported) {
    // Tags get one clearer message from the visitor below.
    if (e.code === 'TAG_RESOLVE_FAILED') continue;
    issues.push(issue(pos(problemOffset(e, text, doc)), yamlCode(e.code), ...explain(e, doc, lineCounter)));
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
  // YAML 1.2 allows one %YAML directive per document; yaml lets the second one through.
  const repeated = secondYamlDirective(text);
  if (repeated >= 0) {
    issues.push(
      issue(
        pos(repeated),
        'yaml-directive-repeated',
        'the %YAML directive appears twice',
        'keep one %YAML line (or none)',
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
  correctBlankBlockScalars(doc);

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

/** The offset of a second `%YAML` line among the directives before the first `---`, or -1. */
function secondYamlDirective(text: string): number {
  const directives = /^%YAML\b/gm;
  const end = /^---(?:\s|$)/m.exec(text)?.index ?? 0;
  for (let seen = 0, m = directives.exec(text); m !== null && m.index < end; m = directives.exec(text)) {
    if (++seen === 2) return m.index;
  }
  return -1;
}

/** The offset of the `!tag` before a node that starts at `start` (on the same line), else `start`. */
function tagStart(text: string, start: number): number {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const m = /(?:^|[\s[{,])(![^\s]*)\s+(?:&\S+\s+)?$/.exec(text.slice(lineStart, start));
  return m ? lineStart + m.index + m[0].indexOf(m[1]!) : start;
}

export function errorName(error: unknown): string {
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

export function isNodeWithRange(v: unknown): v is YamlNode & { range: [number, number, number] } {
  return typeof v === 'object' && v !== null && Array.isArray((v as { range?: unknown }).range);
}
