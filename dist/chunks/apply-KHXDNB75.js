import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  apply
} from "./chunk-V5MZ363J.js";
import "./chunk-OE57REKD.js";
import {
  createAjv
} from "./chunk-EF2EEJLY.js";
import "./chunk-DKQ6EPOF.js";
import "./chunk-IEV2GMXG.js";
import {
  painter,
  renderApplyResultJson,
  renderApplyResultText,
  renderPlanText,
  visible
} from "./chunk-DVXEWOV7.js";
import "./chunk-AT44SEU4.js";
import "./chunk-JRKJ7VIZ.js";
import {
  configPathOf
} from "./chunk-GA74MVZ6.js";
import "./chunk-VQJHGHBG.js";
import "./chunk-OWOVCXQ3.js";
import "./chunk-RUZFTCW2.js";
import "./chunk-TQBHC6B2.js";
import "./chunk-FQCVKA3H.js";
import "./chunk-NAR3LMYI.js";
import {
  EXIT,
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import "./chunk-VB7EOEZX.js";

// src/cli/commands/apply.ts
import path from "node:path";

// src/adapters/plan-file.ts
import { readFile } from "node:fs/promises";

// schemas/plan.schema.json
var plan_schema_default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://github.com/fwsync/fwsync/schemas/plan.schema.json",
  title: "fwsync plan",
  description: "What `fwsync plan --format json` prints and `fwsync apply --plan FILE` reads: every image that is not unchanged, sorted by guid, with counts, the state it was made against and a checksum over (lineage, serial, changes).",
  type: "object",
  additionalProperties: false,
  required: ["version", "checksum", "state", "summary", "changes", "safety", "refreshed", "notes"],
  properties: {
    version: { type: "integer", const: 1 },
    fwsync_version: {
      description: "The fwsync release that made the plan, as `fwsync --version` prints it. Informational: apply --plan checks the checksum and the state, not this.",
      type: "string",
      minLength: 1,
      maxLength: 64
    },
    checksum: {
      description: "sha256 over the canonical JSON of { lineage, serial, changes }.",
      $ref: "#/$defs/hash"
    },
    state: {
      description: "The state the plan was made against; an apply refuses a plan whose state moved.",
      type: "object",
      additionalProperties: false,
      required: ["exists", "lineage", "serial"],
      properties: {
        exists: { type: "boolean" },
        lineage: { anyOf: [{ type: "string", maxLength: 64 }, { type: "null" }] },
        serial: { type: "integer", minimum: 0 }
      }
    },
    summary: {
      description: "A count per kind, plus unchanged images and drifted images (--refresh).",
      type: "object",
      additionalProperties: false,
      required: ["update", "adopt", "forget", "record", "unchanged", "drifted"],
      properties: {
        update: { $ref: "#/$defs/count" },
        adopt: { $ref: "#/$defs/count" },
        forget: { $ref: "#/$defs/count" },
        record: { $ref: "#/$defs/count" },
        unchanged: { $ref: "#/$defs/count" },
        drifted: { $ref: "#/$defs/count" }
      }
    },
    changes: {
      type: "array",
      items: { $ref: "#/$defs/change" }
    },
    safety: {
      description: "Updates above max_change_percent of the tracked images are refused without --force; checked from min_tracked images on. Adopts are not counted.",
      type: "object",
      additionalProperties: false,
      required: ["safe", "updates", "tracked", "max_change_percent", "min_tracked"],
      properties: {
        safe: { type: "boolean" },
        updates: { $ref: "#/$defs/count" },
        tracked: { $ref: "#/$defs/count" },
        max_change_percent: { type: "number", minimum: 0, maximum: 100 },
        min_tracked: { $ref: "#/$defs/count" },
        message: { type: "string" }
      }
    },
    refreshed: {
      description: "True when the plan compared with the live values (--refresh).",
      type: "boolean"
    },
    notes: {
      description: "Warnings every renderer shows: the virtual inventory warning, unknown live values, no state yet, drift.",
      type: "array",
      items: { type: "string" }
    }
  },
  $defs: {
    count: { type: "integer", minimum: 0 },
    hash: { type: "string", maxLength: 71, pattern: "^sha256:[0-9a-f]{64}$" },
    guid: {
      type: "string",
      maxLength: 36,
      pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
    },
    fieldName: {
      enum: [
        "title",
        "description",
        "visible",
        "rank",
        "assigned_personal_gallery_ids",
        "assigned_gallery_subcategory_ids"
      ]
    },
    fieldValue: {
      anyOf: [
        { type: "string" },
        { type: "boolean" },
        { type: "integer" },
        { type: "array", items: { type: "integer" } }
      ]
    },
    fields: {
      description: "The managed fields of one image, as sent to update_images.",
      type: "object",
      additionalProperties: false,
      required: ["title", "description"],
      properties: {
        title: { type: "string" },
        description: { type: "string" },
        visible: { type: "boolean" },
        rank: { type: "integer", minimum: 0 },
        assigned_personal_gallery_ids: { type: "array", items: { type: "integer" } },
        assigned_gallery_subcategory_ids: { type: "array", items: { type: "integer" } }
      }
    },
    fieldChange: {
      description: "before is absent when the field was not set or the live value is unknown (adopt); after is absent when the field is no longer set (or the image is forgotten).",
      type: "object",
      additionalProperties: false,
      required: ["field"],
      properties: {
        field: { $ref: "#/$defs/fieldName" },
        before: { $ref: "#/$defs/fieldValue" },
        after: { $ref: "#/$defs/fieldValue" }
      }
    },
    change: {
      type: "object",
      additionalProperties: false,
      required: ["guid", "kind", "file", "line", "fields"],
      properties: {
        guid: { $ref: "#/$defs/guid" },
        kind: {
          description: "update: sends it; adopt: sends it, not in the state yet; forget: removed from the state, nothing sent; record (--refresh): the account already matches, only the state is written.",
          enum: ["update", "adopt", "forget", "record"]
        },
        file: {
          description: "The YAML file of the image; for forget, the state's source.",
          type: "string"
        },
        line: {
          description: "1-based line of the image's entry; null for forget (and for a drifted image of an unparsed file).",
          anyOf: [{ type: "integer", minimum: 1 }, { type: "null" }]
        },
        fields: { type: "array", items: { $ref: "#/$defs/fieldChange" } },
        desired: {
          description: "The full payload sent (update, adopt) or recorded (record).",
          $ref: "#/$defs/fields"
        },
        drifted: {
          description: "--refresh: the live value differs from the last applied one.",
          type: "boolean"
        },
        live: { description: "--refresh: what the account holds now.", $ref: "#/$defs/fields" },
        products: {
          description: "Virtual inventory products the update may remove, when known.",
          type: "array",
          items: { type: "string" }
        },
        productsSeen: {
          description: "Without --refresh: the products the state last recorded for the image (import, apply), and when.",
          type: "object",
          additionalProperties: false,
          required: ["labels", "seen_at"],
          properties: {
            labels: { type: "array", items: { type: "string" } },
            seen_at: { type: "string" }
          }
        }
      }
    }
  }
};

