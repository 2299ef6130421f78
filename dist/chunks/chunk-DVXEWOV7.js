import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  FinerWorksError,
  toFwsyncError
} from "./chunk-AT44SEU4.js";
import {
  VERSION
} from "./chunk-JRKJ7VIZ.js";
import {
  showInvisible
} from "./chunk-OWOVCXQ3.js";
import {
  FIELD_NAMES,
  compareCodeUnits,
  copyValue,
  require_fast_deep_equal,
  sortKeys
} from "./chunk-NAR3LMYI.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import {
  __toESM
} from "./chunk-VB7EOEZX.js";

// src/render/json.ts
function renderPlanJson(plan, fwsyncVersion = VERSION) {
  return [...planJsonChunks(plan, fwsyncVersion)].join("");
}
function planJsonChunks(plan, fwsyncVersion = VERSION) {
  return stableJsonChunks({ ...plan, fwsync_version: fwsyncVersion });
}
function renderApplyResultJson(result) {
  return stableJson(result);
}
function stableJson(value) {
  return `${JSON.stringify(sortKeys(value), null, 2)}
`;
}
function* stableJsonChunks(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    yield stableJson(value);
    return;
  }
  const record = value;
  const keys = Object.keys(record).filter((key) => jsonValue(record[key])).sort();
  if (keys.length === 0) {
    yield "{}\n";
    return;
  }
  yield "{\n";
  for (const [i, key] of keys.entries()) {
    const item = record[key];
    const head = `  ${JSON.stringify(key)}: `;
    const tail = i === keys.length - 1 ? "\n" : ",\n";
    if (!Array.isArray(item) || item.length === 0) {
      yield `${head}${indent(JSON.stringify(sortKeys(item), null, 2), "  ")}${tail}`;
      continue;
    }
    yield `${head}[
`;
    for (const [k, element] of item.entries()) {
      const text = jsonValue(element) ? JSON.stringify(sortKeys(element), null, 2) : "null";
      yield `    ${indent(text, "    ")}${k === item.length - 1 ? "\n" : ",\n"}`;
    }
    yield `  ]${tail}`;
  }
  yield "}\n";
}
function jsonValue(v) {
  return v !== void 0 && typeof v !== "function" && typeof v !== "symbol";
}
function indent(text, pad) {
  return text.includes("\n") ? text.replaceAll("\n", `
${pad}`) : text;
}

