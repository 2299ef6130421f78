import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  renderPlanMarkdown
} from "./chunk-3VNIGA4K.js";
import {
  plan
} from "./chunk-ECZV57UW.js";
import "./chunk-ICBGLEOU.js";
import "./chunk-NBPMIE2X.js";
import "./chunk-B5FSPOFN.js";
import {
  renderPlanJson,
  renderPlanText
} from "./chunk-F24BKT2P.js";
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
  EXIT,
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import "./chunk-VB7EOEZX.js";

// src/cli/commands/plan.ts
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
async function planCommand(opts, ports, io) {
  const { plan: thePlan } = await plan(ports, { ...configPathOf(opts), refresh: opts.refresh === true });
  if (typeof opts.out === "string") {
    const out = path.resolve(ports.cwd, opts.out);
    try {
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, renderPlanJson(thePlan));
    } catch (error) {
      throw new FwsyncError("input", `cannot write the plan to ${opts.out}`, {
        cause: error,
        hint: `${error instanceof Error ? error.message : String(error)}. Give --out a file path you may write.`
      });
    }
  }
  io.out(renderPlan(thePlan, opts.format, io.color));
  return opts.detailedExitcode === true && thePlan.changes.length > 0 ? EXIT.changes : EXIT.ok;
}
function renderPlan(thePlan, format, color) {
  if (format === "json") return renderPlanJson(thePlan);
  if (format === "markdown") return renderPlanMarkdown(thePlan);
  return renderPlanText(thePlan, { color });
}
export {
  planCommand
};
