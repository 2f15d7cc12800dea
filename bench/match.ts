/**
 * Matching benchmark: generates an NVD-shaped corpus (300,000 CVE configuration specs, a tenth of
 * them OT firmware-on-hardware AND configurations) plus 3,000 CSAF-like advisories (~10 products x
 * ~3 vulnerabilities each), builds the in-memory key index the store keeps in SQL (key → specs,
 * from specMatchKeys), then times a full match of 1k, 10k and 100k targets (60% OT assets without
 * CPEs, half with order numbers; 40% SBOM components with CPE and purl), a single-target re-match
 * and a 1,000-record feed delta. Prints items/s per size and peak RSS.
 * Run: npx tsx bench/match.ts   (MATCH_BENCH_CVES, MATCH_BENCH_ADVISORIES, MATCH_BENCH_SIZES to scale)
 */
import { performance } from 'node:perf_hooks';
import { matchTarget, specMatchKeys, targetMatchKeys, type MatchableSpec } from '../src/engine/match/index.js';
import type { Finding, MatchTarget } from '../src/model/finding.js';
import type { CpeConfigSpec, CpeConfiguration, CsafProduct, CsafProductSpec } from '../src/model/intel.js';

const CVES = Number(process.env.MATCH_BENCH_CVES ?? 300_000);
const ADVISORIES = Number(process.env.MATCH_BENCH_ADVISORIES ?? 3_000);
const SIZES = (process.env.MATCH_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
const int = (n: number): number => Math.floor(rnd() * n);

const IT_VENDORS = 2_000;
const IT_PRODUCTS_PER_VENDOR = 50;
const OT_VENDORS: Array<[string, string]> = [
  ['siemens', 'Siemens AG'], ['schneider-electric', 'Schneider Electric'], ['rockwellautomation', 'Allen-Bradley'], ['mitsubishielectric', 'Mitsubishi Electric'],
  ['abb', 'ABB'], ['hitachienergy', 'Hitachi Energy'], ['honeywell', 'Honeywell'], ['emerson', 'Emerson'], ['yokogawa', 'Yokogawa'], ['omron', 'OMRON'],
  ['phoenixcontact', 'Phoenix Contact'], ['wago', 'WAGO'], ['beckhoff', 'Beckhoff'], ['moxa', 'Moxa'], ['ge', 'GE Vernova'], ['selinc', 'SEL'],
];
const OT_MODELS = 400;

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

function emptyHelpers(): CsafProduct['helpers'] {
  return { purls: [], hashes: [], modelNumbers: [], serialNumbers: [], skus: [], sbomUrls: [], genericUris: [] };
}

/** Order numbers are vendor-specific (each vendor has its own catalogue format). */
function orderNumber(vendor: number, model: number): string {
  return `${vendor + 1}ES${7 + (vendor % 3)}${String(model).padStart(3, '0')}-${model % 9}AP00-0AB0`;
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

function generateTargets(n: number, seed: number): MatchTarget[] {
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

class Index {
  readonly byKey = new Map<string, MatchableSpec[]>();
  add(spec: MatchableSpec): void {
    for (const key of specMatchKeys(spec)) {
      const list = this.byKey.get(key);
      if (list) list.push(spec);
      else this.byKey.set(key, [spec]);
    }
  }
  candidates(target: MatchTarget): MatchableSpec[] {
    const seen = new Set<MatchableSpec>();
    for (const key of targetMatchKeys(target)) for (const spec of this.byKey.get(key) ?? []) seen.add(spec);
    return [...seen];
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

function main(): void {
  console.log(`corpus: ${CVES.toLocaleString('en')} NVD-shaped CVE specs + ${ADVISORIES.toLocaleString('en')} CSAF-like advisories`);
  let t0 = performance.now();
  const nvd = generateNvd(CVES);
  const csaf = generateCsaf(ADVISORIES);
  console.log(`generated ${(nvd.length + csaf.length).toLocaleString('en')} specs (${csaf.length.toLocaleString('en')} CSAF product statements) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const index = new Index();
  for (const s of nvd) index.add(s);
  for (const s of csaf) index.add(s);
  console.log(`key index: ${index.byKey.size.toLocaleString('en')} keys built in ${((performance.now() - t0) / 1000).toFixed(1)} s; RSS ${mb(process.memoryUsage().rss)}`);

  const rows: Record<string, Record<string, string>> = {};
  let last: MatchTarget[] = [];
  for (const size of SIZES) {
    const targets = generateTargets(size, size);
    last = targets;
    const start = performance.now();
    let findings = 0;
    let affected = 0;
    let candidates = 0;
    for (const target of targets) {
      const specs = index.candidates(target);
      candidates += specs.length;
      const result: Finding[] = matchTarget(target, specs);
      findings += result.length;
      for (const f of result) if (f.status === 'affected') affected++;
    }
    const seconds = (performance.now() - start) / 1000;
    rows[`${size.toLocaleString('en')} targets`] = {
      seconds: seconds.toFixed(2),
      'items/s': Math.round(size / seconds).toLocaleString('en'),
      'candidates/target': (candidates / size).toFixed(1),
      findings: findings.toLocaleString('en'),
      affected: affected.toLocaleString('en'),
      'peak RSS': mb(peakRss()),
    };
  }
  console.table(rows);

  // Re-matching one changed asset: its keys, its candidates, its findings.
  const sample = last.slice(0, 2_000);
  const times: number[] = [];
  for (const target of sample) {
    const changed = target.kind === 'asset' ? { ...target, firmware: 'V9.9.9' } : { ...target, version: '9.9.9' };
    const s = performance.now();
    matchTarget(changed, index.candidates(changed));
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(`single-target re-match: median ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(3)} ms, p99 ${(times[Math.floor(times.length * 0.99)] ?? 0).toFixed(3)} ms (${sample.length} targets)`);

  // A 1,000-record feed delta: index the new specs, find the targets under their keys, re-match them.
  const targetsByKey = new Map<string, MatchTarget[]>();
  for (const target of last) for (const key of targetMatchKeys(target)) (targetsByKey.get(key) ?? targetsByKey.set(key, []).get(key))?.push(target);
  const delta = generateNvd(1_000).map((s, i) => ({ ...s, vulnerabilityId: `CVE-2100-${i}` }));
  const d0 = performance.now();
  const touched = new Set<MatchTarget>();
  for (const spec of delta) {
    index.add(spec);
    for (const key of specMatchKeys(spec)) for (const t of targetsByKey.get(key) ?? []) touched.add(t);
  }
  for (const t of touched) matchTarget(t, index.candidates(t));
  console.log(`feed delta of ${delta.length} records: ${touched.size.toLocaleString('en')} of ${last.length.toLocaleString('en')} targets re-matched in ${((performance.now() - d0) / 1000).toFixed(2)} s`);
  console.log(`peak RSS ${mb(peakRss())}`);
}

main();
