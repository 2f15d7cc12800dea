/** Small builders for the engine's unit tests. */
import type { AssetMatchTarget, ComponentMatchTarget } from '../../../model/finding.js';
import type { CpeConfigSpec, CpeConfiguration, CpeMatchCriterion, CsafProduct, CsafProductSpec, Cve5AffectedSpec, OsvRangeSpec } from '../../../model/intel.js';

export function asset(overrides: Partial<AssetMatchTarget> = {}): AssetMatchTarget {
  return { kind: 'asset', id: 'a1', name: 'PLC-1', orderNumbers: [], cpes: [], purls: [], ...overrides };
}

export function component(overrides: Partial<ComponentMatchTarget> = {}): ComponentMatchTarget {
  return { kind: 'component', id: 'c1', name: 'lib', hashes: [], ...overrides };
}

export function crit(criteria: string, extra: Partial<CpeMatchCriterion> = {}): CpeMatchCriterion {
  return { criteria, vulnerable: true, ...extra };
}

export function nvd(configurations: CpeConfiguration[], id = 'CVE-2024-0001'): CpeConfigSpec {
  return { kind: 'cpe-config', vulnerabilityId: id, configurations, source: { kind: 'nvd-api', document: 'nvd.json', pointer: '/vulnerabilities/0' } };
}

export function orConfig(...cpeMatch: CpeMatchCriterion[]): CpeConfiguration {
  return { operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, cpeMatch }] };
}

export function product(overrides: Partial<CsafProduct> = {}): CsafProduct {
  return {
    productId: 'CSAFPID-0001',
    name: 'product',
    attributes: [],
    helpers: { purls: [], hashes: [], modelNumbers: [], serialNumbers: [], skus: [], sbomUrls: [], genericUris: [] },
    pointer: '/product_tree/branches/0',
    ...overrides,
  };
}

export function csaf(p: CsafProduct, overrides: Partial<CsafProductSpec> = {}): CsafProductSpec {
  return {
    kind: 'csaf-product',
    vulnerabilityId: 'CVE-2024-1000',
    advisoryId: 'ADV-1',
    status: 'affected',
    csafStatus: 'known_affected',
    product: p,
    justifications: [],
    impactStatements: [],
    source: { kind: 'csaf', document: 'adv.json', provider: 'Vendor' },
    ...overrides,
  };
}

export function cve5(overrides: Partial<Cve5AffectedSpec> = {}): Cve5AffectedSpec {
  return {
    kind: 'cve5-affected',
    vulnerabilityId: 'CVE-2024-2000',
    cpes: [],
    platforms: [],
    modules: [],
    programFiles: [],
    defaultStatus: 'unaffected',
    versions: [],
    source: { kind: 'cve5', document: 'CVE-2024-2000.json' },
    ...overrides,
  };
}

export function osv(overrides: Partial<OsvRangeSpec> = {}): OsvRangeSpec {
  return { kind: 'osv-range', vulnerabilityId: 'GHSA-xxxx', ranges: [], versions: [], severity: [], source: { kind: 'osv', document: 'osv.json' }, ...overrides };
}
