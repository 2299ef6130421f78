import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  pull,
  renderPullText
} from "./chunk-FXTPL577.js";
import "./chunk-CAER5P77.js";
import "./chunk-4SBAGFFU.js";
import "./chunk-U2ITD6M2.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-ICBGLEOU.js";
import "./chunk-IEV2GMXG.js";
import "./chunk-5TBF2SJK.js";
import "./chunk-DVXEWOV7.js";
import "./chunk-AT44SEU4.js";
import "./chunk-JRKJ7VIZ.js";
import {
  configPathOf
} from "./chunk-GA74MVZ6.js";
import "./chunk-VQJHGHBG.js";
import "./chunk-OWOVCXQ3.js";
import "./chunk-RUZFTCW2.js";
import "./chunk-TQBHC6B2.js";
import "./chunk-FQCVKA3H.js";
import "./chunk-NAR3LMYI.js";
import {
  EXIT
} from "./chunk-HKFHH7BV.js";
import "./chunk-VB7EOEZX.js";

// src/cli/commands/pull.ts
async function pullCommand(opts, ports, io) {
  const result = await pull(ports, {
    ...configPathOf(opts),
    guids: opts.guid,
    fields: opts.field,
    dryRun: opts.dryRun === true,
    force: opts.force === true,
    ...opts.addNew === void 0 ? {} : { addNew: opts.addNew }
  });
  io.out(
    renderPullText(
      { ...result, ...opts.addNew === void 0 ? {} : { addNew: opts.addNew } },
      { color: io.color }
    )
  );
  return result.plan.conflicts.length + result.plan.unpullable.length > 0 ? EXIT.changes : EXIT.ok;
}
export {
  pullCommand
};
