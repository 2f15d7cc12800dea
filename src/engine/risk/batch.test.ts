import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessFinding } from './assess.js';
import { assetInputs, type AssetContext } from './asset-inputs.js';
import { BOD_OUTCOMES } from './bod.js';
import {
  assetColumns,
  findingColumns,
  packAsset,
  packFindingOverrides,
  packVulnerability,
  recompute,
  recomputeResult,
  stateCode,
  vulnerabilityColumns,
} from './batch.js';
import { dayOfText, dayText, NO_DAY } from './dates.js';
import { DEADLINE_STATUSES } from './deadline.js';
import type { InputOverride } from './overrides.js';
import { DEFAULT_POLICY, type OrganisationPolicy } from './policy.js';
import { REMEDIATION_STATES, type RemediationRecord } from './remediation.js';
import { DECISIONS, EXPOSURES } from './values.js';
import { vulnerabilityInputs, type VulnerabilityEvidence } from './vulnerability-inputs.js';

const VECTORS = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:L/A:N',
  'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
  'CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/E:A',
  'AV:N/AC:L/Au:N/C:P/I:P/A:P',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H/E:P',
  'CVSS:3.1/AV:N', // invalid
];
const DATES = [undefined, '2025-01-10', '2025-02-20T10:00:00Z', '2025-03-31', 'bad-date'];
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const evidence: fc.Arbitrary<Omit<VulnerabilityEvidence, 'id'>> = fc.record({
  kev: maybe(fc.record({ dateAdded: fc.constantFrom(...DATES) })),
  adp: maybe(fc.record({
    exploitation: maybe(fc.constantFrom('none', 'public poc', 'active') as fc.Arbitrary<'none' | 'public poc' | 'active'>),
    automatable: maybe(fc.constantFrom('yes', 'no') as fc.Arbitrary<'yes' | 'no'>),
    technicalImpact: maybe(fc.constantFrom('partial', 'total') as fc.Arbitrary<'partial' | 'total'>),
    timestamp: fc.constantFrom(...DATES),
  })),
  csafExploitStatus: maybe(fc.array(fc.record({ details: fc.constantFrom('Exploited in the wild', 'No known public exploitation', 'PoC published', '??') }), { maxLength: 2 })),
  cvss: fc.array(fc.record({ vector: fc.constantFrom(...VECTORS), sourceKind: fc.constantFrom('vendor-cna', 'csaf', 'cisa-adp', 'nvd', 'other') as fc.Arbitrary<'nvd'>, sourceName: fc.constant('s') }), { maxLength: 3 }),
  epss: maybe(fc.record({ score: fc.double({ min: 0, max: 1, noNaN: true }), date: fc.constant('2025-03-01') })),
});

const asset: fc.Arbitrary<AssetContext> = fc.record({
  id: fc.constantFrom('a1', 'a2'),
  kind: maybe(fc.constantFrom('plc', 'sis', 'historian', 'workstation', 'other') as fc.Arbitrary<'plc'>),
  criticality: maybe(fc.constantFrom('low', 'medium', 'high', 'critical') as fc.Arbitrary<'low'>),
  tags: maybe(fc.constantFrom(['safety'], ['boiler'])),
  exposure: maybe(fc.constantFrom(...EXPOSURES)),
  zone: fc.record({ id: fc.constantFrom('z1', 'z2'), exposure: maybe(fc.constantFrom(...EXPOSURES)) }),
  site: fc.record({ id: fc.constant('s1') }),
});

const override: fc.Arbitrary<InputOverride> = fc.oneof(
  ...([
    ['exploitation', ['none', 'public poc', 'active']],
    ['automatable', ['yes', 'no']],
    ['technicalImpact', ['partial', 'total']],
    ['missionPrevalence', ['minimal', 'support', 'essential']],
    ['publicWellbeing', ['minimal', 'material', 'irreversible']],
    ['exposure', ['open', 'controlled', 'small']],
  ] as const).map(([input, values]) =>
    fc.record({
      scope: fc.constantFrom('asset', 'zone', 'site') as fc.Arbitrary<'asset'>,
      scopeId: fc.constantFrom('a1', 'z1', 's1'),
      input: fc.constant(input),
      value: fc.constantFrom(...values),
      vulnerabilityId: maybe(fc.constantFrom('CVE-1', 'CVE-2')),
      by: fc.constant('u'),
      at: fc.constantFrom('2025-01-01', '2025-02-01'),
    }) as fc.Arbitrary<InputOverride>,
  ),
);

