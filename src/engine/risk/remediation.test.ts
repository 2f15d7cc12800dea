import { describe, expect, it } from 'vitest';
import { ConflictError, InputError } from '../../model/errors.js';
import { recommendedActions, fixedVersionOf } from './actions.js';
import { reachesFixedVersion } from './fixed-version.js';
import {
  acceptanceLapsed,
  effectiveRecord,
  openRecord,
  REMEDIATION_STATES,
  RemediationTransitionError,
  transition,
  TRANSITIONS,
  verifyByObservedVersion,
  type RemediationChange,
  type RemediationRecord,
  type RemediationState,
} from './remediation.js';

const NOW = '2026-07-01T12:00:00.000Z';
const by = 'alice';
const change: Record<RemediationState, RemediationChange> = {
  open: { to: 'open', by, reason: 'fix did not take' },
  planned: { to: 'planned', by, owner: 'ot-team', dueDate: '2026-08-01', action: 'firmware V3.1.4 at the August outage' },
  mitigated: { to: 'mitigated', by, note: 'port 502 blocked at the cell firewall' },
  remediated: { to: 'remediated', by },
  verified: { to: 'verified', by },
  'risk-accepted': { to: 'risk-accepted', by, approver: 'plant manager', expiresAt: '2026-12-31', reason: 'no patch until 2027 outage' },
};

function inState(state: RemediationState): RemediationRecord {
  return { ...openRecord('2026-01-01T00:00:00Z'), state, acceptance: state === 'risk-accepted' ? { approver: 'x', expiresAt: '2027-01-01', reason: 'r' } : undefined };
}

describe('transition', () => {
  it('walks open → planned → mitigated → remediated → verified, keeping the history', () => {
    let record = openRecord('2026-06-01T00:00:00Z');
    for (const to of ['planned', 'mitigated', 'remediated', 'verified'] as const) record = transition(record, change[to], NOW);
    expect(record.state).toBe('verified');
    expect(record.history.map((e) => `${e.from}→${e.to}`)).toEqual(['open→planned', 'planned→mitigated', 'mitigated→remediated', 'remediated→verified']);
    expect(record.plan).toEqual({ owner: 'ot-team', dueDate: '2026-08-01', action: 'firmware V3.1.4 at the August outage' });
    expect(record.firstActionAt).toBe(NOW);
    expect(record.history[1]).toEqual({ from: 'planned', to: 'mitigated', at: NOW, by, note: 'port 502 blocked at the cell firewall' });
  });

  it('does not change the record it is given', () => {
    const record = openRecord('2026-06-01T00:00:00Z');
    transition(record, change.planned, NOW);
    expect(record).toEqual(openRecord('2026-06-01T00:00:00Z'));
  });

  // Every (from, to) pair: allowed ones succeed, the others throw a typed error naming what is allowed.
  const pairs = REMEDIATION_STATES.flatMap((from) => REMEDIATION_STATES.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s follows the transition table', (from, to) => {
    const allowed = TRANSITIONS[from].includes(to);
    if (allowed) {
      expect(transition(inState(from), change[to], NOW).state).toBe(to);
    } else {
      let error: unknown;
      try {
        transition(inState(from), change[to], NOW);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RemediationTransitionError);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ from, to, details: { reason: 'invalid-transition', from, to } });
    }
  });

  it('rejects an acceptance whose expiry is not in the future', () => {
    const past = { ...change['risk-accepted'], expiresAt: '2026-06-30' } as RemediationChange;
    expect(() => transition(openRecord(NOW), past, NOW)).toThrow(InputError);
    expect(() => transition(openRecord(NOW), past, NOW)).toThrow(/expiresAt 2026-06-30 is not in the future/);
    expect(() => transition(openRecord(NOW), { ...past, expiresAt: NOW } as RemediationChange, NOW)).toThrow(expect.objectContaining({ code: 'acceptance-expired' }));
  });

  it('requires approver, reason and a readable expiry for an acceptance', () => {
    const bad = { to: 'risk-accepted', by, approver: '', reason: '', expiresAt: 'never' } as RemediationChange;
    try {
      transition(openRecord(NOW), bad, NOW);
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).issues.map((i) => i.code)).toEqual(['missing-approver', 'missing-reason', 'invalid-expiry']);
    }
  });

  it('requires owner and due date for a plan, a reason to reopen and someone to act', () => {
    expect(() => transition(openRecord(NOW), { to: 'planned', by, owner: ' ', dueDate: 'August' }, NOW)).toThrow(/owner is required; dueDate must be an ISO-8601 date, not "August"/);
    expect(() => transition(inState('mitigated'), { to: 'open', by, reason: '' }, NOW)).toThrow(/reason is required/);
    expect(() => transition(openRecord(NOW), { to: 'mitigated', by: '' }, NOW)).toThrow(/by is required/);
  });

  it('records a backfilled mitigation time, but not one in the future', () => {
    const record = transition(openRecord(NOW), { to: 'mitigated', by, appliedAt: '2026-03-01' }, NOW);
    expect(record.firstActionAt).toBe('2026-03-01');
    expect(() => transition(openRecord(NOW), { to: 'mitigated', by, appliedAt: '2026-08-01' }, NOW)).toThrow(expect.objectContaining({ code: 'applied-in-future' }));
  });

  it('keeps the earliest action time across mitigations and remediations', () => {
    const mitigated = transition(openRecord(NOW), { to: 'mitigated', by, appliedAt: '2026-03-01' }, NOW);
    expect(transition(mitigated, { to: 'remediated', by }, NOW).firstActionAt).toBe('2026-03-01');
  });
});

