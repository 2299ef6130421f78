import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  require__,
  require_dist,
  require_formats
} from "./chunk-XNBMZVUY.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import {
  canonicalFields,
  canonicalJson,
  fieldsEqual,
  hashFields,
  invalidUtf8Offset,
  sha256,
  sortKeys
} from "./chunk-D7776OBV.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// src/adapters/state-store.ts
var import__ = __toESM(require__(), 1);
var import_ajv_formats = __toESM(require_dist(), 1);
var import_formats = __toESM(require_formats(), 1);
import { createHash, randomBytes, randomUUID } from "node:crypto";
import * as fsp from "node:fs/promises";
import * as nodePath from "node:path";

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

// src/adapters/state-store.ts
var STATE_VERSION = 1;
var STATE_SCHEMA_ID = state_schema_default.$id;
var MAX_STATE_BYTES = 256 * 1024 * 1024;
var nodeFs = {
  readFile: (path) => fsp.readFile(path),
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  mkdir: (path, options) => fsp.mkdir(path, options)
};
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
  const compiled = /* @__PURE__ */ new Map();
  const get = (ref) => {
    const fn = compiled.get(ref) ?? ajv.getSchema(`${STATE_SCHEMA_ID}${ref}`);
    if (!fn) throw new Error(`state schema has no ${ref}`);
    compiled.set(ref, fn);
    return fn;
  };
  validators = {
    get state() {
      return get("");
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
var RESTORE_HINT = (path) => `Restore it from git (\`git log -- ${path}\`, then \`git checkout <commit> -- ${path}\`) or from ${path}.backup. fwsync never reads a broken state as "nothing applied", because that would re-send every image.`;
async function readState(path) {
  const bytes = await readIfExists(nodeFs, path);
  if (bytes === null) return { state: null, bytes: null };
  return { state: parseState(bytes, path), bytes };
}
function parseState(bytes, path) {
  if (bytes.byteLength === 0) {
    throw new FwsyncError("state", `the state file ${path} is empty (0 bytes)`, { hint: RESTORE_HINT(path) });
  }
  if (bytes.byteLength > MAX_STATE_BYTES) {
    throw new FwsyncError(
      "state",
      `the state file ${path} is ${bytes.byteLength} bytes, more than fwsync ever writes`,
      {
        hint: RESTORE_HINT(path)
      }
    );
  }
  if (sealMatches(bytes)) {
    const data2 = JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")
    );
    delete data2.checksum;
    if (data2.version !== STATE_VERSION) throw newerVersion(path, data2.version);
    return data2;
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    const at = invalidUtf8Offset(bytes);
    const line = countNewlines(bytes, at) + 1;
    throw new FwsyncError("state", `the state file ${path} is not valid UTF-8 (byte ${at}, line ${line})`, {
      hint: RESTORE_HINT(path),
      cause
    });
  }
  let data;
  try {
    data = parseStrictJson(text);
  } catch (cause) {
    const marker = /^(<{7}|={7}|>{7})(?: |$)/m.exec(text);
    if (marker) {
      const line = text.slice(0, marker.index).split("\n").length;
      throw new FwsyncError(
        "state",
        `the state file ${path} contains a git merge conflict marker at line ${line}`,
        {
          hint: `Resolve the merge conflict: keep the side with the higher "serial" (or the state on your default branch) and remove the conflict markers, e.g. \`git checkout --theirs -- ${path}\`; then run \`fwsync plan --refresh\` to check it against the account.`,
          cause
        }
      );
    }
    if (cause instanceof JsonSyntaxError) {
      throw new FwsyncError("state", `the state file ${path} is not valid JSON: ${cause.message}`, {
        hint: RESTORE_HINT(path),
        cause
      });
    }
    throw cause;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new FwsyncError("state", `the state file ${path} is not a JSON object`, {
      hint: RESTORE_HINT(path)
    });
  }
  const version = data["version"];
  if (typeof version === "number" && Number.isInteger(version) && version > STATE_VERSION) {
    throw newerVersion(path, version);
  }
  const validate = stateValidators().state;
  if (!validate(data)) {
    throw new FwsyncError(
      "state",
      `the state file ${path} is invalid ${describeSchemaError(validate.errors)}`,
      {
        hint: `The state is written by fwsync and should not be edited by hand. ${RESTORE_HINT(path)}`
      }
    );
  }
  delete data["checksum"];
  return dropUntrustedFileEntries(data);
}
function dropUntrustedFileEntries(state) {
  for (const [file, entry] of Object.entries(state.files)) {
    if (!entry.guids.every((guid) => Object.hasOwn(state.images, guid))) delete state.files[file];
  }
  return state;
}
function newerVersion(path, version) {
  return new FwsyncError(
    "state",
    `the state file ${path} has version ${String(version)}: it was written by a newer fwsync`,
    {
      hint: `This fwsync reads state version ${STATE_VERSION}. Upgrade fwsync to the version that wrote it.`
    }
  );
}
async function readIfExists(fs, path) {
  try {
    return await fs.readFile(path);
  } catch (cause) {
    if (errorCode(cause) === "ENOENT") return null;
    throw new FwsyncError("state", `cannot read the state file ${path} (${describeFsError(cause)})`, {
      hint: "Check that the path in the config points at a file and that you may read it.",
      cause
    });
  }
}
function countNewlines(bytes, end) {
  let n = 0;
  for (let i = 0; i < end && i < bytes.byteLength; i++) if (bytes[i] === 10) n++;
  return n;
}
function serializeState(state) {
  const body = `${JSON.stringify(sortKeys(state), null, 2)}
`;
  return `${SEAL_PREFIX}${sha256(body).slice("sha256:".length)}${SEAL_SUFFIX}${body.slice(2)}`;
}
var SEAL_PREFIX = '{\n  "checksum": "sha256:';
var SEAL_SUFFIX = '",\n';
var SEAL_LENGTH = SEAL_PREFIX.length + 64 + SEAL_SUFFIX.length;
function sealMatches(bytes) {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, SEAL_LENGTH)).toString(
    "latin1"
  );
  if (!head.startsWith(SEAL_PREFIX) || !head.endsWith(SEAL_SUFFIX) || head.length !== SEAL_LENGTH)
    return false;
  const claimed = head.slice(SEAL_PREFIX.length, SEAL_PREFIX.length + 64);
  const actual = createHash("sha256").update("{\n").update(bytes.subarray(SEAL_LENGTH)).digest("hex");
  return actual === claimed;
}
function newLineage() {
  return randomUUID();
}
var RENAME_RETRIES = 5;
async function writeState(path, state, opts) {
  const fs = opts.fs ?? nodeFs;
  const sleep2 = opts.sleep ?? defaultSleep;
  const validate = stateValidators().state;
  if (!validate(state)) {
    throw new FwsyncError(
      "state",
      `refusing to write an invalid state to ${path}: ${describeSchemaError(validate.errors)}`,
      {
        hint: "This is a bug in fwsync; the previous state file was left unchanged. Please report it."
      }
    );
  }
  const next = Buffer.from(serializeState(state), "utf8");
  const currentBytes = await readIfExists(fs, path);
  const current = currentBytes === null ? null : parseState(currentBytes, path);
  checkExpected(path, opts.expected, current);
  if (currentBytes !== null && currentBytes.equals(next)) return { written: false };
  if (current) {
    if (state.lineage !== current.lineage) {
      throw new FwsyncError(
        "refused",
        `refusing to write a state of lineage ${state.lineage} over ${path} (lineage ${current.lineage})`,
        {
          hint: "The new state belongs to another history than the file it would replace. Move the old file away if it is really obsolete."
        }
      );
    }
    if (state.serial <= current.serial) {
      throw new FwsyncError(
        "state",
        `refusing to write a changed state to ${path} without a higher serial (${current.serial} \u2192 ${state.serial})`,
        {
          hint: "This is a bug in fwsync; the previous state file was left unchanged. Please report it."
        }
      );
    }
  }
  try {
    await fs.mkdir(nodePath.dirname(path), { recursive: true });
    if (currentBytes !== null) await writeAtomic(fs, `${path}.backup`, currentBytes, sleep2);
    await writeAtomic(fs, path, next, sleep2);
  } catch (cause) {
    throw new FwsyncError("state", `could not write the state file ${path} (${describeFsError(cause)})`, {
      hint: `${hintForFsError(cause)} The previous state file was left unchanged.`,
      cause
    });
  }
  return { written: true };
}
function checkExpected(path, expected, current) {
  const rerun = "Another run wrote the state since this one read it. Run `fwsync plan` again and review the new plan.";
  if (expected === null) {
    if (current) {
      throw new FwsyncError(
        "refused",
        `a state file appeared at ${path} since plan (lineage ${current.lineage}, serial ${current.serial})`,
        {
          hint: rerun
        }
      );
    }
    return;
  }
  if (!current) {
    throw new FwsyncError(
      "refused",
      `the state file ${path} was removed since plan (it had serial ${expected.serial})`,
      {
        hint: `Restore it (\`git checkout -- ${path}\` or from ${path}.backup) and run \`fwsync plan\` again.`
      }
    );
  }
  if (current.lineage !== expected.lineage) {
    throw new FwsyncError(
      "refused",
      `the state file ${path} now has lineage ${current.lineage}, not ${expected.lineage} as at plan`,
      {
        hint: "It was replaced by an unrelated state (another repository, or a rebuilt one). Check which file is right; fwsync will not overwrite it."
      }
    );
  }
  if (current.serial !== expected.serial) {
    throw new FwsyncError(
      "refused",
      `state changed since plan: serial ${expected.serial} \u2192 ${current.serial} (${path})`,
      {
        hint: rerun
      }
    );
  }
}
async function writeAtomic(fs, target, bytes, sleep2 = defaultSleep) {
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
        await sleep2(base + Math.floor(Math.random() * base));
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
function hintForFsError(error) {
  switch (errorCode(error)) {
    case "ENOSPC":
    case "EDQUOT":
      return "Free some disk space and run the command again.";
    case "EACCES":
    case "EPERM":
    case "EBUSY":
      return "Check that you may write to the folder, and close any program (editor, antivirus) holding the file.";
    case "EROFS":
      return "The folder is on a read-only file system; point `state` in the config somewhere writable.";
    default:
      return "Check the folder and the disk, then run the command again.";
  }
}

// src/adapters/lock.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import * as fsp2 from "node:fs/promises";
import os from "node:os";
import * as nodePath2 from "node:path";
var LOCK_DIR_NAME = ".fwsync.lock";
var INFO_FILE = "info.json";
async function acquireLock(stateDir, info, opts = {}) {
  const staleAfterMs = opts.staleAfterMs ?? 10 * 6e4;
  const heartbeatMs = opts.heartbeatMs ?? 6e4;
  const creatingGraceMs = opts.creatingGraceMs ?? 1e4;
  const now = opts.now ?? (() => /* @__PURE__ */ new Date());
  const hostname = opts.hostname ?? os.hostname();
  const lockDir = nodePath2.join(stateDir, LOCK_DIR_NAME);
  const warnings = [];
  const mine = {
    pid: process.pid,
    hostname,
    started_at: now().toISOString(),
    command: info.command,
    ...info.runId === void 0 ? {} : { run_id: info.runId },
    token: randomBytes2(12).toString("hex")
  };
  try {
    await fsp2.mkdir(stateDir, { recursive: true });
  } catch (cause) {
    throw new FwsyncError("state", `cannot create the state folder ${stateDir} (${describeFsError(cause)})`, {
      cause
    });
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await fsp2.mkdir(lockDir);
    } catch (cause) {
      if (errorCode(cause) !== "EEXIST") {
        throw new FwsyncError("state", `cannot create the lock ${lockDir} (${describeFsError(cause)})`, {
          hint: "Check that you may write to the folder of the state file.",
          cause
        });
      }
      const holder = await readHolder(lockDir);
      if (!holder) continue;
      const why = staleReason(holder, { hostname, now: now().getTime(), staleAfterMs, creatingGraceMs });
      if (why === null) throw lockedError(lockDir, holder);
      if (await takeOver(lockDir, holder)) {
        warnings.push(`took over a stale lock ${describeHolder(holder)}: ${why}`);
      }
      continue;
    }
    try {
      await writeInfo(lockDir, mine);
    } catch (cause) {
      await fsp2.rm(lockDir, { recursive: true, force: true }).catch(() => void 0);
      throw new FwsyncError("state", `cannot write the lock ${lockDir} (${describeFsError(cause)})`, {
        cause
      });
    }
    return holdLock(lockDir, mine, warnings, heartbeatMs);
  }
  throw new FwsyncError("refused", `could not take the lock ${lockDir}: other runs keep taking it`, {
    hint: "Wait for the other fwsync runs on this machine to finish, then try again."
  });
}
function holdLock(lockDir, info, warnings, heartbeatMs) {
  const infoPath = nodePath2.join(lockDir, INFO_FILE);
  const compromised = new AbortController();
  let released = false;
  let beating = false;
  const compromise = (reason) => {
    if (released || compromised.signal.aborted) return;
    clearInterval(timer);
    compromised.abort(
      new FwsyncError("refused", `the state lock was taken away during the ${info.command}: ${reason}`, {
        hint: `fwsync could no longer confirm that it holds ${lockDir}, so another run may be writing the same state. Make sure no other fwsync run is going, then run the command again.`
      })
    );
  };
  const beat = async () => {
    let holder;
    try {
      holder = await readHolder(lockDir);
    } catch (cause) {
      return compromise(cause instanceof Error ? cause.message : String(cause));
    }
    if (released) return;
    if (holder === null) return compromise(`the lock folder ${lockDir} was removed`);
    if (holder.info === null) return compromise(`its ${INFO_FILE} is missing or unreadable`);
    if (holder.info.token !== info.token) {
      return compromise(`it is now ${describeHolder(holder)}`);
    }
    const t = /* @__PURE__ */ new Date();
    await fsp2.utimes(infoPath, t, t).then(
      () => void 0,
      (cause) => (
        // ENOENT: removed between the read and the touch (the folder may still be on its way
        // out): say what happened, not how we noticed.
        compromise(
          errorCode(cause) === "ENOENT" ? `the lock folder ${lockDir} was removed` : `refreshing ${INFO_FILE} failed (${describeFsError(cause)})`
        )
      )
    );
  };
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    void beat().catch(() => void 0).finally(() => {
      beating = false;
    });
  }, heartbeatMs);
  timer.unref();
  return {
    path: lockDir,
    info,
    warnings,
    compromised: compromised.signal,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      const holder = await readHolder(lockDir);
      if (holder?.info?.token !== info.token) return;
      const doomed = `${lockDir}.released-${randomBytes2(6).toString("hex")}`;
      try {
        await fsp2.rename(lockDir, doomed);
      } catch (cause) {
        if (errorCode(cause) === "ENOENT") return;
        throw new FwsyncError("state", `cannot remove the lock ${lockDir} (${describeFsError(cause)})`, {
          hint: `Delete the folder ${lockDir} by hand.`,
          cause
        });
      }
      await fsp2.rm(doomed, { recursive: true, force: true }).catch(() => void 0);
    }
  };
}
async function writeInfo(lockDir, info) {
  const temp = nodePath2.join(lockDir, `${INFO_FILE}.tmp`);
  await fsp2.writeFile(temp, `${JSON.stringify(info, null, 2)}
`, { mode: 420 });
  await fsp2.rename(temp, nodePath2.join(lockDir, INFO_FILE));
}
async function readHolder(lockDir) {
  const infoPath = nodePath2.join(lockDir, INFO_FILE);
  try {
    const [text, stat2] = await Promise.all([fsp2.readFile(infoPath, "utf8"), fsp2.stat(infoPath)]);
    return { info: parseInfo(text), seenMs: stat2.mtimeMs };
  } catch (cause) {
    if (errorCode(cause) !== "ENOENT") throw lockUnreadable(lockDir, cause);
  }
  try {
    const stat2 = await fsp2.stat(lockDir);
    return { info: null, seenMs: stat2.mtimeMs };
  } catch (cause) {
    if (errorCode(cause) === "ENOENT") return null;
    throw lockUnreadable(lockDir, cause);
  }
}
function parseInfo(text) {
  try {
    const data = JSON.parse(text);
    if (typeof data === "object" && data !== null && typeof data.pid === "number" && typeof data.hostname === "string" && typeof data.started_at === "string" && typeof data.command === "string" && typeof data.token === "string") {
      return data;
    }
  } catch {
  }
  return null;
}
function staleReason(holder, ctx) {
  const age = ctx.now - holder.seenMs;
  const { info } = holder;
  if (!info) {
    return age > ctx.creatingGraceMs ? `it has no readable ${INFO_FILE} and is ${formatAge(age)} old` : null;
  }
  if (info.hostname === ctx.hostname) {
    return pidRuns(info.pid) ? null : "that process no longer runs";
  }
  return age > ctx.staleAfterMs ? `its host has not refreshed it for ${formatAge(age)}` : null;
}
function pidRuns(pid) {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== "ESRCH";
  }
}
async function takeOver(lockDir, judged) {
  const current = await readHolder(lockDir);
  if (!current || current.info?.token !== judged.info?.token) return false;
  const doomed = `${lockDir}.stale-${randomBytes2(6).toString("hex")}`;
  try {
    await fsp2.rename(lockDir, doomed);
  } catch (cause) {
    if (errorCode(cause) === "ENOENT") return false;
    throw lockUnreadable(lockDir, cause);
  }
  await fsp2.rm(doomed, { recursive: true, force: true }).catch(() => void 0);
  return true;
}
function describeHolder(holder) {
  const { info } = holder;
  if (!info)
    return `of an unknown process (no readable ${INFO_FILE}, last touched ${new Date(holder.seenMs).toISOString()})`;
  const run = info.run_id === void 0 ? "" : `, run ${info.run_id}`;
  return `held by pid ${info.pid} on host ${info.hostname} since ${info.started_at} (fwsync ${info.command}${run})`;
}
function lockedError(lockDir, holder) {
  const by = holder.info ? describeHolder(holder).replace(/^held /, "") : "by a run that is starting";
  return new FwsyncError("refused", `state is locked ${by}`, {
    hint: `Another fwsync run is using this state; wait for it to finish and try again. If that run is gone (for example on another machine), delete the folder ${lockDir} and try again.`
  });
}
function lockUnreadable(lockDir, cause) {
  return new FwsyncError("state", `cannot read the lock ${lockDir} (${describeFsError(cause)})`, {
    hint: "Check the permissions of the folder of the state file.",
    cause
  });
}
function formatAge(ms) {
  const s = Math.round(ms / 1e3);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${Math.round(m / 60)} h`;
}

// src/adapters/credentials.ts
var ENV_WEB_API_KEY = "FINERWORKS_WEB_API_KEY";
var ENV_APP_KEY = "FINERWORKS_APP_KEY";
var ENV_ACCOUNT_KEY = "FINERWORKS_ACCOUNT_KEY";
var INVALID_KEY = /[\s\u0000-\u001f\u007f]/;
function readKey(env, name) {
  const raw = env[name];
  if (raw === void 0) return null;
  const value = raw.trim();
  if (value === "") return null;
  if (INVALID_KEY.test(value)) {
    throw new FwsyncError("input", `${name} contains whitespace or control characters`, {
      hint: `set ${name} to the key exactly as FinerWorks shows it, without spaces or line breaks inside`
    });
  }
  return value;
}
function readCredentials(env, opts) {
  const webApiKey = readKey(env, ENV_WEB_API_KEY);
  const appKey = readKey(env, ENV_APP_KEY);
  const accountKey = readKey(env, ENV_ACCOUNT_KEY);
  if (webApiKey !== null && appKey !== null) return { webApiKey, appKey, accountKey };
  if (!opts.required) return null;
  const missing = [webApiKey === null ? ENV_WEB_API_KEY : null, appKey === null ? ENV_APP_KEY : null].filter(
    (name) => name !== null
  );
  throw new FwsyncError("input", `FinerWorks credentials missing: ${missing.join(" and ")} not set`, {
    hint: `export ${ENV_WEB_API_KEY} and ${ENV_APP_KEY} (in GitHub Actions, pass them from repository secrets); ${ENV_ACCOUNT_KEY} is optional`
  });
}
function secretsOf(credentials) {
  return [credentials.webApiKey, credentials.appKey, credentials.accountKey].filter(
    (s) => s !== null && s !== ""
  );
}
var MIN_SECRET_LENGTH = 4;
function redact(text, secrets) {
  const forms = /* @__PURE__ */ new Set();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    const bytes = Buffer.from(secret, "utf8");
    forms.add(secret);
    forms.add(bytes.toString("base64"));
    forms.add(bytes.toString("base64").replace(/=+$/, ""));
    forms.add(bytes.toString("base64url"));
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
  }
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form.length >= MIN_SECRET_LENGTH) out = out.split(form).join("***");
  }
  return out;
}

// src/adapters/finerworks-client.ts
var FinerWorksError = class extends Error {
  class;
  /** The HTTP status, or null when no response arrived. */
  status;
  /** FinerWorks' own text (status.message, Message, ModelState), sanitised and trimmed. */
  apiMessage;
  /** From a Retry-After header, in ms from when the response arrived. */
  retryAfterMs;
  /** HTTP attempts made for this call; withRetry raises it. */
  attempts = 1;
  /** Set by withRetry when it gave up on a transient error. */
  gaveUp = null;
  constructor(cls, message, details = {}) {
    super(message);
    this.name = "FinerWorksError";
    this.class = cls;
    this.status = details.status ?? null;
    this.apiMessage = details.apiMessage ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
};
var DEFAULT_SESSION_ID = "6677c0e1f3a94b7d8e2c5a1b0d9f4e38";
var DEFAULT_SITE_ID = 2;
var MAX_PER_PAGE = 50;
var MAX_API_MESSAGE = 300;
var MAX_BODY_SNIPPET = 200;
var AUTH_TEXT = /missing or unauthorized/i;
function createFinerWorksClient(opts) {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const doFetch = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? (() => Date.now());
  const secrets = secretsOf(opts.credentials);
  const clean = (text) => redact(text, secrets);
  const fail = (cls, message, details = {}) => new FinerWorksError(cls, clean(message), {
    ...details,
    apiMessage: details.apiMessage == null ? null : clean(details.apiMessage)
  });
  async function call(method, path, body, signal) {
    const what = `${method} ${path}`;
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
    const abortMessage = () => timeout.aborted ? `${what}: no complete response within ${formatSeconds(opts.timeoutMs)}` : `${what}: request cancelled`;
    let response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          web_api_key: opts.credentials.webApiKey,
          app_key: opts.credentials.appKey,
          "Content-Type": "application/json",
          "User-Agent": opts.userAgent
        },
        ...body === void 0 ? {} : { body: JSON.stringify(body) },
        // A redirect would be followed with our headers to wherever it points; refuse it.
        redirect: "manual",
        signal: combined
      });
    } catch (error) {
      if (combined.aborted) throw fail("transient", abortMessage());
      throw fail("transient", `${what}: connection failed (${networkCode(error)})`);
    }
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), now());
    let text;
    try {
      text = await response.text();
    } catch {
      if (combined.aborted) throw fail("transient", abortMessage(), { status, retryAfterMs });
      throw fail("transient", `${what}: response body cut short (HTTP ${status})`, { status, retryAfterMs });
    }
    if (status >= 300 && status < 400) {
      const location = response.headers.get("location");
      throw fail(
        "auth",
        `${what}: unexpected redirect (HTTP ${status}${location ? ` to ${sanitize(location, MAX_BODY_SNIPPET)}` : ""}); check api.base_url or FINERWORKS_API_URL`,
        { status }
      );
    }
    const parsed = parseJson(text);
    if (status < 200 || status >= 300) {
      const apiMessage = parsed === void 0 ? snippetOrNull(text) : messageOf(parsed);
      const suffix = apiMessage ? `: ${apiMessage}` : "";
      if (status === 401 || status === 403 || status === 400 && AUTH_TEXT.test(text)) {
        throw fail("auth", `FinerWorks rejected the API credentials (HTTP ${status}${suffix})`, {
          status,
          apiMessage
        });
      }
      if (status === 408 || status === 429 || status >= 500) {
        throw fail("transient", `${what}: HTTP ${status}${suffix}`, { status, apiMessage, retryAfterMs });
      }
      throw fail("rejected", `${what}: HTTP ${status}${suffix}`, { status, apiMessage });
    }
    if (!isRecord(parsed) || !isRecord(parsed.status) || typeof parsed.status.success !== "boolean") {
      const type = response.headers.get("content-type") ?? "no content type";
      const shown = snippetOrNull(text);
      throw fail(
        "transient",
        `${what}: unexpected response body (HTTP ${status}, ${sanitize(type, 80)}): ${shown === null ? "empty" : JSON.stringify(shown)}`,
        { status, retryAfterMs }
      );
    }
    if (parsed.status.success !== true) {
      const apiMessage = messageOf(parsed);
      throw fail(
        "rejected",
        `${what}: FinerWorks answered success: false${apiMessage ? `: ${apiMessage}` : ""}`,
        {
          status,
          apiMessage
        }
      );
    }
    return parsed;
  }
  function library(given) {
    return {
      name: given?.name ?? opts.libraryName ?? "inventory",
      session_id: given?.session_id ?? opts.sessionId ?? DEFAULT_SESSION_ID,
      account_key: given?.account_key ?? opts.credentials.accountKey ?? "",
      site_id: given?.site_id ?? opts.librarySiteId ?? DEFAULT_SITE_ID
    };
  }
  return {
    async updateImages(images, signal) {
      await call("PUT", "/update_images", { images, account_key: opts.credentials.accountKey }, signal);
    },
    async listImages(request, signal) {
      const body = {
        library: library(request.library),
        search_filter: request.search_filter ?? "",
        guid_filter: request.guid_filter ?? null,
        page_number: request.page_number ?? 1,
        per_page: Math.min(request.per_page ?? MAX_PER_PAGE, MAX_PER_PAGE),
        sort_field: request.sort_field ?? "id",
        sort_direction: request.sort_direction ?? "ASC",
        upload_date_from: request.upload_date_from ?? null,
        upload_date_to: request.upload_date_to ?? null,
        list_products: request.list_products ?? false,
        active: request.active ?? null
      };
      const parsed = await call("POST", "/list_images", body, signal);
      if (!Array.isArray(parsed.images)) {
        throw fail("transient", "POST /list_images: unexpected response body (no images array)");
      }
      return parsed;
    },
    async testMyCredentials(signal) {
      const parsed = await call("GET", "/test_my_credentials", void 0, signal);
      return isRecord(parsed.user_account) ? parsed.user_account : {};
    }
  };
}
function toFwsyncError(error) {
  if (error.class === "auth") {
    return new FwsyncError("auth", error.message, {
      hint: "check FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY (both are needed, and they are different keys)"
    });
  }
  return new FwsyncError("api", error.message, {
    hint: error.class === "transient" ? "FinerWorks did not answer properly; try again later" : void 0
  });
}
function parseRetryAfter(value, nowMs) {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1e3;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
}
function messageOf(body) {
  if (!isRecord(body)) return null;
  const parts = [];
  if (isRecord(body.status) && typeof body.status.message === "string") parts.push(body.status.message);
  for (const key of ["Message", "message"]) {
    const value = body[key];
    if (typeof value === "string") parts.push(value);
  }
  if (isRecord(body.ModelState)) {
    for (const value of Object.values(body.ModelState)) {
      if (Array.isArray(value)) parts.push(...value.filter((v) => typeof v === "string"));
      else if (typeof value === "string") parts.push(value);
    }
  }
  const text = sanitize(parts.filter((p) => p.trim() !== "").join(" \u2014 "), MAX_API_MESSAGE);
  return text === "" ? null : text;
}
function snippetOrNull(text) {
  const shown = sanitize(text, MAX_BODY_SNIPPET);
  return shown === "" ? null : shown;
}
function sanitize(text, max) {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}\u2026` : flat;
}
function networkCode(error) {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = isRecord(cause) && typeof cause.code === "string" ? cause.code : null;
  if (code) return code;
  return cause instanceof Error ? sanitize(cause.message, 120) : "unknown error";
}
function formatSeconds(ms) {
  return ms % 1e3 === 0 ? `${ms / 1e3} s` : `${ms} ms`;
}

