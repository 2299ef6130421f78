// Reformatted copies of an image file that mean exactly the same images. Two families:
//
// - line-preserving: every image starts on the same line as in the original, so even the
//   `line` of each change (and so the plan's checksum) must stay the same. These are text
//   transforms written for files laid out like fixtures/repos/sample (a block sequence at
//   indent 2, keys at indent 4); they throw on anything else rather than produce a wrong file.
// - free-form: re-emitted from the parsed data (JSON, another YAML style, comment lines):
//   only the lines of the changes may move.
import { Document, parse, stringify, isMap, isSeq } from 'yaml';

export type Transform = (text: string) => string;

const BLOCK_HEADER = /:\s*[>|][-+]?\s*(#.*)?$/;
const KEY_LINE = /^(\s*(?:-\s+)?)(guid|title|description):\s(.*)$/;

const indentOf = (line: string): number => /^(\s*(?:-\s+)?)/.exec(line)?.[1]?.length ?? 0;

/** For each line: is it inside the content of a block scalar (where spaces are text)? */
export function blockContentLines(lines: readonly string[]): boolean[] {
  const out: boolean[] = [];
  let keyIndent = -1;
  for (const line of lines) {
    if (keyIndent >= 0 && (line.trim() === '' || /^\s*/.exec(line)![0].length > keyIndent)) {
      out.push(true);
      continue;
    }
    keyIndent = -1;
    out.push(false);
    if (BLOCK_HEADER.test(line)) keyIndent = indentOf(line);
  }
  return out;
}

/** Applies `fn` to every line that is not block-scalar content. */
function mapStructuralLines(text: string, fn: (line: string) => string): string {
  const lines = text.split('\n');
  const content = blockContentLines(lines);
  return lines.map((line, i) => (content[i] ? line : fn(line))).join('\n');
}

interface ImageRegion {
  start: number;
  lines: string[];
  trailing: string[];
}

function imageRegions(lines: readonly string[]): { head: string[]; images: ImageRegion[] } {
  const starts = lines.flatMap((l, i) => (l.startsWith('  - ') ? [i] : []));
  if (starts.length === 0) throw new Error('no block sequence item at indent 2');
  const images = starts.map((start, k) => {
    const end = starts[k + 1] ?? lines.length;
    const region = lines.slice(start, end);
    let cut = region.length;
    while (cut > 1 && region[cut - 1]!.trim() === '') cut--;
    return { start, lines: region.slice(0, cut), trailing: region.slice(cut) };
  });
  return { head: lines.slice(0, starts[0]), images };
}

/** Reverses the keys of every image; each key keeps its continuation lines, so lines add up. */
export const reverseKeys: Transform = (text) => {
  const { head, images } = imageRegions(text.split('\n'));
  const out = [...head];
  for (const image of images) {
    const lines = ['    ' + image.lines[0]!.slice(4), ...image.lines.slice(1)];
    const blocks: string[][] = [];
    for (const line of lines) {
      if (/^ {4}\S/.test(line) || blocks.length === 0) blocks.push([line]);
      else blocks[blocks.length - 1]!.push(line);
    }
    const reversed = blocks.reverse().flat();
    reversed[0] = '  - ' + reversed[0]!.slice(4);
    out.push(...reversed, ...image.trailing);
  }
  return out.join('\n');
};

/** Plain → double-quoted, double → single-quoted, single → double; block scalars untouched. */
export const requote: Transform = (text) =>
  mapStructuralLines(text, (line) => {
    const m = KEY_LINE.exec(line);
    if (!m) return line;
    const [, lead, key, value] = m as unknown as [string, string, string, string];
    let next: string;
    if (value.startsWith('"')) {
      const s = JSON.parse(value) as string;
      next = `'${s.replace(/'/g, "''")}'`;
    } else if (value.startsWith("'")) {
      next = JSON.stringify(value.slice(1, -1).replace(/''/g, "'"));
    } else if (/^[>|]/.test(value)) {
      return line;
    } else {
      next = JSON.stringify(value);
    }
    return `${lead}${key}: ${next}`;
  });

export const upperCaseGuids: Transform = (text) =>
  text.replace(/(guid:\s*["']?)([0-9a-f-]{36})/gi, (_, pre: string, g: string) => pre + g.toUpperCase());

/** An end-of-line comment on every line, and a comment line in place of every blank line. */
export const addComments: Transform = (text) =>
  mapStructuralLines(text, (line) => (line.trim() === '' ? '  # (spacer)' : `${line}  # reviewed`));

/** Spaces and tabs at the end of lines (outside block scalars), blank lines at the end. */
export const trailingWhitespace: Transform = (text) =>
  mapStructuralLines(text, (line) => (line.trim() === '' ? '   ' : `${line} \t `)) + '\n\n  \n';

export const crlf: Transform = (text) => text.replace(/\r?\n/g, '\r\n');

/**
 * The whole document as one flow mapping, each image a one-line flow mapping on the line its
 * block form started on (blank lines in between), so image lines are kept.
 */
export const flowStyle: Transform = (text) => {
  const lines = text.split('\n');
  const data = parse(text) as { version: number; images: Array<Record<string, unknown>> };
  const { images } = imageRegions(lines);
  const out = lines.map((l) => (l.startsWith('#') ? l : ''));
  const versionLine = lines.findIndex((l) => l.startsWith('version:'));
  const imagesLine = lines.findIndex((l) => l.startsWith('images:'));
  if (versionLine < 0 || imagesLine !== versionLine + 1) throw new Error('unexpected layout');
  out[versionLine] = `{"version": ${JSON.stringify(data.version)},`;
  out[imagesLine] = '  "images": [';
  data.images.forEach((image, k) => {
    const body = Object.entries(image)
      .map(
        ([key, value]) => `${key}: ${Array.isArray(value) ? `[${value.join(', ')}]` : JSON.stringify(value)}`,
      )
      .join(', ');
    const region = images[k]!;
    out[region.start] = `    {${body}}${k < data.images.length - 1 ? ',' : ''}`;
  });
  const last = images[images.length - 1]!.start;
  if (last + 1 < out.length && out[last + 1] === '') out[last + 1] = '  ]}';
  else out[last] += ' ]}';
  return out.join('\n');
};

/** A composition of every line-preserving transform. */
export const everything: Transform = (text) =>
  crlf(trailingWhitespace(addComments(upperCaseGuids(requote(reverseKeys(text))))));

export const LINE_PRESERVING: Record<string, Transform> = {
  'key order': reverseKeys,
  'quoting style': requote,
  'upper-case guids': upperCaseGuids,
  comments: addComments,
  'trailing whitespace and blank lines': trailingWhitespace,
  'CRLF line endings': crlf,
  'flow style': flowStyle,
  'all of them at once': everything,
};

/** Re-emitted as pretty JSON (valid YAML 1.2). */
const asJson: Transform = (text) => JSON.stringify(parse(text), null, 2) + '\n';

/** Re-emitted by the yaml library with every string double-quoted and nothing folded. */
const doubleQuoted: Transform = (text) =>
  stringify(parse(text), { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });

/** Keys reversed at both levels, block-style lists, a comment line before every image, folding at 40. */
const reorderedWithCommentLines: Transform = (text) => {
  const data = parse(text) as { version: number; images: Array<Record<string, unknown>> };
  const reversed = {
    images: data.images.map((image) => Object.fromEntries(Object.entries(image).reverse())),
    version: data.version,
  };
  const doc = new Document(reversed);
  doc.commentBefore = ' Reformatted by a tidy colleague.';
  const seq = doc.get('images', true);
  if (!isSeq(seq)) throw new Error('images is not a sequence');
  seq.items.forEach((item, k) => {
    if (!isMap(item)) throw new Error('image is not a mapping');
    item.commentBefore = ` image ${k + 1}`;
    item.spaceBefore = true;
  });
  return doc.toString({ lineWidth: 40, minContentWidth: 10, indentSeq: false });
};

export const FREE_FORM: Record<string, Transform> = {
  'pretty JSON': asJson,
  'double-quoted, unfolded': doubleQuoted,
  'reordered, folded, comment lines': reorderedWithCommentLines,
};
