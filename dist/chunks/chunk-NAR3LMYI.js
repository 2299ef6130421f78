import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  __commonJS,
  __toESM
} from "./chunk-VB7EOEZX.js";

// node_modules/fast-deep-equal/index.js
var require_fast_deep_equal = __commonJS({
  "node_modules/fast-deep-equal/index.js"(exports, module) {
    "use strict";
    module.exports = function equal2(a, b) {
      if (a === b) return true;
      if (a && b && typeof a == "object" && typeof b == "object") {
        if (a.constructor !== b.constructor) return false;
        var length, i, keys;
        if (Array.isArray(a)) {
          length = a.length;
          if (length != b.length) return false;
          for (i = length; i-- !== 0; )
            if (!equal2(a[i], b[i])) return false;
          return true;
        }
        if (a.constructor === RegExp) return a.source === b.source && a.flags === b.flags;
        if (a.valueOf !== Object.prototype.valueOf) return a.valueOf() === b.valueOf();
        if (a.toString !== Object.prototype.toString) return a.toString() === b.toString();
        keys = Object.keys(a);
        length = keys.length;
        if (length !== Object.keys(b).length) return false;
        for (i = length; i-- !== 0; )
          if (!Object.prototype.hasOwnProperty.call(b, keys[i])) return false;
        for (i = length; i-- !== 0; ) {
          var key = keys[i];
          if (!equal2(a[key], b[key])) return false;
        }
        return true;
      }
      return a !== a && b !== b;
    };
  }
});

// src/core/types.ts
var FIELD_NAMES = [
  "title",
  "description",
  "visible",
  "rank",
  "assigned_personal_gallery_ids",
  "assigned_gallery_subcategory_ids"
];

// src/core/canonical.ts
var import_fast_deep_equal = __toESM(require_fast_deep_equal(), 1);
import { createHash } from "node:crypto";
function canonicalJson(value) {
  return JSON.stringify(sortKeys(value));
}
function sortKeys(value) {
  if (value === null || typeof value !== "object" || isCanonical(value)) return value;
  return sortedCopy(value);
}
function sortedCopy(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  const out = {};
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (v !== void 0) out[key] = sortKeys(v);
  }
  return out;
}
function isCanonical(value) {
  if (Array.isArray(value)) {
    if ("toJSON" in value) return false;
    for (let i = 0; i < value.length; i++) {
      const element = value[i];
      if (element !== null && typeof element === "object" && !isCanonical(element)) return false;
    }
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  let previous = null;
  for (const key in value) {
    if (previous !== null && !(previous < key)) return false;
    if (key === "__proto__" || key === "toJSON") return false;
    const v = value[key];
    if (v !== null && typeof v === "object" && !isCanonical(v)) return false;
    previous = key;
  }
  return true;
}
function sha256Of(pieces) {
  const hash = createHash("sha256");
  for (const piece of pieces) hash.update(piece, "utf8");
  return `sha256:${hash.digest("hex")}`;
}
function sha256(data) {
  const hash = createHash("sha256");
  if (typeof data === "string") hash.update(data, "utf8");
  else hash.update(data);
  return `sha256:${hash.digest("hex")}`;
}
var SORTED_FIELD_NAMES = [...FIELD_NAMES].sort();
function canonicalFields(fields) {
  const out = {};
  for (const name of SORTED_FIELD_NAMES) {
    const v = fields[name];
    if (v !== void 0) out[name] = copyValue(v);
  }
  return out;
}
function hashFields(fields) {
  return sha256(canonicalJson(canonicalFields(fields)));
}
function fieldsEqual(a, b) {
  for (const name of FIELD_NAMES) {
    const x = a[name];
    const y = b[name];
    if (x === void 0 || y === void 0) {
      if (x !== y) return false;
    } else if (x !== y && !(0, import_fast_deep_equal.default)(x, y)) {
      return false;
    }
  }
  return true;
}
function copyValue(value) {
  return Array.isArray(value) ? [...value] : value;
}
function compareCodeUnits(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

export {
  require_fast_deep_equal,
  FIELD_NAMES,
  canonicalJson,
  sortKeys,
  sha256Of,
  sha256,
  canonicalFields,
  hashFields,
  fieldsEqual,
  copyValue,
  compareCodeUnits
};
