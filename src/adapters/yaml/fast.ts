// The fast path: js-yaml with a schema that resolves plain scalars exactly as `yaml`'s core
// schema does, taken only when the pre-scan (prescan.ts) finds none of the features where the
// two parsers could differ, and only when the data is valid. It never reports a problem: any
// doubt sends the file to the strict path, which alone explains errors.

import { FAILSAFE_SCHEMA, Type, load as jsYamlLoad } from 'js-yaml';
import type { ImagesFileData } from '../../core/validate-images.js';
import { isValidImagesData } from '../../core/validate-images.js';
import { prescan } from './prescan.js';
import { errorName } from './strict.js';

// js-yaml types that resolve plain scalars with exactly the regular expressions and
// conversions of `yaml`'s core schema (yaml/dist/schema/core), so the two parsers cannot
// disagree about what `017`, `0x10`, `1_000`, `+1`, `.5` or `yes` mean. js-yaml's own
// CORE_SCHEMA differs (it accepts `0b1`, `1_000`, `-0x10`; reads `-.5` as text).
// js-yaml keeps one implicit type per tag, so each tag lists its forms in yaml's order.
const scalar = (tag: string, forms: [RegExp, (s: string) => unknown][]): Type =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: unknown) => typeof s === 'string' && forms.some(([re]) => re.test(s)),
    construct: (s: string) => forms.find(([re]) => re.test(s))![1](s),
  });

export const FAST_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalar('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    scalar('int', [
      [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
      [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
      [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
    ]),
    scalar('float', [
      [
        /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
        (s) =>
          s.slice(-3).toLowerCase() === 'nan'
            ? NaN
            : s[0] === '-'
              ? Number.NEGATIVE_INFINITY
              : Number.POSITIVE_INFINITY,
      ],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
    ]),
  ],
});

export type FastOutcome =
  | { ok: true; data: ImagesFileData; imageLines: number[] }
  | { ok: false; reason: 'prescan' | 'parse' | 'schema'; detail: string };

/**
 * Fast path. `ok: false` is never a verdict on the file, only "ask the slow path".
 * `skipPrescan` exists for the equivalence test, to show what the pre-scan protects against.
 */
export function parseFast(text: string, options: { skipPrescan?: boolean } = {}): FastOutcome {
  const loaded = loadFast(text, options);
  if (!loaded.ok) return loaded;
  const { data, lineOf } = loaded;
  if (!isValidImagesData(data)) return { ok: false, reason: 'schema', detail: 'invalid' };
  return { ok: true, data, imageLines: data.images.map((image) => lineOf.get(image) ?? 1) };
}

export type FastLoad =
  | { ok: true; data: unknown; lineOf: Map<object, number> }
  | { ok: false; reason: 'prescan' | 'parse'; detail: string };

/**
 * The YAML half of the fast path, any document: the pre-scan, then js-yaml. The yaml-test-suite
 * test holds it to "never reads a document the strict parser rejects".
 */
export function loadFast(text: string, options: { skipPrescan?: boolean } = {}): FastLoad {
  if (!options.skipPrescan) {
    const flagged = prescan(text);
    if (flagged) return { ok: false, reason: 'prescan', detail: flagged };
  }
  // Each mapping's 1-based start line: the line where js-yaml opened its node, recorded when
  // the node closes (the result object is then known). Inner nodes close first and win.
  const openLines: number[] = [];
  const lineOf = new Map<object, number>();
  let data: unknown;
  try {
    data = jsYamlLoad(text, {
      schema: FAST_SCHEMA,
      json: false, // duplicate keys throw
      listener(event, state) {
        if (event === 'open') {
          openLines.push(state.line + 1);
        } else {
          const line = openLines.pop() ?? 1;
          const result: unknown = state.result;
          if (typeof result === 'object' && result !== null && !lineOf.has(result)) lineOf.set(result, line);
        }
      },
    });
  } catch (error: unknown) {
    return { ok: false, reason: 'parse', detail: errorName(error) };
  }
  return { ok: true, data, lineOf };
}
