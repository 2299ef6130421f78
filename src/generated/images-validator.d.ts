// Types of the generated validator beside this file (see scripts/validator-codegen.ts).
import type { ValidateFunction } from 'ajv';

declare const validate: ValidateFunction;
export default validate;