const policy: OrganisationPolicy = { name: 'p', slaDays: { ...DEFAULT_POLICY.slaDays, Track: null } };

describe('recompute (batch) agrees with assessFinding', () => {
  it('on decisions, both deadlines, status and risk score for random findings', () => {
    fc.assert(
      fc.property(
        evidence, asset, fc.array(override, { maxLength: 4 }),
        fc.constantFrom(...DATES), fc.constantFrom(...DATES),
        fc.constantFrom(...REMEDIATION_STATES), fc.constantFrom('bod-26-04', 'organisation') as fc.Arbitrary<'organisation'>,
        fc.constantFrom('2025-03-01', '2025-06-15', '2026-01-01'),
        (ev, a, overrides, firstSeen, decisionSince, state, mode, now) => {
          const vuln = vulnerabilityInputs({ id: 'CVE-1', ...ev });
          const target = { assetId: a.id, zoneId: a.zone?.id, siteId: a.site?.id, vulnerabilityId: 'CVE-1' };
          const remediation: RemediationRecord = { state, since: '2025-01-01', history: [], acceptance: state === 'risk-accepted' ? { approver: 'x', reason: 'y', expiresAt: '2030-01-01' } : undefined };
          const scalar = assessFinding({ vulnerability: vuln, asset: a, overrides, firstSeen, decisionSince, remediation }, { now, mode, policy });

          const v = vulnerabilityColumns(1);
          packVulnerability(v, 0, vuln);
          const as = assetColumns(1);
          packAsset(as, 0, assetInputs(a), overrides, target);
          const f = findingColumns(1);
          f.firstSeenDay[0] = dayOfText(firstSeen);
          f.decisionSinceDay[0] = dayOfText(decisionSince);
          f.state[0] = stateCode(state);
          packFindingOverrides(f, 0, overrides, target);
          const batch = recompute(v, as, f, { now, mode, policy });

          const dueText = (day: number) => (day === NO_DAY ? undefined : dayText(day));
          expect(DECISIONS[batch.decision[0]!]).toBe(scalar.ssvc.decision);
          expect(dueText(batch.bodDueDay[0]!)).toBe(scalar.bod.dueDate);
          expect(BOD_OUTCOMES[batch.bodOutcome[0]!]!.forensicTriage).toBe(scalar.bod.forensicTriage);
          expect(batch.bodOutcome[0] === 0).toBe(scalar.bod.kind === 'next-upgrade');
          expect(dueText(batch.policyDueDay[0]!)).toBe(scalar.policy.dueDate);
          expect(DEADLINE_STATUSES[batch.status[0]!]).toBe(scalar.status);
          expect(batch.risk[0]).toBeCloseTo(scalar.risk.score, 4);
        },
      ),
      { numRuns: 1000, seed: 8 },
    );
  });
});

describe('recompute', () => {
  it('shares vulnerability and asset rows across findings and reuses the output', () => {
    const v = vulnerabilityColumns(2);
    packVulnerability(v, 0, vulnerabilityInputs({ id: 'CVE-1', kev: { dateAdded: '2025-01-10' }, adp: { exploitation: 'active', automatable: 'yes', technicalImpact: 'total', timestamp: '2025-01-01' } }));
    packVulnerability(v, 1, vulnerabilityInputs({ id: 'CVE-2' }));
    const a = assetColumns(2);
    packAsset(a, 0, assetInputs({ id: 'plc', kind: 'plc', exposure: 'open' }));
    packAsset(a, 1, assetInputs({ id: 'ws', kind: 'workstation', exposure: 'small' }));
    const f = findingColumns(3);
    f.vulnerability.set([0, 0, 1]);
    f.asset.set([0, 1, 0]);
    f.firstSeenDay.fill(dayOfText('2025-01-05'));
    const out = recomputeResult(3);
    const result = recompute(v, a, f, { now: '2025-01-20', mode: 'bod-26-04' }, out);
    expect(result).toBe(out);
    // CVE-2 has no data: (unknown → none, → yes, → total) on a PLC (high) → Attend.
    expect([...result.decision].map((d) => DECISIONS[d])).toEqual(['Act', 'Attend', 'Attend']);
    expect([...result.bodDueDay].map(dayText)).toEqual(['2025-01-13', '2025-01-13', '2025-03-06']);
    expect([...result.bodNoVulnrichment]).toEqual([0, 0, 1]);
    expect([...result.status].map((s) => DEADLINE_STATUSES[s])).toEqual(['overdue', 'overdue', 'on-track']);
  });
});
