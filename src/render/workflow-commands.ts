// On a GitHub runner every line of a step's output that starts with `::` (or the older `##[`)
// is read as a workflow command: `::error`, `::add-mask`, `::stop-commands` and so on. fwsync
// prints strings from the repository (file names, titles, config values), so a file named
// "bad\n::error title=X::y.yaml" could add an annotation, or stop the log's command processing
// and with it the masking of later commands. Each line start a string could create is escaped
// here (docs/security.md). The runner splits lines at CR as well as LF. Pure.

const COMMAND_AT_LINE_START = /(^|[\r\n])([ \t]*)(::|##\[)/g;

/** `text` with every `::` or `##[` at a line start escaped (`%3A%3A`, `#%23[`). */
export function escapeWorkflowCommandLines(text: string): string {
  return text.replace(
    COMMAND_AT_LINE_START,
    (_m, start: string, space: string, command: string) =>
      `${start}${space}${command === '::' ? '%3A%3A' : '#%23['}`,
  );
}
