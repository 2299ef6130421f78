import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);

// src/cli/options.ts
function configPathOf(opts) {
  return typeof opts.config === "string" ? { configPath: opts.config } : {};
}

export {
  configPathOf
};
