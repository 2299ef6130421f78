// state-backend: branch — the state lives on a branch of its own, read and written through the
// contents API. The state branch is the truth: its manifest and the shards it names replace the
// workspace copy. Without a state there yet (first run), the committed state in the workspace
// (from `fwsync import`) is the starting point, and the first write creates it.
//
// A write follows the order of the state store (docs/state.md): the shards the branch lacks
// first (content-addressed, so they never touch a file the current manifest names), then the
// manifest with its blob sha as compare-and-swap (the commit point: a conflict means another
// run wrote, and this one refuses), then the removal of shards neither the new manifest nor the
// previous one (the backup) names. Each contents call is a commit on the state branch.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GitHub } from '../../adapters/github.js';
import { SHARD_FILE_RE, posixShardDir, shardDir, shardsNamedBy } from '../../adapters/state-shards.js';
import { placeStateCopy } from '../../adapters/state-store.js';
import { FwsyncError } from '../../errors.js';
import { branchOf } from '../inputs.js';
import { stateLocation, type BackendContext, type StateBackend } from './base.js';
import { checkBranch, checkRelativePath } from './checks.js';

/** Shard reads in flight at once: enough to hide latency, few enough for the rate limits. */
const SHARD_READS = 8;

export function branchBackend(job: BackendContext): StateBackend {
  const { inputs, ctx, out, gh } = job;
  const branch = inputs.stateBranch;
  /** What the branch held (content null: no file yet), to write back only on change. */
  let loaded: { content: string | null; sha: string | null } | null = null;
  return {
    async load() {
      if (!gh) {
        throw new FwsyncError(
          'input',
          'state-backend: branch needs the github-token input and GITHUB_REPOSITORY',
        );
      }
      const location = await stateLocation(job);
      const state = await loadStateFromBranch(gh, { branch, path: location.repoPath });
      loaded = state;
      if (state.content !== null) {
        await placeStateCopy(location.file, state.content, state.shards);
        out.info(
          `Loaded ${location.repoPath} from branch ${branch} (blob ${state.sha?.slice(0, 7)}, ${state.shards.size} shard(s) fetched).`,
        );
      } else {
        out.info(`Branch ${branch} holds no ${location.repoPath} yet; starting from the workspace copy.`);
      }
      return location;
    },
    checkCanSave: () => undefined,
    async save(location, text, message) {
      if (!gh || !loaded)
        throw new FwsyncError('input', 'state-backend: branch needs the github-token input');
      if (text === loaded.content) return;
      // The shards the new manifest names, as the state store just wrote them.
      const dir = shardDir(location.file);
      const shards = new Map<string, Buffer>();
      for (const { file } of shardsNamedBy(text)) shards.set(file, await readFile(path.join(dir, file)));
      const r = await persistStateBranch(gh, {
        branch,
        path: location.repoPath,
        content: text,
        sha: loaded.sha,
        message,
        baseBranch: ctx.event.repository?.default_branch ?? branchOf(ctx.ref) ?? 'main',
        shards,
        keep: new Set(shardsNamedBy(loaded.content).map((s) => s.file)),
      });
      for (const warning of r.warnings) out.warning(warning);
      out.info(
        `Saved ${location.repoPath} on branch ${branch} (blob ${r.sha.slice(0, 7)}; ${r.written} shard(s) written, ${r.removed} removed).`,
      );
    },
    journalSteps: (file) =>
      `in a checkout, put the ${branch} branch's state in place (git fetch origin ${branch} && git checkout FETCH_HEAD -- ${file} ${posixShardDir(file)}), save the journal as ${file}.journal, run fwsync apply (it folds the journal in before anything else), and put the state back on the ${branch} branch`,
  };
}

/** Git's blob sha of some bytes: what the contents API names a file's content by. */
export function gitBlobSha(bytes: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest('hex');
}

/**
 * The manifest on the state branch and the shards it names, all read at one commit so that a
 * write landing meanwhile cannot mix two states. `shards` holds file name → bytes.
 */
export async function loadStateFromBranch(
  gh: GitHub,
  opts: { branch: string; path: string },
): Promise<{ content: string | null; sha: string | null; shards: Map<string, Buffer> }> {
  checkBranch(opts.branch);
  checkRelativePath(opts.path);
  const shards = new Map<string, Buffer>();
  const head = await gh.getBranchHead(opts.branch);
  if (head === null) return { content: null, sha: null, shards };
  const f = await gh.getFile(opts.path, head);
  if (!f) return { content: null, sha: null, shards };
  const dir = posixShardDir(opts.path);
  const named = shardsNamedBy(f.content);
  for (let i = 0; i < named.length; i += SHARD_READS) {
    await Promise.all(
      named.slice(i, i + SHARD_READS).map(async ({ file }) => {
        const shard = await gh.getFile(`${dir}/${file}`, head);
        if (!shard) {
          throw new FwsyncError(
            'state',
            `The state on branch ${opts.branch} names the shard ${dir}/${file}, which is not on the branch.`,
            {
              hint: `Restore ${dir}/${file} on ${opts.branch} from its history, or put a state that is whole on the branch.`,
            },
          );
        }
        const bytes = Buffer.from(shard.content, 'utf8');
        // Checked against its digest when the state store reads it, like any shard.
        shards.set(file, bytes);
      }),
    );
  }
  return { content: f.content, sha: f.sha, shards };
}

