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
} from "./chunk-K5SRBGA5.js";
import "./chunk-4RSEIXUQ.js";
import "./chunk-DSOAHCG3.js";
import "./chunk-F5ZD3MGM.js";
import "./chunk-HKFHH7BV.js";
import "./chunk-D242BZYY.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-HOCKHKK5.js";
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
