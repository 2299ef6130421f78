import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from './support/random.js';
import type { State } from '../src/core/types.js';
import { FwsyncError } from '../src/errors.js';
import { type FsShim, nodeFs } from '../src/adapters/atomic-file.js';
import {
  newLineage,
  parseState,
  readState,
  serializeState,
  sealMatches,
  writeState,
} from '../src/adapters/state-store.js';
import { JsonSyntaxError, parseStrictJson, provedWithoutDuplicates } from '../src/adapters/strict-json.js';

const LINEAGE = '3f0d8c1e-5db8-4e84-9010-e29499eadb3f';

function guid(k: number): string {
  return `${k.toString(16).padStart(8, '0')}-5db8-4e84-9010-e29499eadb3f`;
}

function makeState(serial: number, count = 3, lineage = LINEAGE): State {
  const images: State['images'] = {};
  const guids: string[] = [];
  for (let k = 0; k < count; k++) {
    const applied = { title: `Image ${k}`, description: `A harbour at dawn, number ${k}.` };
    images[guid(k)] = {
      applied,
      hash: `sha256:${createHash('sha256').update(JSON.stringify(applied)).digest('hex')}`,
      applied_at: '2026-11-27T10:00:00.000Z',
      source: `images/set-${k % 10}.yaml`,
      commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
    };
    guids.push(guid(k));
  }
  return {
    version: 1,
    lineage,
    serial,
    images,
    files: { 'images/set.yaml': { hash: `sha256:${'b'.repeat(64)}`, guids } },
  };
}

let dir: string;
let statePath: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fwsync-state-'));
  statePath = path.join(dir, '.fwsync', 'state.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function stateError(promise: Promise<unknown>): Promise<FwsyncError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FwsyncError);
  return error as FwsyncError;
}

function lastReplaced(text: string, find: string, replacement: string): string {
  const at = text.lastIndexOf(find);
  return text.slice(0, at) + replacement + text.slice(at + find.length);
}

async function filesIn(folder: string): Promise<string[]> {
  return (await readdir(folder)).sort();
}

