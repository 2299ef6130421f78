// The hidden first line of fwsync's pull-request comments: which kind, which head commit and
// plan checksum, and the digests of the reviewed changes. It finds our comment again, and tells
// the apply after a merge what was reviewed.

import { MAX_REVIEW_DIGESTS } from '../core/review.js';
import { FwsyncError } from '../errors.js';

export type CommentKind = 'plan' | 'apply';

export interface CommentMarker {
  kind: CommentKind;
  headSha: string;
  checksum: string;
  /** Plan comments: the digest of every change (core/review.ts); null when there were too many. */
  changes?: string[] | null;
}

const SHA_RE = /^[0-9a-f]{7,64}$/i;
const CHECKSUM_RE = /^[A-Za-z0-9:._-]{1,128}$/;
// Anchored at the very start: user text inside a comment body can never be taken for ours.
// Fields after the checksum are `key=value` pairs; keys this version does not know are skipped,
// so a marker written by a newer fwsync is still found (and updated, never duplicated).
const MARKER_RE =
  /^<!-- fwsync:(plan|apply) sha=([0-9a-f]{7,64}) checksum=([A-Za-z0-9:._-]{1,128})((?: [a-z][a-z0-9-]{0,30}=[A-Za-z0-9:._,-]{0,4000}){0,8}) -->/;
const DIGESTS_RE = new RegExp(`^[0-9a-f]{16}(?:,[0-9a-f]{16}){0,${MAX_REVIEW_DIGESTS - 1}}$`);
export function commentMarker(m: CommentMarker): string {
  if (!SHA_RE.test(m.headSha))
    throw new FwsyncError('input', `Not a commit sha: "${m.headSha.slice(0, 80)}".`);
  if (!CHECKSUM_RE.test(m.checksum)) {
    throw new FwsyncError('input', `Not a plan checksum: "${m.checksum.slice(0, 80)}".`);
  }
  let changes = '';
  // More digests than a marker holds: left out, so the apply only compares checksums.
  if (m.changes && m.changes.length <= MAX_REVIEW_DIGESTS) {
    const list = m.changes.join(',');
    if (m.changes.length > 0 && !DIGESTS_RE.test(list)) {
      throw new FwsyncError('input', 'Not a list of change digests for a comment marker.');
    }
    changes = ` changes=${m.changes.length === 0 ? '-' : list}`;
  }
  return `<!-- fwsync:${m.kind} sha=${m.headSha.toLowerCase()} checksum=${m.checksum}${changes} -->`;
}

export function parseCommentMarker(body: string): CommentMarker | null {
  const m = MARKER_RE.exec(body);
  if (!m) return null;
  let changes: string[] | null = null;
  for (const field of m[4]!.split(' ')) {
    if (!field.startsWith('changes=')) continue;
    const value = field.slice('changes='.length);
    // A list this version cannot read counts as unknown, never as "no changes".
    changes = value === '-' ? [] : DIGESTS_RE.test(value) ? value.split(',') : null;
  }
  return { kind: m[1] as CommentKind, headSha: m[2]!, checksum: m[3]!, changes };
}
