// "Did you mean …?" for unknown property names. Pure: no I/O.

/** Levenshtein edit distance (insert, delete, substitute), O(a·b) time, O(b) memory. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let curr = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/**
 * The closest candidate to `name`, or undefined when none is close enough to be a likely typo.
 * Case and `-`/`_` differences count as near misses (`Title`, `assigned-personal-gallery-ids`).
 */
export function suggest(name: string, candidates: readonly string[]): string | undefined {
  // Long inputs cannot be typos of our short names; bail out before the quadratic loop.
  if (name.length > 64) return undefined;
  const norm = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = norm(candidate) === norm(name) ? 0 : levenshtein(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= allowed ? best : undefined;
}
