// The GitHub Action entry point (action.yml → dist/action.js). Everything happens in run():
// inputs are read there, never at import time, and it never throws.
import { run } from './action-run.js';

await run();
