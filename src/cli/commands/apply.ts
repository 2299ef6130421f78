import path from 'node:path';
import { readPlanFile } from '../../adapters/plan-file.js';
import type { Plan } from '../../core/types.js';
import { EXIT, FwsyncError } from '../../errors.js';
import { renderApplyResultJson } from '../../render/json.js';
import { renderSendNotice } from '../../render/send-notice.js';
import { renderApplyResultText, renderPlanText } from '../../render/text.js';
import { apply, type ApplyProgress, type ConfirmContext } from '../../use-cases/apply.js';
import type { Ports } from '../../use-cases/ports.js';
import type { Io } from '../io.js';
import { configPathOf, type ApplyOptions } from '../options.js';

export async function applyCommand(
  opts: ApplyOptions,
  ports: Ports,
  io: Io,
  ask: (question: string) => Promise<string | null>,
): Promise<number> {
  const savedPlan =
    typeof opts.plan === 'string' ? await readPlanFile(path.resolve(ports.cwd, opts.plan)) : undefined;
  const json = opts.format === 'json';
  const outcome = await apply(ports, {
    ...configPathOf(opts),
    ...(savedPlan ? { savedPlan } : {}),
    force: opts.force === true,
    refresh: opts.refresh === true,
    verify: opts.verify === true,
    allowProductRemoval: opts.allowProductRemoval === true,
    confirm: (thePlan, context) => confirm(thePlan, context, opts, io, ask),
    checkConfirmable: () => {
      if (opts.yes !== true && !io.isTty) {
        throw new FwsyncError('input', 'apply needs confirmation, and there is no terminal to ask on', {
          hint: 'Review the plan (`fwsync plan`) and run `fwsync apply --yes` to apply it without asking.',
        });
      }
    },
    onProgress: (p) => progress(p, opts, io),
  });
  if (outcome.cancelled) {
    // Declining is not success: a script that pipes "no" must not carry on as if applied.
    io.err('Apply cancelled; nothing was sent.\n');
    return EXIT.error;
  }
  io.out(
    json ? renderApplyResultJson(outcome.result) : renderApplyResultText(outcome.result, { color: io.color }),
  );
  if (outcome.result.interrupted) return EXIT.interrupted;
  if (!outcome.result.complete) return EXIT.partial;
  return EXIT.ok;
}

async function confirm(
  thePlan: Plan,
  context: ConfirmContext,
  opts: ApplyOptions,
  io: Io,
  ask: (question: string) => Promise<string | null>,
): Promise<boolean> {
  if (opts.format !== 'json') {
    io.out(renderPlanText(thePlan, { color: io.color }));
    io.out(renderSendNotice(context, { color: io.color }));
  }
  if (opts.yes === true || thePlan.changes.length === 0) return true;
  if (!io.isTty) {
    throw new FwsyncError('input', 'apply needs confirmation, and there is no terminal to ask on', {
      hint: 'Review the plan above and run `fwsync apply --yes` to apply it without asking.',
    });
  }
  const answer = await ask('\nApply these changes? Only "yes" is accepted: ');
  return answer?.trim() === 'yes';
}

function progress(p: ApplyProgress, opts: ApplyOptions, io: Io): void {
  if (opts.format === 'json' || opts.quiet === true) return;
  if (io.isTty) {
    const width = 30;
    const filled = Math.round((p.done / Math.max(1, p.total)) * width);
    io.err(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} images confirmed`);
    if (p.done >= p.total) io.err('\n');
  } else {
    io.err(`${p.done}/${p.total} images confirmed\n`);
  }
}
