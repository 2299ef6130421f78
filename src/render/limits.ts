// GitHub's size limits, in one place: every renderer, the Action and the GitHub adapter take
// them from here, so a change to one of GitHub's limits is a change to one line.

/** GitHub refuses an issue or pull-request comment body longer than this (HTTP 422). */
export const GITHUB_COMMENT_MAX_CHARS = 65_536;

/**
 * What a rendered comment body is kept under: GitHub's limit less room for the hidden marker
 * line and the notes the Action appends. Also the default cap of every markdown renderer.
 */
export const COMMENT_MAX_CHARS = 60_000;

/** GitHub drops a step summary over 1 MiB; keep a margin for the runner's own additions. */
export const SUMMARY_MAX_BYTES = 1_000_000;

/** At most this many annotations per run: GitHub shows only a few per step; the rest would be noise. */
export const MAX_ANNOTATIONS = 50;
