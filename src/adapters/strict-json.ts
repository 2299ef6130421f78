// JSON reading that refuses what JSON.parse silently accepts: a duplicate key, where
// JSON.parse keeps the last value. In a state file that would hide a conflict resolved badly
// by hand, so it is an error with the exact place.
//
// JSON.parse runs first (natively, ~0.15 s for a 100k-image state). A parsed value can then
// often be proved free of duplicates by counting, far cheaper than scanning the text in JS:
// outside strings, valid JSON has exactly one ":" per object member, so
//
//   colons in the text = members in the text + colons inside the text's strings.
//
// The parsed value yields the same two counts for what survived, and a duplicate key costs at
// least one member (the dropped one) and never adds any. So when the counts over the parsed
// value add up to the colons in the text, no key was dropped. Two conditions keep the counts
// exact: no string may spell a colon as an escape (`\u003a`, where the text has no ":" but the
// value has), and the nesting must stay within MAX_DEPTH. Otherwise, and whenever JSON.parse
// fails or the counts differ, a validating scanner goes through the text: it checks the syntax
// (RFC 8259) and the keys without building values, and gives every error a line and column,
// which JSON.parse messages do not reliably carry.

export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  readonly offset: number;

  constructor(text: string, offset: number, what: string) {
    const { line, column } = lineColumn(text, offset);
    super(`${what} at ${line}:${column}`);
    this.name = 'JsonSyntaxError';
    this.line = line;
    this.column = column;
    this.offset = offset;
  }
}

/** 1-based line and column (in UTF-16 code units) of `offset`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const MAX_DEPTH = 512;

/** Parses JSON like JSON.parse, but throws JsonSyntaxError (with line:column) on a duplicate key. */
export function parseStrictJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error: unknown) {
    // The scanner finds the place and says what is wrong.
    scan(text);
    // The scanner accepts exactly RFC 8259; reaching this means the two disagree.
    throw new JsonSyntaxError(text, 0, `invalid JSON (${(error as Error).message.slice(0, 200)})`);
  }
  if (!provedWithoutDuplicates(text, value)) scan(text);
  return value;
}

/**
 * True when the counting argument above shows that JSON.parse dropped no member of `text`
 * (which it parsed into `value`); false means "not proved", and the scanner decides.
 */
