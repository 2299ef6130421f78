// The files `fwsync init` writes, as pure functions of what they depend on (the defaults, the
// state path, the Action reference). test/init.test.ts checks that the config template loads
// to the defaults it shows, and that the workflow template is examples/workflows/fwsync.yml.

import type { Config } from '../core/types.js';
import { shardFolderName } from '../core/state-files.js';

/** Where fwsync's own repository lives; the schemas' $id and package.json point here too. */
export const FWSYNC_REPOSITORY = 'fwsync/fwsync';
export const PLACEHOLDER_SHA = '0'.repeat(40);

/**
 * fwsync.config.yaml: `version: 1` and every other setting commented out at its default, so
 * the file says what each one is without freezing today's defaults into the repository.
 * Uncommenting a setting line (dropping its leading `# `) gives valid YAML with the same value.
 */
export function renderConfigTemplate(d: Config): string {
  const list = (xs: string[]): string => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
  return [
    '# fwsync configuration. Every setting is optional: the commented-out lines show the',
    '# defaults; uncomment a line to change it. Credentials never go here (they come from',
    '# FINERWORKS_WEB_API_KEY, FINERWORKS_APP_KEY and optionally FINERWORKS_ACCOUNT_KEY).',
    '# yaml-language-server: $schema=./node_modules/fwsync/schemas/config.schema.json',
    'version: 1',
    '',
    '# Globs of the image files, relative to this folder.',
    `# images: ${list(d.images)}`,
    '',
    '# The last-applied state. Commit it with the image files.',
    `# state: ${d.state}`,
    '',
    '# api:',
    `#   base_url: ${d.api.base_url} # FINERWORKS_API_URL overrides it`,
    `#   batch_size: ${d.api.batch_size} # images per update_images request (1-100)`,
    `#   concurrency: ${d.api.concurrency} # requests in flight (1-8)`,
    `#   timeout_seconds: ${d.api.timeout_seconds} # per request`,
    `#   max_attempts: ${d.api.max_attempts} # per request, transient failures only`,
    '',
    '# The library that import, plan --refresh and drift read the live images from.',
    '# library:',
    `#   name: ${d.library.name} # or temporary`,
    `#   site_id: ${d.library.site_id}`,
    '',
    '# safety:',
    `#   max_change_percent: ${d.safety.max_change_percent} # refuse (without --force) an apply that updates more of the tracked images; checked from 10 images on`,
    `#   invisible_characters: ${d.safety.invisible_characters} # or error: bidi controls and zero-width characters in a title or description`,
    `#   max_image_files: ${d.safety.max_image_files} # refuse to read more image files than this`,
    '',
  ].join('\n');
}

/** The files next to the state that must not be committed, as .gitignore lines. */
export function gitignoreEntries(statePath: string): string[] {
  const state = `/${statePath.replace(/^\.\//, '')}`;
  const dir = state.slice(0, state.lastIndexOf('/') + 1);
  return [
    `${state}.backup`,
    // The one-file state a version-2 state replaced, kept once after the migration.
    `${state}.v1.backup`,
    `${state}.journal`,
    `${state}.tmp-*`,
    // A shard is written like the manifest (a temp file, then a rename): a crash can leave one.
    `/${shardFolder(statePath)}*.tmp-*`,
    `${dir}.fwsync.lock*`,
  ];
}

/**
 * The state's shard folder, relative, with a trailing slash: `.fwsync/state.json` keeps its
 * shards in `.fwsync/state.shards/`.
 */
