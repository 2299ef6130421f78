import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  invisibleCharacterIssues
} from "./chunk-OWOVCXQ3.js";
import {
  journalAlreadyFolded,
  journalMatches
} from "./chunk-RUZFTCW2.js";
import {
  profileEffects
} from "./chunk-TQBHC6B2.js";
import {
  canonicalFields,
  canonicalJson,
  fieldsEqual,
  hashFields
} from "./chunk-NAR3LMYI.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";

// src/use-cases/load-inputs.ts
import path from "node:path";

// src/core/next-state.ts
function nextState(prev, input) {
  const images = { ...prev?.images ?? {} };
  for (const c of input.confirmed) {
    const applied = canonicalFields(c.applied);
    const seen = images[c.guid]?.products;
    images[c.guid] = {
      applied,
      applied_at: c.applied_at,
      commit: c.commit,
      hash: hashFields(applied),
      ...seen ? { products: seen } : {},
      source: c.source
    };
  }
  for (const guid of input.forgotten) delete images[guid];
  for (const [guid, seen] of input.products ?? []) {
    const have = images[guid];
    if (have) {
      const { source, ...before } = have;
      images[guid] = {
        ...before,
        products: { labels: [...seen.labels].sort(), seen_at: seen.seen_at },
        source
      };
    }
  }
  const desiredByGuid = new Map(input.desired.images.map((image) => [image.guid, image]));
  for (const image of input.desired.images) {
    const have = images[image.guid];
    if (have && have.source !== image.file && fieldsEqual(have.applied, image.fields)) {
      images[image.guid] = { ...have, source: image.file };
    }
  }
  const files = {};
  for (const file of input.desired.files) {
    const fromFile = (guid) => images[guid]?.source === file.path;
    if (file.skipped) {
      const entry = prev?.files[file.path];
      if (entry && entry.guids.every(fromFile))
        files[file.path] = { hash: entry.hash, guids: [...entry.guids] };
      continue;
    }
    const confirmedWhole = file.guids.every((guid) => {
      const want = desiredByGuid.get(guid);
      const have = images[guid];
      return want !== void 0 && have !== void 0 && fromFile(guid) && fieldsEqual(have.applied, want.fields);
    });
    if (confirmedWhole) files[file.path] = { hash: file.hash, guids: [...file.guids].sort() };
  }
  const sortedImages = sortRecord(images);
  const sortedFiles = sortRecord(files);
  if (prev && sameContent(prev, sortedImages, sortedFiles)) {
    return { ...prev, images: sortedImages, files: sortedFiles };
  }
  return {
    version: 1,
    lineage: prev ? prev.lineage : input.lineage,
    serial: prev ? prev.serial + 1 : 1,
    images: sortedImages,
    files: sortedFiles
  };
}
function stateEquals(a, b) {
  return canonicalJson(a) === canonicalJson(b);
}
function sameContent(prev, images, files) {
  return sameRecord(prev.images, images) && sameRecord(prev.files, files);
}
function sameRecord(a, b) {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    const x = a[key];
    const y = b[key];
    if (x !== y && canonicalJson(x) !== canonicalJson(y)) return false;
  }
  return true;
}
function sortRecord(record) {
  const out = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}

// src/use-cases/load-inputs.ts
function loadConfigFor(ports, opts) {
  return ports.config.load({ cwd: ports.cwd, ...opts.configPath ? { configPath: opts.configPath } : {} });
}
async function loadInputs(ports, opts) {
  const config = opts.config ?? await loadConfigFor(ports, opts);
  const statePath = path.resolve(ports.cwd, config.state);
  const desiredFromFiles = (state2) => ports.images.read({
    cwd: ports.cwd,
    patterns: config.images,
    stateFiles: state2?.files ?? null,
    maxFiles: config.safety.max_image_files
  });
  const journal = await ports.journal.read(statePath);
  if (opts.partialState === true && journal === null) {
    const staged = await ports.state.readStaged(statePath);
    const read = await desiredFromFiles(staged);
    const skipped = read.desired.files.filter((f) => f.skipped);
    const images = staged ? await staged.images(skipped) : null;
    return finish(ports, config, statePath, read, {
      state: images?.state ?? null,
      onDisk: staged,
      recovered: 0,
      foldedJournal: false,
      ...images ? { tracked: images.tracked } : {}
    });
  }
  const { state: onDisk } = await ports.state.read(statePath);
  let state = onDisk;
  let recovered = 0;
  let foldedJournal = false;
  if (journal && journalAlreadyFolded(journal, onDisk)) {
    foldedJournal = true;
    ports.log.verbose("the apply journal is already folded into the state; it is ignored");
  } else if (journal) {
    if (!journalMatches(journal.header, onDisk)) {
      throw new FwsyncError(
        "state",
        `found ${path.relative(ports.cwd, statePath)}.journal that does not belong to the state file`,
        {
          hint: "The journal records updates an interrupted apply had confirmed, but the state file has changed since. Keep a copy of the journal, delete it, and run `fwsync plan --refresh` to compare with the live account."
        }
      );
    }
    if (journal.torn)
      ports.log.warn("the last line of the apply journal was cut short by a crash; it is ignored");
    recovered = journal.entries.length;
    if (recovered > 0) {
      const { desired } = await desiredFromFiles(null);
      state = nextState(onDisk, {
        lineage: journal.header.lineage ?? ports.state.newLineage(),
        confirmed: journal.entries,
        forgotten: [],
        desired
      });
    }
  }
  return finish(ports, config, statePath, await desiredFromFiles(state), {
    state,
    onDisk,
    recovered,
    foldedJournal
  });
}
async function finish(ports, config, statePath, read, got) {
  const { desired, issues } = read;
  const invisible = invisibleCharacterIssues(desired.images);
  if (config.safety.invisible_characters === "error") issues.push(...invisible);
  else for (const i of invisible) ports.log.warn(`${i.file}:${i.line}: ${i.message}`);
  const skipped = desired.files.filter((f) => f.skipped).map((f) => f.path);
  ports.log.verbose(
    `${skipped.length} of ${desired.files.length} image files unchanged since the last apply, not parsed again` + (skipped.length > 0 ? `: ${skipped.join(", ")}` : "")
  );
  return {
    config,
    statePath,
    state: got.state,
    ...got.tracked !== void 0 ? { tracked: got.tracked } : {},
    profile: await readProfileEffects(ports, statePath),
    stateOnDisk: got.onDisk ? { lineage: got.onDisk.lineage, serial: got.onDisk.serial } : null,
    recovered: got.recovered,
    foldedJournal: got.foldedJournal,
    desired,
    issues
  };
}
async function readProfileEffects(ports, statePath) {
  try {
    return profileEffects(await ports.doctorFiles.readProfile(statePath));
  } catch (error) {
    ports.log.warn(`${error instanceof Error ? error.message : String(error)}; it is ignored`);
    return profileEffects(null);
  }
}
function failOnIssues(issues) {
  if (issues.length > 0) {
    throw new FwsyncError(
      "validation",
      `${issues.length} problem${issues.length === 1 ? "" : "s"} in the image files`,
      {
        issues,
        hint: "Fix the files named above and run `fwsync validate` again."
      }
    );
  }
}

// src/use-cases/validate.ts
async function validate(ports, opts) {
  const inputs = await loadInputs(ports, opts);
  failOnIssues(inputs.issues);
  return inputs;
}

export {
  nextState,
  stateEquals,
  loadConfigFor,
  failOnIssues,
  validate
};
