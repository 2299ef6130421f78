import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  showInvisible
} from "./chunk-OWOVCXQ3.js";

// src/render/escape-markdown.ts
var WORD_JOINER = "\u2060";
var FULLWIDTH_AT = "\uFF20";
var MARKDOWN_META = /[\\`*_{}[\]()#+\-.!|~:]/g;
function escapeInline(text, maxLen) {
  let out = showInvisible(truncate(oneLine(text), maxLen));
  out = out.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  out = out.replace(MARKDOWN_META, (ch) => `\\${ch}`);
  return neutraliseReferences(out);
}
function escapeHtmlText(text, maxLen) {
  let out = showInvisible(truncate(oneLine(text), maxLen));
  out = out.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return neutraliseReferences(out).replace(/[[\]()!`*_|~:\\]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
function codeSpan(text, maxLen) {
  const body = showInvisible(truncate(oneLine(text), maxLen)).replace(/\|/g, "\\|");
  const ticks = "`".repeat(longestRun(body, "`") + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || body === "" ? " " : "";
  return `${ticks}${pad}${body}${pad}${ticks}`;
}
function fence(text, info = "") {
  const ticks = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  return `${ticks}${info}
${text}
${ticks}`;
}
function truncate(text, maxLen) {
  if (maxLen === void 0) return text;
  const points = Array.from(text);
  if (points.length <= maxLen) return text;
  return `${points.slice(0, Math.max(0, maxLen - 1)).join("")}\u2026`;
}
function oneLine(text) {
  return text.replace(/\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");
}
function neutraliseReferences(text) {
  return text.replace(/@/g, FULLWIDTH_AT).replace(/#/g, `#${WORD_JOINER}`).replace(/\b(GH)(\\?-)/gi, `$1$2${WORD_JOINER}`);
}
function longestRun(text, ch) {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

export {
  escapeInline,
  escapeHtmlText,
  codeSpan,
  fence
};
