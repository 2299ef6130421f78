import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  CONFIG_FILE_NAMES,
  DEFAULT_CONFIG,
  loadConfig,
  looksLikeCredentialKey,
  withDefaults
} from "./chunk-U74HYAMR.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-D242BZYY.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-HOCKHKK5.js";
import "./chunk-VB7EOEZX.js";
export {
  CONFIG_FILE_NAMES,
  DEFAULT_CONFIG,
  loadConfig,
  looksLikeCredentialKey,
  withDefaults
};
