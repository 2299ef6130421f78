// Which images an apply may send, after reading them from the account: an update of an
// inventory image removes its virtual inventory products (the API documentation of update_images), so
// an image that has some is sent only when the run opted in by name; an image the configured
// library does not hold is never sent.

import type { Guid } from './types.js';

export interface ProductGuardInput {
  /** The images the plan would send, in plan order. */
  toSend: readonly Guid[];
  /** Virtual inventory products per image, as read just now (absent or empty: none). */
  products: ReadonlyMap<Guid, readonly string[]>;
  /** Images the configured library does not hold. */
  missing: readonly Guid[];
  allowProductRemoval: boolean;
  /** `fwsync doctor` measured that an update keeps the products: nothing to guard. */
  updateKeepsProducts?: boolean;
  library: string;
}

export interface Refusal {
  guid: Guid;
  reason: 'products' | 'missing';
  /** The products that kept it back (reason `products`). */
  products: string[];
  message: string;
}

export interface ProductGuard {
  /** The images to send, in plan order. */
  send: Guid[];
  refused: Refusal[];
  /** Products each sent image will lose (only with allowProductRemoval). */
  removals: Map<Guid, string[]>;
}

export function guardProducts(input: ProductGuardInput): ProductGuard {
  const missing = new Set(input.missing);
  const send: Guid[] = [];
  const refused: Refusal[] = [];
  const removals = new Map<Guid, string[]>();
  for (const guid of input.toSend) {
    const products = input.updateKeepsProducts === true ? [] : [...(input.products.get(guid) ?? [])];
    if (missing.has(guid)) {
      refused.push({
        guid,
        reason: 'missing',
        products: [],
        message: `not in library "${input.library}" on the account; not sent (check the guid, or library.name in the config)`,
      });
    } else if (products.length > 0 && !input.allowProductRemoval) {
      refused.push({
        guid,
        reason: 'products',
        products,
        message: `not sent: the update would remove ${products.length} virtual inventory product${products.length === 1 ? '' : 's'}: ${products.join(', ')} (apply --allow-product-removal sends it anyway)`,
      });
    } else {
      send.push(guid);
      if (products.length > 0) removals.set(guid, products);
    }
  }
  return { send, refused, removals };
}

/** The message of an applied image whose products the update removed. */
export function removedProductsMessage(products: readonly string[]): string {
  return `removed ${products.length} virtual inventory product${products.length === 1 ? '' : 's'}: ${products.join(', ')}`;
}
