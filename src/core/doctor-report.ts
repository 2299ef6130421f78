// The report of `fwsync doctor`: one line per check, each with a verdict. Pure: the checks'
// inputs are gathered in src/use-cases/doctor/doctor.ts, rendered by src/render/doctor.ts.

import type { FindingLine, Verdict } from './api-profile.js';

export type { Verdict } from './api-profile.js';

export interface DoctorCheck {
  key: string;
  verdict: Verdict;
  text: string;
  /** What to do about it, for warn and fail lines. */
  hint?: string;
}

export interface DoctorReport {
  version: 1;
  /** The worst verdict of all lines. */
  verdict: Verdict;
  checks: DoctorCheck[];
  /** From the API profile (measured now with --probe-image, or read from the file). */
  findings: FindingLine[];
}

const ORDER: Record<Verdict, number> = { ok: 0, note: 1, warn: 2, fail: 3 };

export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((worst, v) => (ORDER[v] > ORDER[worst] ? v : worst), 'ok');
}

export function doctorReport(checks: DoctorCheck[], findings: FindingLine[]): DoctorReport {
  return {
    version: 1,
    verdict: worstVerdict([...checks.map((c) => c.verdict), ...findings.map((f) => f.verdict)]),
    checks,
    findings,
  };
}

const DOCUMENTED_HOSTS: Record<string, { verdict: Verdict; text: string }> = {
  'api.finerworks.com': { verdict: 'ok', text: 'the host of the official help pages (production)' },
  'v2.api.finerworks.com': {
    verdict: 'warn',
    text: 'the newer documentation host; whether it is the same back end as api.finerworks.com is not documented',
  },
  'test-api.finerworks.com': {
    verdict: 'warn',
    text: 'the test host: changes made here do not reach the production account',
  },
};

/** What fwsync knows about the API host it talks to. */
export function hostCheck(baseUrl: string): DoctorCheck {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return {
      key: 'host',
      verdict: 'fail',
      text: `${baseUrl} is not a URL`,
      hint: 'Fix api.base_url in the config or FINERWORKS_API_URL.',
    };
  }
  const known = DOCUMENTED_HOSTS[url.hostname.toLowerCase()];
  if (known) {
    return {
      key: 'host',
      verdict: url.protocol === 'https:' ? known.verdict : 'fail',
      text: `${url.origin}${url.pathname}: ${known.text}`,
      ...(url.protocol === 'https:' ? {} : { hint: 'Use https:// for FinerWorks.' }),
    };
  }
  const loopback =
    ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.');
  return {
    key: 'host',
    verdict: 'note',
    text: `${url.origin}${url.pathname}: not a FinerWorks host${loopback ? ' (a local emulator or proxy)' : ''}`,
  };
}
