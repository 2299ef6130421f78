// A fake GitHub REST API on a real loopback HTTP server: only the endpoints fwsync uses, state
// in memory, every request recorded (the Authorization header reduced to present/absent), and
// switches for the failures that matter to the Action (read-only fork token, a create that
// succeeds but answers 502, /user refused for installation tokens, a commit→PR index lagging).

import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string };
  created_at: string;
  updated_at: string;
  html_url: string;
  issue_number: number;
}

export interface FakePull {
  number: number;
  head_sha: string;
  merge_commit_sha?: string | null;
  merged_at?: string | null;
  state?: 'open' | 'closed';
  /** The head branch (GitHub's head.ref); the pulls list filters on it. */
  head_ref?: string;
  base_ref?: string;
  title?: string;
  body?: string | null;
  /** Who opened it. Default: the token's user. */
  user_login?: string;
}

export interface RecordedCall {
  method: string;
  /** Path with query string, as sent. */
  path: string;
  body: unknown;
  auth: 'present' | 'absent';
}

export interface FakeFailures {
  /** Every write answers 403 "Resource not accessible by integration" (fork PR token). */
  readOnly: boolean;
  /** The next N comment creations are stored, then answered with 502. */
  createComment502: number;
  /** GET /user answers 403, as it does for installation tokens (GITHUB_TOKEN). */
  userRefused: boolean;
  /** The first N calls of GET commits/{sha}/pulls answer [] (not indexed yet). */
  emptyCommitPulls: number;
  /** The next N PUTs of contents answer 409 without writing (a concurrent writer's sha). */
  contentsConflict: number;
  /** The next N DELETEs of contents answer 500 without deleting. */
  contentsDelete500: number;
}

export interface FakeGitHubOptions {
  /** The login of the token's user; comments it creates are authored by it. Default 'fwsync-bot'. */
  login?: string;
  owner?: string;
  repo?: string;
  pulls?: FakePull[];
  /** sha → PR numbers returned by GET commits/{sha}/pulls. */
  commitPulls?: Record<string, number[]>;
  /** branch → files (path → content). Default: `main` with no files. */
  branches?: Record<string, Record<string, string>>;
  /** Page size cap for comment listing (GitHub: 100). Small values exercise pagination. */
  maxPerPage?: number;
  failures?: Partial<FakeFailures>;
}

export interface FakeGitHub {
  url: string;
  owner: string;
  repo: string;
  calls: RecordedCall[];
  failures: FakeFailures;
  /** Comments of one issue, oldest first. */
  comments(issueNumber: number): FakeComment[];
  /** Seed a comment by any user (e.g. someone forging our marker). */
  addComment(issueNumber: number, body: string, login: string): FakeComment;
  setPull(pull: FakePull): void;
  /** Every pull request, by number. */
  pulls(): FakePull[];
  /** Content of a file at the head of a branch, or null. */
  file(branch: string, path: string): string | null;
  /** Every file at the head of a branch whose path starts with `prefix`: path → content. */
  files(branch: string, prefix: string): Record<string, string>;
  /** Write a file on a branch as someone else would (a new commit). */
  commitFile(branch: string, path: string, content: string): void;
  branchHead(branch: string): string | null;
  close(): Promise<void>;
}

interface StoredFile {
  content: Buffer;
  sha: string;
}

function blobSha(content: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]))
    .digest('hex');
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// GitHub's contents API inlines content only up to 1 MB; above that it answers encoding "none".
const CONTENTS_INLINE_LIMIT = 1024 * 1024;

