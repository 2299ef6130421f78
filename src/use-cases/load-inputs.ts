// Reading everything a plan starts from: the config, the state (with the journal of an
// interrupted apply folded in) and the image files. See docs/architecture.md, "read".

import path from 'node:path';
import { journalAlreadyFolded, journalMatches } from '../adapters/journal.js';
import { nextState } from '../core/next-state.js';
import { invisibleCharacterIssues } from '../core/invisible.js';
import { profileEffects, type ProfileEffects } from '../core/api-profile.js';
import type { Config, DesiredSet, Guid, ImageFields, Issue, State } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import type { Ports } from './ports.js';

export interface Inputs {
  config: Config;
  /** Absolute path of the state file. */
  statePath: string;
  /** The state with any journal of an interrupted apply folded in. */
  state: State | null;
  /** What is on disk, for the compare-and-swap of the next write. */
  stateOnDisk: { lineage: string; serial: number } | null;
  /** How many confirmed updates of an interrupted apply's journal were folded in. */
  recovered: number;
  /** A journal whose updates the state already holds (a crash before it was deleted). */
  foldedJournal: boolean;
  desired: DesiredSet;
  issues: Issue[];
  /** What `fwsync doctor --probe-image` measured (neutral when it never ran). */
  profile: ProfileEffects;
  /** After a refresh: every field the account reports per image (planFor sets it). */
  liveRaw?: Map<Guid, ImageFields>;
}

export interface ConfigChoice {
  configPath?: string;
  /** Already loaded by the caller (the Action reads it to find the state file). */
  config?: Config;
}

export function loadConfigFor(ports: Ports, opts: { configPath?: string }): Promise<Config> {
  return ports.config.load({ cwd: ports.cwd, ...(opts.configPath ? { configPath: opts.configPath } : {}) });
}

export async function loadInputs(ports: Ports, opts: ConfigChoice): Promise<Inputs> {
  const config = opts.config ?? (await loadConfigFor(ports, opts));
  const statePath = path.resolve(ports.cwd, config.state);
  const { state: onDisk } = await ports.state.read(statePath);
  const desiredFromFiles = (state: State | null) =>
    ports.images.read({
      cwd: ports.cwd,
      patterns: config.images,
      stateFiles: state?.files ?? null,
      maxFiles: config.safety.max_image_files,
    });

  const journal = await ports.journal.read(statePath);
  let state = onDisk;
  let recovered = 0;
  let foldedJournal = false;
  if (journal && journalAlreadyFolded(journal, onDisk)) {
    // A crash between writing the state and deleting the journal: nothing to recover.
    foldedJournal = true;
    ports.log.verbose('the apply journal is already folded into the state; it is ignored');
  } else if (journal) {
    if (!journalMatches(journal.header, onDisk)) {
      throw new FwsyncError(
        'state',
        `found ${path.relative(ports.cwd, statePath)}.journal that does not belong to the state file`,
        {
          hint:
            'The journal records updates an interrupted apply had confirmed, but the state file has changed since. ' +
            'Keep a copy of the journal, delete it, and run `fwsync plan --refresh` to compare with the live account.',
        },
      );
    }
    if (journal.torn)
      ports.log.warn('the last line of the apply journal was cut short by a crash; it is ignored');
    recovered = journal.entries.length;
    if (recovered > 0) {
      // The desired set is only needed for the per-file bookkeeping; the files entries are
      // recomputed from scratch by the next full write.
      const { desired } = await desiredFromFiles(null);
      state = nextState(onDisk, {
        lineage: journal.header.lineage ?? ports.state.newLineage(),
        confirmed: journal.entries,
        forgotten: [],
        desired,
      });
    }
  }
  const { desired, issues } = await desiredFromFiles(state);
  // Invisible and bidi characters: a warning per image field, or an error when the config says so.
  const invisible = invisibleCharacterIssues(desired.images);
  if (config.safety.invisible_characters === 'error') issues.push(...invisible);
  else for (const i of invisible) ports.log.warn(`${i.file}:${i.line}: ${i.message}`);
  const skipped = desired.files.filter((f) => f.skipped).map((f) => f.path);
  ports.log.verbose(
    `${skipped.length} of ${desired.files.length} image files unchanged since the last apply, not parsed again` +
      (skipped.length > 0 ? `: ${skipped.join(', ')}` : ''),
  );
  return {
    config,
    statePath,
    state,
    profile: await readProfileEffects(ports, statePath),
    stateOnDisk: onDisk ? { lineage: onDisk.lineage, serial: onDisk.serial } : null,
    recovered,
    foldedJournal,
    desired,
    issues,
  };
}

/** The one place the API profile is read; a broken file is a warning, not a failure. */
async function readProfileEffects(ports: Ports, statePath: string): Promise<ProfileEffects> {
  try {
    return profileEffects(await ports.doctorFiles.readProfile(statePath));
  } catch (error) {
    ports.log.warn(`${error instanceof Error ? error.message : String(error)}; it is ignored`);
    return profileEffects(null);
  }
}

/** Throws the validation error (exit 1) that lists every problem found in the image files. */
export function failOnIssues(issues: Issue[]): void {
  if (issues.length > 0) {
    throw new FwsyncError(
      'validation',
      `${issues.length} problem${issues.length === 1 ? '' : 's'} in the image files`,
      {
        issues,
        hint: 'Fix the files named above and run `fwsync validate` again.',
      },
    );
  }
}