describe('parseStrictJson', () => {
  it('parses what JSON.parse parses', () => {
    const samples = [
      '{"a":1,"b":[1,2,{"c":null}],"d":"x\\u00e9\\n\\"","e":-1.5e+3,"f":true,"g":false}',
      ' [ ] ',
      '0',
      '"\\ud83d\\ude00"',
      '{"a":{"a":{"a":1}},"b":{"a":2}}',
      '[[[[[]]]],{}]',
      '{"__proto__":1,"constructor":2}',
    ];
    for (const s of samples) expect(parseStrictJson(s)).toEqual(JSON.parse(s));
  });

  it('rejects a duplicate key with the line and column of both', () => {
    const text = '{\n  "images": {\n    "title": "a",\n    "title": "b"\n  }\n}';
    expect(() => parseStrictJson(text)).toThrow(JsonSyntaxError);
    expect(() => parseStrictJson(text)).toThrow('duplicate key "title" (first at 3:5) at 4:5');
  });

  it('treats escaped and plain spellings of a key as the same key', () => {
    expect(() => parseStrictJson('{"ab":1,"a\\u0062":2}')).toThrow(
      'duplicate key "ab" (first at 1:2) at 1:9',
    );
  });

  it('finds a duplicate in a large object (past the small-object fast path)', () => {
    const keys = Array.from({ length: 50 }, (_, k) => `"k${k}":${k}`);
    keys.push('"k7":0');
    expect(() => parseStrictJson(`{${keys.join(',')}}`)).toThrow('duplicate key "k7"');
  });

  it.each([
    ['{"a":1,}', 'expected a key in double quotes at 1:8'],
    ['[1,2', 'unexpected end of JSON (the file looks truncated) at 1:5'],
    ['{"a":', 'truncated'],
    ['{"a":"b', 'truncated'],
    ["{'a':1}", 'expected a key in double quotes at 1:2'],
    ['[01]', 'at 1:3'],
    ['[1.]', 'at 1:3'],
    ['[NaN]', 'expected a value at 1:2'],
    ['["a\tb"]', 'control character in string'],
    ['["\\x"]', 'invalid escape'],
    ['["\\u12G4"]', 'invalid \\u escape'],
    ['{"a":1}\n{"b":2}', 'after the end of the JSON value at 2:1'],
    ['{"a" 1}', 'expected ":" after the key at 1:6'],
    ['', 'truncated'],
  ])('rejects %j with a located message', (text, message) => {
    expect(() => parseStrictJson(text)).toThrow(message);
  });

  it('rejects a duplicate key in a file laid out exactly as fwsync writes it', () => {
    const state = makeState(2, 2);
    const text = serializeState(state);
    // Repeat the second image's "hash" line inside the first image: still 2-space JSON.
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.trimStart().startsWith('"hash"') && l.endsWith(','));
    lines.splice(at + 1, 0, lines[at]!);
    const doubled = lines.join('\n');
    const { checksum: _seal, ...parsed } = JSON.parse(doubled) as State & { checksum?: string };
    expect(parsed).toEqual(state);
    expect(() => parseStrictJson(doubled)).toThrow(
      `duplicate key "hash" (first at ${at + 1}:7) at ${at + 2}:7`,
    );
  });

  it.each([
    [
      'a duplicate whose values hold colons',
      '{"a":"x:y","b":1,"a":"x:y"}',
      'duplicate key "a" (first at 1:2) at 1:18',
    ],
    [
      'a duplicate key that holds a colon',
      '{"a:b":{"c":1},"a:b":{"c":1}}',
      'duplicate key "a:b" (first at 1:2) at 1:16',
    ],
    [
      'a duplicate spelled with an escaped colon',
      '{"a:b":1,"a\\u003ab":2}',
      'duplicate key "a:b" (first at 1:2) at 1:10',
    ],
    [
      // Counting alone would balance here: the escape adds a colon where a member went missing.
      'a duplicate next to an escaped colon',
      '{"a":1,"a":1,"b\\u003a":1}',
      'duplicate key "a" (first at 1:2) at 1:8',
    ],
    [
      'a duplicate in an array of objects',
      '[{"k":1},{"k":1,"k":2}]',
      'duplicate key "k" (first at 1:11) at 1:17',
    ],
    [
      'a duplicate of a nested object',
      '{"o":{"a":{"x":":"}},"o":{}}',
      'duplicate key "o" (first at 1:2) at 1:22',
    ],
  ])('rejects %s', (_name, text, message) => {
    expect(() => parseStrictJson(text)).toThrow(message);
  });

  it('accepts valid files in any layout, with colons and escapes anywhere', () => {
    const value = {
      z: 'a:b::c',
      'k:1': [':', { '': ':' }, []],
      a: { 'x\u003ay': 'x\u003ay', n: -0.5e3, t: true, f: null },
      __proto__: 'own',
    };
    const texts = [
      JSON.stringify(value),
      JSON.stringify(value, null, 2),
      JSON.stringify(value, null, '\t').replace(/\n/g, '\r\n'),
      '{"s":"\\u003a","t":"\\\\u003a"}',
      '"a:b"',
    ];
    for (const text of texts) expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  it('proves a state written by fwsync free of duplicates without scanning it', () => {
    const text = serializeState(makeState(3, 50));
    expect(provedWithoutDuplicates(text, JSON.parse(text))).toBe(true);
    expect(provedWithoutDuplicates(JSON.stringify(JSON.parse(text)), JSON.parse(text))).toBe(true);
    // Not proved (the scanner then decides): a colon written as an escape, or a dropped member.
    expect(provedWithoutDuplicates('{"a\\u003a":1}', { 'a:': 1 })).toBe(false);
    expect(provedWithoutDuplicates('{"a":1,"a":1}', { a: 1 })).toBe(false);
    // An enumerable property on Object.prototype would be counted as a member: not proved.
    Object.defineProperty(Object.prototype, 'polluted', {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      expect(provedWithoutDuplicates(text, JSON.parse(text))).toBe(false);
      expect(() => parseStrictJson('{"a":1,"a":1}')).toThrow('duplicate key "a"');
    } finally {
      delete (Object.prototype as Record<string, unknown>)['polluted'];
    }
    expect(provedWithoutDuplicates(text, JSON.parse(text))).toBe(true);
  });

  it('refuses nesting deeper than 512 levels, whichever path reads it', () => {
    const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    expect(parseStrictJson(deep(512))).toEqual(JSON.parse(deep(512)));
    expect(() => parseStrictJson(deep(513))).toThrow('nested deeper than 512 levels at 1:513');
    const objects = (n: number): string => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    expect(() => parseStrictJson(objects(513))).toThrow('nested deeper than 512 levels');
  });

  it('agrees with JSON.parse plus a duplicate check on 2,000 generated texts', () => {
    const next = seededRandom(12345);
    const keys = ['a', 'b', 'a:b', ':', '', 'c\u003a'];
    const gen = (depth: number): unknown => {
      const r = next();
      if (depth > 3 || r < 0.3) return [1, 'x', ':', 'y:z', true, null][Math.floor(next() * 6)];
      if (r < 0.55) return Array.from({ length: Math.floor(next() * 3) }, () => gen(depth + 1));
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 4); i > 0; i--)
        out[keys[Math.floor(next() * keys.length)]!] = gen(depth + 1);
      return out;
    };
    let duplicates = 0;
    for (let k = 0; k < 2000; k++) {
      let text = next() < 0.5 ? JSON.stringify(gen(0)) : JSON.stringify(gen(0), null, 2);
      // Sometimes repeat the first member of some object: a duplicate key.
      const dup = next() < 0.4 && /\{"((?:[^"\\]|\\.)*)":(1|"x"|":"|true|null|\[\]|\{\})/.exec(text);
      if (dup) {
        const at = dup.index + 1;
        text = `${text.slice(0, at)}${dup[0].slice(1)},${text.slice(at)}`;
        duplicates++;
        expect(() => parseStrictJson(text), text).toThrow(/duplicate key/);
      } else {
        expect(parseStrictJson(text), text).toEqual(JSON.parse(text));
      }
    }
    expect(duplicates).toBeGreaterThan(100);
  });

  it('parses a 100k-image state quickly (timing printed)', () => {
    const text = serializeState(makeState(7, 100_000));
    const t0 = performance.now();
    JSON.parse(text);
    const t1 = performance.now();
    const parsed = parseStrictJson(text) as State;
    const t2 = performance.now();
    console.log(
      `100k-image state, ${(text.length / 1e6).toFixed(1)} MB: JSON.parse ${(t1 - t0).toFixed(0)} ms, ` +
        `parseStrictJson ${(t2 - t1).toFixed(0)} ms`,
    );
    expect(Object.keys(parsed.images)).toHaveLength(100_000);
    // Generous bound for a slow CI machine; typically ~0.3 s here.
    expect(t2 - t1).toBeLessThan(3000);
  });
});

