import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  whoami
} from "./chunk-IJ3H5H5O.js";
import {
  driftReport
} from "./chunk-FN66G2OC.js";
import {
  YamlEditError,
  describeRejected,
  editImagesYaml,
  imageFileTarget,
  renderDriftJson,
  renderDriftMarkdown,
  renderDriftText,
  renderImportYaml,
  toPosix
} from "./chunk-CAER5P77.js";
import {
  parseImagesText
} from "./chunk-4SBAGFFU.js";
import {
  toDesiredImages
} from "./chunk-U2ITD6M2.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-ICBGLEOU.js";
import {
  apiFor,
  retryingCaller
} from "./chunk-IEV2GMXG.js";
import "./chunk-5TBF2SJK.js";
import {
  countImages,
  importedFields,
  listAll,
  productLabel,
  rejectReasons,
  visible
} from "./chunk-DVXEWOV7.js";
import "./chunk-AT44SEU4.js";
import {
  VERSION
} from "./chunk-JRKJ7VIZ.js";
import {
  configPathOf
} from "./chunk-GA74MVZ6.js";
import {
  loadConfigFor,
  nextState
} from "./chunk-VQJHGHBG.js";
import "./chunk-OWOVCXQ3.js";
import "./chunk-RUZFTCW2.js";
import "./chunk-TQBHC6B2.js";
import "./chunk-FQCVKA3H.js";
import {
  canonicalFields,
  compareCodeUnits,
  fieldsEqual,
  sha256
} from "./chunk-NAR3LMYI.js";
import {
  EXIT,
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import "./chunk-VB7EOEZX.js";

// src/use-cases/import.ts
import path from "node:path";
var IMAGES_SCHEMA_URL = "https://github.com/fwsync/fwsync/schemas/images.schema.json";
async function importAccount(ports, opts) {
  const config = await loadConfigFor(ports, opts);
  const { abs: outAbs, rel } = imageFileTarget(ports.cwd, config, opts.out, "--out");
  const others = (await ports.images.list({ cwd: ports.cwd, patterns: config.images })).filter(
    (f) => f !== rel
  );
  if (others.length > 0) {
    ports.log.warn(
      `${others.length} other image file${others.length === 1 ? "" : "s"} already match the globs (${others.slice(0, 3).join(", ")}${others.length > 3 ? ", \u2026" : ""}); an image in both would be a duplicate guid. Remove it from one of them.`
    );
  }
  const statePath = path.resolve(ports.cwd, config.state);
  const lock = await ports.lock.acquire(path.dirname(statePath), { command: "import" });
  for (const warning of lock.warnings) ports.log.warn(warning);
  try {
    return await importLocked(ports, { config, outAbs, rel, statePath, force: opts.force });
  } finally {
    await lock.release();
  }
}
async function importLocked(ports, target) {
  const { config, outAbs, rel, statePath } = target;
  const stateRel = toPosix(path.relative(ports.cwd, statePath));
  const { state: existing } = await ports.state.read(statePath);
  if (!target.force) {
    const taken = [await ports.files.exists(outAbs) ? rel : null, existing ? stateRel : null].filter(
      (p) => p !== null
    );
    if (taken.length > 0) {
      throw new FwsyncError("input", `import would overwrite ${taken.join(" and ")}`, {
        hint: "Nothing was read or written. Choose another --out, or run `fwsync import --force` to replace them."
      });
    }
  }
  const api = apiFor(ports, config);
  const started = ports.clock.now();
  const images = await listAll(api, {
    library: config.library,
    // With the products, so the state records what each image had (plans show it later).
    listProducts: config.library.name === "inventory",
    call: retryingCaller(ports, config),
    onPage: (e) => {
      ports.log.info(
        `import: page ${e.page}: ${e.read}${e.total === null ? "" : ` of ${e.total}`} images read`
      );
    }
  });
  const other = await countOtherLibrary(ports, config);
  const rejected = [];
  const accepted = [];
  const leftOut = [];
  for (const image of images) {
    const reasons = rejectReasons(image);
    if (reasons.length > 0) {
      rejected.push({ guid: image.guid, reasons });
      continue;
    }
    const imported = importedFields(image);
    accepted.push({ guid: image.guid, fields: imported.fields });
    if (imported.leftOut.length > 0) leftOut.push({ guid: image.guid, reasons: imported.leftOut });
  }
  if (leftOut.length > 0) {
    leftOut.sort((a, b) => compareCodeUnits(a.guid, b.guid));
    ports.log.warn(
      `${leftOut.length} image${leftOut.length === 1 ? " has" : "s have"} values the image schema would reject; those fields were left out (not managed):
${describeRejected(leftOut, 10)}`
    );
  }
  accepted.sort((a, b) => compareCodeUnits(a.guid, b.guid));
  rejected.sort((a, b) => compareCodeUnits(a.guid, b.guid));
  if (accepted.length === 0) {
    throw new FwsyncError(
      "input",
      `the account has no importable images in library "${config.library.name}" (${images.length} read, ${rejected.length} rejected)`,
      {
        hint: rejected.length > 0 ? `Nothing was written. ${describeRejected(rejected, 5)}` : "Nothing was written. Check library.name and library.site_id in the config."
      }
    );
  }
  const inPlace = target.force ? await updatedInPlace(ports, outAbs, rel, accepted) : null;
  const text = inPlace ?? renderImportYaml(accepted, {
    generatedAt: started.toISOString(),
    schemaRef: await schemaRefFor(ports, path.dirname(outAbs)),
    version: VERSION
  });
  const bytes = Buffer.from(text, "utf8");
  const desiredImages = inPlace === null ? readBack(text, rel, accepted) : readEdited(text, rel);
  const desired = {
    images: desiredImages,
    files: [{ path: rel, hash: sha256(bytes), guids: desiredImages.map((d) => d.guid), skipped: false }]
  };
  const commit = await ports.git.headCommit(ports.cwd);
  const appliedAt = ports.clock.now().toISOString();
  const fresh = nextState(null, {
    lineage: existing?.lineage ?? ports.state.newLineage(),
    confirmed: desiredImages.map((d) => ({
      guid: d.guid,
      applied: canonicalFields(d.fields),
      applied_at: appliedAt,
      source: rel,
      commit
    })),
    forgotten: [],
    desired,
    products: productsSeen(images, appliedAt)
  });
  const state = existing ? { ...fresh, serial: existing.serial + 1 } : fresh;
  await ports.files.writeAtomic(outAbs, bytes, { exclusive: !target.force });
  await ports.state.write(statePath, state, {
    expected: existing ? { lineage: existing.lineage, serial: existing.serial } : null
  });
  return {
    file: rel,
    statePath: stateRel,
    imported: accepted.length,
    rejected,
    library: config.library.name,
    other
  };
}
async function countOtherLibrary(ports, config) {
  const library = config.library.name === "inventory" ? "temporary" : "inventory";
  try {
    const count = await countImages(apiFor(ports, config), {
      library: { name: library, site_id: config.library.site_id },
      call: retryingCaller(ports, config)
    });
    return { library, count };
  } catch (error) {
    if (!(error instanceof FwsyncError) || error.kind !== "api") throw error;
    ports.log.verbose(`import: library ${library} not counted: ${error.message}`);
    return { library, count: null };
  }
}
async function updatedInPlace(ports, outAbs, rel, accepted) {
  if (!await ports.files.exists(outAbs)) return null;
  const text = await ports.files.readText(outAbs);
  const parsed = parseImagesText(text, rel);
  if (!parsed.ok) {
    ports.log.warn(`${rel} is not a valid image file; it is rewritten whole`);
    return null;
  }
  const inFile = new Map(toDesiredImages(parsed.data, rel, parsed.imageLines).map((d) => [d.guid, d]));
  const onAccount = new Set(accepted.map((a) => a.guid));
  const set = [];
  const append = [];
  for (const image of accepted) {
    const have = inFile.get(image.guid);
    if (!have) append.push(image);
    else
      for (const field of ["title", "description"]) {
        if (have.fields[field] !== image.fields[field])
          set.push({ guid: image.guid, field, value: image.fields[field] });
      }
  }
  const remove = [...inFile.keys()].filter((g) => !onAccount.has(g));
  try {
    return editImagesYaml(text, rel, { set, append, remove });
  } catch (error) {
    if (!(error instanceof YamlEditError)) throw error;
    ports.log.warn(`${rel} cannot be updated in place (${error.message}); it is rewritten whole`);
    return null;
  }
}
function readEdited(text, rel) {
  const parsed = parseImagesText(text, rel);
  if (!parsed.ok) throw new FwsyncError("input", `the updated ${rel} does not read back`);
  return toDesiredImages(parsed.data, rel, parsed.imageLines);
}
function readBack(text, rel, accepted) {
  const parsed = parseImagesText(text, rel);
  if (!parsed.ok) {
    throw new FwsyncError(
      "input",
      `the generated YAML for ${rel} does not read back (${parsed.issues[0]?.message ?? "unknown problem"})`,
      { hint: "This is a bug in fwsync; nothing was written. Please report it." }
    );
  }
  const desiredImages = toDesiredImages(parsed.data, rel, parsed.imageLines);
  const roundTrips = desiredImages.length === accepted.length && desiredImages.every((d, i) => d.guid === accepted[i]?.guid && fieldsEqual(d.fields, accepted[i].fields));
  if (!roundTrips) {
    throw new FwsyncError("input", `the generated YAML for ${rel} reads back with different values`, {
      hint: "This is a bug in fwsync; nothing was written. Please report it."
    });
  }
  return desiredImages;
}
async function schemaRefFor(ports, outDir) {
  for (const candidate of [
    path.join(ports.cwd, "schemas", "images.schema.json"),
    path.join(ports.cwd, "node_modules", "fwsync", "schemas", "images.schema.json")
  ]) {
    if (await ports.files.exists(candidate)) return toPosix(path.relative(outDir, candidate));
  }
  return IMAGES_SCHEMA_URL;
}
function productsSeen(images, seenAt) {
  const seen = /* @__PURE__ */ new Map();
  for (const image of images) {
    const labels = Array.isArray(image.products) ? image.products.map(productLabel).sort() : [];
    seen.set(image.guid, { labels, seen_at: seenAt });
  }
  return seen;
}

// src/cli/commands/live.ts
async function whoamiCommand(opts, ports, io) {
  const config = await loadConfigFor(ports, configPathOf(opts));
  const me = await whoami(apiFor(ports, config), retryingCaller(ports, config));
  io.out(`Authenticated as ${visible(me.name)} (account ${me.id === null ? "id unknown" : me.id})
`);
  return EXIT.ok;
}
async function importCommand(opts, ports, io) {
  const out = opts.out !== "" ? opts.out : "images/imported.yaml";
  const result = await importAccount(ports, { out, force: opts.force === true, ...configPathOf(opts) });
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
  const { other } = result;
  const others = other.count === null ? `library ${other.library} was not counted and is not managed` : other.count === 0 ? `library ${other.library} holds none` : `${other.count} more in library ${other.library} ${other.count === 1 ? "is" : "are"} not managed`;
  io.out(
    `Imported ${result.imported} image${result.imported === 1 ? "" : "s"} in library ${result.library} into ${visible(result.file)} and wrote ${visible(result.statePath)}; ${others} (library.name in the config chooses).
Run \`fwsync plan\`: it should show no changes. Commit both files.
`
  );
  return EXIT.ok;
}
async function driftCommand(opts, ports, io) {
  const report = await driftReport(ports, configPathOf(opts));
  if (opts.format === "json") io.out(renderDriftJson(report));
  else if (opts.format === "markdown") io.out(renderDriftMarkdown(report));
  else io.out(renderDriftText(report, { color: io.color }));
  return report.drift ? EXIT.changes : EXIT.ok;
}
export {
  driftCommand,
  importCommand,
  whoamiCommand
};
