// The GitHub Action entry point (action.yml → dist/action.js); everything happens in run().
import { run } from './action/main.js';
import { realActionPorts } from './action/ports.js';

await run(process.env, realActionPorts(process.env));
