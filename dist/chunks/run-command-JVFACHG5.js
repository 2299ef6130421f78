import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  escapeWorkflowCommandLines,
  nodePorts
} from "./chunk-EW2IAUOD.js";
import "./chunk-OE57REKD.js";
import "./chunk-K3UJKV5A.js";
import {
  sortIssues
} from "./chunk-XSFHFNF7.js";
import "./chunk-476J4JYE.js";
import "./chunk-OTZEFVKT.js";
import "./chunk-24UNJDAM.js";
import {
  redact
} from "./chunk-AT44SEU4.js";
import "./chunk-ZBBQ75GC.js";
import "./chunk-QX2Q37IY.js";
import "./chunk-TQBHC6B2.js";
import "./chunk-QY62TGDO.js";
import "./chunk-NBDRQ2UY.js";
import {
  EXIT,
  FwsyncError,
  exitCodeFor
} from "./chunk-HKFHH7BV.js";
import "./chunk-VB7EOEZX.js";

// src/cli/run-command.ts
import { stat } from "node:fs/promises";
import path from "node:path";

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
    err: (t) => terminal.stderr(clean(t)),
    color: !noColor && terminal.stdoutIsTty,
    isTty: terminal.interactive,
    stdoutIsTty: terminal.stdoutIsTty
  };
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

// src/cli/run-command.ts
async function runCommand(name, opts, terminal, customize = (p) => p) {
  const io = makeIo(terminal, opts);
  const cwd = typeof opts.C === "string" ? path.resolve(terminal.cwd, opts.C) : terminal.cwd;
  const controller = new AbortController();
  let signals = 0;
  const stopListening = terminal.onSignal((signal) => {
    signals += 1;
    const interrupted = new FwsyncError("interrupted", `interrupted by ${signal}`);
    if (name === "emulator") {
      io.err(`
${signal}: stopping the emulator
`);
      controller.abort(interrupted);
      return;
    }
    const probing = name === "doctor" && typeof opts.probeImage === "string";
    if (name !== "apply" && !probing || signals > 1) {
      io.err(`
${signal}: interrupted
`);
      terminal.exit(EXIT.interrupted);
    }
    if (probing) {
      io.err(`
${signal}: stopping the probe and restoring the image's original values\u2026
`);
      controller.abort(interrupted);
      return;
    }
    io.err(`
${signal}: starting no new request; finishing the ones in flight and saving the state\u2026
`);
    controller.abort(interrupted);
  });
  const ports = customize(
    nodePorts({ cwd, env: terminal.env, signal: controller.signal, log: makeLogger(io, opts) })
  );
  try {
    if (typeof opts.C === "string") await requireDirectory(cwd, opts.C);
    return await dispatch(name, opts, { ports, io, terminal });
  } catch (error) {
    reportError(error, io, opts.verbose === true);
    return exitCodeFor(error);
  } finally {
    stopListening();
  }
}
async function dispatch(name, opts, c) {
  const o = opts;
  switch (name) {
    case "init":
      return (await import("./init-JI6LP7KN.js")).initCommand(o, c.ports.cwd, c.io);
    case "validate":
      return (await import("./validate-A34OMI7B.js")).validateCommand(o, c.ports, c.io);
    case "plan":
      return (await import("./plan-4RSAXGAV.js")).planCommand(o, c.ports, c.io);
    case "apply":
      return (await import("./apply-5HMSPNVW.js")).applyCommand(
        o,
        c.ports,
        c.io,
        (q) => c.terminal.ask(q)
      );
    case "whoami":
      return (await import("./live-N6IKH7MM.js")).whoamiCommand(o, c.ports, c.io);
    case "import":
      return (await import("./live-N6IKH7MM.js")).importCommand(o, c.ports, c.io);
    case "drift":
      return (await import("./live-N6IKH7MM.js")).driftCommand(o, c.ports, c.io);
    case "doctor":
      return (await import("./doctor-I5FMISJX.js")).doctorCommand(
        o,
        c.ports,
        c.io,
        (q) => c.terminal.ask(q)
      );
    case "pull":
      return (await import("./pull-VQ5SCGT2.js")).pullCommand(o, c.ports, c.io);
    case "emulator":
      return (await import("./emulator-BK3WAURT.js")).emulatorCommand(
        o,
        c.ports.cwd,
        c.ports.signal,
        c.io
      );
    default:
      throw new FwsyncError("input", `unknown command ${String(name)}`, {
        hint: "Run `fwsync --help` for the commands."
      });
  }
}
async function requireDirectory(dir, given) {
  const info = await stat(dir).catch(() => null);
  if (info?.isDirectory() !== true) {
    throw new FwsyncError("input", `-C ${given}: no such directory`, {
      hint: "give -C an existing directory; a relative path starts where fwsync is run"
    });
  }
}
export {
  runCommand
};