export function shardFolder(statePath: string): string {
  const rel = statePath.replace(/^\.\//, '');
  const slash = rel.lastIndexOf('/');
  return `${rel.slice(0, slash + 1)}${shardFolderName(rel.slice(slash + 1))}/`;
}

/** The comment above the entries: says which files must be committed. */
export function gitignoreHeader(statePath: string): string {
  return `# fwsync: commit ${statePath} and ${shardFolder(statePath)}; these files next to them are local to one run or one machine`;
}

/**
 * The lines to append to an existing .gitignore (empty when every entry is there already),
 * with a newline first when the file does not end with one.
 */
export function gitignoreAddition(existing: string | null, statePath: string): string {
  const have = new Set((existing ?? '').split(/\r?\n/).map((l) => l.trim()));
  const missing = gitignoreEntries(statePath).filter((e) => !have.has(e));
  if (missing.length === 0) return '';
  const lead = existing && !existing.endsWith('\n') ? '\n' : '';
  const gap = existing && existing.trim() !== '' ? '\n' : '';
  return `${lead}${gap}${[gitignoreHeader(statePath), ...missing].join('\n')}\n`;
}

export interface ActionRef {
  /** owner/name of the repository the Action runs from. */
  repository: string;
  /** Full commit SHA, or PLACEHOLDER_SHA when unknown. */
  sha: string;
  /** The release the SHA belongs to, e.g. 0.1.0. */
  version: string;
}

/**
 * The Action's commit when fwsync was installed from git: npm records the commit it resolved
 * (`git+ssh://git@github.com/owner/name.git#<sha>`) in package-lock.json. Null otherwise.
 */
export function actionRefFromResolved(resolved: string | null, version: string): ActionRef | null {
  if (resolved === null) return null;
  const m = /github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?#([0-9a-f]{40})$/.exec(resolved);
  if (!m) return null;
  return { repository: `${m[1]}/${m[2]}`, sha: m[3]!, version };
}

/**
 * The workflow: examples/workflows/fwsync.yml is this function's output for the example's
 * placeholder (`example: true`); `fwsync init` writes it with the installed release.
 */
export function renderWorkflow(ref: ActionRef, opts: { example?: boolean } = {}): string {
  const known = ref.sha !== PLACEHOLDER_SHA;
  const header = opts.example
    ? [
        '# Example workflow for a repository of FinerWorks image YAML files: copy it to',
        '# .github/workflows/fwsync.yml. A plan on every pull request, an apply on every push to main,',
        '# and workflow_dispatch to re-run an apply for the current main (it converges).',
      ]
    : [
        '# fwsync: a plan on every pull request, an apply on every push to main, and',
        '# workflow_dispatch to re-run an apply for the current main (it converges).',
        '# The Action below must be the same release as the fwsync in package.json.',
      ];
  const pinComment = opts.example
    ? ['      # Pin fwsync to the full commit SHA of the release you use (placeholder below).']
    : known
      ? [`      # fwsync v${ref.version}, pinned to its commit; keep it the release in package.json.`]
      : [
          `      # Replace the zeros with the commit of fwsync's tag v${ref.version}, the last line of:`,
          `      #   git ls-remote https://github.com/${ref.repository} 'refs/tags/v${ref.version}*'`,
        ];
  const uses = `${ref.repository}@${ref.sha} # v${ref.version}`;
  return [
    ...header,
    'name: fwsync',
    '',
    'on:',
    '  # Never pull_request_target: it would run with secrets and a write token on fork code.',
    '  pull_request:',
    '    branches: [main]',
    '  push:',
    '    branches: [main]',
    '  workflow_dispatch:',
    '',
    '# Nothing by default; each job asks for what it needs.',
    'permissions: {}',
    '',
    'jobs:',
    '  plan:',
    "    if: github.event_name == 'pull_request'",
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 10',
    '    permissions:',
    '      contents: read',
    "      pull-requests: write # the sticky plan comment (a fork's token stays read-only: summary only)",
    '    steps:',
    '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
    '        with:',
    '          persist-credentials: false',
    '          # The merge commit and its parents: the plan compares the config and the state',
    "          # file with the pull request's base (docs/security.md).",
    '          fetch-depth: 2',
    ...pinComment,
    `      - uses: ${uses}`,
    '        with:',
    '          command: plan',
    '          # No FinerWorks keys: a plan needs none, and forks and Dependabot get no secrets anyway.',
    '',
    '  apply:',
    "    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'",
    '    runs-on: ubuntu-latest',
    '    timeout-minutes: 30',
    '    # One apply at a time for this account; a queued run is never cancelled mid-apply.',
    '    concurrency:',
    '      group: fwsync-apply',
    '      cancel-in-progress: false',
    '    permissions:',
    '      contents: write # commit the state file back (state-backend: commit or branch)',
    '      pull-requests: write # the per-image results on the merged pull request',
    '    # environment: production # optional: required reviewers before an apply',
    '    steps:',
    '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
    '        with:',
    '          # The branch head rather than the pushed commit: a queued apply must see the state',
    '          # file committed by the apply that ran before it, and applies the whole desired state.',
    '          ref: ${{ github.ref }}',
    `      - uses: ${uses}`,
    '        with:',
    '          command: apply',
    '          web-api-key: ${{ secrets.FINERWORKS_WEB_API_KEY }}',
    '          app-key: ${{ secrets.FINERWORKS_APP_KEY }}',
    '          account-key: ${{ secrets.FINERWORKS_ACCOUNT_KEY }}',
    '          # With branch protection that forbids pushes to main, use `branch` instead.',
    '          state-backend: commit',
    '      # When the state could not be saved, what FinerWorks confirmed is kept for you to commit',
    '      # (docs/github-action.md, "When the state cannot be saved").',
    '      - if: failure()',
    '        uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2',
    '        with:',
    '          name: fwsync-errored-state',
    '          path: |',
    '            ${{ runner.temp }}/fwsync/errored-state.json',
    '            ${{ runner.temp }}/fwsync/errored-journal.jsonl',
    '          if-no-files-found: ignore',
    '',
  ].join('\n');
}

/** images/README.md: what goes in the folder. */
export function renderImagesReadme(): string {
  return [
    '# Image files',
    '',
    'fwsync reads every `*.yaml` / `*.yml` file in this folder: `version: 1` and a list of',
    '`images`, each with `guid`, `title` and `description` (and optionally `visible`, `rank`,',
    '`assigned_personal_gallery_ids`, `assigned_gallery_subcategory_ids`).',
    '`fwsync import` writes `images/imported.yaml` from the images already on the account.',
    '',
    '```yaml',
    '# yaml-language-server: $schema=../node_modules/fwsync/schemas/images.schema.json',
    'version: 1',
    'images:',
    '  - guid: 5fd001ce-5db8-4e84-9010-e29499eadb3f',
    '    title: My Cool Image',
    '    description: This is a very cool image.',
    '```',
    '',
  ].join('\n');
}
