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
  /**
   * The state with any journal of an interrupted apply folded in. With `partialState` its
   * `images` may lack the images of the files that were not parsed again: `tracked` says how
   * many there are in all.
   */
  state: State | null;
  /** Set when `state.images` is partial: the images the state tracks in all. */
  tracked?: number;
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
  /**
   * Read only the state a plan of the changed files needs (a plan without --refresh). Anything
   * that writes the state, or reads the account, needs it whole and leaves this unset.
   */
  partialState?: boolean;
}

export function loadConfigFor(ports: Ports, opts: { configPath?: string }): Promise<Config> {
  return ports.config.load({ cwd: ports.cwd, ...(opts.configPath ? { configPath: opts.configPath } : {}) });
}

export async function loadInputs(ports: Ports, opts: ConfigChoice): Promise<Inputs> {
  const config = opts.config ?? (await loadConfigFor(ports, opts));
  const statePath = path.resolve(ports.cwd, config.state);
  const desiredFromFiles = (state: Pick<State, 'files'> | null) =>
    ports.images.read({
      cwd: ports.cwd,
      patterns: config.images,
      stateFiles: state?.files ?? null,
      maxFiles: config.safety.max_image_files,
    });

  const journal = await ports.journal.read(statePath);
  if (opts.partialState === true && journal === null) {
    // The files entries first: they say which image files need no parsing, and then which
    // image shards hold nothing but images of those files (unchanged by construction).
    const staged = await ports.state.readStaged(statePath);
    const read = await desiredFromFiles(staged);
    const skipped = read.desired.files.filter((f) => f.skipped);
    const images = staged ? await staged.images(skipped) : null;
    return finish(ports, config, statePath, read, {
      state: images?.state ?? null,
      onDisk: staged,
      recovered: 0,
      foldedJournal: false,
      ...(images ? { tracked: images.tracked } : {}),
    });
  }
  const { state: onDisk } = await ports.state.read(statePath);
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
  return finish(ports, config, statePath, await desiredFromFiles(state), {
    state,
    onDisk,
    recovered,
    foldedJournal,
  });
}

async function finish(
  ports: Ports,
  config: Config,
  statePath: string,
  read: { desired: DesiredSet; issues: Issue[] },
  got: {
    state: State | null;
    onDisk: { lineage: string; serial: number } | null;
    recovered: number;
    foldedJournal: boolean;
    tracked?: number;
  },
): Promise<Inputs> {
  const { desired, issues } = read;
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
    state: got.state,
    ...(got.tracked !== undefined ? { tracked: got.tracked } : {}),
    profile: await readProfileEffects(ports, statePath),
    stateOnDisk: got.onDisk ? { lineage: got.onDisk.lineage, serial: got.onDisk.serial } : null,
    recovered: got.recovered,
    foldedJournal: got.foldedJournal,
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
