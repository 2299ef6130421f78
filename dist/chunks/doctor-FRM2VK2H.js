import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  whoami
} from "./chunk-IJ3H5H5O.js";
import {
  escapeInline
} from "./chunk-5TBF2SJK.js";
import {
  computeDrift,
  listAll,
  liveFields,
  painter,
  sameValue,
  stableJson,
  visible
} from "./chunk-DVXEWOV7.js";
import {
  FinerWorksError,
  toFwsyncError
} from "./chunk-AT44SEU4.js";
import {
  VERSION
} from "./chunk-JRKJ7VIZ.js";
import {
  configPathOf
} from "./chunk-GA74MVZ6.js";
import "./chunk-OWOVCXQ3.js";
import {
  OPTIONAL_FIELD_NAMES,
  describeFindings
} from "./chunk-TQBHC6B2.js";
import "./chunk-NAR3LMYI.js";
import {
  EXIT,
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import "./chunk-VB7EOEZX.js";

// src/render/doctor.ts
var LABEL = {
  ok: { text: "ok  ", style: "green", emoji: "\u2705" },
  note: { text: "note", style: "cyan", emoji: "\u2139\uFE0F" },
  warn: { text: "warn", style: "yellow", emoji: "\u26A0\uFE0F" },
  fail: { text: "FAIL", style: "red", emoji: "\u274C" }
};
var CLOSING = {
  ok: "Everything fwsync checked is as it expects.",
  note: "Everything fwsync checked is as it expects; the notes say what it does differently because of it.",
  warn: "Some answers are not what fwsync expected: please send this report (fwsync doctor --format markdown) with an issue.",
  fail: "Some checks failed: fix the lines marked FAIL before the first apply."
};
function renderDoctorJson(report) {
  return stableJson(report);
}
function renderDoctorText(report, opts) {
  const paint = painter(opts.color);
  const width = Math.max(0, ...[...report.checks, ...report.findings].map((l) => l.key.length));
  const line = (l) => {
    const label = LABEL[l.verdict];
    const out = [
      `${paint(label.style, label.text)}  ${paint("dim", l.key.padEnd(width))}  ${visible(l.text)}`
    ];
    if ("hint" in l && l.hint) out.push(`      ${" ".repeat(width)}  ${visible(l.hint)}`);
    return out;
  };
  const lines = [];
  if (report.checks.length > 0) lines.push(paint("bold", "Checks"), ...report.checks.flatMap(line), "");
  if (report.findings.length > 0)
    lines.push(paint("bold", "API profile"), ...report.findings.flatMap(line), "");
  lines.push(
    `${paint(LABEL[report.verdict].style, report.verdict.toUpperCase())}: ${CLOSING[report.verdict]}`
  );
  return `${lines.join("\n")}
`;
}
function renderDoctorMarkdown(report) {
  const row = (l) => {
    const hint = "hint" in l && l.hint ? `<br>${escapeInline(l.hint, 500)}` : "";
    return `| ${LABEL[l.verdict].emoji} ${l.verdict} | \`${l.key}\` | ${escapeInline(l.text, 500)}${hint} |`;
  };
  const table = (title, rows) => rows.length === 0 ? [] : [`### ${title}`, "", "| Verdict | Check | Result |", "| --- | --- | --- |", ...rows.map(row), ""];
  return [
    "## fwsync doctor",
    "",
    ...table("Checks", report.checks),
    ...table("API profile", report.findings),
    `**${report.verdict}**: ${CLOSING[report.verdict]}`,
    ""
  ].join("\n");
}
function renderProbeIntro(intro) {
  return [
    `The probe changes image ${intro.guid} ("${visible(intro.title)}") in library "${intro.library}" at ${visible(intro.baseUrl)}:`,
    "  it sends test titles and descriptions, flips visible, sends an unknown guid and ever bigger",
    "  batches, then puts the original values back (kept in the doctor journal until then).",
    "  Use a throw-away image: people may see the test values while the probe runs.",
    ...intro.products > 0 ? [
      `  It has ${intro.products} virtual inventory product(s): an update may remove them, and fwsync cannot restore them.`
    ] : [],
    ""
  ].join("\n");
}

// src/use-cases/doctor/doctor.ts
import path2 from "node:path";

// src/core/doctor-report.ts
var ORDER = { ok: 0, note: 1, warn: 2, fail: 3 };
function worstVerdict(verdicts) {
  return verdicts.reduce((worst, v) => ORDER[v] > ORDER[worst] ? v : worst, "ok");
}
function doctorReport(checks, findings) {
  return {
    version: 1,
    verdict: worstVerdict([...checks.map((c) => c.verdict), ...findings.map((f) => f.verdict)]),
    checks,
    findings
  };
}
var DOCUMENTED_HOSTS = {
  "api.finerworks.com": { verdict: "ok", text: "the host of the official help pages (production)" },
  "v2.api.finerworks.com": {
    verdict: "warn",
    text: "the newer documentation host; whether it is the same back end as api.finerworks.com is not documented"
  },
  "test-api.finerworks.com": {
    verdict: "warn",
    text: "the test host: changes made here do not reach the production account"
  }
};
function hostCheck(baseUrl) {
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    return {
      key: "host",
      verdict: "fail",
      text: `${baseUrl} is not a URL`,
      hint: "Fix api.base_url in the config or FINERWORKS_API_URL."
    };
  }
  const known = DOCUMENTED_HOSTS[url.hostname.toLowerCase()];
  if (known) {
    return {
      key: "host",
      verdict: url.protocol === "https:" ? known.verdict : "fail",
      text: `${url.origin}${url.pathname}: ${known.text}`,
      ...url.protocol === "https:" ? {} : { hint: "Use https:// for FinerWorks." }
    };
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) || url.hostname.startsWith("127.");
  return {
    key: "host",
    verdict: "note",
    text: `${url.origin}${url.pathname}: not a FinerWorks host${loopback ? " (a local emulator or proxy)" : ""}`
  };
}

