// What an apply is about to do on the account, said before the question: where the keys go,
// which images are refused, and which products each sent image loses.

import type { ProductGuard } from '../core/product-guard.js';
import { painter, visible } from './text.js';

export function renderSendNotice(
  context: { guard: ProductGuard | null; host: string | null },
  opts: { color: boolean },
): string {
  const { guard, host } = context;
  if (host === null || guard === null) return '';
  const paint = painter(opts.color);
  const lines: string[] = [];
  for (const refusal of guard.refused) {
    lines.push(`${paint('red', '! refused')} ${visible(refusal.guid)}: ${visible(refusal.message)}`);
  }
  for (const [guid, products] of guard.removals) {
    lines.push(
      `${paint('yellow', '! removes products')} ${visible(guid)}: ${products.map(visible).join(', ')} (--allow-product-removal)`,
    );
  }
  const n = guard.send.length;
  lines.push(`Sending ${n} image${n === 1 ? '' : 's'} to ${visible(host)}.`);
  return `${lines.join('\n')}\n`;
}
