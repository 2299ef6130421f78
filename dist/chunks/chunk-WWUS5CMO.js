import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  escapeWorkflowCommandLines
} from "./chunk-HJNSNV4R.js";
import {
  redact
} from "./chunk-AT44SEU4.js";
import {
  sortIssues
} from "./chunk-YSXB2OIR.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";

// src/render/issues.ts
function formatIssues(issues, max = 50) {
  const sorted = sortIssues(issues);
  const lines = [];
  for (const issue of sorted.slice(0, max)) {
    lines.push(`${issue.file}:${issue.line}:${issue.column} error ${issue.message}`);
    if (issue.hint) lines.push(`  hint: ${issue.hint}`);
  }
  if (sorted.length > max) lines.push(`\u2026and ${sorted.length - max} more`);
  return lines.join("\n");
}

// src/cli/io.ts
function makeIo(terminal, opts) {
  const secrets = secretsOf(terminal.env);
  const redacted = (t) => secrets.length ? redact(t, secrets) : t;
  const inActions = terminal.env.GITHUB_ACTIONS === "true";
  const clean = (t) => inActions ? escapeWorkflowCommandLines(redacted(t)) : redacted(t);
  const noColor = opts.color === false || (terminal.env.NO_COLOR ?? "") !== "";
  return {
    out: (t) => terminal.stdout(clean(t)),
    // Redaction and workflow-command escaping work line by line, and a block ends a line, so
    // cleaning it alone gives the bytes cleaning the whole output would.
    outStream: (pieces) => writeInBlocks(pieces, async (block) => {
      terminal.stdout(clean(block));
      await terminal.stdoutDrained?.();
    }),
    err: (t) => terminal.stderr(clean(t)),
    color: !noColor && terminal.stdoutIsTty,
    isTty: terminal.interactive,
    stdoutIsTty: terminal.stdoutIsTty
  };
}
var BLOCK_CHARS = 64 * 1024;
async function writeInBlocks(pieces, write) {
  let block = [];
  let size = 0;
  for (const piece of pieces) {
    block.push(piece);
    size += piece.length;
    if (size >= BLOCK_CHARS) {
      await write(block.join(""));
      block = [];
      size = 0;
    }
  }
  if (size > 0) await write(block.join(""));
}
function makeLogger(io, opts) {
  return {
    info: (m) => {
      if (opts.quiet !== true) io.err(`${m}
`);
    },
    warn: (m) => io.err(`warning: ${m}
`),
    verbose: (m) => {
      if (opts.verbose === true) io.err(`${m}
`);
    }
  };
}
function secretsOf(env) {
  return [env.FINERWORKS_WEB_API_KEY, env.FINERWORKS_APP_KEY, env.FINERWORKS_ACCOUNT_KEY].filter(
    (v) => typeof v === "string" && v.trim().length > 0
  );
}
function reportError(error, io, verbose) {
  if (error instanceof FwsyncError) {
    if (error.issues.length > 0) io.err(formatIssues(error.issues, 50) + "\n");
    io.err(`error: ${error.message}
`);
    if (error.hint) io.err(`  ${error.hint}
`);
    if (verbose && error.cause instanceof Error) io.err(`  cause: ${error.cause.message}
`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`internal error: ${message}
`);
  if (verbose && error instanceof Error && error.stack) io.err(`${error.stack}
`);
  else io.err("  This is a bug in fwsync. Run again with --verbose for details and report it.\n");
}

export {
  makeIo,
  writeInBlocks,
  makeLogger,
  reportError
};
