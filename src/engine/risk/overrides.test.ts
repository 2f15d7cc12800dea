import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { assertValidOverride, overrideIssues, pickOverride, type InputOverride } from './overrides.js';

const base = { by: 'alice', at: '2025-01-01T00:00:00Z' };
const target = { assetId: 'a1', zoneId: 'z1', siteId: 's1', vulnerabilityId: 'CVE-1' };

describe('pickOverride: precedence asset > zone > site, then vulnerability-specific, then latest', () => {
  const site: InputOverride = { ...base, scope: 'site', scopeId: 's1', input: 'automatable', value: 'yes' };
  const zone: InputOverride = { ...base, scope: 'zone', scopeId: 'z1', input: 'automatable', value: 'no' };
  const asset: InputOverride = { ...base, scope: 'asset', scopeId: 'a1', input: 'automatable', value: 'yes' };

  it('asset beats zone beats site, and the losers are kept', () => {
    expect(pickOverride([site, zone, asset], target, 'automatable')).toEqual({ winner: asset, shadowed: [zone, site], invalid: [] });
    expect(pickOverride([site, zone], target, 'automatable').winner).toBe(zone);
    expect(pickOverride([site], target, 'automatable').winner).toBe(site);
  });

  it('a vulnerability-specific override beats a general one at the same level, not a more specific level', () => {
    const zoneForCve: InputOverride = { ...zone, value: 'yes', vulnerabilityId: 'CVE-1' };
    expect(pickOverride([zone, zoneForCve], target, 'automatable').winner).toBe(zoneForCve);
    expect(pickOverride([zoneForCve, asset], target, 'automatable').winner).toBe(asset);
  });

  it('ignores overrides for other assets, zones, sites, vulnerabilities and inputs', () => {
    const others: InputOverride[] = [
      { ...asset, scopeId: 'a2' },
      { ...zone, scopeId: 'z2' },
      { ...site, scopeId: 's2' },
      { ...asset, vulnerabilityId: 'CVE-2' },
      { ...base, scope: 'asset', scopeId: 'a1', input: 'technicalImpact', value: 'total' },
    ];
    expect(pickOverride(others, target, 'automatable')).toEqual({ winner: undefined, shadowed: [], invalid: [] });
  });

  it('the latest override wins among equals', () => {
    const later: InputOverride = { ...zone, value: 'yes', at: '2025-06-01T00:00:00Z' };
    expect(pickOverride([zone, later], target, 'automatable').winner).toBe(later);
  });

  it('applies an asset-side input override regardless of a vulnerability restriction', () => {
    const prevalence: InputOverride = { ...base, scope: 'zone', scopeId: 'z1', input: 'missionPrevalence', value: 'essential', vulnerabilityId: 'CVE-9' };
    expect(pickOverride([prevalence], target, 'missionPrevalence').winner).toBe(prevalence);
  });

  it('sets aside an override whose value is invalid for its input', () => {
    const bad = { ...asset, value: 'maybe' } as unknown as InputOverride;
    expect(pickOverride([bad, zone], target, 'automatable')).toEqual({ winner: zone, shadowed: [], invalid: [bad] });
  });
});

describe('override validation', () => {
  it('accepts a complete override', () => {
    expect(overrideIssues({ ...base, scope: 'zone', scopeId: 'z1', input: 'exposure', value: 'controlled', reason: 'behind the DMZ' })).toEqual([]);
  });

  it('lists every problem and throws an InputError', () => {
    const bad = { scope: 'plant', scopeId: '', input: 'exposure', value: 'internet', by: ' ', at: 'now' };
    expect(overrideIssues(bad).map((i) => i.code)).toEqual(['invalid-scope', 'missing-scope-id', 'invalid-value', 'missing-author', 'invalid-date']);
    expect(() => assertValidOverride(bad)).toThrow(InputError);
    expect(() => assertValidOverride({ ...base, scope: 'asset', scopeId: 'a', input: 'colour', value: 'red' })).toThrow(/input must be one of exploitation, automatable/);
  });
});
