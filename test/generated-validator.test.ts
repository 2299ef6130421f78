// The images validator is compiled ahead of time (src/generated/). This keeps it honest: the
// committed file is exactly what the generator makes from today's schema, and it answers every
// fixture exactly as a validator compiled at run time with the same settings does.
// `npm run generate` (FWSYNC_WRITE_GENERATED=1) rewrites the file instead of failing.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { GENERATED_IMAGES_VALIDATOR, imagesValidatorSource } from '../scripts/validator-codegen.js';
import { createAjv } from '../src/core/ajv.js';
import { getImagesValidator, imagesSchema } from '../src/core/validate-images.js';

const ROOT = path.resolve(import.meta.dirname, '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => /\.ya?ml$/.test(rel))
    .map((rel) => path.join(dir, rel))
    .sort();
}

describe('the generated images validator', () => {
  it('is up to date with schemas/images.schema.json', () => {
    const file = path.join(ROOT, GENERATED_IMAGES_VALIDATOR);
    const fresh = imagesValidatorSource(imagesSchema);
    if (process.env.FWSYNC_WRITE_GENERATED === '1') writeFileSync(file, fresh);
    expect(
      readFileSync(file, 'utf8') === fresh,
      `${GENERATED_IMAGES_VALIDATOR} is out of date: run npm run generate`,
    ).toBe(true);
  });

  it('answers every fixture as a validator compiled at run time does, errors included', () => {
    const compiled = createAjv({ trustedSchemas: true }).compile(imagesSchema);
    const generated = getImagesValidator();
    let checked = 0;
    const verdicts = new Set<boolean>();
    for (const file of yamlFiles(path.join(ROOT, 'fixtures'))) {
      let data: unknown;
      try {
        // Files that are not YAML at all (invalid UTF-8, an alias bomb) never reach a validator.
        data = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: false }).toJS();
      } catch {
        continue;
      }
      const where = path.relative(ROOT, file);
      const verdict = compiled(data);
      expect(generated(data), where).toBe(verdict);
      expect(generated.errors ?? null, where).toEqual(compiled.errors ?? null);
      verdicts.add(verdict);
      checked++;
    }
    // Both verdicts occur, on most of the corpus, so the comparison is not vacuous.
    expect(verdicts).toEqual(new Set([true, false]));
    expect(checked).toBeGreaterThan(50);
  });

  it('counts length in characters, not UTF-16 units (the inlined ucs2length helper)', () => {
    const image = (title: string) => ({
      version: 1,
      images: [{ guid: '5fd001ce-5db8-4e84-9010-e29499eadb3f', title, description: '' }],
    });
    const validate = getImagesValidator();
    expect(validate(image('🎨'.repeat(256)))).toBe(true);
    expect(validate(image('🎨'.repeat(257)))).toBe(false);
    expect(validate(image(''))).toBe(false);
  });
});
