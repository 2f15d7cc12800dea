import { describe, expect, it } from 'vitest';
import { matchTarget } from './engine.js';
import { combineEvidence } from './precedence.js';
import { asset, crit, csaf, nvd, orConfig, product } from './test-support/builders.js';
import type { Evidence } from '../../model/finding.js';

const ev = (status: Evidence['status'], tier: Evidence['tier'], extra: Partial<Evidence> = {}): Evidence => ({
  matcher: 'nvd-cpe', status, confidence: tier === 0 ? 'derived' : tier === 1 ? 'version-range-name' : 'exact', tier, compared: [], source: { kind: 'nvd-api' }, reason: `${status} at ${tier}`, ...extra,
});
const target = asset();

describe('status precedence', () => {
  it('user decision > vendor statement > exact > name > derived', () => {
    expect(combineEvidence(target, 'CVE-1', [ev('affected', 0), ev('not_affected', 3)]).status).toBe('not_affected');
    expect(combineEvidence(target, 'CVE-1', [ev('affected', 2), ev('not_affected', 3)]).status).toBe('not_affected');
    expect(combineEvidence(target, 'CVE-1', [ev('affected', 2), ev('not_affected', 1)]).status).toBe('affected');
    expect(combineEvidence(target, 'CVE-1', [ev('fixed', 3)], { targetId: 'a1', vulnerabilityId: 'CVE-1', decision: 'confirm', by: 'ana' })).toMatchObject({ status: 'affected', decidedBy: 4, userDecided: true });
    expect(combineEvidence(target, 'CVE-1', [ev('affected', 2)], { targetId: 'a1', vulnerabilityId: 'CVE-1', decision: 'reject' }).status).toBe('not_affected');
  });

  it('is conservative within a tier and never decides with "cannot decide"', () => {
    expect(combineEvidence(target, 'CVE-1', [ev('not_affected', 2), ev('affected', 2)]).status).toBe('affected');
    expect(combineEvidence(target, 'CVE-1', [ev('cannot_decide', 2), ev('affected', 0)])).toMatchObject({ status: 'affected', confidence: 'derived' });
    expect(combineEvidence(target, 'CVE-1', [ev('cannot_decide', 2), ev('cannot_decide', 0)]).status).toBe('cannot_decide');
  });

  it('explains an override and keeps every piece of evidence, deciding one first', () => {
    const f = combineEvidence(target, 'CVE-1', [ev('affected', 0), ev('not_affected', 3, { justifications: ['component_not_present'] })]);
    expect(f.reason).toMatch(/vendor statement for the exact product outranks derived match/);
    expect(f.evidence.map((e) => e.tier)).toEqual([3, 0]);
    expect(f.justification).toBe('component_not_present');
  });

  it('end to end: a vendor known_not_affected beats a derived NVD match for the same device', () => {
    const spec = nvd([orConfig(crit('cpe:2.3:o:wago:pfc200_firmware:*:*:*:*:*:*:*:*', { versionEndIncluding: '26' }))], 'CVE-2023-4089');
    const vendor = csaf(product({ vendor: 'WAGO', productName: 'PFC200', version: 'FW20' }), { vulnerabilityId: 'CVE-2023-4089', status: 'not_affected', csafStatus: 'known_not_affected', justifications: ['vulnerable_code_not_in_execute_path'] });
    const a = asset({ vendor: 'WAGO', model: 'PFC200', firmware: 'FW20' });
    expect(matchTarget(a, [spec])[0]).toMatchObject({ status: 'affected', confidence: 'derived' });
    const both = matchTarget(a, [spec, vendor])[0];
    expect(both).toMatchObject({ status: 'not_affected', decidedBy: 3, justification: 'vulnerable_code_not_in_execute_path' });
    expect(both?.evidence).toHaveLength(2);
    const rejected = matchTarget(a, [spec], { decisions: [{ targetId: 'a1', vulnerabilityId: 'CVE-2023-4089', decision: 'reject', reason: 'not installed' }] })[0];
    expect(rejected).toMatchObject({ status: 'not_affected', userDecided: true });
  });
});
