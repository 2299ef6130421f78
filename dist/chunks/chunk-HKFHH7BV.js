import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);

// src/errors.ts
var FwsyncError = class extends Error {
  kind;
  /** How to fix it, shown under the message. */
  hint;
  issues;
  constructor(kind, message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = "FwsyncError";
    this.kind = kind;
    this.hint = options.hint;
    this.issues = options.issues ?? [];
  }
};
var EXIT = {
  ok: 0,
  error: 1,
  changes: 2,
  refused: 3,
  partial: 4,
  interrupted: 130
};
function exitCodeFor(error) {
  if (!(error instanceof FwsyncError)) return EXIT.error;
  switch (error.kind) {
    case "refused":
      return EXIT.refused;
    case "partial":
      return EXIT.partial;
    case "interrupted":
      return EXIT.interrupted;
    default:
      return EXIT.error;
  }
}

export {
  FwsyncError,
  EXIT,
  exitCodeFor
};
