import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plan } from '../../core/types.js';
import { EXIT, FwsyncError } from '../../errors.js';
import { renderPlanJson } from '../../render/json.js';
import { renderPlanMarkdown } from '../../render/markdown.js';
import { renderPlanText } from '../../render/text.js';
import { plan } from '../../use-cases/plan.js';
import type { Ports } from '../../use-cases/ports.js';
import type { Io } from '../io.js';
import { configPathOf, type PlanFormat, type PlanOptions } from '../options.js';

export async function planCommand(opts: PlanOptions, ports: Ports, io: Io): Promise<number> {
  const { plan: thePlan } = await plan(ports, { ...configPathOf(opts), refresh: opts.refresh === true });
  if (typeof opts.out === 'string') {
    const out = path.resolve(ports.cwd, opts.out);
    try {
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, renderPlanJson(thePlan));
    } catch (error) {
      throw new FwsyncError('input', `cannot write the plan to ${opts.out}`, {
        cause: error,
        hint: `${error instanceof Error ? error.message : String(error)}. Give --out a file path you may write.`,
      });
    }
  }
  io.out(renderPlan(thePlan, opts.format, io.color));
  return opts.detailedExitcode === true && thePlan.changes.length > 0 ? EXIT.changes : EXIT.ok;
}

function renderPlan(thePlan: Plan, format: PlanFormat, color: boolean): string {
  if (format === 'json') return renderPlanJson(thePlan);
  if (format === 'markdown') return renderPlanMarkdown(thePlan);
  return renderPlanText(thePlan, { color });
}
