import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-PUWSEZHP.js";
import {
  FIELD_NAMES
} from "./chunk-NAR3LMYI.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// schemas/images.schema.json
var images_schema_default = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://github.com/fwsync/fwsync/schemas/images.schema.json",
  title: "fwsync image file",
  description: "Metadata of FinerWorks images managed by fwsync. One YAML document per file; guids are unique across all files.",
  type: "object",
  additionalProperties: false,
  required: ["version", "images"],
  properties: {
    version: {
      description: "File format version. Always 1.",
      const: 1
    },
    images: {
      description: "The images this file manages.",
      type: "array",
      minItems: 1,
      maxItems: 1e4,
      items: { $ref: "#/$defs/image" }
    }
  },
  $defs: {
    image: {
      type: "object",
      additionalProperties: false,
      required: ["guid", "title", "description"],
      properties: {
        guid: {
          description: "The FinerWorks image guid (a UUID). Compared case-insensitively.",
          type: "string",
          maxLength: 36,
          format: "uuid",
          pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
        },
        title: {
          description: "Image title, 1-256 characters.",
          type: "string",
          minLength: 1,
          maxLength: 256
        },
        description: {
          description: 'Image description, up to 10,000 characters; "" clears it.',
          type: "string",
          maxLength: 1e4
        },
        visible: {
          description: "Whether the image is visible. Sent only when set.",
          type: "boolean"
        },
        rank: {
          description: "Sort rank, an integer >= 0. Sent only when set.",
          type: "integer",
          minimum: 0,
          maximum: 2147483647
        },
        assigned_personal_gallery_ids: {
          description: "Personal gallery ids, unique integers. Sent only when set.",
          $ref: "#/$defs/idList"
        },
        assigned_gallery_subcategory_ids: {
          description: "Gallery subcategory ids, unique integers. Sent only when set.",
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
    }
  }
};

// src/generated/images-validator.js
var images_validator_default = validate0;
var formats0 = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
var func0 = ucs2length;
var pattern0 = new RegExp("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", "u");
function validate1(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate1.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = void 0;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = void 0;
  }
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data.guid === void 0) {
      const err0 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "guid" }, message: "must have required property 'guid'" };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (data.title === void 0) {
      const err1 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "title" }, message: "must have required property 'title'" };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
    if (data.description === void 0) {
      const err2 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "description" }, message: "must have required property 'description'" };
      if (vErrors === null) {
        vErrors = [err2];
      } else {
        vErrors.push(err2);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === "guid" || key0 === "title" || key0 === "description" || key0 === "visible" || key0 === "rank" || key0 === "assigned_personal_gallery_ids" || key0 === "assigned_gallery_subcategory_ids")) {
        const err3 = { instancePath, schemaPath: "#/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key0 }, message: "must NOT have additional properties" };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.guid !== void 0) {
      let data0 = data.guid;
      if (typeof data0 === "string") {
        if (func0(data0) > 36) {
          const err4 = { instancePath: instancePath + "/guid", schemaPath: "#/properties/guid/maxLength", keyword: "maxLength", params: { limit: 36 }, message: "must NOT have more than 36 characters" };
          if (vErrors === null) {
            vErrors = [err4];
          } else {
            vErrors.push(err4);
          }
          errors++;
        }
        if (!pattern0.test(data0)) {
          const err5 = { instancePath: instancePath + "/guid", schemaPath: "#/properties/guid/pattern", keyword: "pattern", params: { pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" }, message: 'must match pattern "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"' };
          if (vErrors === null) {
            vErrors = [err5];
          } else {
            vErrors.push(err5);
          }
          errors++;
        }
        if (!formats0.test(data0)) {
          const err6 = { instancePath: instancePath + "/guid", schemaPath: "#/properties/guid/format", keyword: "format", params: { format: "uuid" }, message: 'must match format "uuid"' };
          if (vErrors === null) {
            vErrors = [err6];
          } else {
            vErrors.push(err6);
          }
          errors++;
        }
      } else {
        const err7 = { instancePath: instancePath + "/guid", schemaPath: "#/properties/guid/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err7];
        } else {
          vErrors.push(err7);
        }
        errors++;
      }
    }
    if (data.title !== void 0) {
      let data1 = data.title;
      if (typeof data1 === "string") {
        if (func0(data1) > 256) {
          const err8 = { instancePath: instancePath + "/title", schemaPath: "#/properties/title/maxLength", keyword: "maxLength", params: { limit: 256 }, message: "must NOT have more than 256 characters" };
          if (vErrors === null) {
            vErrors = [err8];
          } else {
            vErrors.push(err8);
          }
          errors++;
        }
        if (func0(data1) < 1) {
          const err9 = { instancePath: instancePath + "/title", schemaPath: "#/properties/title/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters" };
          if (vErrors === null) {
            vErrors = [err9];
          } else {
            vErrors.push(err9);
          }
          errors++;
        }
      } else {
        const err10 = { instancePath: instancePath + "/title", schemaPath: "#/properties/title/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err10];
        } else {
          vErrors.push(err10);
        }
        errors++;
      }
    }
    if (data.description !== void 0) {
      let data2 = data.description;
      if (typeof data2 === "string") {
        if (func0(data2) > 1e4) {
          const err11 = { instancePath: instancePath + "/description", schemaPath: "#/properties/description/maxLength", keyword: "maxLength", params: { limit: 1e4 }, message: "must NOT have more than 10000 characters" };
          if (vErrors === null) {
            vErrors = [err11];
          } else {
            vErrors.push(err11);
          }
          errors++;
        }
      } else {
        const err12 = { instancePath: instancePath + "/description", schemaPath: "#/properties/description/type", keyword: "type", params: { type: "string" }, message: "must be string" };
        if (vErrors === null) {
          vErrors = [err12];
        } else {
          vErrors.push(err12);
        }
        errors++;
      }
    }
    if (data.visible !== void 0) {
      if (typeof data.visible !== "boolean") {
        const err13 = { instancePath: instancePath + "/visible", schemaPath: "#/properties/visible/type", keyword: "type", params: { type: "boolean" }, message: "must be boolean" };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
    }
    if (data.rank !== void 0) {
      let data4 = data.rank;
      if (!(typeof data4 == "number" && (!(data4 % 1) && !isNaN(data4)) && isFinite(data4))) {
        const err14 = { instancePath: instancePath + "/rank", schemaPath: "#/properties/rank/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
        if (vErrors === null) {
          vErrors = [err14];
        } else {
          vErrors.push(err14);
        }
        errors++;
      }
      if (typeof data4 == "number" && isFinite(data4)) {
        if (data4 > 2147483647 || isNaN(data4)) {
          const err15 = { instancePath: instancePath + "/rank", schemaPath: "#/properties/rank/maximum", keyword: "maximum", params: { comparison: "<=", limit: 2147483647 }, message: "must be <= 2147483647" };
          if (vErrors === null) {
            vErrors = [err15];
          } else {
            vErrors.push(err15);
          }
          errors++;
        }
        if (data4 < 0 || isNaN(data4)) {
          const err16 = { instancePath: instancePath + "/rank", schemaPath: "#/properties/rank/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
          if (vErrors === null) {
            vErrors = [err16];
          } else {
            vErrors.push(err16);
          }
          errors++;
        }
      }
    }
    if (data.assigned_personal_gallery_ids !== void 0) {
      let data5 = data.assigned_personal_gallery_ids;
      if (Array.isArray(data5)) {
        if (data5.length > 1e3) {
          const err17 = { instancePath: instancePath + "/assigned_personal_gallery_ids", schemaPath: "#/$defs/idList/maxItems", keyword: "maxItems", params: { limit: 1e3 }, message: "must NOT have more than 1000 items" };
          if (vErrors === null) {
            vErrors = [err17];
          } else {
            vErrors.push(err17);
          }
          errors++;
        }
        const len0 = data5.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data6 = data5[i0];
          if (!(typeof data6 == "number" && (!(data6 % 1) && !isNaN(data6)) && isFinite(data6))) {
            const err18 = { instancePath: instancePath + "/assigned_personal_gallery_ids/" + i0, schemaPath: "#/$defs/idList/items/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
            if (vErrors === null) {
              vErrors = [err18];
            } else {
              vErrors.push(err18);
            }
            errors++;
          }
          if (typeof data6 == "number" && isFinite(data6)) {
            if (data6 > 9007199254740991 || isNaN(data6)) {
              const err19 = { instancePath: instancePath + "/assigned_personal_gallery_ids/" + i0, schemaPath: "#/$defs/idList/items/maximum", keyword: "maximum", params: { comparison: "<=", limit: 9007199254740991 }, message: "must be <= 9007199254740991" };
              if (vErrors === null) {
                vErrors = [err19];
              } else {
                vErrors.push(err19);
              }
              errors++;
            }
            if (data6 < 0 || isNaN(data6)) {
              const err20 = { instancePath: instancePath + "/assigned_personal_gallery_ids/" + i0, schemaPath: "#/$defs/idList/items/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
              if (vErrors === null) {
                vErrors = [err20];
              } else {
                vErrors.push(err20);
              }
              errors++;
            }
          }
        }
        let i1 = data5.length;
        let j0;
        if (i1 > 1) {
          const indices0 = {};
          for (; i1--; ) {
            let item0 = data5[i1];
            if (!(typeof item0 == "number" && (!(item0 % 1) && !isNaN(item0)) && isFinite(item0))) {
              continue;
            }
            if (typeof indices0[item0] == "number") {
              j0 = indices0[item0];
              const err21 = { instancePath: instancePath + "/assigned_personal_gallery_ids", schemaPath: "#/$defs/idList/uniqueItems", keyword: "uniqueItems", params: { i: i1, j: j0 }, message: "must NOT have duplicate items (items ## " + j0 + " and " + i1 + " are identical)" };
              if (vErrors === null) {
                vErrors = [err21];
              } else {
                vErrors.push(err21);
              }
              errors++;
              break;
            }
            indices0[item0] = i1;
          }
        }
      } else {
        const err22 = { instancePath: instancePath + "/assigned_personal_gallery_ids", schemaPath: "#/$defs/idList/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err22];
        } else {
          vErrors.push(err22);
        }
        errors++;
      }
    }
    if (data.assigned_gallery_subcategory_ids !== void 0) {
      let data7 = data.assigned_gallery_subcategory_ids;
      if (Array.isArray(data7)) {
        if (data7.length > 1e3) {
          const err23 = { instancePath: instancePath + "/assigned_gallery_subcategory_ids", schemaPath: "#/$defs/idList/maxItems", keyword: "maxItems", params: { limit: 1e3 }, message: "must NOT have more than 1000 items" };
          if (vErrors === null) {
            vErrors = [err23];
          } else {
            vErrors.push(err23);
          }
          errors++;
        }
        const len1 = data7.length;
        for (let i2 = 0; i2 < len1; i2++) {
          let data8 = data7[i2];
          if (!(typeof data8 == "number" && (!(data8 % 1) && !isNaN(data8)) && isFinite(data8))) {
            const err24 = { instancePath: instancePath + "/assigned_gallery_subcategory_ids/" + i2, schemaPath: "#/$defs/idList/items/type", keyword: "type", params: { type: "integer" }, message: "must be integer" };
            if (vErrors === null) {
              vErrors = [err24];
            } else {
              vErrors.push(err24);
            }
            errors++;
          }
          if (typeof data8 == "number" && isFinite(data8)) {
            if (data8 > 9007199254740991 || isNaN(data8)) {
              const err25 = { instancePath: instancePath + "/assigned_gallery_subcategory_ids/" + i2, schemaPath: "#/$defs/idList/items/maximum", keyword: "maximum", params: { comparison: "<=", limit: 9007199254740991 }, message: "must be <= 9007199254740991" };
              if (vErrors === null) {
                vErrors = [err25];
              } else {
                vErrors.push(err25);
              }
              errors++;
            }
            if (data8 < 0 || isNaN(data8)) {
              const err26 = { instancePath: instancePath + "/assigned_gallery_subcategory_ids/" + i2, schemaPath: "#/$defs/idList/items/minimum", keyword: "minimum", params: { comparison: ">=", limit: 0 }, message: "must be >= 0" };
              if (vErrors === null) {
                vErrors = [err26];
              } else {
                vErrors.push(err26);
              }
              errors++;
            }
          }
        }
        let i3 = data7.length;
        let j1;
        if (i3 > 1) {
          const indices1 = {};
          for (; i3--; ) {
            let item1 = data7[i3];
            if (!(typeof item1 == "number" && (!(item1 % 1) && !isNaN(item1)) && isFinite(item1))) {
              continue;
            }
            if (typeof indices1[item1] == "number") {
              j1 = indices1[item1];
              const err27 = { instancePath: instancePath + "/assigned_gallery_subcategory_ids", schemaPath: "#/$defs/idList/uniqueItems", keyword: "uniqueItems", params: { i: i3, j: j1 }, message: "must NOT have duplicate items (items ## " + j1 + " and " + i3 + " are identical)" };
              if (vErrors === null) {
                vErrors = [err27];
              } else {
                vErrors.push(err27);
              }
              errors++;
              break;
            }
            indices1[item1] = i3;
          }
        }
      } else {
        const err28 = { instancePath: instancePath + "/assigned_gallery_subcategory_ids", schemaPath: "#/$defs/idList/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err28];
        } else {
          vErrors.push(err28);
        }
        errors++;
      }
    }
  } else {
    const err29 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err29];
    } else {
      vErrors.push(err29);
    }
    errors++;
  }
  validate1.errors = vErrors;
  return errors === 0;
}
validate1.evaluated = { "props": true, "dynamicProps": false, "dynamicItems": false };
function validate0(data, { instancePath = "", parentData, parentDataProperty, rootData = data, dynamicAnchors = {} } = {}) {
  ;
  let vErrors = null;
  let errors = 0;
  const evaluated0 = validate0.evaluated;
  if (evaluated0.dynamicProps) {
    evaluated0.props = void 0;
  }
  if (evaluated0.dynamicItems) {
    evaluated0.items = void 0;
  }
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data.version === void 0) {
      const err0 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "version" }, message: "must have required property 'version'" };
      if (vErrors === null) {
        vErrors = [err0];
      } else {
        vErrors.push(err0);
      }
      errors++;
    }
    if (data.images === void 0) {
      const err1 = { instancePath, schemaPath: "#/required", keyword: "required", params: { missingProperty: "images" }, message: "must have required property 'images'" };
      if (vErrors === null) {
        vErrors = [err1];
      } else {
        vErrors.push(err1);
      }
      errors++;
    }
    for (const key0 in data) {
      if (!(key0 === "version" || key0 === "images")) {
        const err2 = { instancePath, schemaPath: "#/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key0 }, message: "must NOT have additional properties" };
        if (vErrors === null) {
          vErrors = [err2];
        } else {
          vErrors.push(err2);
        }
        errors++;
      }
    }
    if (data.version !== void 0) {
      if (1 !== data.version) {
        const err3 = { instancePath: instancePath + "/version", schemaPath: "#/properties/version/const", keyword: "const", params: { allowedValue: 1 }, message: "must be equal to constant" };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    if (data.images !== void 0) {
      let data1 = data.images;
      if (Array.isArray(data1)) {
        if (data1.length > 1e4) {
          const err4 = { instancePath: instancePath + "/images", schemaPath: "#/properties/images/maxItems", keyword: "maxItems", params: { limit: 1e4 }, message: "must NOT have more than 10000 items" };
          if (vErrors === null) {
            vErrors = [err4];
          } else {
            vErrors.push(err4);
          }
          errors++;
        }
        if (data1.length < 1) {
          const err5 = { instancePath: instancePath + "/images", schemaPath: "#/properties/images/minItems", keyword: "minItems", params: { limit: 1 }, message: "must NOT have fewer than 1 items" };
          if (vErrors === null) {
            vErrors = [err5];
          } else {
            vErrors.push(err5);
          }
          errors++;
        }
        const len0 = data1.length;
        for (let i0 = 0; i0 < len0; i0++) {
          if (!validate1(data1[i0], { instancePath: instancePath + "/images/" + i0, parentData: data1, parentDataProperty: i0, rootData, dynamicAnchors })) {
            vErrors = vErrors === null ? validate1.errors : vErrors.concat(validate1.errors);
            errors = vErrors.length;
          }
        }
      } else {
        const err6 = { instancePath: instancePath + "/images", schemaPath: "#/properties/images/type", keyword: "type", params: { type: "array" }, message: "must be array" };
        if (vErrors === null) {
          vErrors = [err6];
        } else {
          vErrors.push(err6);
        }
        errors++;
      }
    }
  } else {
    const err7 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object" };
    if (vErrors === null) {
      vErrors = [err7];
    } else {
      vErrors.push(err7);
    }
    errors++;
  }
  validate0.errors = vErrors;
  return errors === 0;
}
validate0.evaluated = { "props": true, "dynamicProps": false, "dynamicItems": false };
function ucs2length(str) {
  const len = str.length;
  let length = 0;
  let pos = 0;
  let value;
  while (pos < len) {
    length++;
    value = str.charCodeAt(pos++);
    if (value >= 55296 && value <= 56319 && pos < len) {
      value = str.charCodeAt(pos);
      if ((value & 64512) === 56320) pos++;
    }
  }
  return length;
}

// src/core/schema-path.ts
function pointerToPath(pointer, data) {
  if (pointer === "") return [];
  const path = [];
  let node = data;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = isObject(node) && Object.hasOwn(node, key) ? node[key] : void 0;
    }
  }
  return path;
}
function formatPath(path) {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (isSafeName(seg)) out += out === "" ? seg : `.${seg}`;
    else out += "[\u2026]";
  }
  return out === "" ? "the document" : out;
}
function valueAt(data, path) {
  let node = data;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === "number") node = node[seg];
    else if (isObject(node) && typeof seg === "string" && Object.hasOwn(node, seg)) node = node[seg];
    else return void 0;
  }
  return node;
}
function schemaForPath(root, path) {
  const deref = (node2) => {
    for (let i = 0; i < 8 && isObject(node2) && typeof node2["$ref"] === "string"; i++) {
      let target = root;
      for (const raw of node2["$ref"].replace(/^#\/?/, "").split("/")) {
        if (raw !== "")
          target = isObject(target) ? target[raw.replace(/~1/g, "/").replace(/~0/g, "~")] : void 0;
      }
      node2 = target;
    }
    return node2;
  };
  let node = deref(root);
  for (const seg of path) {
    if (!isObject(node)) return void 0;
    node = typeof seg === "number" ? node["items"] : isObject(node["properties"]) ? node["properties"][seg] : void 0;
    node = deref(node);
  }
  return node;
}
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function isSafeName(s) {
  return /^[A-Za-z_$][\w$-]{0,63}$/.test(s);
}

// src/core/suggest.ts
function levenshtein(a, b) {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let curr = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      curr[j] = Math.min(prev[j] + 1, curr[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length];
}
function suggest(name, candidates) {
  if (name.length > 64) return void 0;
  const norm = (s) => s.toLowerCase().replace(/[-_\s]/g, "");
  let best;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = norm(candidate) === norm(name) ? 0 : levenshtein(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= allowed ? best : void 0;
}

// src/core/validate-images.ts
var imagesSchema = images_schema_default;
function getImagesValidator() {
  return images_validator_default;
}
function isValidImagesData(data) {
  return getImagesValidator()(data);
}
function describe(v) {
  if (v === null) return "empty (null)";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "number")
    return Number.isFinite(v) ? Number.isInteger(v) ? "an integer" : "a number" : "infinity or NaN (.inf or .nan)";
  return `a ${typeof v}`;
}
var YAML11_BOOLEANS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE)$/;
var TYPE_NAMES = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean (true or false)",
  array: "a list",
  object: "a mapping",
  null: "null"
};
var GUID_EXAMPLE = "5fd001ce-5db8-4e84-9010-e29499eadb3f";
function schemaIssues(opts) {
  const { errors, data, file, schema, locate } = opts;
  const issues = [];
  const seen = /* @__PURE__ */ new Set();
  const suggested = /* @__PURE__ */ new Set();
  const pending = [];
  for (const error of errors) {
    const path = pointerToPath(error.instancePath, data);
    const label = formatPath(path);
    const value = valueAt(data, path);
    const at = (p, part) => locate(p, part);
    const push = (dedupeKey, pos, code, message, hint) => {
      if (seen.has(dedupeKey)) return;
      seen.add(dedupeKey);
      issues.push({ file, line: pos.line, column: pos.column, code, message, ...hint ? { hint } : {} });
    };
    const params = error.params;
    if (path[path.length - 1] === "guid" && ["format", "pattern", "maxLength", "minLength"].includes(error.keyword)) {
      push(
        error.instancePath,
        at(path, "value"),
        "schema-guid",
        `${label} must be a UUID`,
        `a guid looks like ${GUID_EXAMPLE}`
      );
      continue;
    }
    switch (error.keyword) {
      case "additionalProperty":
      case "additionalProperties": {
        const prop = String(params["additionalProperty"]);
        const parent = schemaForPath(schema, path);
        const known = isObject(parent) && isObject(parent["properties"]) ? Object.keys(parent["properties"]) : [];
        const guess = isSafeName(prop) ? suggest(prop, known) : void 0;
        if (guess) suggested.add(`${error.instancePath}\0${guess}`);
        if (prop === "<<") {
          push(
            `${error.instancePath}\0+${prop}`,
            at([...path, prop], "key"),
            "schema-merge-key",
            "merge keys (<<) are not supported",
            "write the fields out in full"
          );
          break;
        }
        const name = isSafeName(prop) ? `"${prop}"` : "(a key that is not a plain name)";
        const where = path.length ? ` in ${label}` : "";
        push(
          `${error.instancePath}\0+${prop}`,
          at([...path, prop], "key"),
          "schema-unknown-property",
          `unknown property ${name}${where}${guess ? ` \u2014 did you mean "${guess}"?` : ""}`,
          known.length ? `allowed here: ${known.join(", ")}` : void 0
        );
        break;
      }
      case "required": {
        const missing = String(params["missingProperty"]);
        pending.push({ path, missing, pos: at(path, "value") });
        break;
      }
      case "type": {
        const expected = String(params["type"]);
        let hint;
        if (expected === "string" && (typeof value === "number" || typeof value === "boolean")) {
          hint = 'quote this value so YAML reads it as text, e.g. "\u2026"';
        } else if (expected === "string" && value === null) {
          hint = 'write "" for an empty text, or quote the value';
        } else if (expected === "boolean" && typeof value === "string" && YAML11_BOOLEANS.test(value)) {
          hint = `use true or false without quotes: YAML 1.2 reads "${value}" as text`;
        } else if ((expected === "integer" || expected === "number") && typeof value === "string" && /^[-+]?\d+$/.test(value)) {
          hint = "remove the quotes around the number";
        } else if (expected === "integer" && typeof value === "number") {
          hint = "use a whole number";
        }
        push(
          error.instancePath,
          at(path, "value"),
          "schema-type",
          `${label} must be ${TYPE_NAMES[expected] ?? expected}, not ${describe(value)}`,
          hint
        );
        break;
      }
      case "const":
        push(
          error.instancePath,
          at(path, "value"),
          "schema-const",
          `${label} must be ${JSON.stringify(params["allowedValue"])}`
        );
        break;
      case "enum": {
        const allowed = Array.isArray(params["allowedValues"]) ? params["allowedValues"].map(String) : [];
        push(
          error.instancePath,
          at(path, "value"),
          "schema-enum",
          `${label} must be one of: ${allowed.join(", ")}`
        );
        break;
      }
      case "minLength":
        push(
          error.instancePath,
          at(path, "value"),
          "schema-min-length",
          params["limit"] === 1 ? `${label} must not be empty` : `${label} must be at least ${String(params["limit"])} characters`
        );
        break;
      case "maxLength":
        push(
          error.instancePath,
          at(path, "value"),
          "schema-max-length",
          `${label} must be at most ${String(params["limit"])} characters`
        );
        break;
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum": {
        const word = error.keyword === "minimum" ? "at least" : error.keyword === "maximum" ? "at most" : error.keyword === "exclusiveMinimum" ? "more than" : "less than";
        push(
          error.instancePath,
          at(path, "value"),
          `schema-${kebab(error.keyword)}`,
          `${label} must be ${word} ${String(params["limit"])}`
        );
        break;
      }
      case "minItems":
        push(
          error.instancePath,
          at(path, "value"),
          "schema-min-items",
          params["limit"] === 1 ? `${label} must not be empty` : `${label} must have at least ${String(params["limit"])} items`
        );
        break;
      case "maxItems":
        push(
          error.instancePath,
          at(path, "value"),
          "schema-max-items",
          `${label} must have at most ${String(params["limit"])} items`,
          path[0] === "images" && path.length === 1 ? "split the images over several files" : void 0
        );
        break;
      case "uniqueItems": {
        const i = Number(params["i"]);
        const j = Number(params["j"]);
        const later = Math.max(i, j);
        push(
          error.instancePath,
          at([...path, later], "value"),
          "schema-unique-items",
          `${label} lists the same value twice (items ${Math.min(i, j) + 1} and ${later + 1})`,
          "remove the repeated value"
        );
        break;
      }
      case "format":
      case "pattern":
        push(
          error.instancePath,
          at(path, "value"),
          `schema-${error.keyword}`,
          `${label} has an invalid format`,
          path[path.length - 1] === "base_url" ? "use an https:// URL without user name, password, query or fragment (http:// only for 127.0.0.1 or localhost)" : void 0
        );
        break;
      default:
        push(
          `${error.instancePath}\0${error.keyword}`,
          at(path, "value"),
          `schema-${kebab(error.keyword)}`,
          `${label} ${error.message ?? "is invalid"}`
        );
    }
  }
  for (const { path, missing, pos } of pending) {
    const pointer = path.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
    if (suggested.has(`${pointer}\0${missing}`)) continue;
    const where = path.length ? formatPath(path) : "the file";
    issues.push({
      file,
      line: pos.line,
      column: pos.column,
      code: "schema-required",
      message: `${where} is missing the required property "${missing}"`,
      ...missing === "description" ? { hint: 'add description: "" if the image has none' } : {}
    });
  }
  return issues;
}
function kebab(s) {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
function toDesiredImages(data, file, lines) {
  return data.images.map((image, i) => {
    const fields = { title: image.title, description: image.description };
    for (const name of FIELD_NAMES) {
      const v = image[name];
      if (name === "title" || name === "description" || v === void 0) continue;
      fields[name] = Array.isArray(v) ? [...v] : v;
    }
    return { guid: image.guid.toLowerCase(), fields, file, line: lines[i] ?? 1 };
  });
}
function duplicateGuidIssues(places) {
  const first = /* @__PURE__ */ new Map();
  const issues = [];
  for (const place of places) {
    const key = place.guid.toLowerCase();
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, place);
      continue;
    }
    const [here, other] = place.line === null && earlier.line !== null ? [earlier, place] : [place, earlier];
    const otherWhere = other.line === null ? other.file : `${other.file}:${other.line}`;
    issues.push({
      file: here.file,
      line: here.line ?? 1,
      column: here.column ?? 1,
      code: "duplicate-guid",
      message: `guid ${key} is used twice: here and at ${otherWhere}`,
      hint: "each image may appear in one place only; remove or merge one of the entries"
    });
  }
  return issues;
}