describe('risk acceptance expiry', () => {
  const accepted = transition(openRecord(NOW), change['risk-accepted'], NOW);

  it('holds until its expiry and lapses at it', () => {
    expect(acceptanceLapsed(accepted, '2026-12-30T23:59:59Z')).toBe(false);
    expect(acceptanceLapsed(accepted, '2026-12-31T00:00:00Z')).toBe(true);
    expect(effectiveRecord(accepted, '2026-12-30')).toBe(accepted);
  });

  it('an expired acceptance reopens the finding, recorded at its expiry', () => {
    const reopened = effectiveRecord(accepted, '2027-01-15');
    expect(reopened).toMatchObject({ state: 'open', since: '2026-12-31T00:00:00.000Z', acceptance: undefined });
    expect(reopened.history.at(-1)).toEqual({ from: 'risk-accepted', to: 'open', at: '2026-12-31T00:00:00.000Z', by: 'system', note: 'risk acceptance expired at 2026-12-31' });
  });

  it('a change after the expiry starts from the reopened state', () => {
    expect(() => transition(accepted, change.verified, '2027-01-15')).toThrow(/cannot go from open to verified/);
    expect(transition(accepted, change.planned, '2027-01-15').history.map((e) => e.to)).toEqual(['risk-accepted', 'open', 'planned']);
  });

  it('an acceptance without a readable expiry does not hold', () => {
    expect(acceptanceLapsed({ ...accepted, acceptance: { approver: 'x', reason: 'y', expiresAt: 'forever' } }, NOW)).toBe(true);
  });
});

describe('reachesFixedVersion and auto-verification', () => {
  it.each([
    ['V3.1.4', 'V3.1.4', true],
    ['V3.2', 'V3.1.4', true],
    ['V3.1.3', 'V3.1.4', false],
    ['V4.5 SP2', 'V4.5 SP1', true],
    ['V4.5', 'V4.5 SP1', false],
    ['2.16.0', '>= 2.15.0', true],
    ['V3.1.4', 'V3.1.4 or later', true],
    ['R520.2 TCU4 HF1', 'R520.2 TCU4 HF3', false],
  ] as const)('%s reaches %s: %s', (observed, fixed, result) => {
    expect(reachesFixedVersion(observed, fixed).result).toBe(result);
  });

  it('is unknown, with the reason, when the versions cannot be compared or are missing', () => {
    expect(reachesFixedVersion('Rev. C', 'V1.0')).toMatchObject({ result: 'unknown', reason: expect.stringMatching(/^cannot compare Rev\. C with V1\.0/) });
    expect(reachesFixedVersion(undefined, 'V1.0')).toEqual({ result: 'unknown', reason: 'no observed version' });
    expect(reachesFixedVersion('V1.0', '')).toEqual({ result: 'unknown', reason: 'no fixed version' });
  });

  it('closes the remediation as verified from any state once the observed version reaches the fix', () => {
    for (const state of ['open', 'planned', 'mitigated', 'remediated', 'risk-accepted'] as const) {
      const { record, verdict } = verifyByObservedVersion(inState(state), { version: 'V3.2' }, 'V3.1.4', NOW);
      expect(verdict.result).toBe(true);
      expect(record.state).toBe('verified');
      expect(record.verification).toEqual({ by: 'system', at: NOW, observedVersion: 'V3.2', fixedVersion: 'V3.1.4', scheme: 'firmware' });
      expect(record.history.at(-1)?.note).toBe('observed version V3.2: V3.2 > V3.1.4 (firmware scheme)');
    }
  });

  it('leaves the record unchanged when the version does not reach the fix or cannot be compared', () => {
    const record = inState('planned');
    expect(verifyByObservedVersion(record, { version: 'V3.1.3' }, 'V3.1.4', NOW).record).toBe(record);
    expect(verifyByObservedVersion(record, { version: 'Rev. C' }, 'V3.1.4', NOW)).toMatchObject({ record, verdict: { result: 'unknown' } });
  });
});

describe('recommendedActions', () => {
  const remediation = (category: string, productIds: string[], extra: object = {}) => ({ category, productIds, groupIds: [], ...extra });
  const advisories = [
    { advisory: 'SSA-1', remediations: [remediation('mitigation', ['p1'], { details: 'Block port 102' }), remediation('vendor_fix', ['p1'], { details: 'Update', fixedVersion: 'V3.1.4', url: 'https://x/fw' })] },
    { advisory: 'ICSA-1', remediations: [remediation('mitigation', ['p1'], { details: 'Block port 102' }), remediation('no_fix_planned', ['p2'])] },
  ];

  it('orders fixes first, folds duplicates across advisories and filters by product', () => {
    const actions = recommendedActions(advisories, ['p1']);
    expect(actions).toEqual([
      { category: 'vendor_fix', details: 'Update', url: 'https://x/fw', fixedVersion: 'V3.1.4', advisories: ['SSA-1'] },
      { category: 'mitigation', details: 'Block port 102', url: undefined, fixedVersion: undefined, advisories: ['SSA-1', 'ICSA-1'] },
    ]);
    expect(fixedVersionOf(actions)).toBe('V3.1.4');
    expect(recommendedActions(advisories).map((a) => a.category)).toEqual(['vendor_fix', 'mitigation', 'no_fix_planned']);
  });
});
