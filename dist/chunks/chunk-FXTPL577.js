import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  cell,
  editImagesYaml,
  imageFileTarget,
  renderImportYaml,
  toPosix
} from "./chunk-CAER5P77.js";
import {
  COMMENT_MAX_CHARS
} from "./chunk-ICBGLEOU.js";
import {
  apiFor,
  readLive,
  readingFor
} from "./chunk-IEV2GMXG.js";
import {
  escapeInline
} from "./chunk-5TBF2SJK.js";
import {
  desiredByGuid,
  fieldRejectReason,
  formatValue,
  listAll,
  liveFields,
  managedFields,
  painter,
  projectLive,
  rejectReasons,
  sameValue,
  visible
} from "./chunk-DVXEWOV7.js";
import {
  VERSION
} from "./chunk-JRKJ7VIZ.js";
import {
  failOnIssues,
  loadConfigFor,
  nextState,
  stateEquals,
  validate
} from "./chunk-VQJHGHBG.js";
import {
  FIELD_NAMES,
  canonicalFields,
  compareCodeUnits,
  copyValue
} from "./chunk-NAR3LMYI.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";

// src/render/unified-diff.ts
function unifiedDiff(before, after, opts) {
  if (before === after) return "";
  const context = opts.context ?? 3;
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const out = [`--- ${opts.from}`, `+++ ${opts.to}`];
  let i = 0;
  const oldLine = new Int32Array(ops.length + 1);
  const newLine = new Int32Array(ops.length + 1);
  for (let k = 0, o = 1, n = 1; k <= ops.length; k++) {
    oldLine[k] = o;
    newLine[k] = n;
    const kind = ops[k]?.kind;
    if (kind !== "+") o++;
    if (kind !== "-") n++;
  }
  while (i < ops.length) {
    while (i < ops.length && ops[i].kind === " ") i++;
    if (i >= ops.length) break;
    const start = Math.max(0, i - context);
    let end = i;
    for (; ; ) {
      while (end < ops.length && ops[end].kind !== " ") end++;
      let next = end;
      while (next < ops.length && ops[next].kind === " ") next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    const slice = ops.slice(start, stop);
    const oldCount = slice.filter((op) => op.kind !== "+").length;
    const newCount = slice.filter((op) => op.kind !== "-").length;
    const oldStart = oldCount === 0 ? oldLine[start] - 1 : oldLine[start];
    const newStart = newCount === 0 ? newLine[start] - 1 : newLine[start];
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const op of slice) out.push(`${op.kind}${op.line}`);
    i = stop;
  }
  return `${out.join("\n")}
`;
}
function splitLines(text) {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
function diffLines(a, b) {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf])
    suf++;
  const head = a.slice(0, pre).map((line) => ({ kind: " ", line }));
  const tail = a.slice(a.length - suf).map((line) => ({ kind: " ", line }));
  const midA = a.slice(pre, a.length - suf);
  const midB = b.slice(pre, b.length - suf);
  return [...head, ...myers(midA, midB), ...tail];
}
function myers(a, b) {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line) => ({ kind: "+", line }));
  if (m === 0) return a.map((line) => ({ kind: "-", line }));
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x2 = k === -d || k !== d && v[offset + k - 1] < v[offset + k + 1] ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y2 = x2 - k;
      while (x2 < n && y2 < m && a[x2] === b[y2]) {
        x2++;
        y2++;
      }
      v[offset + k] = x2;
      if (x2 >= n && y2 >= m) {
        found = d;
        break;
      }
    }
  }
  const ops = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d];
    const at = (k2) => prev[k2 + d + 1];
    const k = x - y;
    const down = k === -d || k !== d && at(k - 1) < at(k + 1);
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", line: a[x - 1] });
      x--;
      y--;
    }
    if (down) ops.push({ kind: "+", line: b[y - 1] });
    else ops.push({ kind: "-", line: a[x - 1] });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: " ", line: a[x - 1] });
    x--;
    y--;
  }
  return ops.reverse();
}

