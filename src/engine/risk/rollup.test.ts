import { describe, expect, it } from 'vitest';
import { findingRiskScore, rollupColumns, rollupRisk, rollupRow, rollupValues, type ScoredFinding } from './rollup.js';

describe('findingRiskScore', () => {
  it('puts each decision in its band and orders inside it by CVSS, EPSS, KEV and exposure', () => {
    const max = { cvss: 10, epss: 1, kev: true, exposed: true };
    const min = { cvss: 0, epss: 0, kev: false, exposed: false };
    expect(findingRiskScore({ decision: 'Act', ...max }).score).toBe(100);
    expect(findingRiskScore({ decision: 'Act', ...min }).score).toBe(75);
    expect(findingRiskScore({ decision: 'Attend', ...max }).score).toBe(75);
    expect(findingRiskScore({ decision: 'Track*', ...min }).score).toBe(25);
    expect(findingRiskScore({ decision: 'Track', ...max }).score).toBe(25);
  });

  it('shows the formula with the numbers', () => {
    const risk = findingRiskScore({ decision: 'Act', cvss: 9.8, epss: 0.944, kev: true, exposed: false });
    // 75 + 25 × (0.4 × 0.98 + 0.3 × 0.944 + 0.2) = 75 + 25 × 0.8752 = 96.88
    expect(risk.score).toBe(96.9);
    expect(risk.text).toBe('Act band 75 + 25 × (0.4 × CVSS 9.8/10 + 0.3 × EPSS 0.944 + 0.2 × KEV 1 + 0.1 × exposed 0) × state open 1 = 96.9');
  });

  it('assumes CVSS 10 and EPSS 0 when unknown, and says so', () => {
    const risk = findingRiskScore({ decision: 'Track', kev: false, exposed: false, cvss: 11 });
    expect(risk.score).toBe(10);
    expect(risk.text).toContain('CVSS unknown → 10/10 + 0.3 × EPSS unknown → 0');
  });

  it('scales by the remediation state', () => {
    const factors = { decision: 'Attend' as const, cvss: 8, epss: 0, kev: false, exposed: true };
    expect(findingRiskScore({ ...factors, state: 'risk-accepted' }).score).toBe(60.5);
    expect(findingRiskScore({ ...factors, state: 'mitigated' }).score).toBe(30.3);
    expect(findingRiskScore({ ...factors, state: 'verified' }).score).toBe(0);
  });
});

describe('rollupRisk', () => {
  const findings: ScoredFinding[] = [
    { findingId: 'f1', score: 96.9, decision: 'Act', assetId: 'plc-1', zoneId: 'z1', siteId: 's1', organisationId: 'o' },
    { findingId: 'f2', score: 40, decision: 'Track*', assetId: 'plc-1', zoneId: 'z1', siteId: 's1', organisationId: 'o' },
    { findingId: 'f3', score: 60, decision: 'Attend', assetId: 'hmi-1', zoneId: 'z2', siteId: 's1', organisationId: 'o' },
    { findingId: 'f4', score: 10, decision: 'Track', assetId: 'rtu-9', zoneId: null, siteId: 's2', organisationId: 'o' },
  ];

  it('rolls up to the highest score per asset, zone, site and organisation, worst first', () => {
    const rollups = rollupRisk(findings);
    expect(rollups.asset.map((r) => [r.group, r.score, r.findings])).toEqual([['plc-1', 96.9, 2], ['hmi-1', 60, 1], ['rtu-9', 10, 1]]);
    expect(rollups.zone.map((r) => [r.group, r.score])).toEqual([['z1', 96.9], ['z2', 60]]);
    expect(rollups.site.map((r) => [r.group, r.score, r.worst])).toEqual([['s1', 96.9, 'f1'], ['s2', 10, 'f4']]);
    expect(rollups.organisation[0]).toMatchObject({ score: 96.9, findings: 4, byDecision: { Act: 1, Attend: 1, 'Track*': 1, Track: 1 }, sum: 206.9, mean: 51.7 });
  });

  it('returns the formula and a text with the numbers', () => {
    const rollups = rollupRisk(findings);
    expect(rollups.formula).toMatch(/^group risk = highest finding score/);
    expect(rollups.site[0]?.text).toBe('s1 risk 96.9 = highest finding score (f1) of 3 findings: Act 1 · Attend 1 · Track* 1 · Track 0; sum 196.9, mean 65.6');
  });

  it('leaves findings without a zone out of the zone level only', () => {
    const rollups = rollupRisk(findings);
    expect(rollups.zone.flatMap((r) => r.findings)).toEqual([2, 1]);
    expect(rollups.site.reduce((n, r) => n + r.findings, 0)).toBe(4);
  });
});

describe('rollupValues', () => {
  it('gives the numbers of rollupRow (without its text) for every group', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const n = 5_000;
    const scores = Float32Array.from({ length: n }, () => Math.round(random() * 1000) / 10);
    const decisions = Uint8Array.from({ length: n }, () => Math.floor(random() * 4));
    const groupOf = Int32Array.from({ length: n }, () => Math.floor(random() * 60) - 1);
    const columns = rollupColumns(scores, decisions, groupOf, 60);
    for (let g = 0; g < 60; g++) {
      const row = rollupRow(`g${g}`, columns, g, (i) => `f${i}`);
      const v = rollupValues(columns, g);
      expect({ score: v.score, findings: v.findings, sum: v.sum, mean: v.mean, worst: v.top >= 0 ? `f${v.top}` : undefined }).toEqual({ score: row.score, findings: row.findings, sum: row.sum, mean: row.mean, worst: row.worst });
      expect(v.counts).toEqual([row.byDecision.Track, row.byDecision['Track*'], row.byDecision.Attend, row.byDecision.Act]);
    }
  });
});
