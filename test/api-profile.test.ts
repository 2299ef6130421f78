// The pure side of the API profile: parsing the file, what fwsync takes from it, the report
// lines, and the emulator's behaviour flags.
import { describe, expect, it } from 'vitest';
import {
  cappedBatchSize,
  describeFindings,
  parseProfile,
  profileEffects,
  withKeptFields,
  type ApiProfile,
  type ProfileFindings,
} from '../src/core/api-profile.js';
import { hostCheck, worstVerdict } from '../src/core/doctor-report.js';
import { planChanges, INVENTORY_FACT, INVENTORY_WARNING } from '../src/core/plan.js';
import { DEFAULT_BEHAVIOUR, parseBehaviours } from '../src/emulator/behaviour.js';

const FINDINGS: ProfileFindings = {
  partial_update: 'keeps',
  empty_description: 'stored',
  optional_fields: {
    visible: 'accepted',
    rank: 'rejected',
    assigned_personal_gallery_ids: 'untested',
    assigned_gallery_subcategory_ids: 'ignored',
  },
  products: 'removed',
  unknown_guid: { answer: 'success-false', rest_applied: false },
  max_batch: { accepted: 10, limit_found: true, tried_up_to: 16 },
};

const profile = (findings: Partial<ProfileFindings> = {}): ApiProfile => ({
  version: 1,
  measured_at: '2026-01-01T00:00:00.000Z',
  fwsync_version: '0.1.0',
  base_url: 'https://api.finerworks.com/v3',
  library: 'inventory',
  image: '5eed0000-0000-4000-8000-000000000001',
  findings: { ...FINDINGS, ...findings },
});

describe('profileEffects', () => {
  it('is neutral without a profile', () => {
    const e = profileEffects(null);
    expect(e).toMatchObject({ maxBatch: null, partialClears: false, products: 'documented' });
    expect(cappedBatchSize(25, e)).toBe(25);
  });

  it('caps the batch size only by a limit that was found', () => {
    expect(cappedBatchSize(25, profileEffects(profile()))).toBe(10);
    expect(cappedBatchSize(5, profileEffects(profile()))).toBe(5);
    const none = profile({ max_batch: { accepted: 25, limit_found: false, tried_up_to: 25 } });
    expect(cappedBatchSize(50, profileEffects(none))).toBe(50);
  });

  it('sends live optional fields along only when omitted fields are cleared, and never a rejected one', () => {
    const live = { visible: false, rank: 4, assigned_gallery_subcategory_ids: [1] };
    const desired = { guid: 'g', title: 't', description: 'd' };
    expect(withKeptFields(desired, live, profileEffects(profile()))).toEqual(desired);
    expect(withKeptFields(desired, live, profileEffects(profile({ partial_update: 'clears' })))).toEqual({
      ...desired,
      visible: false,
      assigned_gallery_subcategory_ids: [1],
    });
    // What the YAML sets wins over the live value.
    expect(
      withKeptFields(
        { ...desired, visible: true },
        live,
        profileEffects(profile({ partial_update: 'clears' })),
      ),
    ).toMatchObject({ visible: true });
  });
});

describe('parseProfile', () => {
  it('accepts what the probe writes and names the first bad part of anything else', () => {
    expect(parseProfile(JSON.parse(JSON.stringify(profile())))).toEqual({ profile: profile() });
    expect(parseProfile({ ...profile(), version: 2 })).toEqual({ problem: 'not a version 1 profile' });
    expect(parseProfile(profile({ partial_update: 'maybe' as never }))).toEqual({
      problem: 'partial_update',
    });
    expect(parseProfile(profile({ max_batch: { accepted: 0, limit_found: true, tried_up_to: 1 } }))).toEqual({
      problem: 'max_batch',
    });
  });
});

describe('describeFindings', () => {
  it('warns about what fwsync did not expect and notes what changes its behaviour', () => {
    const lines = describeFindings(
      profile({ unknown_guid: { answer: 'silent', rest_applied: true }, partial_update: 'clears' }).findings,
    );
    const verdict = (key: string) => lines.find((l) => l.key === key)?.verdict;
    expect(verdict('unknown_guid')).toBe('warn');
    expect(verdict('partial_update')).toBe('note');
    expect(verdict('empty_description')).toBe('ok');
    expect(verdict('optional_fields.rank')).toBe('warn');
    expect(verdict('max_batch')).toBe('note');
    expect(worstVerdict(lines.map((l) => l.verdict))).toBe('warn');
  });
});

describe('hostCheck', () => {
  it.each([
    ['https://api.finerworks.com/v3', 'ok'],
    ['https://v2.api.finerworks.com/v3', 'warn'],
    ['https://test-api.finerworks.com/v3', 'warn'],
    ['http://api.finerworks.com/v3', 'fail'],
    ['http://127.0.0.1:8787/v3', 'note'],
    ['not a url', 'fail'],
  ])('%s is %s', (url, verdict) => {
    expect(hostCheck(url).verdict).toBe(verdict);
  });
});

describe('plan notes from the profile', () => {
  const guid = '5eed0000-0000-4000-8000-000000000001';
  const input = {
    desired: {
      images: [{ guid, fields: { title: 'T', description: 'D' }, file: 'images/a.yaml', line: 3 }],
      files: [{ path: 'images/a.yaml', hash: 'sha256:x', guids: [guid], skipped: false }],
    },
    state: null,
    maxChangePercent: 30,
  };
  it('states the product removal as a fact, drops it when products are kept, and says when fields are cleared', () => {
    expect(planChanges(input).notes.join('\n')).toContain(INVENTORY_WARNING);
    expect(planChanges({ ...input, profile: profileEffects(profile()) }).notes.join('\n')).toContain(
      INVENTORY_FACT,
    );
    const kept = planChanges({ ...input, profile: profileEffects(profile({ products: 'kept' })) });
    expect(kept.notes.join('\n')).not.toMatch(/virtual inventory products/);
    const clears = planChanges({ ...input, profile: profileEffects(profile({ partial_update: 'clears' })) });
    expect(clears.notes.join('\n')).toMatch(/clears every field a request leaves out.*--refresh/);
    // Notes are for people: the checksum does not move.
    expect(clears.checksum).toBe(planChanges(input).checksum);
  });
});

describe('parseBehaviours', () => {
  it('reads key=value over the defaults and refuses typos', () => {
    expect(
      parseBehaviours(['partial=clear', 'max-batch=10', 'unknown-guid=silent', 'products=keep']),
    ).toEqual({
      ...DEFAULT_BEHAVIOUR,
      partial: 'clear',
      maxBatch: 10,
      unknownGuid: 'silent',
      products: 'keep',
    });
    expect(() => parseBehaviours(['partial=maybe'])).toThrow(/partial must be one of keep, clear/);
    expect(() => parseBehaviours(['parital=clear'])).toThrow(/unknown key "parital"/);
    expect(() => parseBehaviours(['max-batch=0'])).toThrow(/max-batch must be an integer/);
  });
});
