import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  configPathOf
} from "./chunk-GA74MVZ6.js";
import {
  validate
} from "./chunk-VQJHGHBG.js";
import "./chunk-OWOVCXQ3.js";
import "./chunk-RUZFTCW2.js";
import "./chunk-TQBHC6B2.js";
import "./chunk-FQCVKA3H.js";
import "./chunk-NAR3LMYI.js";
import {
  EXIT
} from "./chunk-HKFHH7BV.js";
import "./chunk-VB7EOEZX.js";

// src/cli/commands/validate.ts
async function validateCommand(opts, ports, io) {
  const inputs = await validate(ports, configPathOf(opts));
  const files = inputs.desired.files.length;
  const images = inputs.desired.images.length + inputs.desired.files.filter((f) => f.skipped).reduce((n, f) => n + f.guids.length, 0);
  if (opts.quiet !== true)
    io.out(`Valid: ${images} image${images === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}.
`);
  return EXIT.ok;
}
export {
  validateCommand
};
