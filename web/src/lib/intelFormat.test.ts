import { describe, expect, it } from 'vitest';
import {
  describeCpe, describeEventDetail, formatCve5Version, formatDay, formatEpss, formatOsvEvents, formatPercentile, formatScore,
  formatVersionBounds, groupProductStatus, humanise, isOverdue, parseCpe23, remediationLabel, severityBand, sparklinePath,
  statusGroupOf,
} from './intelFormat';

describe('CVSS severity', () => {
  it('uses the stated severity word, else the score band', () => {
    expect(severityBand('CRITICAL', 5)).toBe('critical');
    expect(severityBand('moderate', null)).toBe('medium');
    expect(severityBand(null, 9.8)).toBe('critical');
    expect(severityBand('', 7)).toBe('high');
    expect(severityBand('bogus', 3.9)).toBe('low');
    expect(severityBand(null, 0)).toBe('none');
    expect(severityBand(null, null)).toBeNull();
    expect(severityBand(undefined, Number.NaN)).toBeNull();
  });

  it('formats scores with one decimal', () => {
    expect(formatScore(10)).toBe('10.0');
    expect(formatScore(7.25)).toBe('7.3');
    expect(formatScore(null)).toBe('');
  });
});

describe('EPSS', () => {
  it('keeps small probabilities distinguishable', () => {
    expect(formatEpss(0.97312)).toBe('97.3%');
    expect(formatEpss(0.0542)).toBe('5.42%');
    expect(formatEpss(0.00043)).toBe('0.043%');
    expect(formatEpss(0)).toBe('0%');
    expect(formatEpss(1.7)).toBe('100.0%');
    expect(formatEpss(Number.NaN)).toBe('');
  });

  it('writes percentiles as ranks', () => {
    expect(formatPercentile(0.9956)).toBe('99.6th percentile');
    expect(formatPercentile(0.71)).toBe('71st percentile');
    expect(formatPercentile(0.12)).toBe('12th percentile');
    expect(formatPercentile(0.03)).toBe('3rd percentile');
    expect(formatPercentile(1)).toBe('100th percentile');
    expect(formatPercentile(null)).toBe('');
  });
});

describe('dates', () => {
  it('shows the calendar date as written, without shifting time zones', () => {
    expect(formatDay('2023-10-20T23:59:59-12:00')).toBe('2023-10-20');
    expect(formatDay('2023-10-20')).toBe('2023-10-20');
    expect(formatDay('soon')).toBe('soon');
    expect(formatDay(null)).toBe('');
  });

  it('knows when a KEV due date has passed', () => {
    const today = new Date('2024-05-02T12:00:00Z');
    expect(isOverdue('2024-05-01', today)).toBe(true);
    expect(isOverdue('2024-05-02', today)).toBe(false);
    expect(isOverdue('garbage', today)).toBe(false);
    expect(isOverdue(null, today)).toBe(false);
  });
});

describe('CPE names', () => {
  it('splits on unescaped colons only', () => {
    const parts = parseCpe23('cpe:2.3:o:wago:pfc200\\:firmware:03.10.08:*:*:*:*:*:x64:*');
    expect(parts).toEqual({ part: 'o', vendor: 'wago', product: 'pfc200:firmware', version: '03.10.08', update: '*', extra: ['target_hw=x64'] });
  });

  it('describes a CPE in words and leaves anything else as it is', () => {
    expect(describeCpe('cpe:2.3:h:wago:compact_controller_100:-:*:*:*:*:*:*:*')).toBe('wago compact controller 100 (no version)');
    expect(describeCpe('cpe:2.3:o:wago:pfc100_firmware:*:*:*:*:*:*:*:*')).toBe('wago pfc100 firmware');
    expect(describeCpe('cpe:/a:vendor:product:1.0')).toBe('cpe:/a:vendor:product:1.0');
    expect(parseCpe23('cpe:2.3:a:too:few')).toBeNull();
    expect(parseCpe23('cpe:2.3:a:v:p:1:*:*:*:*:*:*:*:extra')).toBeNull();
  });

  it('joins NVD version bounds into one condition', () => {
    expect(formatVersionBounds({ versionStartIncluding: '2.0', versionEndExcluding: '2.4.1' })).toBe('≥ 2.0 and < 2.4.1');
    expect(formatVersionBounds({ versionStartExcluding: '1', versionEndIncluding: '3' })).toBe('> 1 and ≤ 3');
    expect(formatVersionBounds({})).toBe('');
  });
});

