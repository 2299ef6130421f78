import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  require_picomatch
} from "./chunk-LNEOHCSU.js";
import "./chunk-VB7EOEZX.js";
export default require_picomatch();
