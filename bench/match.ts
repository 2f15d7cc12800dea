/**
 * Matching benchmark: generates an NVD-shaped corpus (300,000 CVE configuration specs, a tenth of
 * them OT firmware-on-hardware AND configurations) plus 3,000 CSAF-like advisories (~10 products x
 * ~3 vulnerabilities each), builds the in-memory key index the store keeps in SQL (key → specs,
 * from specMatchKeys), then times a full match of 1k, 10k and 100k targets (60% OT assets without
 * CPEs, half with order numbers; 40% SBOM components with CPE and purl), a single-target re-match
 * and a 1,000-record feed delta. Prints items/s per size and peak RSS.
 * With MATCH_BENCH_WORKERS=2, the same full match again through worker threads (parallel.ts).
 * Run: npx tsx bench/match.ts   (MATCH_BENCH_CVES, MATCH_BENCH_ADVISORIES, MATCH_BENCH_SIZES to scale)
 */
import { performance } from 'node:perf_hooks';
import { matchTarget, specMatchKeys, targetMatchKeys, type MatchableSpec } from '../src/engine/match/index.js';
import type { Finding, MatchTarget } from '../src/model/finding.js';
import { MatchPool, type MatchBatch } from '../src/engine/match/parallel.js';
import { generateTargets, syntheticCorpus } from '../src/engine/match/test-support/synthetic.js';

const CVES = Number(process.env.MATCH_BENCH_CVES ?? 300_000);
const ADVISORIES = Number(process.env.MATCH_BENCH_ADVISORIES ?? 3_000);
const SIZES = (process.env.MATCH_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
/**
 * Worker threads for a second, parallel full match (src/engine/match/parallel.ts); 0 or 1 (the
 * default) skips it. Measured slower than one thread here: every batch's specs and findings are
 * copied between threads.
 */
const WORKERS = Number(process.env.MATCH_BENCH_WORKERS ?? 0);
/** Targets per batch handed to the pool, as the store matches in chunks. */
const CHUNK = 2_000;

const corpus = syntheticCorpus(42);

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

/** A batch as the store would build it for a chunk of targets: each candidate spec once, items by index. */
function batchOf(index: Index, targets: readonly MatchTarget[]): MatchBatch {
  const position = new Map<MatchableSpec, number>();
  const specs: MatchableSpec[] = [];
  const items = targets.map((target) => ({
    target,
    candidates: index.candidates(target).map((spec) => {
      let i = position.get(spec);
      if (i === undefined) {
        i = specs.length;
        position.set(spec, i);
        specs.push(spec);
      }
      return i;
    }),
  }));
  return { specs, items };
}

async function parallelRows(index: Index): Promise<void> {
  if (WORKERS < 2) return;
  const pool = await MatchPool.create({ workers: WORKERS });
  if (pool.size === 0) {
    console.log('parallel: worker threads unavailable, skipped');
    return;
  }
  const rows: Record<string, Record<string, string>> = {};
  for (const size of SIZES) {
    const targets = generateTargets(size, size);
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    let findings = 0;
    for (let i = 0; i < targets.length; i += CHUNK) {
      for (const r of await pool.match(batchOf(index, targets.slice(i, i + CHUNK)))) findings += r.findings.length;
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    rows[`${size.toLocaleString('en')} targets`] = { seconds: seconds.toFixed(2), 'CPU s (all threads)': ((cpu.user + cpu.system) / 1e6).toFixed(2), 'items/s': Math.round(size / seconds).toLocaleString('en'), findings: findings.toLocaleString('en'), 'peak RSS (main thread + workers)': mb(peakRss()) };
  }
  const workers = pool.size;
  await pool.close();
  console.log(`parallel full match, ${workers} worker threads, batches of ${CHUNK.toLocaleString('en')} targets (candidate lookup on the main thread):`);
  console.table(rows);
}

async function main(): Promise<void> {
  console.log(`corpus: ${CVES.toLocaleString('en')} NVD-shaped CVE specs + ${ADVISORIES.toLocaleString('en')} CSAF-like advisories`);
  let t0 = performance.now();
  const nvd = corpus.generateNvd(CVES);
  const csaf = corpus.generateCsaf(ADVISORIES);
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
    const cpu0 = process.cpuUsage();
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
    const cpu = process.cpuUsage(cpu0);
    rows[`${size.toLocaleString('en')} targets`] = {
      seconds: seconds.toFixed(2),
      // CPU time of this process (includes V8's GC helper threads): steadier than wall time on a shared machine.
      'CPU s': ((cpu.user + cpu.system) / 1e6).toFixed(2),
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
  const delta = corpus.generateNvd(1_000).map((s, i) => ({ ...s, vulnerabilityId: `CVE-2100-${i}` }));
  const d0 = performance.now();
  const touched = new Set<MatchTarget>();
  for (const spec of delta) {
    index.add(spec);
    for (const key of specMatchKeys(spec)) for (const t of targetsByKey.get(key) ?? []) touched.add(t);
  }
  for (const t of touched) matchTarget(t, index.candidates(t));
  console.log(`feed delta of ${delta.length} records: ${touched.size.toLocaleString('en')} of ${last.length.toLocaleString('en')} targets re-matched in ${((performance.now() - d0) / 1000).toFixed(2)} s`);
  console.log(`peak RSS ${mb(peakRss())}`);
  await parallelRows(index);
}

await main();
