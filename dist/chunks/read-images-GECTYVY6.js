import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
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
} from "./chunk-D7776OBV.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-KASPISZ5.js";
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
