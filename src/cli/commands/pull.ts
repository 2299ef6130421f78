// `fwsync pull`: live edits into the YAML in place. Exit 2 when an edit was left alone.

import { EXIT } from '../../errors.js';
import { renderPullText } from '../../render/pull.js';
import type { Ports } from '../../use-cases/ports.js';
import { pull } from '../../use-cases/pull.js';
import type { Io } from '../io.js';
import { configPathOf, type PullOptions } from '../options.js';

export async function pullCommand(opts: PullOptions, ports: Ports, io: Io): Promise<number> {
  const result = await pull(ports, {
    ...configPathOf(opts),
    guids: opts.guid,
    fields: opts.field,
    dryRun: opts.dryRun === true,
    force: opts.force === true,
    ...(opts.addNew === undefined ? {} : { addNew: opts.addNew }),
  });
  io.out(
    renderPullText(
      { ...result, ...(opts.addNew === undefined ? {} : { addNew: opts.addNew }) },
      { color: io.color },
    ),
  );
  // Exit 2: something was left for a person to decide (a conflict, a value the YAML cannot hold).
  return result.plan.conflicts.length + result.plan.unpullable.length > 0 ? EXIT.changes : EXIT.ok;
}
