import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  COMMENT_MAX_CHARS
} from "./chunk-ICBGLEOU.js";
import {
  codeSpan,
  escapeHtmlText,
  escapeInline,
  fence
} from "./chunk-5TBF2SJK.js";
import {
  lineDiff,
  wantsDiff,
  wordDiff
} from "./chunk-DVXEWOV7.js";
import {
  compareCodeUnits
} from "./chunk-NAR3LMYI.js";

// src/render/markdown.ts
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
  const serial = plan.state.exists ? `serial ${plan.state.serial}` : "no state file yet";
  const notRead = `the account was not read \u2014 ${codeSpan("fwsync plan --refresh")} compares with it.`;
  if (plan.changes.length === 0) {
    head.push(
      plan.refreshed ? "**No changes.** The account matches the YAML files." : `**No changes** against the last-applied state (${serial}); ${notRead}`,
      ""
    );
  } else if (!plan.refreshed) {
    head.push(`Compared with the last-applied state (${serial}); ${notRead}`, "");
  }
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
  return assemble(opts, head, plan.changes, changeDetails, []);
}
function renderApplyResultMarkdown(result, opts = {}) {
  const s = result.summary;
  const head = [];
  head.push(`### ${escapeInline(opts.title ?? "fwsync apply", 200)}`, "");
  const done = s.applied + s.recorded + s.forgotten;
  const verdict = result.interrupted ? `**Cancelled, partially applied: ${done} of ${result.images.length} changes.** Confirmed images are recorded in the state; run apply again for the rest.` : result.complete ? result.images.length === 0 ? "**Nothing to apply.** The plan had no changes; nothing was sent." : "**Applied.** Every change was confirmed." : "**Partially applied.** Confirmed images are recorded in the state; fix the failures and run apply again.";
  head.push(verdict, "");
  if (s.refused > 0) {
    head.push(
      `**Refused: ${s.refused} image${s.refused === 1 ? "" : "s"} not sent on purpose** (virtual inventory products the update would remove, or not in the configured library; see the table). They are not recorded, so the next plan shows them again; ${codeSpan("allow-product-removal")} sends images with products anyway.`,
      ""
    );
  }
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
  const tableHead = ordered.length > 0 ? ["| image | change | outcome | message |", "| --- | --- | --- | --- |"] : [];
  return assemble(opts, head, ordered, resultRow, tableHead);
}
var OUTCOME_ORDER = {
  failed: 0,
  not_attempted: 1,
  refused: 1,
  applied: 2,
  recorded: 3,
  forgotten: 4
};
var OUTCOME_LABEL = {
  failed: "\u274C failed",
  not_attempted: "\u23F8\uFE0F not attempted",
  refused: "\u{1F6D1} refused",
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
    for (const field of change.fields) {
      if (change.kind !== "forget" && wantsDiff(field.before, field.after))
        lines.push(...textDiffBlock(field.field, field.before, field.after), "");
    }
  }
  if (change.productsSeen) {
    const { labels, seen_at } = change.productsSeen;
    const names = labels.length > 0 ? labels.map((p) => escapeInline(p, 200)).join(", ") : "none";
    lines.push(
      `Virtual inventory products when fwsync last read them (${escapeInline(seen_at.slice(0, 10))}): ${names}`,
      ""
    );
  }
  if (change.products && change.products.length > 0) {
    const names = change.products.map((p) => escapeInline(p, 200)).join(", ");
    lines.push(`Virtual inventory products that may be removed: ${names}`, "");
  }
  lines.push("</details>");
  return lines.join("\n");
}
function textDiffBlock(field, before, after) {
  if (before.includes("\n") || after.includes("\n")) {
    const body = lineDiff(before, after).map((l) => `${l.kind === "added" ? "+" : l.kind === "removed" ? "-" : " "} ${l.line}`).join("\n");
    return [`${field}, line by line:`, "", fence(body, "diff")];
  }
  const parts = wordDiff(before, after).map((part) => {
    const text = escapeInline(part.text);
    if (part.kind === "removed") return `<del>${text}</del>`;
    if (part.kind === "added") return `<ins>${text}</ins>`;
    return text;
  });
  return [`${field}, word by word: ${parts.join("")}`];
}
function fieldRow(change, field) {
  if (change.kind !== "forget" && wantsDiff(field.before, field.after))
    return `| ${field.field} | ${cell(field.before)} | _changed: see below_ |`;
  const unknown = change.kind === "adopt" && change.live === void 0 ? "_unknown_" : "_unset_";
  const before = field.before === void 0 ? change.kind === "forget" ? "" : unknown : cell(field.before);
  const after = field.after === void 0 ? change.kind === "forget" ? "_forgotten_" : "_unset_" : cell(field.after);
  return `| ${field.field} | ${before} | ${after} |`;
}
function cell(value) {
  if (typeof value === "string") return value === "" ? "_empty_" : escapeInline(value, MAX_CELL);
  return escapeInline(JSON.stringify(value) ?? "", MAX_CELL);
}
function assemble(opts, head, items, render, tableHead) {
  const max = opts.maxChars ?? COMMENT_MAX_CHARS;
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
  const parts = [];
  let length = 0;
  for (const item of items) {
    const piece = `${used === 0 ? "" : sep}${render(item)}`;
    const remaining = items.length - used - 1;
    const reserve = remaining > 0 ? cutLine(remaining).length + 1 : 1;
    if (body.length + length + piece.length + reserve > max) break;
    parts.push(piece);
    length += piece.length;
    used += 1;
  }
  const text = parts.join("");
  let out = `${body}${text}${text === "" ? "" : "\n"}`;
  if (used < items.length) out += cutLine(items.length - used);
  return out.length > max ? `${out.slice(0, Math.max(0, max - 1))}\u2026` : out;
}

export {
  versionFooter,
  FOOTER_RESERVE,
  renderPlanMarkdown,
  renderApplyResultMarkdown
};