// node_modules/diff/libesm/diff/base.js
var Diff = class {
  diff(oldStr, newStr, options = {}) {
    let callback;
    if (typeof options === "function") {
      callback = options;
      options = {};
    } else if ("callback" in options) {
      callback = options.callback;
    }
    const oldString = this.castInput(oldStr, options);
    const newString = this.castInput(newStr, options);
    const oldTokens = this.removeEmpty(this.tokenize(oldString, options));
    const newTokens = this.removeEmpty(this.tokenize(newString, options));
    return this.diffWithOptionsObj(oldTokens, newTokens, options, callback);
  }
  diffWithOptionsObj(oldTokens, newTokens, options, callback) {
    var _a;
    const done = (value) => {
      value = this.postProcess(value, options);
      if (callback) {
        setTimeout(function() {
          callback(value);
        }, 0);
        return void 0;
      } else {
        return value;
      }
    };
    const newLen = newTokens.length, oldLen = oldTokens.length;
    let editLength = 1;
    let maxEditLength = newLen + oldLen;
    if (options.maxEditLength != null) {
      maxEditLength = Math.min(maxEditLength, options.maxEditLength);
    }
    const maxExecutionTime = (_a = options.timeout) !== null && _a !== void 0 ? _a : Infinity;
    const abortAfterTimestamp = Date.now() + maxExecutionTime;
    const bestPath = [{ oldPos: -1, lastComponent: void 0 }];
    let newPos = this.extractCommon(bestPath[0], newTokens, oldTokens, 0, options);
    if (bestPath[0].oldPos + 1 >= oldLen && newPos + 1 >= newLen) {
      return done(this.buildValues(bestPath[0].lastComponent, newTokens, oldTokens));
    }
    let minDiagonalToConsider = -Infinity, maxDiagonalToConsider = Infinity;
    const execEditLength = () => {
      for (let diagonalPath = Math.max(minDiagonalToConsider, -editLength); diagonalPath <= Math.min(maxDiagonalToConsider, editLength); diagonalPath += 2) {
        let basePath;
        const removePath = bestPath[diagonalPath - 1], addPath = bestPath[diagonalPath + 1];
        if (removePath) {
          bestPath[diagonalPath - 1] = void 0;
        }
        let canAdd = false;
        if (addPath) {
          const addPathNewPos = addPath.oldPos - diagonalPath;
          canAdd = addPath && 0 <= addPathNewPos && addPathNewPos < newLen;
        }
        const canRemove = removePath && removePath.oldPos + 1 < oldLen;
        if (!canAdd && !canRemove) {
          bestPath[diagonalPath] = void 0;
          continue;
        }
        if (!canRemove || canAdd && removePath.oldPos < addPath.oldPos) {
          basePath = this.addToPath(addPath, true, false, 0, options);
        } else {
          basePath = this.addToPath(removePath, false, true, 1, options);
        }
        newPos = this.extractCommon(basePath, newTokens, oldTokens, diagonalPath, options);
        if (basePath.oldPos + 1 >= oldLen && newPos + 1 >= newLen) {
          return done(this.buildValues(basePath.lastComponent, newTokens, oldTokens)) || true;
        } else {
          bestPath[diagonalPath] = basePath;
          if (basePath.oldPos + 1 >= oldLen) {
            maxDiagonalToConsider = Math.min(maxDiagonalToConsider, diagonalPath - 1);
          }
          if (newPos + 1 >= newLen) {
            minDiagonalToConsider = Math.max(minDiagonalToConsider, diagonalPath + 1);
          }
        }
      }
      editLength++;
    };
    if (callback) {
      (function exec() {
        setTimeout(function() {
          if (editLength > maxEditLength || Date.now() > abortAfterTimestamp) {
            return callback(void 0);
          }
          if (!execEditLength()) {
            exec();
          }
        }, 0);
      })();
    } else {
      while (editLength <= maxEditLength && Date.now() <= abortAfterTimestamp) {
        const ret = execEditLength();
        if (ret) {
          return ret;
        }
      }
    }
  }
  addToPath(path, added, removed, oldPosInc, options) {
    const last = path.lastComponent;
    if (last && !options.oneChangePerToken && last.added === added && last.removed === removed) {
      return {
        oldPos: path.oldPos + oldPosInc,
        lastComponent: { count: last.count + 1, added, removed, previousComponent: last.previousComponent }
      };
    } else {
      return {
        oldPos: path.oldPos + oldPosInc,
        lastComponent: { count: 1, added, removed, previousComponent: last }
      };
    }
  }
  extractCommon(basePath, newTokens, oldTokens, diagonalPath, options) {
    const newLen = newTokens.length, oldLen = oldTokens.length;
    let oldPos = basePath.oldPos, newPos = oldPos - diagonalPath, commonCount = 0;
    while (newPos + 1 < newLen && oldPos + 1 < oldLen && this.equals(oldTokens[oldPos + 1], newTokens[newPos + 1], options)) {
      newPos++;
      oldPos++;
      commonCount++;
      if (options.oneChangePerToken) {
        basePath.lastComponent = { count: 1, previousComponent: basePath.lastComponent, added: false, removed: false };
      }
    }
    if (commonCount && !options.oneChangePerToken) {
      basePath.lastComponent = { count: commonCount, previousComponent: basePath.lastComponent, added: false, removed: false };
    }
    basePath.oldPos = oldPos;
    return newPos;
  }
  equals(left, right, options) {
    if (options.comparator) {
      return options.comparator(left, right);
    } else {
      return left === right || !!options.ignoreCase && left.toLowerCase() === right.toLowerCase();
    }
  }
  removeEmpty(array) {
    const ret = [];
    for (let i = 0; i < array.length; i++) {
      if (array[i]) {
        ret.push(array[i]);
      }
    }
    return ret;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  castInput(value, options) {
    return value;
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  tokenize(value, options) {
    return Array.from(value);
  }
  join(chars) {
    return chars.join("");
  }
  postProcess(changeObjects, options) {
    return changeObjects;
  }
  get useLongestToken() {
    return false;
  }
  buildValues(lastComponent, newTokens, oldTokens) {
    const components = [];
    let nextComponent;
    while (lastComponent) {
      components.push(lastComponent);
      nextComponent = lastComponent.previousComponent;
      delete lastComponent.previousComponent;
      lastComponent = nextComponent;
    }
    components.reverse();
    const componentLen = components.length;
    let componentPos = 0, newPos = 0, oldPos = 0;
    for (; componentPos < componentLen; componentPos++) {
      const component = components[componentPos];
      if (!component.removed) {
        if (!component.added && this.useLongestToken) {
          let value = newTokens.slice(newPos, newPos + component.count);
          value = value.map(function(value2, i) {
            const oldValue = oldTokens[oldPos + i];
            return oldValue.length > value2.length ? oldValue : value2;
          });
          component.value = this.join(value);
        } else {
          component.value = this.join(newTokens.slice(newPos, newPos + component.count));
        }
        newPos += component.count;
        if (!component.added) {
          oldPos += component.count;
        }
      } else {
        component.value = this.join(oldTokens.slice(oldPos, oldPos + component.count));
        oldPos += component.count;
      }
    }
    return components;
  }
};

// node_modules/diff/libesm/util/string.js
function longestCommonPrefix(str1, str2) {
  let i;
  for (i = 0; i < str1.length && i < str2.length; i++) {
    if (str1[i] != str2[i]) {
      return str1.slice(0, i);
    }
  }
  return str1.slice(0, i);
}
function longestCommonSuffix(str1, str2) {
  let i;
  if (!str1 || !str2 || str1[str1.length - 1] != str2[str2.length - 1]) {
    return "";
  }
  for (i = 0; i < str1.length && i < str2.length; i++) {
    if (str1[str1.length - (i + 1)] != str2[str2.length - (i + 1)]) {
      return str1.slice(-i);
    }
  }
  return str1.slice(-i);
}
function replacePrefix(string, oldPrefix, newPrefix) {
  if (string.slice(0, oldPrefix.length) != oldPrefix) {
    throw Error(`string ${JSON.stringify(string)} doesn't start with prefix ${JSON.stringify(oldPrefix)}; this is a bug`);
  }
  return newPrefix + string.slice(oldPrefix.length);
}
function replaceSuffix(string, oldSuffix, newSuffix) {
  if (!oldSuffix) {
    return string + newSuffix;
  }
  if (string.slice(-oldSuffix.length) != oldSuffix) {
    throw Error(`string ${JSON.stringify(string)} doesn't end with suffix ${JSON.stringify(oldSuffix)}; this is a bug`);
  }
  return string.slice(0, -oldSuffix.length) + newSuffix;
}
function removePrefix(string, oldPrefix) {
  return replacePrefix(string, oldPrefix, "");
}
function removeSuffix(string, oldSuffix) {
  return replaceSuffix(string, oldSuffix, "");
}
function maximumOverlap(string1, string2) {
  return string2.slice(0, overlapCount(string1, string2));
}
function overlapCount(a, b) {
  let startA = 0;
  if (a.length > b.length) {
    startA = a.length - b.length;
  }
  let endB = b.length;
  if (a.length < b.length) {
    endB = a.length;
  }
  const map = Array(endB);
  let k = 0;
  map[0] = 0;
  for (let j = 1; j < endB; j++) {
    if (b[j] == b[k]) {
      map[j] = map[k];
    } else {
      map[j] = k;
    }
    while (k > 0 && b[j] != b[k]) {
      k = map[k];
    }
    if (b[j] == b[k]) {
      k++;
    }
  }
  k = 0;
  for (let i = startA; i < a.length; i++) {
    while (k > 0 && a[i] != b[k]) {
      k = map[k];
    }
    if (a[i] == b[k]) {
      k++;
    }
  }
  return k;
}
function segment(string, segmenter) {
  const parts = [];
  for (const segmentObj of Array.from(segmenter.segment(string))) {
    const segment2 = segmentObj.segment;
    if (parts.length && /\s/.test(parts[parts.length - 1]) && /\s/.test(segment2)) {
      parts[parts.length - 1] += segment2;
    } else {
      parts.push(segment2);
    }
  }
  return parts;
}
function trailingWs(string, segmenter) {
  if (segmenter) {
    return leadingAndTrailingWs(string, segmenter)[1];
  }
  let i;
  for (i = string.length - 1; i >= 0; i--) {
    if (!string[i].match(/\s/)) {
      break;
    }
  }
  return string.substring(i + 1);
}
function leadingWs(string, segmenter) {
  if (segmenter) {
    return leadingAndTrailingWs(string, segmenter)[0];
  }
  const match = string.match(/^\s*/);
  return match ? match[0] : "";
}
function leadingAndTrailingWs(string, segmenter) {
  if (!segmenter) {
    return [leadingWs(string), trailingWs(string)];
  }
  if (segmenter.resolvedOptions().granularity != "word") {
    throw new Error('The segmenter passed must have a granularity of "word"');
  }
  const segments = segment(string, segmenter);
  const firstSeg = segments[0];
  const lastSeg = segments[segments.length - 1];
  const head = /\s/.test(firstSeg) ? firstSeg : "";
  const tail = /\s/.test(lastSeg) ? lastSeg : "";
  return [head, tail];
}

// node_modules/diff/libesm/diff/word.js
var extendedWordChars = "a-zA-Z0-9_\\u{AD}\\u{C0}-\\u{D6}\\u{D8}-\\u{F6}\\u{F8}-\\u{2C6}\\u{2C8}-\\u{2D7}\\u{2DE}-\\u{2FF}\\u{1E00}-\\u{1EFF}";
var tokenizeIncludingWhitespace = new RegExp(`[${extendedWordChars}]+|\\s+|[^${extendedWordChars}]`, "ug");
var WordDiff = class extends Diff {
  equals(left, right, options) {
    if (options.ignoreCase) {
      left = left.toLowerCase();
      right = right.toLowerCase();
    }
    return left.trim() === right.trim();
  }
  tokenize(value, options = {}) {
    let parts;
    if (options.intlSegmenter) {
      const segmenter = options.intlSegmenter;
      if (segmenter.resolvedOptions().granularity != "word") {
        throw new Error('The segmenter passed must have a granularity of "word"');
      }
      parts = segment(value, segmenter);
    } else {
      parts = value.match(tokenizeIncludingWhitespace) || [];
    }
    const tokens = [];
    let prevPart = null;
    parts.forEach((part) => {
      if (/\s/.test(part)) {
        if (prevPart == null) {
          tokens.push(part);
        } else {
          tokens.push(tokens.pop() + part);
        }
      } else if (prevPart != null && /\s/.test(prevPart)) {
        if (tokens[tokens.length - 1] == prevPart) {
          tokens.push(tokens.pop() + part);
        } else {
          tokens.push(prevPart + part);
        }
      } else {
        tokens.push(part);
      }
      prevPart = part;
    });
    return tokens;
  }
  join(tokens) {
    return tokens.map((token, i) => {
      if (i == 0) {
        return token;
      } else {
        return token.replace(/^\s+/, "");
      }
    }).join("");
  }
  postProcess(changes, options) {
    if (!changes || options.oneChangePerToken) {
      return changes;
    }
    let lastKeep = null;
    let insertion = null;
    let deletion = null;
    changes.forEach((change) => {
      if (change.added) {
        insertion = change;
      } else if (change.removed) {
        deletion = change;
      } else {
        if (insertion || deletion) {
          dedupeWhitespaceInChangeObjects(lastKeep, deletion, insertion, change, options.intlSegmenter);
        }
        lastKeep = change;
        insertion = null;
        deletion = null;
      }
    });
    if (insertion || deletion) {
      dedupeWhitespaceInChangeObjects(lastKeep, deletion, insertion, null, options.intlSegmenter);
    }
    return changes;
  }
};
var wordDiff = new WordDiff();
function dedupeWhitespaceInChangeObjects(startKeep, deletion, insertion, endKeep, segmenter) {
  if (deletion && insertion) {
    const [oldWsPrefix, oldWsSuffix] = leadingAndTrailingWs(deletion.value, segmenter);
    const [newWsPrefix, newWsSuffix] = leadingAndTrailingWs(insertion.value, segmenter);
    if (startKeep) {
      const commonWsPrefix = longestCommonPrefix(oldWsPrefix, newWsPrefix);
      startKeep.value = replaceSuffix(startKeep.value, newWsPrefix, commonWsPrefix);
      deletion.value = removePrefix(deletion.value, commonWsPrefix);
      insertion.value = removePrefix(insertion.value, commonWsPrefix);
    }
    if (endKeep) {
      const commonWsSuffix = longestCommonSuffix(oldWsSuffix, newWsSuffix);
      endKeep.value = replacePrefix(endKeep.value, newWsSuffix, commonWsSuffix);
      deletion.value = removeSuffix(deletion.value, commonWsSuffix);
      insertion.value = removeSuffix(insertion.value, commonWsSuffix);
    }
  } else if (insertion) {
    if (startKeep) {
      const ws = leadingWs(insertion.value, segmenter);
      insertion.value = insertion.value.substring(ws.length);
    }
    if (endKeep) {
      const ws = leadingWs(endKeep.value, segmenter);
      endKeep.value = endKeep.value.substring(ws.length);
    }
  } else if (startKeep && endKeep) {
    const newWsFull = leadingWs(endKeep.value, segmenter), [delWsStart, delWsEnd] = leadingAndTrailingWs(deletion.value, segmenter);
    const newWsStart = longestCommonPrefix(newWsFull, delWsStart);
    deletion.value = removePrefix(deletion.value, newWsStart);
    const newWsEnd = longestCommonSuffix(removePrefix(newWsFull, newWsStart), delWsEnd);
    deletion.value = removeSuffix(deletion.value, newWsEnd);
    endKeep.value = replacePrefix(endKeep.value, newWsFull, newWsEnd);
    startKeep.value = replaceSuffix(startKeep.value, newWsFull, newWsFull.slice(0, newWsFull.length - newWsEnd.length));
  } else if (endKeep) {
    const endKeepWsPrefix = leadingWs(endKeep.value, segmenter);
    const deletionWsSuffix = trailingWs(deletion.value, segmenter);
    const overlap = maximumOverlap(deletionWsSuffix, endKeepWsPrefix);
    deletion.value = removeSuffix(deletion.value, overlap);
  } else if (startKeep) {
    const startKeepWsSuffix = trailingWs(startKeep.value, segmenter);
    const deletionWsPrefix = leadingWs(deletion.value, segmenter);
    const overlap = maximumOverlap(startKeepWsSuffix, deletionWsPrefix);
    deletion.value = removePrefix(deletion.value, overlap);
  }
}
var WordsWithSpaceDiff = class extends Diff {
  tokenize(value) {
    const regex = new RegExp(`(\\r?\\n)|[${extendedWordChars}]+|[^\\S\\n\\r]+|[^${extendedWordChars}]`, "ug");
    return value.match(regex) || [];
  }
};
var wordsWithSpaceDiff = new WordsWithSpaceDiff();
function diffWordsWithSpace(oldStr, newStr, options) {
  return wordsWithSpaceDiff.diff(oldStr, newStr, options);
}

// node_modules/diff/libesm/diff/line.js
var LineDiff = class extends Diff {
  constructor() {
    super(...arguments);
    this.tokenize = tokenize;
  }
  equals(left, right, options) {
    if (options.ignoreWhitespace) {
      if (!options.newlineIsToken || !left.includes("\n")) {
        left = left.trim();
      }
      if (!options.newlineIsToken || !right.includes("\n")) {
        right = right.trim();
      }
    } else if (options.ignoreNewlineAtEof && !options.newlineIsToken) {
      if (left.endsWith("\n")) {
        left = left.slice(0, -1);
      }
      if (right.endsWith("\n")) {
        right = right.slice(0, -1);
      }
    }
    return super.equals(left, right, options);
  }
};
var lineDiff = new LineDiff();
function diffLines(oldStr, newStr, options) {
  return lineDiff.diff(oldStr, newStr, options);
}
function tokenize(value, options) {
  if (options.stripTrailingCr) {
    value = value.replace(/\r\n/g, "\n");
  }
  const retLines = [], linesAndNewlines = value.split(/(\n|\r\n)/);
  if (!linesAndNewlines[linesAndNewlines.length - 1]) {
    linesAndNewlines.pop();
  }
  for (let i = 0; i < linesAndNewlines.length; i++) {
    const line = linesAndNewlines[i];
    if (i % 2 && !options.newlineIsToken) {
      retLines[retLines.length - 1] += line;
    } else {
      retLines.push(line);
    }
  }
  return retLines;
}

// src/render/text-diff.ts
var CONTEXT = 40;
var LONG_TEXT = 120;
function wantsDiff(before, after) {
  if (typeof before !== "string" || typeof after !== "string") return false;
  return before.includes("\n") || after.includes("\n") || [...before].length > LONG_TEXT || [...after].length > LONG_TEXT;
}
function wordDiff2(before, after) {
  const parts = [];
  const changes = diffWordsWithSpace(before, after);
  changes.forEach((c, i) => {
    if (c.added) parts.push({ kind: "added", text: c.value });
    else if (c.removed) parts.push({ kind: "removed", text: c.value });
    else parts.push(...trimmed(c.value, i === 0, i === changes.length - 1));
  });
  return parts;
}
function lineDiff2(before, after) {
  const out = [];
  for (const c of diffLines(before, after)) {
    const kind = c.added ? "added" : c.removed ? "removed" : "same";
    const lines = c.value.replace(/\n$/, "").split("\n");
    for (const line of lines) out.push({ kind, line });
  }
  return out;
}
function trimmed(text, first, last) {
  const points = [...text];
  const keepHead = first ? 0 : CONTEXT;
  const keepTail = last ? 0 : CONTEXT;
  if (points.length <= keepHead + keepTail + 1) return [{ kind: "same", text }];
  const parts = [];
  if (keepHead > 0) parts.push({ kind: "same", text: points.slice(0, keepHead).join("") });
  parts.push({ kind: "elided", text: "\u2026" });
  if (keepTail > 0) parts.push({ kind: "same", text: points.slice(points.length - keepTail).join("") });
  return parts;
}

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
  return [...planTextChunks(plan, opts)].join("");
}
function* planTextChunks(plan, opts) {
  const paint = painter(opts.color);
  for (const change of plan.changes) yield `${changeLines(change, paint).join("\n")}

`;
  const lines = [];
  if (plan.summary.update > 0 || !plan.safety.safe) {
    const message = plan.safety.message ?? "";
    lines.push(
      plan.safety.safe ? `Safety: ${message}` : paint("red", paint("bold", `Refused without --force: ${message}`))
    );
    lines.push("");
  }
  for (const note of plan.notes) lines.push(`${paint("bold", "Note:")} ${visible(note)}`);
  if (plan.notes.length > 0) lines.push("");
  if (!plan.refreshed && plan.changes.length > 0) lines.push(comparedWithText(plan));
  lines.push(summaryLine(plan));
  yield `${lines.join("\n")}
`;
}
function noChangesText(plan) {
  if (plan.refreshed) return "No changes. The account matches the YAML files.";
  return `No changes against the last-applied state (${stateLabel(plan)}); the account was not read \u2014 \`fwsync plan --refresh\` compares with it.`;
}
function comparedWithText(plan) {
  return `Compared with the last-applied state (${stateLabel(plan)}); the account was not read \u2014 \`fwsync plan --refresh\` compares with it.`;
}
function stateLabel(plan) {
  return plan.state.exists ? `serial ${plan.state.serial}` : "no state file yet";
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
  const counts = `${s.applied} applied, ${s.recorded} recorded, ${s.forgotten} forgotten, ${s.failed} failed, ${s.not_attempted} not attempted` + (s.refused > 0 ? `, ${s.refused} refused` : "");
  const requests = `${result.requests} request${result.requests === 1 ? "" : "s"}`;
  if (result.interrupted) {
    lines.push(
      paint(
        "red",
        `Apply interrupted: ${counts} (${requests}). Confirmed images are recorded; run apply again for the rest.`
      )
    );
  } else if (result.complete && result.images.length === 0) {
    lines.push("Nothing to apply: the plan had no changes; nothing was sent.");
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
  if (s.refused > 0) {
    lines.push(
      `${s.refused} image${s.refused === 1 ? " was" : "s were"} refused and not recorded: the next plan shows ${s.refused === 1 ? "it" : "them"} again. \`fwsync apply --allow-product-removal\` sends images whose virtual inventory products the update removes.`
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
  not_attempted: { mark: "\xB7", style: "yellow", label: "not attempted" },
  refused: { mark: "!", style: "red", label: "refused" }
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
  const lines = [
    `${paint(style, `${mark} ${change.kind}`)} ${visible(change.guid)} (${where})${titleText(change)}${tail}`
  ];
  for (const field of change.fields) lines.push(`    ${field.field}: ${fieldText(change, field, paint)}`);
  if (change.productsSeen) {
    const { labels, seen_at } = change.productsSeen;
    lines.push(
      `    ${paint("yellow", `virtual inventory products when fwsync last read them (${seen_at.slice(0, 10)}):`)} ${labels.length > 0 ? labels.map(visible).join(", ") : "none"}`
    );
  }
  if (change.products && change.products.length > 0) {
    lines.push(
      `    ${paint("yellow", "virtual inventory products that may be removed:")} ${change.products.map(visible).join(", ")}`
    );
  }
  return lines;
}
function titleText(change) {
  const titleChange = change.fields.find((f) => f.field === "title");
  const now = change.kind === "forget" ? titleChange?.before : change.desired?.title ?? titleChange?.after;
  if (typeof now !== "string") return "";
  const was = change.kind !== "forget" && typeof titleChange?.before === "string" && titleChange.before !== now ? `, was ${formatValue(titleChange.before)}` : "";
  return ` ${formatValue(now)}${was}`;
}
function fieldText(change, field, paint) {
  if (wantsDiff(field.before, field.after) && change.kind !== "forget")
    return diffText(field.before, field.after, paint);
  const before = field.before === void 0 ? void 0 : paint("red", formatValue(field.before));
  const after = field.after === void 0 ? void 0 : paint("green", formatValue(field.after));
  if (change.kind === "adopt" && change.live === void 0 && after !== void 0) return after;
  if (change.kind === "forget" && before !== void 0) return before;
  return `${before ?? paint("dim", "(unset)")} \u2192 ${after ?? paint("dim", "(unset)")}`;
}
function summaryLine(plan) {
  const s = plan.summary;
  if (plan.changes.length === 0) return noChangesText(plan);
  const parts = [`${s.update} to update`, `${s.adopt} to adopt`];
  if (s.record > 0 || plan.refreshed) parts.push(`${s.record} to record`);
  parts.push(`${s.forget} to forget`, `${s.unchanged} unchanged`);
  const drifted = s.drifted > 0 ? ` ${s.drifted} drifted.` : "";
  return `Plan: ${parts.join(", ")}.${drifted}`;
}
function diffText(before, after, paint) {
  const show = (text) => text.split(/\r?\n/).map(visible).join("\u21B5\n      ");
  const out = wordDiff2(before, after).map((part) => {
    if (part.kind === "removed") return paint("red", `[-${show(part.text)}-]`);
    if (part.kind === "added") return paint("green", `{+${show(part.text)}+}`);
    if (part.kind === "elided") return paint("dim", part.text);
    return show(part.text);
  });
  return `(word diff) ${out.join("")}`;
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
  return showInvisible(text).replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
function painter(color) {
  return color ? (style, text) => `\x1B[${ANSI[style]}m${text}\x1B[0m` : (_style, text) => text;
}

// src/core/drift.ts
var import_fast_deep_equal = __toESM(require_fast_deep_equal(), 1);
var ALWAYS_MANAGED = ["title", "description"];
function managedFields(desired, applied) {
  return FIELD_NAMES.filter(
    (f) => ALWAYS_MANAGED.includes(f) || desired?.[f] !== void 0 || applied?.[f] !== void 0
  );
}
function isIdList(field) {
  return field === "assigned_personal_gallery_ids" || field === "assigned_gallery_subcategory_ids";
}
function sameValue(field, a, b) {
  if (isIdList(field) && Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const set = new Set(a);
    return b.every((x) => set.has(x));
  }
  return (0, import_fast_deep_equal.default)(a, b);
}
function projectLive(live, desired, applied) {
  const out = {};
  const unreported = [];
  for (const field of managedFields(desired, applied)) {
    const value = live[field];
    if (value === void 0) {
      if (!ALWAYS_MANAGED.includes(field)) unreported.push(field);
      const fallback = applied?.[field];
      if (fallback !== void 0) out[field] = copyValue(fallback);
      continue;
    }
    const reference = applied?.[field] ?? desired?.[field];
    out[field] = reference !== void 0 && sameValue(field, value, reference) ? copyValue(reference) : copyValue(value);
  }
  return { fields: out, unreported };
}
function changedOutside(live, applied) {
  return FIELD_NAMES.some((f) => applied[f] !== void 0 && !(0, import_fast_deep_equal.default)(live[f], applied[f]));
}
function desiredByGuid(desired, state) {
  const out = /* @__PURE__ */ new Map();
  for (const image of desired.images)
    out.set(image.guid, { fields: image.fields, file: image.file, line: image.line });
  for (const file of desired.files) {
    if (!file.skipped) continue;
    for (const guid of file.guids) {
      const applied = state?.images[guid]?.applied;
      if (!out.has(guid) && applied) out.set(guid, { fields: applied, file: file.path, line: null });
    }
  }
  return out;
}
function computeDrift(input) {
  const stateImages = input.state?.images ?? {};
  const wanted = desiredByGuid(input.desired, input.state);
  const guids = [.../* @__PURE__ */ new Set([...wanted.keys(), ...Object.keys(stateImages)])].sort(compareCodeUnits);
  const images = [];
  const unreportedCounts = /* @__PURE__ */ new Map();
  const summary = { checked: guids.length, in_sync: 0, drifted: 0, pending: 0, missing: 0 };
  for (const guid of guids) {
    const want = wanted.get(guid);
    const applied = stateImages[guid]?.applied;
    const where = want ? { file: want.file, line: want.line } : { file: stateImages[guid]?.source ?? null, line: null };
    const base = { guid, ...where, in_state: applied !== void 0, in_yaml: want !== void 0 };
    const raw = input.live.get(guid);
    if (raw === void 0) {
      images.push({ ...base, status: "missing", fields: [] });
      summary.missing += 1;
      continue;
    }
    const { fields: live, unreported } = projectLive(raw, want?.fields, applied);
    for (const f of unreported) unreportedCounts.set(f, (unreportedCounts.get(f) ?? 0) + 1);
    const fields = [];
    for (const field of managedFields(want?.fields, applied)) {
      if (unreported.includes(field)) continue;
      const l = live[field];
      const a = applied?.[field];
      const d = want?.fields[field];
      const outside = a !== void 0 && !sameValue(field, l, a);
      const pending = want !== void 0 && d !== void 0 && !sameValue(field, l, d);
      if (!outside && !pending) continue;
      const entry = { field, outside, pending };
      if (l !== void 0) entry.live = copyValue(l);
      if (a !== void 0) entry.applied = copyValue(a);
      if (d !== void 0) entry.desired = copyValue(d);
      fields.push(entry);
    }
    if (fields.length === 0) {
      summary.in_sync += 1;
      continue;
    }
    const status = fields.some((f) => f.outside) ? "drifted" : "pending";
    summary[status] += 1;
    images.push({ ...base, status, fields });
  }
  const notes = [];
  for (const field of FIELD_NAMES) {
    const n = unreportedCounts.get(field);
    if (n) {
      notes.push(
        `FinerWorks did not report ${field} for ${n} image${n === 1 ? "" : "s"} that set it; it was not compared.`
      );
    }
  }
  if (summary.missing > 0) {
    notes.push(
      `${summary.missing} image${summary.missing === 1 ? " is" : "s are"} not on the account (or not in ${input.library ? `library ${input.library}, the configured one` : "the configured library"}): deleted on FinerWorks, or a wrong guid or library.name in the config.`
    );
  }
  return {
    version: 1,
    ...input.library ? { library: input.library } : {},
    drift: summary.drifted + summary.missing > 0,
    summary,
    images,
    notes
  };
}

// src/adapters/finerworks-paging.ts
var PER_PAGE = 50;
var MAX_PAGES = 1e4;
var once = (attempt, stop) => attempt(stop);
async function guarded(fn) {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof FinerWorksError) throw toFwsyncError(error);
    throw error;
  }
}
async function listAll(api, opts) {
  const call = opts.call ?? once;
  const maxPages = opts.maxPages ?? MAX_PAGES;
  const seen = /* @__PURE__ */ new Set();
  const filters = opts.guids === void 0 ? [null] : chunk(unique(opts.guids), PER_PAGE);
  if (filters.length === 0) return [];
  const concurrency = opts.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`listAll: concurrency must be a whole number of at least 1, not ${concurrency}`);
  }
  const stop = new AbortController();
  let pages = 0;
  const readListing = async (filter) => {
    const out = [];
    for (let page = 1; ; page++) {
      pages += 1;
      if (pages > maxPages) {
        throw new FwsyncError("api", `list_images did not reach its last page after ${maxPages} pages`, {
          hint: "The server keeps answering full pages. Check api.base_url (or FINERWORKS_API_URL) and library in the config."
        });
      }
      const response = await guarded(
        () => call(
          (signal) => api.listImages(
            {
              library: { name: opts.library.name, site_id: opts.library.site_id },
              search_filter: "",
              guid_filter: filter,
              page_number: page,
              per_page: PER_PAGE,
              sort_field: "id",
              sort_direction: "ASC",
              upload_date_from: null,
              upload_date_to: null,
              list_products: opts.listProducts ?? false,
              active: null
            },
            signal
          ),
          stop.signal
        )
      );
      const images = Array.isArray(response.images) ? response.images : [];
      let fresh = 0;
      for (const image of images) {
        if (typeof image?.guid !== "string") continue;
        const guid = image.guid.toLowerCase();
        if (seen.has(guid)) continue;
        seen.add(guid);
        out.push({ ...image, guid });
        fresh += 1;
      }
      const perPage = typeof response.per_page === "number" && response.per_page > 0 ? Math.min(response.per_page, PER_PAGE) : PER_PAGE;
      const total = typeof response.count === "number" && Number.isFinite(response.count) ? response.count : null;
      opts.onPage?.({ page, images: images.length, read: seen.size, total });
      if (images.length < perPage) break;
      if (total !== null && page * perPage >= total) break;
      if (fresh === 0) {
        throw new FwsyncError(
          "api",
          `list_images page ${page} repeated images already read: the server ignores page_number`,
          {
            hint: "Check api.base_url (or FINERWORKS_API_URL); fwsync stops rather than read the same page forever."
          }
        );
      }
    }
    return out;
  };
  const results = [await readListing(filters[0])];
  let next = 1;
  const failures = [];
  const lane = async () => {
    while (next < filters.length && failures.length === 0) {
      const i = next++;
      try {
        results[i] = await readListing(filters[i]);
      } catch (error) {
        failures.push(error);
        stop.abort();
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, filters.length - 1) }, lane));
  if (failures.length > 0) throw failures[0];
  return results.flat();
}
function unique(guids) {
  return [...new Set(guids.map((g) => g.toLowerCase()))];
}
function chunk(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
async function countImages(api, opts) {
  const call = opts.call ?? once;
  const response = await guarded(
    () => call(
      (signal) => api.listImages(
        {
          library: { name: opts.library.name, site_id: opts.library.site_id },
          search_filter: "",
          guid_filter: null,
          page_number: 1,
          per_page: 1,
          sort_field: "id",
          sort_direction: "ASC",
          upload_date_from: null,
          upload_date_to: null,
          list_products: false,
          active: null
        },
        signal
      )
    )
  );
  if (typeof response.count === "number" && Number.isInteger(response.count) && response.count >= 0)
    return response.count;
  return Array.isArray(response.images) && response.images.length === 0 ? 0 : null;
}

// src/core/live-fields.ts
var MAX_TITLE = 256;
var MAX_DESCRIPTION = 1e4;
function liveFields(image) {
  const fields = {
    title: typeof image.title === "string" ? image.title : "",
    // The API may hold no description at all; fwsync's "no description" is "".
    description: typeof image.description === "string" ? image.description : ""
  };
  if (typeof image.active === "boolean") fields.visible = image.active;
  if (typeof image.rank === "number" && Number.isInteger(image.rank)) fields.rank = image.rank;
  if (isIntList(image.assigned_personal_gallery_ids))
    fields.assigned_personal_gallery_ids = [...image.assigned_personal_gallery_ids];
  if (isIntList(image.assigned_gallery_subcategory_ids))
    fields.assigned_gallery_subcategory_ids = [...image.assigned_gallery_subcategory_ids];
  return fields;
}
var MAX_RANK = 2147483647;
var MAX_IDS = 1e3;
function importedFields(image) {
  const fields = liveFields(image);
  const leftOut = [];
  if (fields.rank !== void 0 && (fields.rank < 0 || fields.rank > MAX_RANK)) {
    leftOut.push(`rank ${fields.rank} (the YAML needs 0\u2013${MAX_RANK})`);
    delete fields.rank;
  }
  for (const field of ["assigned_personal_gallery_ids", "assigned_gallery_subcategory_ids"]) {
    const ids = fields[field];
    if (ids === void 0) continue;
    const problem = ids.length > MAX_IDS ? `${ids.length} ids (at most ${MAX_IDS})` : new Set(ids).size !== ids.length ? "a repeated id" : ids.some((id) => id < 0 || id > Number.MAX_SAFE_INTEGER) ? "an id below 0 or above 2^53\u22121" : null;
    if (problem === null) continue;
    leftOut.push(`${field} (${problem})`);
    delete fields[field];
  }
  return { fields, leftOut };
}
function productLabel(product) {
  const text = (v) => typeof v === "string" && v.trim() !== "" ? v.trim() : null;
  const sku = text(product.sku) ?? text(product.product_code);
  const name = text(product.name);
  if (sku && name) return `${sku} (${name})`;
  return sku ?? name ?? "unnamed product";
}
function rejectReasons(image) {
  const reasons = [];
  const title = image.title;
  if (typeof title !== "string" || title === "")
    reasons.push("empty title (the YAML needs 1\u2013256 characters)");
  else if (codePoints(title) > MAX_TITLE)
    reasons.push(`title has ${codePoints(title)} characters (at most ${MAX_TITLE})`);
  if (typeof image.description === "string" && codePoints(image.description) > MAX_DESCRIPTION) {
    reasons.push(`description has ${codePoints(image.description)} characters (at most ${MAX_DESCRIPTION})`);
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(image.guid))
    reasons.push("the guid is not a UUID");
  return reasons;
}
function fieldRejectReason(field, value) {
  if (field === "title") {
    if (typeof value !== "string" || value === "") return "empty title (the YAML needs 1\u2013256 characters)";
    if (codePoints(value) > MAX_TITLE)
      return `title has ${codePoints(value)} characters (at most ${MAX_TITLE})`;
  }
  if (field === "description" && typeof value === "string" && codePoints(value) > MAX_DESCRIPTION) {
    return `description has ${codePoints(value)} characters (at most ${MAX_DESCRIPTION})`;
  }
  return null;
}
function isIntList(value) {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v));
}
function codePoints(text) {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

export {
  renderPlanJson,
  planJsonChunks,
  renderApplyResultJson,
  stableJson,
  wantsDiff,
  wordDiff2 as wordDiff,
  lineDiff2 as lineDiff,
  renderPlanText,
  planTextChunks,
  renderApplyResultText,
  formatValue,
  visible,
  painter,
  managedFields,
  sameValue,
  projectLive,
  changedOutside,
  desiredByGuid,
  computeDrift,
  once,
  guarded,
  listAll,
  unique,
  countImages,
  liveFields,
  importedFields,
  productLabel,
  rejectReasons,
  fieldRejectReason
};
