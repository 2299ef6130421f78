// The pre-scan in front of the fast path: a quick look for every YAML feature where js-yaml and
// `yaml` could read a file differently. A file it flags takes the strict path.

// Characters that send a file to the slow path. Conservative: false positives only cost time.
export const PRESCAN_RULES: [string, RegExp][] = [
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
  // a comment glued to a quoted scalar or a flow collection (`"x"# c`): YAML 1.2 requires a
  // space before `#` and yaml rejects it; js-yaml reads it as a comment
  ['comment-without-space', /["'\]}]#/],
  // a line of spaces only: inside a block scalar, spaces beyond its indentation are text, and
  // the two parsers read such lines differently (js-yaml even accepts more-indented blank
  // lines before a less-indented one, which YAML forbids); strict.ts reads them per the spec
  ['blank-line-with-spaces', /^ +\r?$/m],
  // a document-level scalar or a flow collection at the top
  ['top-level-form', /^(?:[^\s#a-z_-]|-[^ \r\n])/m],
];

// Only one flow form is taken fast: a one-line list of plain words after a key.
const FLOW_START = /(?:^|[\s[\]{},:?-])\[/gm;
const SIMPLE_FLOW_LINE = /^ *(?:- +)?[A-Za-z_][\w-]*: *\[[\w .,+-]*\](?: *| +#[^\n]*)$/;

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
  // One pass over the text says whether any rule could match; only then are the rules run one
  // by one, to name the first. Most files match none, and eight regular expressions over every
  // byte were a fifth of the parse time of a 100k-image plan. (The pass may flag more than the
  // rules do, never less: test/prescan.test.ts holds it to them.)
  if (!passesRules(text)) {
    for (const [name, re] of PRESCAN_RULES) {
      if (re.test(text)) return name;
    }
  }
  if (opensMultilineQuote(text)) return 'multi-line-quoted';
  if (!text.includes('[')) return null;
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

/** `\s` of a JavaScript regular expression, for one UTF-16 code unit. */
function isJsSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** A line terminator as `^` and `$` see them in a multi-line regular expression. */
function isLineEnd(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

// ASCII code units that can make a rule match where they stand: control characters and DEL
// (line feeds start a line), `!`, `#`, `&`, `*`, `<`, `?` and `{`. Every other character only
// matters as the neighbour of one of these, so most of a file is passed over one table look-up
// at a time.
const TRIGGER = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) TRIGGER[c] = 1;
TRIGGER[0x7f] = 1; // DEL, a control character too
for (const ch of '!#&*<?{') TRIGGER[ch.charCodeAt(0)] = 1;

/**
 * True when no rule of PRESCAN_RULES can match, in one pass. The directive, node-property and
 * explicit-key rules need no test at the start of a line: a line starting with `%`, `---`,
 * `...`, `&`, `*`, `!`, `{` or `?` already fails the top-level-form test there.
 */
export function passesRules(text: string): boolean {
  const n = text.length;
  if (n > 0 && !lineStartPasses(text, 0)) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (TRIGGER[c] === 0) continue;
      const prev = i > 0 ? text.charCodeAt(i - 1) : -1;
      switch (c) {
        case 0x0a:
          if (i + 1 < n && !lineStartPasses(text, i + 1)) return false;
          break;
        case 0x0d: // special-character: a carriage return only before a line feed
          if (i + 1 >= n || text.charCodeAt(i + 1) !== 0x0a) return false;
          break;
        case 0x26: // & * ! {  node-property: (?:^|[\s[\]{},:?|>-])[&*!{]
        case 0x2a:
        case 0x21:
        case 0x7b:
          if (prev === -1 || isJsSpace(prev) || isPropertyLead(prev)) return false;
          break;
        case 0x3f: {
          // explicit-key: (?:^|[\s[{,])\?(?:[\s]|$)
          const lead = prev === -1 || isJsSpace(prev) || prev === 0x5b || prev === 0x7b || prev === 0x2c;
          if (lead && (i + 1 >= n || isJsSpace(text.charCodeAt(i + 1)))) return false;
          break;
        }
        case 0x3c: // merge-key: <<
          if (i + 1 < n && text.charCodeAt(i + 1) === 0x3c) return false;
          break;
        case 0x23: // comment-without-space: ["'\]}]#
          if (prev === 0x22 || prev === 0x27 || prev === 0x5d || prev === 0x7d) return false;
          break;
        default: // special-character: every other control character (tab and DEL included)
          return false;
      }
    } else if (c <= 0x9f || c === 0x2028 || c === 0x2029 || c === 0xfeff || c === 0xfffe || c === 0xffff) {
      return false; // special-character (a Unicode line separator also starts a line: already flagged)
    }
  }
  return true;
}

/** The rules that look at the first character of a line (`^` in a multi-line expression). */
function lineStartPasses(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  // top-level-form: ^(?:[^\s#a-z_-]|-[^ \r\n])
  if (!isJsSpace(c) && c !== 0x23 && !(c >= 0x61 && c <= 0x7a) && c !== 0x5f && c !== 0x2d) return false;
  if (c === 0x2d && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d !== 0x20 && d !== 0x0d && d !== 0x0a) return false;
  }
  // blank-line-with-spaces: ^ +\r?$
  if (c === 0x20) {
    let k = i;
    while (k < text.length && text.charCodeAt(k) === 0x20) k++;
    if (k === text.length || isLineEnd(text.charCodeAt(k))) return false;
  }
  return true;
}

/** `[[\]{},:?|>-]`: what may stand before an anchor, alias, tag or flow mapping. */
function isPropertyLead(c: number): boolean {
  return (
    c === 0x5b ||
    c === 0x5d ||
    c === 0x7b ||
    c === 0x7d ||
    c === 0x2c ||
    c === 0x3a ||
    c === 0x3f ||
    c === 0x7c ||
    c === 0x3e ||
    c === 0x2d
  );
}
