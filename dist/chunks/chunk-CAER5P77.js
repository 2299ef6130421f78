import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  parseImagesText
} from "./chunk-4SBAGFFU.js";
import {
  parseYamlStrict,
  toDesiredImages
} from "./chunk-U2ITD6M2.js";
import {
  require_dist
} from "./chunk-PUWSEZHP.js";
import {
  COMMENT_MAX_CHARS
} from "./chunk-ICBGLEOU.js";
import {
  escapeInline
} from "./chunk-5TBF2SJK.js";
import {
  formatValue,
  painter,
  stableJson,
  visible
} from "./chunk-DVXEWOV7.js";
import {
  fieldsEqual,
  require_fast_deep_equal
} from "./chunk-NAR3LMYI.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// src/render/drift.ts
var MAX_CELL = 200;
function renderDriftJson(report) {
  return stableJson(report);
}
function renderDriftText(report, opts) {
  const paint = painter(opts.color);
  const lines = [];
  for (const image of report.images) {
    const where = image.file === null ? "" : ` (${visible(image.file)}${image.line === null ? "" : `:${image.line}`})`;
    const label = STATUS_LABEL[image.status];
    lines.push(
      `${paint(label.style, `${label.mark} ${image.status}`)} ${image.guid}${where}${paint("dim", ` \u2014 ${label.text}`)}`
    );
    for (const field of image.fields) lines.push(`    ${field.field}: ${fieldText(field)}`);
    lines.push("");
  }
  for (const note of report.notes) lines.push(`${paint("bold", "Note:")} ${visible(note)}`);
  if (report.notes.length > 0) lines.push("");
  lines.push(summaryLine(report));
  return `${lines.join("\n")}
`;
}
var STATUS_LABEL = {
  drifted: { mark: "!", style: "red", text: "changed on FinerWorks outside fwsync" },
  missing: { mark: "?", style: "red", text: "not found on the account" },
  pending: {
    mark: "~",
    style: "yellow",
    text: "the YAML differs from the account; the next apply changes it"
  }
};
function fieldText(field) {
  const parts = [`live ${show(field.live)}`];
  if (field.outside || field.applied !== void 0) parts.push(`last applied ${show(field.applied)}`);
  if (field.pending || field.desired !== void 0) parts.push(`YAML ${show(field.desired)}`);
  return parts.join(", ");
}
function show(value) {
  return value === void 0 ? "(unset)" : formatValue(value);
}
function summaryLine(report) {
  const s = report.summary;
  const where = report.library ? ` in library ${report.library}` : "";
  const counts = `${s.checked} image${s.checked === 1 ? "" : "s"} checked${where}: ${s.in_sync} in sync, ${s.drifted} drifted, ${s.missing} missing, ${s.pending} pending`;
  if (s.checked === 0) return "Nothing to compare: no image is in the state or the YAML files.";
  if (report.drift) return `Drift found (${counts}). Run "fwsync plan --refresh" to see what apply would do.`;
  if (s.pending > 0) return `No drift (${counts}). Pending changes are applied by "fwsync apply".`;
  return `No drift (${counts}). The account matches the state.`;
}
function renderDriftMarkdown(report) {
  const s = report.summary;
  const head = [
    "### fwsync drift",
    "",
    report.drift ? `**Drift found:** ${s.drifted} image${s.drifted === 1 ? "" : "s"} changed on FinerWorks outside fwsync, ${s.missing} missing.` : "**No drift:** the account matches the last applied state.",
    "",
    ...report.library ? [`Read from library ${report.library}.`, ""] : [],
    `| checked | in sync | drifted | missing | pending |`,
    `| ---: | ---: | ---: | ---: | ---: |`,
    `| ${s.checked} | ${s.in_sync} | ${s.drifted} | ${s.missing} | ${s.pending} |`,
    ""
  ];
  const tail = [];
  for (const note of report.notes) tail.push(`> ${escapeInline(note)}`, "");
  const rows = [];
  for (const image of report.images) {
    const where = image.file === null ? "" : `${escapeInline(image.file, MAX_CELL)}${image.line === null ? "" : `:${image.line}`}`;
    if (image.fields.length === 0) {
      rows.push(`| \`${image.guid}\` | ${image.status} | ${where} | | | | |`);
      continue;
    }
    for (const field of image.fields) {
      rows.push(
        `| \`${image.guid}\` | ${image.status} | ${where} | ${field.field} | ${cell(field.live)} | ${cell(field.applied)} | ${cell(field.desired)} |`
      );
    }
  }
  let body = head.join("\n");
  if (rows.length > 0) {
    const table = [
      "| image | status | file | field | live | last applied | YAML |",
      "| --- | --- | --- | --- | --- | --- | --- |"
    ];
    const budget = COMMENT_MAX_CHARS - body.length - tail.join("\n").length - 200;
    let used = table.join("\n").length;
    let shown = 0;
    for (const row of rows) {
      if (used + row.length + 1 > budget) break;
      table.push(row);
      used += row.length + 1;
      shown += 1;
    }
    body += `
${table.join("\n")}
`;
    if (shown < rows.length)
      body += `
\u2026and ${rows.length - shown} more rows (run \`fwsync drift --format json\` for all of them).
`;
    body += "\n";
  }
  return `${body}${tail.join("\n")}${tail.length > 0 ? "\n" : ""}`;
}
function cell(value) {
  if (value === void 0) return "*(unset)*";
  if (typeof value === "string") return value === "" ? "*(empty)*" : escapeInline(value, MAX_CELL);
  return escapeInline(JSON.stringify(value) ?? "", MAX_CELL);
}

