import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  convertPathToPattern,
  escapePath,
  glob,
  globSync,
  isDynamicPattern
} from "./chunk-F5ZD3MGM.js";
import "./chunk-VB7EOEZX.js";
export {
  convertPathToPattern,
  escapePath,
  glob,
  globSync,
  isDynamicPattern
};