export function provedWithoutDuplicates(text: string, value: unknown): boolean {
  if (spellsEscapedColon(text) || hasEnumerable(Object.prototype)) return false;
  let counted = typeof value === 'string' ? colonsIn(value) : 0;
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop() ?? 0;
    if (typeof v !== 'object' || v === null) continue;
    // The scanner refuses a container inside MAX_DEPTH others; leave that verdict to it.
    if (depth >= MAX_DEPTH) return false;
    if (Array.isArray(v)) {
      for (const item of v as unknown[]) {
        if (typeof item === 'string') counted += colonsIn(item);
        else if (typeof item === 'object' && item !== null) {
          values.push(item);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    const members = v as Record<string, unknown>;
    // for...in allocates nothing for the many objects of one shape (Object.keys would allocate
    // an array for each). JSON.parse makes plain objects, so it sees their own members plus any
    // enumerable property of Object.prototype, which was checked to have none.
    for (const key in members) {
      counted += 1 + colonsIn(key);
      const item = members[key];
      if (typeof item === 'string') counted += colonsIn(item);
      else if (typeof item === 'object' && item !== null) {
        values.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return counted === colonsIn(text);
}

/**
 * True when the text holds `\u003a` or `\u003A`: a colon spelled as an escape (even after
 * `\\`: false positives only cost a scan). indexOf, not a regular expression: it runs over the
 * whole file and is several times faster.
 */
function spellsEscapedColon(text: string): boolean {
  for (let i = text.indexOf('\\u003'); i !== -1; i = text.indexOf('\\u003', i + 1)) {
    if ((text.charCodeAt(i + 5) | 0x20) === 0x61 /* a or A */) return true;
  }
  return false;
}

function hasEnumerable(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

function colonsIn(s: string): number {
  let n = 0;
  for (let i = s.indexOf(':'); i !== -1; i = s.indexOf(':', i + 1)) n++;
  return n;
}

// Small objects are the common case (an image entry has five keys); a linear search over an
// array beats allocating a Set for each of them.
const SMALL = 12;

interface Frame {
  isObject: boolean;
  keys: string[] | null;
  set: Set<string> | null;
  /** Offset of each key in `keys`, for the "first seen at" part of the message. */
  offsets: number[] | null;
}

// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings; this finds them
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function scan(text: string): void {
  const n = text.length;
  const stack: Frame[] = [];
  let i = 0;

  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const fail = (what: string, at = i): never => {
    throw new JsonSyntaxError(text, at, at >= n ? 'unexpected end of JSON (the file looks truncated)' : what);
  };
  const describe = (at: number): string => {
    const ch = text[at];
    return ch === undefined ? 'end of input' : `character ${JSON.stringify(ch)}`;
  };

  // Returns the offset just past the closing quote; `i` must be at the opening quote.
  const string = (): number => {
    i++;
    for (;;) {
      STRING_RUN.lastIndex = i;
      STRING_RUN.test(text);
      i = STRING_RUN.lastIndex;
      if (i >= n) fail('', n);
      const c = text.charCodeAt(i);
      if (c === 0x22) return ++i;
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1);
        if (e === 0x75) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in string');
          i += 6;
        } else if (
          e === 0x22 ||
          e === 0x5c ||
          e === 0x2f ||
          e === 0x62 ||
          e === 0x66 ||
          e === 0x6e ||
          e === 0x72 ||
          e === 0x74
        ) {
          i += 2;
        } else {
          fail('invalid escape in string');
        }
      } else {
        fail('control character in string (escape it)');
      }
    }
  };

  const addKey = (frame: Frame, start: number, end: number): void => {
    let key = text.slice(start + 1, end - 1);
    if (key.includes('\\')) key = JSON.parse(text.slice(start, end)) as string;
    if (frame.set) {
      if (frame.set.has(key)) duplicate(key, start, null);
      frame.set.add(key);
      return;
    }
    const keys = (frame.keys ??= []);
    const offsets = (frame.offsets ??= []);
    const seen = keys.indexOf(key);
    if (seen !== -1) duplicate(key, start, offsets[seen] ?? null);
    keys.push(key);
    offsets.push(start);
    if (keys.length > SMALL) {
      frame.set = new Set(keys);
      frame.keys = null;
      frame.offsets = null;
    }
  };
  const duplicate = (key: string, at: number, firstAt: number | null): never => {
    let what = `duplicate key ${JSON.stringify(key)}`;
    if (firstAt !== null) {
      const first = lineColumn(text, firstAt);
      what += ` (first at ${first.line}:${first.column})`;
    }
    throw new JsonSyntaxError(text, at, what);
  };

  // Parses one value starting at `i` (after whitespace). Containers push a frame and return;
  // the main loop below handles their members, so deep nesting never grows the JS stack.
  const value = (): void => {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      if (stack.length >= MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
      stack.push({ isObject: true, keys: null, set: null, offsets: null });
      i++;
      ws();
      if (text.charCodeAt(i) === 0x7d) {
        stack.pop();
        i++;
        return;
      }
      member();
      return;
    }
    if (c === 0x5b /* [ */) {
      if (stack.length >= MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
      stack.push({ isObject: false, keys: null, set: null, offsets: null });
      i++;
      ws();
      if (text.charCodeAt(i) === 0x5d) {
        stack.pop();
        i++;
        return;
      }
      value();
      return;
    }
    if (c === 0x22) {
      string();
      return;
    }
    if (c === 0x74 && text.startsWith('true', i)) {
      i += 4;
      return;
    }
    if (c === 0x66 && text.startsWith('false', i)) {
      i += 5;
      return;
    }
    if (c === 0x6e && text.startsWith('null', i)) {
      i += 4;
      return;
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      // A partial match ("1." or "01") stops early; the loop then rejects what follows.
      i = NUMBER.lastIndex;
      return;
    }
    fail(`unexpected ${describe(i)}, expected a value`);
  };

  // `i` is at a key's opening quote (or should be).
  const member = (): void => {
    if (text.charCodeAt(i) !== 0x22) fail(`unexpected ${describe(i)}, expected a key in double quotes`);
    const start = i;
    const end = string();
    const frame = stack[stack.length - 1];
    if (frame) addKey(frame, start, end);
    ws();
    if (text.charCodeAt(i) !== 0x3a) fail(`unexpected ${describe(i)}, expected ":" after the key`);
    i++;
    ws();
    value();
  };

  ws();
  value();
  for (;;) {
    ws();
    const frame = stack[stack.length - 1];
    if (!frame) break;
    const c = text.charCodeAt(i);
    if (c === 0x2c /* , */) {
      i++;
      ws();
      if (frame.isObject) member();
      else value();
    } else if (c === (frame.isObject ? 0x7d : 0x5d)) {
      stack.pop();
      i++;
    } else {
      fail(`unexpected ${describe(i)}, expected "," or "${frame.isObject ? '}' : ']'}"`);
    }
  }
  if (i < n) fail(`unexpected ${describe(i)} after the end of the JSON value`);
}
