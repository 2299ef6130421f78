// `apply --verify`: read the sent images back and list every field the account holds otherwise.

import type { LibraryRef } from '../adapters/finerworks-paging.js';
import { sameValue } from '../core/drift.js';
import type { FinerWorksApi, UpdateImageDetails } from '../core/finerworks-types.js';
import { FIELD_NAMES, type FieldName, type Guid } from '../core/types.js';
import { readLive, type Reading } from './live-read.js';

export interface VerifyMismatch {
  guid: Guid;
  /** `image` when the image itself could not be read back. */
  field: FieldName | 'image';
  sent: unknown;
  /** What list_images reports now; undefined when it does not report the field (or the image). */
  stored: unknown;
}

/** Reads the sent images back and lists every sent field the account does not hold. */
export async function verifyApplied(
  api: FinerWorksApi,
  sent: readonly UpdateImageDetails[],
  library: LibraryRef,
  reading: Reading = {},
): Promise<VerifyMismatch[]> {
  const byGuid = new Map(sent.map((image) => [image.guid.toLowerCase(), image]));
  const guids = [...byGuid.keys()];
  const { live } = await readLive(api, { library, guids, listProducts: false, ...reading });
  const mismatches: VerifyMismatch[] = [];
  for (const guid of guids.sort()) {
    const image = byGuid.get(guid)!;
    const stored = live.get(guid);
    if (!stored) {
      mismatches.push({ guid, field: 'image', sent: guid, stored: undefined });
      continue;
    }
    for (const field of FIELD_NAMES) {
      const value = image[field];
      if (value === undefined) continue;
      if (!sameValue(field, stored[field], value))
        mismatches.push({ guid, field, sent: value, stored: stored[field] });
    }
  }
  return mismatches;
}
