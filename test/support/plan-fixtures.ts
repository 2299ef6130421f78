// Builders for the render tests' plans: guids from small numbers, a state recording given
// fields as applied, and desired images. Each render test picks its own file, line, lineage and
// serial, since some of those appear in the rendered output.

import { hashFields } from '../../src/core/canonical.js';
import type { DesiredImage, DesiredSet, ImageFields, State } from '../../src/core/types.js';

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

// Four images and the helpers the three-way tests (drift, pull) build their inputs with.
export const A = '00000000-0000-4000-8000-00000000000a';
export const B = '00000000-0000-4000-8000-00000000000b';
export const C = '00000000-0000-4000-8000-00000000000c';
export const D = '00000000-0000-4000-8000-00000000000d';

/** A state (serial 3) whose images were applied with these fields, all from images/a.yaml. */
export function threeWayState(images: Record<string, ImageFields>): State {
  const out: State['images'] = {};
  for (const [guid, applied] of Object.entries(images)) {
    out[guid] = {
      applied,
      hash: hashFields(applied),
      applied_at: '2026-01-01T00:00:00.000Z',
      source: 'images/a.yaml',
      commit: null,
    };
  }
  return { version: 1, lineage: '3f0d0000-0000-4000-8000-000000000000', serial: 3, images: out, files: {} };
}

/** The same images as one YAML file, images/a.yaml, three lines apart. */
export function desiredOf(images: Record<string, ImageFields>): DesiredSet {
  const list = Object.entries(images).map(([guid, fields], i) => ({
    guid,
    fields,
    file: 'images/a.yaml',
    line: 3 + i * 3,
  }));
  return {
    images: list,
    files: [{ path: 'images/a.yaml', hash: 'sha256:x', guids: list.map((i) => i.guid), skipped: false }],
  };
}

/** Fields with a title, a description ('d' unless given) and any optional ones. */
export const f = (title: string, description = 'd', extra: Partial<ImageFields> = {}): ImageFields => ({
  title,
  description,
  ...extra,
});
