import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  writeInBlocks
} from "./chunk-WWUS5CMO.js";
import {
  renderPlanMarkdown
} from "./chunk-KH4IQOVL.js";
import {
  plan
} from "./chunk-DKQ6EPOF.js";
import "./chunk-ICBGLEOU.js";
import "./chunk-IEV2GMXG.js";
import "./chunk-5TBF2SJK.js";
import {
  planJsonChunks,
  planTextChunks
} from "./chunk-DVXEWOV7.js";
import "./chunk-HJNSNV4R.js";
import "./chunk-AT44SEU4.js";
import "./chunk-YSXB2OIR.js";
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
  EXIT,
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import "./chunk-VB7EOEZX.js";

// src/cli/commands/plan.ts
import { mkdir, open } from "node:fs/promises";
import path from "node:path";
async function planCommand(opts, ports, io) {
  const { plan: thePlan } = await plan(ports, { ...configPathOf(opts), refresh: opts.refresh === true });
  if (typeof opts.out === "string") await savePlan(thePlan, opts.out, ports.cwd);
  await io.outStream(renderPlan(thePlan, opts.format, io.color));
  return opts.detailedExitcode === true && thePlan.changes.length > 0 ? EXIT.changes : EXIT.ok;
}
async function savePlan(thePlan, out, cwd) {
  const file = path.resolve(cwd, out);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, "w");
    try {
      await writeInBlocks(planJsonChunks(thePlan), async (block) => {
        await handle.write(block);
      });
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new FwsyncError("input", `cannot write the plan to ${out}`, {
      cause: error,
      hint: `${error instanceof Error ? error.message : String(error)}. Give --out a file path you may write.`
    });
  }
}
function renderPlan(thePlan, format, color) {
  if (format === "json") return planJsonChunks(thePlan);
  if (format === "markdown") return [renderPlanMarkdown(thePlan)];
  return planTextChunks(thePlan, { color });
}
export {
  planCommand
};
