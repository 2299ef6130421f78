// Image files parsed by worker threads (src/adapters/parse-pool.ts), through the built CLI: the
// same exit code and the same bytes on stdout and stderr as parsing everything in the main
// thread (FWSYNC_PARSE_THREADS=0), for valid files and for every invalid fixture.
import { cp, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCliProcess } from './support/cli.js';
import { imagesYaml, makeImageRepo, removeImageRepos, testImages, type ImageRepo } from './support/repo.js';

afterAll(removeImageRepos);

let repo: ImageRepo;
beforeAll(async () => {
  // Eight files of 2,000 images (about 1.8 MB, past the 1 MB parsed in the main thread first),
  // then every invalid fixture's files, which sort after them and so reach the workers.
  repo = await makeImageRepo();
  for (let f = 0; f < 8; f++)
    await repo.writeFile(`images/a-part-${f}.yaml`, imagesYaml(testImages(2000, { from: 1 + f * 2000 })));
  const invalid = path.join(ROOT, 'fixtures', 'invalid');
  for (const name of await readdir(invalid)) {
    await cp(path.join(invalid, name, 'images'), path.join(repo.dir, 'images', 'z', name), {
      recursive: true,
    });
  }
});

const run = (args: string[], threads: string) =>
  runCliProcess(args, { cwd: repo.dir, env: { FWSYNC_PARSE_THREADS: threads } });

describe('parse workers give what the main thread gives', () => {
  it.each([['validate'], ['plan', '--format', 'json']])('fwsync %s', async (...args) => {
    const here = await run(args, '0');
    const workers = await run(args, '2');
    expect(here.code).toBe(1);
    // Dozens of problems with their positions (the output stops at 50).
    expect(here.stderr.match(/^images\/z\/\S+:\d+:\d+/gm)?.length ?? 0).toBeGreaterThanOrEqual(40);
    expect(workers).toEqual(here);
  });

  it('--verbose says how many files the workers parsed', async () => {
    const r = await run(['validate', '--verbose'], '2');
    const m = /^(\d+) image files parsed by 2 worker threads$/m.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(40);
    const none = await run(['validate', '--verbose'], '0');
    expect(none.stderr).not.toMatch(/worker threads/);
  });

  it('a FWSYNC_PARSE_THREADS that is not a number is an error that says what to set', async () => {
    const r = await run(['validate'], 'many');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FWSYNC_PARSE_THREADS is "many", not a whole number from 0 to 8');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
