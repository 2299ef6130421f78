import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  VERSION
} from "./chunk-O76BHX5I.js";
import {
  compareCodeUnits,
  sortKeys
} from "./chunk-D7776OBV.js";

// src/render/text.ts
var MAX_VALUE_DISPLAY = 120;
var ANSI = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 };
var KIND_MARK = {
  update: { mark: "~", style: "yellow" },
  adopt: { mark: "+", style: "green" },
  forget: { mark: "-", style: "red" },
  record: { mark: "=", style: "cyan" }
};
function renderPlanText(plan, opts) {
  const paint = painter(opts.color);
  const lines = [];
  for (const change of plan.changes) {
    lines.push(...changeLines(change, paint), "");
  }
  if (plan.summary.update > 0 || !plan.safety.safe) {
    const message = plan.safety.message ?? "";
    lines.push(
      plan.safety.safe ? `Safety: ${message}` : paint("red", paint("bold", `Refused without --force: ${message}`))
    );
    lines.push("");
  }
  for (const note of plan.notes) lines.push(`${paint("bold", "Note:")} ${visible(note)}`);
  if (plan.notes.length > 0) lines.push("");
  lines.push(summaryLine(plan));
  return `${lines.join("\n")}
`;
}
function renderApplyResultText(result, opts) {
  const paint = painter(opts.color);
  const lines = [];
  for (const image of result.images) {
    const { mark, style, label } = OUTCOME_MARK[image.outcome];
    const message = image.message === void 0 ? "" : `: ${visible(shorten(image.message, 500))}`;
    lines.push(`${paint(style, `${mark} ${label}`)} ${visible(image.guid)} (${image.kind})${message}`);
  }
  if (lines.length > 0) lines.push("");
  const s = result.summary;
  const counts = `${s.applied} applied, ${s.recorded} recorded, ${s.forgotten} forgotten, ${s.failed} failed, ${s.not_attempted} not attempted`;
  const requests = `${result.requests} request${result.requests === 1 ? "" : "s"}`;
  if (result.interrupted) {
    lines.push(
      paint(
        "red",
        `Apply interrupted: ${counts} (${requests}). Confirmed images are recorded; run apply again for the rest.`
      )
    );
  } else if (result.complete) {
    lines.push(paint("green", `Apply complete: ${counts} (${requests}).`));
  } else {
    lines.push(
      paint(
        "red",
        `Apply incomplete: ${counts} (${requests}). Confirmed images are recorded; fix the failures and run apply again.`
      )
    );
  }
  if (result.state)
    lines.push(`State: lineage ${visible(result.state.lineage)}, serial ${result.state.serial}.`);
  return `${lines.join("\n")}
`;
}
var OUTCOME_MARK = {
  applied: { mark: "\u2713", style: "green", label: "applied" },
  recorded: { mark: "=", style: "cyan", label: "recorded" },
  forgotten: { mark: "-", style: "dim", label: "forgotten" },
  failed: { mark: "\u2717", style: "red", label: "failed" },
  not_attempted: { mark: "\xB7", style: "yellow", label: "not attempted" }
};
function changeLines(change, paint) {
  const { mark, style } = KIND_MARK[change.kind];
  const where = change.line === null ? visible(change.file) : `${visible(change.file)}:${change.line}`;
  const tags = [];
  if (change.drifted) tags.push("drifted: changed on FinerWorks outside fwsync");
  if (change.kind === "adopt" && change.live === void 0) tags.push("live value unknown");
  if (change.kind === "forget")
    tags.push("removed from the state only; the image on FinerWorks is not touched");
  if (change.kind === "record") tags.push("the account already matches; only the state is written");
  const tail = tags.length > 0 ? paint("dim", ` \u2014 ${tags.join("; ")}`) : "";
  const lines = [`${paint(style, `${mark} ${change.kind}`)} ${visible(change.guid)} (${where})${tail}`];
  for (const field of change.fields) lines.push(`    ${field.field}: ${fieldText(change, field, paint)}`);
  if (change.products && change.products.length > 0) {
    lines.push(
      `    ${paint("yellow", "virtual inventory products that may be removed:")} ${change.products.map(visible).join(", ")}`
    );
  }
  return lines;
}
function fieldText(change, field, paint) {
  const before = field.before === void 0 ? void 0 : paint("red", formatValue(field.before));
  const after = field.after === void 0 ? void 0 : paint("green", formatValue(field.after));
  if (change.kind === "adopt" && change.live === void 0 && after !== void 0) return after;
  if (change.kind === "forget" && before !== void 0) return before;
  return `${before ?? paint("dim", "(unset)")} \u2192 ${after ?? paint("dim", "(unset)")}`;
}
function summaryLine(plan) {
  const s = plan.summary;
  if (plan.changes.length === 0) return "No changes. The account matches the YAML files.";
  const parts = [`${s.update} to update`, `${s.adopt} to adopt`];
  if (s.record > 0 || plan.refreshed) parts.push(`${s.record} to record`);
  parts.push(`${s.forget} to forget`, `${s.unchanged} unchanged`);
  const drifted = s.drifted > 0 ? ` ${s.drifted} drifted.` : "";
  return `Plan: ${parts.join(", ")}.${drifted}`;
}
function formatValue(value) {
  if (typeof value === "string") return visible(JSON.stringify(shorten(value, MAX_VALUE_DISPLAY)));
  return visible(JSON.stringify(value) ?? String(value));
}
function shorten(text, max) {
  const points = Array.from(text);
  if (points.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  const tail = Math.floor((max - 1) / 2);
  return `${points.slice(0, head).join("")}\u2026${points.slice(points.length - tail).join("")}`;
}
function visible(text) {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (ch) => {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
function painter(color) {
  return color ? (style, text) => `\x1B[${ANSI[style]}m${text}\x1B[0m` : (_style, text) => text;
}

// src/render/escape-markdown.ts
var WORD_JOINER = "\u2060";
var FULLWIDTH_AT = "\uFF20";
var MARKDOWN_META = /[\\`*_{}[\]()#+\-.!|~:]/g;
function escapeInline(text, maxLen) {
  let out = truncate(oneLine(text), maxLen);
  out = out.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  out = out.replace(MARKDOWN_META, (ch) => `\\${ch}`);
  return neutraliseReferences(out);
}
function escapeHtmlText(text, maxLen) {
  let out = truncate(oneLine(text), maxLen);
  out = out.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return neutraliseReferences(out).replace(/[[\]()!`*_|~:\\]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
function codeSpan(text, maxLen) {
  const body = truncate(oneLine(text), maxLen).replace(/\|/g, "\\|");
  const ticks = "`".repeat(longestRun(body, "`") + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || body === "" ? " " : "";
  return `${ticks}${pad}${body}${pad}${ticks}`;
}
function truncate(text, maxLen) {
  if (maxLen === void 0) return text;
  const points = Array.from(text);
  if (points.length <= maxLen) return text;
  return `${points.slice(0, Math.max(0, maxLen - 1)).join("")}\u2026`;
}
function oneLine(text) {
  return text.replace(/\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");
}
function neutraliseReferences(text) {
  return text.replace(/@/g, FULLWIDTH_AT).replace(/#/g, `#${WORD_JOINER}`).replace(/\b(GH)(\\?-)/gi, `$1$2${WORD_JOINER}`);
}
function longestRun(text, ch) {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

// src/render/markdown.ts
var DEFAULT_MAX_CHARS = 6e4;
function versionFooter(version) {
  return `
<sub>fwsync ${version}</sub>
`;
}
var FOOTER_RESERVE = 100;
var DEFAULT_POINTER = "(see the job summary for the full plan)";
var MAX_CELL = 300;
var MAX_MESSAGE = 500;
var KIND_LABEL = {
  update: "~ update",
  adopt: "+ adopt",
  forget: "- forget",
  record: "= record"
};
function renderPlanMarkdown(plan, opts = {}) {
  const s = plan.summary;
  const head = [];
  head.push(`### ${escapeInline(opts.title ?? "fwsync plan", 200)}`, "");
  head.push(
    "| update | adopt | forget | record | unchanged | drifted |",
    "| ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${s.update} | ${s.adopt} | ${s.forget} | ${s.record} | ${s.unchanged} | ${s.drifted} |`,
    ""
  );
  const against = plan.state.exists ? `state serial ${plan.state.serial}, lineage ${codeSpan(plan.state.lineage ?? "", 64)}` : "no state file yet";
  head.push(
    `Planned against ${against}${plan.refreshed ? ", with live values (--refresh)" : ""}. Checksum ${codeSpan(plan.checksum, 80)}.`,
    ""
  );
  if (plan.changes.length === 0) head.push("**No changes.** The account matches the YAML files.", "");
  if (!plan.safety.safe) {
    head.push(
      `> [!CAUTION]`,
      `> **Refused without --force.** ${escapeInline(plan.safety.message ?? "", 1e3)}`,
      ""
    );
  } else if (s.update > 0 && plan.safety.message) {
    head.push(`**Safety:** ${escapeInline(plan.safety.message, 1e3)}`, "");
  }
  if (plan.notes.length > 0) {
    head.push(...plan.notes.map((note) => `- ${escapeInline(note, 2e3)}`), "");
  }
  const items = plan.changes.map(changeDetails);
  return assemble(opts, head, items, []);
}
function renderApplyResultMarkdown(result, opts = {}) {
  const s = result.summary;
  const head = [];
  head.push(`### ${escapeInline(opts.title ?? "fwsync apply", 200)}`, "");
  const done = s.applied + s.recorded + s.forgotten;
  const verdict = result.interrupted ? `**Cancelled, partially applied: ${done} of ${result.images.length} changes.** Confirmed images are recorded in the state; run apply again for the rest.` : result.complete ? "**Applied.** Every change was confirmed." : "**Partially applied.** Confirmed images are recorded in the state; fix the failures and run apply again.";
  head.push(verdict, "");
  head.push(
    "| applied | recorded | forgotten | failed | not attempted | requests |",
    "| ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${s.applied} | ${s.recorded} | ${s.forgotten} | ${s.failed} | ${s.not_attempted} | ${result.requests} |`,
    ""
  );
  if (opts.planMatchesReviewed === true)
    head.push("The applied plan is the plan last shown on this pull request.", "");
  if (opts.planMatchesReviewed === false) {
    const diff = opts.reviewDiff ?? null;
    if (diff !== null && diff.added === 0 && diff.removed === 0) {
      head.push(
        "The applied changes send the same values as the plan last shown on this pull request; the state they start from moved since, so the plan checksum differs.",
        ""
      );
    } else {
      const counts = diff === null ? "" : ` by +${diff.added}/\u2212${diff.removed} changes (${diff.added} not shown there, ${diff.removed} shown there and not applied as shown; a change whose values differ counts on both sides)`;
      head.push(
        "> [!WARNING]",
        `> The applied plan differs from the plan last shown on this pull request${counts}: the state or the files changed since.`,
        ""
      );
    }
  }
  const state = result.state ? `; state serial ${result.state.serial}` : "";
  head.push(`Plan checksum ${codeSpan(result.plan_checksum, 80)}${state}.`, "");
  const ordered = [...result.images].sort(
    (a, b) => OUTCOME_ORDER[a.outcome] - OUTCOME_ORDER[b.outcome] || compareCodeUnits(a.guid, b.guid)
  );
  const items = ordered.map(resultRow);
  const tableHead = ordered.length > 0 ? ["| image | change | outcome | message |", "| --- | --- | --- | --- |"] : [];
  return assemble(opts, head, items, tableHead);
}
var OUTCOME_ORDER = {
  failed: 0,
  not_attempted: 1,
  applied: 2,
  recorded: 3,
  forgotten: 4
};
var OUTCOME_LABEL = {
  failed: "\u274C failed",
  not_attempted: "\u23F8\uFE0F not attempted",
  applied: "\u2705 applied",
  recorded: "\u{1F4DD} recorded",
  forgotten: "\u2796 forgotten"
};
function resultRow(image) {
  const message = image.message === void 0 ? "" : escapeInline(image.message, MAX_MESSAGE);
  return `| ${codeSpan(image.guid, 64)} | ${image.kind} | ${OUTCOME_LABEL[image.outcome]} | ${message} |`;
}
function changeDetails(change) {
  const where = change.line === null ? change.file : `${change.file}:${change.line}`;
  const tags = [];
  if (change.drifted) tags.push("drifted");
  if (change.kind === "adopt" && change.live === void 0) tags.push("live value unknown");
  const tagText = tags.length > 0 ? ` (${tags.join(", ")})` : "";
  const lines = [
    `<details><summary>${KIND_LABEL[change.kind]} <code>${escapeHtmlText(change.guid, 64)}</code> \u2014 ${escapeHtmlText(where, 300)}${tagText}</summary>`,
    ""
  ];
  if (change.kind === "forget") {
    lines.push("Removed from the state only; the image on FinerWorks is not touched.", "");
  } else if (change.kind === "record") {
    lines.push("The account already holds these values; only the state is written.", "");
  }
  if (change.fields.length > 0) {
    lines.push("| field | before | after |", "| --- | --- | --- |");
    for (const field of change.fields) lines.push(fieldRow(change, field));
    lines.push("");
  }
  if (change.products && change.products.length > 0) {
    const names = change.products.map((p) => escapeInline(p, 200)).join(", ");
    lines.push(`Virtual inventory products that may be removed: ${names}`, "");
  }
  lines.push("</details>");
  return lines.join("\n");
}
function fieldRow(change, field) {
  const unknown = change.kind === "adopt" && change.live === void 0 ? "_unknown_" : "_unset_";
  const before = field.before === void 0 ? change.kind === "forget" ? "" : unknown : cell(field.before);
  const after = field.after === void 0 ? change.kind === "forget" ? "_forgotten_" : "_unset_" : cell(field.after);
  return `| ${field.field} | ${before} | ${after} |`;
}
function cell(value) {
  if (typeof value === "string") return value === "" ? "_empty_" : escapeInline(value, MAX_CELL);
  return escapeInline(JSON.stringify(value) ?? "", MAX_CELL);
}
function assemble(opts, head, items, tableHead) {
  const max = opts.maxChars ?? DEFAULT_MAX_CHARS;
  const pointer = opts.summaryPointer ?? DEFAULT_POINTER;
  const sep = tableHead.length > 0 ? "\n" : "\n\n";
  let body = `${opts.marker ? `${opts.marker}
` : ""}${head.join("\n")}
`;
  if (tableHead.length > 0 && items.length > 0) body += `${tableHead.join("\n")}
`;
  const cutLine = (n) => `
\u2026and ${n} more ${pointer}
`;
  let used = 0;
  let text = "";
  for (const item of items) {
    const next = `${text}${used === 0 ? "" : sep}${item}`;
    const remaining = items.length - used - 1;
    const reserve = remaining > 0 ? cutLine(remaining).length + 1 : 1;
    if (body.length + next.length + reserve > max) break;
    text = next;
    used += 1;
  }
  let out = `${body}${text}${text === "" ? "" : "\n"}`;
  if (used < items.length) out += cutLine(items.length - used);
  return out.length > max ? `${out.slice(0, Math.max(0, max - 1))}\u2026` : out;
}

// src/render/json.ts
function renderPlanJson(plan, fwsyncVersion = VERSION) {
  return stableJson({ ...plan, fwsync_version: fwsyncVersion });
}
function renderApplyResultJson(result) {
  return stableJson(result);
}
function stableJson(value) {
  return `${JSON.stringify(sortKeys(value), null, 2)}
`;
}

export {
  renderPlanText,
  renderApplyResultText,
  formatValue,
  visible,
  painter,
  escapeInline,
  codeSpan,
  DEFAULT_MAX_CHARS,
  versionFooter,
  FOOTER_RESERVE,
  renderPlanMarkdown,
  renderApplyResultMarkdown,
  renderPlanJson,
  renderApplyResultJson,
  stableJson
};
