import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  $,
  ExecaError,
  ExecaSyncError,
  execa,
  execaNode,
  execaSync,
  getCancelSignal,
  getEachMessage,
  getOneMessage,
  parseCommandString,
  sendMessage
} from "./chunk-KXA4VDG3.js";
import "./chunk-VB7EOEZX.js";
export {
  $,
  ExecaError,
  ExecaSyncError,
  execa,
  execaNode,
  execaSync,
  getCancelSignal,
  getEachMessage,
  getOneMessage,
  parseCommandString,
  sendMessage
};
