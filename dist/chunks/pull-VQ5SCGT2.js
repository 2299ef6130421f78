import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  pull,
  renderPullText
} from "./chunk-6WZXH2DF.js";
import "./chunk-7SONMS34.js";
import "./chunk-K3UJKV5A.js";
import "./chunk-OTZEFVKT.js";
import "./chunk-24UNJDAM.js";
import "./chunk-ICBGLEOU.js";
import "./chunk-NBPMIE2X.js";
import "./chunk-B5FSPOFN.js";
import "./chunk-F24BKT2P.js";
import "./chunk-AT44SEU4.js";
import "./chunk-ZBBQ75GC.js";
import {
  configPathOf
} from "./chunk-GA74MVZ6.js";
import "./chunk-ZC2LD6NI.js";
import "./chunk-4OT5YP6F.js";
import "./chunk-QX2Q37IY.js";
import "./chunk-TQBHC6B2.js";
import "./chunk-QY62TGDO.js";
import "./chunk-NBDRQ2UY.js";
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
