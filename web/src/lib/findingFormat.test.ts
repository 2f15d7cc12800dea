import { describe, expect, it } from 'vitest';
import type { FindingView, MatchSummary } from '../api/findingTypes';
import { comparisonColor, describeMatchSummary, groupFindings, severityBuckets, statusLook, targetLabel } from './findingFormat';

function finding(id: string, vuln: string, target: { asset?: string; component?: string }, extra: Partial<FindingView['vulnerability']> = {}, status: FindingView['status'] = 'affected'): FindingView {
  return {
    id,
    ...(target.asset ? { asset: { id: target.asset, name: target.asset.toUpperCase(), externalId: null } } : {}),
    ...(target.component
      ? { component: { id: target.component, name: 'openssl', version: '3.0.7', purl: null, sbomId: 's1', sbomName: 'fw' } }
      : {}),
    vulnerability: { id: vuln, aliases: [], title: null, cvssScore: null, cvssSeverity: null, epssScore: null, inKev: false, kevDueDate: null, ...extra },
    status,
    confidence: 'exact',
    reason: '',
    justification: null,
    userDecided: false,
    decision: null,
    firstSeen: '2026-01-01T00:00:00Z',
    lastSeen: '2026-01-01T00:00:00Z',
    resolvedAt: null,
    tlp: 'AMBER+STRICT',
    organisation: { id: 'o1', name: 'Operator' },
  };
}

describe('finding presentation', () => {
  it('groups a page by vulnerability or target in the order of first appearance', () => {
    const items = [
      finding('1', 'CVE-B', { asset: 'a1' }, { cvssScore: 9.8 }),
      finding('2', 'CVE-A', { asset: 'a2' }, { cvssScore: 7.5, inKev: true }),
      finding('3', 'CVE-B', { asset: 'a2' }, { cvssScore: 9.8 }, 'cannot_decide'),
      finding('4', 'CVE-C', { component: 'c:s1:3' }, { cvssScore: 5 }),
    ];
    const byVuln = groupFindings(items, 'vulnerability');
    expect(byVuln.map((g) => [g.key, g.items.map((f) => f.id), g.affected])).toEqual([
      ['vulnerability:CVE-B', ['1', '3'], 1],
      ['vulnerability:CVE-A', ['2'], 1],
      ['vulnerability:CVE-C', ['4'], 1],
    ]);
    const byTarget = groupFindings(items, 'target');
    expect(byTarget.map((g) => [g.key, g.items.length, g.maxCvss, g.kev])).toEqual([
      ['asset:a1', 1, 9.8, false],
      ['asset:a2', 2, 9.8, true],
      ['component:c:s1:3', 1, 5, false],
    ]);
  });

  it('labels targets, statuses, comparisons and severities', () => {
    expect(targetLabel(finding('1', 'X', { asset: 'plc' }))).toBe('PLC');
    expect(targetLabel(finding('1', 'X', { component: 'c' }))).toBe('openssl 3.0.7');
    expect(statusLook('cannot_decide').label).toBe('Cannot decide');
    expect(statusLook('weird_status').label).toBe('weird status');
    expect(comparisonColor('in range')).toBe('blue');
    expect(comparisonColor('out of range')).toBe('teal');
    expect(comparisonColor('unknown')).toBe('orange');
    expect(severityBuckets({ LOW: 2, CRITICAL: 1, MEDIUM: 0, ODD: 3 })).toEqual([['CRITICAL', 1], ['LOW', 2], ['ODD', 3]]);
  });

  it('describes a match run', () => {
    const summary: MatchSummary = {
      mode: 'full',
      targets: { assets: 339, components: 1 },
      findings: { created: 22, updated: 1, resolved: 0, unchanged: 3 },
      open: { byStatus: {}, bySeverity: {}, kev: 0, affectedTargets: 0 },
      issues: [],
      issueCount: 0,
      seconds: 0.284,
      workers: 0,
    };
    expect(describeMatchSummary(summary)).toBe('Full match: 339 assets and 1 SBOM component examined in 0.28 s — 22 new, 1 changed, 0 resolved.');
  });
});
