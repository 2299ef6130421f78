import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  MAX_PAGES,
  PER_PAGE,
  describeRejected,
  importAccount,
  listAll,
  liveFields,
  liveInputsForPlan,
  missingImagesError,
  productLabel,
  readLive,
  refreshForPlan,
  rejectReasons,
  renderImportYaml,
  retryingCaller,
  verifyApplied,
  whoami
} from "./chunk-P4I6CDIJ.js";
import "./chunk-G6EJ3H5O.js";
import "./chunk-QMI2XI2C.js";
import "./chunk-F5ZD3MGM.js";
import "./chunk-XNBMZVUY.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-2DGHKKSG.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-KASPISZ5.js";
import "./chunk-VB7EOEZX.js";
export {
  MAX_PAGES,
  PER_PAGE,
  describeRejected,
  importAccount,
  listAll,
  liveFields,
  liveInputsForPlan,
  missingImagesError,
  productLabel,
  readLive,
  refreshForPlan,
  rejectReasons,
  renderImportYaml,
  retryingCaller,
  verifyApplied,
  whoami
};