describe('CVE 5 and OSV ranges', () => {
  it('describes CVE 5 version entries', () => {
    expect(formatCve5Version({ version: '1.0', status: 'affected', lessThan: '2.0', versionType: 'semver' })).toBe('from 1.0 before 2.0 (semver)');
    expect(formatCve5Version({ version: '0', status: 'affected', lessThanOrEqual: '7.4' })).toBe('up to 7.4');
    expect(formatCve5Version({ version: '17.9.4', status: 'affected' })).toBe('17.9.4');
    expect(
      formatCve5Version({ version: '1.0', status: 'affected', lessThan: '*', changes: [{ at: '1.2', status: 'unaffected' }] }),
    ).toBe('from 1.0 before *; unaffected from 1.2');
  });

  it('describes OSV events in order', () => {
    expect(formatOsvEvents([{ introduced: '0' }, { fixed: '1.2.3' }, { introduced: '2.0' }, { lastAffected: '2.1' }])).toBe(
      'introduced 0 → fixed 1.2.3 → introduced 2.0 → last affected 2.1',
    );
    expect(formatOsvEvents([])).toBe('');
  });
});

describe('CSAF product status', () => {
  it('groups the CSAF keys for people in a fixed order, each product once per group', () => {
    const groups = groupProductStatus({
      fixed: ['P3'],
      known_not_affected: ['P4'],
      first_affected: ['P1'],
      known_affected: ['P1', 'P2'],
      under_investigation: ['P5'],
      recommended: ['P3'],
      bogus: ['P9'],
      last_affected: undefined,
    });
    expect(groups.map((g) => g.group.label)).toEqual(['Known affected', 'Under investigation', 'Fixed', 'Not affected', 'Recommended', 'Other']);
    expect(groups[0]?.products).toEqual([
      { productId: 'P1', csafStatuses: ['first_affected', 'known_affected'] },
      { productId: 'P2', csafStatuses: ['known_affected'] },
    ]);
    expect(groupProductStatus({})).toEqual([]);
  });

  it('maps single statuses and remediation categories', () => {
    expect(statusGroupOf('first_fixed').label).toBe('Fixed');
    expect(statusGroupOf('not_affected').label).toBe('Not affected');
    expect(statusGroupOf('nonsense').label).toBe('Other');
    expect(remediationLabel('vendor_fix').label).toBe('Vendor fix');
    expect(remediationLabel('no_fix_planned').label).toBe('No fix planned');
    expect(remediationLabel('future_thing').label).toBe('Future thing');
    expect(humanise('csaf_security_advisory')).toBe('Security advisory');
    expect(humanise('csaf_vex')).toBe('VEX');
  });
});

describe('EPSS sparkline', () => {
  it('draws oldest to newest, highest score at the top', () => {
    const path = sparklinePath(
      [
        { date: '2025-04-20', score: 0.3 },
        { date: '2025-03-20', score: 0.1 },
        { date: '2025-05-20', score: 0.2 },
      ],
      100,
      40,
    );
    expect(path).toBe('M0 40 L50 0 L100 20');
  });

  it('keeps a flat or single-point series visible and ignores non-numbers', () => {
    expect(sparklinePath([{ date: '2025-01-01', score: 0.5 }], 100, 40)).toBe('M0 20 L100 20');
    expect(sparklinePath([{ date: 'a', score: 0.4 }, { date: 'b', score: 0.4 }], 10, 40)).toBe('M0 20 L10 20');
    expect(sparklinePath([{ date: 'a', score: Number.NaN }], 10, 10)).toBe('');
    expect(sparklinePath([], 10, 10)).toBe('');
  });
});

describe('change history', () => {
  it('describes known events and survives unknown or hostile details', () => {
    expect(describeEventDetail('kev-added', { dateAdded: '2023-10-16', dueDate: '2023-10-20' })).toBe('added 2023-10-16, due 2023-10-20');
    expect(describeEventDetail('epss-threshold', { from: 0.0042, to: 0.235, threshold: 0.1, date: '2025-04-20T00:00:00+0000' })).toBe(
      'EPSS 0.42% → 23.5% (threshold 10.0%) on 2025-04-20',
    );
    expect(describeEventDetail('revised', { source: 'nvd-api', document: 'page.json' })).toBe('by nvd-api (page.json)');
    expect(describeEventDetail('rejected', {})).toBe('');
    expect(describeEventDetail('other', 'plain text')).toBe('plain text');
    expect(describeEventDetail('other', { a: 1, b: [1, 2] })).toBe('a: 1, b: [1,2]');
    expect(describeEventDetail('epss-threshold', { to: 'x' })).toBe('to: x');
    expect(describeEventDetail('kev-added', null)).toBe('');
  });
});
