// Characters a reviewer cannot see: format characters (Unicode category Cf: bidi controls such as
// U+202E, zero-width spaces and joiners, the BOM) and the line and paragraph separators. A title
// holding them can read differently on screen from what is sent, so every rendered plan shows
// them as ⟨U+XXXX⟩ and validation flags them.

import type { DesiredImage, Issue } from './types.js';

const INVISIBLE = /[\p{Cf}\u2028\u2029]/gu;
/** The same class without the g flag: a test that keeps no position and allocates nothing. */
const HAS_INVISIBLE = /[\p{Cf}\u2028\u2029]/u;

function label(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The invisible characters in `text`, each once, as `U+XXXX`, in order of first appearance. */
export function invisibleCodePoints(text: string): string[] {
  // Nearly every text has none: 200k of them in a 100k-image plan.
  if (!HAS_INVISIBLE.test(text)) return [];
  return [...new Set(Array.from(text.matchAll(INVISIBLE), (m) => label(m[0])))];
}

/** `text` with every invisible character written as ⟨U+XXXX⟩. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (ch) => `⟨${label(ch)}⟩`);
}

/**
 * One issue per image field that holds invisible characters. The caller decides whether they
 * are warnings or errors (`safety.invisible_characters`).
 */
export function invisibleCharacterIssues(images: readonly DesiredImage[]): Issue[] {
  const issues: Issue[] = [];
  for (const image of images) {
    for (const field of ['title', 'description'] as const) {
      const found = invisibleCodePoints(image.fields[field]);
      if (found.length === 0) continue;
      issues.push({
        file: image.file,
        line: image.line,
        column: 1,
        code: 'invisible-characters',
        message: `${field} of ${image.guid} contains invisible or bidirectional characters: ${found.join(', ')}`,
        hint: 'they can make the text read differently from what is sent; remove them, or set safety.invisible_characters: warn in the config if they are meant',
      });
    }
  }
  return issues;
}