// src/use-cases/doctor/probe.ts
import { randomUUID } from "node:crypto";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
var GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
var MARK = "[fwsync doctor probe]";
async function probeApi(ports, opts) {
  const guid = opts.guid.trim().toLowerCase();
  if (!GUID_RE.test(guid)) {
    throw new FwsyncError("input", `--probe-image ${JSON.stringify(opts.guid)} is not an image guid`, {
      hint: "Give the guid of a throw-away image on the account, e.g. from `fwsync import` or list_images."
    });
  }
  const config = await ports.config.load({
    cwd: ports.cwd,
    ...opts.configPath ? { configPath: opts.configPath } : {}
  });
  const statePath = path.resolve(ports.cwd, config.state);
  const files = ports.doctorFiles;
  const api = ports.finerworks(config, ports.env);
  const baseUrl = ports.env.FINERWORKS_API_URL?.trim() || config.api.base_url;
  const probe = new Probe(api, config, ports);
  let earlier = null;
  const left = await files.readJournal(statePath);
  if (left) {
    ports.log.warn(
      `an earlier probe of ${left.guid} was interrupted; restoring its original values first (${files.journalPath(statePath)})`
    );
    earlier = await probe.restore(left.guid, left.original, null);
    if (!earlier.restored) throw restoreFailed(earlier, files.journalPath(statePath));
    await files.removeJournal(statePath);
  }
  const image = await probe.read(guid);
  if (!image) {
    throw new FwsyncError("input", `image ${guid} is not on the account (library "${config.library.name}")`, {
      hint: "Check the guid and library.name in the config. Nothing was changed."
    });
  }
  const products = Array.isArray(image.products) ? image.products.length : 0;
  if (products > 0 && !opts.allowProductRemoval) {
    throw new FwsyncError(
      "refused",
      `image ${guid} has ${products} virtual inventory product${products === 1 ? "" : "s"}, and the documentation says an update removes them`,
      {
        hint: "Nothing was changed. Probe an image without products, or pass --allow-product-removal to find out on this one (products that go cannot be restored by fwsync)."
      }
    );
  }
  const intro = { guid, title: image.title, products, library: config.library.name, baseUrl };
  if (!await opts.confirm(intro)) {
    return { cancelled: true, earlier, profile: null, profilePath: null, restore: null };
  }
  const original = liveFields(image);
  const journal = {
    version: 1,
    guid,
    base_url: baseUrl,
    original,
    written_at: ports.clock.now().toISOString()
  };
  await files.writeJournal(statePath, journal);
  let findings;
  let restore;
  try {
    findings = await probe.run(guid, original, products);
  } finally {
    restore = await probe.restore(guid, original, findings ?? null);
    if (restore.restored) await files.removeJournal(statePath);
    else ports.log.warn(restoreFailed(restore, files.journalPath(statePath)).message);
  }
  const profile = {
    version: 1,
    measured_at: ports.clock.now().toISOString(),
    fwsync_version: VERSION,
    base_url: baseUrl,
    library: config.library.name,
    image: guid,
    findings
  };
  await files.writeProfile(statePath, profile);
  if (!restore.restored) throw restoreFailed(restore, files.journalPath(statePath));
  return { cancelled: false, earlier, profile, profilePath: files.profilePath(statePath), restore };
}
function restoreFailed(outcome, journalFile) {
  return new FwsyncError(
    "api",
    `the original values of image ${outcome.guid} could not be restored (${outcome.problems.join("; ")})`,
    {
      hint: `They are kept in ${journalFile}: run \`fwsync doctor --probe-image ${outcome.guid}\` again to retry, or set them on FinerWorks by hand and delete the file.`
    }
  );
}
var Probe = class {
  constructor(api, config, ports) {
    this.api = api;
    this.config = config;
    this.ports = ports;
  }
  api;
  config;
  ports;
  stopIfInterrupted() {
    const { signal } = this.ports;
    if (signal.aborted) {
      throw signal.reason instanceof FwsyncError ? signal.reason : new FwsyncError("interrupted", "the probe was interrupted");
    }
  }
  /** One update_images call; transient failures are retried, other answers are returned. */
  async send(images, opts) {
    const attempts = Math.max(1, this.config.api.max_attempts);
    for (let attempt = 1; ; attempt++) {
      if (opts.interruptible) this.stopIfInterrupted();
      try {
        await this.api.updateImages(images, opts.interruptible ? this.ports.signal : void 0);
        return { ok: true };
      } catch (error) {
        if (!(error instanceof FinerWorksError)) throw error;
        if (error.class === "auth") throw new FwsyncError("auth", error.message, { cause: error });
        if (opts.interruptible) this.stopIfInterrupted();
        if (error.class === "rejected" || attempt >= attempts) return { ok: false, error };
        this.ports.log.verbose(`probe: retrying after ${error.message}`);
        await delay(Math.min(4e3, 250 * 2 ** attempt));
      }
    }
  }
  async read(guid) {
    const images = await listAll(this.api, {
      library: this.config.library,
      guids: [guid],
      listProducts: this.config.library.name === "inventory"
    });
    return images.find((i) => i.guid === guid);
  }
  async readFields(guid) {
    const image = await this.read(guid);
    if (!image) throw new FwsyncError("api", `image ${guid} disappeared from the account during the probe`);
    return liveFields(image);
  }
  async run(guid, original, products) {
    const log = (m) => this.ports.log.info(`probe: ${m}`);
    const d1 = `${MARK} description 1`;
    const full = (title, description = d1) => ({ guid, title, description });
    const must = async (images, what) => {
      const sent = await this.send(images, { interruptible: true });
      if (!sent.ok) {
        throw new FwsyncError("api", `the probe could not ${what}: ${sent.error.message}`, {
          hint: "A plain update of title and description failed; fix that first (run `fwsync doctor`)."
        });
      }
    };
    log("a full update of title and description");
    await must([full(`${MARK} title 1`)], "update the title and description");
    const afterFull = await this.read(guid);
    const productsAnswer = products === 0 ? "untested" : (afterFull?.products?.length ?? 0) === 0 ? "removed" : "kept";
    log("an update that leaves the description out");
    let partial;
    const sentPartial = await this.send([{ guid, title: `${MARK} title 2` }], {
      interruptible: true
    });
    if (!sentPartial.ok) partial = "unexpected";
    else {
      const now = await this.readFields(guid);
      partial = now.description === d1 ? "keeps" : now.description === "" ? "clears" : "unexpected";
    }
    log("an empty description");
    await must([full(`${MARK} title 3`)], "set the description again");
    let empty;
    const sentEmpty = await this.send([full(`${MARK} title 3`, "")], { interruptible: true });
    if (!sentEmpty.ok) empty = "rejected";
    else {
      const now = await this.readFields(guid);
      empty = now.description === "" ? "stored" : now.description === d1 ? "ignored" : "unknown";
    }
    log("the optional fields (visible, rank, gallery lists)");
    const optional = await this.optionalFields(guid, original, full(`${MARK} title 4`));
    log("an unknown guid in a batch");
    const unknownGuid = randomUUID();
    const t5 = `${MARK} title 5`;
    const sentUnknown = await this.send([full(t5), { ...full(t5), guid: unknownGuid }], {
      interruptible: true
    });
    const answer = sentUnknown.ok ? "silent" : sentUnknown.error.class !== "rejected" ? "unknown" : sentUnknown.error.status !== null && sentUnknown.error.status >= 400 ? "http-error" : "success-false";
    const afterUnknown = await this.readFields(guid);
    const unknown = { answer, rest_applied: answer === "unknown" ? null : afterUnknown.title === t5 };
    log(`the largest batch, doubling up to api.batch_size (${this.config.api.batch_size})`);
    const maxBatch = await this.largestBatch(guid, d1);
    return {
      partial_update: partial,
      empty_description: empty,
      optional_fields: optional,
      products: productsAnswer,
      unknown_guid: unknown,
      max_batch: maxBatch
    };
  }
  /**
   * Each optional field is sent with a value other than the image's own and read back. A
   * gallery list is only emptied (never filled: the image would appear in someone's gallery),
   * so it stays untested on an image in no gallery; so does rank on an image without one.
   */
  async optionalFields(guid, original, base) {
    const values = { visible: !(original.visible ?? true) };
    if (original.rank !== void 0) values.rank = original.rank + 1;
    for (const list of ["assigned_personal_gallery_ids", "assigned_gallery_subcategory_ids"]) {
      if ((original[list]?.length ?? 0) > 0) values[list] = [];
    }
    const result = Object.fromEntries(OPTIONAL_FIELD_NAMES.map((k) => [k, "untested"]));
    const tested = OPTIONAL_FIELD_NAMES.filter((k) => values[k] !== void 0);
    const check = async (fields) => {
      const payload = { ...base };
      for (const k of fields) payload[k] = values[k];
      const sent = await this.send([payload], { interruptible: true });
      if (!sent.ok) {
        if (fields.length > 1) for (const k of fields) await check([k]);
        else result[fields[0]] = "rejected";
        return;
      }
      const now = await this.readFields(guid);
      for (const k of fields) result[k] = sameValue(k, now[k], values[k]) ? "accepted" : "ignored";
    };
    if (tested.length > 0) await check(tested);
    return result;
  }
  async largestBatch(guid, description) {
    const limit = Math.max(1, this.config.api.batch_size);
    const batch = (n) => Array.from({ length: n }, () => ({ guid, title: `${MARK} batch of ${n}`, description }));
    let ok = 0;
    let refused = null;
    for (let n = 1; ; n = Math.min(limit, n * 2)) {
      const sent = await this.send(batch(n), { interruptible: true });
      if (!sent.ok) {
        if (sent.error.class !== "rejected")
          return ok === 0 ? null : { accepted: ok, limit_found: false, tried_up_to: ok };
        refused = n;
        break;
      }
      ok = n;
      if (n >= limit) break;
    }
    if (refused === null) return { accepted: ok, limit_found: false, tried_up_to: ok };
    if (ok === 0) return null;
    let lo = ok;
    let hi = refused;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      const sent = await this.send(batch(mid), { interruptible: true });
      if (sent.ok) lo = mid;
      else if (sent.error.class === "rejected") hi = mid;
      else break;
    }
    return { accepted: lo, limit_found: true, tried_up_to: refused };
  }
  /**
   * Puts the original values back (not interruptible: this is what Ctrl-C waits for) and reads
   * them back. Every field the original holds is sent, so an API that clears omitted fields
   * gets them back too; fields the probe found rejected are left out.
   */
  async restore(guid, original, findings) {
    const payload = { guid, ...original };
    for (const k of OPTIONAL_FIELD_NAMES) {
      if (findings?.optional_fields[k] === "rejected") delete payload[k];
    }
    let sent = await this.send([payload], { interruptible: false });
    if (!sent.ok && sent.error.class === "rejected" && findings === null) {
      sent = await this.send([{ guid, title: original.title, description: original.description }], {
        interruptible: false
      });
    }
    if (!sent.ok) return { guid, restored: false, problems: [sent.error.message] };
    const now = await this.read(guid);
    if (!now) return { guid, restored: false, problems: ["the image is no longer on the account"] };
    const live = liveFields(now);
    const problems = [];
    for (const k of ["title", "description", ...OPTIONAL_FIELD_NAMES]) {
      if (payload[k] === void 0) continue;
      if (!sameValue(k, live[k], payload[k]))
        problems.push(`${k} is ${JSON.stringify(live[k] ?? null)}, not ${JSON.stringify(payload[k])}`);
    }
    return { guid, restored: problems.length === 0, problems };
  }
};

