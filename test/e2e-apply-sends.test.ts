// `fwsync apply` as a process against the emulator: the local lock, and what is (not) sent —
// forget, the safety limit, empty inputs, only changed images, request counts, the JSON result,
// confirmation (docs/failure-cases.md A7, A8, A10–A12, B25). Every case asserts the exit code, the
// request log and the state on disk.
import { execa } from 'execa';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSeed, startEmulator } from '../src/emulator/server.js';
import { startCli } from './support/cli.js';
import {
  LOCK_DIR as LOCK,
  emulatorEnv,
  expectedFields as expected,
  guidsOf as guids,
  parseApplyResult as parseResult,
  recordedFields as recorded,
  imagesYaml,
  makeImageRepo,
  putsSince,
  retitled,
  sentGuids,
  sentImages,
  testImages,
  waitFor,
  type TestImage,
  useApplySuite,
  PLAIN_INVENTORY,
} from './support/repo.js';

const { emulator, fw, apply, appliedRepo } = useApplySuite();

/** Markdown with its backslash escapes removed (a backslash and `(` become `(`), to match plain text. */
const unescapeMarkdown = (text: string): string => text.replace(/\\(.)/g, '$1');

describe('A7/A8: the local lock', () => {
  it('A7: a second apply while another holds the lock is refused (exit 3), names the holder, sends nothing', async () => {
    const v1 = testImages(4);
    const repo = await makeImageRepo({ images: v1, api: { timeout_seconds: 30 } });
    emulator().script({ kind: 'hang', match: { path: 'update_images' } });
    const holder = startCli(['apply', '--yes'], { cwd: repo.dir, env: emulatorEnv(emulator()) });
    try {
      await waitFor('the first apply to send', () => putsSince(emulator()).length === 1);
      const r = await apply(repo);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain(`pid ${holder.pid}`);
      expect(r.stderr).toContain(os.hostname());
      // The holder's read and its one update; the refused run made no request.
      expect(emulator().requests.map((q) => q.path)).toEqual(['/v3/list_images', '/v3/update_images']);
      // The refused run wrote nothing: there is still no state (this is a first apply), and the
      // holder's lock is untouched.
      expect(await repo.stateBytes()).toBeNull();
      expect(await repo.backupBytes()).toBeNull();
      expect(repo.exists(LOCK)).toBe(true);
    } finally {
      holder.kill('SIGINT');
    }
    const first = await holder;
    expect(first.exitCode).toBe(130);
    expect(repo.exists(LOCK)).toBe(false);
    // The holder's only batch never got an answer: nothing was confirmed, so no state either.
    expect(putsSince(emulator())).toHaveLength(1);
    expect(await repo.stateBytes()).toBeNull();
  });

  it('A8: a stale lock of a process that is gone is taken over with a warning naming it', async () => {
    const v1 = testImages(3);
    const repo = await makeImageRepo({ images: v1 });
    const goneProcess = execa(process.execPath, ['-e', '0']);
    const gone = { pid: goneProcess.pid };
    await goneProcess;
    const info = {
      pid: gone.pid,
      hostname: os.hostname(),
      started_at: '2026-01-01T00:00:00.000Z',
      command: 'apply',
      token: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    };
    await mkdir(path.join(repo.dir, LOCK), { recursive: true });
    await writeFile(path.join(repo.dir, LOCK, 'info.json'), JSON.stringify(info));
    const r = await apply(repo);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(`warning: took over a stale lock held by pid ${gone.pid} on host .* since 2026-01-01`),
    );
    expect(Object.keys(await recorded(repo)).sort()).toEqual(guids(v1));
    expect(repo.exists(LOCK)).toBe(false);
    // The stale lock did not stop or repeat anything: one request, with the three images.
    const puts = putsSince(emulator());
    expect(puts.map(sentGuids)).toEqual([guids(v1)]);
    expect(puts[0]!.status).toBe(200);
    expect(emulator().requests.filter((q) => q.method === 'PUT')).toHaveLength(1);
  });
});

