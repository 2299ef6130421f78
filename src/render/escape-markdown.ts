// Escaping for text from YAML files or the API that ends up in a GitHub comment. GitHub turns
// mentions, issue references and bare URLs into links *after* markdown, on the decoded text,
// so backslashes and entities alone do not stop them (`\@user` and `&#64;user` both mention):
// those characters are changed in the text itself.

import { showInvisible } from '../core/invisible.js';

const WORD_JOINER = '\u2060';
const FULLWIDTH_AT = '\uFF20';

/** Markdown metacharacters escaped with a backslash; `:` too, so `https://` cannot autolink. */
const MARKDOWN_META = /[\\`*_{}[\]()#+\-.!|~:]/g;

/**
 * User text for a markdown context (table cell, list item, paragraph): creates no HTML,
 * link, image, mention, reference or table break, and cannot close our `<details>`.
 */
export function escapeInline(text: string, maxLen?: number): string {
  let out = showInvisible(truncate(oneLine(text), maxLen));
  out = out.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  out = out.replace(MARKDOWN_META, (ch) => `\\${ch}`);
  return neutraliseReferences(out);
}

/**
 * User text inside raw HTML (`<summary>…</summary>`), where markdown is not parsed and a
 * backslash would show: entities for HTML, the same treatment for mentions and references.
 */
export function escapeHtmlText(text: string, maxLen?: number): string {
  let out = showInvisible(truncate(oneLine(text), maxLen));
  out = out.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  // Markdown is not parsed in an HTML block, but if GitHub ever did, an entity is still only
  // literal text (CommonMark), so these cannot form links or emphasis either way.
  return neutraliseReferences(out).replace(/[[\]()!`*_|~:\\]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * An inline code span that holds any text: the delimiter is one backtick longer than the
 * longest run inside. Mentions do not fire inside code, but newlines and pipes still would
 * break a table, so they are replaced too.
 */
export function codeSpan(text: string, maxLen?: number): string {
  const body = showInvisible(truncate(oneLine(text), maxLen)).replace(/\|/g, '\\|');
  const ticks = '`'.repeat(longestRun(body, '`') + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced code block longer than any backtick run inside, so the content cannot close it. */
export function fence(text: string, info = ''): string {
  const ticks = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${ticks}${info}\n${text}\n${ticks}`;
}

/** Shortens to maxLen code points, ending with "…"; never splits a surrogate pair. */
function truncate(text: string, maxLen?: number): string {
  if (maxLen === undefined) return text;
  const points = Array.from(text);
  if (points.length <= maxLen) return text;
  return `${points.slice(0, Math.max(0, maxLen - 1)).join('')}…`;
}

function oneLine(text: string): string {
  // Every line break and control character becomes a space: no table break, no new block.
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

function neutraliseReferences(text: string): string {
  return (
    text
      .replace(/@/g, FULLWIDTH_AT)
      // `#123`, `org/repo#123` and `GH-123` link to issues on decoded text; an invisible word
      // joiner keeps them from matching without changing what people read.
      .replace(/#/g, `#${WORD_JOINER}`)
      .replace(/\b(GH)(\\?-)/gi, `$1$2${WORD_JOINER}`)
  );
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}