export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const login = opts.login ?? 'fwsync-bot';
  const owner = opts.owner ?? 'acme';
  const repo = opts.repo ?? 'images';
  const maxPerPage = opts.maxPerPage ?? 100;
  const failures: FakeFailures = {
    readOnly: false,
    createComment502: 0,
    userRefused: false,
    emptyCommitPulls: 0,
    contentsConflict: 0,
    contentsDelete500: 0,
    ...opts.failures,
  };
  const calls: RecordedCall[] = [];
  const comments = new Map<number, FakeComment[]>();
  const pulls = new Map<number, FakePull>();
  for (const p of opts.pulls ?? []) pulls.set(p.number, p);
  const commitPulls = opts.commitPulls ?? {};
  const commits = new Map<string, Map<string, StoredFile>>();
  const branches = new Map<string, string>();
  const blobs = new Map<string, Buffer>();
  let nextCommentId = 1000;
  let clock = Date.UTC(2026, 0, 1);
  let baseUrl = '';

  function newCommit(files: Map<string, StoredFile>): string {
    const sha = randomBytes(20).toString('hex');
    commits.set(sha, files);
    return sha;
  }
  function storeFile(content: Buffer): StoredFile {
    const sha = blobSha(content);
    blobs.set(sha, content);
    return { content, sha };
  }
  for (const [name, files] of Object.entries(opts.branches ?? { main: {} })) {
    const map = new Map<string, StoredFile>();
    for (const [p, c] of Object.entries(files)) map.set(p, storeFile(Buffer.from(c)));
    branches.set(name, newCommit(map));
  }
  /** The files at a branch's head, or at a commit when `ref` is a commit sha (as GitHub reads refs). */
  function headFiles(ref: string): Map<string, StoredFile> | null {
    const sha = branches.get(ref) ?? (commits.has(ref) ? ref : undefined);
    return sha === undefined ? null : (commits.get(sha) ?? null);
  }
  function writeFile(branch: string, path: string, content: Buffer): StoredFile {
    const files = new Map(headFiles(branch) ?? []);
    const stored = storeFile(content);
    files.set(path, stored);
    branches.set(branch, newCommit(files));
    return stored;
  }

  function commentsOf(n: number): FakeComment[] {
    let list = comments.get(n);
    if (!list) {
      list = [];
      comments.set(n, list);
    }
    return list;
  }
  function findComment(id: number): { list: FakeComment[]; index: number } | null {
    for (const list of comments.values()) {
      const index = list.findIndex((c) => c.id === id);
      if (index >= 0) return { list, index };
    }
    return null;
  }
  function addComment(issueNumber: number, body: string, user: string): FakeComment {
    clock += 1000;
    const id = nextCommentId++;
    const at = new Date(clock).toISOString();
    const c: FakeComment = {
      id,
      body,
      user: { login: user },
      created_at: at,
      updated_at: at,
      html_url: `https://github.test/${owner}/${repo}/pull/${issueNumber}#issuecomment-${id}`,
      issue_number: issueNumber,
    };
    commentsOf(issueNumber).push(c);
    return c;
  }
  function pullJson(p: FakePull): Record<string, unknown> {
    return {
      number: p.number,
      state: p.state ?? 'open',
      title: p.title ?? '',
      body: p.body ?? null,
      user: { login: p.user_login ?? login },
      head: { sha: p.head_sha, ref: p.head_ref ?? '', label: `${owner}:${p.head_ref ?? ''}` },
      base: { ref: p.base_ref ?? 'main' },
      merge_commit_sha: p.merge_commit_sha ?? null,
      merged_at: p.merged_at ?? null,
      html_url: `https://github.test/${owner}/${repo}/pull/${p.number}`,
    };
  }
  function commentJson(c: FakeComment): Record<string, unknown> {
    return {
      id: c.id,
      body: c.body,
      user: c.user,
      created_at: c.created_at,
      updated_at: c.updated_at,
      html_url: c.html_url,
    };
  }

  function route(
    method: string,
    url: URL,
    body: unknown,
  ): { status: number; json: unknown; headers?: Record<string, string> } {
    // Octokit percent-encodes route parameters (`heads%2Fmain`); GitHub decodes them.
    const p = decodeURIComponent(url.pathname);
    const isWrite = method !== 'GET' && method !== 'HEAD';
    if (isWrite && failures.readOnly) throw new HttpError(403, 'Resource not accessible by integration');

    if (method === 'GET' && p === '/user') {
      if (failures.userRefused) throw new HttpError(403, 'Resource not accessible by integration');
      return { status: 200, json: { login, id: 1, type: 'User' } };
    }
    const prefix = `/repos/${owner}/${repo}`;
    if (!p.startsWith(prefix + '/')) throw new HttpError(404, 'Not Found');
    const rest = p.slice(prefix.length);
    let m: RegExpMatchArray | null;

    if ((m = rest.match(/^\/issues\/(\d+)\/comments$/))) {
      const n = Number(m[1]);
      if (method === 'GET') {
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), maxPerPage);
        const page = Number(url.searchParams.get('page') ?? 1);
        const list = commentsOf(n);
        const slice = list.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        const last = Math.max(1, Math.ceil(list.length / perPage));
        if (page < last) {
          const next = new URL(url.toString(), baseUrl);
          next.searchParams.set('page', String(page + 1));
          next.searchParams.set('per_page', String(perPage));
          headers.link = `<${baseUrl}${next.pathname}${next.search}>; rel="next"`;
        }
        return { status: 200, json: slice.map(commentJson), headers };
      }
      if (method === 'POST') {
        const text = (body as { body?: unknown } | null)?.body;
        if (typeof text !== 'string') throw new HttpError(422, 'body is missing');
        if (text.length > 65536)
          throw new HttpError(422, 'Validation Failed: body is too long (maximum is 65536 characters)');
        const c = addComment(n, text, login);
        if (failures.createComment502 > 0) {
          failures.createComment502--;
          throw new HttpError(502, 'Bad Gateway');
        }
        return { status: 201, json: commentJson(c) };
      }
    }
    if ((m = rest.match(/^\/issues\/comments\/(\d+)$/))) {
      const found = findComment(Number(m[1]));
      if (!found) throw new HttpError(404, 'Not Found');
      const c = found.list[found.index]!;
      if (method === 'PATCH') {
        if (c.user.login !== login) throw new HttpError(403, 'Must have admin rights to Repository.');
        const text = (body as { body?: unknown } | null)?.body;
        if (typeof text !== 'string') throw new HttpError(422, 'body is missing');
        if (text.length > 65536)
          throw new HttpError(422, 'Validation Failed: body is too long (maximum is 65536 characters)');
        clock += 1000;
        c.body = text;
        c.updated_at = new Date(clock).toISOString();
        return { status: 200, json: commentJson(c) };
      }
      if (method === 'DELETE') {
        if (c.user.login !== login) throw new HttpError(403, 'Must have admin rights to Repository.');
        found.list.splice(found.index, 1);
        return { status: 204, json: null };
      }
    }
    if (rest === '/pulls') return pullsRoute(method, url, body);
    if ((m = rest.match(/^\/pulls\/(\d+)$/))) {
      const pr = pulls.get(Number(m[1]));
      if (!pr) throw new HttpError(404, 'Not Found');
      if (method === 'PATCH') {
        const b = (body ?? {}) as { title?: unknown; body?: unknown; state?: unknown };
        if (typeof b.body === 'string') {
          if (b.body.length > 65536)
            throw new HttpError(422, 'Validation Failed: body is too long (maximum is 65536 characters)');
          pr.body = b.body;
        }
        if (typeof b.title === 'string') pr.title = b.title;
        if (b.state === 'open' || b.state === 'closed') pr.state = b.state;
        return { status: 200, json: pullJson(pr) };
      }
      if (method === 'GET') return { status: 200, json: pullJson(pr) };
    }
    if (method === 'GET' && (m = rest.match(/^\/commits\/([0-9a-f]+)\/pulls$/))) {
      if (failures.emptyCommitPulls > 0) {
        failures.emptyCommitPulls--;
        return { status: 200, json: [] };
      }
      const numbers = commitPulls[m[1]!] ?? [];
      return { status: 200, json: numbers.flatMap((n) => (pulls.has(n) ? [pullJson(pulls.get(n)!)] : [])) };
    }
    if ((m = rest.match(/^\/contents\/(.+)$/))) {
      const path = m[1]!;
      if (method === 'GET') {
        const ref = url.searchParams.get('ref') ?? 'main';
        const files = headFiles(ref);
        if (!files) throw new HttpError(404, `No commit found for the ref ${ref}`);
        const f = files.get(path);
        if (!f) {
          // A directory: its entries, as GitHub lists them (no content; sha, type, name, path).
          const entries = new Map<string, { type: 'file' | 'dir'; sha: string; size: number }>();
          for (const [p, file] of files) {
            if (!p.startsWith(`${path}/`)) continue;
            const [name, ...deeper] = p.slice(path.length + 1).split('/');
            if (deeper.length === 0)
              entries.set(name!, { type: 'file', sha: file.sha, size: file.content.length });
            else if (!entries.has(name!))
              entries.set(name!, { type: 'dir', sha: blobSha(Buffer.from(name!)), size: 0 });
          }
          if (entries.size === 0) throw new HttpError(404, 'Not Found');
          return {
            status: 200,
            json: [...entries]
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .slice(0, 1000)
              .map(([name, e]) => ({
                type: e.type,
                name,
                path: `${path}/${name}`,
                sha: e.sha,
                size: e.size,
              })),
          };
        }
        const inline = f.content.length <= CONTENTS_INLINE_LIMIT;
        return {
          status: 200,
          json: {
            type: 'file',
            path,
            sha: f.sha,
            size: f.content.length,
            encoding: inline ? 'base64' : 'none',
            content: inline ? f.content.toString('base64').replace(/(.{60})/g, '$1\n') : '',
          },
        };
      }
      if (method === 'PUT') {
        const b = (body ?? {}) as { message?: unknown; content?: unknown; sha?: unknown; branch?: unknown };
        if (typeof b.message !== 'string' || typeof b.content !== 'string')
          throw new HttpError(422, 'Invalid request');
        const branch = typeof b.branch === 'string' ? b.branch : 'main';
        const files = headFiles(branch);
        if (!files) throw new HttpError(404, `Branch ${branch} not found`);
        if (failures.contentsConflict > 0) {
          failures.contentsConflict--;
          throw new HttpError(409, `${path} does not match ${String(b.sha)}`);
        }
        const existing = files.get(path);
        if (existing && b.sha === undefined)
          throw new HttpError(422, `Invalid request.\n\n"sha" wasn't supplied.`);
        if (existing && b.sha !== existing.sha)
          throw new HttpError(409, `${path} does not match ${String(b.sha)}`);
        if (!existing && b.sha !== undefined)
          throw new HttpError(422, 'sha given for a file that does not exist');
        const stored = writeFile(branch, path, Buffer.from(b.content, 'base64'));
        return {
          status: existing ? 200 : 201,
          json: { content: { path, sha: stored.sha }, commit: { sha: branches.get(branch) } },
        };
      }
      if (method === 'DELETE') {
        const b = (body ?? {}) as { message?: unknown; sha?: unknown; branch?: unknown };
        if (typeof b.message !== 'string' || typeof b.sha !== 'string')
          throw new HttpError(422, 'Invalid request');
        const branch = typeof b.branch === 'string' ? b.branch : 'main';
        const files = headFiles(branch);
        if (!files) throw new HttpError(404, `Branch ${branch} not found`);
        if (failures.contentsDelete500 > 0) {
          failures.contentsDelete500--;
          throw new HttpError(500, 'Server Error');
        }
        const existing = files.get(path);
        if (!existing) throw new HttpError(404, 'Not Found');
        if (existing.sha !== b.sha) throw new HttpError(409, `${path} does not match ${b.sha}`);
        const next = new Map(files);
        next.delete(path);
        branches.set(branch, newCommit(next));
        return { status: 200, json: { content: null, commit: { sha: branches.get(branch) } } };
      }
    }
    if (method === 'GET' && (m = rest.match(/^\/git\/blobs\/([0-9a-f]{40})$/))) {
      const blob = blobs.get(m[1]!);
      if (!blob) throw new HttpError(404, 'Not Found');
      return {
        status: 200,
        json: { sha: m[1], size: blob.length, encoding: 'base64', content: blob.toString('base64') },
      };
    }
    if (method === 'GET' && (m = rest.match(/^\/git\/ref\/heads\/(.+)$/))) {
      const name = m[1]!;
      const sha = branches.get(name);
      if (sha === undefined) throw new HttpError(404, 'Not Found');
      return { status: 200, json: { ref: `refs/heads/${name}`, object: { sha, type: 'commit' } } };
    }
    if (method === 'POST' && rest === '/git/refs') {
      const b = (body ?? {}) as { ref?: unknown; sha?: unknown };
      if (typeof b.ref !== 'string' || !b.ref.startsWith('refs/heads/') || typeof b.sha !== 'string') {
        throw new HttpError(422, 'Invalid request');
      }
      const name = b.ref.slice('refs/heads/'.length);
      if (branches.has(name)) throw new HttpError(422, 'Reference already exists');
      if (!commits.has(b.sha)) throw new HttpError(422, 'Object does not exist');
      branches.set(name, b.sha);
      return { status: 201, json: { ref: b.ref, object: { sha: b.sha, type: 'commit' } } };
    }
    throw new HttpError(404, 'Not Found');
  }

  // GET lists (state open|closed|all, default open; head "owner:branch"); POST opens one, and
  // like GitHub refuses a second open pull request for the same head and base.
  function pullsRoute(method: string, url: URL, body: unknown): { status: number; json: unknown } {
    if (method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      const list = [...pulls.values()]
        .filter((p) => state === 'all' || (p.state ?? 'open') === state)
        .filter((p) => head === null || `${owner}:${p.head_ref ?? ''}` === head)
        .sort((a, b) => b.number - a.number);
      return { status: 200, json: list.map(pullJson) };
    }
    if (method === 'POST') {
      const b = (body ?? {}) as { title?: unknown; head?: unknown; base?: unknown; body?: unknown };
      if (typeof b.title !== 'string' || typeof b.head !== 'string' || typeof b.base !== 'string')
        throw new HttpError(422, 'Validation Failed: title, head and base are required');
      if (typeof b.body === 'string' && b.body.length > 65536)
        throw new HttpError(422, 'Validation Failed: body is too long (maximum is 65536 characters)');
      const headRef = b.head.includes(':') ? b.head.slice(b.head.indexOf(':') + 1) : b.head;
      const open = [...pulls.values()].find(
        (p) => (p.state ?? 'open') === 'open' && p.head_ref === headRef && (p.base_ref ?? 'main') === b.base,
      );
      if (open)
        throw new HttpError(422, `Validation Failed: A pull request already exists for ${owner}:${headRef}.`);
      const number = Math.max(0, ...pulls.keys(), ...comments.keys()) + 1;
      const pr: FakePull = {
        number,
        head_sha: randomBytes(20).toString('hex'),
        head_ref: headRef,
        base_ref: b.base,
        title: b.title,
        body: typeof b.body === 'string' ? b.body : null,
        state: 'open',
        user_login: login,
      };
      pulls.set(number, pr);
      return { status: 201, json: pullJson(pr) };
    }
    throw new HttpError(404, 'Not Found');
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (chunks.length === 0) return null;
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readBody(req);
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', baseUrl);
      calls.push({
        method,
        path: req.url ?? '/',
        body,
        auth: req.headers.authorization ? 'present' : 'absent',
      });
      let status: number;
      let json: unknown;
      let headers: Record<string, string> = {};
      try {
        if (!req.headers.authorization) throw new HttpError(401, 'Requires authentication');
        ({ status, json, headers = {} } = route(method, url, body));
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        status = e.status;
        json = { message: e.message, documentation_url: 'https://docs.github.com/rest' };
      }
      if (status === 204) {
        res.writeHead(204, headers);
        res.end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(json));
    })().catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    owner,
    repo,
    calls,
    failures,
    comments: (n) => [...commentsOf(n)],
    addComment,
    setPull: (p) => void pulls.set(p.number, p),
    pulls: () => [...pulls.values()].sort((a, b) => a.number - b.number),
    file: (branch, path) => headFiles(branch)?.get(path)?.content.toString('utf8') ?? null,
    files: (branch, prefix) =>
      Object.fromEntries(
        [...(headFiles(branch) ?? [])]
          .filter(([p]) => p.startsWith(prefix))
          .map(([p, f]) => [p, f.content.toString('utf8')]),
      ),
    commitFile: (branch, path, content) => void writeFile(branch, path, Buffer.from(content)),
    branchHead: (branch) => branches.get(branch) ?? null,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
