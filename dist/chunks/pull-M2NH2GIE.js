import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  pull,
  renderPullText
} from "./chunk-WM7TLHYK.js";
import "./chunk-KUKU7FRU.js";
import "./chunk-7RWIHTZX.js";
import "./chunk-NOXRDPJ4.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-ICBGLEOU.js";
import "./chunk-ZLCU7I4X.js";
import "./chunk-B5FSPOFN.js";
import "./chunk-OQJWCVYI.js";
import "./chunk-AT44SEU4.js";
import "./chunk-ZBBQ75GC.js";
import {
  configPathOf
} from "./chunk-GA74MVZ6.js";
import "./chunk-KZYOXVK7.js";
import "./chunk-4OT5YP6F.js";
import "./chunk-ZCYMKQOK.js";
import "./chunk-TQBHC6B2.js";
import "./chunk-ECU5NFTE.js";
import "./chunk-SRLKODKY.js";
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
