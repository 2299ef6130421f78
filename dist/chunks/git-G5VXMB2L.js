import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  headCommit,
  isGitRepo
} from "./chunk-45MWFRMA.js";
import "./chunk-VB7EOEZX.js";
export {
  headCommit,
  isGitRepo
};
