import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  createAjv
} from "./chunk-EF2EEJLY.js";
import {
  locatorFor,
  parseYamlStrict,
  schemaIssues
} from "./chunk-U2ITD6M2.js";
import {
  require_dist
} from "./chunk-PUWSEZHP.js";
import {
  sortIssues
} from "./chunk-YSXB2OIR.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// src/adapters/config.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

// schemas/config.schema.json
var config_schema_default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://github.com/fwsync/fwsync/schemas/config.schema.json",
  title: "fwsync config",
  description: "fwsync.config.yaml. Every key is optional. Credentials never go here: use FINERWORKS_WEB_API_KEY, FINERWORKS_APP_KEY and FINERWORKS_ACCOUNT_KEY.",
  type: "object",
  additionalProperties: false,
  properties: {
    version: {
      description: "Config format version. Always 1.",
      const: 1,
      default: 1
    },
    images: {
      description: "Globs (relative to the working directory) of the image files.",
      type: "array",
      minItems: 1,
      maxItems: 100,
      items: { type: "string", minLength: 1, maxLength: 1024 },
      default: ["images/**/*.yaml", "images/**/*.yml"]
    },
    state: {
      description: "Path of the last-applied state file.",
      type: "string",
      minLength: 1,
      maxLength: 1024,
      default: ".fwsync/state.json"
    },
    api: {
      type: "object",
      additionalProperties: false,
      properties: {
        base_url: {
          description: "FinerWorks API base URL: https://, or http://127.0.0.1 / http://localhost for the emulator. FINERWORKS_API_URL overrides it. In the GitHub Action the workflow decides the host (the api-url input): another host here fails apply and drift unless the allowed-api-hosts input lists it.",
          type: "string",
          maxLength: 2048,
          format: "uri",
          pattern: "^(?:https://[A-Za-z0-9.-]+|http://(?:127\\.0\\.0\\.1|localhost))(?::[0-9]{1,5})?(?:/[^\\s@?#]*)?$",
          default: "https://api.finerworks.com/v3"
        },
        batch_size: {
          description: "Images per update_images request.",
          type: "integer",
          minimum: 1,
          maximum: 100,
          default: 25
        },
        concurrency: {
          description: "Requests in flight.",
          type: "integer",
          minimum: 1,
          maximum: 8,
          default: 2
        },
        timeout_seconds: {
          description: "Timeout per request, in seconds.",
          type: "integer",
          minimum: 1,
          maximum: 300,
          default: 30
        },
        max_attempts: {
          description: "Attempts per request, transient failures only.",
          type: "integer",
          minimum: 1,
          maximum: 10,
          default: 5
        }
      }
    },
    library: {
      description: "The FinerWorks library read by list_images (import, refresh, drift).",
      type: "object",
      additionalProperties: false,
      properties: {
        name: {
          type: "string",
          enum: ["inventory", "temporary"],
          default: "inventory"
        },
        site_id: {
          type: "integer",
          minimum: 0,
          maximum: 2147483647,
          default: 2
        }
      }
    },
    safety: {
      type: "object",
      additionalProperties: false,
      properties: {
        max_change_percent: {
          description: "Refuse an apply that updates more than this share of the images in the state (checked when it holds at least 10).",
          type: "number",
          minimum: 0,
          maximum: 100,
          default: 30
        },
        invisible_characters: {
          description: "Invisible or bidirectional characters (Unicode Cf, U+2028, U+2029) in a title or description: a warning per image, or a validation error.",
          enum: ["warn", "error"],
          default: "warn"
        },
        max_image_files: {
          description: "Refuse to read more image files than this (the globs matched something much larger than intended).",
          type: "integer",
          minimum: 1,
          maximum: 1e6,
          default: 1e4
        }
      }
    }
  }
};