// src/adapters/plan-file.ts
async function readPlanFile(file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new FwsyncError("input", `cannot read the plan file ${file}`, {
      cause: error,
      hint: "Create it with `fwsync plan --out FILE`."
    });
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new FwsyncError("input", `${file} is not JSON, so not a plan written by \`fwsync plan --out\``, {
      cause: error
    });
  }
  const validate = createAjv({ trustedSchemas: true }).compile(plan_schema_default);
  if (!validate(parsed)) {
    const first = validate.errors?.[0];
    const where = first ? `${first.instancePath || "the top level"} ${first.message ?? "is invalid"}` : "is invalid";
    throw new FwsyncError("input", `${file} is not a plan written by \`fwsync plan --out\` (${where})`, {
      hint: "Make the plan again with `fwsync plan --out FILE` and apply that file."
    });
  }
  return parsed;
}

// src/render/send-notice.ts
function renderSendNotice(context, opts) {
  const { guard, host } = context;
  if (host === null || guard === null) return "";
  const paint = painter(opts.color);
  const lines = [];
  for (const refusal of guard.refused) {
    lines.push(`${paint("red", "! refused")} ${visible(refusal.guid)}: ${visible(refusal.message)}`);
  }
  for (const [guid, products] of guard.removals) {
    lines.push(
      `${paint("yellow", "! removes products")} ${visible(guid)}: ${products.map(visible).join(", ")} (--allow-product-removal)`
    );
  }
  const n = guard.send.length;
  lines.push(`Sending ${n} image${n === 1 ? "" : "s"} to ${visible(host)}.`);
  return `${lines.join("\n")}
`;
}

// src/cli/commands/apply.ts
async function applyCommand(opts, ports, io, ask) {
  const savedPlan = typeof opts.plan === "string" ? await readPlanFile(path.resolve(ports.cwd, opts.plan)) : void 0;
  const json = opts.format === "json";
  const outcome = await apply(ports, {
    ...configPathOf(opts),
    ...savedPlan ? { savedPlan } : {},
    force: opts.force === true,
    refresh: opts.refresh === true,
    verify: opts.verify === true,
    allowProductRemoval: opts.allowProductRemoval === true,
    confirm: (thePlan, context) => confirm(thePlan, context, opts, io, ask),
    checkConfirmable: () => {
      if (opts.yes !== true && !io.isTty) {
        throw new FwsyncError("input", "apply needs confirmation, and there is no terminal to ask on", {
          hint: "Review the plan (`fwsync plan`) and run `fwsync apply --yes` to apply it without asking."
        });
      }
    },
    onProgress: (p) => progress(p, opts, io)
  });
  if (outcome.cancelled) {
    io.err("Apply cancelled; nothing was sent.\n");
    return EXIT.error;
  }
  io.out(
    json ? renderApplyResultJson(outcome.result) : renderApplyResultText(outcome.result, { color: io.color })
  );
  if (outcome.result.interrupted) return EXIT.interrupted;
  if (!outcome.result.complete) return EXIT.partial;
  return EXIT.ok;
}
async function confirm(thePlan, context, opts, io, ask) {
  if (opts.format !== "json") {
    io.out(renderPlanText(thePlan, { color: io.color }));
    io.out(renderSendNotice(context, { color: io.color }));
  }
  if (opts.yes === true || thePlan.changes.length === 0) return true;
  if (!io.isTty) {
    throw new FwsyncError("input", "apply needs confirmation, and there is no terminal to ask on", {
      hint: "Review the plan above and run `fwsync apply --yes` to apply it without asking."
    });
  }
  const answer = await ask('\nApply these changes? Only "yes" is accepted: ');
  return answer?.trim() === "yes";
}
function progress(p, opts, io) {
  if (opts.format === "json" || opts.quiet === true) return;
  if (io.isTty) {
    const width = 30;
    const filled = Math.round(p.done / Math.max(1, p.total) * width);
    io.err(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${p.done}/${p.total} images confirmed`);
    if (p.done >= p.total) io.err("\n");
  } else {
    io.err(`${p.done}/${p.total} images confirmed
`);
  }
}
export {
  applyCommand
};