// src/render/import-yaml.ts
function renderImportYaml(images, meta) {
  const lines = [
    `# yaml-language-server: $schema=${meta.schemaRef}`,
    `# Generated by fwsync ${meta.version} (${meta.command ?? "fwsync import"}) at ${meta.generatedAt} from the images on the FinerWorks account.`,
    "# Edit freely: comments, order and quoting do not matter to fwsync.",
    "version: 1"
  ];
  lines.push("images:");
  for (const image of images) lines.push(...importItemLines(image, { dash: 2, key: 4 }));
  return `${lines.join("\n")}
`;
}
function importItemLines({ guid, fields }, columns) {
  const key = " ".repeat(columns.key);
  const lines = [
    `${" ".repeat(columns.dash)}-${" ".repeat(Math.max(1, columns.key - columns.dash - 1))}guid: ${quoteYaml(guid)}`,
    `${key}title: ${quoteYaml(fields.title)}`,
    `${key}description: ${quoteYaml(fields.description)}`
  ];
  if (fields.visible !== void 0) lines.push(`${key}visible: ${fields.visible}`);
  if (fields.rank !== void 0) lines.push(`${key}rank: ${fields.rank}`);
  for (const field of ["assigned_personal_gallery_ids", "assigned_gallery_subcategory_ids"]) {
    const ids = fields[field];
    if (ids !== void 0) lines.push(`${key}${field}: [${ids.join(", ")}]`);
  }
  return lines;
}
function quoteYaml(text) {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`
  );
}
function describeRejected(rejected, limit) {
  const shown = rejected.slice(0, limit).map((r) => `${r.guid}: ${r.reasons.join("; ")}`);
  if (rejected.length > limit) shown.push(`\u2026and ${rejected.length - limit} more`);
  return shown.join("\n");
}

// src/adapters/yaml-edit.ts
var import_fast_deep_equal = __toESM(require_fast_deep_equal(), 1);
var import_yaml = __toESM(require_dist(), 1);
var YamlEditError = class extends FwsyncError {
  constructor(message, hint) {
    super("input", message, { hint });
    this.name = "YamlEditError";
  }
};
function editImagesYaml(text, file, edits) {
  const before = parseImagesText(text, file);
  if (!before.ok) {
    throw new YamlEditError(
      `${file} is not a valid image file (${before.issues[0]?.message ?? "unknown problem"})`,
      "Run `fwsync validate` and fix it first."
    );
  }
  const strict = parseYamlStrict(text, file);
  if (!strict.ok) throw new YamlEditError(`${file} cannot be read as YAML`, "Run `fwsync validate`.");
  const images = strict.doc.get("images", true);
  if (!(0, import_yaml.isSeq)(images)) throw new YamlEditError(`${file} has no images list`, "Run `fwsync validate`.");
  const seq = images;
  const items = /* @__PURE__ */ new Map();
  for (const item of seq.items) {
    if (!(0, import_yaml.isMap)(item)) continue;
    const guid = item.get("guid");
    if (typeof guid === "string") items.set(guid.toLowerCase(), item);
  }
  const splices = [];
  for (const edit of edits.set ?? []) {
    const item = items.get(edit.guid);
    const pair = item?.items.find((p) => (0, import_yaml.isScalar)(p.key) && p.key.value === edit.field);
    if (!item || !pair) {
      throw new YamlEditError(
        `${file} has no ${edit.field} for image ${edit.guid} to replace`,
        "This is a bug in fwsync; nothing was written. Please report it."
      );
    }
    splices.push(replaceValue(text, pair, edit.value, item.flow === true, file));
  }
  for (const guid of edits.remove ?? []) {
    const item = items.get(guid);
    if (item) splices.push(removeItem(text, seq, item, file));
  }
  if ((edits.append ?? []).length > 0) splices.push(appendItems(text, seq, edits.append ?? [], file));
  splices.sort((a, b) => b.start - a.start);
  let out = text;
  let floor = Infinity;
  for (const s of splices) {
    if (s.end > floor) {
      throw new YamlEditError(
        `two edits of ${file} overlap`,
        "This is a bug in fwsync; nothing was written."
      );
    }
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
    floor = s.start;
  }
  const removed = new Set(edits.remove ?? []);
  const intended = toDesiredImages(before.data, file, before.imageLines).filter((d) => !removed.has(d.guid)).map((d) => {
    const fields = { ...d.fields };
    for (const e of edits.set ?? []) if (e.guid === d.guid) fields[e.field] = e.value;
    return { guid: d.guid, fields };
  });
  intended.push(...(edits.append ?? []).map((a) => ({ guid: a.guid, fields: a.fields })));
  const after = parseImagesText(out, file);
  const got = after.ok ? toDesiredImages(after.data, file, after.imageLines) : [];
  const same = after.ok && got.length === intended.length && got.every((g, i) => g.guid === intended[i].guid && fieldsEqual(g.fields, intended[i].fields));
  if (!same) {
    throw new YamlEditError(
      `the edited ${file} does not read back to the intended values`,
      "Nothing was written. This is a bug in fwsync; please report it with the file."
    );
  }
  return out;
}
function columnOf(text, offset) {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}
function lineStart(text, offset) {
  return text.lastIndexOf("\n", offset - 1) + 1;
}
function pastLineEnd(text, end) {
  if (end > 0 && text[end - 1] === "\n") return end;
  const nl = text.indexOf("\n", end);
  return nl < 0 ? text.length : nl + 1;
}
function replaceValue(text, pair, value, inFlow, file) {
  const node = pair.value;
  const range = node?.range;
  if (!node || !range) {
    throw new YamlEditError(
      `${file}: ${String(pair.key.value)} has no value to replace`,
      'Give it a value (e.g. "") and run again.'
    );
  }
  const [start, end] = range;
  const keyColumn = columnOf(text, pair.key.range?.[0] ?? start);
  if (Array.isArray(value)) {
    const items = value.map((v) => String(v));
    if ((0, import_yaml.isSeq)(node) && node.flow !== true && items.length > 0) {
      const dash = " ".repeat(columnOf(text, start));
      const body = items.map((v, i) => `${i === 0 ? "" : dash}- ${v}`).join("\n");
      return { start, end, text: body + (text.slice(start, end).endsWith("\n") ? "\n" : "") };
    }
    return { start, end, text: `[${items.join(", ")}]` };
  }
  if (typeof value !== "string") return { start, end, text: JSON.stringify(value) };
  const original = (0, import_yaml.isScalar)(node) ? node.type : void 0;
  const originalText = text.slice(start, end);
  for (const candidate of renderings(value, original, originalText, keyColumn, inFlow)) {
    if (readsBackAs(candidate, keyColumn, inFlow, value)) return { start, end, text: candidate };
  }
  return { start, end, text: quoteYaml(value) };
}
function needsEscape(text) {
  for (const ch of text) {
    const c = ch.codePointAt(0);
    if (c < 32 && c !== 10 && c !== 9 || c >= 127 && c <= 159) return true;
    if (c >= 55296 && c <= 57343) return true;
    if (FORMAT_CHARS.test(ch)) return true;
  }
  return false;
}
var FORMAT_CHARS = /[\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
function renderings(value, style, originalText, keyColumn, inFlow) {
  const out = [];
  const oneLine = !value.includes("\n") && !value.includes("	") && !needsEscape(value);
  if (style === "PLAIN" && oneLine && !inFlow && plainIsSafe(value)) out.push(value);
  if (style === "QUOTE_SINGLE" && oneLine) out.push(`'${value.replace(/'/g, "''")}'`);
  if ((style === "BLOCK_LITERAL" || style === "BLOCK_FOLDED") && !inFlow) {
    const block = renderBlock(value, style, originalText, keyColumn);
    if (block !== null) out.push(block);
  }
  return out;
}
function plainIsSafe(value) {
  return value !== "" && value.trim() === value && !/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) && !/: |:$| #/.test(value) && !/^(?:y|yes|n|no|on|off|true|false|null|~)$/i.test(value);
}
function renderBlock(value, style, originalText, keyColumn) {
  const headerEnd = originalText.indexOf("\n");
  if (headerEnd < 0) return null;
  const header = /^([|>])([-+]?)(.*)$/.exec(originalText.slice(0, headerEnd));
  if (!header || /^[1-9]/.test(header[3])) return null;
  const trailing = /\n*$/.exec(value)[0].length;
  const body = value.slice(0, value.length - trailing);
  if (trailing > 1 || body === "" || needsEscape(body) || /^[ \t]/.test(body)) return null;
  if (body.split("\n").some((l) => l !== "" && l.trim() === "")) return null;
  const contentLine = /\n( *)\S/.exec(originalText);
  const indent = " ".repeat(contentLine ? contentLine[1].length : keyColumn + 2);
  if (indent.length <= keyColumn) return null;
  let lines;
  if (style === "BLOCK_LITERAL") {
    lines = body.split("\n");
  } else {
    if (/^[ \t]|\n[ \t]/.test(body)) return null;
    lines = [];
    const paragraphs = body.split("\n");
    paragraphs.forEach((p, i) => {
      if (i > 0) lines.push("");
      if (p !== "") lines.push(...wrap(p, Math.max(40, 80 - indent.length)));
    });
  }
  const chomp = trailing === 0 ? "-" : "";
  const head = `${header[1]}${chomp}${header[3]}`;
  return `${head}
${lines.map((l) => l === "" ? "" : indent + l).join("\n")}
`;
}
function wrap(text, width) {
  const words = text.split(" ");
  if (words.some((w) => w === "")) return [text];
  const lines = [];
  let line = "";
  for (const word of words) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}
