import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  pull,
  renderPullText
} from "./chunk-J4IWCHHJ.js";
import "./chunk-M7SK4KOM.js";
import "./chunk-ICBGLEOU.js";
import "./chunk-AQGJJH7H.js";
import "./chunk-5TBF2SJK.js";
import "./chunk-WHQ4LYWC.js";
import "./chunk-AT44SEU4.js";
import "./chunk-GPWP4PRK.js";
import "./chunk-JRKJ7VIZ.js";
import "./chunk-GBUZ7WPX.js";
import "./chunk-PUWSEZHP.js";
import {
  configPathOf
} from "./chunk-GA74MVZ6.js";
import "./chunk-BK7CZLKJ.js";
import "./chunk-OWOVCXQ3.js";
import "./chunk-QFWK4NOV.js";
import "./chunk-TQBHC6B2.js";
import "./chunk-GQUWK2Y7.js";
import "./chunk-6WMZJWRL.js";
import {
  EXIT
} from "./chunk-HKFHH7BV.js";
import "./chunk-EK3O6W5I.js";
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
