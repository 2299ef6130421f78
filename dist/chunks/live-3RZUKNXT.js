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
} from "./chunk-GZVYFZRS.js";
import "./chunk-BVCSSB76.js";
import "./chunk-O76BHX5I.js";
import "./chunk-F5ZD3MGM.js";
import "./chunk-XNBMZVUY.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-D7776OBV.js";
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
