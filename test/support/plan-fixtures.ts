// Builders for the render tests' plans: guids from small numbers, a state recording given
// fields as applied, and desired images. Each render test picks its own file, line, lineage and
// serial, since some of those appear in the rendered output.

import { hashFields } from '../../src/core/canonical.js';
import type { DesiredImage, ImageFields, State } from '../../src/core/types.js';

/** A valid, recognisable guid for image number `n`. */
export const G = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A state whose images `G(n)` were applied with `fields`, all from `source`. */
export function stateOf(
  entries: Array<[number, ImageFields]>,
  meta: { source: string; lineage: string; serial: number },
): State {
  const images: State['images'] = {};
  for (const [n, applied] of entries) {
    images[G(n)] = {
      applied,
      hash: hashFields(applied),
      applied_at: '2026-01-01T00:00:00.000Z',
      source: meta.source,
      commit: null,
    };
  }
  return { version: 1, lineage: meta.lineage, serial: meta.serial, images, files: {} };
}

/** The desired image `G(n)` with `fields`, declared at `file`:`line`. */
export const desiredImage = (n: number, fields: ImageFields, file: string, line: number): DesiredImage => ({
  guid: G(n),
  fields,
  file,
  line,
});