// src/adapters/yaml/strict.ts
var import_yaml2 = __toESM(require_dist(), 1);

// src/adapters/yaml/block-scalar.ts
var import_yaml = __toESM(require_dist(), 1);
var INDICATED_HEADER = /^[|>](?:([1-9])([+-]?)|([+-])([1-9]))$/;
function mayHoldIndicatedBlockScalar(text) {
  return /[|>][+-]?[1-9]/.test(text);
}
function correctBlankBlockScalars(doc) {
  (0, import_yaml.visit)(doc, {
    Scalar(_key, node) {
      if (!(0, import_yaml.isScalar)(node) || node.srcToken?.type !== "block-scalar") return;
      const value = blankBlockScalarValue(node.srcToken);
      if (value !== null) node.value = value;
    }
  });
}
function blankBlockScalarValue(token) {
  const header = token.props.find((p) => p.type === "block-scalar-header");
  const m = header && "source" in header ? INDICATED_HEADER.exec(header.source) : null;
  if (!m) return null;
  const indent = token.indent + Number(m[1] ?? m[4]);
  const chomp = m[2] || m[3] || "";
  const lines = token.source.split("\n").map((l) => l.replace(/\r$/, ""));
  if (lines.some((l) => !/^ *$/.test(l))) return null;
  let last = -1;
  lines.forEach((l, i) => {
    if (l.length > indent) last = i;
  });
  if (last < 0) return null;
  const text = lines.slice(0, last + 1).map((l) => l.slice(indent)).join("\n");
  const broken = last < lines.length - 1;
  if (chomp === "-" || !broken) return text;
  if (chomp === "") return `${text}
`;
  return text + "\n".repeat(lines.length - 1 - last);
}

