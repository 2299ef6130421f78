// The in-place editor: one value replaced, every other byte kept; the style kept when the new
// value fits it; the result read back with the reader plan uses.
import { describe, expect, it } from 'vitest';
import { editImagesYaml, YamlEditError } from '../src/adapters/yaml-edit.js';
import { parseImagesText } from '../src/adapters/yaml/parse-images.js';
import { toDesiredImages } from '../src/core/validate-images.js';

const G1 = '00000000-0000-4000-8000-000000000001';
const G2 = '00000000-0000-4000-8000-000000000002';
const G3 = '00000000-0000-4000-8000-000000000003';

const FILE = `# Images of the spring collection.
version: 1

images:
  # The first one.
  - guid: ${G1}
    title: Plain title   # kept as plain
    description: |
      First line.
      Second line.

  - guid: ${G2.toUpperCase()}
    title: 'Single ''quoted'''
    description: >-
      A folded description
      over two lines.
    rank: 3
    assigned_personal_gallery_ids:
      - 1
      - 2
  - {guid: ${G3}, title: "Flow item", description: ""}
# trailing comment
`;

function valuesOf(text: string) {
  const parsed = parseImagesText(text, 'f.yaml');
  if (!parsed.ok) throw new Error(parsed.issues[0]?.message);
  return toDesiredImages(parsed.data, 'f.yaml', parsed.imageLines).map((d) => ({
    guid: d.guid,
    ...d.fields,
  }));
}

/** The lines of `after` that differ from `before` (same line count assumed). */
function changedLines(before: string, after: string): Array<[string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]!] as [string, string]]));
}

describe('editImagesYaml', () => {
  it('replaces a plain title with a plain title, keeping the trailing comment', () => {
    const out = editImagesYaml(FILE, 'f.yaml', { set: [{ guid: G1, field: 'title', value: 'New title' }] });
    expect(changedLines(FILE, out)).toEqual([
      ['    title: Plain title   # kept as plain', '    title: New title   # kept as plain'],
    ]);
  });

  it('quotes a plain value that would not read back as the same string', () => {
    for (const value of ['123', 'yes', 'a: b', '- dash', 'null', ' padded', 'tab\there', '#hash']) {
      const out = editImagesYaml(FILE, 'f.yaml', { set: [{ guid: G1, field: 'title', value }] });
      expect(valuesOf(out)[0]!.title).toBe(value);
      expect(out).toContain(`    title: ${JSON.stringify(value)}   # kept as plain`);
    }
  });

  it('keeps single quotes, doubling a quote inside', () => {
    const out = editImagesYaml(FILE, 'f.yaml', { set: [{ guid: G2, field: 'title', value: "It's new" }] });
    expect(changedLines(FILE, out)).toEqual([["    title: 'Single ''quoted'''", "    title: 'It''s new'"]]);
  });

  it('keeps a literal block scalar when the new value fits it', () => {
    const out = editImagesYaml(FILE, 'f.yaml', {
      set: [{ guid: G1, field: 'description', value: 'First line.\nChanged line.\n' }],
    });
    expect(changedLines(FILE, out)).toEqual([['      Second line.', '      Changed line.']]);
  });

  it('changes only the chomping indicator of a block scalar when the trailing line break goes', () => {
    const out = editImagesYaml(FILE, 'f.yaml', {
      set: [{ guid: G1, field: 'description', value: 'One line, no break' }],
    });
    expect(out).toContain('    description: |-\n      One line, no break\n\n  - guid:');
    expect(valuesOf(out)[0]!.description).toBe('One line, no break');
  });

  it('keeps a folded block scalar, wrapping long lines at single spaces', () => {
    const value = `${'word '.repeat(30)}end`;
    const out = editImagesYaml(FILE, 'f.yaml', { set: [{ guid: G2, field: 'description', value }] });
    expect(out).toMatch(/description: >-\n {6}word word/);
    expect(valuesOf(out)[1]!.description).toBe(value);
    const wrapped = out.split('\n').filter((l) => l.startsWith('      word'));
    expect(wrapped.length).toBeGreaterThan(1);
    expect(wrapped.every((l) => l.length <= 80)).toBe(true);
  });

  it('falls back to a double-quoted scalar when a block scalar cannot hold the value', () => {
    for (const value of ['  leading spaces', 'a\n\n\n', 'bell\u0007', '']) {
      const out = editImagesYaml(FILE, 'f.yaml', { set: [{ guid: G1, field: 'description', value }] });
      expect(valuesOf(out)[0]!.description).toBe(value);
      expect(out).toContain(`    description: ${JSON.stringify(value)}\n`);
    }
  });

  it('edits inside a flow mapping with quotes only', () => {
    const out = editImagesYaml(FILE, 'f.yaml', {
      set: [
        { guid: G3, field: 'title', value: 'plain, but flow' },
        { guid: G3, field: 'description', value: 'now set' },
      ],
    });
    expect(out).toContain(`  - {guid: ${G3}, title: "plain, but flow", description: "now set"}`);
  });

  it('matches guids case-insensitively and rewrites numbers and id lists in their style', () => {
    const out = editImagesYaml(FILE, 'f.yaml', {
      set: [
        { guid: G2, field: 'rank', value: 7 },
        { guid: G2, field: 'assigned_personal_gallery_ids', value: [2, 5, 9] },
      ],
    });
    expect(out).toContain(
      '    rank: 7\n    assigned_personal_gallery_ids:\n      - 2\n      - 5\n      - 9\n',
    );
    expect(valuesOf(out)[1]).toMatchObject({ rank: 7, assigned_personal_gallery_ids: [2, 5, 9] });
  });

  it('appends images at the sequence indentation and removes whole items', () => {
    const G4 = '00000000-0000-4000-8000-000000000004';
    const out = editImagesYaml(FILE, 'f.yaml', {
      append: [{ guid: G4, fields: { title: 'Added', description: 'From the account' } }],
      remove: [G2],
    });
    expect(out).not.toContain('Single');
    expect(out).toContain(
      `  - {guid: ${G3}, title: "Flow item", description: ""}\n  - guid: "${G4}"\n    title: "Added"\n    description: "From the account"\n# trailing comment\n`,
    );
    expect(valuesOf(out).map((v) => v.guid)).toEqual([G1, G3, G4]);
    expect(
      out.startsWith('# Images of the spring collection.\nversion: 1\n\nimages:\n  # The first one.\n'),
    ).toBe(true);
  });

  it('refuses an image file whose images list is a flow sequence for appending', () => {
    const flow = `version: 1\nimages: [{guid: ${G1}, title: a, description: b}]\n`;
    expect(() =>
      editImagesYaml(flow, 'f.yaml', {
        append: [{ guid: G2, fields: { title: 'x', description: '' } }],
      }),
    ).toThrow(YamlEditError);
    // A value in it can still be replaced.
    const out = editImagesYaml(flow, 'f.yaml', { set: [{ guid: G1, field: 'title', value: 'A' }] });
    expect(out).toBe(`version: 1\nimages: [{guid: ${G1}, title: "A", description: b}]\n`);
  });

  it('refuses to edit a key the image does not have', () => {
    expect(() => editImagesYaml(FILE, 'f.yaml', { set: [{ guid: G1, field: 'rank', value: 1 }] })).toThrow(
      /has no rank for image/,
    );
  });
});
