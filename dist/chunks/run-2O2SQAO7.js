import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  apiFor,
  apply,
  failOnIssues,
  loadConfigFor,
  loadInputs,
  plan,
  validate
} from "./chunk-HASNGI3Z.js";
import "./chunk-U74HYAMR.js";
import "./chunk-45MWFRMA.js";
import "./chunk-4RSEIXUQ.js";
import "./chunk-DSOAHCG3.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-D242BZYY.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-HOCKHKK5.js";
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
