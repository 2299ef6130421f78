#!/usr/bin/env node
import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  nodeTooOld
} from "./chunks/chunk-ZPO7ES3X.js";
import "./chunks/chunk-VB7EOEZX.js";

// src/cli.ts
import module from "node:module";

// src/cli/process-terminal.ts
import { createInterface } from "node:readline/promises";
function processTerminal() {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stdoutDrained: () => {
      const out = process.stdout;
      if (!out.writableNeedDrain) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          out.off("drain", done).off("close", done).off("error", done);
          resolve();
        };
        out.on("drain", done).on("close", done).on("error", done);
      });
    },
    stderr: (text) => void process.stderr.write(text),
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    ask: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } catch {
        return null;
      } finally {
        rl.close();
      }
    },
    onSignal: (handler) => {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
      };
    },
    exit: (code) => process.exit(code)
  };
}

// src/cli.ts
var tooOld = nodeTooOld(process.version);
if (tooOld !== null) {
  process.stderr.write(tooOld);
  process.exitCode = 1;
} else {
  module.enableCompileCache?.();
  const { main } = await import("./chunks/main-VQKHCERQ.js");
  process.exitCode = await main(process.argv, processTerminal());
}
