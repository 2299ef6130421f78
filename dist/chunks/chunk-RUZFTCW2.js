import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  require__,
  require_dist,
  require_formats
} from "./chunk-FQCVKA3H.js";
import {
  hashFields
} from "./chunk-NAR3LMYI.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// src/adapters/atomic-file.ts
import { randomBytes } from "node:crypto";
import * as fsp from "node:fs/promises";
import * as nodePath from "node:path";
var nodeFs = {
  readFile: (path) => fsp.readFile(path),
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  mkdir: (path, options) => fsp.mkdir(path, options),
  readdir: (path) => fsp.readdir(path)
};
var RENAME_RETRIES = 5;
async function writeAtomic(fs, target, bytes, sleep = defaultSleep) {
  const temp = `${target}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
  let created = false;
  try {
    const handle = await fs.open(temp, "wx", 420);
    created = true;
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.rename(temp, target);
        break;
      } catch (error) {
        const code = errorCode(error);
        if (code !== "EPERM" && code !== "EBUSY" || attempt >= RENAME_RETRIES) throw error;
        const base = 50 * 2 ** attempt;
        await sleep(base + Math.floor(Math.random() * base));
      }
    }
    created = false;
  } catch (error) {
    if (created) await fs.unlink(temp).catch(() => void 0);
    throw error;
  }
  await syncDirectory(fs, nodePath.dirname(target));
}
async function syncDirectory(fs, dir) {
  let handle;
  try {
    handle = await fs.open(dir, "r");
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code !== "EINVAL" && code !== "EISDIR" && code !== "EPERM" && code !== "EACCES" && code !== "EBADF")
      throw error;
  } finally {
    await handle?.close().catch(() => void 0);
  }
}
function defaultSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
function errorCode(error) {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string")
    return error.code;
  return void 0;
}
function describeFsError(error) {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

// src/adapters/journal.ts
import * as fsp2 from "node:fs/promises";
import * as nodePath2 from "node:path";

// src/adapters/state-schema.ts
var import__ = __toESM(require__(), 1);
var import_ajv_formats = __toESM(require_dist(), 1);
var import_formats = __toESM(require_formats(), 1);

// schemas/state.schema.json
var state_schema_default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://github.com/fwsync/fwsync/schemas/state.schema.json",
  title: "fwsync last-applied state",
  description: "What fwsync last confirmed with FinerWorks, per image, and the image files whose every image was confirmed. Written by fwsync; do not edit by hand. Holds no secrets: there is no free-form field.",
  type: "object",
  additionalProperties: false,
  required: ["version", "lineage", "serial", "images", "files"],
  properties: {
    checksum: {
      description: "sha256 over the rest of the file exactly as fwsync wrote it (the file without this line). When it matches, the file is known to be what fwsync validated and wrote, and reading skips the full validation; when it does not (a hand edit), the file is validated in full.",
      type: "string",
      maxLength: 71,
      pattern: "^sha256:[0-9a-f]{64}$"
    },
    version: {
      description: "State format version. Always 1.",
      type: "integer",
      const: 1
    },
    lineage: {
      description: "Set once when the state is created; a write over a state with another lineage is refused.",
      $ref: "#/$defs/uuid"
    },
    serial: {
      description: "Goes up on every write that changes the content.",
      type: "integer",
      minimum: 0,
      maximum: 9007199254740991
    },
    images: {
      description: "Per image guid (lower-case), what the API last confirmed.",
      type: "object",
      maxProperties: 1e6,
      propertyNames: {
        $ref: "#/$defs/guid"
      },
      additionalProperties: {
        $ref: "#/$defs/image"
      }
    },
    files: {
      description: "Per image file (path relative to the working directory), its content hash and guids when every image in it was confirmed.",
      type: "object",
      maxProperties: 1e6,
      propertyNames: {
        $ref: "#/$defs/path"
      },
      additionalProperties: {
        $ref: "#/$defs/file"
      }
    }
  },
  $defs: {
    uuid: {
      type: "string",
      maxLength: 36,
      format: "uuid"
    },
    guid: {
      description: "A FinerWorks image guid, lower-case.",
      type: "string",
      maxLength: 36,
      pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
    },
    path: {
      type: "string",
      maxLength: 4096
    },
    hash: {
      description: "sha256 over the content, lower-case hex.",
      type: "string",
      maxLength: 71,
      pattern: "^sha256:[0-9a-f]{64}$"
    },
    image: {
      type: "object",
      additionalProperties: false,
      required: ["applied", "hash", "applied_at", "source", "commit"],
      properties: {
        applied: {
          $ref: "#/$defs/applied"
        },
        hash: {
          $ref: "#/$defs/hash"
        },
        applied_at: {
          type: "string",
          maxLength: 64,
          format: "date-time"
        },
        source: {
          description: "The image file the image came from when it was applied.",
          $ref: "#/$defs/path"
        },
        products: {
          description: "The virtual inventory products fwsync last read for this image (import, apply), and when.",
          type: "object",
          additionalProperties: false,
          required: ["labels", "seen_at"],
          properties: {
            labels: {
              type: "array",
              maxItems: 500,
              items: { type: "string", maxLength: 600 }
            },
            seen_at: {
              type: "string",
              maxLength: 64,
              format: "date-time"
            }
          }
        },
        commit: {
          description: "The git commit of the working tree when applied; null outside git.",
          anyOf: [
            {
              type: "string",
              maxLength: 64,
              pattern: "^[0-9a-f]{7,64}$"
            },
            {
              type: "null"
            }
          ]
        }
      }
    },
    applied: {
      description: "Exactly the fields the API confirmed; the same limits as the image files.",
      type: "object",
      additionalProperties: false,
      required: ["title", "description"],
      properties: {
        title: {
          type: "string",
          minLength: 1,
          maxLength: 256
        },
        description: {
          type: "string",
          maxLength: 1e4
        },
        visible: {
          type: "boolean"
        },
        rank: {
          type: "integer",
          minimum: 0,
          maximum: 2147483647
        },
        assigned_personal_gallery_ids: {
          $ref: "#/$defs/idList"
        },
        assigned_gallery_subcategory_ids: {
          $ref: "#/$defs/idList"
        }
      }
    },
    idList: {
      type: "array",
      maxItems: 1e3,
      uniqueItems: true,
      items: {
        type: "integer",
        minimum: 0,
        maximum: 9007199254740991
      }
    },
    file: {
      type: "object",
      additionalProperties: false,
      required: ["hash", "guids"],
      properties: {
        hash: {
          $ref: "#/$defs/hash"
        },
        guids: {
          type: "array",
          maxItems: 1e4,
          uniqueItems: true,
          items: {
            type: "string",
            maxLength: 36,
            pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
          }
        }
      }
    },
    journalLine: {
      description: "One confirmed batch in <state>.journal (not part of the state file itself).",
      type: "object",
      additionalProperties: false,
      required: ["confirmed"],
      properties: {
        confirmed: {
          type: "array",
          maxItems: 1e4,
          items: {
            $ref: "#/$defs/journalEntry"
          }
        }
      }
    },
    journalEntry: {
      type: "object",
      additionalProperties: false,
      required: ["guid", "applied", "applied_at", "source", "commit"],
      properties: {
        guid: {
          $ref: "#/$defs/guid"
        },
        applied: {
          $ref: "#/$defs/applied"
        },
        applied_at: {
          $ref: "#/$defs/image/properties/applied_at"
        },
        source: {
          $ref: "#/$defs/path"
        },
        commit: {
          $ref: "#/$defs/image/properties/commit"
        }
      }
    },
    journalHeader: {
      description: "The first line of <state>.journal: which state the confirmed batches apply on top of.",
      type: "object",
      additionalProperties: false,
      required: ["journal", "lineage", "base_serial"],
      properties: {
        journal: {
          type: "integer",
          const: 1
        },
        lineage: {
          anyOf: [
            {
              $ref: "#/$defs/uuid"
            },
            {
              type: "null"
            }
          ]
        },
        base_serial: {
          $ref: "#/properties/serial"
        }
      }
    }
  }
};

// schemas/state-manifest.schema.json
var state_manifest_schema_default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://github.com/fwsync/fwsync/schemas/state-manifest.schema.json",
  title: "fwsync last-applied state, version 2: the manifest",
  description: "The state file named in the config. It holds the lineage and serial and names the shards (files next to it, in <name>.shards/) that hold the images and the image-file entries, each by its sha256. Writing the shards first and renaming this file over the old one last is what makes a write atomic. Written by fwsync; do not edit by hand.",
  type: "object",
  additionalProperties: false,
  required: ["version", "lineage", "serial", "images", "files"],
  properties: {
    checksum: {
      description: "sha256 over the rest of the file exactly as fwsync wrote it (the file without this line). When it matches, the manifest and every shard whose sha256 matches are known to be what fwsync validated and wrote, and reading skips the full validation.",
      type: "string",
      maxLength: 71,
      pattern: "^sha256:[0-9a-f]{64}$"
    },
    version: {
      description: "State format version. Version 1 (one file) is still read and is replaced by version 2 on the next write.",
      type: "integer",
      const: 2
    },
    lineage: {
      description: "Set once when the state is created; a write over a state with another lineage is refused.",
      type: "string",
      maxLength: 36,
      format: "uuid"
    },
    serial: {
      description: "Goes up on every write that changes the content.",
      type: "integer",
      minimum: 0,
      maximum: 9007199254740991
    },
    images: {
      description: "Images, in shards by the first `prefix` hex digits of their guid.",
      $ref: "#/$defs/shardSet"
    },
    files: {
      description: "Image-file entries, in shards by the first `prefix` hex digits of the sha256 of their path.",
      $ref: "#/$defs/shardSet"
    }
  },
  $defs: {
    shardSet: {
      type: "object",
      additionalProperties: false,
      required: ["prefix", "count", "shards", "counts"],
      properties: {
        prefix: {
          description: "How many hex digits of the key choose the shard (1 to 4); grows when a shard passes the size fwsync aims for.",
          type: "integer",
          minimum: 1,
          maximum: 4
        },
        count: {
          description: "How many entries the shards hold together.",
          type: "integer",
          minimum: 0,
          maximum: 1e6
        },
        shards: {
          description: "Per key prefix, the sha256 of its shard file's bytes (the file is <kind>-<prefix>-<first 16 hex digits>.json). Prefixes without entries have no shard.",
          type: "object",
          maxProperties: 65536,
          propertyNames: {
            type: "string",
            maxLength: 4,
            pattern: "^[0-9a-f]{1,4}$"
          },
          additionalProperties: {
            type: "string",
            maxLength: 71,
            pattern: "^sha256:[0-9a-f]{64}$"
          }
        },
        counts: {
          description: "Per key prefix, how many entries its shard holds (a plan that parses few image files reads only the shards its skipped files do not account for).",
          type: "object",
          maxProperties: 65536,
          propertyNames: {
            type: "string",
            maxLength: 4,
            pattern: "^[0-9a-f]{1,4}$"
          },
          additionalProperties: {
            type: "integer",
            minimum: 1,
            maximum: 1e6
          }
        }
      }
    }
  }
};

// schemas/state-shard.schema.json
var state_shard_schema_default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://github.com/fwsync/fwsync/schemas/state-shard.schema.json",
  title: "fwsync last-applied state, version 2: one shard",
  description: "One file of <state>.shards/: the images whose guid starts with `prefix` (kind images), or the image-file entries whose path's sha256 starts with `prefix` (kind files), one entry per line. The manifest names it by the sha256 of its bytes. Written by fwsync; do not edit by hand (an edited shard is validated in full).",
  oneOf: [
    {
      $ref: "#/$defs/imagesShard"
    },
    {
      $ref: "#/$defs/filesShard"
    }
  ],
  $defs: {
    imagesShard: {
      type: "object",
      additionalProperties: false,
      required: ["version", "kind", "prefix", "entries"],
      properties: {
        version: {
          type: "integer",
          const: 2
        },
        kind: {
          type: "string",
          const: "images"
        },
        prefix: {
          type: "string",
          maxLength: 4,
          pattern: "^[0-9a-f]{1,4}$"
        },
        entries: {
          description: "Per image guid (lower-case), what the API last confirmed.",
          type: "object",
          maxProperties: 1e6,
          propertyNames: {
            $ref: "#/$defs/guid"
          },
          additionalProperties: {
            $ref: "#/$defs/image"
          }
        }
      }
    },
    filesShard: {
      type: "object",
      additionalProperties: false,
      required: ["version", "kind", "prefix", "entries"],
      properties: {
        version: {
          type: "integer",
          const: 2
        },
        kind: {
          type: "string",
          const: "files"
        },
        prefix: {
          type: "string",
          maxLength: 4,
          pattern: "^[0-9a-f]{1,4}$"
        },
        entries: {
          description: "Per image file (path relative to the working directory), its content hash and guids when every image in it was confirmed.",
          type: "object",
          maxProperties: 1e6,
          propertyNames: {
            $ref: "#/$defs/path"
          },
          additionalProperties: {
            $ref: "#/$defs/file"
          }
        }
      }
    },
    guid: {
      description: "A FinerWorks image guid, lower-case.",
      type: "string",
      maxLength: 36,
      pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
    },
    path: {
      type: "string",
      maxLength: 4096
    },
    hash: {
      description: "sha256 over the content, lower-case hex.",
      type: "string",
      maxLength: 71,
      pattern: "^sha256:[0-9a-f]{64}$"
    },
    image: {
      type: "object",
      additionalProperties: false,
      required: ["applied", "hash", "applied_at", "source", "commit"],
      properties: {
        applied: {
          $ref: "#/$defs/applied"
        },
        hash: {
          $ref: "#/$defs/hash"
        },
        applied_at: {
          type: "string",
          maxLength: 64,
          format: "date-time"
        },
        source: {
          description: "The image file the image came from when it was applied.",
          $ref: "#/$defs/path"
        },
        products: {
          description: "The virtual inventory products fwsync last read for this image (import, apply), and when.",
          type: "object",
          additionalProperties: false,
          required: ["labels", "seen_at"],
          properties: {
            labels: {
              type: "array",
              maxItems: 500,
              items: { type: "string", maxLength: 600 }
            },
            seen_at: {
              type: "string",
              maxLength: 64,
              format: "date-time"
            }
          }
        },
        commit: {
          description: "The git commit of the working tree when applied; null outside git.",
          anyOf: [
            {
              type: "string",
              maxLength: 64,
              pattern: "^[0-9a-f]{7,64}$"
            },
            {
              type: "null"
            }
          ]
        }
      }
    },
    applied: {
      description: "Exactly the fields the API confirmed; the same limits as the image files.",
      type: "object",
      additionalProperties: false,
      required: ["title", "description"],
      properties: {
        title: {
          type: "string",
          minLength: 1,
          maxLength: 256
        },
        description: {
          type: "string",
          maxLength: 1e4
        },
        visible: {
          type: "boolean"
        },
        rank: {
          type: "integer",
          minimum: 0,
          maximum: 2147483647
        },
        assigned_personal_gallery_ids: {
          $ref: "#/$defs/idList"
        },
        assigned_gallery_subcategory_ids: {
          $ref: "#/$defs/idList"
        }
      }
    },
    idList: {
      type: "array",
      maxItems: 1e3,
      uniqueItems: true,
      items: {
        type: "integer",
        minimum: 0,
        maximum: 9007199254740991
      }
    },
    file: {
      type: "object",
      additionalProperties: false,
      required: ["hash", "guids"],
      properties: {
        hash: {
          $ref: "#/$defs/hash"
        },
        guids: {
          type: "array",
          maxItems: 1e4,
          uniqueItems: true,
          items: {
            type: "string",
            maxLength: 36,
            pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
          }
        }
      }
    }
  }
};

// src/adapters/state-schema.ts
var STATE_SCHEMA_ID = state_schema_default.$id;
var validators = null;
function stateValidators() {
  if (validators) return validators;
  const ajv = new import__.Ajv2020({
    // The schema is a file of this package, checked against the 2020-12 meta-schema by
    // test/schemas.test.ts; checking it again on every run would compile the meta-schema first
    // (~50 ms of each plan). Strict mode still refuses unknown keywords while compiling.
    validateSchema: false,
    strict: true,
    strictTypes: true,
    strictTuples: true,
    strictRequired: true,
    allErrors: false,
    verbose: false,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    unicodeRegExp: true
  });
  import_ajv_formats.default.default(ajv, { mode: "full", formats: ["uuid"], keywords: false });
  ajv.addFormat("date-time", {
    type: "string",
    validate: rememberValid(syncCheck(import_formats.fullFormats["date-time"]))
  });
  ajv.addSchema(state_schema_default);
  ajv.addSchema(state_manifest_schema_default);
  ajv.addSchema(state_shard_schema_default);
  const compiled = /* @__PURE__ */ new Map();
  const get = (ref) => {
    const fn = compiled.get(ref) ?? ajv.getSchema(ref.startsWith("https:") ? ref : `${STATE_SCHEMA_ID}${ref}`);
    if (!fn) throw new Error(`state schema has no ${ref}`);
    compiled.set(ref, fn);
    return fn;
  };
  validators = {
    get state() {
      return get("");
    },
    get manifest() {
      return get(state_manifest_schema_default.$id);
    },
    get imagesShard() {
      return get(`${state_shard_schema_default.$id}#/$defs/imagesShard`);
    },
    get filesShard() {
      return get(`${state_shard_schema_default.$id}#/$defs/filesShard`);
    },
    get journalHeader() {
      return get("#/$defs/journalHeader");
    },
    get journalLine() {
      return get("#/$defs/journalLine");
    }
  };
  return validators;
}
function rememberValid(check) {
  const valid = /* @__PURE__ */ new Set();
  return (value) => {
    if (valid.has(value)) return true;
    if (!check(value)) return false;
    if (valid.size < REMEMBERED) valid.add(value);
    return true;
  };
}
var REMEMBERED = 4096;
function syncCheck(format) {
  if (typeof format === "object" && !(format instanceof RegExp) && format.async !== true) {
    const check = format.validate;
    if (typeof check === "function") return (value) => check(value);
  }
  throw new Error("ajv-formats no longer defines date-time as a function");
}
function describeSchemaError(errors) {
  const e = errors?.[0];
  if (!e) return "does not match the schema";
  const where = e.instancePath === "" ? "the top level" : e.instancePath;
  const params = e.params;
  let what = e.message ?? "is invalid";
  if (typeof params["additionalProperty"] === "string")
    what += ` (${JSON.stringify(params["additionalProperty"])})`;
  if (e.propertyName !== void 0) what = `has an invalid key ${JSON.stringify(e.propertyName)} (${what})`;
  if (typeof params["missingProperty"] === "string")
    what = `is missing ${JSON.stringify(params["missingProperty"])}`;
  return `at ${where}: ${what}`;
}

