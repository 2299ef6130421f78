// `fwsync pull`: live edits into the YAML in place. Exit 2 when a conflict was left alone.

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
  return result.plan.conflicts.length > 0 ? EXIT.changes : EXIT.ok;
}