// src/use-cases/doctor/doctor.ts
async function doctor(ports, opts) {
  if (opts.probe) {
    const outcome = await probeApi(ports, {
      ...opts.probe,
      ...opts.configPath ? { configPath: opts.configPath } : {}
    });
    return { report: probeReport(outcome), cancelled: outcome.cancelled };
  }
  return { report: await checkSetup(ports, opts), cancelled: false };
}
function probeReport(outcome) {
  const checks = [];
  if (outcome.earlier) {
    checks.push({
      key: "earlier_probe",
      verdict: "note",
      text: `restored image ${outcome.earlier.guid} from an interrupted probe's journal`
    });
  }
  if (outcome.restore) {
    checks.push({
      key: "restore",
      verdict: outcome.restore.restored ? "ok" : "fail",
      text: outcome.restore.restored ? `image ${outcome.restore.guid} has its original title, description and optional fields again (read back)` : `image ${outcome.restore.guid} could not be restored: ${outcome.restore.problems.join("; ")}`
    });
  }
  if (outcome.profilePath) {
    checks.push({ key: "profile", verdict: "ok", text: `findings written to ${outcome.profilePath}` });
  }
  return doctorReport(checks, outcome.profile ? describeFindings(outcome.profile.findings) : []);
}
async function checkSetup(ports, opts) {
  const checks = [];
  const config = await ports.config.load({
    cwd: ports.cwd,
    ...opts.configPath ? { configPath: opts.configPath } : {}
  });
  const statePath = path2.resolve(ports.cwd, config.state);
  const baseUrl = ports.env.FINERWORKS_API_URL?.trim() || config.api.base_url;
  checks.push({
    key: "config",
    verdict: "ok",
    text: `library "${config.library.name}" (site_id ${config.library.site_id}), batch_size ${config.api.batch_size}, state ${config.state}`
  });
  checks.push(hostCheck(baseUrl));
  const leftover = await ports.doctorFiles.readJournal(statePath);
  if (leftover) {
    checks.push({
      key: "probe_journal",
      verdict: "fail",
      text: `an interrupted probe left image ${leftover.guid} with test values`,
      hint: `Run \`fwsync doctor --probe-image ${leftover.guid}\` to restore it (it restores first).`
    });
  }
  let findings = [];
  const profile = await ports.doctorFiles.readProfile(statePath).catch((error) => {
    checks.push({
      key: "profile",
      verdict: "warn",
      text: error instanceof Error ? error.message : String(error),
      ...error instanceof FwsyncError && error.hint ? { hint: error.hint } : {}
    });
    return void 0;
  });
  if (profile === null) {
    checks.push({
      key: "profile",
      verdict: "note",
      text: "the API profile is not measured yet: fwsync assumes what the documentation says",
      hint: "Run `fwsync doctor --probe-image GUID` with a throw-away image to measure it."
    });
  } else if (profile) {
    const sameHost = profile.base_url === baseUrl;
    checks.push({
      key: "profile",
      verdict: sameHost ? "ok" : "warn",
      text: `API profile measured ${profile.measured_at} against ${profile.base_url}`,
      ...sameHost ? {} : { hint: `fwsync now talks to ${baseUrl}: run the probe again there.` }
    });
    findings = describeFindings(profile.findings);
  }
  const live = await readAccount(ports, config, checks);
  if (live) await compareWithRepo(ports, config, statePath, live, checks);
  return doctorReport(checks, findings);
}
async function readAccount(ports, config, checks) {
  const failed = (key, error) => {
    const e = error instanceof FinerWorksError ? toFwsyncError(error) : error;
    checks.push({
      key,
      verdict: "fail",
      text: e instanceof Error ? e.message : String(e),
      ...e instanceof FwsyncError && e.hint ? { hint: e.hint } : {}
    });
    return null;
  };
  let api;
  try {
    api = ports.finerworks(config, ports.env);
    const me = await whoami(api);
    checks.push({
      key: "credentials",
      verdict: "ok",
      text: `authenticated as ${me.name} (account ${me.id ?? "id unknown"})`
    });
  } catch (error) {
    return failed("credentials", error);
  }
  const pages = [];
  let images;
  try {
    images = await listAll(api, {
      library: config.library,
      listProducts: config.library.name === "inventory",
      onPage: (e) => pages.push(e)
    });
  } catch (error) {
    return failed("library", error);
  }
  const withProducts = images.filter((i) => Array.isArray(i.products) && i.products.length > 0).length;
  checks.push({
    key: "library",
    verdict: images.length === 0 ? "warn" : "ok",
    text: `${images.length} image${images.length === 1 ? "" : "s"} in library "${config.library.name}"` + (config.library.name === "inventory" ? `, ${withProducts} with virtual inventory products` : ""),
    ...images.length === 0 ? { hint: "Check library.name and library.site_id in the config." } : {}
  });
  const last = pages.at(-1);
  const total = last?.total ?? null;
  checks.push(
    total !== null && total !== images.length ? {
      key: "paging",
      verdict: "warn",
      text: `${pages.length} page(s) read; the server's count says ${total} images but ${images.length} came back`,
      hint: "Send this report back: fwsync pages by page_number and per_page (\u2264 50)."
    } : {
      key: "paging",
      verdict: "ok",
      text: `${pages.length} page${pages.length === 1 ? "" : "s"} read, every image once${total === null ? " (the server sent no count)" : ", matching the count"}`
    }
  );
  return new Map(images.map((i) => [i.guid, liveFields(i)]));
}
async function compareWithRepo(ports, config, statePath, live, checks) {
  let state;
  try {
    ({ state } = await ports.state.read(statePath));
  } catch (error) {
    checks.push({
      key: "state",
      verdict: "fail",
      text: error instanceof Error ? error.message : String(error),
      ...error instanceof FwsyncError && error.hint ? { hint: error.hint } : {}
    });
    return;
  }
  const { desired, issues } = await ports.images.read({
    cwd: ports.cwd,
    patterns: config.images,
    stateFiles: null
  });
  if (issues.length > 0 && issues.every((i) => i.code === "glob-no-match")) {
    checks.push({
      key: "yaml",
      verdict: "note",
      text: `no image file matches ${config.images.join(", ")} yet`,
      hint: "Run `fwsync import` to write the YAML and the state from the account."
    });
    return;
  }
  if (issues.length > 0) {
    checks.push({
      key: "yaml",
      verdict: "fail",
      text: `${issues.length} problem${issues.length === 1 ? "" : "s"} in the image files`,
      hint: "Run `fwsync validate` to see them."
    });
    return;
  }
  const drift = computeDrift({ live, state, desired, library: config.library.name });
  const s = drift.summary;
  const managed = /* @__PURE__ */ new Set([...desired.images.map((i) => i.guid), ...Object.keys(state?.images ?? {})]);
  const unmanaged = [...live.keys()].filter((g) => !managed.has(g)).length;
  const verdict = s.drifted + s.missing > 0 ? "warn" : s.pending > 0 ? "note" : "ok";
  checks.push({
    key: "drift",
    verdict,
    text: `${s.checked} image${s.checked === 1 ? "" : "s"} in the YAML or the state: ${s.in_sync} in sync, ${s.pending} pending, ${s.drifted} drifted, ${s.missing} missing; ${unmanaged} more in library ${config.library.name} are not managed by fwsync` + (state ? "" : " (no state file yet)"),
    ...verdict === "warn" ? { hint: "Run `fwsync drift` for the details." } : {},
    ...verdict === "note" ? { hint: "Run `fwsync plan` to see what apply would change." } : {}
  });
}

