// What the FinerWorks client, retry and execute tests share: fake credentials, a fixed "now",
// a fake clock whose sleeps advance it instantly, a fault server closed after every test, and
// the expectation that a call fails with a FinerWorksError.

import { afterEach, expect } from 'vitest';
import { FinerWorksError } from '../../src/adapters/finerworks-client.js';
import { startFaultServer } from './fault-server.js';
import type { FaultServer, FaultStep, Script } from './fault-server.js';

/** Key-shaped fake credentials; tests assert these never leak into any message. */
export const WEB_KEY = '3f6c1e2a-9b4d-4c8e-a1f0-5d7b2c9e8a41';
export const APP_KEY = 'b82d5f90-1c3e-4a6b-9d8f-0e2a4c6b8d13';

/** The fixed wall-clock time the fake clocks start at. */
export const NOW = Date.UTC(2026, 10, 27, 10, 0, 0);

export interface FakeClock {
  /** Every wait asked for, in ms, in order. */
  sleeps: number[];
  now: () => number;
  /** Records `ms` and advances the clock by it, without waiting. */
  sleep: (ms: number) => Promise<void>;
}

/** A clock starting at `start` that only moves when something sleeps. */
export function fakeClock(start = NOW): FakeClock {
  let clock = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => clock,
    sleep: (ms) => {
      sleeps.push(ms);
      clock += ms;
      return Promise.resolve();
    },
  };
}

export interface FaultServerSlot {
  /** Starts a fault server with `script`; it is closed after the test. */
  start: (script: FaultStep[] | Script) => Promise<FaultServer>;
  /** The server of the current test (throws when none was started). */
  server: () => FaultServer;
  /** Closes the current server now (e.g. before starting another one in a loop). */
  close: () => Promise<void>;
}

/** Registers an afterEach that closes whatever fault server the test started. Call at top level. */
export function useFaultServer(): FaultServerSlot {
  let current: FaultServer | null = null;
  const close = async (): Promise<void> => {
    await current?.close();
    current = null;
  };
  afterEach(close);
  return {
    async start(script) {
      current = await startFaultServer(script);
      return current;
    },
    server() {
      if (current === null) throw new Error('no fault server was started in this test');
      return current;
    },
    close,
  };
}

/** Awaits `promise`, expects it to reject with a FinerWorksError and returns that error. */
export async function failureOf(promise: Promise<unknown>): Promise<FinerWorksError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FinerWorksError);
    return error as FinerWorksError;
  }
  throw new Error('expected a failure');
}
