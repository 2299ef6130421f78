import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  apiFor,
  apply,
  failOnIssues,
  loadInputs,
  plan,
  validate
} from "./chunk-OTFO7GWY.js";
import "./chunk-S4GYQOUS.js";
import "./chunk-45MWFRMA.js";
import "./chunk-MU5UMF5A.js";
import "./chunk-DSOAHCG3.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-ACFHUPG2.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-VB7EOEZX.js";
export {
  apiFor,
  apply,
  failOnIssues,
  loadInputs,
  plan,
  validate
};
