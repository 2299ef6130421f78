// Behaviours: the answers the FinerWorks documentation leaves open, each playable by the
// emulator so that `fwsync doctor --probe-image` (and everything that follows its profile) can
// be tested against every one of them. docs/emulator.md lists them.

import { FwsyncError } from '../errors.js';

export interface EmulatorBehaviour {
  /** A field left out of an update_images entry: kept (default) or cleared. */
  partial: 'keep' | 'clear';
  /** `description: ""`: stored (default), ignored like an omitted field, or rejected. */
  emptyDescription: 'store' | 'ignore' | 'reject';
  /** visible, rank and the gallery lists: stored (default), silently ignored, or rejected. */
  optional: 'accept' | 'ignore' | 'reject';
  /** An update of an inventory image removes its virtual products (default, as documented) or keeps them. */
  products: 'remove' | 'keep';
  /**
   * An unknown guid in a batch: `reject` (default) answers success:false and changes nothing,
   * `silent` answers success and updates the known images, `http-400` answers a ModelState error.
   */
  unknownGuid: 'reject' | 'silent' | 'http-400';
  /** update_images refuses more images per request (HTTP 400). Default: no limit. */
  maxBatch: number | undefined;
}

export const DEFAULT_BEHAVIOUR: Readonly<EmulatorBehaviour> = Object.freeze({
  partial: 'keep',
  emptyDescription: 'store',
  optional: 'accept',
  products: 'remove',
  unknownGuid: 'reject',
  maxBatch: undefined,
});

const CHOICES = {
  partial: ['keep', 'clear'],
  'empty-description': ['store', 'ignore', 'reject'],
  optional: ['accept', 'ignore', 'reject'],
  products: ['remove', 'keep'],
  'unknown-guid': ['reject', 'silent', 'http-400'],
} as const;

const KEYS: Record<keyof typeof CHOICES, keyof EmulatorBehaviour> = {
  partial: 'partial',
  'empty-description': 'emptyDescription',
  optional: 'optional',
  products: 'products',
  'unknown-guid': 'unknownGuid',
};

const USAGE =
  'Use key=value, e.g. --behaviour partial=clear; keys: ' +
  [...Object.entries(CHOICES).map(([k, v]) => `${k} (${v.join('|')})`), 'max-batch (a number ≥ 1)'].join(
    ', ',
  ) +
  '.';

/** `["partial=clear", "max-batch=10"]` over the defaults; a typo fails loudly. */
export function parseBehaviours(
  specs: readonly string[],
  base: Readonly<EmulatorBehaviour> = DEFAULT_BEHAVIOUR,
): EmulatorBehaviour {
  const out: EmulatorBehaviour = { ...base };
  for (const spec of specs) {
    const [key = '', value = ''] = spec.split('=', 2).map((s) => s.trim());
    const bad = (why: string): never => {
      throw new FwsyncError('input', `emulator behaviour ${JSON.stringify(spec)}: ${why}`, { hint: USAGE });
    };
    if (key === 'max-batch') {
      const n = Number(value);
      if (!(Number.isInteger(n) && n >= 1)) bad('max-batch must be an integer ≥ 1');
      out.maxBatch = n;
      continue;
    }
    if (!(key in CHOICES)) bad(`unknown key ${JSON.stringify(key)}`);
    const choices = CHOICES[key as keyof typeof CHOICES] as readonly string[];
    if (!choices.includes(value)) bad(`${key} must be one of ${choices.join(', ')}`);
    (out as unknown as Record<string, unknown>)[KEYS[key as keyof typeof CHOICES]] = value;
  }
  return out;
}

/** A partial behaviour given as an object (in-process tests, the admin endpoint). */
export function behaviourFrom(value: unknown, base: Readonly<EmulatorBehaviour>): EmulatorBehaviour {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return parseBehaviours(value, base);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FwsyncError('input', 'emulator behaviour must be an object or a list of key=value strings', {
      hint: USAGE,
    });
  }
  const specs: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const key =
      Object.entries(KEYS).find(([, field]) => field === k)?.[0] ?? (k === 'maxBatch' ? 'max-batch' : k);
    if (v === undefined) continue;
    specs.push(`${key}=${String(v)}`);
  }
  return parseBehaviours(specs, base);
}
