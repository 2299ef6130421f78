import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  DEFAULT_CONFIG,
  loadConfig,
  shardFolderName
} from "./chunk-E7KC2WQN.js";
import "./chunk-EF2EEJLY.js";
import "./chunk-U2ITD6M2.js";
import "./chunk-PUWSEZHP.js";
import "./chunk-YSXB2OIR.js";
import {
  VERSION
} from "./chunk-JRKJ7VIZ.js";
import "./chunk-FQCVKA3H.js";
import "./chunk-NAR3LMYI.js";
import {
  EXIT,
  FwsyncError
} from "./chunk-HKFHH7BV.js";
import "./chunk-VB7EOEZX.js";

// src/cli/commands/init.ts
import { existsSync } from "node:fs";
import path2 from "node:path";

// src/adapters/init-files.ts
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
var isCode = (error, code) => typeof error === "object" && error !== null && error.code === code;
async function readOrNull(file) {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (isCode(error, "ENOENT")) return null;
    throw error;
  }
}
function cannotWrite(rel, error) {
  const reason = error instanceof Error ? error.message : String(error);
  return new FwsyncError("input", `init cannot write ${rel}: ${reason}`, {
    cause: error,
    hint: "run fwsync init in a folder you may write to (or -C DIR to choose it)"
  });
}
function nodeInitFiles(cwd) {
  const abs = (rel) => path.join(cwd, rel);
  const write = async (rel, text, { overwrite }) => {
    const file = abs(rel);
    await mkdir(path.dirname(file), { recursive: true });
    if (overwrite) {
      const existed = await readOrNull(file) !== null;
      await writeFile(file, text);
      return existed ? "replaced" : "created";
    }
    try {
      await writeFile(file, text, { flag: "wx" });
      return "created";
    } catch (error) {
      if (isCode(error, "EEXIST")) return "exists";
      throw error;
    }
  };
  return {
    read: (rel) => readOrNull(abs(rel)),
    write: (rel, text, opts) => write(rel, text, opts).catch((error) => {
      throw cannotWrite(rel, error);
    }),
    append: (rel, text) => appendFile(abs(rel), text).catch((error) => {
      throw cannotWrite(rel, error);
    }),
    async installedFrom() {
      for (const lock of ["package-lock.json", "node_modules/.package-lock.json"]) {
        const text = await readOrNull(abs(lock));
        if (text === null) continue;
        try {
          const data = JSON.parse(text);
          const resolved = data.packages?.["node_modules/fwsync"]?.resolved;
          if (typeof resolved === "string") return resolved;
        } catch {
        }
      }
      return null;
    }
  };
}

