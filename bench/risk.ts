/**
 * Risk engine benchmark (issue 8 target: recompute decisions and deadlines for 1,000,000 findings
 * in under 20 s, whole pipeline; this measures the engine's share). Generates ~20,000
 * vulnerabilities (KEV, CISA ADP, CSAF exploit texts, CVSS vectors from several sources, EPSS),
 * ~100,000 assets over 50 sites and 1,000 zones, and 1,000,000 findings with some overrides. One
 * recompute = derive every vulnerability's inputs (CVSS validated and scored), every asset's
 * inputs (with zone/site overrides), then decisions, both deadlines, statuses and risk scores for
 * every finding, and the site rollup. Prints the median of 3 runs and findings/s. Run 1 starts with
 * an empty CVSS vector memo (scores.ts: a v4 vector costs ~0.35 ms to score); later runs find the
 * vectors scored, as a long-running server does.
 * Run: npx tsx bench/risk.ts [--findings N] [--vulnerabilities N] [--assets N] [--runs N]
 */
import { performance } from 'node:perf_hooks';
import {
  assetColumns,
  assetInputs,
  dayOfText,
  DECISIONS,
  DEADLINE_STATUSES,
  findingColumns,
  packAsset,
  packVulnerability,
  recompute,
  recomputeResult,
  REMEDIATION_STATES,
  rollupColumns,
  vulnerabilityColumns,
  vulnerabilityInputs,
  type AssetContext,
  type CvssInput,
  type InputOverride,
  type VulnerabilityEvidence,
} from '../src/engine/risk/index.js';
import { createRng } from '../src/demo/prng.js';
import { cvssVectors } from './risk-vectors.js';
import type { AssetKind, Criticality } from '../src/model/asset.js';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const FINDINGS = arg('findings', 1_000_000);
const VULNERABILITIES = arg('vulnerabilities', 20_000);
const ASSETS = arg('assets', 100_000);
const RUNS = arg('runs', 3);
const SITES = 50;
const ZONES = 1_000;

// Seeded, so that every run measures the same data.
const rng = createRng(26_04);
const random = rng.next;
const pick = <T>(xs: readonly T[]): T => rng.pick(xs);
const day = (offset: number): string => new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

const { v31, v40, v2 } = cvssVectors(pick);

function vulnerability(i: number): VulnerabilityEvidence {
  const published = Math.floor(random() * 700);
  const cvss: CvssInput[] = [{ vector: v31(), sourceKind: 'nvd', sourceName: 'NVD', date: day(published + 10) }];
  if (random() < 0.5) cvss.push({ vector: random() < 0.5 ? v40() : v31(), sourceKind: pick(['vendor-cna', 'csaf'] as const), sourceName: 'vendor', date: day(published) });
  if (random() < 0.1) cvss.push({ vector: v2(), sourceKind: 'nvd', sourceName: 'NVD' });
  if (random() < 0.01) cvss.push({ vector: 'CVSS:3.1/AV:N/AC:L', sourceKind: 'other', sourceName: 'broken' });
  const evidence: VulnerabilityEvidence = {
    id: `CVE-2024-${String(i).padStart(5, '0')}`,
    cvss,
    epss: { score: random() ** 4, percentile: random(), date: '2025-09-03' },
  };
  if (random() < 0.6) {
    evidence.adp = { exploitation: pick(['none', 'none', 'none', 'public poc', 'active'] as const), automatable: pick(['yes', 'no'] as const), technicalImpact: pick(['partial', 'total'] as const), timestamp: `${day(published + 5)}T12:00:00Z`, version: '2.0.3' };
  }
  if (random() < 0.05) evidence.kev = { dateAdded: day(published + 30), dueDate: day(published + 51) };
  if (random() < 0.2) evidence.csafExploitStatus = [{ details: pick(['No known public exploitation specifically targeting this vulnerability has been reported to CISA at this time.', 'Exploited in the wild.', 'A proof-of-concept exploit is publicly available.']), date: day(published + 3) }];
  if (random() < 0.1) evidence.references = [{ url: 'https://www.exploit-db.com/exploits/1', tags: ['Exploit'] }];
  return evidence;
}

const KINDS: readonly AssetKind[] = ['plc', 'rtu', 'hmi', 'ews', 'historian', 'server', 'workstation', 'ied', 'sis', 'network', 'gateway', 'drive', 'sensor', 'other'];
const CRITICALITIES: readonly (Criticality | null)[] = ['low', 'medium', 'high', 'critical', null];

