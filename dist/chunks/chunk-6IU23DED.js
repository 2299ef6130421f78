import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  resolveApiUrl
} from "./chunk-OE57REKD.js";
import {
  parseImagesText
} from "./chunk-4SBAGFFU.js";
import {
  loadConfig,
  shardFolderName
} from "./chunk-E7KC2WQN.js";
import {
  duplicateGuidIssues,
  toDesiredImages
} from "./chunk-U2ITD6M2.js";
import {
  createFinerWorksClient,
  readCredentials
} from "./chunk-AT44SEU4.js";
import {
  sortIssues
} from "./chunk-YSXB2OIR.js";
import {
  USER_AGENT
} from "./chunk-JRKJ7VIZ.js";
import {
  JsonSyntaxError,
  describeFsError,
  describeSchemaError,
  errorCode,
  nodeFs,
  openJournal,
  parseStrictJson,
  readJournal,
  removeJournal,
  stateValidators,
  writeAtomic
} from "./chunk-RUZFTCW2.js";
import {
  parseProfile
} from "./chunk-TQBHC6B2.js";
import {
  canonicalJson,
  compareCodeUnits,
  sha256,
  sortKeys
} from "./chunk-NAR3LMYI.js";
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";

// src/adapters/node-ports.ts
import { existsSync as existsSync2 } from "node:fs";
import { mkdir as mkdir3, readFile as readFile4 } from "node:fs/promises";
import path3 from "node:path";

