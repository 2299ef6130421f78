// An image file's text to its data, by one of two YAML parsers that must agree:
//
// - fast path: js-yaml with a schema that resolves plain scalars exactly as `yaml`'s core
//   schema does, taken only when a conservative pre-scan finds none of the features where the
//   two parsers could differ, and only when the data is valid;
// - slow path: `yaml`'s document model with strict settings (strict.ts). Every error is
//   reported from here, because only the document model knows positions.
//
// test/parser-equivalence.test.ts holds the two paths to "same accepted inputs, same data".

import { isSeq } from 'yaml';
import type { Issue } from '../../core/types.js';
import type { ImagesFileData } from '../../core/validate-images.js';
import { getImagesValidator, imagesSchema, schemaIssues } from '../../core/validate-images.js';
import { parseFast } from './fast.js';
import { isNodeWithRange, locatorFor, parseYamlStrict } from './strict.js';

export type ParseOutcome =
  { ok: true; data: ImagesFileData; imageLines: number[] } | { ok: false; issues: Issue[] };

/** Slow path: full positions, every error reported. */
export function parseSlow(text: string, file: string): ParseOutcome {
  const parsed = parseYamlStrict(text, file);
  if (!parsed.ok) return parsed;
  const { data, doc, lineCounter } = parsed;
  if (data === null || data === undefined) {
    const empty = doc.contents === null;
    return {
      ok: false,
      issues: [
        {
          file,
          line: 1,
          column: 1,
          code: empty ? 'file-empty' : 'file-null',
          message: empty ? 'the file is empty' : 'the file holds no data (null)',
          hint: 'an image file needs `version: 1` and a non-empty `images` list',
        },
      ],
    };
  }
  const validate = getImagesValidator();
  if (!validate(data)) {
    const issues = schemaIssues({
      errors: validate.errors ?? [],
      data,
      file,
      schema: imagesSchema,
      locate: locatorFor(doc, lineCounter),
    });
    return { ok: false, issues };
  }
  const seq = doc.get('images', true);
  const imageLines = isSeq(seq)
    ? seq.items.map((item) => (isNodeWithRange(item) ? lineCounter.linePos(item.range[0]).line : 1))
    : [];
  return { ok: true, data: data as ImagesFileData, imageLines };
}

/** Fast path when it can, slow path otherwise. */
export function parseImagesText(text: string, file: string): ParseOutcome {
  const fast = parseFast(text);
  if (fast.ok) return fast;
  return parseSlow(text, file);
}
