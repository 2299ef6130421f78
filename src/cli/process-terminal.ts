// The Terminal of a real process: process.stdout/stderr, the environment, readline, signals.

import { createInterface } from 'node:readline/promises';
import type { Terminal } from './terminal.js';

export function processTerminal(): Terminal {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stdoutDrained: () => {
      const out = process.stdout;
      if (!out.writableNeedDrain) return Promise.resolve();
      return new Promise((resolve) => {
        // A reader that went away (EPIPE, closed) never drains: stop waiting then too.
        const done = () => {
          out.off('drain', done).off('close', done).off('error', done);
          resolve();
        };
        out.on('drain', done).on('close', done).on('error', done);
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
        // Ctrl-C or Ctrl-D at the prompt (readline holds the terminal, so no SIGINT arrives).
        return null;
      } finally {
        rl.close();
      }
    },
    onSignal: (handler) => {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    exit: (code) => process.exit(code),
  };
}
