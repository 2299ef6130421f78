// Entry point of a parse worker (bundled to dist/parse-worker.js): parses the image files the
// main thread sends, with the same code it would run itself (see adapters/parse-pool.ts).

import { parentPort } from 'node:worker_threads';
import { parseImageBytes } from './adapters/image-parse.js';
import type { ParseAnswer, ParseRequest } from './adapters/parse-pool.js';

const port = parentPort;
if (port === null) throw new Error('parse-worker.js runs only as a worker thread');
port.on('message', (request: ParseRequest) => {
  let answer: ParseAnswer;
  try {
    answer = { id: request.id, result: parseImageBytes(request.bytes, request.rel, request.hash) };
  } catch (error: unknown) {
    answer = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(answer);
});