// src/adapters/strict-json.ts
var JsonSyntaxError = class extends Error {
  line;
  column;
  offset;
  constructor(text, offset, what) {
    const { line, column } = lineColumn(text, offset);
    super(`${what} at ${line}:${column}`);
    this.name = "JsonSyntaxError";
    this.line = line;
    this.column = column;
    this.offset = offset;
  }
};
function lineColumn(text, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
var MAX_DEPTH = 512;
function parseStrictJson(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    scan(text);
    throw new JsonSyntaxError(text, 0, `invalid JSON (${error.message.slice(0, 200)})`);
  }
  if (!provedWithoutDuplicates(text, value)) scan(text);
  return value;
}
function provedWithoutDuplicates(text, value) {
  if (spellsEscapedColon(text) || hasEnumerable(Object.prototype)) return false;
  let counted = typeof value === "string" ? colonsIn(value) : 0;
  const values = [value];
  const depths = [0];
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop() ?? 0;
    if (typeof v !== "object" || v === null) continue;
    if (depth >= MAX_DEPTH) return false;
    if (Array.isArray(v)) {
      for (const item of v) {
        if (typeof item === "string") counted += colonsIn(item);
        else if (typeof item === "object" && item !== null) {
          values.push(item);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    const members = v;
    for (const key in members) {
      counted += 1 + colonsIn(key);
      const item = members[key];
      if (typeof item === "string") counted += colonsIn(item);
      else if (typeof item === "object" && item !== null) {
        values.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return counted === colonsIn(text);
}
function spellsEscapedColon(text) {
  for (let i = text.indexOf("\\u003"); i !== -1; i = text.indexOf("\\u003", i + 1)) {
    if ((text.charCodeAt(i + 5) | 32) === 97) return true;
  }
  return false;
}
function hasEnumerable(object) {
  for (const _ in object) return true;
  return false;
}
function colonsIn(s) {
  let n = 0;
  for (let i = s.indexOf(":"); i !== -1; i = s.indexOf(":", i + 1)) n++;
  return n;
}
var SMALL = 12;
var STRING_RUN = /[^"\\\u0000-\u001f]*/y;
var NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
function scan(text) {
  const n = text.length;
  const stack = [];
  let i = 0;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const fail = (what, at = i) => {
    throw new JsonSyntaxError(text, at, at >= n ? "unexpected end of JSON (the file looks truncated)" : what);
  };
  const describe = (at) => {
    const ch = text[at];
    return ch === void 0 ? "end of input" : `character ${JSON.stringify(ch)}`;
  };
  const string = () => {
    i++;
    for (; ; ) {
      STRING_RUN.lastIndex = i;
      STRING_RUN.test(text);
      i = STRING_RUN.lastIndex;
      if (i >= n) fail("", n);
      const c = text.charCodeAt(i);
      if (c === 34) return ++i;
      if (c === 92) {
        const e = text.charCodeAt(i + 1);
        if (e === 117) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("invalid \\u escape in string");
          i += 6;
        } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
          i += 2;
        } else {
          fail("invalid escape in string");
        }
      } else {
        fail("control character in string (escape it)");
      }
    }
  };
  const addKey = (frame, start, end) => {
    let key = text.slice(start + 1, end - 1);
    if (key.includes("\\")) key = JSON.parse(text.slice(start, end));
    if (frame.set) {
      if (frame.set.has(key)) duplicate(key, start, null);
      frame.set.add(key);
      return;
    }
    const keys = frame.keys ??= [];
    const offsets = frame.offsets ??= [];
    const seen = keys.indexOf(key);
    if (seen !== -1) duplicate(key, start, offsets[seen] ?? null);
    keys.push(key);
    offsets.push(start);
    if (keys.length > SMALL) {
      frame.set = new Set(keys);
      frame.keys = null;
      frame.offsets = null;
    }
  };
  const duplicate = (key, at, firstAt) => {
    let what = `duplicate key ${JSON.stringify(key)}`;
    if (firstAt !== null) {
      const first = lineColumn(text, firstAt);
      what += ` (first at ${first.line}:${first.column})`;
    }
    throw new JsonSyntaxError(text, at, what);
  };
  const value = () => {
    const c = text.charCodeAt(i);
    if (c === 123) {
      if (stack.length >= MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
      stack.push({ isObject: true, keys: null, set: null, offsets: null });
      i++;
      ws();
      if (text.charCodeAt(i) === 125) {
        stack.pop();
        i++;
        return;
      }
      member();
      return;
    }
    if (c === 91) {
      if (stack.length >= MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
      stack.push({ isObject: false, keys: null, set: null, offsets: null });
      i++;
      ws();
      if (text.charCodeAt(i) === 93) {
        stack.pop();
        i++;
        return;
      }
      value();
      return;
    }
    if (c === 34) {
      string();
      return;
    }
    if (c === 116 && text.startsWith("true", i)) {
      i += 4;
      return;
    }
    if (c === 102 && text.startsWith("false", i)) {
      i += 5;
      return;
    }
    if (c === 110 && text.startsWith("null", i)) {
      i += 4;
      return;
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    fail(`unexpected ${describe(i)}, expected a value`);
  };
  const member = () => {
    if (text.charCodeAt(i) !== 34) fail(`unexpected ${describe(i)}, expected a key in double quotes`);
    const start = i;
    const end = string();
    const frame = stack[stack.length - 1];
    if (frame) addKey(frame, start, end);
    ws();
    if (text.charCodeAt(i) !== 58) fail(`unexpected ${describe(i)}, expected ":" after the key`);
    i++;
    ws();
    value();
  };
  ws();
  value();
  for (; ; ) {
    ws();
    const frame = stack[stack.length - 1];
    if (!frame) break;
    const c = text.charCodeAt(i);
    if (c === 44) {
      i++;
      ws();
      if (frame.isObject) member();
      else value();
    } else if (c === (frame.isObject ? 125 : 93)) {
      stack.pop();
      i++;
    } else {
      fail(`unexpected ${describe(i)}, expected "," or "${frame.isObject ? "}" : "]"}"`);
    }
  }
  if (i < n) fail(`unexpected ${describe(i)} after the end of the JSON value`);
}

// src/adapters/journal.ts
var JOURNAL_VERSION = 1;
function journalPath(statePath) {
  return `${statePath}.journal`;
}
function journalMatches(header, state) {
  if (!state) return header.base_serial === 0;
  return header.lineage === state.lineage && header.base_serial === state.serial;
}
function journalAlreadyFolded(journal, state) {
  if (!state || journal.header.lineage !== state.lineage) return false;
  if (state.serial !== journal.header.base_serial + 1) return false;
  return journal.entries.every((entry) => state.images[entry.guid]?.hash === hashFields(entry.applied));
}
async function openJournal(statePath, header, opts = {}) {
  const fs = opts.fs ?? nodeFs;
  const path = journalPath(statePath);
  const existing = await readJournal(statePath);
  if (existing && existing.entries.length > 0) {
    throw new FwsyncError(
      "state",
      `${path} holds ${existing.entries.length} confirmed update(s) of an interrupted apply that are not in the state yet`,
      { hint: "Run `fwsync apply` again: it folds the journal into the state before planning." }
    );
  }
  const headerLine = `${JSON.stringify({ journal: JOURNAL_VERSION, lineage: header.lineage, base_serial: header.base_serial })}
`;
  const validate = stateValidators().journalHeader;
  if (!validate(JSON.parse(headerLine))) {
    throw new FwsyncError(
      "state",
      `invalid journal header for ${path}: ${describeSchemaError(validate.errors)}`
    );
  }
  let handle;
  try {
    await fs.mkdir(nodePath2.dirname(path), { recursive: true });
    await writeAtomic(fs, path, Buffer.from(headerLine, "utf8"));
    handle = await fsp2.open(path, "a");
  } catch (cause) {
    throw new FwsyncError("state", `could not start the apply journal ${path} (${describeFsError(cause)})`, {
      hint: "Check that you may write to the folder of the state file and that the disk is not full.",
      cause
    });
  }
  const validateLine = stateValidators().journalLine;
  let queue = Promise.resolve();
  let failure = null;
  let closed = false;
  const writeLine = async (entries) => {
    if (failure) throw failure;
    if (closed) throw new FwsyncError("state", `the apply journal ${path} is already closed`);
    const record = { confirmed: entries };
    if (!validateLine(record)) {
      throw new FwsyncError(
        "state",
        `refusing to journal an invalid entry: ${describeSchemaError(validateLine.errors)}`,
        {
          hint: "This is a bug in fwsync; please report it."
        }
      );
    }
    try {
      await handle.writeFile(`${JSON.stringify(record)}
`, "utf8");
      await handle.datasync();
    } catch (cause) {
      failure = new FwsyncError(
        "state",
        `could not record confirmed updates in ${path} (${describeFsError(cause)})`,
        {
          hint: "Free disk space or fix the folder permissions; the updates already confirmed are kept in the journal.",
          cause
        }
      );
      throw failure;
    }
  };
  return {
    path,
    append(entries) {
      const next = queue.then(() => writeLine(entries));
      queue = next.catch(() => void 0);
      return next;
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      await handle.close().catch(() => void 0);
    }
  };
}
async function readJournal(statePath) {
  const path = journalPath(statePath);
  let bytes;
  try {
    bytes = await fsp2.readFile(path);
  } catch (cause) {
    if (errorCode(cause) === "ENOENT") return null;
    throw new FwsyncError("state", `cannot read the apply journal ${path} (${describeFsError(cause)})`, {
      cause
    });
  }
  const lines = [];
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(10, start);
    if (end === -1) {
      lines.push(bytes.subarray(start));
      break;
    }
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  const damaged = (lineNo, what) => new FwsyncError("state", `the apply journal ${path} is damaged at line ${lineNo}: ${what}`, {
    hint: "Only the last line can be cut short by a crash; this damage is elsewhere. Keep a copy of the journal, delete it, and run `fwsync plan --refresh` to compare the state with the live account."
  });
  const parseLine = (line) => parseStrictJson(new TextDecoder("utf-8", { fatal: true }).decode(line));
  const first = lines[0];
  if (first === void 0) throw damaged(1, "the file is empty (no header)");
  let headerData;
  try {
    headerData = parseLine(first);
  } catch (error) {
    throw damaged(1, `the header is not valid JSON (${error.message})`);
  }
  const version = headerData?.journal;
  if (typeof version === "number" && version > JOURNAL_VERSION) {
    throw new FwsyncError(
      "state",
      `the apply journal ${path} has version ${version}: it was written by a newer fwsync`,
      {
        hint: "Finish the interrupted apply with the fwsync version that started it."
      }
    );
  }
  const validateHeader = stateValidators().journalHeader;
  if (!validateHeader(headerData))
    throw damaged(1, `the header is invalid ${describeSchemaError(validateHeader.errors)}`);
  const { lineage, base_serial } = headerData;
  const validateLine = stateValidators().journalLine;
  const entries = [];
  let torn = false;
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k];
    const isLast = k === lines.length - 1;
    if (isLast && line.length === 0) break;
    let problem = null;
    let record;
    try {
      record = parseLine(line);
      if (!validateLine(record)) problem = `invalid ${describeSchemaError(validateLine.errors)}`;
    } catch (error) {
      problem = error.message;
    }
    if (problem !== null) {
      if (isLast) {
        torn = true;
        break;
      }
      throw damaged(k + 1, problem);
    }
    entries.push(...record.confirmed);
  }
  return { header: { lineage, base_serial }, entries, torn };
}
async function removeJournal(statePath, opts = {}) {
  const fs = opts.fs ?? nodeFs;
  const path = journalPath(statePath);
  try {
    await fs.unlink(path);
  } catch (cause) {
    if (errorCode(cause) === "ENOENT") return;
    throw new FwsyncError("state", `could not remove the apply journal ${path} (${describeFsError(cause)})`, {
      hint: "Its entries are already in the state file; delete it by hand.",
      cause
    });
  }
  await syncDirectory(fs, nodePath2.dirname(path)).catch(() => void 0);
}

export {
  nodeFs,
  writeAtomic,
  errorCode,
  describeFsError,
  stateValidators,
  describeSchemaError,
  JsonSyntaxError,
  parseStrictJson,
  journalMatches,
  journalAlreadyFolded,
  openJournal,
  readJournal,
  removeJournal
};