// src/adapters/config.ts
var CONFIG_FILE_NAMES = ["fwsync.config.yaml", "fwsync.config.yml"];
var MAX_CONFIG_BYTES = 256 * 1024;
var DEFAULT_CONFIG = Object.freeze({
  version: 1,
  images: ["images/**/*.yaml", "images/**/*.yml"],
  state: ".fwsync/state.json",
  api: {
    base_url: "https://api.finerworks.com/v3",
    batch_size: 25,
    concurrency: 2,
    timeout_seconds: 30,
    max_attempts: 5
  },
  library: { name: "inventory", site_id: 2 },
  safety: { max_change_percent: 30, invisible_characters: "warn", max_image_files: 1e4 }
});
var configSchema = config_schema_default;
var configValidator;
function getConfigValidator() {
  configValidator ??= createAjv({ trustedSchemas: true }).compile(configSchema);
  return configValidator;
}
var CREDENTIAL_WORDS = ["webapikey", "appkey", "accountkey", "apikey", "token", "secret", "password"];
var CREDENTIAL_HINT = "remove it (and its value) from the file, and set the environment variables FINERWORKS_WEB_API_KEY, FINERWORKS_APP_KEY and (optionally) FINERWORKS_ACCOUNT_KEY instead";
function looksLikeCredentialKey(key) {
  const norm = key.toLowerCase().replace(/[^a-z]/g, "");
  return CREDENTIAL_WORDS.some((w) => norm.includes(w));
}
function freshDefaults() {
  return structuredClone(DEFAULT_CONFIG);
}
async function findConfig(cwd, configPath) {
  if (configPath !== void 0) {
    const abs = path.resolve(cwd, configPath);
    if (!await isFile(abs)) {
      throw new FwsyncError("input", `config file not found: ${configPath}`, {
        hint: "check the --config path; it is relative to the working directory"
      });
    }
    return abs;
  }
  const found = [];
  for (const name of CONFIG_FILE_NAMES)
    if (await isFile(path.join(cwd, name))) found.push(path.join(cwd, name));
  if (found.length > 1) {
    throw new FwsyncError("input", `both ${CONFIG_FILE_NAMES.join(" and ")} exist`, {
      hint: "keep one of them, or pass --config to choose"
    });
  }
  return found[0] ?? null;
}
async function isFile(p) {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
async function loadConfig(opts) {
  const abs = await findConfig(opts.cwd, opts.configPath);
  if (abs === null) return freshDefaults();
  const rel = path.relative(opts.cwd, abs).split(path.sep).join("/") || abs;
  const fail = (issues2) => {
    throw new FwsyncError("input", `the config file ${rel} is not valid`, { issues: sortIssues(issues2) });
  };
  const one = (code, message, hint) => ({
    file: rel,
    line: 1,
    column: 1,
    code,
    message,
    ...hint ? { hint } : {}
  });
  let bytes;
  try {
    bytes = await readFile(abs);
  } catch (error) {
    const code = error.code;
    throw new FwsyncError(
      "input",
      `cannot read the config file ${rel}${typeof code === "string" ? ` (${code})` : ""}`,
      { cause: error }
    );
  }
  if (bytes.byteLength > MAX_CONFIG_BYTES)
    return fail([one("file-too-large", `the config file is too large (${bytes.byteLength} bytes)`)]);
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail([one("file-encoding", "the config file is not valid UTF-8", "save it as UTF-8")]);
  }
  const parsed = parseYamlStrict(text, rel);
  if (!parsed.ok) return fail(parsed.issues);
  const { doc, lineCounter } = parsed;
  const data = parsed.data ?? {};
  const issues = [];
  const credentialKeys = /* @__PURE__ */ new Set();
  (0, import_yaml.visit)(doc, {
    Pair(_key, pair) {
      if (!(0, import_yaml.isPair)(pair) || !(0, import_yaml.isScalar)(pair.key)) return;
      const key = String(pair.key.value);
      if (!looksLikeCredentialKey(key)) return;
      credentialKeys.add(key);
      const lp = lineCounter.linePos(pair.key.range?.[0] ?? 0);
      const name = /^[A-Za-z_][\w-]{0,63}$/.test(key) ? `"${key}"` : "this key";
      issues.push({
        file: rel,
        line: lp.line,
        column: lp.col,
        code: "config-credential",
        message: `${name} looks like a credential; credentials never go in the config file`,
        hint: CREDENTIAL_HINT
      });
    }
  });
  const validate = getConfigValidator();
  if (!validate(data)) {
    const schemaFound = schemaIssues({
      errors: (validate.errors ?? []).filter(
        (e) => !(e.keyword === "additionalProperties" && credentialKeys.has(e.params.additionalProperty))
      ),
      data,
      file: rel,
      schema: configSchema,
      locate: locatorFor(doc, lineCounter)
    });
    issues.push(...schemaFound);
  }
  if (issues.length > 0) return fail(issues);
  const config = withDefaults(data);
  const locate = locatorFor(doc, lineCounter);
  issues.push(...pathIssues(config, rel, opts.cwd, (p) => locate(p, "value")));
  if (issues.length > 0) return fail(issues);
  return config;
}
function pathIssues(config, rel, cwd, at) {
  const issues = [];
  const issue = (where, code, message, hint) => {
    const { line, column } = at(where);
    issues.push({ file: rel, line, column, code, message, hint });
  };
  const control = /[\u0000-\u001f\u007f-\u009f]/;
  config.images.forEach((glob, i) => {
    if (control.test(glob))
      issue(["images", i], "path-control-character", "this glob contains a control character", "remove it");
    else if (path.posix.isAbsolute(glob) || path.win32.isAbsolute(glob) || /^~/.test(glob))
      issue(
        ["images", i],
        "path-outside",
        `"${glob}" is an absolute path`,
        "image globs are relative to the working directory, e.g. images/**/*.yaml"
      );
    else if (glob.split(/[\\/]/).includes(".."))
      issue(
        ["images", i],
        "path-outside",
        `"${glob}" reaches outside the working directory (..)`,
        "image files must live inside the repository: write the glob without .."
      );
  });
  const state = config.state;
  const inside = path.relative(cwd, path.resolve(cwd, state));
  if (control.test(state))
    issue(["state"], "path-control-character", "the state path contains a control character", "remove it");
  else if (inside === "" || inside.startsWith("..") || path.isAbsolute(inside))
    issue(
      ["state"],
      "path-outside",
      `state "${state}" is outside the working directory`,
      "keep the state in the repository, e.g. .fwsync/state.json"
    );
  return issues;
}
function withDefaults(file) {
  const d = freshDefaults();
  return {
    version: 1,
    images: file.images ? [...file.images] : d.images,
    state: file.state ?? d.state,
    api: { ...d.api, ...file.api },
    library: { ...d.library, ...file.library },
    safety: { ...d.safety, ...file.safety }
  };
}

// src/core/state-files.ts
function shardFolderName(manifestName) {
  let base = manifestName;
  if (base.endsWith(".backup") && base.length > ".backup".length) base = base.slice(0, -".backup".length);
  const stem = base.endsWith(".json") && base.length > ".json".length ? base.slice(0, -".json".length) : base;
  return `${stem}.shards`;
}

export {
  CONFIG_FILE_NAMES,
  DEFAULT_CONFIG,
  loadConfig,
  shardFolderName
};
