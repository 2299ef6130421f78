import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  apiFor,
  apply,
  failOnIssues,
  loadConfigFor,
  loadInputs,
  plan,
  validate
} from "./chunk-6Z7ZPVEZ.js";
import "./chunk-EVTTMCAD.js";
import "./chunk-45MWFRMA.js";
import "./chunk-66ANUP5F.js";
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
  loadConfigFor,
  loadInputs,
  plan,
  validate
};
