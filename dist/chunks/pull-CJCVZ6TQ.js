import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  pull,
  renderPullText
} from "./chunk-5WDHFUG3.js";
import "./chunk-HXFZ5YJT.js";
import "./chunk-YDBZKEAS.js";
import "./chunk-EERF7UHQ.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-ICBGLEOU.js";
import "./chunk-IMO5ZXIG.js";
import "./chunk-5TBF2SJK.js";
import "./chunk-ZRZUYYFH.js";
import "./chunk-AT44SEU4.js";
import "./chunk-JRKJ7VIZ.js";
import {
  configPathOf
} from "./chunk-GA74MVZ6.js";
import "./chunk-SSHKLYYX.js";
import "./chunk-OWOVCXQ3.js";
import "./chunk-3PI2E6JW.js";
import "./chunk-TQBHC6B2.js";
import "./chunk-HYUAZ6SF.js";
import "./chunk-Y4ATDZUQ.js";
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
