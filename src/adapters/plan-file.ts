// A plan saved with `fwsync plan --out`: read back for `apply --plan`, and checked against
// schemas/plan.schema.json first, so a hand-made or truncated file is a clear input error
// rather than a crash somewhere inside apply.

import { readFile } from 'node:fs/promises';
import planSchema from '../../schemas/plan.schema.json' with { type: 'json' };
import { createAjv } from '../core/ajv.js';
import type { Plan } from '../core/types.js';
import { FwsyncError } from '../errors.js';

export async function readPlanFile(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FwsyncError('input', `cannot read the plan file ${file}`, {
      cause: error,
      hint: 'Create it with `fwsync plan --out FILE`.',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FwsyncError('input', `${file} is not JSON, so not a plan written by \`fwsync plan --out\``, {
      cause: error,
    });
  }
  const validate = createAjv({ trustedSchemas: true }).compile<Plan>(planSchema);
  if (!validate(parsed)) {
    const first = validate.errors?.[0];
    const where = first
      ? `${first.instancePath || 'the top level'} ${first.message ?? 'is invalid'}`
      : 'is invalid';
    throw new FwsyncError('input', `${file} is not a plan written by \`fwsync plan --out\` (${where})`, {
      hint: 'Make the plan again with `fwsync plan --out FILE` and apply that file.',
    });
  }
  return parsed;
}
