import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  apiFor,
  apply,
  failOnIssues,
  loadConfigFor,
  loadInputs,
  plan,
  validate
} from "./chunk-4B5QBBFM.js";
import "./chunk-EXABAOX2.js";
import "./chunk-REWMZUM7.js";
import "./chunk-45MWFRMA.js";
import "./chunk-BVCSSB76.js";
import "./chunk-O76BHX5I.js";
import "./chunk-XNBMZVUY.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-D7776OBV.js";
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
