import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  CONFIG_FILE_NAMES,
  DEFAULT_CONFIG,
  loadConfig,
  looksLikeCredentialKey,
  withDefaults
} from "./chunk-EVTTMCAD.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-GXPOT7HL.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-Z6RYMKRA.js";
import "./chunk-VB7EOEZX.js";
export {
  CONFIG_FILE_NAMES,
  DEFAULT_CONFIG,
  loadConfig,
  looksLikeCredentialKey,
  withDefaults
};
