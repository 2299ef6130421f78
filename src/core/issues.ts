// Issues in a fixed order: by file, line, column, code and message.

import { compareCodeUnits } from './canonical.js';
import type { Issue } from './types.js';

export function sortIssues(issues: readonly Issue[]): Issue[] {
  return [...issues].sort(
    (a, b) =>
      compareCodeUnits(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareCodeUnits(a.code, b.code) ||
      compareCodeUnits(a.message, b.message),
  );
}
