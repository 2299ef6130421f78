// Every schema in schemas/ compiles under ajv's strict mode, bounds its strings and arrays,
// has ReDoS-safe patterns, and its defaults satisfy their own subschemas.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../src/core/ajv.js';

const DIR = path.resolve(import.meta.dirname, '../schemas');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.schema.json'))
  .sort();
const MINE = ['images.schema.json', 'config.schema.json'];

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every subschema, with its JSON pointer. */
function walk(node: unknown, at = '#', out: [string, Json][] = []): [string, Json][] {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}/${i}`, out));
  else if (isObj(node)) {
    out.push([at, node]);
    for (const [k, v] of Object.entries(node)) {
      if (k === 'default' || k === 'const' || k === 'enum' || k === 'examples') continue;
      walk(v, `${at}/${k}`, out);
    }
  }
  return out;
}

const load = (f: string): Json => JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Json;

describe('schemas', () => {
  it('includes the image and config schemas', () => {
    for (const f of MINE) expect(files).toContain(f);
  });

  it.each(files)('%s compiles in strict mode', (f) => {
    expect(() => createAjv().compile(load(f))).not.toThrow();
  });

  it('a typo in a keyword makes compilation fail (strict mode is really on)', () => {
    const schema = load('images.schema.json');
    const broken = JSON.parse(JSON.stringify(schema).replace('"maxLength":256', '"maxLenght":256')) as Json;
    expect(() => createAjv().compile(broken)).toThrow(/maxLenght/);
  });

  it.each(MINE)('%s: objects are closed, strings and arrays bounded', (f) => {
    for (const [at, node] of walk(load(f))) {
      if (node['type'] === 'object') expect(node['additionalProperties'], at).toBe(false);
      if (node['type'] === 'string' && !node['enum'])
        expect(node['maxLength'], at).toEqual(expect.any(Number));
      if (node['type'] === 'array') expect(node['maxItems'], at).toEqual(expect.any(Number));
    }
  });

  it.each(files)('%s: every pattern has a maxLength and resists a ReDoS probe', (f) => {
    for (const [at, node] of walk(load(f))) {
      if (typeof node['pattern'] !== 'string') continue;
      expect(node['maxLength'], `${at} pattern without maxLength`).toEqual(expect.any(Number));
      const re = new RegExp(node['pattern'], 'u');
      for (const probe of ['a'.repeat(40) + '!', 'https://' + 'a'.repeat(40) + '!', '0'.repeat(40) + '!']) {
        const start = performance.now();
        re.test(probe);
        expect(performance.now() - start, `${at} on ${probe}`).toBeLessThan(50);
      }
    }
  });

  it.each(files)('%s: every default is valid against its own subschema', (f) => {
    const ajv = createAjv();
    for (const [at, node] of walk(load(f))) {
      if (!('default' in node)) continue;
      const { default: value, description: _d, ...sub } = node;
      expect(ajv.validate(sub, value), `${at}: ${JSON.stringify(ajv.errors)}`).toBe(true);
    }
  });

  it('the config schema defaults are the ones loadConfig fills in', async () => {
    const { DEFAULT_CONFIG } = await import('../src/adapters/config.js');
    const schema = load('config.schema.json');
    const props = schema['properties'] as Record<string, Json>;
    expect(props['images']!['default']).toEqual(DEFAULT_CONFIG.images);
    expect(props['state']!['default']).toBe(DEFAULT_CONFIG.state);
    for (const section of ['api', 'library', 'safety'] as const) {
      const sub = props[section]!['properties'] as Record<string, Json>;
      const defaults = Object.fromEntries(Object.entries(sub).map(([k, v]) => [k, v['default']]));
      expect(defaults, section).toEqual(DEFAULT_CONFIG[section]);
    }
  });

  it('validation does not change the data and does not copy values into errors', async () => {
    const { getImagesValidator } = await import('../src/core/validate-images.js');
    const validate = getImagesValidator();
    const data = {
      version: 1,
      images: [{ guid: 'x', title: 'sk_live_secret_value', description: 5, extra: 'sk_live_other' }],
    };
    const before = structuredClone(data);
    expect(validate(data)).toBe(false);
    expect(data).toEqual(before);
    expect(JSON.stringify(validate.errors)).not.toContain('sk_live');
  });
});
