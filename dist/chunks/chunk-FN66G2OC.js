import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  apiFor,
  readLive,
  readingFor
} from "./chunk-IEV2GMXG.js";
import {
  computeDrift,
  desiredByGuid
} from "./chunk-DVXEWOV7.js";
import {
  validate
} from "./chunk-VQJHGHBG.js";

// src/use-cases/drift.ts
async function driftReport(ports, opts) {
  const { config, state, desired } = await validate(ports, opts);
  const guids = [.../* @__PURE__ */ new Set([...desiredByGuid(desired, state).keys(), ...Object.keys(state?.images ?? {})])];
  const read = await readLive(apiFor(ports, config), {
    library: config.library,
    guids,
    listProducts: false,
    ...readingFor(ports, config)
  });
  return computeDrift({ live: read.live, state, desired, library: config.library.name });
}

export {
  driftReport
};
