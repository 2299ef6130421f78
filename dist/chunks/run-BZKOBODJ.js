import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  apiFor,
  apply,
  failOnIssues,
  loadConfigFor,
  loadInputs,
  plan,
  validate
} from "./chunk-Q6XB6D3Z.js";
import "./chunk-EBILMS66.js";
import "./chunk-REWMZUM7.js";
import "./chunk-45MWFRMA.js";
import "./chunk-ZRSQ2XPG.js";
import "./chunk-LZILGQ7O.js";
import "./chunk-XNBMZVUY.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-2XBWMO5Z.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-KASPISZ5.js";
import "./chunk-VB7EOEZX.js";
export {
  apiFor,
  apply,
  failOnIssues,
  loadConfigFor,
  loadInputs,
  plan,
  validate
};
