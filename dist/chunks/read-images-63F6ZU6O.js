import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  FAST_SCHEMA,
  MAX_FILE_BYTES,
  invalidUtf8Offset,
  locatorFor,
  opensMultilineQuote,
  parseFast,
  parseImagesText,
  parseSlow,
  parseYamlStrict,
  prescan,
  readDesired,
  readImageFile
} from "./chunk-D242BZYY.js";
import "./chunk-PUWSEZHP.js";
import {
  formatIssues,
  sortIssues
} from "./chunk-HOCKHKK5.js";
import "./chunk-VB7EOEZX.js";
export {
  FAST_SCHEMA,
  MAX_FILE_BYTES,
  formatIssues,
  invalidUtf8Offset,
  locatorFor,
  opensMultilineQuote,
  parseFast,
  parseImagesText,
  parseSlow,
  parseYamlStrict,
  prescan,
  readDesired,
  readImageFile,
  sortIssues
};
