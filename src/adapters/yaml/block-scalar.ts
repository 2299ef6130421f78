// One correction to what `yaml` (2.9.1) reads, so that the strict path gives the value YAML 1.2
// defines. A block scalar with an indentation indicator (`|2`, `>-1`, `|+2`...) whose lines
// hold only spaces is text when a line has more spaces than the indentation: those extra spaces
// are content (spec 8.1.2, l-nb-literal-text). `yaml` takes a shortcut for "no content line"
// and returns "" (or line breaks only), dropping them. With content lines it reads them right.

import type { CST, Document } from 'yaml';
import { isScalar, visit } from 'yaml';

/** A block scalar header with an indentation indicator, before the line's comment if any. */
const INDICATED_HEADER = /^[|>](?:([1-9])([+-]?)|([+-])([1-9]))$/;

/** True when the text may hold a header INDICATED_HEADER matches: worth keeping source tokens. */
export function mayHoldIndicatedBlockScalar(text: string): boolean {
  return /[|>][+-]?[1-9]/.test(text);
}

/**
 * Sets the YAML 1.2 value on every block scalar `yaml` misreads as described above. Needs the
 * document parsed with `keepSourceTokens`; scalars without a source token are left alone.
 */
export function correctBlankBlockScalars(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || node.srcToken?.type !== 'block-scalar') return;
      const value = blankBlockScalarValue(node.srcToken);
      if (value !== null) node.value = value;
    },
  });
}

/**
 * The value of a block scalar with an indentation indicator whose lines hold only spaces, when
 * at least one of them reaches past the indentation; null for every other block scalar.
 */
export function blankBlockScalarValue(token: CST.BlockScalar): string | null {
  const header = token.props.find((p) => p.type === 'block-scalar-header');
  const m = header && 'source' in header ? INDICATED_HEADER.exec(header.source) : null;
  if (!m) return null;
  const indent = token.indent + Number(m[1] ?? m[4]);
  const chomp = m[2] || m[3] || '';
  // The last element is what follows the final line break: '' when the scalar ends with one.
  const lines = token.source.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.some((l) => !/^ *$/.test(l))) return null;
  let last = -1;
  lines.forEach((l, i) => {
    if (l.length > indent) last = i;
  });
  if (last < 0) return null; // nothing but indentation: `yaml` reads that right
  // Every line is a "spaced" line, so folding (`>`) changes nothing: both styles read alike.
  const text = lines
    .slice(0, last + 1)
    .map((l) => l.slice(indent))
    .join('\n');
  const broken = last < lines.length - 1; // the last text line ends with a line break
  if (chomp === '-' || !broken) return text;
  if (chomp === '') return `${text}\n`;
  // keep (`+`): that line break, and one for each empty line after it
  return text + '\n'.repeat(lines.length - 1 - last);
}