// src/apply/retry.ts
import { setTimeout as delay } from "node:timers/promises";
var DEFAULT_RETRY = { baseDelayMs: 500, maxDelayMs: 3e4, maxRetryAfterMs: 6e4 };
async function sleep(ms, signal) {
  await delay(ms, void 0, { signal });
}
function systemRetry(maxAttempts, budgetMs, now) {
  return { maxAttempts, ...DEFAULT_RETRY, deadline: now() + budgetMs, random: Math.random, sleep, now };
}
function backoffCeiling(retry, baseDelayMs, maxDelayMs) {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
}
async function withRetry(attempt, opts) {
  let last = null;
  const giveUp = (error, attempts, reason) => {
    error.attempts = attempts;
    error.gaveUp = reason;
    return error;
  };
  for (let n = 1; ; n++) {
    if (opts.signal.aborted || opts.now() >= opts.deadline) {
      const reason = opts.signal.aborted ? "aborted" : "deadline";
      throw giveUp(last ?? new FinerWorksError("transient", notStartedMessage(reason)), n - 1, reason);
    }
    try {
      return await attempt(opts.signal);
    } catch (error) {
      if (!(error instanceof FinerWorksError) || error.class !== "transient") {
        if (error instanceof FinerWorksError) error.attempts = n;
        throw error;
      }
      last = error;
    }
    if (opts.signal.aborted) throw giveUp(last, n, "aborted");
    if (n >= opts.maxAttempts) throw giveUp(last, n, "max-attempts");
    const retryAfter = last.retryAfterMs;
    if (retryAfter !== null && retryAfter > opts.maxRetryAfterMs) throw giveUp(last, n, "retry-after");
    const jittered = opts.random() * backoffCeiling(n - 1, opts.baseDelayMs, opts.maxDelayMs);
    const wait = Math.max(jittered, retryAfter ?? 0);
    if (opts.now() + wait >= opts.deadline) throw giveUp(last, n, "deadline");
    opts.onRetry?.({ attempt: n, delayMs: wait, error: last });
    try {
      await opts.sleep(wait, opts.signal);
    } catch {
      throw giveUp(last, n, "aborted");
    }
  }
}
function notStartedMessage(reason) {
  return reason === "aborted" ? "cancelled before the request was sent" : "the overall deadline passed before the request was sent";
}
function describeGiveUp(error, opts) {
  switch (error.gaveUp) {
    case "retry-after":
      return `rate limited, not applied: FinerWorks asked to wait ${Math.ceil((error.retryAfterMs ?? 0) / 1e3)} s (more than the ${Math.round(opts.maxRetryAfterMs / 1e3)} s we wait): ${error.message}`;
    case "deadline":
      return `not applied: the overall deadline was reached after ${attemptsText(error.attempts)}: ${error.message}`;
    case "aborted":
      return `not applied: interrupted after ${attemptsText(error.attempts)}`;
    default:
      return `gave up after ${attemptsText(error.attempts)}: ${error.message}`;
  }
}
function attemptsText(n) {
  return n === 1 ? "1 attempt" : `${n} attempts`;
}

// src/core/next-state.ts
function nextState(prev, input) {
  const images = { ...prev?.images ?? {} };
  for (const c of input.confirmed) {
    const applied = canonicalFields(c.applied);
    images[c.guid] = {
      applied,
      hash: hashFields(applied),
      applied_at: c.applied_at,
      source: c.source,
      commit: c.commit
    };
  }
  for (const guid of input.forgotten) delete images[guid];
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
function sameContent(prev, images, files) {
  return canonicalJson({ images: prev.images, files: prev.files }) === canonicalJson({ images, files });
}
function sortRecord(record) {
  const out = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}

export {
  parseStrictJson,
  nodeFs,
  stateValidators,
  describeSchemaError,
  readState,
  newLineage,
  writeState,
  writeAtomic,
  syncDirectory,
  errorCode,
  describeFsError,
  acquireLock,
  ENV_WEB_API_KEY,
  ENV_APP_KEY,
  ENV_ACCOUNT_KEY,
  readCredentials,
  redact,
  FinerWorksError,
  createFinerWorksClient,
  toFwsyncError,
  systemRetry,
  withRetry,
  describeGiveUp,
  nextState
};
