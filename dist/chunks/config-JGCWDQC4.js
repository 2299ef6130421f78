import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  CONFIG_FILE_NAMES,
  DEFAULT_CONFIG,
  loadConfig,
  looksLikeCredentialKey,
  withDefaults
} from "./chunk-EXABAOX2.js";
import "./chunk-REWMZUM7.js";
import "./chunk-XNBMZVUY.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-D7776OBV.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-KASPISZ5.js";
import "./chunk-VB7EOEZX.js";
export {
  CONFIG_FILE_NAMES,
  DEFAULT_CONFIG,
  loadConfig,
  looksLikeCredentialKey,
  withDefaults
};
