import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  renderApplyResultJson,
  renderApplyResultText,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanText
} from "./chunk-SSRK4XA7.js";
import {
  apply,
  plan,
  validate
} from "./chunk-4B5QBBFM.js";
import "./chunk-EXABAOX2.js";
import "./chunk-REWMZUM7.js";
import "./chunk-45MWFRMA.js";
import {
  redact
} from "./chunk-BVCSSB76.js";
import "./chunk-O76BHX5I.js";
import "./chunk-XNBMZVUY.js";
import {
  EXIT,
  FwsyncError,
  exitCodeFor
} from "./chunk-HKFHH7BV.js";
import {
  formatIssues
} from "./chunk-D7776OBV.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-KASPISZ5.js";
import "./chunk-VB7EOEZX.js";

// src/run-cli.ts
import { writeFile, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline/promises";
function makeIo(opts) {
  const noColor = opts.color === false || (process.env.NO_COLOR ?? "") !== "";
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: !noColor && process.stdout.isTTY === true,
    isTty: process.stdin.isTTY === true && process.stdout.isTTY === true
  };
}
function makeLogger(io, opts) {
  const quiet = opts.quiet === true;
  const verbose = opts.verbose === true;
  return {
    info: (m) => {
      if (!quiet) io.err(`${m}
`);
    },
    warn: (m) => io.err(`warning: ${m}
`),
    verbose: (m) => {
      if (verbose) io.err(`${m}
`);
    }
  };
}
function secretsOf(env) {
  return [env.FINERWORKS_WEB_API_KEY, env.FINERWORKS_APP_KEY, env.FINERWORKS_ACCOUNT_KEY].filter(
    (v) => typeof v === "string" && v.trim().length > 0
  );
}
async function runCommand(name, opts) {
  const io = makeIo(opts);
  const cwd = typeof opts.C === "string" ? path.resolve(opts.C) : process.cwd();
  const secrets = secretsOf(process.env);
  const safeIo = {
    ...io,
    out: (t) => io.out(secrets.length ? redact(t, secrets) : t),
    err: (t) => io.err(secrets.length ? redact(t, secrets) : t)
  };
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal) => {
    signals += 1;
    const interrupted = new FwsyncError("interrupted", `interrupted by ${signal}`);
    if (name === "emulator") {
      safeIo.err(`
${signal}: stopping the emulator
`);
      controller.abort(interrupted);
      return;
    }
    if (name !== "apply" || signals > 1) {
      safeIo.err(`
${signal}: interrupted
`);
      process.exit(EXIT.interrupted);
    }
    safeIo.err(`
${signal}: starting no new request; finishing the ones in flight and saving the state\u2026
`);
    controller.abort(interrupted);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const deps = {
    cwd,
    env: process.env,
    now: () => /* @__PURE__ */ new Date(),
    signal: controller.signal,
    log: makeLogger(safeIo, opts)
  };
  try {
    if (typeof opts.C === "string") await requireDirectory(cwd, opts.C);
    return await dispatch(name, opts, deps, safeIo);
  } catch (error) {
    reportError(error, safeIo, opts.verbose === true);
    return exitCodeFor(error);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
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
function configPathOf(opts) {
  return typeof opts.config === "string" ? { configPath: opts.config } : {};
}
async function dispatch(name, opts, deps, io) {
  switch (name) {
    case "validate": {
      const inputs = await validate(deps, configPathOf(opts));
      const files = inputs.desired.files.length;
      const images = inputs.desired.images.length + inputs.desired.files.filter((f) => f.skipped).reduce((n, f) => n + f.guids.length, 0);
      if (opts.quiet !== true)
        io.out(
          `Valid: ${images} image${images === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}.
`
        );
      return EXIT.ok;
    }
    case "plan": {
      const { plan: thePlan } = await plan(deps, { ...configPathOf(opts), refresh: opts.refresh === true });
      if (typeof opts.out === "string") {
        const out = path.resolve(deps.cwd, opts.out);
        try {
          await mkdir(path.dirname(out), { recursive: true });
          await writeFile(out, renderPlanJson(thePlan));
        } catch (error) {
          throw new FwsyncError("input", `cannot write the plan to ${opts.out}`, {
            cause: error,
            hint: `${error instanceof Error ? error.message : String(error)}. Give --out a file path you may write.`
          });
        }
      }
      io.out(renderPlan(thePlan, typeof opts.format === "string" ? opts.format : "text", io.color));
      const hasChanges = thePlan.changes.length > 0;
      return opts.detailedExitcode === true && hasChanges ? EXIT.changes : EXIT.ok;
    }
    case "apply":
      return applyCommand(opts, deps, io);
    case "init": {
      const { initCommand } = await import("./run-cli-init-HYCHYK7L.js");
      return initCommand(opts, deps.cwd, io.out);
    }
    case "whoami":
    case "import":
    case "drift": {
      const { dispatchLive } = await import("./run-cli-live-MXBDTLOV.js");
      return dispatchLive(name, opts, deps, io);
    }
    case "emulator": {
      const { runEmulatorCommand } = await import("./command-Z2Q24FNO.js");
      await runEmulatorCommand(
        {
          port: Number(opts.port),
          host: String(opts.host),
          ...typeof opts.seed === "string" ? { seedFile: path.resolve(deps.cwd, opts.seed) } : {},
          latencyMs: Number(opts.latencyMs ?? 0),
          failureRate: Number(opts.failureRate ?? 0),
          ...opts.maxBatchSize !== void 0 ? { maxBatchSize: Number(opts.maxBatchSize) } : {}
        },
        { stdout: (s) => io.out(s), signal: deps.signal }
      );
      return EXIT.ok;
    }
    default:
      throw new FwsyncError("input", `unknown command ${name}`, {
        hint: "Run `fwsync --help` for the commands."
      });
  }
}
function renderPlan(thePlan, format, color) {
  if (format === "json") return renderPlanJson(thePlan);
  if (format === "markdown") return renderPlanMarkdown(thePlan);
  return renderPlanText(thePlan, { color });
}
async function applyCommand(opts, deps, io) {
  const savedPlan = typeof opts.plan === "string" ? await (await import("./plan-file-23XZ5JSL.js")).readPlanFile(path.resolve(deps.cwd, opts.plan)) : void 0;
  const json = opts.format === "json";
  const progressLine = io.isTty && !json;
  const outcome = await apply(deps, {
    ...configPathOf(opts),
    ...savedPlan ? { savedPlan } : {},
    force: opts.force === true,
    refresh: opts.refresh === true,
    verify: opts.verify === true,
    confirm: async (thePlan) => {
      if (!json) io.out(renderPlanText(thePlan, { color: io.color }));
      const sends = thePlan.changes.length;
      if (opts.yes === true || sends === 0) return true;
      if (!io.isTty) {
        throw new FwsyncError("input", "apply needs confirmation, and there is no terminal to ask on", {
          hint: "Review the plan above and run `fwsync apply --yes` to apply it without asking."
        });
      }
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question('\nApply these changes? Only "yes" is accepted: ');
        return answer.trim() === "yes";
      } catch {
        return false;
      } finally {
        rl.close();
      }
    },
    onProgress: (p) => {
      if (json || opts.quiet === true) return;
      if (progressLine) {
        const width = 30;
        const filled = Math.round(p.done / Math.max(1, p.total) * width);
        io.err(
          `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${p.done}/${p.total} images confirmed`
        );
        if (p.done >= p.total) io.err("\n");
      } else {
        io.err(`${p.done}/${p.total} images confirmed
`);
      }
    }
  });
  if (outcome.cancelled) {
    io.err("Apply cancelled; nothing was sent.\n");
    return EXIT.ok;
  }
  io.out(
    json ? renderApplyResultJson(outcome.result) : renderApplyResultText(outcome.result, { color: io.color })
  );
  if (outcome.result.interrupted) return EXIT.interrupted;
  if (!outcome.result.complete) return EXIT.partial;
  return EXIT.ok;
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
  runCommand
};
