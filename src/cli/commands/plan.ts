import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { Plan } from '../../core/types.js';
import { EXIT, FwsyncError } from '../../errors.js';
import { planJsonChunks } from '../../render/json.js';
import { renderPlanMarkdown } from '../../render/markdown.js';
import { planTextChunks } from '../../render/text.js';
import { plan } from '../../use-cases/plan.js';
import type { Ports } from '../../use-cases/ports.js';
import { writeInBlocks, type Io } from '../io.js';
import { configPathOf, type PlanFormat, type PlanOptions } from '../options.js';

export async function planCommand(opts: PlanOptions, ports: Ports, io: Io): Promise<number> {
  const { plan: thePlan } = await plan(ports, { ...configPathOf(opts), refresh: opts.refresh === true });
  if (typeof opts.out === 'string') await savePlan(thePlan, opts.out, ports.cwd);
  await io.outStream(renderPlan(thePlan, opts.format, io.color));
  return opts.detailedExitcode === true && thePlan.changes.length > 0 ? EXIT.changes : EXIT.ok;
}

/** The plan as JSON in `out`, written as it is rendered (a 100k-image plan is tens of MB). */
async function savePlan(thePlan: Plan, out: string, cwd: string): Promise<void> {
  const file = path.resolve(cwd, out);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const handle = await open(file, 'w');
    try {
      await writeInBlocks(planJsonChunks(thePlan), async (block) => {
        await handle.write(block);
      });
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new FwsyncError('input', `cannot write the plan to ${out}`, {
      cause: error,
      hint: `${error instanceof Error ? error.message : String(error)}. Give --out a file path you may write.`,
    });
  }
}

function renderPlan(thePlan: Plan, format: PlanFormat, color: boolean): Iterable<string> {
  if (format === 'json') return planJsonChunks(thePlan);
  if (format === 'markdown') return [renderPlanMarkdown(thePlan)];
  return planTextChunks(thePlan, { color });
}