describe('state schema patterns', () => {
  it.each([
    [
      'a hash with an upper-case digit',
      (t: string) =>
        t
          .replace('"hash": "sha256:', '"hash": "sha256:A')
          .replace(/("hash": "sha256:A[0-9a-f]{63})[0-9a-f]/, '$1'),
      /\/hash: must match pattern "\^sha256:\[0-9a-f\]\{64\}\$"/,
    ],
    [
      'a guid key with a trailing newline',
      (t: string) =>
        t.replace('"00000001-5db8-4e84-9010-e29499eadb3f": {', '"00000001-5db8-4e84-9010-e29499eadb3\\n": {'),
      /has an invalid key/,
    ],
    [
      'a files guid in upper case',
      (t: string) => t.replace(/("guids": \[\n\s+)"00000000-5db8/, '$1"00000000-5DB8'),
      /\/files\/images~1set.yaml\/guids\/0: must match pattern/,
    ],
  ])('the state validator refuses %s', (_name, edit, message) => {
    const text = edit(serializeState(makeState(4)));
    expect(text).not.toBe(serializeState(makeState(4)));
    expect(() => parseState(Buffer.from(text), 'state.json')).toThrow(message);
  });
});

describe('serializeState', () => {
  it('sorts keys at every level, indents by 2 and ends with a newline', () => {
    const state = makeState(1, 1);
    const image = state.images[guid(0)]!;
    // Build the same content with keys in another order.
    const shuffled = {
      files: state.files,
      images: {
        [guid(0)]: {
          source: image.source,
          commit: image.commit,
          applied: { description: image.applied.description, title: image.applied.title },
          hash: image.hash,
          applied_at: image.applied_at,
        },
      },
      serial: 1,
      lineage: LINEAGE,
      version: 1,
    } as State;
    const text = serializeState(shuffled);
    expect(text).toBe(serializeState(state));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n').slice(0, 4)).toEqual([
      '{',
      expect.stringMatching(/^ {2}"checksum": "sha256:[0-9a-f]{64}",$/),
      '  "files": {',
      '    "images/set.yaml": {',
    ]);
    expect(text.indexOf('"description"')).toBeLessThan(text.indexOf('"title"'));
    expect(text.indexOf('"applied_at"')).toBeLessThan(text.indexOf('"commit"'));
  });

  it('seals what it writes: a sealed file reads back without the seal, and any edit is validated in full', () => {
    const state = makeState(2, 2);
    const text = serializeState(state);
    expect(sealMatches(Buffer.from(text))).toBe(true);
    expect(parseState(Buffer.from(text), 'state.json')).toEqual(state);
    // An edit that keeps the JSON valid but breaks the schema: the stale seal does not vouch for it.
    const edited = text.replace('"serial": 2', '"serial": -2');
    expect(edited).not.toBe(text);
    expect(sealMatches(Buffer.from(edited))).toBe(false);
    expect(() => parseState(Buffer.from(edited), 'state.json')).toThrow(/invalid at \/serial/);
    // A valid hand edit with a stale seal is accepted (validated in full), and the seal is dropped.
    const valid = text.replace('"serial": 2', '"serial": 5');
    expect(sealMatches(Buffer.from(valid))).toBe(false);
    expect(parseState(Buffer.from(valid), 'state.json')).toEqual({ ...state, serial: 5 });
    // A file without the seal line (older or hand-made) is read as before.
    const bare = text.replace(/^ {2}"checksum": .*\n/m, '');
    expect(parseState(Buffer.from(bare), 'state.json')).toEqual(state);
    // A sealed file claiming a newer version is still refused.
    const newer = serializeState({ ...state, version: 3 as 1 });
    expect(() => parseState(Buffer.from(newer), 'state.json')).toThrow(/written by a newer fwsync/);
  });

  it('drops undefined optional fields rather than writing null', () => {
    const state = makeState(1, 1);
    state.images[guid(0)]!.applied.visible = undefined;
    expect(serializeState(state)).not.toContain('visible');
  });
});

describe('readState', () => {
  it('returns null state for a missing file', async () => {
    expect(await readState(statePath)).toEqual({ state: null, bytes: null });
  });

  it('round-trips a written state: what it reads writes the same bytes again', async () => {
    const state = makeState(1);
    expect(await writeState(statePath, state, { expected: null })).toEqual({ written: true });
    const { state: back, bytes } = await readState(statePath);
    expect(back).toEqual(state);
    expect(
      await writeState(statePath, back!, { expected: { lineage: state.lineage, serial: state.serial } }),
    ).toEqual({ written: false });
    expect(await readFile(statePath)).toEqual(bytes);
  });

  it('accepts a UTF-8 byte order mark', async () => {
    await writeState(statePath, makeState(1), { expected: null });
    const bytes = await readFile(statePath);
    await writeFile(statePath, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
    expect((await readState(statePath)).state?.serial).toBe(1);
  });

  const valid = serializeState(makeState(4));
  const cases: [string, string | Buffer, RegExp][] = [
    ['an empty file', '', /is empty \(0 bytes\)/],
    [
      'truncated JSON',
      valid.slice(0, valid.length / 2),
      /not valid JSON: unexpected end of JSON \(the file looks truncated\) at \d+:\d+/,
    ],
    [
      'git conflict markers',
      valid.replace('  "serial": 4,', '<<<<<<< HEAD\n  "serial": 4,\n=======\n  "serial": 5,\n>>>>>>> main'),
      /merge conflict marker at line \d+/,
    ],
    [
      'invalid UTF-8',
      Buffer.concat([
        Buffer.from(valid.slice(0, 30)),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(valid.slice(30)),
      ]),
      /not valid UTF-8 \(byte 30, line 2\)/,
    ],
    [
      'an unknown version',
      valid.replace('"version": 1', '"version": 3'),
      /version 3: it was written by a newer fwsync/,
    ],
    [
      'duplicate keys',
      valid.replace('"serial": 4,', '"serial": 4,\n  "serial": 5,'),
      /not valid JSON: duplicate key "serial" \(first at \d+:3\) at \d+:3/,
    ],
    ['a JSON array', '[]\n', /is not a JSON object/],
    [
      'an unknown property',
      valid.replace('"serial": 4,', '"serial": 4,\n  "account": "x",'),
      /invalid at the top level: must NOT have additional properties \("account"\)/,
    ],
    [
      'a title too long',
      valid.replace('"title": "Image 1"', `"title": "${'x'.repeat(300)}"`),
      /invalid at \/images\/00000001-5db8-4e84-9010-e29499eadb3f\/applied\/title: must NOT have more than 256 characters/,
    ],
    [
      'an upper-case guid key',
      valid.replace('"00000001-5db8-4e84-9010-e29499eadb3f": {', '"00000001-5DB8-4E84-9010-E29499EADB3F": {'),
      /invalid at \/images: has an invalid key "00000001-5DB8/,
    ],
    ['a missing serial', valid.replace('"serial": 4,', ''), /invalid at the top level: is missing "serial"/],
    [
      'a bad commit',
      valid.replace('"commit": "9fceb02d0ae598e95dc970b74767f19372d61af8"', '"commit": "main"'),
      /invalid at \/images\/[0-9a-f-]+\/commit/,
    ],
    // Every image shares one applied_at; the checker remembers valid ones, never invalid ones.
    [
      'an impossible date in the last applied_at',
      lastReplaced(valid, '2026-11-27T10:00:00.000Z', '2026-02-30T10:00:00.000Z'),
      /invalid at \/images\/00000002-[0-9a-f-]+\/applied_at: must match format "date-time"/,
    ],
    [
      'an applied_at without a time zone',
      lastReplaced(valid, '2026-11-27T10:00:00.000Z', '2026-11-27T10:00:00.000'),
      /invalid at \/images\/00000002-[0-9a-f-]+\/applied_at: must match format "date-time"/,
    ],
  ];
  it.each(cases)('refuses %s with a specific error, never "no state"', async (_name, content, message) => {
    await writeFile(path.join(dir, 'state.json'), content);
    const error = await stateError(readState(path.join(dir, 'state.json')));
    expect(error.kind).toBe('state');
    expect(error.message).toMatch(message);
    expect(error.message).toContain(path.join(dir, 'state.json'));
    expect(error.hint).toBeTruthy();
  });

  it('tells how to resolve a merge conflict', async () => {
    await writeFile(path.join(dir, 'state.json'), '<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n');
    const error = await stateError(readState(path.join(dir, 'state.json')));
    expect(error.message).toContain('at line 1');
    expect(error.hint).toMatch(/Resolve the merge conflict/);
  });

  it('reports a folder where the file should be as unreadable', async () => {
    const error = await stateError(readState(dir));
    expect(error.kind).toBe('state');
    expect(error.message).toContain('EISDIR');
  });
});

describe('writeState', () => {
  it('refuses when another run moved the serial (serial 5 → 6)', async () => {
    await writeState(statePath, makeState(5), { expected: null });
    // Two runs read serial 5.
    const a = await readState(statePath);
    const b = await readState(statePath);
    const expectedA = { lineage: a.state!.lineage, serial: a.state!.serial };
    const expectedB = { lineage: b.state!.lineage, serial: b.state!.serial };
    expect(await writeState(statePath, makeState(6, 4), { expected: expectedA })).toEqual({ written: true });
    const afterA = await readFile(statePath);

    const error = await stateError(writeState(statePath, makeState(6, 5), { expected: expectedB }));
    expect(error.kind).toBe('refused');
    expect(error.message).toContain('state changed since plan: serial 5 → 6');
    expect(await readFile(statePath)).toEqual(afterA);
  });

  it('refuses a file of another lineage', async () => {
    const other = newLineage();
    await writeState(statePath, makeState(5, 3, other), { expected: null });
    const error = await stateError(
      writeState(statePath, makeState(6), { expected: { lineage: LINEAGE, serial: 5 } }),
    );
    expect(error.kind).toBe('refused');
    expect(error.message).toContain(`now has lineage ${other}, not ${LINEAGE}`);
  });

  it('refuses when a state file appeared although none was read', async () => {
    await writeState(statePath, makeState(1), { expected: null });
    const error = await stateError(writeState(statePath, makeState(1, 2), { expected: null }));
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(/a state file appeared at .* since plan \(lineage .*, serial 1\)/);
  });

  it('refuses when the state file was removed since it was read', async () => {
    const error = await stateError(
      writeState(statePath, makeState(2), { expected: { lineage: LINEAGE, serial: 1 } }),
    );
    expect(error.kind).toBe('refused');
    expect(error.message).toContain('was removed since plan');
  });

  it('refuses a changed state whose serial did not go up', async () => {
    await writeState(statePath, makeState(3), { expected: null });
    const error = await stateError(
      writeState(statePath, makeState(3, 4), { expected: { lineage: LINEAGE, serial: 3 } }),
    );
    expect(error.kind).toBe('state');
    expect(error.message).toContain('without a higher serial');
  });

  it('refuses to write a state that breaks the schema', async () => {
    const state = makeState(1);
    (state as unknown as Record<string, unknown>)['api_key'] = 'secret-value';
    const error = await stateError(writeState(statePath, state, { expected: null }));
    expect(error.message).toContain('refusing to write an invalid state');
    expect(error.message).not.toContain('secret-value');
    expect((await readState(statePath)).state).toBeNull();
  });

  it('keeps the previous bytes as .backup, only when the content changes', async () => {
    await writeState(statePath, makeState(1), { expected: null });
    expect(await filesIn(path.dirname(statePath))).toEqual(['state.json', 'state.shards']);
    const first = await readFile(statePath);

    // Same content: nothing written, no backup.
    expect(await writeState(statePath, makeState(1), { expected: { lineage: LINEAGE, serial: 1 } })).toEqual({
      written: false,
    });
    expect(await filesIn(path.dirname(statePath))).toEqual(['state.json', 'state.shards']);

    expect(
      await writeState(statePath, makeState(2, 5), { expected: { lineage: LINEAGE, serial: 1 } }),
    ).toEqual({ written: true });
    expect(await filesIn(path.dirname(statePath))).toEqual([
      'state.json',
      'state.json.backup',
      'state.shards',
    ]);
    expect(await readFile(`${statePath}.backup`)).toEqual(first);
    expect((await readState(statePath)).state?.serial).toBe(2);
  });

  it('gives byte-identical files for two identical runs', async () => {
    const other = path.join(dir, 'other', 'state.json');
    await writeState(statePath, makeState(9, 20), { expected: null });
    await writeState(other, makeState(9, 20), { expected: null });
    expect(await readFile(other)).toEqual(await readFile(statePath));
  });

  describe('injected faults leave the old file unchanged and no temp file behind', () => {
    const fault = (code: string): Error => Object.assign(new Error(`${code}: injected`), { code });

    async function setUp(): Promise<Buffer> {
      await writeState(statePath, makeState(1), { expected: null });
      return readFile(statePath);
    }

    async function expectUntouched(before: Buffer): Promise<void> {
      expect(await readFile(statePath)).toEqual(before);
      const left = (await filesIn(path.dirname(statePath))).filter((f) => f.includes('.tmp-'));
      expect(left).toEqual([]);
    }

    it('ENOSPC while writing the temp file', async () => {
      const before = await setUp();
      const fs: FsShim = {
        ...nodeFs,
        open: async (p, flags, mode) => {
          const handle = await nodeFs.open(p, flags, mode);
          if (!p.includes('.tmp-') || !p.startsWith(statePath + '.tmp-')) return handle;
          return {
            writeFile: async (data) => {
              await handle.writeFile(data.subarray(0, 100)); // a partial write, then the disk is full
              throw fault('ENOSPC');
            },
            sync: () => handle.sync(),
            close: () => handle.close(),
          };
        },
      };
      const error = await stateError(
        writeState(statePath, makeState(2, 4), { expected: { lineage: LINEAGE, serial: 1 }, fs }),
      );
      expect(error.kind).toBe('state');
      expect(error.message).toBe(`could not write the state file ${statePath} (ENOSPC: injected)`);
      expect(error.hint).toMatch(/Free some disk space/);
      await expectUntouched(before);
    });

    it('EACCES when creating the temp file', async () => {
      const before = await setUp();
      const fs: FsShim = {
        ...nodeFs,
        open: (p, flags, mode) =>
          p.includes('.tmp-') ? Promise.reject(fault('EACCES')) : nodeFs.open(p, flags, mode),
      };
      const error = await stateError(
        writeState(statePath, makeState(2, 4), { expected: { lineage: LINEAGE, serial: 1 }, fs }),
      );
      expect(error.message).toContain('EACCES');
      expect(error.message).toContain(statePath);
      await expectUntouched(before);
    });

    it('EPERM on rename a few times, then success', async () => {
      await setUp();
      let failures = 0;
      const delays: number[] = [];
      const fs: FsShim = {
        ...nodeFs,
        rename: (from, to) => {
          if (to === statePath && failures < 3) {
            failures++;
            return Promise.reject(fault('EPERM'));
          }
          return nodeFs.rename(from, to);
        },
      };
      const sleep = (ms: number): Promise<void> => {
        delays.push(ms);
        return Promise.resolve();
      };
      const next = makeState(2, 4);
      expect(
        await writeState(statePath, next, { expected: { lineage: LINEAGE, serial: 1 }, fs, sleep }),
      ).toEqual({ written: true });
      expect(failures).toBe(3);
      expect(delays).toHaveLength(3);
      for (const [k, d] of delays.entries()) {
        expect(d).toBeGreaterThanOrEqual(50 * 2 ** k);
        expect(d).toBeLessThan(100 * 2 ** k);
      }
      expect((await readState(statePath)).state).toEqual(next);
      await expectUntouched(await readFile(statePath));
    });

    it('EPERM on rename forever: bounded retries, then an error', async () => {
      const before = await setUp();
      let attempts = 0;
      const fs: FsShim = {
        ...nodeFs,
        rename: (from, to) => {
          if (to !== statePath) return nodeFs.rename(from, to);
          attempts++;
          return Promise.reject(fault('EPERM'));
        },
      };
      const error = await stateError(
        writeState(statePath, makeState(2, 4), {
          expected: { lineage: LINEAGE, serial: 1 },
          fs,
          sleep: () => Promise.resolve(),
        }),
      );
      expect(attempts).toBe(6);
      expect(error.message).toBe(`could not write the state file ${statePath} (EPERM: injected)`);
      expect(error.hint).toMatch(/close any program/);
      await expectUntouched(before);
    });

    it('an error that is not EPERM/EBUSY is not retried', async () => {
      const before = await setUp();
      let attempts = 0;
      const fs: FsShim = {
        ...nodeFs,
        rename: (from, to) => {
          if (to !== statePath) return nodeFs.rename(from, to);
          attempts++;
          return Promise.reject(fault('EXDEV'));
        },
      };
      await stateError(
        writeState(statePath, makeState(2, 4), { expected: { lineage: LINEAGE, serial: 1 }, fs }),
      );
      expect(attempts).toBe(1);
      await expectUntouched(before);
    });
  });

  it('creates the parent folder when missing', async () => {
    const deep = path.join(dir, 'a', 'b', 'state.json');
    await writeState(deep, makeState(0), { expected: null });
    expect((await readState(deep)).state?.serial).toBe(0);
  });

  it('parseState can be used on bytes from elsewhere (a git blob)', () => {
    const state = makeState(3);
    expect(parseState(Buffer.from(serializeState(state)), 'HEAD:.fwsync/state.json')).toEqual(state);
  });
});

describe('files entries of a hand-edited state', () => {
  it('drops an entry naming a guid that is not tracked, so that file is parsed again', () => {
    const state = makeState(3, 2);
    const [file] = Object.keys(state.files);
    const edited = JSON.parse(serializeState(state)) as State & { checksum?: string };
    delete edited.checksum;
    delete edited.images[guid(0)];
    const parsed = parseState(Buffer.from(JSON.stringify(edited, null, 2)), 'state.json');
    expect(Object.hasOwn(parsed.images, guid(0))).toBe(false);
    expect(file && Object.hasOwn(parsed.files, file)).toBe(false);
  });
});
