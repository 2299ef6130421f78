import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);

// src/core/invisible.ts
var INVISIBLE = /[\p{Cf}\u2028\u2029]/gu;
var HAS_INVISIBLE = /[\p{Cf}\u2028\u2029]/u;
function label(ch) {
  return `U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}
function invisibleCodePoints(text) {
  if (!HAS_INVISIBLE.test(text)) return [];
  return [...new Set(Array.from(text.matchAll(INVISIBLE), (m) => label(m[0])))];
}
function showInvisible(text) {
  return text.replace(INVISIBLE, (ch) => `\u27E8${label(ch)}\u27E9`);
}
function invisibleCharacterIssues(images) {
  const issues = [];
  for (const image of images) {
    for (const field of ["title", "description"]) {
      const found = invisibleCodePoints(image.fields[field]);
      if (found.length === 0) continue;
      issues.push({
        file: image.file,
        line: image.line,
        column: 1,
        code: "invisible-characters",
        message: `${field} of ${image.guid} contains invisible or bidirectional characters: ${found.join(", ")}`,
        hint: "they can make the text read differently from what is sent; remove them, or set safety.invisible_characters: warn in the config if they are meant"
      });
    }
  }
  return issues;
}

export {
  showInvisible,
  invisibleCharacterIssues
};
