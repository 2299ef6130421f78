// `fwsync pull` (and the Action's drift pull request): the live edits of the managed images
// written into the YAML files in place, and recorded in the state, so that the next plan is
// empty and drift reports nothing. The decisions are core/pull.ts; the edits adapters/yaml-edit.ts.
// Files are written before the state: a crash in between leaves YAML that already holds the live
// values (the next pull records them), never a state that would make apply undo the live edits.

import path from 'node:path';
import { listAll } from '../adapters/finerworks-paging.js';
import { editImagesYaml } from '../adapters/yaml-edit.js';
import { compareCodeUnits } from '../core/canonical.js';
import { liveFields, rejectReasons } from '../core/live-fields.js';
import { nextState, stateEquals } from '../core/next-state.js';
import { editsByFile, planPull, type PullPlan } from '../core/pull.js';
import { FIELD_NAMES, type Config, type FieldName, type Guid, type ImageFields } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { renderImportYaml, type RejectedImage } from '../render/import-yaml.js';
import { VERSION } from '../version.js';
import { imageFileTarget, toPosix } from './image-file-path.js';
import { apiFor, readLive, readingFor } from './live-read.js';
import { failOnIssues, loadConfigFor } from './load-inputs.js';
import type { Ports } from './ports.js';
import { validate } from './validate.js';

export interface PullOptions {
  configPath?: string;
  /** Only these images (any case); empty: all. */
  guids?: readonly string[];
  /** Only these fields; empty: all. */
  fields?: readonly string[];
  /** Compute and show, write nothing. */
  dryRun?: boolean;
  /** Also append the live images no YAML file holds to this file. */
  addNew?: string;
  /** Edit files that have uncommitted changes. */
  force?: boolean;
}

export interface FileChange {
  /** Relative to cwd, forward slashes. */
  path: string;
  /** Null for a file --add-new creates. */
  before: string | null;
  after: string;
}

