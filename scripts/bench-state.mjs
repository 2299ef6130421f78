// The state on disk at 1k/10k/100k images (short texts, and 2,000-character descriptions):
// bytes and files, the largest file, and what an apply that changes one image writes (the new
// files git would add: the bytes a commit of the state changes), with the time of that write
// and of a full read. Uses the real state store, bundled from src/ by esbuild.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

let storeModule = null;

/** src/adapters/state-store.ts, bundled once into .bench/ for the benchmark scripts. */
export async function stateStore(root, benchDir) {
  if (storeModule) return storeModule;
  const { build } = await import('esbuild');
  const outfile = path.join(benchDir, 'state-store.mjs');
  mkdirSync(benchDir, { recursive: true });
  await build({
    entryPoints: [path.join(root, 'src', 'adapters', 'state-store.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
    packages: 'external',
  });
  storeModule = await import(outfile);
  return storeModule;
}

const sha = (text) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const LINEAGE = '8a5f3a52-6f0e-4c4a-9d39-5b7f0f1d2c11';

function guidFor(i) {
  const h = createHash('sha256').update(`image-${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function makeState(n, descriptionLength) {
  const state = { version: 1, lineage: LINEAGE, serial: 1, images: {}, files: {} };
  const perFile = Math.ceil(n / 100);
  for (let i = 0; i < n; i++) {
    const file = `images/part-${String(Math.floor(i / perFile)).padStart(3, '0')}.yaml`;
    const base = `harbour dawn field quiet river stone light ${i} `;
    const description =
      descriptionLength > 0
        ? base.repeat(Math.ceil(descriptionLength / base.length)).slice(0, descriptionLength)
        : `${base.trim()}.`;
    const applied = { title: `Image ${i}`, description };
    state.images[guidFor(i)] = {
      applied,
      hash: sha(JSON.stringify({ description, title: applied.title })),
      applied_at: '2026-11-01T00:00:00.000Z',
      source: file,
      commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
    };
    (state.files[file] ??= { hash: sha(file), guids: [] }).guids.push(guidFor(i));
  }
  for (const entry of Object.values(state.files)) entry.guids.sort();
  return state;
}

function listing(dir) {
  const out = new Map();
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (!name.endsWith('.backup')) out.set(path.relative(dir, p), st.size);
    }
  };
  walk(dir);
  return out;
}

const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;

export async function benchState({ root, benchDir, sizes }) {
  const store = await stateStore(root, benchDir);
  console.log('\nstate on disk (version 2: manifest + shards)');
  console.log(
    'case                         total        files  largest     manifest   one-image apply writes   write     read',
  );
  const cases = sizes.map((n) => [n, 0]);
  if (sizes.includes(100000)) cases.push([100000, 2000]);
  for (const [n, descriptionLength] of cases) {
    const dir = path.join(benchDir, `state-${n}-${descriptionLength}`);
    rmSync(dir, { recursive: true, force: true });
    const statePath = path.join(dir, 'state.json');
    const state = makeState(n, descriptionLength);
    await store.writeState(statePath, state, { expected: null });
    const before = listing(dir);
    const total = [...before.values()].reduce((a, b) => a + b, 0);
    const largest = Math.max(...[...before.entries()].filter(([f]) => f !== 'state.json').map(([, s]) => s));

    // An apply reads the state, then writes it with one image's title and its file's hash
    // changed, as nextState would (new objects for what changed, the rest as read).
    const tr = performance.now();
    const { state: current } = await store.readState(statePath);
    const fullReadMs = performance.now() - tr;
    const guid = guidFor(Math.floor(n / 2));
    const image = current.images[guid];
    const applied = { ...image.applied, title: `${image.applied.title} (edited)` };
    const next = {
      ...current,
      serial: 2,
      images: { ...current.images, [guid]: { ...image, applied, hash: sha(JSON.stringify(applied)) } },
      files: {
        ...current.files,
        [image.source]: { ...current.files[image.source], hash: sha(`${image.source} edited`) },
      },
    };
    const t0 = performance.now();
    await store.writeState(statePath, next, { expected: { lineage: LINEAGE, serial: 1 } });
    const writeMs = performance.now() - t0;
    const after = listing(dir);
    let changed = 0;
    let changedFiles = 0;
    for (const [f, size] of after) {
      if (before.get(f) !== size || f === 'state.json') {
        changed += size;
        changedFiles += 1;
      }
    }
    const { state: back } = await store.readState(statePath);
    const readMs = fullReadMs;
    if (back.images[guid].applied.title !== applied.title) throw new Error('read back differs');
    const label = `${n} images${descriptionLength ? `, ${descriptionLength}-char desc.` : ''}`;
    console.log(
      `${label.padEnd(28)} ${mb(total).padStart(10)} ${String(before.size).padStart(6)}  ${mb(largest).padStart(9)}  ${mb(before.get('state.json')).padStart(9)}   ` +
        `${`${mb(changed)} in ${changedFiles} files`.padStart(22)}  ${(writeMs / 1000).toFixed(2).padStart(5)} s  ${(readMs / 1000).toFixed(2).padStart(5)} s`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
}