function readsBackAs(rendered, keyColumn, inFlow, value) {
  const pad = " ".repeat(keyColumn);
  const mini = inFlow ? `k: {v: ${rendered}}
` : `${pad}v: ${rendered}${rendered.endsWith("\n") ? "" : "\n"}${pad}z: 0
`;
  const r = parseYamlStrict(mini, "value");
  if (!r.ok) return false;
  const data = r.data;
  return inFlow ? (0, import_fast_deep_equal.default)(data.k?.v, value) : (0, import_fast_deep_equal.default)(data.v, value) && data.z === 0;
}
function requireBlock(seq, file, what) {
  if (seq.flow === true) {
    throw new YamlEditError(
      `cannot ${what} ${file} in place: its images list is a flow sequence ([...])`,
      "Write the images list as a block sequence (one `- guid:` item per image), or use another file."
    );
  }
}
function removeItem(text, seq, item, file) {
  requireBlock(seq, file, "remove an image from");
  const [start, end] = item.range ?? [0, 0];
  const from = lineStart(text, start);
  if (!/^\s*-\s*$/.test(text.slice(from, start))) {
    throw new YamlEditError(
      `cannot remove an image from ${file} in place: its item does not start its own line`,
      "Write each image as its own `- guid:` item."
    );
  }
  return { start: from, end: pastLineEnd(text, end), text: "" };
}
function appendItems(text, seq, images, file) {
  requireBlock(seq, file, "add images to");
  const first = seq.items.find((item) => (0, import_yaml.isMap)(item));
  const firstKey = first?.range?.[0];
  if (firstKey === void 0) {
    throw new YamlEditError(`cannot add images to ${file}: its images list is empty`, "Use another file.");
  }
  const key = columnOf(text, firstKey);
  const dashAt = text.lastIndexOf("-", firstKey);
  const dash = columnOf(text, dashAt);
  const at = pastLineEnd(text, seq.range?.[1] ?? text.length);
  const lines = images.flatMap((image) => importItemLines(image, { dash, key }));
  const prefix = at > 0 && text[at - 1] !== "\n" ? "\n" : "";
  return { start: at, end: at, text: `${prefix}${lines.join("\n")}
` };
}