function asset(i: number): AssetContext {
  const zone = i % ZONES;
  return {
    id: `a${i}`,
    kind: pick(KINDS),
    criticality: pick(CRITICALITIES),
    tags: random() < 0.02 ? ['safety'] : [],
    exposure: random() < 0.3 ? pick(['open', 'controlled', 'small'] as const) : null,
    zone: { id: `z${zone}`, exposure: pick(['controlled', 'small', null] as const) },
    site: { id: `s${zone % SITES}` },
  };
}

/** Zone- and site-level overrides, as users set them (a few hundred). */
function overridesFor(zones: number, sites: number): Map<string, InputOverride[]> {
  const byScope = new Map<string, InputOverride[]>();
  const add = (o: InputOverride): void => void (byScope.get(o.scopeId) ?? byScope.set(o.scopeId, []).get(o.scopeId))!.push(o);
  for (let z = 0; z < zones; z += 7) add({ scope: 'zone', scopeId: `z${z}`, input: 'exposure', value: 'controlled', by: 'ot', at: '2025-01-01', reason: 'behind the DMZ' });
  for (let s = 0; s < sites; s += 5) add({ scope: 'site', scopeId: `s${s}`, input: 'publicWellbeing', value: 'material', by: 'ot', at: '2025-01-01' });
  return byScope;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function main(): void {
  let t0 = performance.now();
  const evidence = Array.from({ length: VULNERABILITIES }, (_, i) => vulnerability(i));
  const assets = Array.from({ length: ASSETS }, (_, i) => asset(i));
  const overrides = overridesFor(ZONES, SITES);
  const findings = findingColumns(FINDINGS);
  for (let i = 0; i < FINDINGS; i++) {
    findings.vulnerability[i] = Math.floor(random() ** 2 * VULNERABILITIES); // a few vulnerabilities are everywhere
    findings.asset[i] = Math.floor(random() * ASSETS);
    findings.firstSeenDay[i] = dayOfText(day(Math.floor(random() * 900)));
    findings.state[i] = random() < 0.8 ? 0 : Math.floor(random() * REMEDIATION_STATES.length);
  }
  console.log(`generated ${VULNERABILITIES.toLocaleString('en')} vulnerabilities, ${ASSETS.toLocaleString('en')} assets, ${FINDINGS.toLocaleString('en')} findings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const out = recomputeResult(FINDINGS);
  const siteOf = Int32Array.from(findings.asset, (a) => (a % ZONES) % SITES);
  const rows: Record<string, Record<string, string>> = {};
  const totals: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    t0 = performance.now();
    const v = vulnerabilityColumns(VULNERABILITIES);
    evidence.forEach((e, i) => packVulnerability(v, i, vulnerabilityInputs(e)));
    const t1 = performance.now();
    const a = assetColumns(ASSETS);
    assets.forEach((x, i) => {
      const scoped = [...(overrides.get(x.zone!.id) ?? []), ...(overrides.get(x.site!.id) ?? [])];
      packAsset(a, i, assetInputs(x), scoped, { assetId: x.id, zoneId: x.zone?.id, siteId: x.site?.id });
    });
    const t2 = performance.now();
    const result = recompute(v, a, findings, { now: '2026-01-15T00:00:00Z' }, out);
    const t3 = performance.now();
    rollupColumns(result.risk, result.decision, siteOf, SITES);
    const t4 = performance.now();
    totals.push(t4 - t0);
    rows[`run ${run}`] = {
      'vulnerability inputs (s)': ((t1 - t0) / 1000).toFixed(2),
      'asset inputs (s)': ((t2 - t1) / 1000).toFixed(2),
      'findings (s)': ((t3 - t2) / 1000).toFixed(2),
      'site rollup (s)': ((t4 - t3) / 1000).toFixed(2),
      'total (s)': ((t4 - t0) / 1000).toFixed(2),
    };
  }
  console.table(rows);
  const decisions = DECISIONS.map((d, code) => `${d} ${out.decision.reduce((n, x) => n + Number(x === code), 0).toLocaleString('en')}`).join(', ');
  const statuses = DEADLINE_STATUSES.map((s, code) => `${s} ${out.status.reduce((n, x) => n + Number(x === code), 0).toLocaleString('en')}`).join(', ');
  console.log(`decisions: ${decisions}`);
  console.log(`statuses (policy): ${statuses}`);
  const m = median(totals) / 1000;
  console.log(`recompute of ${FINDINGS.toLocaleString('en')} findings: median ${m.toFixed(2)} s over ${RUNS} runs, ${Math.round(FINDINGS / m).toLocaleString('en')} findings/s; cold first run ${(totals[0]! / 1000).toFixed(2)} s (target: < 20 s for the whole pipeline)`);
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main();
