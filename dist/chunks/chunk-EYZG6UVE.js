import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  COMMENT_MAX_CHARS
} from "./chunk-ICBGLEOU.js";
import {
  escapeInline
} from "./chunk-B5FSPOFN.js";
import {
  formatValue,
  painter,
  stableJson,
  visible
} from "./chunk-VM3AP7HO.js";

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
  const counts = `${s.checked} checked: ${s.in_sync} in sync, ${s.drifted} drifted, ${s.missing} missing, ${s.pending} pending`;
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

export {
  renderDriftJson,
  renderDriftText,
  renderDriftMarkdown
};