export interface PullResult {
  plan: PullPlan;
  /** Images --add-new appended, sorted by guid. */
  added: Array<{ guid: Guid; fields: ImageFields }>;
  /** Live images --add-new could not add: the image schema would reject their values. */
  rejected: RejectedImage[];
  /** The image files written (or, with dryRun, that would be), sorted by path. */
  files: FileChange[];
  /** The state file, relative to cwd. */
  statePath: string;
  /** Whether the state changed (and, unless dryRun, was written). */
  stateChanged: boolean;
  dryRun: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export async function pull(ports: Ports, opts: PullOptions): Promise<PullResult> {
  const filter = parseFilter(opts);
  const config = await loadConfigFor(ports, opts);
  const addNew =
    opts.addNew === undefined ? null : imageFileTarget(ports.cwd, config, opts.addNew, '--add-new');
  if (opts.dryRun === true) return pullLocked(ports, config, opts, filter, addNew);
  const statePath = path.resolve(ports.cwd, config.state);
  // Like apply and import: one writer of the state at a time on this machine.
  const lock = await ports.lock.acquire(path.dirname(statePath), { command: 'pull' });
  for (const warning of lock.warnings) ports.log.warn(warning);
  try {
    return await pullLocked(ports, config, opts, filter, addNew);
  } finally {
    await lock.release();
  }
}

function parseFilter(opts: PullOptions): { guids: Set<Guid> | null; fields: Set<FieldName> | null } {
  const guids = (opts.guids ?? []).map((g) => g.trim().toLowerCase());
  for (const g of guids) {
    if (!UUID.test(g)) {
      throw new FwsyncError('input', `--guid ${g} is not an image guid`, {
        hint: 'Give the guid as it appears in the YAML, e.g. --guid 3f0d7a9e-1b2c-4d5e-8f90-0123456789ab.',
      });
    }
  }
  const fields = (opts.fields ?? []).map((f) => f.trim());
  for (const f of fields) {
    if (!(FIELD_NAMES as readonly string[]).includes(f)) {
      throw new FwsyncError('input', `--field ${f} is not a field fwsync manages`, {
        hint: `Use one of: ${FIELD_NAMES.join(', ')}.`,
      });
    }
  }
  return {
    guids: guids.length > 0 ? new Set(guids) : null,
    fields: fields.length > 0 ? new Set(fields as FieldName[]) : null,
  };
}

async function pullLocked(
  ports: Ports,
  config: Config,
  opts: PullOptions,
  filter: { guids: Set<Guid> | null; fields: Set<FieldName> | null },
  addNew: { abs: string; rel: string } | null,
): Promise<PullResult> {
  const inputs = await validate(ports, { config });
  if (inputs.recovered > 0) {
    throw new FwsyncError(
      'refused',
      'an interrupted apply left updates in its journal that the state does not hold yet',
      {
        hint: 'Run `fwsync apply` first (it records them), then pull.',
      },
    );
  }
  const statePath = toPosix(path.relative(ports.cwd, inputs.statePath));
  // Every file parsed: pull edits them, and a skipped file has no text positions.
  const { desired, issues } = await ports.images.read({
    cwd: ports.cwd,
    patterns: config.images,
    stateFiles: null,
  });
  failOnIssues(issues);
  for (const guid of filter.guids ?? []) {
    if (!desired.images.some((d) => d.guid === guid)) {
      throw new FwsyncError('input', `--guid ${guid}: no image file holds this image`, {
        hint: 'Pull takes edits of images the YAML manages; to add an image from the account use --add-new FILE.',
      });
    }
  }

  const api = apiFor(ports, config);
  const reading = readingFor(ports, config);
  const live = new Map<Guid, ImageFields>();
  const added: Array<{ guid: Guid; fields: ImageFields }> = [];
  const rejected: RejectedImage[] = [];
  if (addNew) {
    // The whole library: the images no file holds are what --add-new is for.
    const held = new Set([...desired.images.map((d) => d.guid), ...Object.keys(inputs.state?.images ?? {})]);
    for (const image of await listAll(api, { library: config.library, call: reading.call })) {
      live.set(image.guid, liveFields(image));
      // An image in the state but in no file is one a person took out of the YAML: not re-added.
      if (held.has(image.guid)) continue;
      const reasons = rejectReasons(image);
      if (reasons.length > 0) rejected.push({ guid: image.guid, reasons });
      else
        added.push({
          guid: image.guid,
          fields: { title: image.title, description: liveFields(image).description },
        });
    }
    added.sort((a, b) => compareCodeUnits(a.guid, b.guid));
    rejected.sort((a, b) => compareCodeUnits(a.guid, b.guid));
  } else {
    const read = await readLive(api, {
      library: config.library,
      guids: desired.images.map((d) => d.guid),
      listProducts: false,
      ...reading,
    });
    for (const [guid, fields] of read.live) live.set(guid, fields);
  }

  const plan = planPull({ live, state: inputs.state, desired, filter });
  const files = await editedFiles(ports, plan, addNew, added);
  const base = {
    plan,
    added,
    rejected,
    statePath,
    dryRun: opts.dryRun === true,
  };
  const confirmedOf = (commit: string | null) => {
    const at = ports.clock.now().toISOString();
    return [
      ...plan.applied.map((a) => ({
        guid: a.guid,
        applied: a.applied,
        applied_at: at,
        source: a.source,
        commit,
      })),
      ...added.map((a) => ({ guid: a.guid, applied: a.fields, applied_at: at, source: addNew!.rel, commit })),
    ];
  };
  if (opts.dryRun === true) {
    return { ...base, files, stateChanged: plan.applied.length + added.length > 0 };
  }

  if (opts.force !== true && files.length > 0) {
    const dirty = await ports.git.uncommitted(
      ports.cwd,
      files.filter((f) => f.before !== null).map((f) => f.path),
    );
    if (dirty && dirty.length > 0) {
      throw new FwsyncError(
        'refused',
        `${dirty.join(', ')} ${dirty.length === 1 ? 'has' : 'have'} uncommitted changes; pull would mix its edits into them`,
        {
          hint: 'Nothing was written. Commit or stash them first, or run `fwsync pull --force` to edit them anyway.',
        },
      );
    }
  }
  for (const f of files) {
    await ports.files.writeAtomic(path.resolve(ports.cwd, f.path), Buffer.from(f.after, 'utf8'), {
      exclusive: f.before === null,
    });
  }

  const confirmed = confirmedOf(await ports.git.headCommit(ports.cwd));
  if (confirmed.length === 0 && files.length === 0) return { ...base, files, stateChanged: false };
  // The state after: the pulled values confirmed, file entries from the files as now written.
  const reread = await ports.images.read({ cwd: ports.cwd, patterns: config.images, stateFiles: null });
  failOnIssues(reread.issues);
  const next = nextState(inputs.state, {
    lineage: inputs.state?.lineage ?? ports.state.newLineage(),
    confirmed,
    forgotten: [],
    desired: reread.desired,
  });
  const stateChanged = !stateEquals(inputs.state, next);
  if (stateChanged) {
    await ports.state.write(inputs.statePath, next, { expected: inputs.stateOnDisk });
  }
  return { ...base, files, stateChanged };
}

/** The new text of every file the pull changes, sorted by path. */
async function editedFiles(
  ports: Ports,
  plan: PullPlan,
  addNew: { abs: string; rel: string } | null,
  added: ReadonlyArray<{ guid: Guid; fields: ImageFields }>,
): Promise<FileChange[]> {
  const byFile = editsByFile(plan.edits);
  const paths = new Set(byFile.keys());
  if (addNew && added.length > 0) paths.add(addNew.rel);
  const out: FileChange[] = [];
  for (const rel of [...paths].sort(compareCodeUnits)) {
    const abs = path.resolve(ports.cwd, rel);
    const append = addNew?.rel === rel ? added : [];
    const set = (byFile.get(rel) ?? []).map((e) => ({ guid: e.guid, field: e.field, value: e.live }));
    if (!(await ports.files.exists(abs))) {
      out.push({
        path: rel,
        before: null,
        after: renderImportYaml(append, {
          generatedAt: ports.clock.now().toISOString(),
          schemaRef: 'https://github.com/fwsync/fwsync/schemas/images.schema.json',
          version: VERSION,
          command: 'fwsync pull --add-new',
        }),
      });
      continue;
    }
    const before = await ports.files.readText(abs);
    out.push({ path: rel, before, after: editImagesYaml(before, rel, { set, append }) });
  }
  return out;
}
