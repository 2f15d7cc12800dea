import { describe, expect, it } from 'vitest';
import { assessFinding, type FindingInput } from './assess.js';
import type { AssetContext } from './asset-inputs.js';
import { openRecord, transition } from './remediation.js';
import { vulnerabilityInputs } from './vulnerability-inputs.js';

const log4shell = vulnerabilityInputs({
  id: 'CVE-2021-44228',
  kev: { dateAdded: '2021-12-10', dueDate: '2021-12-24' },
  adp: { exploitation: 'active', automatable: 'yes', technicalImpact: 'total', version: '2.0.3', timestamp: '2022-01-05T00:00:00Z' },
  cvss: [{ vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', sourceKind: 'vendor-cna', sourceName: 'apache', statedScore: 10 }],
  epss: { score: 0.944, percentile: 0.999, date: '2025-09-03' },
});
const historian: AssetContext = { id: 'hist-1', kind: 'historian', criticality: 'high', zone: { id: 'l3', exposure: 'controlled' }, site: { id: 'north' } };

function finding(extra: Partial<FindingInput> = {}): FindingInput {
  return { vulnerability: log4shell, asset: historian, firstSeen: '2021-12-01', decisionSince: '2021-12-10', ...extra };
}

describe('assessFinding', () => {
  it('combines decision, exposure, both deadlines, status and score', () => {
    const result = assessFinding(finding(), { now: '2021-12-20' });
    expect(result.ssvc.decision).toBe('Act'); // support × material → medium; (active, yes, total, medium) → Act
    expect(result.exposure).toMatchObject({ used: 'controlled', source: 'zone l3 attribute' });
    expect(result.bod).toMatchObject({ days: 3, forensicTriage: true, dueDate: '2021-12-13', kevDueDate: '2021-12-24' });
    expect(result.policy).toMatchObject({ days: 7, dueDate: '2021-12-17' });
    expect(result.status).toBe('overdue');
    expect(result.state).toBe('open');
    // 75 + 25 × (0.4 × 1 + 0.3 × 0.944 + 0.2 + 0) = 97.08
    expect(result.risk.score).toBe(97.1);
    expect(result.timing).toBeUndefined();
  });

  it('judges the status against the BOD 26-04 deadline in that mode', () => {
    expect(assessFinding(finding(), { now: '2021-12-12', mode: 'bod-26-04' }).status).toBe('due-soon');
    expect(assessFinding(finding(), { now: '2021-12-14', mode: 'bod-26-04' }).status).toBe('overdue');
  });

  it('ends the rationale with exposure, deadlines, status and score lines', () => {
    const lines = assessFinding(finding(), { now: '2021-12-20' }).rationale;
    expect(lines.slice(-5)).toEqual([
      'Exposure: controlled — zone l3 exposure attribute = controlled [source: zone l3 attribute]',
      'BOD 26-04: KEV yes · exposed no · Automatable yes · Technical Impact total → 3 days + forensic triage → due 2021-12-13 (from KEV dateAdded (after the finding was first seen) 2021-12-10) + forensic triage. Notes: KEV (BOD 22-01) dueDate 2021-12-24, for reference',
      'policy default: Act → 7 days → due 2021-12-17 (from decision Act reached (after the finding was first seen) 2021-12-10)',
      'status against the policy deadline: overdue (state open)',
      'risk score: Act band 75 + 25 × (0.4 × CVSS 10/10 + 0.3 × EPSS 0.944 + 0.2 × KEV 1 + 0.1 × exposed 0) × state open 1 = 97.1',
    ]);
  });

  it('an exposure override for the site makes the finding publicly exposed', () => {
    const result = assessFinding(finding({ overrides: [{ scope: 'site', scopeId: 'north', input: 'exposure', value: 'open', by: 'soc', at: '2021-12-15', reason: 'found on Shodan' }] }), { now: '2021-12-20' });
    // The zone attribute is derived data; an override at any level beats it.
    expect(result.exposure).toMatchObject({ used: 'open', override: { scope: 'site', reason: 'found on Shodan' } });
    expect(result.bod.cell).toBe('KEV yes · exposed yes · Automatable yes · Technical Impact total');
  });

  it('reports timing once mitigated, and the met status', () => {
    const mitigated = transition(openRecord('2021-12-01'), { to: 'mitigated', by: 'ot', appliedAt: '2021-12-08T10:00:00Z' }, '2021-12-20');
    const result = assessFinding(finding({ remediation: mitigated }), { now: '2021-12-20' });
    expect(result.timing).toMatchObject({ outcome: 'before', earliest: { kind: 'kev' } });
    expect(result.status).toBe('met');
    expect(result.risk.score).toBe(48.5);
    expect(result.rationale.at(-1)).toBe('applied before exploitation: before — action 2021-12-08T10:00:00Z is before CISA KEV dateAdded 2021-12-10');
  });

  it('treats a lapsed acceptance as open', () => {
    const accepted = transition(openRecord('2021-12-01'), { to: 'risk-accepted', by: 'pm', approver: 'pm', reason: 'outage in January', expiresAt: '2021-12-18' }, '2021-12-11');
    expect(assessFinding(finding({ remediation: accepted }), { now: '2021-12-15' })).toMatchObject({ state: 'risk-accepted', status: 'accepted' });
    expect(assessFinding(finding({ remediation: accepted }), { now: '2021-12-20' })).toMatchObject({ state: 'open', status: 'overdue' });
  });
});
