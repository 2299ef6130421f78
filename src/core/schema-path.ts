// Paths into a parsed document and its JSON Schema: JSON pointers as segments, the value and the
// sub-schema at a path, and a path as people read it (`images[0].title`).

export type PathSegment = string | number;

/** JSON pointer (`/images/0/title`) → segments, numbers for array indices in `data`. */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
    }
  }
  return path;
}

/** `images[3].title`; keys that are not plain identifiers are quoted. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (isSafeName(seg)) out += out === '' ? seg : `.${seg}`;
    else out += '[…]';
  }
  return out === '' ? 'the document' : out;
}

export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let node = data;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number') node = node[seg];
    else if (isObject(node) && typeof seg === 'string' && Object.hasOwn(node, seg)) node = node[seg];
    else return undefined;
  }
  return node;
}

/**
 * The subschema that applies at a data path, following `properties`, `items` and local
 * `$ref`s. (ajv's schemaPath is relative to the referenced schema, so it cannot be used.)
 */
export function schemaForPath(root: Record<string, unknown>, path: readonly PathSegment[]): unknown {
  const deref = (node: unknown): unknown => {
    for (let i = 0; i < 8 && isObject(node) && typeof node['$ref'] === 'string'; i++) {
      let target: unknown = root;
      for (const raw of node['$ref'].replace(/^#\/?/, '').split('/')) {
        if (raw !== '')
          target = isObject(target) ? target[raw.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
      }
      node = target;
    }
    return node;
  };
  let node = deref(root);
  for (const seg of path) {
    if (!isObject(node)) return undefined;
    node =
      typeof seg === 'number'
        ? node['items']
        : isObject(node['properties'])
          ? node['properties'][seg]
          : undefined;
    node = deref(node);
  }
  return node;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Names we may print: short identifiers. Anything else could be pasted data, even a secret. */

export function isSafeName(s: string): boolean {
  return /^[A-Za-z_$][\w$-]{0,63}$/.test(s);
}
