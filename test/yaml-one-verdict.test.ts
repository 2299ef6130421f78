// Inputs where what fwsync read once depended on which YAML path a file took (the fast
// js-yaml path or the strict `yaml` document model), and so on something unrelated to the
// value, such as a comment elsewhere in the file that sends it to the strict path. Each now
// has one verdict: the file is read as is (fast path when the pre-scan allows it), then with a
// comment holding `&` appended at the end (always the strict path, same line numbers), and
// both readings must be the expected one.
import { describe, expect, it } from 'vitest';
import { loadFast, parseFast } from '../src/adapters/yaml/fast.js';
import { parseImagesText, parseSlow } from '../src/adapters/yaml/parse-images.js';
import { prescan } from '../src/adapters/yaml/prescan.js';

const HEAD = 'version: 1\nimages:\n  - guid: 5fd001ce-5db8-4e84-9010-e29499eadb3f\n';
const TO_STRICT = '# Fish & Chips\n';

/** What fwsync reads from the file, and from its twin that takes the strict path. */
function bothReadings(body: string): [unknown, unknown] {
  const text = HEAD + body;
  const reading = (t: string): unknown => {
    const r = parseImagesText(t, 'f.yaml');
    return r.ok ? r.data.images[0] : r.issues;
  };
  expect(prescan(text + TO_STRICT)).not.toBeNull();
  return [reading(text), reading(text + TO_STRICT)];
}

describe('a comment glued to a quoted scalar (yaml-test-suite SU5Z)', () => {
  it.each([
    ['"x"# no space', 'double-quoted'],
    ["'x'# no space", 'single-quoted'],
  ])('%s (%s) is an error on both paths, at the comment', (title) => {
    const [plain, twin] = bothReadings(`    title: ${title}\n    description: d\n`);
    expect(plain).toStrictEqual(twin);
    expect(plain).toMatchObject([
      {
        file: 'f.yaml',
        line: 4,
        column: 15,
        code: 'yaml-missing-char',
        message: 'Comments must be separated from other tokens by white space characters',
        hint: 'put a space before the `#`',
      },
    ]);
    // The fast path does not read it: the pre-scan defers, although js-yaml alone would.
    const text = `${HEAD}    title: ${title}\n    description: d\n`;
    expect(parseFast(text)).toMatchObject({ ok: false, reason: 'prescan', detail: 'comment-without-space' });
    expect(loadFast(text, { skipPrescan: true }).ok).toBe(true);
  });

  it('after a one-line list too; with a space before `#` it is a comment on both paths', () => {
    const glued = bothReadings(
      '    title: t\n    description: d\n    assigned_personal_gallery_ids: [1]#c\n',
    );
    expect(glued[0]).toStrictEqual(glued[1]);
    expect(glued[0]).toMatchObject([{ code: 'yaml-missing-char' }]);
    const spaced = `${HEAD}    title: "x" # note\n    description: d\n    assigned_personal_gallery_ids: [1] # c\n`;
    const fast = parseFast(spaced);
    expect(fast.ok && fast.data.images[0]).toStrictEqual({
      guid: '5fd001ce-5db8-4e84-9010-e29499eadb3f',
      title: 'x',
      description: 'd',
      assigned_personal_gallery_ids: [1],
    });
    expect(parseSlow(spaced, 'f.yaml')).toStrictEqual(fast);
  });
});

describe('block scalars with an indentation indicator whose lines hold only spaces', () => {
  // YAML 1.2: spaces beyond the block's indentation (the key's column + the indicator) are
  // text. yaml 2.9.1 drops them when no line holds anything else; strict.ts corrects that, so
  // both paths give the spec's value, which is also what js-yaml reads.
  const cases: [string, string, string][] = [
    // [label, lines after the header line, expected description]
    ['|-2', '    description: |-2\n        \n        \n', '  \n  '],
    ['|2', '    description: |2\n        \n', '  \n'],
    ['|+1', '    description: |+1\n       \n', '  \n'],
    ['|+2 then empty lines and a key', '    description: |+2\n        \n\n      \n    rank: 1\n', '  \n\n\n'],
    ['>+2', '    description: >+2\n         \n\n', '   \n\n'],
    ['|+3 after an empty line', '    description: |+3\n\n         \n', '\n  \n'],
    ['|-2 with CRLF line ends', '    description: |-2\r\n        \r\n        \r\n', '  \n  '],
    ['|2 with only the indentation', '    description: |2\n      \n', ''],
  ];
  it.each(cases)('%s reads the same on both paths, as YAML 1.2 says', (_label, body, expected) => {
    const [plain, twin] = bothReadings(`    title: t\n${body}`);
    expect(plain).toStrictEqual(twin);
    expect(plain).toMatchObject({ description: expected });
    const raw = loadFast(`${HEAD}    title: t\n${body}`, { skipPrescan: true });
    expect(raw.ok && (raw.data as { images: { description: unknown }[] }).images[0]!.description).toBe(
      expected,
    );
  });

  it('a `>2` title of spaces is a title on both paths, not an empty one', () => {
    const [plain, twin] = bothReadings('    title: >2\n        \n    description: d\n');
    expect(plain).toStrictEqual(twin);
    expect(plain).toMatchObject({ title: '  \n' });
  });

  it('more-indented lines of spaces before a less-indented line are an error on both paths (S98Z)', () => {
    const [plain, twin] = bothReadings('    title: t\n    description: >\n      \n        \n     x\n');
    expect(plain).toStrictEqual(twin);
    expect(plain).toMatchObject([{ code: 'yaml-missing-char', line: 8, column: 6 }]);
  });
});
