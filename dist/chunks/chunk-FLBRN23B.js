import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);

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

export {
  renderPlanText,
  renderApplyResultText,
  formatValue,
  visible,
  escapeInline,
  escapeHtmlText,
  codeSpan
};