// src/render/pull.ts
function where(item) {
  return `${visible(item.file)}${item.line === null ? "" : `:${item.line}`}`;
}
function renderPullText(report, opts) {
  const paint = painter(opts.color);
  const { plan } = report;
  const lines = [];
  const verb = report.dryRun ? "would pull" : "pulled";
  for (const edit of plan.edits) {
    lines.push(
      `${paint("yellow", `~ ${verb}`)} ${edit.guid} (${where(edit)}) ${edit.field}: ${formatValue(edit.yaml)} \u2192 ${formatValue(edit.live)}`
    );
  }
  for (const image of report.added) {
    lines.push(
      `${paint("green", report.dryRun ? "+ would add" : "+ added")} ${image.guid} to ${visible(report.addNew ?? "")}: title ${formatValue(image.fields.title)}`
    );
  }
  for (const c of plan.conflicts) {
    lines.push(
      `${paint("red", "! conflict")} ${c.guid} (${where(c)}) ${c.field}: live ${show(c.live)}, last applied ${show(c.applied)}, YAML ${show(c.yaml)}`
    );
  }
  for (const u of plan.unpullable) {
    lines.push(
      `${paint("red", "! not pulled")} ${u.guid} (${where(u)}) ${u.field}: live ${show(u.live)}: ${visible(u.reason)}`
    );
  }
  for (const r of report.rejected) {
    lines.push(`${paint("dim", "- not added")} ${r.guid}: ${visible(r.reasons.join("; "))}`);
  }
  if (lines.length > 0) lines.push("");
  if (report.dryRun) {
    for (const file of report.files) {
      const diff = unifiedDiff(file.before ?? "", file.after, {
        from: file.before === null ? "/dev/null" : `a/${file.path}`,
        to: `b/${file.path}`
      });
      lines.push(...diff.replace(/\n$/, "").split("\n").map(visible), "");
    }
  }
  if (plan.missing.length > 0) {
    const n = plan.missing.length;
    lines.push(
      `${paint("bold", "Note:")} ${n} image${n === 1 ? " of the YAML is" : "s of the YAML are"} not on the account (${plan.missing.slice(0, 5).join(", ")}${n > 5 ? ", \u2026" : ""}); pull never removes images from the YAML.`,
      ""
    );
  }
  if (plan.filtered > 0) {
    lines.push(
      `${paint("bold", "Note:")} ${plan.filtered} live edit${plan.filtered === 1 ? " was" : "s were"} left out by --guid/--field.`,
      ""
    );
  }
  if (plan.unpullable.length > 0) {
    lines.push(
      `${plan.unpullable.length} live value${plan.unpullable.length === 1 ? "" : "s"} cannot be written into an image file (the schema would reject ${plan.unpullable.length === 1 ? "it" : "them"}); fix ${plan.unpullable.length === 1 ? "it" : "them"} on FinerWorks, or run apply to send the YAML value.`,
      ""
    );
  }
  if (plan.conflicts.length > 0) {
    lines.push(
      `${plan.conflicts.length} conflict${plan.conflicts.length === 1 ? "" : "s"}: changed on FinerWorks and in the YAML since the last apply; not pulled.`,
      "Decide which value to keep: edit the YAML to the live value and run pull again, or keep the YAML value and run apply.",
      ""
    );
  }
  lines.push(summaryLine(report));
  return `${lines.join("\n")}
`;
}
function show(value) {
  return value === void 0 ? "(unset)" : formatValue(value);
}
function summaryLine(report) {
  const { plan } = report;
  const values = plan.edits.length;
  const files = report.files.length;
  const parts = [
    `${values} value${values === 1 ? "" : "s"}`,
    ...report.added.length > 0 ? [`${report.added.length} new image${report.added.length === 1 ? "" : "s"}`] : []
  ];
  const into = `${parts.join(" and ")} into ${files} file${files === 1 ? "" : "s"}`;
  if (report.dryRun) {
    return `Dry run: would pull ${into}${report.stateChanged ? ` and update ${visible(report.statePath)}` : ""}. Nothing was written.`;
  }
  if (values === 0 && report.added.length === 0 && !report.stateChanged) {
    return plan.conflicts.length > 0 ? "Nothing pulled: every live edit is a conflict." : "Nothing to pull: the YAML holds every live value.";
  }
  const recorded = plan.recorded.length;
  return `Pulled ${into}` + (recorded > 0 ? `; ${recorded} value${recorded === 1 ? "" : "s"} the YAML already held recorded` : "") + (report.stateChanged ? `; updated ${visible(report.statePath)}` : "") + ". Review with `git diff` and commit the files and the state.";
}
var DRIFT_PULL_REQUEST_MARKER = "<!-- fwsync:drift-pull-request -->";
function renderPullRequestBody(report, opts = {}) {
  const { plan } = report;
  const head = [
    DRIFT_PULL_REQUEST_MARKER,
    "### fwsync: edits made on FinerWorks",
    "",
    `${plan.edits.length} value${plan.edits.length === 1 ? " was" : "s were"} changed on the FinerWorks account outside fwsync since the last apply. This pull request writes them into the YAML in place and records them in the state; merging it sends nothing (the values are already live).`,
    ""
  ];
  const rows = plan.edits.map(
    (e) => `| \`${e.guid}\` | ${escapeInline(e.file, 200)}${e.line === null ? "" : `:${e.line}`} | ${e.field} | ${cell(e.live)} | ${cell(e.yaml)} |`
  );
  const conflictRows = plan.conflicts.map(
    (c) => `| \`${c.guid}\` | ${escapeInline(c.file, 200)}${c.line === null ? "" : `:${c.line}`} | ${c.field} | ${cell(c.live)} | ${cell(c.applied)} | ${cell(c.yaml)} |`
  );
  const tail = [];
  if (plan.missing.length > 0) {
    tail.push(
      `> ${plan.missing.length} image${plan.missing.length === 1 ? " of the YAML is" : "s of the YAML are"} not on the account; they are left in the YAML.`,
      ""
    );
  }
  if (opts.runUrl) tail.push(`Updated by [this drift run](${opts.runUrl}).`, "");
  const budget = COMMENT_MAX_CHARS - head.join("\n").length - tail.join("\n").length - 600;
  const sections = [];
  let used = 0;
  const table = (title, header, lines) => {
    if (lines.length === 0) return;
    const out = [title, "", ...header];
    let shown = 0;
    for (const line of lines) {
      if (used + line.length + 1 > budget) break;
      out.push(line);
      used += line.length + 1;
      shown += 1;
    }
    if (shown < lines.length)
      out.push("", `\u2026and ${lines.length - shown} more (run \`fwsync pull --dry-run\` for all of them).`);
    sections.push(out.join("\n"), "");
  };
  table(
    "#### Pulled into the YAML",
    [
      "| image | file | field | live value (this pull request) | YAML value (replaced) |",
      "| --- | --- | --- | --- | --- |"
    ],
    rows
  );
  table(
    "#### Conflicts (not in this pull request)",
    [
      "Changed both on FinerWorks and in the YAML since the last apply. Decide which value to keep: edit the YAML to the live value, or apply the YAML value.",
      "",
      "| image | file | field | live | last applied | YAML |",
      "| --- | --- | --- | --- | --- | --- |"
    ],
    conflictRows
  );
  return `${[...head, ...sections, ...tail].join("\n").replace(/\n+$/, "")}
`;
}

