import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  renderDriftJson,
  renderDriftMarkdown,
  renderDriftText
} from "./chunk-EYI2MBY7.js";
import {
  visible
} from "./chunk-SSRK4XA7.js";
import {
  apiFor,
  validate
} from "./chunk-4B5QBBFM.js";
import {
  loadConfig
} from "./chunk-EXABAOX2.js";
import "./chunk-REWMZUM7.js";
import "./chunk-45MWFRMA.js";
import {
  computeDrift,
  describeRejected,
  desiredByGuid,
  importAccount,
  readLive,
  retryingCaller,
  whoami
} from "./chunk-GZVYFZRS.js";
import "./chunk-BVCSSB76.js";
import "./chunk-O76BHX5I.js";
import "./chunk-F5ZD3MGM.js";
import "./chunk-XNBMZVUY.js";
import {
  EXIT
} from "./chunk-HKFHH7BV.js";
import "./chunk-D7776OBV.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-KASPISZ5.js";
import "./chunk-VB7EOEZX.js";

// src/run-cli-live.ts
function configPathOf(opts) {
  return typeof opts.config === "string" ? { configPath: opts.config } : {};
}
async function dispatchLive(name, opts, deps, io) {
  switch (name) {
    case "whoami":
      return whoamiCommand(opts, deps, io);
    case "import":
      return importCommand(opts, deps, io);
    case "drift":
      return driftCommand(opts, deps, io);
  }
}
async function whoamiCommand(opts, deps, io) {
  const config = await loadConfig({ cwd: deps.cwd, ...configPathOf(opts) });
  const me = await whoami(apiFor(deps, config), retryingCaller(deps, config));
  io.out(`Authenticated as ${visible(me.name)} (account ${me.id === null ? "id unknown" : me.id})
`);
  return EXIT.ok;
}
async function importCommand(opts, deps, io) {
  const out = typeof opts.out === "string" && opts.out !== "" ? opts.out : "images/imported.yaml";
  const result = await importAccount(deps, { out, force: opts.force === true, ...configPathOf(opts) });
  if (result.rejected.length > 0) {
    io.err(
      `warning: ${result.rejected.length} image${result.rejected.length === 1 ? " was" : "s were"} left out of ${result.file} and the state, because the image schema would reject their values (nothing was truncated):
`
    );
    for (const line of describeRejected(result.rejected, 50).split("\n")) io.err(`  ${visible(line)}
`);
    io.err(
      "  Fix them on FinerWorks and import again, or add them to a YAML file by hand with valid values.\n"
    );
  }
  io.out(
    `Imported ${result.imported} image${result.imported === 1 ? "" : "s"} into ${visible(result.file)} and wrote ${visible(result.statePath)}.
Run \`fwsync plan\`: it should show no changes. Commit both files.
`
  );
  return EXIT.ok;
}
async function driftCommand(opts, deps, io) {
  const inputs = await validate(deps, configPathOf(opts));
  const { config, state, desired } = inputs;
  const guids = [.../* @__PURE__ */ new Set([...desiredByGuid(desired, state).keys(), ...Object.keys(state?.images ?? {})])];
  const read = await readLive(apiFor(deps, config), {
    library: config.library,
    guids,
    listProducts: false,
    call: retryingCaller(deps, config)
  });
  const report = computeDrift({ live: read.live, state, desired });
  const format = typeof opts.format === "string" ? opts.format : "text";
  if (format === "json") io.out(renderDriftJson(report));
  else if (format === "markdown") io.out(renderDriftMarkdown(report));
  else io.out(renderDriftText(report, { color: io.color }));
  return report.drift ? EXIT.changes : EXIT.ok;
}
export {
  dispatchLive
};
