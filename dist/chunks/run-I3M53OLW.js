import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  apiFor,
  apply,
  failOnIssues,
  loadConfigFor,
  loadInputs,
  plan,
  validate
} from "./chunk-7ZSSVHF2.js";
import "./chunk-5ZWYQVQG.js";
import "./chunk-REWMZUM7.js";
import "./chunk-45MWFRMA.js";
import "./chunk-G6EJ3H5O.js";
import "./chunk-QMI2XI2C.js";
import "./chunk-XNBMZVUY.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-2DGHKKSG.js";
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
