import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  nodePorts
} from "./chunk-6IU23DED.js";
import "./chunk-OE57REKD.js";
import "./chunk-4SBAGFFU.js";
import "./chunk-E7KC2WQN.js";
import "./chunk-EF2EEJLY.js";
import "./chunk-U2ITD6M2.js";
import "./chunk-PUWSEZHP.js";
import {
  makeIo,
  makeLogger,
  reportError
} from "./chunk-WWUS5CMO.js";
import "./chunk-HJNSNV4R.js";
import "./chunk-AT44SEU4.js";
import "./chunk-YSXB2OIR.js";
import "./chunk-JRKJ7VIZ.js";
import "./chunk-RUZFTCW2.js";
import "./chunk-TQBHC6B2.js";
import "./chunk-FQCVKA3H.js";
import "./chunk-NAR3LMYI.js";
import {
  EXIT,
  FwsyncError,
  exitCodeFor
} from "./chunk-HKFHH7BV.js";
import "./chunk-VB7EOEZX.js";

// src/cli/run-command.ts
import { stat } from "node:fs/promises";
import path from "node:path";
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
      return (await import("./init-NKH7AX42.js")).initCommand(o, c.ports.cwd, c.io);
    case "validate":
      return (await import("./validate-RV7INVXY.js")).validateCommand(o, c.ports, c.io);
    case "plan":
      return (await import("./plan-LXOF5QLG.js")).planCommand(o, c.ports, c.io);
    case "apply":
      return (await import("./apply-KHXDNB75.js")).applyCommand(
        o,
        c.ports,
        c.io,
        (q) => c.terminal.ask(q)
      );
    case "whoami":
      return (await import("./live-D4RC6VCT.js")).whoamiCommand(o, c.ports, c.io);
    case "import":
      return (await import("./live-D4RC6VCT.js")).importCommand(o, c.ports, c.io);
    case "drift":
      return (await import("./live-D4RC6VCT.js")).driftCommand(o, c.ports, c.io);
    case "doctor":
      return (await import("./doctor-FRM2VK2H.js")).doctorCommand(
        o,
        c.ports,
        c.io,
        (q) => c.terminal.ask(q)
      );
    case "pull":
      return (await import("./pull-6PVDZJ5E.js")).pullCommand(o, c.ports, c.io);
    case "emulator":
      return (await import("./emulator-SFQGLRS5.js")).emulatorCommand(
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