// src/adapters/doctor-files.ts
import { readFile, unlink } from "node:fs/promises";
import path from "node:path";
var PROFILE_FILE = "api-profile.json";
var PROBE_JOURNAL_FILE = "doctor.journal";
var profilePath = (statePath) => path.join(path.dirname(statePath), PROFILE_FILE);
var journalPath = (statePath) => path.join(path.dirname(statePath), PROBE_JOURNAL_FILE);
async function readText(file) {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return null;
    throw new FwsyncError("input", `cannot read ${file}`, { cause: error });
  }
}
async function writeJson(file, value) {
  await nodeFs.mkdir(path.dirname(file), { recursive: true });
  await writeAtomic(nodeFs, file, Buffer.from(`${JSON.stringify(value, null, 2)}
`, "utf8"));
}
var nodeDoctorFiles = {
  profilePath,
  journalPath,
  async readProfile(statePath) {
    const file = profilePath(statePath);
    const text = await readText(file);
    if (text === null) return null;
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      data = void 0;
    }
    const parsed = parseProfile(data);
    if ("problem" in parsed) {
      throw new FwsyncError("input", `${file} is not an API profile (${parsed.problem})`, {
        hint: "Delete it and run `fwsync doctor --probe-image GUID` again to measure the account."
      });
    }
    return parsed.profile;
  },
  writeProfile: (statePath, profile) => writeJson(profilePath(statePath), profile),
  async readJournal(statePath) {
    const file = journalPath(statePath);
    const text = await readText(file);
    if (text === null) return null;
    try {
      const data = JSON.parse(text);
      if (data.version === 1 && typeof data.guid === "string" && typeof data.original?.title === "string")
        return data;
    } catch {
    }
    throw new FwsyncError("state", `${file} is not a doctor journal`, {
      hint: "It should hold the original values of the image an interrupted `fwsync doctor --probe-image` changed. Check that image on FinerWorks, then delete the file."
    });
  },
  writeJournal: (statePath, journal) => writeJson(journalPath(statePath), journal),
  async removeJournal(statePath) {
    await unlink(journalPath(statePath)).catch((error) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
};

// src/adapters/git.ts
var SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
async function git(cwd, args, opts = {}) {
  try {
    const { execa } = await import("./execa-G7OTOEZD.js");
    const r = await execa("git", args, {
      cwd,
      reject: false,
      stdin: "ignore",
      timeout: 1e4,
      // A prompt (credentials, pager) must never block an apply.
      env: { GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", GIT_OPTIONAL_LOCKS: "0" }
    });
    if (r.failed || r.exitCode !== 0) return null;
    return opts.raw === true ? r.stdout : r.stdout.trim();
  } catch {
    return null;
  }
}
async function headCommit(cwd) {
  const out = await git(cwd, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
  return out !== null && SHA.test(out) ? out : null;
}
async function uncommittedFiles(cwd, files) {
  if (files.length === 0) return [];
  const prefix = await git(cwd, ["rev-parse", "--show-prefix"]);
  if (prefix === null) return null;
  const out = await git(cwd, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...files], {
    raw: true
    // the status columns start with a space
  });
  if (out === null) return null;
  const changed = new Set(
    out.split("\0").filter((e) => e.length > 3).map((e) => e.slice(3))
  );
  return files.filter((f) => changed.has(`${prefix}${f}`));
}
var ACTIONS_BOT_AUTHOR = {
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com"
};
function gitAs(cwd, author) {
  const env = {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    GIT_TERMINAL_PROMPT: "0",
    GIT_EDITOR: "true"
  };
  return async (...args) => {
    const { execa } = await import("./execa-G7OTOEZD.js");
    const r = await execa("git", args, { cwd, env, reject: false, stdin: "ignore" });
    return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
}

// src/adapters/lock.ts
import { randomBytes } from "node:crypto";
import * as fsp from "node:fs/promises";
import os from "node:os";
import * as nodePath from "node:path";
var LOCK_DIR_NAME = ".fwsync.lock";
var INFO_FILE = "info.json";
async function acquireLock(stateDir, info, opts = {}) {
  const staleAfterMs = opts.staleAfterMs ?? 10 * 6e4;
  const heartbeatMs = opts.heartbeatMs ?? 6e4;
  const creatingGraceMs = opts.creatingGraceMs ?? 1e4;
  const now = opts.now ?? (() => /* @__PURE__ */ new Date());
  const hostname = opts.hostname ?? os.hostname();
  const lockDir = nodePath.join(stateDir, LOCK_DIR_NAME);
  const warnings = [];
  const mine = {
    pid: process.pid,
    hostname,
    started_at: now().toISOString(),
    command: info.command,
    ...info.runId === void 0 ? {} : { run_id: info.runId },
    token: randomBytes(12).toString("hex")
  };
  try {
    await fsp.mkdir(stateDir, { recursive: true });
  } catch (cause) {
    throw new FwsyncError("state", `cannot create the state folder ${stateDir} (${describeFsError(cause)})`, {
      cause
    });
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await fsp.mkdir(lockDir);
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
      await fsp.rm(lockDir, { recursive: true, force: true }).catch(() => void 0);
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
  const infoPath = nodePath.join(lockDir, INFO_FILE);
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
    await fsp.utimes(infoPath, t, t).then(
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
      const doomed = `${lockDir}.released-${randomBytes(6).toString("hex")}`;
      try {
        await fsp.rename(lockDir, doomed);
      } catch (cause) {
        if (errorCode(cause) === "ENOENT") return;
        throw new FwsyncError("state", `cannot remove the lock ${lockDir} (${describeFsError(cause)})`, {
          hint: `Delete the folder ${lockDir} by hand.`,
          cause
        });
      }
      await fsp.rm(doomed, { recursive: true, force: true }).catch(() => void 0);
    }
  };
}
async function writeInfo(lockDir, info) {
  const temp = nodePath.join(lockDir, `${INFO_FILE}.tmp`);
  await fsp.writeFile(temp, `${JSON.stringify(info, null, 2)}
`, { mode: 420 });
  await fsp.rename(temp, nodePath.join(lockDir, INFO_FILE));
}
async function readHolder(lockDir) {
  const infoPath = nodePath.join(lockDir, INFO_FILE);
  try {
    const [text, stat3] = await Promise.all([fsp.readFile(infoPath, "utf8"), fsp.stat(infoPath)]);
    return { info: parseInfo(text), seenMs: stat3.mtimeMs };
  } catch (cause) {
    if (errorCode(cause) !== "ENOENT") throw lockUnreadable(lockDir, cause);
  }
  try {
    const stat3 = await fsp.stat(lockDir);
    return { info: null, seenMs: stat3.mtimeMs };
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
  const doomed = `${lockDir}.stale-${randomBytes(6).toString("hex")}`;
  try {
    await fsp.rename(lockDir, doomed);
  } catch (cause) {
    if (errorCode(cause) === "ENOENT") return false;
    throw lockUnreadable(lockDir, cause);
  }
  await fsp.rm(doomed, { recursive: true, force: true }).catch(() => void 0);
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

// src/adapters/image-files.ts
import { readdir, readFile as readFile3, realpath, stat as stat2 } from "node:fs/promises";
import path2 from "node:path";

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

// src/adapters/image-files.ts
var MAX_FILE_BYTES = 4 * 1024 * 1024;
async function readImageFile(cwd, rel, stateEntry) {
  const fail = (code, message, hint, hash2 = "", p = { line: 1, column: 1 }) => ({
    source: { path: rel, hash: hash2, guids: [], skipped: false },
    images: [],
    issues: [{ file: rel, line: p.line, column: p.column, code, message, ...hint ? { hint } : {} }]
  });
  const abs = path2.resolve(cwd, rel);
  let bytes;
  try {
    const info = await stat2(abs);
    if (info.size > MAX_FILE_BYTES)
      return fail("file-too-large", tooLarge(info.size), "split the images over several files");
    bytes = await readFile3(abs);
  } catch (error) {
    const code = error.code;
    return fail(
      "file-unreadable",
      `the file cannot be read${typeof code === "string" ? ` (${code})` : ""}`,
      void 0
    );
  }
  if (bytes.byteLength > MAX_FILE_BYTES)
    return fail("file-too-large", tooLarge(bytes.byteLength), "split the images over several files");
  const hash = sha256(bytes);
  if (stateEntry && stateEntry.hash === hash) {
    return {
      // The state schema only admits lower-case guids, so the entry's strings are used as they are.
      source: { path: rel, hash, guids: stateEntry.guids, skipped: true },
      images: [],
      issues: []
    };
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = invalidUtf8Offset(bytes);
    return fail(
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
function repeatedGuidIssues(results) {
  const placeOf = (f, k) => {
    const r = results[f];
    if (r.source.skipped) return { guid: r.source.guids[k], file: r.source.path, line: null };
    const image = r.images[k];
    return { guid: image.guid, file: image.file, line: image.line };
  };
  const first = /* @__PURE__ */ new Map();
  const issues = [];
  for (let f = 0; f < results.length; f++) {
    const r = results[f];
    const count = r.source.skipped ? r.source.guids.length : r.images.length;
    for (let k = 0; k < count; k++) {
      const guid = r.source.skipped ? r.source.guids[k] : r.images[k].guid;
      const seen = first.get(guid);
      if (seen === void 0) first.set(guid, f * PER_FILE + k);
      else
        issues.push(
          ...duplicateGuidIssues([placeOf(Math.floor(seen / PER_FILE), seen % PER_FILE), placeOf(f, k)])
        );
    }
  }
  return issues;
}
async function parseSkippedDuplicates(cwd, results) {
  const seen = /* @__PURE__ */ new Set();
  const repeated = /* @__PURE__ */ new Set();
  for (const r of results) {
    for (const guid of r.source.skipped ? r.source.guids : r.images.map((i) => i.guid)) {
      if (seen.has(guid)) repeated.add(guid);
      seen.add(guid);
    }
  }
  let parsed = false;
  for (let f = 0; f < results.length; f++) {
    const r = results[f];
    if (!r.source.skipped || !r.source.guids.some((g) => repeated.has(g))) continue;
    results[f] = await readImageFile(cwd, r.source.path, void 0);
    parsed = true;
  }
  return parsed;
}
var PER_FILE = 2 ** 20;
function tooLarge(size) {
  return `the file is too large (${size} bytes; at most ${MAX_FILE_BYTES})`;
}
var DEFAULT_MAX_FILES = 1e4;
async function insideWorkingDirectory(cwd, rels, issues) {
  const root = await realpath(cwd);
  const folders = /* @__PURE__ */ new Map();
  const realFolder = (dir) => {
    let real = folders.get(dir);
    if (real === void 0) {
      real = realpath(path2.join(cwd, dir)).catch(() => null);
      folders.set(dir, real);
    }
    return real;
  };
  const kept = [];
  for (const rel of rels) {
    const folder = await realFolder(path2.posix.dirname(rel));
    const real = folder === null ? null : path2.join(folder, path2.posix.basename(rel));
    if (real !== null && (real === root || real.startsWith(root + path2.sep))) {
      kept.push(rel);
      continue;
    }
    issues.push({
      file: rel,
      line: 1,
      column: 1,
      code: "path-outside",
      message: real === null ? "a symbolic link whose target does not exist; it is not read" : "a symbolic link to a file outside the working directory; it is not read",
      hint: "image files must live inside the repository: replace the link with the file itself"
    });
  }
  return kept;
}
async function escapingLinks(cwd, patterns) {
  const { glob } = await import("./dist-2OWE5MWS.js");
  const picomatch = (await import("./picomatch-XDSYGVWE.js")).default;
  const root = await realpath(cwd);
  const matches = picomatch([...patterns], { dot: false });
  const issues = [];
  const bases = [...new Set(patterns.map((pattern) => picomatch.scan(pattern).base))];
  const dirs = /* @__PURE__ */ new Set([""]);
  for (const base of bases) {
    const under = await glob(base === "" ? "**" : `${base}/**`, {
      cwd,
      onlyDirectories: true,
      followSymbolicLinks: false,
      expandDirectories: false
    });
    for (const dir of [base, ...under.map((d) => d.replace(/\/$/, ""))]) dirs.add(dir);
  }
  for (const dir of dirs) {
    const entries = await readdir(path2.join(cwd, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isSymbolicLink()) continue;
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      const real = await realpath(path2.join(cwd, rel)).catch(() => null);
      if (real !== null && (real === root || real.startsWith(root + path2.sep))) continue;
      if (!matches(rel) && !matches(`${rel}/x.yaml`) && !matches(`${rel}/x/x.yaml`)) continue;
      issues.push({
        file: rel,
        line: 1,
        column: 1,
        code: "path-outside",
        message: "a symbolic link to a place outside the working directory; it is not read",
        hint: "image files must live inside the repository: replace the link with the files themselves"
      });
    }
  }
  return issues;
}
async function readDesired(opts) {
  const { glob } = await import("./dist-2OWE5MWS.js");
  const issues = [];
  const matched = /* @__PURE__ */ new Set();
  const groups = /* @__PURE__ */ new Map();
  for (const pattern of opts.patterns) {
    const files2 = await glob(pattern, {
      cwd: opts.cwd,
      dot: false,
      onlyFiles: true,
      expandDirectories: false,
      // A link to a folder elsewhere (`images/root -> /`) is not walked into.
      followSymbolicLinks: false
    });
    const key = pattern.replace(/\.ya?ml$/i, ".yaml");
    const group = groups.get(key) ?? { patterns: [], count: 0 };
    group.patterns.push(pattern);
    group.count += files2.length;
    groups.set(key, group);
    for (const f of files2) matched.add(f.split(path2.sep).join("/"));
  }
  for (const group of groups.values()) {
    if (group.count > 0) continue;
    issues.push({
      file: opts.configFile ?? group.patterns[0],
      line: 1,
      column: 1,
      code: "glob-no-match",
      message: `${group.patterns.map((p) => `"${p}"`).join(" and ")} ${group.patterns.length > 1 ? "match" : "matches"} no file`,
      // Most often met in a new repository: say how to get the first file, not only the globs.
      hint: "no image files yet? `fwsync import` writes them from the account (in a new repository, `fwsync init` first), or write one under images/; otherwise check the `images` globs in the config (relative to the working directory)"
    });
  }
  if (opts.patterns.length === 0) {
    issues.push({
      file: opts.configFile ?? ".",
      line: 1,
      column: 1,
      code: "no-image-files",
      message: "no image file patterns are configured"
    });
  }
  const maxFiles = opts.maxFiles ?? DEFAULT_MAX_FILES;
  if (matched.size > maxFiles) {
    throw new FwsyncError(
      "input",
      `the image globs match ${matched.size} files, more than safety.max_image_files (${maxFiles})`,
      {
        hint: "Check the `images` globs in the config; raise safety.max_image_files if the catalogue really has that many files."
      }
    );
  }
  const paths = await insideWorkingDirectory(opts.cwd, [...matched].sort(), issues);
  issues.push(...await escapingLinks(opts.cwd, opts.patterns));
  const results = await mapLimited(
    paths,
    READ_CONCURRENCY,
    (rel) => readImageFile(opts.cwd, rel, opts.stateFiles?.[rel])
  );
  let duplicates = repeatedGuidIssues(results);
  if (duplicates.length > 0 && await parseSkippedDuplicates(opts.cwd, results))
    duplicates = repeatedGuidIssues(results);
  const images = [];
  const files = [];
  for (const r of results) {
    files.push(r.source);
    issues.push(...r.issues);
    images.push(...r.images);
  }
  issues.push(...duplicates);
  images.sort((a, b) => a.guid < b.guid ? -1 : a.guid > b.guid ? 1 : 0);
  return { desired: { images, files }, issues: sortIssues(issues) };
}
var READ_CONCURRENCY = 4;
async function mapLimited(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// src/adapters/state-store.ts
import { createHash as createHash3, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir as mkdir2, writeFile as writeFile2 } from "node:fs/promises";
import * as nodePath5 from "node:path";

// src/adapters/state-shards.ts
import { createHash } from "node:crypto";
import * as nodePath2 from "node:path";
var SHARDED_VERSION = 2;
var readShardsByPath = /* @__PURE__ */ new Map();
function rememberReadShard(statePath, kind, prefixLength, prefix, bytes, digest, entries) {
  let byKind = readShardsByPath.get(statePath);
  if (!byKind) readShardsByPath.set(statePath, byKind = {});
  let set = byKind[kind];
  if (!set || set.prefix !== prefixLength) set = byKind[kind] = { prefix: prefixLength, shards: /* @__PURE__ */ new Map() };
  const keys = Object.keys(entries);
  const frame = shardHeader(kind, prefix).length + 1 + 4;
  const lineBytes = bytes.byteLength - frame - 2 * Math.max(0, keys.length - 1) + 2 * keys.length;
  set.shards.set(prefix, { digest, lineBytes, keys, entries: keys.map((k) => entries[k]) });
}
function readShardsFor(statePath, kind, current) {
  const set = readShardsByPath.get(statePath)?.[kind];
  if (!set || !current || current.prefix !== set.prefix) return null;
  const shards = /* @__PURE__ */ new Map();
  for (const [prefix, shard] of set.shards)
    if (current.shards[prefix] === shard.digest) shards.set(prefix, shard);
  return { prefix: set.prefix, shards };
}
function shardHeader(kind, prefix) {
  return `{"version":${SHARDED_VERSION},"kind":"${kind}","prefix":"${prefix}","entries":{`;
}
var SHARD_TARGET_BYTES = 512 * 1024;
var MAX_PREFIX = 4;
function shardDir(statePath) {
  return nodePath2.join(nodePath2.dirname(statePath), shardFolderName(nodePath2.basename(statePath)));
}
function posixShardDir(statePath) {
  return shardDir(statePath).split(nodePath2.sep).join("/");
}
function shardFileName(kind, prefix, digest) {
  return `${kind}-${prefix}-${digest.slice("sha256:".length, "sha256:".length + 16)}.json`;
}
var SHARD_FILE_RE = /^(images|files)-[0-9a-f]{1,4}-[0-9a-f]{16}\.json$/;
function shardKey(kind, key, entry) {
  if (kind === "files") return sha256Hex(key);
  const source = entry?.source;
  return imageShardKey(key, typeof source === "string" ? source : "");
}
function imageShardKey(guid, source) {
  return `${sourceDigits(source)}${guid.replaceAll("-", "")}`;
}
function imageShardPrefix(guid, source, length) {
  const digits = sourceDigits(source);
  return length <= 2 ? digits.slice(0, length) : digits + guid.slice(0, Math.min(length - 2, 8));
}
var sourceCache = /* @__PURE__ */ new Map();
function sourceDigits(source) {
  let digits = sourceCache.get(source);
  if (digits === void 0) {
    if (sourceCache.size > 1e5) sourceCache.clear();
    digits = sha256Hex(source).slice(0, 2);
    sourceCache.set(source, digits);
  }
  return digits;
}
function sha256Hex(text) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
function buildShards(kind, record, minPrefix, read = null) {
  const keys = Object.keys(record).sort(compareCodeUnits);
  const start = Math.min(Math.max(1, minPrefix), MAX_PREFIX);
  if (read && read.prefix === start) {
    const reused = reuseShards(kind, record, keys, start, read);
    if (reused) return reused;
  }
  const lines = keys.map((key) => {
    const line = entryLine(key, record[key]);
    return { key, at: shardKey(kind, key, record[key]), line, bytes: Buffer.byteLength(line, "utf8") + 2 };
  });
  let prefix = start;
  while (prefix < MAX_PREFIX && largestShard(lines, prefix) > SHARD_TARGET_BYTES) prefix += 1;
  const groups = groupByPrefix(lines, (l) => l.at.slice(0, prefix));
  const shards = [...groups].map(
    ([p, group]) => serializeShard(
      kind,
      p,
      group.map((l) => l.key),
      group.map((l) => l.line)
    )
  );
  return { set: shardSetOf(prefix, keys.length, shards), shards };
}
function entryLine(key, entry) {
  return `${JSON.stringify(key)}:${JSON.stringify(sortKeys(entry))}`;
}
function groupByPrefix(items, prefixOf) {
  const groups = /* @__PURE__ */ new Map();
  for (const item of items) {
    const p = prefixOf(item);
    const group = groups.get(p);
    if (group) group.push(item);
    else groups.set(p, [item]);
  }
  return new Map([...groups].sort(([a], [b]) => compareCodeUnits(a, b)));
}
function shardSetOf(prefix, count, shards) {
  const digests = {};
  const counts = {};
  for (const shard of shards) {
    digests[shard.prefix] = shard.digest;
    counts[shard.prefix] = shard.keys.length;
  }
  return { prefix, count, shards: digests, counts };
}
function serializeShard(kind, prefix, keys, lines) {
  const bytes = Buffer.from(`${shardHeader(kind, prefix)}
${lines.join(",\n")}
}}
`, "utf8");
  const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  return { kind, prefix, keys, bytes, digest };
}
function reuseShards(kind, record, keys, prefix, read) {
  const groups = groupByPrefix(keys, (key) => shardKey(kind, key, record[key]).slice(0, prefix));
  const shards = [];
  for (const [p, group] of groups) {
    const known = read.shards.get(p);
    if (known && known.keys.length === group.length && group.every((key, i) => known.keys[i] === key && known.entries[i] === record[key])) {
      if (known.lineBytes > SHARD_TARGET_BYTES && prefix < MAX_PREFIX) return null;
      shards.push({ kind, prefix: p, keys: group, bytes: null, digest: known.digest });
      continue;
    }
    const lines = group.map((key) => entryLine(key, record[key]));
    const size = lines.reduce((sum, line) => sum + Buffer.byteLength(line, "utf8") + 2, 0);
    if (size > SHARD_TARGET_BYTES && prefix < MAX_PREFIX) return null;
    shards.push(serializeShard(kind, p, group, lines));
  }
  return { set: shardSetOf(prefix, keys.length, shards), shards };
}
function largestShard(lines, prefix) {
  const sizes = /* @__PURE__ */ new Map();
  let largest = 0;
  for (const { at, bytes } of lines) {
    const p = at.slice(0, prefix);
    const size = (sizes.get(p) ?? 0) + bytes;
    sizes.set(p, size);
    if (size > largest) largest = size;
  }
  return largest;
}
function manifestShardFiles(manifest) {
  return manifestShards(manifest).map((s) => s.file);
}
function manifestShards(manifest) {
  const out = [];
  for (const kind of ["images", "files"]) {
    for (const [prefix, digest] of Object.entries(manifest[kind].shards)) {
      out.push({ file: shardFileName(kind, prefix, digest), digest });
    }
  }
  return out;
}
function shardsNamedBy(text) {
  if (text === null) return [];
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const m = value;
  if (typeof m !== "object" || m === null || m.version !== SHARDED_VERSION) return [];
  const setOk = (set) => typeof set === "object" && set !== null && typeof set.shards === "object" && set.shards !== null && Object.values(set.shards).every((d) => typeof d === "string" && d.startsWith("sha256:"));
  if (!setOk(m.images) || !setOk(m.files)) return [];
  return manifestShards(m).filter((s) => SHARD_FILE_RE.test(s.file));
}

// src/adapters/state-write-checks.ts
import * as nodePath3 from "node:path";
var STATE_KEYS = /* @__PURE__ */ new Set(["version", "lineage", "serial", "images", "files"]);
function validateForWrite(path4, manifest, state, shards) {
  const refuse = (what) => new FwsyncError("state", `refusing to write an invalid state to ${path4}: ${what}`, {
    hint: "This is a bug in fwsync; the previous state file was left unchanged. Please report it."
  });
  const extra = Object.keys(state).find((k) => !STATE_KEYS.has(k));
  if (extra !== void 0)
    throw refuse(`at the top level: must NOT have additional properties (${JSON.stringify(extra)})`);
  if (state.version !== 1) throw refuse("at /version: must be equal to constant");
  const validateManifest = stateValidators().manifest;
  if (!validateManifest(manifest)) throw refuse(describeSchemaError(validateManifest.errors));
  for (const shard of shards) {
    const validateShard = shard.kind === "images" ? stateValidators().imagesShard : stateValidators().filesShard;
    const entries = {};
    const record = state[shard.kind];
    for (const key of shard.keys) entries[key] = record[key];
    const data = { version: SHARDED_VERSION, kind: shard.kind, prefix: shard.prefix, entries };
    if (!validateShard(data)) {
      const error = validateShard.errors?.[0];
      const where = error?.instancePath.replace(/^\/entries/, `/${shard.kind}`);
      throw refuse(describeSchemaError(error ? [{ ...error, instancePath: where ?? "" }] : null));
    }
  }
}
async function removeUnusedShards(fs, dir, manifest, previous) {
  const keep = /* @__PURE__ */ new Set([...manifestShardFiles(manifest), ...previous ? manifestShardFiles(previous) : []]);
  let names;
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (SHARD_FILE_RE.test(name) && !keep.has(name))
      await fs.unlink(nodePath3.join(dir, name)).catch(() => void 0);
  }
}
async function exists(fs, file) {
  try {
    await fs.readFile(file);
    return true;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return false;
    throw error;
  }
}
function checkExpected(path4, expected, current) {
  const rerun = "Another run wrote the state since this one read it. Run `fwsync plan` again and review the new plan.";
  if (expected === null) {
    if (current) {
      throw new FwsyncError(
        "refused",
        `a state file appeared at ${path4} since plan (lineage ${current.lineage}, serial ${current.serial})`,
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
      `the state file ${path4} was removed since plan (it had serial ${expected.serial})`,
      {
        hint: `Restore it (\`git checkout -- ${path4}\` or from ${path4}.backup) and run \`fwsync plan\` again.`
      }
    );
  }
  if (current.lineage !== expected.lineage) {
    throw new FwsyncError(
      "refused",
      `the state file ${path4} now has lineage ${current.lineage}, not ${expected.lineage} as at plan`,
      {
        hint: "It was replaced by an unrelated state (another repository, or a rebuilt one). Check which file is right; fwsync will not overwrite it."
      }
    );
  }
  if (current.serial !== expected.serial) {
    throw new FwsyncError(
      "refused",
      `state changed since plan: serial ${expected.serial} \u2192 ${current.serial} (${path4})`,
      {
        hint: rerun
      }
    );
  }
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

// src/adapters/state-read.ts
import { createHash as createHash2 } from "node:crypto";
import * as nodePath4 from "node:path";
var MAX_STATE_BYTES = 256 * 1024 * 1024;
var RESTORE_HINT = (path4) => `Restore it from git (\`git log -- ${path4}\`, then \`git checkout <commit> -- ${path4}\`) or from ${path4}.backup. fwsync never reads a broken state as "nothing applied", because that would re-send every image.`;
function decodeTrusted(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}
function parseUntrustedJson(bytes, path4, what) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    const at = invalidUtf8Offset(bytes);
    const line = countNewlines(bytes, at) + 1;
    throw new FwsyncError("state", `the ${what} ${path4} is not valid UTF-8 (byte ${at}, line ${line})`, {
      hint: RESTORE_HINT(path4),
      cause
    });
  }
  try {
    return parseStrictJson(text);
  } catch (cause) {
    const marker = /^(<{7}|={7}|>{7})(?: |$)/m.exec(text);
    if (marker) {
      const line = text.slice(0, marker.index).split("\n").length;
      throw new FwsyncError(
        "state",
        `the ${what} ${path4} contains a git merge conflict marker at line ${line}`,
        {
          hint: `Resolve the merge conflict: keep the side with the higher "serial" (or the state on your default branch) and remove the conflict markers, e.g. \`git checkout --theirs -- ${path4}\`; then run \`fwsync plan --refresh\` to check it against the account.`,
          cause
        }
      );
    }
    if (cause instanceof JsonSyntaxError) {
      throw new FwsyncError("state", `the ${what} ${path4} is not valid JSON: ${cause.message}`, {
        hint: RESTORE_HINT(path4),
        cause
      });
    }
    throw cause;
  }
}
var SHARDS_IN_FLIGHT = 8;
async function readShards(fs, path4, manifest, sealed) {
  const staged = await readFileShards(fs, path4, manifest, sealed);
  return (await staged.images([])).state;
}
function stagedFromState(state) {
  return {
    lineage: state.lineage,
    serial: state.serial,
    files: state.files,
    images: () => Promise.resolve({ state, tracked: Object.keys(state.images).length, shardsRead: 0 })
  };
}
async function readFileShards(fs, path4, manifest, sealed) {
  const dir = shardDir(path4);
  let trusted = sealed;
  let shardsRead = 0;
  const read = async (kind, wanted) => {
    const set = manifest[kind];
    const prefixes = Object.keys(set.shards).sort(compareCodeUnits).filter(wanted);
    const out = {};
    for (let i = 0; i < prefixes.length; i += SHARDS_IN_FLIGHT) {
      const files2 = await Promise.all(
        prefixes.slice(i, i + SHARDS_IN_FLIGHT).map(async (prefix) => {
          const file = nodePath4.join(dir, shardFileName(kind, prefix, set.shards[prefix]));
          return { prefix, file, bytes: await readShardFile(fs, path4, file) };
        })
      );
      for (const { prefix, file, bytes } of files2) {
        shardsRead += 1;
        const digest = `sha256:${createHash2("sha256").update(bytes).digest("hex")}`;
        let entries;
        if (sealed && digest === set.shards[prefix]) {
          entries = JSON.parse(decodeTrusted(bytes)).entries;
          rememberReadShard(path4, kind, set.prefix, prefix, bytes, digest, entries);
        } else {
          trusted = false;
          entries = parseUntrustedShard(bytes, file, path4, kind, prefix, set.prefix);
        }
        let inShard = 0;
        for (const key in entries) {
          out[key] = entries[key];
          inShard += 1;
        }
        if (inShard !== set.counts[prefix]) {
          throw new FwsyncError(
            "state",
            `the state shard ${file} holds ${inShard} entries but the state ${path4} lists ${set.counts[prefix] ?? 0} for it`,
            { hint: RESTORE_HINT(path4) }
          );
        }
      }
    }
    return out;
  };
  checkShardSet(path4, "images", manifest.images);
  checkShardSet(path4, "files", manifest.files);
  const filesRead = await read("files", () => true);
  const files = {};
  for (const key of Object.keys(filesRead).sort(compareCodeUnits)) files[key] = filesRead[key];
  const filesTrusted = trusted;
  return {
    lineage: manifest.lineage,
    serial: manifest.serial,
    // A files entry lets a plan skip a file, so only entries fwsync wrote as they are count.
    files: filesTrusted ? files : {},
    async images(skipped) {
      const set = manifest.images;
      const accounted = /* @__PURE__ */ new Map();
      if (filesTrusted) {
        for (const file of skipped) {
          if (set.prefix <= 2) {
            const p = imageShardPrefix("", file.path, set.prefix);
            accounted.set(p, (accounted.get(p) ?? 0) + file.guids.length);
            continue;
          }
          for (const guid of file.guids) {
            const p = imageShardPrefix(guid, file.path, set.prefix);
            accounted.set(p, (accounted.get(p) ?? 0) + 1);
          }
        }
      }
      const images = await read("images", (p) => accounted.get(p) !== set.counts[p]);
      const state = { version: 1, lineage: manifest.lineage, serial: manifest.serial, images, files };
      return { state: trusted ? state : dropUntrustedFileEntries(state), tracked: set.count, shardsRead };
    }
  };
}
function checkShardSet(path4, kind, set) {
  const prefixes = Object.keys(set.shards);
  const total = Object.values(set.counts).reduce((sum, n) => sum + n, 0);
  if (prefixes.length !== Object.keys(set.counts).length || prefixes.some((p) => !Object.hasOwn(set.counts, p)) || total !== set.count) {
    throw new FwsyncError(
      "state",
      `the state ${path4} lists ${set.count} ${kind === "images" ? "images" : "image-file entries"} in ${prefixes.length} shards, but its shard counts add up to ${total} in ${Object.keys(set.counts).length}`,
      { hint: RESTORE_HINT(path4) }
    );
  }
}
async function readShardFile(fs, statePath, file) {
  try {
    return await fs.readFile(file);
  } catch (cause) {
    const missing = errorCode(cause) === "ENOENT";
    throw new FwsyncError(
      "state",
      missing ? `the state ${statePath} names the shard ${file}, which is missing` : `cannot read the state shard ${file} (${describeFsError(cause)})`,
      {
        hint: missing ? `Every file in ${shardDir(statePath)} that the state names must be committed with it. ${RESTORE_HINT(statePath)}` : "Check that you may read the folder of the state file.",
        cause
      }
    );
  }
}
function parseUntrustedShard(bytes, file, statePath, kind, prefix, prefixLength) {
  const problem = (what) => new FwsyncError("state", `the state shard ${file} ${what}`, {
    hint: `The state is written by fwsync and should not be edited by hand. ${RESTORE_HINT(statePath)}`
  });
  if (bytes.byteLength > MAX_STATE_BYTES)
    throw problem(`is ${bytes.byteLength} bytes, more than fwsync ever writes`);
  const data = parseUntrustedJson(bytes, file, "state shard");
  const validate = kind === "images" ? stateValidators().imagesShard : stateValidators().filesShard;
  if (!validate(data)) throw problem(`is invalid ${describeSchemaError(validate.errors)}`);
  const shard = data;
  if (shard.kind !== kind || shard.prefix !== prefix) {
    throw problem(
      `says it holds ${shard.kind} under "${shard.prefix}", but the state names it for ${kind} under "${prefix}"`
    );
  }
  if (prefix.length !== prefixLength) {
    throw problem(`has a prefix of ${prefix.length} digits, but the state shards by ${prefixLength}`);
  }
  for (const [key, entry] of Object.entries(shard.entries)) {
    const at = shardKey(kind, key, entry);
    if (!at.startsWith(prefix)) {
      throw problem(
        `holds ${JSON.stringify(key)}, which belongs in the shard for "${at.slice(0, prefixLength)}"`
      );
    }
  }
  return shard.entries;
}
function dropUntrustedFileEntries(state) {
  for (const [file, entry] of Object.entries(state.files)) {
    if (!entry.guids.every((guid) => Object.hasOwn(state.images, guid))) delete state.files[file];
  }
  return state;
}
function newerVersion(path4, version) {
  return new FwsyncError(
    "state",
    `the state file ${path4} has version ${String(version)}: it was written by a newer fwsync`,
    {
      hint: `This fwsync reads state versions 1 and ${SHARDED_VERSION}. Upgrade fwsync to the version that wrote it.`
    }
  );
}
async function readIfExists(fs, path4) {
  try {
    return await fs.readFile(path4);
  } catch (cause) {
    if (errorCode(cause) === "ENOENT") return null;
    throw new FwsyncError("state", `cannot read the state file ${path4} (${describeFsError(cause)})`, {
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

// src/adapters/state-store.ts
var MAX_STATE_BYTES2 = 256 * 1024 * 1024;
async function readState(path4) {
  const bytes = await readIfExists(nodeFs, path4);
  if (bytes === null) return { state: null, bytes: null };
  const file = parseStateFile(bytes, path4);
  if (file.version === 1) return { state: file.state, bytes };
  return { state: await readShards(nodeFs, path4, file.manifest, file.sealed), bytes };
}
async function readStateStaged(path4) {
  const bytes = await readIfExists(nodeFs, path4);
  if (bytes === null) return null;
  const file = parseStateFile(bytes, path4);
  if (file.version === 2) return readFileShards(nodeFs, path4, file.manifest, file.sealed);
  return stagedFromState(file.state);
}
function parseStateFile(bytes, path4) {
  if (bytes.byteLength === 0) {
    throw new FwsyncError("state", `the state file ${path4} is empty (0 bytes)`, { hint: RESTORE_HINT(path4) });
  }
  if (bytes.byteLength > MAX_STATE_BYTES2) {
    throw new FwsyncError(
      "state",
      `the state file ${path4} is ${bytes.byteLength} bytes, more than fwsync ever writes`,
      {
        hint: RESTORE_HINT(path4)
      }
    );
  }
  if (sealMatches(bytes)) {
    const data2 = JSON.parse(decodeTrusted(bytes));
    delete data2.checksum;
    if (data2.version === 1) return { version: 1, state: data2, sealed: true };
    if (data2.version === SHARDED_VERSION) return { version: 2, manifest: data2, sealed: true };
    throw newerVersion(path4, data2.version);
  }
  const data = parseUntrustedJson(bytes, path4, "state file");
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new FwsyncError("state", `the state file ${path4} is not a JSON object`, {
      hint: RESTORE_HINT(path4)
    });
  }
  const version = data["version"];
  if (typeof version === "number" && Number.isInteger(version) && version > SHARDED_VERSION) {
    throw newerVersion(path4, version);
  }
  const validate = version === SHARDED_VERSION ? stateValidators().manifest : stateValidators().state;
  if (!validate(data)) {
    throw new FwsyncError(
      "state",
      `the state file ${path4} is invalid ${describeSchemaError(validate.errors)}`,
      {
        hint: `The state is written by fwsync and should not be edited by hand. ${RESTORE_HINT(path4)}`
      }
    );
  }
  delete data["checksum"];
  if (version === SHARDED_VERSION) return { version: 2, manifest: data, sealed: false };
  return { version: 1, state: dropUntrustedFileEntries(data), sealed: false };
}
function sealedJson(value) {
  const body = `${JSON.stringify(sortKeys(value), null, 2)}
`;
  return `${SEAL_PREFIX}${sha256(body).slice("sha256:".length)}${SEAL_SUFFIX}${body.slice(2)}`;
}
function serializeState(state) {
  return sealedJson(state);
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
  const actual = createHash3("sha256").update("{\n").update(bytes.subarray(SEAL_LENGTH)).digest("hex");
  return actual === claimed;
}
function newLineage() {
  return randomUUID();
}
async function writeState(path4, state, opts) {
  const fs = opts.fs ?? nodeFs;
  const sleep = opts.sleep;
  const currentBytes = await readIfExists(fs, path4);
  const current = currentBytes === null ? null : parseStateFile(currentBytes, path4);
  const currentMeta = current === null ? null : current.version === 1 ? current.state : current.manifest;
  checkExpected(path4, opts.expected, currentMeta);
  const previous = current?.version === 2 ? current.manifest : null;
  const images = buildShards(
    "images",
    state.images,
    previous?.images.prefix ?? 1,
    readShardsFor(path4, "images", previous?.images ?? null)
  );
  const files = buildShards(
    "files",
    state.files,
    previous?.files.prefix ?? 1,
    readShardsFor(path4, "files", previous?.files ?? null)
  );
  const manifest = {
    version: SHARDED_VERSION,
    lineage: state.lineage,
    serial: state.serial,
    images: images.set,
    files: files.set
  };
  const next = Buffer.from(sealedJson(manifest), "utf8");
  if (currentBytes !== null && currentBytes.equals(next)) return { written: false };
  const known = new Set(previous ? manifestShardFiles(previous) : []);
  const toWrite = [...images.shards, ...files.shards].filter(
    (s) => !known.has(shardFileName(s.kind, s.prefix, s.digest))
  );
  validateForWrite(path4, manifest, state, toWrite);
  if (currentMeta) {
    if (state.lineage !== currentMeta.lineage) {
      throw new FwsyncError(
        "refused",
        `refusing to write a state of lineage ${state.lineage} over ${path4} (lineage ${currentMeta.lineage})`,
        {
          hint: "The new state belongs to another history than the file it would replace. Move the old file away if it is really obsolete."
        }
      );
    }
    const migration = current?.version === 1 && canonicalJson(current.state) === canonicalJson(state);
    if (state.serial <= currentMeta.serial && !(migration && state.serial === currentMeta.serial)) {
      throw new FwsyncError(
        "state",
        `refusing to write a changed state to ${path4} without a higher serial (${currentMeta.serial} \u2192 ${state.serial})`,
        {
          hint: "This is a bug in fwsync; the previous state file was left unchanged. Please report it."
        }
      );
    }
  }
  const dir = shardDir(path4);
  try {
    await fs.mkdir(dir, { recursive: true });
    for (const shard of toWrite) {
      if (shard.bytes === null) throw new Error(`shard ${shard.prefix} was not serialized`);
      await writeAtomic(
        fs,
        nodePath5.join(dir, shardFileName(shard.kind, shard.prefix, shard.digest)),
        shard.bytes,
        sleep
      );
    }
    if (currentBytes !== null) await writeAtomic(fs, `${path4}.backup`, currentBytes, sleep);
    if (current?.version === 1 && !await exists(fs, `${path4}.v1.backup`)) {
      await writeAtomic(fs, `${path4}.v1.backup`, currentBytes, sleep);
    }
    await writeAtomic(fs, path4, next, sleep);
  } catch (cause) {
    throw new FwsyncError("state", `could not write the state file ${path4} (${describeFsError(cause)})`, {
      hint: `${hintForFsError(cause)} The previous state file was left unchanged.`,
      cause
    });
  }
  await removeUnusedShards(fs, dir, manifest, previous);
  return { written: true };
}
function statePathsToCommit(cwd, statePath) {
  const shards = posixShardDir(statePath);
  const manifest = statePath.split(nodePath5.sep).join("/");
  return [manifest, ...existsSync(nodePath5.resolve(cwd, shards)) ? [shards] : []];
}
async function placeStateCopy(file, manifest, shards) {
  await mkdir2(nodePath5.dirname(file), { recursive: true });
  await writeFile2(file, manifest);
  const files = [...shards];
  if (files.length === 0) return;
  const dir = shardDir(file);
  await mkdir2(dir, { recursive: true });
  for (const [name, bytes] of files) await writeFile2(nodePath5.join(dir, name), bytes);
}

// src/adapters/node-ports.ts
function finerWorksFactory(fetchImpl) {
  return (config, env) => {
    const credentials = readCredentials(env, { required: true });
    if (!credentials) throw new FwsyncError("auth", "FinerWorks credentials are missing");
    return createFinerWorksClient({
      baseUrl: resolveApiUrl(env, config.api.base_url).href,
      credentials,
      timeoutMs: config.api.timeout_seconds * 1e3,
      userAgent: USER_AGENT,
      libraryName: config.library.name,
      librarySiteId: config.library.site_id,
      ...fetchImpl ? { fetch: fetchImpl } : {}
    });
  };
}
function nodePorts(opts) {
  const now = opts.now ?? (() => /* @__PURE__ */ new Date());
  return {
    cwd: opts.cwd,
    env: opts.env,
    signal: opts.signal,
    log: opts.log,
    clock: { now },
    finerworks: finerWorksFactory(opts.fetch),
    config: { load: loadConfig },
    images: { read: readDesired, list: listImageFiles },
    files: { exists: fileExists, readText: readTextFile, writeAtomic: writeFileAtomic },
    state: {
      read: readState,
      readStaged: readStateStaged,
      write: (path4, state, o) => writeState(path4, state, o),
      newLineage
    },
    journal: { open: openJournal, read: readJournal, remove: (p) => removeJournal(p) },
    lock: { acquire: (dir, info) => acquireLock(dir, info, opts.lock ?? {}) },
    git: { headCommit, uncommitted: uncommittedFiles },
    doctorFiles: nodeDoctorFiles
  };
}
async function listImageFiles(opts) {
  const { glob } = await import("./dist-2OWE5MWS.js");
  const files = await glob([...opts.patterns], { cwd: opts.cwd, onlyFiles: true, expandDirectories: false });
  return files.map((f) => f.split(path3.sep).join("/"));
}
function fileExists(file) {
  return Promise.resolve(existsSync2(file));
}
async function readTextFile(file) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(await readFile4(file));
  } catch (error) {
    throw new FwsyncError("input", `could not read ${file} as UTF-8 text`, {
      cause: error,
      hint: "Run `fwsync validate` to see what is wrong with it."
    });
  }
}
async function writeFileAtomic(file, bytes, opts) {
  await mkdir3(path3.dirname(file), { recursive: true });
  if (opts.exclusive && existsSync2(file)) {
    throw new FwsyncError("input", `${file} appeared meanwhile; it was not overwritten`, {
      hint: "Run the command again."
    });
  }
  try {
    await writeAtomic(nodeFs, file, bytes);
  } catch (error) {
    throw new FwsyncError("input", `could not write ${file}`, { cause: error });
  }
}

export {
  ACTIONS_BOT_AUTHOR,
  gitAs,
  shardDir,
  posixShardDir,
  SHARD_FILE_RE,
  shardsNamedBy,
  stagedFromState,
  readState,
  serializeState,
  statePathsToCommit,
  placeStateCopy,
  nodePorts
};