// src/render/init-templates.ts
var FWSYNC_REPOSITORY = "fwsync/fwsync";
var PLACEHOLDER_SHA = "0".repeat(40);
function renderConfigTemplate(d) {
  const list = (xs) => `[${xs.map((x) => `'${x}'`).join(", ")}]`;
  return [
    "# fwsync configuration. Every setting is optional: the commented-out lines show the",
    "# defaults; uncomment a line to change it. Credentials never go here (they come from",
    "# FINERWORKS_WEB_API_KEY, FINERWORKS_APP_KEY and optionally FINERWORKS_ACCOUNT_KEY).",
    "# yaml-language-server: $schema=./node_modules/fwsync/schemas/config.schema.json",
    "version: 1",
    "",
    "# Globs of the image files, relative to this folder.",
    `# images: ${list(d.images)}`,
    "",
    "# The last-applied state. Commit it with the image files.",
    `# state: ${d.state}`,
    "",
    "# api:",
    `#   base_url: ${d.api.base_url} # FINERWORKS_API_URL overrides it`,
    `#   batch_size: ${d.api.batch_size} # images per update_images request (1-100)`,
    `#   concurrency: ${d.api.concurrency} # requests in flight (1-8)`,
    `#   timeout_seconds: ${d.api.timeout_seconds} # per request`,
    `#   max_attempts: ${d.api.max_attempts} # per request, transient failures only`,
    "",
    "# The library that import, plan --refresh and drift read the live images from.",
    "# library:",
    `#   name: ${d.library.name} # or temporary`,
    `#   site_id: ${d.library.site_id}`,
    "",
    "# safety:",
    `#   max_change_percent: ${d.safety.max_change_percent} # refuse (without --force) an apply that updates more of the tracked images; checked from 10 images on`,
    `#   invisible_characters: ${d.safety.invisible_characters} # or error: bidi controls and zero-width characters in a title or description`,
    `#   max_image_files: ${d.safety.max_image_files} # refuse to read more image files than this`,
    ""
  ].join("\n");
}
function gitignoreEntries(statePath) {
  const state = `/${statePath.replace(/^\.\//, "")}`;
  const dir = state.slice(0, state.lastIndexOf("/") + 1);
  return [
    `${state}.backup`,
    // The one-file state a version-2 state replaced, kept once after the migration.
    `${state}.v1.backup`,
    `${state}.journal`,
    `${state}.tmp-*`,
    // A shard is written like the manifest (a temp file, then a rename): a crash can leave one.
    `/${shardFolder(statePath)}*.tmp-*`,
    `${dir}.fwsync.lock*`
  ];
}
function shardFolder(statePath) {
  const rel = statePath.replace(/^\.\//, "");
  const slash = rel.lastIndexOf("/");
  return `${rel.slice(0, slash + 1)}${shardFolderName(rel.slice(slash + 1))}/`;
}
function gitignoreHeader(statePath) {
  return `# fwsync: commit ${statePath} and ${shardFolder(statePath)}; these files next to them are local to one run or one machine`;
}
function gitignoreAddition(existing, statePath) {
  const have = new Set((existing ?? "").split(/\r?\n/).map((l) => l.trim()));
  const missing = gitignoreEntries(statePath).filter((e) => !have.has(e));
  if (missing.length === 0) return "";
  const lead = existing && !existing.endsWith("\n") ? "\n" : "";
  const gap = existing && existing.trim() !== "" ? "\n" : "";
  return `${lead}${gap}${[gitignoreHeader(statePath), ...missing].join("\n")}
`;
}
function actionRefFromResolved(resolved, version) {
  if (resolved === null) return null;
  const m = /github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?#([0-9a-f]{40})$/.exec(resolved);
  if (!m) return null;
  return { repository: `${m[1]}/${m[2]}`, sha: m[3], version };
}
function renderWorkflow(ref, opts = {}) {
  const known = ref.sha !== PLACEHOLDER_SHA;
  const header = opts.example ? [
    "# Example workflow for a repository of FinerWorks image YAML files: copy it to",
    "# .github/workflows/fwsync.yml. A plan on every pull request, an apply on every push to main,",
    "# and workflow_dispatch to re-run an apply for the current main (it converges)."
  ] : [
    "# fwsync: a plan on every pull request, an apply on every push to main, and",
    "# workflow_dispatch to re-run an apply for the current main (it converges).",
    "# The Action below must be the same release as the fwsync in package.json."
  ];
  const pinComment = opts.example ? ["      # Pin fwsync to the full commit SHA of the release you use (placeholder below)."] : known ? [`      # fwsync v${ref.version}, pinned to its commit; keep it the release in package.json.`] : [
    `      # Replace the zeros with the commit of fwsync's tag v${ref.version}, the last line of:`,
    `      #   git ls-remote https://github.com/${ref.repository} 'refs/tags/v${ref.version}*'`
  ];
  const uses = `${ref.repository}@${ref.sha} # v${ref.version}`;
  return [
    ...header,
    "name: fwsync",
    "",
    "on:",
    "  # Never pull_request_target: it would run with secrets and a write token on fork code.",
    "  pull_request:",
    "    branches: [main]",
    "  push:",
    "    branches: [main]",
    "  workflow_dispatch:",
    "",
    "# Nothing by default; each job asks for what it needs.",
    "permissions: {}",
    "",
    "jobs:",
    "  plan:",
    "    if: github.event_name == 'pull_request'",
    "    runs-on: ubuntu-latest",
    "    timeout-minutes: 10",
    "    permissions:",
    "      contents: read",
    "      pull-requests: write # the sticky plan comment (a fork's token stays read-only: summary only)",
    "    steps:",
    "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
    "        with:",
    "          persist-credentials: false",
    "          # The merge commit and its parents: the plan compares the config and the state",
    "          # file with the pull request's base (docs/security.md).",
    "          fetch-depth: 2",
    ...pinComment,
    `      - uses: ${uses}`,
    "        with:",
    "          command: plan",
    "          # No FinerWorks keys: a plan needs none, and forks and Dependabot get no secrets anyway.",
    "",
    "  apply:",
    "    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'",
    "    runs-on: ubuntu-latest",
    "    timeout-minutes: 30",
    "    # One apply at a time for this account; a queued run is never cancelled mid-apply.",
    "    concurrency:",
    "      group: fwsync-apply",
    "      cancel-in-progress: false",
    "    permissions:",
    "      contents: write # commit the state file back (state-backend: commit or branch)",
    "      pull-requests: write # the per-image results on the merged pull request",
    "    # environment: production # optional: required reviewers before an apply",
    "    steps:",
    "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
    "        with:",
    "          # The branch head rather than the pushed commit: a queued apply must see the state",
    "          # file committed by the apply that ran before it, and applies the whole desired state.",
    "          ref: ${{ github.ref }}",
    `      - uses: ${uses}`,
    "        with:",
    "          command: apply",
    "          web-api-key: ${{ secrets.FINERWORKS_WEB_API_KEY }}",
    "          app-key: ${{ secrets.FINERWORKS_APP_KEY }}",
    "          account-key: ${{ secrets.FINERWORKS_ACCOUNT_KEY }}",
    "          # With branch protection that forbids pushes to main, use `branch` instead.",
    "          state-backend: commit",
    "      # When the state could not be saved, what FinerWorks confirmed is kept for you to commit",
    '      # (docs/github-action.md, "When the state cannot be saved").',
    "      - if: failure()",
    "        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2",
    "        with:",
    "          name: fwsync-errored-state",
    "          path: |",
    "            ${{ runner.temp }}/fwsync/errored-state.json",
    "            ${{ runner.temp }}/fwsync/errored-journal.jsonl",
    "          if-no-files-found: ignore",
    ""
  ].join("\n");
}
function renderImagesReadme() {
  return [
    "# Image files",
    "",
    "fwsync reads every `*.yaml` / `*.yml` file in this folder: `version: 1` and a list of",
    "`images`, each with `guid`, `title` and `description` (and optionally `visible`, `rank`,",
    "`assigned_personal_gallery_ids`, `assigned_gallery_subcategory_ids`).",
    "`fwsync import` writes `images/imported.yaml` from the images already on the account.",
    "",
    "```yaml",
    "# yaml-language-server: $schema=../node_modules/fwsync/schemas/images.schema.json",
    "version: 1",
    "images:",
    "  - guid: 5fd001ce-5db8-4e84-9010-e29499eadb3f",
    "    title: My Cool Image",
    "    description: This is a very cool image.",
    "```",
    ""
  ].join("\n");
}

// src/render/init-report.ts
function renderInitReport(result) {
  const width = Math.max(...result.files.map((f) => f.outcome.length));
  const lines = result.files.map((f) => {
    const why = f.outcome === "skipped" ? " (it exists; --force replaces it)" : f.outcome === "unchanged" ? " (has the lines already)" : f.detail ? ` (${f.detail})` : "";
    return `${f.outcome.padEnd(width)}  ${f.path}${why}`;
  });
  lines.push("");
  lines.push(
    `Commit ${result.statePath} with the image files once import or apply has written it; the files in .gitignore stay local.`
  );
  if (result.action?.sha === PLACEHOLDER_SHA) {
    lines.push(
      `The workflow's \`uses:\` lines need the commit of fwsync's tag v${result.action.version}: see the comment above them.`
    );
  }
  lines.push(
    "",
    "Next:",
    "  npx fwsync import      # write images/imported.yaml and the state from the account (needs the keys)",
    "  npx fwsync validate    # check the image files",
    "  npx fwsync plan        # see what an apply would send",
    ""
  );
  return lines.join("\n");
}

// src/use-cases/init.ts
var INIT_PATHS = {
  config: "fwsync.config.yaml",
  configYml: "fwsync.config.yml",
  gitignore: ".gitignore",
  workflow: ".github/workflows/fwsync.yml",
  imagesReadme: "images/README.md"
};
async function initRepository(files, opts) {
  const results = [];
  const writeOnce = async (path3, text, detail) => {
    const r = await files.write(path3, text, { overwrite: opts.force });
    const outcome = r === "exists" ? "skipped" : r;
    results.push({ path: path3, outcome, ...detail !== void 0 && outcome !== "skipped" ? { detail } : {} });
  };
  const configPath = opts.configPath ?? (await files.read(INIT_PATHS.configYml) !== null ? INIT_PATHS.configYml : INIT_PATHS.config);
  await writeOnce(configPath, renderConfigTemplate(opts.defaults));
  const statePath = (!opts.force && opts.existingConfig || opts.defaults).state;
  const addition = gitignoreAddition(await files.read(INIT_PATHS.gitignore), statePath);
  if (addition === "") {
    results.push({ path: INIT_PATHS.gitignore, outcome: "unchanged" });
  } else {
    await files.append(INIT_PATHS.gitignore, addition);
    const lines = addition.split("\n").filter((l) => l.startsWith("/")).length;
    results.push({
      path: INIT_PATHS.gitignore,
      outcome: "appended",
      detail: `${lines} line${lines === 1 ? "" : "s"}: the backup, journal, lock and temporary files next to the state`
    });
  }
  let action = null;
  if (opts.workflow) {
    action = actionRefFromResolved(await files.installedFrom(), opts.version) ?? {
      repository: FWSYNC_REPOSITORY,
      sha: PLACEHOLDER_SHA,
      version: opts.version
    };
    const pin = `uses ${action.repository}@${action.sha === PLACEHOLDER_SHA ? "000\u2026 (replace with the commit of tag v" + action.version + ")" : action.sha.slice(0, 12) + "\u2026 # v" + action.version}`;
    await writeOnce(INIT_PATHS.workflow, renderWorkflow(action), pin);
  }
  await writeOnce(INIT_PATHS.imagesReadme, renderImagesReadme());
  return { files: results, statePath, action };
}

// src/cli/commands/init.ts
async function initCommand(opts, cwd, io) {
  const configPath = opts.config;
  const force = opts.force === true;
  const keeps = !force && (configPath === void 0 || existsSync(path2.resolve(cwd, configPath)));
  const existingConfig = keeps ? await loadConfig({ cwd, ...configPath ? { configPath } : {} }) : null;
  const result = await initRepository(nodeInitFiles(cwd), {
    force,
    workflow: opts.workflow !== false,
    version: VERSION,
    defaults: structuredClone(DEFAULT_CONFIG),
    existingConfig,
    ...configPath ? { configPath } : {}
  });
  io.out(renderInitReport(result));
  return EXIT.ok;
}
export {
  initCommand
};