// src/cli/commands/doctor.ts
async function doctorCommand(opts, ports, io, ask) {
  const probeImage = opts.probeImage;
  const { report, cancelled } = await doctor(ports, {
    ...configPathOf(opts),
    ...probeImage === void 0 ? {} : {
      probe: {
        guid: probeImage,
        allowProductRemoval: opts.allowProductRemoval === true,
        confirm: (intro) => confirmProbe(intro, opts.yes === true, io, ask)
      }
    }
  });
  if (cancelled) {
    io.err("Probe cancelled; nothing was changed.\n");
    return EXIT.error;
  }
  if (opts.format === "json") io.out(renderDoctorJson(report));
  else if (opts.format === "markdown") io.out(renderDoctorMarkdown(report));
  else io.out(renderDoctorText(report, { color: io.color }));
  return report.verdict === "fail" ? EXIT.error : EXIT.ok;
}
async function confirmProbe(intro, yes, io, ask) {
  io.err(renderProbeIntro(intro));
  if (yes) return true;
  if (!io.isTty) {
    throw new FwsyncError("input", "the probe needs confirmation, and there is no terminal to ask on", {
      hint: "Run `fwsync doctor --probe-image GUID --yes` to probe without asking."
    });
  }
  const answer = await ask('Change this image for the probe? Only "yes" is accepted: ');
  return answer?.trim() === "yes";
}
export {
  doctorCommand
};
