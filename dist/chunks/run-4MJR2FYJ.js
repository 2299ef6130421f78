import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  apiFor,
  apply,
  failOnIssues,
  loadInputs,
  plan,
  validate
} from "./chunk-5VT3LHR7.js";
import "./chunk-EVTTMCAD.js";
import "./chunk-45MWFRMA.js";
import "./chunk-ADFYRQ3A.js";
import "./chunk-DSOAHCG3.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-GXPOT7HL.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-Z6RYMKRA.js";
import "./chunk-VB7EOEZX.js";
export {
  apiFor,
  apply,
  failOnIssues,
  loadInputs,
  plan,
  validate
};
