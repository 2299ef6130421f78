import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  compareCodeUnits
} from "./chunk-NAR3LMYI.js";

// src/core/issues.ts
function sortIssues(issues) {
  return [...issues].sort(
    (a, b) => compareCodeUnits(a.file, b.file) || a.line - b.line || a.column - b.column || compareCodeUnits(a.code, b.code) || compareCodeUnits(a.message, b.message)
  );
}

export {
  sortIssues
};
