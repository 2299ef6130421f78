// The Action's choice of API host (adapters/api-url.ts actionApiUrl), in memory.
import { describe, expect, it } from 'vitest';
import {
  actionApiUrl,
  DEFAULT_API_URL,
  parseAllowedHosts,
  type ApiUrlPolicy,
} from '../src/adapters/api-url.js';
import { FwsyncError } from '../src/errors.js';

const policy = (url: string, allowed: string[] = []): ApiUrlPolicy => ({
  url: new URL(url),
  source: 'the api-url input',
  allowedHosts: allowed,
});

describe('actionApiUrl', () => {
  it('uses the workflow URL when the config keeps the default', () => {
    expect(actionApiUrl(policy('http://127.0.0.1:9/v3'), DEFAULT_API_URL).href).toBe('http://127.0.0.1:9/v3');
  });

  it('takes the config URL on the same host (another path)', () => {
    expect(actionApiUrl(policy(DEFAULT_API_URL), 'https://api.finerworks.com/v4').href).toBe(
      'https://api.finerworks.com/v4',
    );
  });

  it('refuses another host, a look-alike and another port, naming the host and the input', () => {
    for (const [configured, host] of [
      ['https://api.finerworks.com.attacker.example/v3', 'api.finerworks.com.attacker.example'],
      ['https://attacker.example/v3', 'attacker.example'],
      ['https://api.finerworks.com:8443/v3', 'api.finerworks.com:8443'],
    ] as const) {
      let error: unknown;
      try {
        actionApiUrl(policy(DEFAULT_API_URL), configured);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FwsyncError);
      expect((error as FwsyncError).kind).toBe('refused');
      expect((error as FwsyncError).message).toContain(`names the host ${host}`);
      expect((error as FwsyncError).hint).toContain('allowed-api-hosts');
    }
  });

  it('accepts a host the workflow allows, case-insensitively', () => {
    const allowed = parseAllowedHosts('Staging.Example.test, other.test\nthird.test');
    expect(allowed).toEqual(['staging.example.test', 'other.test', 'third.test']);
    expect(actionApiUrl(policy(DEFAULT_API_URL, allowed), 'https://staging.example.test/v3').host).toBe(
      'staging.example.test',
    );
  });

  it('still refuses plain http to another machine even when allowed', () => {
    expect(() => actionApiUrl(policy(DEFAULT_API_URL, ['evil.test']), 'http://evil.test/v3')).toThrow(
      /must use https/,
    );
  });
});
