import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);

// src/core/types.ts
var FIELD_NAMES = [
  "title",
  "description",
  "visible",
  "rank",
  "assigned_personal_gallery_ids",
  "assigned_gallery_subcategory_ids"
];

export {
  FIELD_NAMES
};