export async function persistStateBranch(
  gh: GitHub,
  opts: {
    branch: string;
    path: string;
    content: string;
    /** The blob sha read by loadStateFromBranch (null: there was no file). */
    sha: string | null;
    message: string;
    /** Where a missing state branch starts from (the default branch). */
    baseBranch: string;
    /** The shards the new manifest names: file name → bytes. */
    shards?: ReadonlyMap<string, Buffer>;
    /** Shard files to keep besides those: the ones the previous manifest (the backup) names. */
    keep?: ReadonlySet<string>;
  },
): Promise<{ sha: string; written: number; removed: number; warnings: string[] }> {
  checkBranch(opts.branch);
  checkBranch(opts.baseBranch);
  checkRelativePath(opts.path);
  const shards = opts.shards ?? new Map<string, Buffer>();
  if ((await gh.getBranchHead(opts.branch)) === null) {
    const base = await gh.getBranchHead(opts.baseBranch);
    if (base === null) {
      throw new FwsyncError(
        'state',
        `Cannot create the state branch ${opts.branch}: ${opts.baseBranch} does not exist.`,
      );
    }
    await gh.createBranch(opts.branch, base);
  }

  // Listed before anything is written: a shard another run adds after this point (for a
  // manifest it read after ours lands) is then never taken for an unused one and removed.
  const dir = posixShardDir(opts.path);
  const listed = new Map(
    ((await gh.listDirectory(dir, opts.branch)) ?? [])
      .filter((e) => e.type === 'file')
      .map((e) => [e.name, e.sha] as const),
  );

  // 1. The shards the branch lacks. The listing may be partial (GitHub lists 1,000 entries):
  // a shard it missed answers "exists", and is checked by its content.
  let written = 0;
  for (const [file, bytes] of shards) {
    const blob = gitBlobSha(bytes);
    const there = listed.get(file);
    if (there === blob) continue;
    const shardPath = `${dir}/${file}`;
    const r = await gh.putFile({
      path: shardPath,
      branch: opts.branch,
      content: bytes.toString('utf8'),
      sha: there ?? null,
      message: `${opts.message} (shard ${file})`,
    });
    if ('conflict' in r) {
      const now = await gh.getFile(shardPath, opts.branch);
      if (now === null || gitBlobSha(Buffer.from(now.content, 'utf8')) !== blob) {
        throw new FwsyncError(
          'state',
          `Could not write ${shardPath} on branch ${opts.branch}: it changed while being written.`,
          {
            hint: 'Re-run this apply; the state on the branch was not changed (the manifest was not written).',
          },
        );
      }
    } else written++;
  }

  // 2. The manifest, the commit point: compare-and-swap on the blob sha that was read.
  const r = await gh.putFile({
    path: opts.path,
    branch: opts.branch,
    content: opts.content,
    sha: opts.sha,
    message: opts.message,
  });
  if ('conflict' in r) {
    const now = await gh.getFile(opts.path, opts.branch);
    throw new FwsyncError(
      'refused',
      `The state on branch ${opts.branch} changed since it was read ` +
        `(${opts.sha?.slice(0, 7) ?? 'no file'} → ${now?.sha.slice(0, 7) ?? 'no file'}); it was not overwritten.`,
      { hint: 'Another apply ran at the same time. Re-run this apply: it plans against the new state.' },
    );
  }

  // 3. Shards neither manifest names. The state is already saved: a removal that fails leaves
  // an unused file behind, which the next write removes, so it is only a warning.
  let removed = 0;
  const warnings: string[] = [];
  for (const [file, sha] of listed) {
    if (!SHARD_FILE_RE.test(file) || shards.has(file) || opts.keep?.has(file)) continue;
    try {
      const d = await gh.deleteFile({
        path: `${dir}/${file}`,
        branch: opts.branch,
        sha,
        message: `${opts.message} (remove unused shard ${file})`,
      });
      if ('conflict' in d)
        warnings.push(
          `Could not remove the unused shard ${dir}/${file} on branch ${opts.branch}: it changed or went; the next apply retries.`,
        );
      else removed++;
    } catch (error) {
      warnings.push(
        `Could not remove the unused shard ${dir}/${file} on branch ${opts.branch} (${error instanceof Error ? error.message : String(error)}); the next apply retries.`,
      );
    }
  }
  return { sha: r.sha, written, removed, warnings };
}
