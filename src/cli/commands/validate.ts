import { EXIT } from '../../errors.js';
import type { Ports } from '../../use-cases/ports.js';
import { validate } from '../../use-cases/validate.js';
import type { Io } from '../io.js';
import { configPathOf, type GlobalOptions } from '../options.js';

export async function validateCommand(opts: GlobalOptions, ports: Ports, io: Io): Promise<number> {
  const inputs = await validate(ports, configPathOf(opts));
  const files = inputs.desired.files.length;
  const images =
    inputs.desired.images.length +
    inputs.desired.files.filter((f) => f.skipped).reduce((n, f) => n + f.guids.length, 0);
  if (opts.quiet !== true)
    io.out(`Valid: ${images} image${images === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.\n`);
  return EXIT.ok;
}
