// A tiny scripted HTTP server on 127.0.0.1 for client tests: each request gets the next step of
// a script (a response or a fault, toxiproxy-style), and every request is recorded with its raw
// headers and body bytes so tests can assert exactly what went over the wire.

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultStep =
  | { status: number; headers?: Record<string, string>; body?: string | object; delayMs?: number }
  /** TCP RST before any response. */
  | { fault: 'reset' }
  /** Never answer. */
  | { fault: 'hang' }
  /** Declare `declaredLength` bytes, send `body`, then close the socket. */
  | { fault: 'truncate'; status?: number; body: string; declaredLength: number };

export interface RecordedRequest {
  method: string;
  url: string;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  /** As sent: [name, value, name, value, ...]. */
  rawHeaders: string[];
  body: Buffer;
  text: string;
  json: unknown;
  /** Monotonic ms (performance.now) when the request was complete. */
  receivedAt: number;
}

export type Script = (request: RecordedRequest, index: number) => FaultStep | Promise<FaultStep>;

export interface FaultServer {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  requests: RecordedRequest[];
  /** Most requests the server held at once. */
  maxInFlight: () => number;
  close: () => Promise<void>;
}

/** Steps are served in order; the last one repeats. A function gets every request instead. */
export async function startFaultServer(script: FaultStep[] | Script): Promise<FaultServer> {
  const next: Script = Array.isArray(script)
    ? (_request, index) => {
        const step = script[Math.min(index, script.length - 1)];
        if (step === undefined) throw new Error('empty fault script');
        return step;
      }
    : script;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = (): void => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on('close', finish);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: { ...req.headers },
        rawHeaders: [...req.rawHeaders],
        body,
        text,
        json,
        receivedAt: performance.now(),
      };
      const index = requests.push(recorded) - 1;
      void Promise.resolve(next(recorded, index)).then((step) => serve(step, req, res));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function serve(step: FaultStep, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if ('fault' in step) {
    if (step.fault === 'reset') {
      req.socket.resetAndDestroy();
    } else if (step.fault === 'truncate') {
      res.writeHead(step.status ?? 200, {
        'Content-Type': 'application/json',
        'Content-Length': String(step.declaredLength),
      });
      res.write(step.body, () => req.socket.destroy());
    }
    return; // 'hang': never answer; close() destroys the socket
  }
  if (step.delayMs) await new Promise((resolve) => setTimeout(resolve, step.delayMs));
  const body =
    step.body === undefined ? '' : typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
  const headers: Record<string, string> = {
    ...(typeof step.body === 'object' ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    ...step.headers,
  };
  res.writeHead(step.status, headers);
  res.end(body);
}

/** A FinerWorks success envelope. */
export const OK = {
  status: 200,
  body: { status: { success: true, status_code: 200, message: '', debug: null } },
} as const;

/** The exact 400 body the live API returns for bad keys (docs/finerworks-api.md, "Conventions"). */
export const AUTH_400 = {
  status: 400,
  body: {
    Message: 'The request is invalid.',
    ModelState: { 'ApiC.Models.authorization_credentials': ['Missing or unauthorized api credentials'] },
  },
} as const;
