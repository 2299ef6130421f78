// An image file named on the command line (`import --out`, `pull --add-new`): under the working
// directory, and matched by the config's image globs, or the next plan would not read it.

import path from 'node:path';
import type { Config } from '../core/types.js';
import { FwsyncError } from '../errors.js';

export interface ImageFileTarget {
  abs: string;
  /** Relative to cwd, forward slashes. */
  rel: string;
}

export function imageFileTarget(cwd: string, config: Config, given: string, flag: string): ImageFileTarget {
  const abs = path.resolve(cwd, given);
  const rel = toPosix(path.relative(cwd, abs));
  if (rel.startsWith('../') || path.isAbsolute(rel)) {
    throw new FwsyncError('input', `${flag} ${given} is outside the working directory`, {
      hint: 'Image files live in the repository; pick a path under it, e.g. images/imported.yaml.',
    });
  }
  if (!matchesAny(rel, config.images)) {
    throw new FwsyncError(
      'input',
      `${flag} ${rel} is not matched by the image globs (${config.images.join(', ')})`,
      {
        hint: 'The next plan would not read the file and would forget its images. Pick a path the globs match, e.g. images/imported.yaml, or change `images` in the config.',
      },
    );
  }
  return { abs, rel };
}

function matchesAny(rel: string, patterns: readonly string[]): boolean {
  const matches = (path.posix as { matchesGlob?: (p: string, g: string) => boolean }).matchesGlob;
  // Without path.matchesGlob (older Node) the check is skipped rather than guessed.
  if (typeof matches !== 'function') return true;
  return patterns.some((pattern) => matches(rel, pattern));
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
