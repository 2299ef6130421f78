// Regenerates fixtures/yaml-test-suite/cases.json from a checkout of the official YAML test
// suite's `data` branch (https://github.com/yaml/yaml-test-suite, MIT licensed):
//
//   git clone --branch data-2022-01-17 https://github.com/yaml/yaml-test-suite /tmp/yts
//   node scripts/import-yaml-test-suite.mjs /tmp/yts
//
// Each case folder holds `in.yaml`, `test.event` (the parse events), `===` (the name), and
// either `in.json` (the expected data) or `error` (the input is not valid YAML). Folders with
// numbered subfolders hold several cases. Only two kinds are kept, to keep the fixture small:
//
// - every error case;
// - every valid case whose stream is one document holding one string scalar with no anchor or
//   tag: the cases whose document test/yaml-test-suite.test.ts can embed as a description.
//
// The file is sorted by id and pretty-printed one case per entry, so a re-import diffs cleanly.

import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = process.argv[2];
if (!root || !existsSync(path.join(root, '229Q'))) {
  console.error(
    'usage: node scripts/import-yaml-test-suite.mjs <checkout of the yaml-test-suite data branch>',
  );
  process.exit(2);
}
const out = path.resolve(import.meta.dirname, '../fixtures/yaml-test-suite/cases.json');

/** Case folders: `ABCD` or, when it holds numbered subfolders, `ABCD/00`, `ABCD/01`, ... */
function caseDirs() {
  const dirs = [];
  for (const id of readdirSync(root).sort()) {
    const dir = path.join(root, id);
    if (!/^[0-9A-Z]{4}$/.test(id) || !statSync(dir).isDirectory()) continue;
    if (existsSync(path.join(dir, 'in.yaml'))) dirs.push(id);
    else for (const sub of readdirSync(dir).sort()) if (/^\d+$/.test(sub)) dirs.push(`${id}/${sub}`);
  }
  return dirs;
}

const read = (id, file) => readFileSync(path.join(root, id, file), 'utf8');

/**
 * True when the events are those of one document holding one scalar without an anchor (`&a`)
 * or a tag (`<tag:...>`): `+STR`, `+DOC`, `=VAL`, `-DOC`, `-STR`.
 */
function isOnePlainScalarDocument(events) {
  const lines = events.split('\n').filter((l) => l !== '');
  if (lines.length !== 5) return false;
  const [str, doc, val, endDoc, endStr] = lines;
  return (
    str === '+STR' &&
    /^\+DOC( ---)?$/.test(doc) &&
    /^=VAL [:'"|>]/.test(val) &&
    /^-DOC( \.\.\.)?$/.test(endDoc) &&
    endStr === '-STR'
  );
}

const cases = [];
let skipped = 0;
for (const id of caseDirs()) {
  const name = read(id, '===').trim();
  const yaml = read(id, 'in.yaml');
  if (existsSync(path.join(root, id, 'error'))) {
    cases.push({ id, name, yaml, error: true });
    continue;
  }
  const events = read(id, 'test.event');
  const json = existsSync(path.join(root, id, 'in.json')) ? read(id, 'in.json') : null;
  // Directives (`%YAML`, `%TAG`) cannot follow a mapping key.
  const directive = /^%/m.test(yaml);
  let value;
  try {
    value = json === null ? undefined : JSON.parse(json);
  } catch {
    value = undefined; // several documents: several JSON texts
  }
  if (!directive && typeof value === 'string' && isOnePlainScalarDocument(events)) {
    cases.push({ id, name, yaml, value });
  } else {
    skipped++;
  }
}

writeFileSync(out, `${JSON.stringify(cases, null, 1)}\n`);
const errors = cases.filter((c) => c.error).length;
console.log(
  `${path.relative(process.cwd(), out)}: ${cases.length - errors} string documents, ${errors} error cases (${skipped} other valid cases left out)`,
);
