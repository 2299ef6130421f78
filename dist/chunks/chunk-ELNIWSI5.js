import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  parseImagesText
} from "./chunk-GPWP4PRK.js";
import {
  toDesiredImages
} from "./chunk-GBUZ7WPX.js";

// src/adapters/utf8.ts
function invalidUtf8Offset(buf) {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    if (b < 128) {
      i++;
      continue;
    }
    let n;
    let min;
    if (b >= 194 && b <= 223) [n, min] = [1, 128];
    else if (b >= 224 && b <= 239) [n, min] = [2, 2048];
    else if (b >= 240 && b <= 244) [n, min] = [3, 65536];
    else return i;
    let cp = b & 63 >> n;
    for (let k = 1; k <= n; k++) {
      const c = buf[i + k];
      if (c === void 0 || (c & 192) !== 128) return i;
      cp = cp << 6 | c & 63;
    }
    if (cp < min || cp > 1114111 || cp >= 55296 && cp <= 57343) return i;
    i += n + 1;
  }
  return -1;
}
function lineColOfByte(buf, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (buf[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let column = 1;
  for (let i = lineStart; i < offset; i++) if ((buf[i] & 192) !== 128) column++;
  return { line, column };
}

// src/adapters/image-parse.ts
function failedFile(rel, code, message, hint, hash = "", p = { line: 1, column: 1 }) {
  return {
    source: { path: rel, hash, guids: [], skipped: false },
    images: [],
    issues: [{ file: rel, line: p.line, column: p.column, code, message, ...hint ? { hint } : {} }]
  };
}
function parseImageBytes(bytes, rel, hash) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = invalidUtf8Offset(bytes);
    return failedFile(
      rel,
      "file-encoding",
      `the file is not valid UTF-8 (byte offset ${offset < 0 ? "unknown" : offset})`,
      "save the file as UTF-8",
      hash,
      offset < 0 ? void 0 : lineColOfByte(bytes, offset)
    );
  }
  const parsed = parseImagesText(text, rel);
  if (!parsed.ok)
    return { source: { path: rel, hash, guids: [], skipped: false }, images: [], issues: parsed.issues };
  const images = toDesiredImages(parsed.data, rel, parsed.imageLines);
  return {
    source: { path: rel, hash, guids: images.map((i) => i.guid), skipped: false },
    images,
    issues: []
  };
}

export {
  invalidUtf8Offset,
  failedFile,
  parseImageBytes
};