// src/use-cases/pull.ts
import path from "node:path";

// src/core/pull.ts
function planPull(input) {
  const wanted = desiredByGuid(input.desired, input.state);
  const guids = [...wanted.keys()].sort(compareCodeUnits);
  const plan = {
    edits: [],
    recorded: [],
    conflicts: [],
    unpullable: [],
    filtered: 0,
    missing: [],
    applied: []
  };
  const takes = (guid, field) => (input.filter?.guids?.has(guid) ?? true) && (input.filter?.fields?.has(field) ?? true);
  for (const guid of guids) {
    const want = wanted.get(guid);
    const raw = input.live.get(guid);
    if (raw === void 0) {
      plan.missing.push(guid);
      continue;
    }
    const applied = input.state?.images[guid]?.applied;
    if (applied === void 0) continue;
    const { fields: live, unreported } = projectLive(raw, want.fields, applied);
    const next = { ...applied };
    let changed = false;
    for (const field of managedFields(want.fields, applied)) {
      if (unreported.includes(field)) continue;
      const l = live[field];
      const a = applied[field];
      const d = want.fields[field];
      if (sameValue(field, l, a)) continue;
      const where2 = { guid, file: want.file, line: want.line, field };
      if (d !== void 0 && !sameValue(field, d, a) && !sameValue(field, d, l)) {
        plan.conflicts.push({
          ...where2,
          ...l === void 0 ? {} : { live: copyValue(l) },
          applied: copyValue(a),
          yaml: copyValue(d)
        });
        continue;
      }
      if (!takes(guid, field)) {
        plan.filtered += 1;
        continue;
      }
      const reason = d === void 0 ? null : fieldRejectReason(field, l);
      if (reason !== null) {
        plan.unpullable.push({ ...where2, yaml: copyValue(d), live: copyValue(l), reason });
        continue;
      }
      if (l === void 0) delete next[field];
      else next[field] = copyValue(l);
      changed = true;
      if (d !== void 0 && !sameValue(field, d, l)) {
        plan.edits.push({ ...where2, yaml: copyValue(d), live: copyValue(l) });
      } else {
        plan.recorded.push({ guid, field, live: copyValue(l) });
      }
    }
    if (changed) {
      plan.applied.push({
        guid,
        applied: canonicalFields(next),
        source: want.file
      });
    }
  }
  plan.edits.sort((a, b) => compareCodeUnits(a.file, b.file) || compareCodeUnits(a.guid, b.guid));
  return plan;
}
function editsByFile(edits) {
  const out = /* @__PURE__ */ new Map();
  for (const edit of edits) {
    const list = out.get(edit.file) ?? [];
    list.push(edit);
    out.set(edit.file, list);
  }
  return out;
}

