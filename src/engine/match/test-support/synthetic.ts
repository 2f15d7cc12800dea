/**
 * Deterministic synthetic match data (shared by bench/match.ts and the golden test): an NVD-shaped
 * corpus (a tenth of it OT firmware-on-hardware AND configurations), CSAF-like advisories
 * (~10 products x ~3 vulnerabilities each) and targets (60% OT assets without CPEs, half with order
 * numbers; 40% SBOM components with CPE and purl). The same seed gives the same data.
 */
import type { MatchTarget } from '../../../model/finding.js';
import type { CpeConfigSpec, CpeConfiguration, CsafProduct, CsafProductSpec } from '../../../model/intel.js';

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const IT_VENDORS = 2_000;
const IT_PRODUCTS_PER_VENDOR = 50;
export const OT_VENDORS: Array<[string, string]> = [
  ['siemens', 'Siemens AG'], ['schneider-electric', 'Schneider Electric'], ['rockwellautomation', 'Allen-Bradley'], ['mitsubishielectric', 'Mitsubishi Electric'],
  ['abb', 'ABB'], ['hitachienergy', 'Hitachi Energy'], ['honeywell', 'Honeywell'], ['emerson', 'Emerson'], ['yokogawa', 'Yokogawa'], ['omron', 'OMRON'],
  ['phoenixcontact', 'Phoenix Contact'], ['wago', 'WAGO'], ['beckhoff', 'Beckhoff'], ['moxa', 'Moxa'], ['ge', 'GE Vernova'], ['selinc', 'SEL'],
];
const OT_MODELS = 400;

function emptyHelpers(): CsafProduct['helpers'] {
  return { purls: [], hashes: [], modelNumbers: [], serialNumbers: [], skus: [], sbomUrls: [], genericUris: [] };
}

/** Order numbers are vendor-specific (each vendor has its own catalogue format). */
export function orderNumber(vendor: number, model: number): string {
  return `${vendor + 1}ES${7 + (vendor % 3)}${String(model).padStart(3, '0')}-${model % 9}AP00-0AB0`;
}


export interface SyntheticCorpus {
  /** `n` NVD-shaped CVE configuration specs. */
  generateNvd(n: number): CpeConfigSpec[];
  /** CSAF-like product statements of `n` advisories. */
  generateCsaf(n: number): CsafProductSpec[];
}

/** A corpus generator; both generators draw from one PRNG stream, so the call order matters. */
export function syntheticCorpus(seed = 42): SyntheticCorpus {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const int = (n: number): number => Math.floor(rnd() * n);
  const v3 = (): string => `${1 + int(9)}.${int(10)}.${int(20)}`;

  function itCriteria(vendor: number, product: number): string {
    return `cpe:2.3:a:vendor${vendor}:product${product}:*:*:*:*:*:*:*:*`;
  }

  function generateNvd(n: number): CpeConfigSpec[] {
    const specs: CpeConfigSpec[] = [];
    for (let i = 0; i < n; i++) {
      const configurations: CpeConfiguration[] = [];
      if (i % 10 === 0) {
        const [vendor] = pick(OT_VENDORS);
        const model = `model_${int(OT_MODELS)}_pn`;
        configurations.push({
          operator: 'AND',
          negate: false,
          nodes: [
            { operator: 'OR', negate: false, cpeMatch: [{ criteria: `cpe:2.3:o:${vendor}:${model}_firmware:*:*:*:*:*:*:*:*`, vulnerable: true, versionEndExcluding: v3() }] },
            { operator: 'OR', negate: false, cpeMatch: [{ criteria: `cpe:2.3:h:${vendor}:${model}:-:*:*:*:*:*:*:*`, vulnerable: false }] },
          ],
        });
      } else {
        const vendor = int(IT_VENDORS);
        const cpeMatch = Array.from({ length: 1 + int(4) }, () => {
          const lo = v3();
          return { criteria: itCriteria(vendor, int(IT_PRODUCTS_PER_VENDOR)), vulnerable: true, versionStartIncluding: lo, versionEndExcluding: `${Number(lo.split('.')[0]) + 1}.0.0` };
        });
        configurations.push({ operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, cpeMatch }] });
      }
      specs.push({ kind: 'cpe-config', vulnerabilityId: `CVE-2099-${String(i).padStart(6, '0')}`, configurations, source: { kind: 'nvd-api', pointer: `/vulnerabilities/${i}` } });
    }
    return specs;
  }
  function generateCsaf(n: number): CsafProductSpec[] {
    const specs: CsafProductSpec[] = [];
    for (let a = 0; a < n; a++) {
      const vendorIndex = int(OT_VENDORS.length);
      const [, vendorName] = OT_VENDORS[vendorIndex] as [string, string];
      const products: CsafProduct[] = Array.from({ length: 5 + int(10) }, (_, p) => {
        const model = int(OT_MODELS);
        const withNumber = rnd() < 0.4;
        return {
          productId: `CSAFPID-${p}`,
          name: `${vendorName} MODEL ${model} PN`,
          vendor: vendorName,
          productName: withNumber ? `MODEL ${model} PN (${orderNumber(vendorIndex, model)})` : `MODEL ${model} PN`,
          versionRange: rnd() < 0.2 ? 'vers:all/*' : rnd() < 0.5 ? `vers:all/<V${v3()}` : `< V${v3()}`,
          attributes: [],
          helpers: { ...emptyHelpers(), modelNumbers: withNumber ? [orderNumber(vendorIndex, model)] : [] },
          pointer: `/product_tree/branches/0/branches/${p}`,
        };
      });
      const vulns = 1 + int(5);
      for (let v = 0; v < vulns; v++) {
        for (const product of products) {
          specs.push({
            kind: 'csaf-product', vulnerabilityId: `CVE-2098-${a}-${v}`, advisoryId: `ADV-${a}`, status: 'affected', csafStatus: 'known_affected', product,
            justifications: [], impactStatements: [], source: { kind: 'csaf', document: `adv-${a}.json`, provider: vendorName },
          });
        }
      }
    }
    return specs;
  }
  return { generateNvd, generateCsaf };
}

export function generateTargets(n: number, seed: number): MatchTarget[] {
  const r = prng(seed);
  const out: MatchTarget[] = [];
  for (let i = 0; i < n; i++) {
    if (r() < 0.6) {
      const vendorIndex = Math.floor(r() * OT_VENDORS.length);
      const [, vendorName] = OT_VENDORS[vendorIndex] as [string, string];
      const model = Math.floor(r() * OT_MODELS);
      out.push({
        kind: 'asset', id: `asset-${i}`, name: `PLC-${i}`, vendor: vendorName, model: `MODEL ${model} PN`, firmware: `V${1 + Math.floor(r() * 9)}.${Math.floor(r() * 10)}.${Math.floor(r() * 20)}`,
        orderNumbers: r() < 0.5 ? [orderNumber(vendorIndex, model)] : [], cpes: [], purls: [],
      });
    } else {
      const vendor = Math.floor(r() * IT_VENDORS);
      const product = Math.floor(r() * IT_PRODUCTS_PER_VENDOR);
      const version = `${1 + Math.floor(r() * 9)}.${Math.floor(r() * 10)}.${Math.floor(r() * 20)}`;
      out.push({
        kind: 'component', id: `component-${i}`, name: `product${product}`, version, supplier: `Vendor ${vendor}`,
        cpe: `cpe:2.3:a:vendor${vendor}:product${product}:${version}:*:*:*:*:*:*:*`, purl: `pkg:generic/vendor${vendor}/product${product}@${version}`, hashes: [],
      });
    }
  }
  return out;
}

