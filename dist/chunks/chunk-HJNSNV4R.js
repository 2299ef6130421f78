import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);

// src/render/workflow-commands.ts
var COMMAND_AT_LINE_START = /(^|[\r\n])([ \t]*)(::|##\[)/g;
function escapeWorkflowCommandLines(text) {
  return text.replace(
    COMMAND_AT_LINE_START,
    (_m, start, space, command) => `${start}${space}${command === "::" ? "%3A%3A" : "#%23["}`
  );
}

export {
  escapeWorkflowCommandLines
};
