import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { exploitationTiming, timingRates, type TimedAction } from './timing.js';
import type { ExploitationEvidence } from './vulnerability-inputs.js';

const kev: ExploitationEvidence = { kind: 'kev', date: '2021-12-10', source: 'CISA KEV dateAdded' };
const adp: ExploitationEvidence = { kind: 'cisa-adp', date: '2021-12-12T09:00:00Z', source: 'CISA ADP active' };
const csaf: ExploitationEvidence = { kind: 'csaf', date: '2021-12-09T12:00:00Z', source: 'CSAF exploit_status' };

describe('exploitationTiming', () => {
  it('before: the action precedes the earliest evidence', () => {
    const result = exploitationTiming('2021-12-08T23:00:00Z', [kev, adp, csaf]);
    expect(result).toMatchObject({ outcome: 'before', earliest: csaf });
    expect(result.reason).toBe('action 2021-12-08T23:00:00Z is before CSAF exploit_status 2021-12-09T12:00:00Z');
  });

  it('after: the action follows the earliest evidence, even if it precedes later ones', () => {
    expect(exploitationTiming('2021-12-09T13:00:00Z', [kev, csaf])).toMatchObject({ outcome: 'after', earliest: csaf });
  });

  it('an action on the day of a date-only evidence is not before it', () => {
    expect(exploitationTiming('2021-12-10T05:00:00Z', [kev]).outcome).toBe('after');
    expect(exploitationTiming('2021-12-09T23:59:59Z', [kev]).outcome).toBe('before');
  });

  it('not-exploited without evidence of exploitation', () => {
    expect(exploitationTiming('2021-12-01', [])).toMatchObject({ outcome: 'not-exploited', reason: 'no evidence of exploitation in the wild' });
  });

  it('unknown without a usable action time', () => {
    expect(exploitationTiming(undefined, [kev])).toMatchObject({ outcome: 'unknown', reason: 'no mitigation or remediation time' });
    expect(exploitationTiming('last week', [kev])).toMatchObject({ outcome: 'unknown', reason: 'unreadable action time "last week"' });
  });

  it('unknown when exploited but no evidence has a date, with the problems listed', () => {
    const result = exploitationTiming('2021-12-01', [{ ...kev, date: undefined }, { ...adp, date: '2021-13-01' }]);
    expect(result).toMatchObject({ outcome: 'unknown', reason: 'exploited, but no evidence carries a usable date' });
    expect(result.problems).toEqual(['CISA KEV dateAdded: no date', 'CISA ADP active: unreadable date "2021-13-01"']);
  });

  it('undated evidence turns a "before" into unknown, but leaves an "after"', () => {
    const undated = { ...adp, date: undefined };
    expect(exploitationTiming('2021-12-01', [kev, undated]).outcome).toBe('unknown');
    expect(exploitationTiming('2021-12-20', [kev, undated]).outcome).toBe('after');
  });
});

describe('timingRates', () => {
  const actions: TimedAction[] = [
    { site: 'north', organisation: 'water', actionAt: '2025-01-05', outcome: 'before' },
    { site: 'north', organisation: 'water', actionAt: '2025-02-05', outcome: 'before' },
    { site: 'north', organisation: 'water', actionAt: '2025-03-05', outcome: 'after' },
    { site: 'south', organisation: 'water', actionAt: '2025-03-06', outcome: 'not-exploited' },
    { site: 'south', organisation: 'water', actionAt: '2025-03-07', outcome: 'unknown' },
    { site: 'north', organisation: 'water', actionAt: '2024-12-31T23:59:59Z', outcome: 'after' },
    { site: 'north', organisation: 'water', actionAt: '2025-04-01', outcome: 'after' },
    { site: 'north', organisation: 'water', actionAt: undefined, outcome: 'unknown' },
  ];

  it('rates before ÷ (before + after) per site and organisation within [from, to)', () => {
    const rates = timingRates(actions, { from: '2025-01-01', to: '2025-04-01' });
    expect(rates.site.map((r) => [r.group, r.before, r.after, r.rate])).toEqual([['north', 2, 1, 2 / 3], ['south', 0, 0, null]]);
    expect(rates.organisation).toEqual([expect.objectContaining({ group: 'water', before: 2, after: 1, notExploited: 1, unknown: 1 })]);
    expect(rates.site[0]?.text).toBe('north: before ÷ (before + after) = 2 ÷ 3 = 66.7% (not exploited 0, unknown 0 not counted)');
    expect(rates.site[1]?.text).toMatch(/= 0 ÷ 0 = n\/a \(not exploited 1, unknown 1 not counted\)$/);
    expect(rates.excluded).toBe(1);
  });

  it('rejects an invalid period', () => {
    expect(() => timingRates([], { from: '2025-04-01', to: '2025-01-01' })).toThrow(InputError);
    expect(() => timingRates([], { from: 'Q1', to: '2025-01-01' })).toThrow(/invalid period/);
  });
});
