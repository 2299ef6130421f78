// The files of `fwsync doctor`, next to the state file: the API profile it measured
// (api-profile.json) and the probe's journal (doctor.journal), which holds the probed image's
// original values from before the first update until they are restored.

import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { parseProfile, type ApiProfile } from '../core/api-profile.js';
import type { ImageFields } from '../core/types.js';
import { FwsyncError } from '../errors.js';
import { nodeFs, writeAtomic } from './atomic-file.js';

export const PROFILE_FILE = 'api-profile.json';
export const PROBE_JOURNAL_FILE = 'doctor.journal';

export interface ProbeJournal {
  version: 1;
  guid: string;
  base_url: string;
  /** The image's values before the probe changed anything. */
  original: ImageFields;
  written_at: string;
}

export interface DoctorFiles {
  profilePath(statePath: string): string;
  journalPath(statePath: string): string;
  /** The profile, or null when there is none; a file that is not a profile is an error. */
  readProfile(statePath: string): Promise<ApiProfile | null>;
  writeProfile(statePath: string, profile: ApiProfile): Promise<void>;
  readJournal(statePath: string): Promise<ProbeJournal | null>;
  /** Durable before it returns: the probe sends its first update only after this. */
  writeJournal(statePath: string, journal: ProbeJournal): Promise<void>;
  removeJournal(statePath: string): Promise<void>;
}

const profilePath = (statePath: string) => path.join(path.dirname(statePath), PROFILE_FILE);
const journalPath = (statePath: string) => path.join(path.dirname(statePath), PROBE_JOURNAL_FILE);

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw new FwsyncError('input', `cannot read ${file}`, { cause: error });
  }
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await nodeFs.mkdir(path.dirname(file), { recursive: true });
  await writeAtomic(nodeFs, file, Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'));
}

export const nodeDoctorFiles: DoctorFiles = {
  profilePath,
  journalPath,
  async readProfile(statePath) {
    const file = profilePath(statePath);
    const text = await readText(file);
    if (text === null) return null;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
    const parsed = parseProfile(data);
    if ('problem' in parsed) {
      throw new FwsyncError('input', `${file} is not an API profile (${parsed.problem})`, {
        hint: 'Delete it and run `fwsync doctor --probe-image GUID` again to measure the account.',
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
      const data = JSON.parse(text) as ProbeJournal;
      if (data.version === 1 && typeof data.guid === 'string' && typeof data.original?.title === 'string')
        return data;
    } catch {
      // fall through
    }
    throw new FwsyncError('state', `${file} is not a doctor journal`, {
      hint: 'It should hold the original values of the image an interrupted `fwsync doctor --probe-image` changed. Check that image on FinerWorks, then delete the file.',
    });
  },
  writeJournal: (statePath, journal) => writeJson(journalPath(statePath), journal),
  async removeJournal(statePath) {
    await unlink(journalPath(statePath)).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    });
  },
};
