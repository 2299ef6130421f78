import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);

// src/render/limits.ts
var GITHUB_COMMENT_MAX_CHARS = 65536;
var COMMENT_MAX_CHARS = 6e4;
var SUMMARY_MAX_BYTES = 1e6;
var MAX_ANNOTATIONS = 50;

export {
  GITHUB_COMMENT_MAX_CHARS,
  COMMENT_MAX_CHARS,
  SUMMARY_MAX_BYTES,
  MAX_ANNOTATIONS
};
