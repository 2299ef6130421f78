import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);

// src/cli/help.ts
var CREDENTIALS = `
Credentials (environment variables, never in the config or on the command line):
  FINERWORKS_WEB_API_KEY   required
  FINERWORKS_APP_KEY       required
  FINERWORKS_ACCOUNT_KEY   optional: act on behalf of another account
  FINERWORKS_API_URL       optional: another API base URL (e.g. the emulator's)`;
var EMULATOR_REFERENCE = `
Seed (--seed FILE, JSON or YAML; without it: 12 generated images, 6 in each library):
  account: { account_id: 4242, account_username: studio }      # optional
  images:
    - guid: 5fd001ce-5db8-4e84-9010-e29499eadb3f              # required, with title
      title: Harbour at Dawn
      description: ""                                          # others: defaults
      library: inventory                                       # or temporary (default inventory)
      active: true                                             # visible in fwsync
      rank: 1
      assigned_personal_gallery_ids: [3]
      products:                                                # inventory images only
        - { sku: AP1234P1, name: Giclee print 8x10, product_code: GP-8X10 }

Admin endpoints (loopback only), under http://HOST:PORT/__emulator:
  GET    /requests   every API request so far, keys shown as present/absent
  DELETE /requests   clear that log
  GET    /images     every image of both libraries, with its products
  POST   /images     change or create images behind fwsync's back; body: one image or a list,
                     fields as in a seed, e.g. {"guid": "\u2026", "title": "Renamed", "rank": 4}
  GET    /behaviour  the answers played now to the API's open questions
  POST   /behaviour  play others; body {"partial": "clear"} or ["partial=clear", "max-batch=10"]
  POST   /script     queue one-shot faults; body one or a list, e.g.
                     {"kind": "status", "status": 503, "match": {"path": "update_images", "nth": 2}}
                     kinds: status (status, body, headers), reset, hang, truncate, html,
                     success-false (message), delay (ms), after (then: a fault; the change is made)
  POST   /reset      back to the starting seed, or to the seed in the body; clears log and faults`;
var examples = (lines) => `
Examples:
${lines.map((l) => `  ${l}`).join("\n")}`;
var HELP_AFTER = {
  fwsync: examples([
    "fwsync init                              # set up a repository: config, .gitignore, workflow",
    "fwsync validate && fwsync plan           # check the YAML, then see what apply would send",
    "fwsync -C site apply --yes               # apply in the folder site/, without asking"
  ]),
  init: examples([
    "fwsync init                  # write what is missing, never replace a file",
    "fwsync init --no-workflow    # without .github/workflows/fwsync.yml",
    "fwsync init --force          # replace the files init writes (not .gitignore: it appends)"
  ]),
  validate: examples([
    "fwsync validate",
    "fwsync validate --config site/fwsync.config.yaml",
    "fwsync -C site validate --quiet"
  ]),
  plan: examples([
    "fwsync plan",
    "fwsync plan --out plan.json --detailed-exitcode   # exit 2 when there are changes",
    "fwsync plan --refresh --format markdown           # compare with the live values (needs credentials)"
  ]),
  apply: `${examples([
    'fwsync apply                         # shows the plan and asks for "yes"',
    "fwsync plan --out plan.json && fwsync apply --plan plan.json --yes",
    "fwsync apply --yes --verify --format json"
  ])}
${CREDENTIALS}`,
  import: `${examples([
    "fwsync import                        # images/imported.yaml and the state",
    "fwsync import --out images/all.yaml",
    "fwsync import --force                # replace an existing image file and state"
  ])}
${CREDENTIALS}`,
  drift: `${examples(["fwsync drift", "fwsync drift --format json > drift.json"])}
${CREDENTIALS}`,
  whoami: `${examples([
    "export FINERWORKS_WEB_API_KEY=\u2026 FINERWORKS_APP_KEY=\u2026; fwsync whoami",
    "fwsync emulator   # in another terminal; paste the export lines it prints here, then: fwsync whoami"
  ])}
${CREDENTIALS}`,
  emulator: `${EMULATOR_REFERENCE}
${examples([
    "fwsync emulator                      # prints the export lines that point fwsync at it",
    "fwsync emulator --port 0 --seed seed.yaml",
    `curl -s -X POST localhost:8787/__emulator/images -d '{"guid":"5eed0000-0000-4000-8000-000000000001","title":"Renamed"}'   # behind fwsync emulator`
  ])}`,
  version: examples(["fwsync version", "fwsync --version"])
};
var DOCTOR_HELP = examples([
  "fwsync doctor                                   # read-only: keys, host, library, paging, drift",
  "fwsync doctor --format markdown > doctor.md     # a report to send back",
  "fwsync doctor --probe-image GUID --yes          # measure the API on a throw-away image (restored after)"
]);
function nodeTooOld(version) {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1] ?? 0);
  if (major >= 22) return null;
  return `error: fwsync needs Node.js 22 or newer; this is ${version}.
  Install a newer Node (nvm install 24), or run \`npm install --save-dev node@24\` in this
  repository: npx and npm scripts then run fwsync on Node 24.
`;
}

export {
  HELP_AFTER,
  DOCTOR_HELP,
  nodeTooOld
};
