// The FinerWorks emulator: a real node:http server that answers like the documented v3 API
// (api.ts over store.ts), records every request with credentials reduced to present/absent,
// and misbehaves on request (latency, a failure rate, scripted one-shot faults).

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FwsyncError } from '../errors.js';
import type { ImageDetails } from '../core/finerworks-types.js';
import {
  credentialsValid,
  handleApi,
  notSuccessful,
  resolveRoute,
  AUTH_FAILURE_BODY,
  type ApiResponse,
} from './api.js';
import { behaviourFrom, DEFAULT_BEHAVIOUR, type EmulatorBehaviour } from './behaviour.js';
import { describeFault, FaultQueue, parseFaults } from './faults.js';
import {
  checkOptions,
  header,
  JSON_TYPE,
  send,
  sendRaw,
  isLoopbackHost,
  readBody,
  redactFields,
  redactSecrets,
  seededRandom,
} from './http-helpers.js';
import { parseSeed } from './seed.js';
import { ImageStore } from './store.js';
import type {
  Emulator,
  EmulatorCredentials,
  EmulatorOptions,
  EmulatorSeed,
  LibraryName,
  RecordedRequest,
  ScriptedFault,
} from './types.js';

export type * from './types.js';
export { generateSeed, loadSeedFile, parseSeed, seedGuid } from './seed.js';
export { AUTH_FAILURE_BODY } from './api.js';
export { DEFAULT_BEHAVIOUR, parseBehaviours } from './behaviour.js';

