// Public shapes of the FinerWorks emulator: how it is started, seeded, scripted to misbehave,
// and what it records about every request it receives.

import type { ImageDetails, ProductDetails, UserAccount } from '../core/finerworks-types.js';
import type { EmulatorBehaviour } from './behaviour.js';

export type { EmulatorBehaviour } from './behaviour.js';

export type LibraryName = 'inventory' | 'temporary';

/** One image to start with. Anything not given gets a deterministic default. */
export interface SeedImage extends Partial<ImageDetails> {
  guid: string;
  title: string;
  /** Default `inventory`. Only inventory images carry virtual products. */
  library?: LibraryName;
  products?: ProductDetails[];
}

export interface EmulatorSeed {
  account?: UserAccount;
  images: SeedImage[];
}

export interface EmulatorCredentials {
  webApiKey: string;
  appKey: string;
}

export interface EmulatorOptions {
  /** Default 127.0.0.1. The admin endpoints are only served on loopback hosts. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  seed?: EmulatorSeed;
  /** Added before every answer. */
  latencyMs?: number;
  /** Share of requests (0..1) answered with HTTP 503, decided by `random`. */
  failureRate?: number;
  /** Default: a PRNG with a fixed seed, so runs repeat. */
  random?: () => number;
  /** update_images rejects bigger batches with HTTP 400. Default: no limit (none is documented). */
  maxBatchSize?: number;
  /** The answers to the API's open questions (behaviour.ts); unset keys keep the defaults. */
  behaviour?: Partial<EmulatorBehaviour>;
  /** Default: DEMO_CREDENTIALS. */
  credentials?: EmulatorCredentials;
  /** Clock for date_added / date_updated. */
  now?: () => Date;
}

export interface FaultMatch {
  /** Route the fault waits for, e.g. `update_images` or `/v3/update_images` (any case). */
  path?: string;
  /** Fire on the nth matching request (1-based) counted from when it was scripted. Default 1. */
  nth?: number;
}

export type ScriptedFault = (
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'truncate' }
  | { kind: 'html' }
  | { kind: 'success-false'; message?: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'after'; then: ScriptedFault }
) & { match?: FaultMatch };

export interface RecordedRequest {
  /** 1-based, in order of arrival. */
  seq: number;
  method: string;
  /** The path as sent (query string included), original case. */
  path: string;
  /** Credentials are reduced to present/absent; no other header that could hold a secret. */
  headers: {
    web_api_key: 'present' | 'absent';
    app_key: 'present' | 'absent';
    content_type?: string;
    user_agent?: string;
  };
  /** Parsed JSON, or null when the body is empty or not JSON. Key-like values are redacted. */
  body: unknown;
  rawBody: string;
  /** Milliseconds on a monotonic clock since the emulator started. */
  startedAt: number;
  endedAt?: number;
  /** The HTTP status sent, absent when no answer was sent (reset, hang). */
  status?: number;
  /** The fault applied, e.g. `status:503`, `reset`, `after:truncate`, `failure-rate`. */
  fault?: string;
}

export interface Emulator {
  /** Base URL including /v3, e.g. http://127.0.0.1:PORT/v3 */
  url: string;
  /** Every API request so far (admin requests excluded), in arrival order; entries fill in as answers finish. */
  requests: RecordedRequest[];
  /** Requests being answered right now. */
  readonly inFlight: number;
  /** The most requests that were in flight at once since start or reset. */
  readonly maxInFlight: number;
  script(...faults: ScriptedFault[]): void;
  /** Scripted faults not yet consumed. */
  pendingFaults(): number;
  /** Every image, sorted by id, with products. Copies: changing them changes nothing. */
  images(): ImageDetails[];
  getImage(guid: string): ImageDetails | undefined;
  /** Change (or create) an image behind fwsync's back. */
  setImage(image: Partial<ImageDetails> & { guid: string; library?: LibraryName }): void;
  /** The behaviour played now. */
  behaviour(): EmulatorBehaviour;
  /** Play other answers from now on: the given keys over the starting behaviour. */
  setBehaviour(behaviour: Partial<EmulatorBehaviour>): void;
  /** Back to the given seed (default: the starting one); clears requests, faults and counters. */
  reset(seed?: EmulatorSeed): void;
  close(): Promise<void>;
}