describe('what is sent', () => {
  it('A10: an image removed from the YAML is forgotten: out of the state, nothing sent', async () => {
    const v1 = testImages(3);
    const repo = await appliedRepo(v1);
    await repo.writeImages(v1.slice(0, 2));
    const r = await apply(repo, ['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const result = parseResult(r.stdout);
    expect(result.images).toEqual([{ guid: v1[2]!.guid, kind: 'forget', outcome: 'forgotten' }]);
    expect(result.requests).toBe(0);
    expect(emulator().requests).toEqual([]);
    expect(await recorded(repo)).toEqual(expected(v1.slice(0, 2)));
    // The image on FinerWorks is untouched.
    expect(emulator().getImage(v1[2]!.guid)?.title).toBe(v1[2]!.title);
  });

  it('A11: 13 updates of 40 tracked (> 30 %) are refused with nothing sent; --force applies; 12 pass', async () => {
    const v1 = testImages(40);
    const repo = await appliedRepo(v1, { api: { batch_size: 10 } });
    const v2 = [...retitled(v1.slice(0, 13), 'v2'), ...v1.slice(13)];
    await repo.writeImages(v2, 4);
    const before = await repo.stateBytes();
    const over =
      /This plan updates 13 of 40 tracked images \(32\.5%\), more than safety\.max_change_percent \(30%\)/;
    // The plan says so before anyone applies: in the text plan and in the pull-request comment.
    const planned = await fw(repo, ['plan']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(new RegExp(`Refused without --force: ${over.source}`));
    const comment = await fw(repo, ['plan', '--format', 'markdown']);
    expect(comment.code, comment.stderr).toBe(0);
    expect(unescapeMarkdown(comment.stdout)).toMatch(
      new RegExp(`\\*\\*Refused without --force\\.\\*\\* ${over.source}`),
    );
    const refused = await apply(repo);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/--force/);
    expect(refused.stderr).toMatch(over);
    expect(emulator().requests).toEqual([]);
    expect(await repo.stateBytes()).toEqual(before);

    const forced = await apply(repo, ['--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(putsSince(emulator()).flatMap(sentGuids)).toEqual(guids(v2.slice(0, 13)));

    const mark = emulator().requests.length;
    const v3 = [...v2.slice(0, 13), ...retitled(v2.slice(13, 25), 'v3'), ...v2.slice(25)];
    await repo.writeImages(v3, 4);
    // 12 of 40 is exactly the limit: it passes, and the plan states the share against the limit
    // (a "Safety:" line, not a refusal) in the text plan, the comment and the apply output.
    const within =
      /This plan updates 12 of 40 tracked images \(30%\), within safety\.max_change_percent \(30%\)/;
    const planned12 = await fw(repo, ['plan']);
    expect(planned12.stdout).toMatch(new RegExp(`Safety: ${within.source}`));
    expect(planned12.stdout).not.toMatch(/Refused without --force/);
    const comment12 = await fw(repo, ['plan', '--format', 'markdown']);
    expect(unescapeMarkdown(comment12.stdout)).toMatch(new RegExp(`\\*\\*Safety:\\*\\* ${within.source}`));
    expect(comment12.stdout).not.toMatch(/Refused without --force/);
    expect(emulator().requests.slice(mark)).toEqual([]); // planning sends nothing
    const twelve = await apply(repo);
    expect(twelve.code, twelve.stderr).toBe(0);
    expect(twelve.stdout).toMatch(new RegExp(`Safety: ${within.source}`));
    expect(putsSince(emulator(), mark).flatMap(sentGuids)).toEqual(guids(v3.slice(13, 25)));
    expect(await recorded(repo)).toEqual(expected(v3));
  });

  it('A12: an empty image file, or globs that match nothing → exit 1, no request, no state', async () => {
    const repo = await makeImageRepo({ images: testImages(2) });
    await repo.writeFile('images/empty.yaml', '');
    const empty = await apply(repo);
    expect(empty.code, empty.stderr).toBe(1);
    expect(empty.stderr).toContain('images/empty.yaml');

    const none = await makeImageRepo({});
    await none.writeFile('pictures/a.yaml', imagesYaml(testImages(1)));
    const r = await apply(none);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/images\/\*\*\/\*\.yaml/);
    expect(emulator().requests).toEqual([]);
    expect(await repo.stateBytes()).toBeNull();
    expect(await none.stateBytes()).toBeNull();
  });

  it('B25: only changed images are sent; reformatting, comments, key order and quoting send nothing', async () => {
    const [a, b, c] = testImages(3) as [TestImage, TestImage, TestImage];
    const repo = await appliedRepo([a, b, c], { files: 2 });
    const c2 = { ...c, description: 'A new description.' };
    await repo.writeImages([a, b, c2], 2);
    const r = await apply(repo);
    expect(r.code, r.stderr).toBe(0);
    const puts = putsSince(emulator());
    expect(puts).toHaveLength(1);
    expect(sentImages(puts[0]!)).toEqual([{ guid: c.guid, title: c.title, description: c2.description }]);

    // The same values, written differently: comments, key order, quoting styles, flow maps,
    // upper-case guid, block scalars, and c moved from part-01 into part-00.
    await repo.writeFile(
      'images/part-00.yaml',
      [
        '# yaml-language-server: $schema=../schemas/images.schema.json',
        'images:   # the list',
        `  - description: '${a.description}'`,
        `    title: ${a.title}`,
        `    guid: "${a.guid.toUpperCase()}"`,
        `  - { title: "${b.title}", guid: ${b.guid}, "description": "${b.description}" }`,
        `  - guid: ${c2.guid}`,
        '    title: >-',
        `      ${c2.title}`,
        '    description: |-',
        `      ${c2.description}`,
        'version: 1',
        '',
      ].join('\n'),
    );
    await rm(path.join(repo.dir, 'images', 'part-01.yaml'));
    const mark = emulator().requests.length;
    const plan = await fw(repo, ['plan', '--detailed-exitcode']);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const again = await apply(repo);
    expect(again.code, again.stderr).toBe(0);
    expect(emulator().requests.slice(mark)).toEqual([]);
  });

  it('B25: 200 changed images with concurrency 2 and batch_size 7: never more than 2 requests in flight, no batch over 7', async () => {
    // A little latency, so that the two workers' requests really overlap.
    const em = await startEmulator({ seed: generateSeed(200, PLAIN_INVENTORY), latencyMs: 20 });
    try {
      const v1 = testImages(200);
      const repo = await makeImageRepo({ images: v1, api: { batch_size: 7, concurrency: 2 } });
      const r = await apply(repo, ['--format', 'json'], em);
      expect(r.code, r.stderr).toBe(0);
      expect(parseResult(r.stdout)).toMatchObject({ complete: true, requests: Math.ceil(200 / 7) });
      const puts = putsSince(em);
      // The read of the 200 images to send (50 a page), then nothing but update_images.
      expect(em.requests.slice(0, 4).map((q) => q.path)).toEqual(Array(4).fill('/v3/list_images'));
      expect(puts).toHaveLength(em.requests.length - 4);
      expect(puts).toHaveLength(29);
      // The emulator's own counter, and the same bound measured from the request log.
      expect(em.maxInFlight).toBeLessThanOrEqual(2);
      expect(em.maxInFlight).toBe(2); // both workers were used: the bound was really exercised
      let most = 0;
      for (const p of puts) {
        const overlapping = puts.filter((q) => q.startedAt <= p.startedAt && p.startedAt < q.endedAt!);
        most = Math.max(most, overlapping.length);
      }
      expect(most).toBeLessThanOrEqual(2);
      expect(Math.max(...puts.map((p) => sentGuids(p).length))).toBe(7);
      for (const p of puts) expect(p.status).toBe(200);
      const sent = puts.flatMap(sentGuids);
      expect(new Set(sent).size).toBe(200); // each image once
      expect(sent.sort()).toEqual(guids(v1).sort());
      expect(await recorded(repo)).toEqual(expected(v1));
    } finally {
      await em.close();
    }
  });

  it('requests = ceil(changed / batch_size); an apply right after a successful one sends nothing', async () => {
    const v1 = testImages(10);
    const repo = await makeImageRepo({ images: v1, api: { batch_size: 4 } });
    const r = await apply(repo, ['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const result = parseResult(r.stdout);
    expect(result).toMatchObject({ complete: true, interrupted: false, requests: 3 });
    expect(result.summary).toEqual({
      applied: 10,
      recorded: 0,
      forgotten: 0,
      failed: 0,
      not_attempted: 0,
      refused: 0,
    });
    expect(putsSince(emulator()).map((p) => sentGuids(p).length)).toEqual([4, 4, 2]);
    expect(result.state).toEqual({ lineage: (await repo.state()).lineage, serial: 1 });

    const v2 = retitled(v1.slice(0, 7), 'v2');
    await repo.writeImages([...v2, ...v1.slice(7)]);
    const mark = emulator().requests.length;
    const second = await apply(repo, ['--format', 'json', '--force']); // 7 of 10: past the safety limit
    expect(parseResult(second.stdout).requests).toBe(2);
    expect(putsSince(emulator(), mark).map((p) => sentGuids(p).length)).toEqual([4, 3]);

    const mark2 = emulator().requests.length;
    const third = await apply(repo, ['--format', 'json']);
    expect(third.code).toBe(0);
    expect(parseResult(third.stdout)).toMatchObject({ requests: 0, images: [] });
    expect(emulator().requests.slice(mark2)).toEqual([]);
  });

  it('apply --format json output validates against the schema, also for a partial apply', async () => {
    const repo = await makeImageRepo({ images: testImages(6) });
    emulator().script({ kind: 'success-false', message: 'Nope.', match: { path: 'update_images', nth: 2 } });
    // Request 2 (batch 2 of [5,6]) is refused, then narrowed: [5] and [6] alone succeed.
    const r = await apply(repo, ['--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const result = parseResult(r.stdout);
    expect(result.requests).toBe(4);
    expect(result.complete).toBe(true);
  });

  it('without a terminal and without --yes: exit 1 with a hint, nothing sent, no state written', async () => {
    const repo = await makeImageRepo({ images: testImages(2) });
    const r = await fw(repo, ['apply']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/no terminal/);
    expect(r.stderr).toContain('--yes');
    expect(emulator().requests).toEqual([]);
    expect(await repo.stateBytes()).toBeNull();
    expect(repo.exists(LOCK)).toBe(false);
  });
});