// src/use-cases/image-file-path.ts
import path from "node:path";
function imageFileTarget(cwd, config, given, flag) {
  const abs = path.resolve(cwd, given);
  const rel = toPosix(path.relative(cwd, abs));
  if (rel.startsWith("../") || path.isAbsolute(rel)) {
    throw new FwsyncError("input", `${flag} ${given} is outside the working directory`, {
      hint: "Image files live in the repository; pick a path under it, e.g. images/imported.yaml."
    });
  }
  if (!matchesAny(rel, config.images)) {
    throw new FwsyncError(
      "input",
      `${flag} ${rel} is not matched by the image globs (${config.images.join(", ")})`,
      {
        hint: "The next plan would not read the file and would forget its images. Pick a path the globs match, e.g. images/imported.yaml, or change `images` in the config."
      }
    );
  }
  return { abs, rel };
}
function matchesAny(rel, patterns) {
  const matches = path.posix.matchesGlob;
  if (typeof matches !== "function") return true;
  return patterns.some((pattern) => matches(rel, pattern));
}
function toPosix(p) {
  return p.split(path.sep).join("/");
}

export {
  renderDriftJson,
  renderDriftText,
  renderDriftMarkdown,
  cell,
  renderImportYaml,
  describeRejected,
  YamlEditError,
  editImagesYaml,
  imageFileTarget,
  toPosix
};
