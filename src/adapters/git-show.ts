// Files as they are at one commit, read with a single `git cat-file --batch` however many there
// are: the base review reads a state manifest and then every shard it names (hundreds at 100k
// images), and one `git show` process per shard would cost a second or more.

import { spawn } from 'node:child_process';

/**
 * The bytes of each `paths` entry (relative to the repository root, forward slashes) at `sha`,
 * in the same order; null where the commit has no such file (or it is not a file). Throws only
 * when git itself cannot run.
 */
export async function showFiles(
  cwd: string,
  sha: string,
  paths: readonly string[],
): Promise<Array<Buffer | null>> {
  if (paths.length === 0) return [];
  // The batch protocol is line-based: a path with a line break cannot be asked for. fwsync's
  // state paths never have one (config.ts refuses control characters), so this only guards.
  const askable = paths.map((p) => !/[\r\n]/.test(p));
  const input = paths
    .filter((_, i) => askable[i])
    .map((p) => `${sha}:${p}\n`)
    .join('');
  const out = await run(cwd, input);
  const answers = parseBatch(out);
  let next = 0;
  return paths.map((_, i) => (askable[i] ? (answers[next++] ?? null) : null));
}

function run(cwd: string, input: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], {
      cwd,
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new Error(`git cat-file --batch exited with ${code}`));
    });
    child.stdin.end(input);
  });
}

/**
 * `<oid> <type> <size>\n<bytes>\n` per object found, `<name> missing\n` (or `ambiguous`) per one
 * that is not; only blobs count as files.
 */
function parseBatch(out: Buffer): Array<Buffer | null> {
  const answers: Array<Buffer | null> = [];
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(0x0a, at);
    if (eol < 0) break;
    const header = out.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      answers.push(null);
      continue;
    }
    const size = Number(m[2]);
    answers.push(m[1] === 'blob' ? out.subarray(at, at + size) : null);
    at += size + 1;
  }
  return answers;
}