// src/adapters/yaml/strict.ts
var YAML_OPTIONS = {
  version: "1.2",
  schema: "core",
  // explicit, so a %YAML 1.1 directive cannot bring back 1.1 booleans
  merge: false,
  uniqueKeys: true,
  strict: true,
  resolveKnownTags: false,
  // !!binary, !!timestamp stay strings (and warn; warnings are errors here)
  customTags: [],
  stringKeys: true,
  intAsBigInt: false,
  // Not prettyErrors: its messages quote the offending line, which may hold a secret. We
  // compute line:column from the LineCounter ourselves.
  prettyErrors: false,
  logLevel: "error"
  // 'silent' would also drop the "several documents" error
};
var YAML_MESSAGES = {
  DUPLICATE_KEY: "duplicate key: this key already appears in the same mapping",
  TAB_AS_INDENT: "YAML does not allow tabs for indentation",
  MULTIPLE_DOCS: "the file holds more than one YAML document",
  RESOURCE_EXHAUSTION: "the file is nested too deeply to be read"
};
var YAML_HINTS = {
  DUPLICATE_KEY: "each key may appear only once in a mapping; remove or rename one of them",
  TAB_AS_INDENT: "indent with spaces; replace the tabs of this line and of the lines below (most editors can convert indentation to spaces)",
  MULTILINE_IMPLICIT_KEY: "the keys of one mapping must line up: check the indentation of this line",
  MULTIPLE_DOCS: "put one YAML document in each file: remove the `---` line or split the file",
  RESOURCE_EXHAUSTION: "the structure is nested far too deeply for an image file"
};
var GLUED_COMMENT = /^Comments must be separated/;
var UNCLOSED_QUOTE = /^Missing closing (["'])quote/;
function problemOffset(e, text, doc) {
  switch (e.code) {
    case "MISSING_CHAR": {
      if (GLUED_COMMENT.test(e.message)) return e.pos[0];
      let opened = null;
      (0, import_yaml2.visit)(doc, {
        Scalar(_key, node) {
          const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
          if (quoted && node.range && node.range[1] >= e.pos[0]) opened ??= node.range[0];
        }
      });
      return opened ?? e.pos[0];
    }
    case "MULTILINE_IMPLICIT_KEY":
      return e.pos[1];
    case "RESOURCE_EXHAUSTION": {
      const lineStart = text.lastIndexOf("\n", e.pos[0] - 1) + 1;
      const bracket = text.slice(lineStart, e.pos[0] + 1).search(/[[{]/);
      return bracket < 0 ? lineStart : lineStart + bracket;
    }
    default:
      return e.pos[0];
  }
}
function explain(e, doc, lineCounter) {
  if (GLUED_COMMENT.test(e.message)) return [firstLine(e.message), "put a space before the `#`"];
  const quote = UNCLOSED_QUOTE.exec(e.message)?.[1];
  if (quote !== void 0) {
    return [
      `the ${quote === '"' ? "double" : "single"}-quoted string that opens here is never closed`,
      `add the closing ${quote}; a string that goes on over several lines needs its next lines indented further than its key`
    ];
  }
  if (e.code === "DUPLICATE_KEY") {
    const first = firstOfDuplicateKey(doc, e.pos[0]);
    if (first) {
      const line = lineCounter.linePos(first.offset).line;
      return [
        `duplicate key ${first.key}: it is already set on line ${line} of the same mapping, and again here on line ${lineCounter.linePos(e.pos[0]).line}`,
        `each key may appear only once in a mapping; remove one of the two ${first.key} lines`
      ];
    }
  }
  return [YAML_MESSAGES[e.code] ?? firstLine(e.message), YAML_HINTS[e.code]];
}
function firstOfDuplicateKey(doc, offset) {
  let found = null;
  (0, import_yaml2.visit)(doc, {
    Map(_key, node) {
      const pairs = node.items;
      const repeated = pairs.findIndex((p) => isNodeWithRange(p.key) && p.key.range[0] === offset);
      if (repeated < 0) return void 0;
      const key = pairs[repeated].key;
      const value = (0, import_yaml2.isScalar)(key) ? key.value : void 0;
      const earlier = pairs.slice(0, repeated).find((p) => (0, import_yaml2.isScalar)(p.key) && p.key.value === value && isNodeWithRange(p.key));
      if (earlier && isNodeWithRange(earlier.key))
        found = { key: keyLabel(value), offset: earlier.key.range[0] };
      return import_yaml2.visit.BREAK;
    }
  });
  return found;
}
function keyLabel(value) {
  const text = String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}\u2026` : text);
}
function yamlCode(code) {
  return `yaml-${code.toLowerCase().replace(/_/g, "-")}`;
}
function parseYamlStrict(text, file) {
  const lineCounter = new import_yaml2.LineCounter();
  const pos = (offset) => {
    const lp = lineCounter.linePos(offset ?? 0);
    return { line: lp.line, column: lp.col };
  };
  const issue = (p, code, message, hint) => ({
    file,
    line: p.line,
    column: p.column,
    code,
    message,
    ...hint ? { hint } : {}
  });
  let doc;
  try {
    doc = (0, import_yaml2.parseDocument)(text, {
      ...YAML_OPTIONS,
      lineCounter,
      // Source tokens cost memory; only correctBlankBlockScalars needs them.
      keepSourceTokens: mayHoldIndicatedBlockScalar(text)
    });
  } catch (error) {
    return {
      ok: false,
      issues: [
        issue(
          { line: 1, column: 1 },
          "yaml-unparseable",
          `the file cannot be parsed as YAML (${errorName(error)})`
        )
      ]
    };
  }
  const issues = [];
  const problems = [...doc.errors, ...doc.warnings].filter(
    (e, _i, all) => e.code !== "BLOCK_AS_IMPLICIT_KEY" || !all.some((o) => o.code === "MULTILINE_IMPLICIT_KEY" && o.pos[0] === e.pos[0])
  );
  const exhausted = problems.find((e) => e.code === "RESOURCE_EXHAUSTION");
  const firstTab = problems.filter((e) => e.code === "TAB_AS_INDENT").reduce((a, e) => a === null || e.pos[0] < a.pos[0] ? e : a, null);
  const reported = exhausted ? [exhausted] : firstTab ? [firstTab] : problems;
  for (const e of reported) {
    if (e.code === "TAG_RESOLVE_FAILED") continue;
    issues.push(issue(pos(problemOffset(e, text, doc)), yamlCode(e.code), ...explain(e, doc, lineCounter)));
  }
  const version = doc.directives?.yaml.version;
  if (version !== "1.2") {
    const m = /^%YAML\b/m.exec(text);
    issues.push(
      issue(
        pos(m?.index),
        "yaml-version",
        `YAML ${version ?? "(unknown)"} is not supported; image files are YAML 1.2`,
        "remove the %YAML line (or write %YAML 1.2)"
      )
    );
  }
  const repeated = secondYamlDirective(text);
  if (repeated >= 0) {
    issues.push(
      issue(
        pos(repeated),
        "yaml-directive-repeated",
        "the %YAML directive appears twice",
        "keep one %YAML line (or none)"
      )
    );
  }
  (0, import_yaml2.visit)(doc, {
    Alias(_key, node) {
      issues.push(
        issue(
          pos(node.range?.[0]),
          "yaml-alias",
          "aliases (*name) are not allowed",
          "write the value out in full"
        )
      );
    },
    Node(_key, node) {
      const start = node.range?.[0] ?? 0;
      if (node.anchor) {
        const at = text.lastIndexOf(`&${node.anchor}`, start);
        issues.push(
          issue(
            pos(at >= 0 ? at : start),
            "yaml-anchor",
            "anchors (&name) are not allowed",
            "remove the anchor and write values out in full"
          )
        );
      }
      if (node.tag) {
        const tag = /^(?:!|tag:yaml\.org,2002:)[\w-]{1,32}$/.test(node.tag) ? ` ${node.tag.replace("tag:yaml.org,2002:", "!!")}` : "";
        issues.push(
          issue(
            pos(tagStart(text, start)),
            "yaml-tag",
            `tags${tag ? ` (${tag.trim()})` : ""} are not allowed`,
            "remove the tag; quote the value if it must be text"
          )
        );
      }
    }
  });
  if (issues.length > 0) return { ok: false, issues: dedupe(issues) };
  correctBlankBlockScalars(doc);
  let data;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    return {
      ok: false,
      issues: [
        issue(
          { line: 1, column: 1 },
          "yaml-unparseable",
          `the file cannot be read as data (${errorName(error)})`
        )
      ]
    };
  }
  return { ok: true, data, doc, lineCounter };
}
function secondYamlDirective(text) {
  const directives = /^%YAML\b/gm;
  const end = /^---(?:\s|$)/m.exec(text)?.index ?? 0;
  for (let seen = 0, m = directives.exec(text); m !== null && m.index < end; m = directives.exec(text)) {
    if (++seen === 2) return m.index;
  }
  return -1;
}
function tagStart(text, start) {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const m = /(?:^|[\s[{,])(![^\s]*)\s+(?:&\S+\s+)?$/.exec(text.slice(lineStart, start));
  return m ? lineStart + m.index + m[0].indexOf(m[1]) : start;
}
function errorName(error) {
  return error instanceof Error ? error.name : "unknown error";
}
function firstLine(message) {
  return message.split("\n")[0].replace(/ at line \d+, column \d+.*$/, "");
}
function dedupe(issues) {
  const seen = /* @__PURE__ */ new Set();
  return issues.filter((i) => {
    const k = i.code === "yaml-resource-exhaustion" ? i.code : `${i.line}:${i.column}:${i.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
function locatorFor(doc, lineCounter) {
  const at = (offset) => {
    const lp = lineCounter.linePos(offset);
    return { line: lp.line, column: lp.col };
  };
  return (dataPath, part) => {
    let node = doc.contents;
    let best = isNodeWithRange(node) ? at(node.range[0]) : { line: 1, column: 1 };
    for (let i = 0; i < dataPath.length; i++) {
      const seg = dataPath[i];
      const last = i === dataPath.length - 1;
      if ((0, import_yaml2.isMap)(node)) {
        const pair = node.items.find(
          (p) => ((0, import_yaml2.isScalar)(p.key) ? String(p.key.value) : String(p.key)) === String(seg)
        );
        if (!pair) return best;
        const keyPos = isNodeWithRange(pair.key) ? at(pair.key.range[0]) : best;
        if (last && part === "key") return keyPos;
        node = pair.value;
        best = isNodeWithRange(node) && !((0, import_yaml2.isScalar)(node) && node.source === "" && node.value === null) ? at(node.range[0]) : keyPos;
      } else if ((0, import_yaml2.isSeq)(node) && typeof seg === "number") {
        node = node.items[seg];
        if (!isNodeWithRange(node)) return best;
        best = at(node.range[0]);
      } else {
        return best;
      }
    }
    return best;
  };
}
function isNodeWithRange(v) {
  return typeof v === "object" && v !== null && Array.isArray(v.range);
}

export {
  imagesSchema,
  getImagesValidator,
  isValidImagesData,
  schemaIssues,
  toDesiredImages,
  duplicateGuidIssues,
  parseYamlStrict,
  errorName,
  locatorFor,
  isNodeWithRange
};