// src/use-cases/pull.ts
var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
async function pull(ports, opts) {
  const filter = parseFilter(opts);
  const config = await loadConfigFor(ports, opts);
  const addNew = opts.addNew === void 0 ? null : imageFileTarget(ports.cwd, config, opts.addNew, "--add-new");
  if (opts.dryRun === true) return pullLocked(ports, config, opts, filter, addNew);
  const statePath = path.resolve(ports.cwd, config.state);
  const lock = await ports.lock.acquire(path.dirname(statePath), { command: "pull" });
  for (const warning of lock.warnings) ports.log.warn(warning);
  try {
    return await pullLocked(ports, config, opts, filter, addNew);
  } finally {
    await lock.release();
  }
}
function parseFilter(opts) {
  const guids = (opts.guids ?? []).map((g) => g.trim().toLowerCase());
  for (const g of guids) {
    if (!UUID.test(g)) {
      throw new FwsyncError("input", `--guid ${g} is not an image guid`, {
        hint: "Give the guid as it appears in the YAML, e.g. --guid 3f0d7a9e-1b2c-4d5e-8f90-0123456789ab."
      });
    }
  }
  const fields = (opts.fields ?? []).map((f) => f.trim());
  for (const f of fields) {
    if (!FIELD_NAMES.includes(f)) {
      throw new FwsyncError("input", `--field ${f} is not a field fwsync manages`, {
        hint: `Use one of: ${FIELD_NAMES.join(", ")}.`
      });
    }
  }
  return {
    guids: guids.length > 0 ? new Set(guids) : null,
    fields: fields.length > 0 ? new Set(fields) : null
  };
}
async function pullLocked(ports, config, opts, filter, addNew) {
  const inputs = await validate(ports, { config });
  if (inputs.recovered > 0) {
    throw new FwsyncError(
      "refused",
      "an interrupted apply left updates in its journal that the state does not hold yet",
      {
        hint: "Run `fwsync apply` first (it records them), then pull."
      }
    );
  }
  const statePath = toPosix(path.relative(ports.cwd, inputs.statePath));
  const { desired, issues } = await ports.images.read({
    cwd: ports.cwd,
    patterns: config.images,
    stateFiles: null
  });
  failOnIssues(issues);
  for (const guid of filter.guids ?? []) {
    if (!desired.images.some((d) => d.guid === guid)) {
      throw new FwsyncError("input", `--guid ${guid}: no image file holds this image`, {
        hint: "Pull takes edits of images the YAML manages; to add an image from the account use --add-new FILE."
      });
    }
  }
  const api = apiFor(ports, config);
  const reading = readingFor(ports, config);
  const live = /* @__PURE__ */ new Map();
  const added = [];
  const rejected = [];
  if (addNew) {
    const held = /* @__PURE__ */ new Set([...desired.images.map((d) => d.guid), ...Object.keys(inputs.state?.images ?? {})]);
    for (const image of await listAll(api, { library: config.library, call: reading.call })) {
      live.set(image.guid, liveFields(image));
      if (held.has(image.guid)) continue;
      const reasons = rejectReasons(image);
      if (reasons.length > 0) rejected.push({ guid: image.guid, reasons });
      else
        added.push({
          guid: image.guid,
          fields: { title: image.title, description: liveFields(image).description }
        });
    }
    added.sort((a, b) => compareCodeUnits(a.guid, b.guid));
    rejected.sort((a, b) => compareCodeUnits(a.guid, b.guid));
  } else {
    const read = await readLive(api, {
      library: config.library,
      guids: desired.images.map((d) => d.guid),
      listProducts: false,
      ...reading
    });
    for (const [guid, fields] of read.live) live.set(guid, fields);
  }
  const plan = planPull({ live, state: inputs.state, desired, filter });
  const files = await editedFiles(ports, plan, addNew, added);
  const base = {
    plan,
    added,
    rejected,
    statePath,
    dryRun: opts.dryRun === true
  };
  const confirmedOf = (commit) => {
    const at = ports.clock.now().toISOString();
    return [
      ...plan.applied.map((a) => ({
        guid: a.guid,
        applied: a.applied,
        applied_at: at,
        source: a.source,
        commit
      })),
      ...added.map((a) => ({ guid: a.guid, applied: a.fields, applied_at: at, source: addNew.rel, commit }))
    ];
  };
  if (opts.dryRun === true) {
    return { ...base, files, stateChanged: plan.applied.length + added.length > 0 };
  }
  if (opts.force !== true && files.length > 0) {
    const dirty = await ports.git.uncommitted(
      ports.cwd,
      files.filter((f) => f.before !== null).map((f) => f.path)
    );
    if (dirty && dirty.length > 0) {
      throw new FwsyncError(
        "refused",
        `${dirty.join(", ")} ${dirty.length === 1 ? "has" : "have"} uncommitted changes; pull would mix its edits into them`,
        {
          hint: "Nothing was written. Commit or stash them first, or run `fwsync pull --force` to edit them anyway."
        }
      );
    }
  }
  for (const f of files) {
    await ports.files.writeAtomic(path.resolve(ports.cwd, f.path), Buffer.from(f.after, "utf8"), {
      exclusive: f.before === null
    });
  }
  const confirmed = confirmedOf(await ports.git.headCommit(ports.cwd));
  if (confirmed.length === 0 && files.length === 0) return { ...base, files, stateChanged: false };
  const reread = await ports.images.read({ cwd: ports.cwd, patterns: config.images, stateFiles: null });
  failOnIssues(reread.issues);
  const next = nextState(inputs.state, {
    lineage: inputs.state?.lineage ?? ports.state.newLineage(),
    confirmed,
    forgotten: [],
    desired: reread.desired
  });
  const stateChanged = !stateEquals(inputs.state, next);
  if (stateChanged) {
    await ports.state.write(inputs.statePath, next, { expected: inputs.stateOnDisk });
  }
  return { ...base, files, stateChanged };
}
async function editedFiles(ports, plan, addNew, added) {
  const byFile = editsByFile(plan.edits);
  const paths = new Set(byFile.keys());
  if (addNew && added.length > 0) paths.add(addNew.rel);
  const out = [];
  for (const rel of [...paths].sort(compareCodeUnits)) {
    const abs = path.resolve(ports.cwd, rel);
    const append = addNew?.rel === rel ? added : [];
    const set = (byFile.get(rel) ?? []).map((e) => ({ guid: e.guid, field: e.field, value: e.live }));
    if (!await ports.files.exists(abs)) {
      out.push({
        path: rel,
        before: null,
        after: renderImportYaml(append, {
          generatedAt: ports.clock.now().toISOString(),
          schemaRef: "https://github.com/fwsync/fwsync/schemas/images.schema.json",
          version: VERSION,
          command: "fwsync pull --add-new"
        })
      });
      continue;
    }
    const before = await ports.files.readText(abs);
    out.push({ path: rel, before, after: editImagesYaml(before, rel, { set, append }) });
  }
  return out;
}

export {
  renderPullText,
  DRIFT_PULL_REQUEST_MARKER,
  renderPullRequestBody,
  pull
};
