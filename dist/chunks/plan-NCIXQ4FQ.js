import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  renderPlanMarkdown
} from "./chunk-OKQGLI36.js";
import {
  plan
} from "./chunk-3EB5KZAY.js";
import "./chunk-ICBGLEOU.js";
import "./chunk-ZLCU7I4X.js";
import "./chunk-B5FSPOFN.js";
import {
  renderPlanJson,
  renderPlanText
} from "./chunk-OQJWCVYI.js";
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
