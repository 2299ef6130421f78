// Small pieces of the emulator's HTTP server that need none of its state: option checks, the
// RNG, request reading, and the redaction of keys in what the request log keeps.

import type http from 'node:http';
import { FwsyncError } from '../errors.js';
import type { ApiResponse } from './api.js';
import type { EmulatorOptions, RecordedRequest } from './types.js';

export const JSON_TYPE = 'application/json; charset=utf-8';
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const SECRET_FIELDS = new Set(['account_key', 'web_api_key', 'app_key']);
const REDACTED = '[redacted]';

/** Deterministic default RNG (mulberry32), so a failure rate gives the same run twice. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.') || host.startsWith('::ffff:127.');
}

export function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function checkOptions(opts: EmulatorOptions): void {
  const bad = (what: string): never => {
    throw new FwsyncError('input', `emulator: ${what}`);
  };
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port >= 0 && opts.port <= 65535))
    bad(`port must be an integer from 0 to 65535, got ${opts.port}`);
  if (opts.latencyMs !== undefined && !(opts.latencyMs >= 0))
    bad(`latency must be ≥ 0 ms, got ${opts.latencyMs}`);
  if (opts.failureRate !== undefined && !(opts.failureRate >= 0 && opts.failureRate <= 1))
    bad(`failure rate must be between 0 and 1, got ${opts.failureRate}`);
  if (opts.maxBatchSize !== undefined && !(Number.isInteger(opts.maxBatchSize) && opts.maxBatchSize >= 1))
    bad(`max batch size must be an integer ≥ 1, got ${opts.maxBatchSize}`);
}

/** Every secret in raw and JSON-escaped form replaced by [redacted]. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    for (const form of new Set([s, JSON.stringify(s).slice(1, -1)])) out = out.split(form).join(REDACTED);
  }
  return out;
}

/** A parsed body with key fields and known secrets replaced; the values found are pushed to `found`. */
export function redactFields(
  value: unknown,
  found: string[],
  secrets: readonly string[],
  key?: string,
): unknown {
  if (typeof value === 'string') {
    if ((key !== undefined && SECRET_FIELDS.has(key) && value !== '') || secrets.includes(value)) {
      found.push(value);
      return REDACTED;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => redactFields(v, found, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactFields(v, found, secrets, k)]));
  }
  return value;
}

export async function readBody(
  req: http.IncomingMessage,
): Promise<{ text: string } | 'too-large' | 'aborted'> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > MAX_BODY_BYTES) return 'too-large';
      chunks.push(buf);
    }
  } catch {
    return 'aborted';
  }
  return { text: Buffer.concat(chunks).toString('utf8') };
}

export function sendRaw(
  res: http.ServerResponse,
  record: RecordedRequest | undefined,
  status: number,
  body: string,
  headers: Record<string, string>,
): void {
  if (record !== undefined) record.status = status;
  res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

export function send(res: http.ServerResponse, record: RecordedRequest | undefined, r: ApiResponse): void {
  sendRaw(res, record, r.status, JSON.stringify(r.body), { 'Content-Type': JSON_TYPE, ...r.headers });
}