/** Public demo keys: they unlock only the emulator, so printing them is fine. */
export const DEMO_CREDENTIALS: EmulatorCredentials = Object.freeze({
  webApiKey: 'de300000-0000-4000-8000-00000000000a',
  appKey: 'de300000-0000-4000-8000-00000000000b',
});

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  checkOptions(opts);
  const host = opts.host ?? '127.0.0.1';
  const credentials = opts.credentials ?? DEMO_CREDENTIALS;
  const now = opts.now ?? (() => new Date());
  const random = opts.random ?? seededRandom(0x5eed);
  const latencyMs = opts.latencyMs ?? 0;
  const failureRate = opts.failureRate ?? 0;
  const startingSeed = structuredClone(opts.seed ?? { images: [] });
  const clockStart = performance.now();
  const clock = () => Math.round((performance.now() - clockStart) * 1000) / 1000;
  const adminAllowed = isLoopbackHost(host);
  const startingBehaviour = behaviourFrom(
    { ...(opts.maxBatchSize === undefined ? {} : { maxBatch: opts.maxBatchSize }), ...opts.behaviour },
    DEFAULT_BEHAVIOUR,
  );
  let behaviour: EmulatorBehaviour = startingBehaviour;

  let store = new ImageStore(startingSeed, now);
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let closing: Promise<void> | undefined;

  // A pending sleep never resolves once the emulator closes: the request it delays is gone.
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closing !== undefined) return;
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const secretValues = () => [credentials.webApiKey, credentials.appKey].filter((s) => s !== '');

  const redactText = (text: string, extra: string[]): string =>
    redactSecrets(text, [...secretValues(), ...extra]);
  const redactValue = (value: unknown, found: string[]): unknown =>
    redactFields(value, found, secretValues());

  async function respond(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    record: RecordedRequest,
    fault: ScriptedFault | undefined,
    real: () => ApiResponse,
    computed?: ApiResponse,
  ): Promise<void> {
    if (fault === undefined) return send(res, record, real());
    switch (fault.kind) {
      case 'status': {
        const body = fault.body ?? JSON.stringify({ Message: http.STATUS_CODES[fault.status] ?? 'Error' });
        let type = 'text/plain; charset=utf-8';
        try {
          JSON.parse(body);
          type = JSON_TYPE;
        } catch {
          // not JSON: leave it plain text
        }
        return sendRaw(res, record, fault.status, body, { 'Content-Type': type, ...fault.headers });
      }
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'hang':
        return; // never answer; close() destroys the socket
      case 'truncate': {
        const full = Buffer.from(
          JSON.stringify(
            computed?.body ?? {
              status: { success: true, status_code: 200, message: '' },
              images: [],
              count: 0,
            },
          ),
        );
        const part = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
        record.status = 200;
        // Promise more bytes than we send, then drop the connection: the client sees a cut body.
        res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Content-Length': String(full.length + 512) });
        res.write(part, () => res.socket?.destroy());
        return;
      }
      case 'html':
        return sendRaw(
          res,
          record,
          200,
          '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><h1>Checking your browser</h1></body></html>',
          { 'Content-Type': 'text/html; charset=utf-8' },
        );
      case 'success-false':
        return send(res, record, notSuccessful(fault.message ?? 'The request could not be completed.', 500));
      case 'delay':
        await sleep(fault.ms);
        return send(res, record, computed ?? real());
      case 'after': {
        // The change is made, then the answer is lost or garbled.
        const done = computed ?? real();
        return respond(req, res, record, fault.then, () => done, done);
      }
    }
  }

  async function onApiRequest(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const contentType = header(req, 'content-type');
    const userAgent = header(req, 'user-agent');
    const webApiKey = header(req, 'web_api_key');
    const appKey = header(req, 'app_key');
    const record: RecordedRequest = {
      seq: ++seq,
      method,
      path: redactText(req.url ?? pathname, []),
      headers: {
        web_api_key: webApiKey === undefined ? 'absent' : 'present',
        app_key: appKey === undefined ? 'absent' : 'present',
        ...(contentType === undefined ? {} : { content_type: contentType }),
        ...(userAgent === undefined ? {} : { user_agent: userAgent }),
      },
      body: null,
      rawBody: '',
      startedAt: clock(),
    };
    requests.push(record);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    res.once('close', () => {
      if (finished) return;
      finished = true;
      inFlight = Math.max(0, inFlight - 1);
      record.endedAt = clock();
    });

    const read = await readBody(req);
    if (read === 'aborted') return;
    if (read === 'too-large') {
      record.status = 413;
      res.writeHead(413, { 'Content-Type': JSON_TYPE, Connection: 'close' });
      res.end(JSON.stringify({ Message: 'The request body is too large.' }));
      return;
    }
    const raw = read.text;
    let parsed: unknown;
    let invalidJson = false;
    if (raw.trim() !== '') {
      try {
        parsed = JSON.parse(raw);
      } catch {
        invalidJson = true;
      }
    }
    const found: string[] = [];
    record.body = parsed === undefined ? null : redactValue(parsed, found);
    record.rawBody = redactText(raw, found);

    const real = (): ApiResponse => {
      const resolved = resolveRoute(pathname, method);
      if ('response' in resolved) return resolved.response;
      if (!credentialsValid(webApiKey, appKey, credentials)) return { status: 400, body: AUTH_FAILURE_BODY };
      // GET test_my_credentials ignores any body, as real clients send none.
      if (resolved.route !== 'test_my_credentials') {
        if (raw.trim() !== '' && contentType !== undefined && !/^application\/json\b/i.test(contentType)) {
          return {
            status: 415,
            body: {
              Message: `The request entity's media type '${contentType}' is not supported for this resource.`,
            },
          };
        }
        if (invalidJson) {
          return {
            status: 400,
            body: {
              Message: 'The request is invalid.',
              ModelState: { request: ['The request body is not valid JSON.'] },
            },
          };
        }
      }
      return handleApi(resolved.route, parsed, { store, behaviour });
    };

    const fault = faults.take(pathname);
    if (fault === undefined && failureRate > 0 && random() < failureRate) {
      record.fault = 'failure-rate';
      if (latencyMs > 0) await sleep(latencyMs);
      return send(res, record, { status: 503, body: { Message: 'Service Unavailable' } });
    }
    if (fault !== undefined) record.fault = describeFault(fault);
    if (latencyMs > 0) await sleep(latencyMs);
    await respond(req, res, record, fault, real);
  }

  function setImage(image: Partial<ImageDetails> & { guid: string; library?: LibraryName }): void {
    if (typeof image.guid !== 'string' || image.guid === '') {
      throw new FwsyncError('input', 'emulator setImage: guid must be a non-empty string');
    }
    store.put(image);
  }

  function reset(seed?: EmulatorSeed): void {
    store = new ImageStore(structuredClone(seed ?? startingSeed), now);
    faults.clear();
    requests.length = 0;
    maxInFlight = inFlight;
  }

  async function onAdminRequest(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
  ): Promise<void> {
    const remote = req.socket.remoteAddress ?? '';
    if (!adminAllowed || !isLoopbackHost(remote)) {
      return send(res, undefined, { status: 404, body: { Message: 'Not found.' } });
    }
    const read = await readBody(req);
    if (read === 'aborted') return;
    if (read === 'too-large') return send(res, undefined, { status: 413, body: { Message: 'Too large.' } });
    const raw = read.text;
    const method = (req.method ?? 'GET').toUpperCase();
    const action = `${method} ${pathname.toLowerCase().replace(/\/+$/, '')}`;
    try {
      const body: unknown = raw.trim() === '' ? undefined : JSON.parse(raw);
      switch (action) {
        case 'GET /__emulator/requests':
          return send(res, undefined, { status: 200, body: { requests, inFlight, maxInFlight } });
        case 'DELETE /__emulator/requests':
          requests.length = 0;
          maxInFlight = inFlight;
          return send(res, undefined, { status: 200, body: { requests } });
        case 'POST /__emulator/script':
          for (const f of parseFaults(body)) faults.push(f);
          return send(res, undefined, { status: 200, body: { pending: faults.size } });
        case 'GET /__emulator/images':
          return send(res, undefined, { status: 200, body: { images: store.all() } });
        case 'POST /__emulator/images': {
          const list = Array.isArray(body) ? body : [body];
          for (const img of list) {
            if (typeof img !== 'object' || img === null)
              throw new FwsyncError('input', 'each image must be an object');
            setImage(img as Partial<ImageDetails> & { guid: string });
          }
          return send(res, undefined, { status: 200, body: { images: store.all() } });
        }
        case 'GET /__emulator/behaviour':
          return send(res, undefined, { status: 200, body: { behaviour } });
        case 'POST /__emulator/behaviour':
          behaviour = behaviourFrom(body ?? {}, startingBehaviour);
          return send(res, undefined, { status: 200, body: { behaviour } });
        case 'POST /__emulator/reset':
          reset(body === undefined ? undefined : parseSeed(body, 'reset body'));
          return send(res, undefined, { status: 200, body: { images: store.all().length } });
        default:
          return send(res, undefined, { status: 404, body: { Message: `No admin action ${action}.` } });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return send(res, undefined, { status: 400, body: { Message: message } });
    }
  }

  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = pathname.toLowerCase().startsWith('/__emulator/') ? onAdminRequest : onApiRequest;
    handler(req, res, pathname).catch(() => {
      // A bug in the emulator must not look like a hang to the client under test.
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': JSON_TYPE });
        res.end(JSON.stringify({ Message: 'An error has occurred.' }));
      } else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new FwsyncError(
          'input',
          `emulator cannot listen on ${host}:${opts.port ?? 0}: ${error.code ?? error.message}`,
          {
            cause: error,
            hint:
              error.code === 'EADDRINUSE'
                ? 'Choose another port with --port, or --port 0 for any free port.'
                : undefined,
          },
        ),
      );
    };
    server.once('error', onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}/v3`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    script(...list: ScriptedFault[]) {
      for (const f of parseFaults(list)) faults.push(f);
    },
    pendingFaults: () => faults.size,
    images: () => store.all(),
    getImage: (guid: string) => store.get(guid),
    setImage,
    behaviour: () => ({ ...behaviour }),
    setBehaviour(next: Partial<EmulatorBehaviour>) {
      behaviour = behaviourFrom(next, startingBehaviour);
    },
    reset,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        faults.clear();
        server.close(() => resolve());
        // Idle keep-alive sockets and hung requests would otherwise hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
