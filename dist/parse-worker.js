import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  parseImageBytes
} from "./chunks/chunk-ELNIWSI5.js";
import "./chunks/chunk-GPWP4PRK.js";
import "./chunks/chunk-GBUZ7WPX.js";
import "./chunks/chunk-PUWSEZHP.js";
import "./chunks/chunk-EK3O6W5I.js";
import "./chunks/chunk-VB7EOEZX.js";

// src/parse-worker.ts
import { parentPort } from "node:worker_threads";
var port = parentPort;
if (port === null) throw new Error("parse-worker.js runs only as a worker thread");
port.on("message", (request) => {
  let answer;
  try {
    answer = { id: request.id, result: parseImageBytes(request.bytes, request.rel, request.hash) };
  } catch (error) {
    answer = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
