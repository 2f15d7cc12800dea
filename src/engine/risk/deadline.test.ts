import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { deadlineStatus, type Deadline } from './deadline.js';
import { assertValidPolicy, DEFAULT_POLICY, policyDeadline, policyIssues, type OrganisationPolicy } from './policy.js';

const due = (dueDate: string): Pick<Deadline, 'kind' | 'dueDate'> => ({ kind: 'date', dueDate });

describe('deadlineStatus', () => {
  it('overdue ⇔ today > due date and open (standards §4)', () => {
    expect(deadlineStatus(due('2026-07-10'), '2026-07-11T00:00:00Z')).toBe('overdue');
    expect(deadlineStatus(due('2026-07-10'), '2026-07-10T23:59:59Z')).toBe('due-soon');
  });

  it('due-soon within the window (default 7 days, configurable), on-track beyond', () => {
    expect(deadlineStatus(due('2026-07-17'), '2026-07-10')).toBe('due-soon');
    expect(deadlineStatus(due('2026-07-18'), '2026-07-10')).toBe('on-track');
    expect(deadlineStatus(due('2026-07-18'), '2026-07-10', { dueSoonDays: 14 })).toBe('due-soon');
    expect(deadlineStatus(due('2026-07-11'), '2026-07-10', { dueSoonDays: 0 })).toBe('on-track');
  });

  it('a KEV entry due before it was added is overdue on arrival', () => {
    // CVE-2020-0601: added 2021-11-03, due 2020-01-29 (standards §4).
    expect(deadlineStatus(due('2020-01-29'), '2021-11-03')).toBe('overdue');
  });

  it('met once mitigated, remediated or verified; accepted while an acceptance holds', () => {
    for (const state of ['mitigated', 'remediated', 'verified'] as const) expect(deadlineStatus(due('2020-01-01'), '2026-01-01', { state })).toBe('met');
    expect(deadlineStatus(due('2020-01-01'), '2026-01-01', { state: 'risk-accepted' })).toBe('accepted');
    expect(deadlineStatus(due('2020-01-01'), '2026-01-01', { state: 'planned' })).toBe('overdue');
  });

  it('no-fixed-date and unknown deadlines are never overdue', () => {
    expect(deadlineStatus({ kind: 'next-upgrade' }, '2030-01-01')).toBe('no-fixed-date');
    expect(deadlineStatus({ kind: 'unknown' }, '2030-01-01')).toBe('unknown');
  });

  it('accepts Date and epoch milliseconds for now, and rejects a non-date', () => {
    expect(deadlineStatus(due('2026-07-10'), new Date('2026-07-11T00:00:00Z'))).toBe('overdue');
    expect(deadlineStatus(due('2026-07-10'), Date.UTC(2026, 6, 1))).toBe('on-track');
    expect(() => deadlineStatus(due('2026-07-10'), 'tomorrow')).toThrow(TypeError);
  });
});

describe('organisation policy', () => {
  it('default SLA: Act 7, Attend 30, Track* 90, Track 180 days', () => {
    expect(DEFAULT_POLICY.slaDays).toEqual({ Act: 7, Attend: 30, 'Track*': 90, Track: 180 });
    expect(policyDeadline('Act', DEFAULT_POLICY, { firstSeen: '2026-07-01' })).toMatchObject({ kind: 'date', days: 7, dueDate: '2026-07-08', rule: 'policy default: Act → 7 days' });
    expect(policyDeadline('Track', DEFAULT_POLICY, { firstSeen: '2026-01-01' }).dueDate).toBe('2026-06-30');
  });

  it('counts from when the finding reached its decision', () => {
    const deadline = policyDeadline('Attend', DEFAULT_POLICY, { firstSeen: '2026-01-01', decisionSince: '2026-03-01' });
    expect(deadline).toMatchObject({ dueDate: '2026-03-31', clockStart: { date: '2026-03-01', from: 'decision Attend reached (after the finding was first seen)' } });
  });

  it('null means no fixed date', () => {
    const policy: OrganisationPolicy = { name: 'plant', slaDays: { ...DEFAULT_POLICY.slaDays, Track: null } };
    expect(policyDeadline('Track', policy, { firstSeen: '2026-01-01' })).toMatchObject({ kind: 'next-upgrade', rule: 'policy plant: Track → no fixed date' });
  });

  it('is unknown without any date', () => {
    expect(policyDeadline('Act', DEFAULT_POLICY, {}).kind).toBe('unknown');
  });

  it('rejects negative, fractional or missing SLAs with every problem listed', () => {
    const bad = { name: '', slaDays: { Act: -1, Attend: 1.5, 'Track*': 90 } };
    expect(policyIssues(bad).map((i) => i.message)).toEqual([
      'policy name is required',
      'slaDays.Track must be a whole number of days 0..3650 or null, not undefined',
      'slaDays.Attend must be a whole number of days 0..3650 or null, not 1.5',
      'slaDays.Act must be a whole number of days 0..3650 or null, not -1',
    ]);
    expect(() => assertValidPolicy(bad)).toThrow(InputError);
    expect(() => assertValidPolicy(DEFAULT_POLICY)).not.toThrow();
  });
});
