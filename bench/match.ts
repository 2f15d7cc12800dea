/**
 * Matching benchmark: generates an NVD-shaped corpus (300,000 CVE configuration specs, a tenth of
 * them OT firmware-on-hardware AND configurations) plus 3,000 CSAF-like advisories (~10 products x
 * ~3 vulnerabilities each), builds the in-memory key index the store keeps in SQL (key → specs,
 * from specMatchKeys), then times a full match of 1k, 10k and 100k targets (60% OT assets without
 * CPEs, half with order numbers; 40% SBOM components with CPE and purl), a single-target re-match
 * and a 1,000-record feed delta. Prints items/s per size and peak RSS.
 * With MATCH_BENCH_WORKERS=2, the same full match again through worker threads (parallel.ts).
 * With MATCH_BENCH_STORE=sqlite (or a postgres:// URL), the same corpus and targets go through the
 * store instead (`runMatch`, as `bulwark match --full` does): a first full match (every finding
 * new), a second one (every finding unchanged) and an incremental one after one asset changed,
 * with the time spent inside SQLite calls beside the rest (SQLite only).
 * Run: npx tsx bench/match.ts   (MATCH_BENCH_CVES, MATCH_BENCH_ADVISORIES, MATCH_BENCH_SIZES to scale)
 */
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { matchTarget, specMatchKeys, targetMatchKeys, type MatchableSpec } from '../src/engine/match/index.js';
import type { Finding, MatchTarget } from '../src/model/finding.js';
import { MatchPool, type MatchBatch } from '../src/engine/match/parallel.js';
import { generateTargets, syntheticCorpus } from '../src/engine/match/test-support/synthetic.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import { organisationScope } from '../src/model/scope.js';
import { DEFAULT_ORG_ID } from '../src/services/auth/accounts.js';
import { runMatch, SPEC_KEYS_VERSION } from '../src/services/matching.js';
import { openStore, type Store } from '../src/store/database.js';
import { insertRows } from '../src/store/bulk.js';
import { setMeta, writeSpecKeys } from '../src/store/repositories/findings.js';

const CVES = Number(process.env.MATCH_BENCH_CVES ?? 300_000);
const ADVISORIES = Number(process.env.MATCH_BENCH_ADVISORIES ?? 3_000);
const SIZES = (process.env.MATCH_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
/**
 * Worker threads for a second, parallel full match (src/engine/match/parallel.ts); 0 or 1 (the
 * default) skips it. Measured slower than one thread here: every batch's specs and findings are
 * copied between threads.
 */
const WORKERS = Number(process.env.MATCH_BENCH_WORKERS ?? 0);
/** Worker threads of a match through the store (`runMatch`'s `workers`); unset: its default. */
const STORE_WORKERS = process.env.MATCH_BENCH_STORE_WORKERS === undefined ? undefined : Number(process.env.MATCH_BENCH_STORE_WORKERS);
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

// ---------------------------------------------------------------------------------------------
// Through the store (MATCH_BENCH_STORE)

/**
 * Time spent inside better-sqlite3 calls (statement preparation, binding, stepping, row objects),
 * in all and by statement (its first words).
 */
function timeSqlite(raw: SQLite.Database): { ms: number; byStatement: Map<string, number> } {
  const spent = { ms: 0, byStatement: new Map<string, number>() };
  const prepare = raw.prepare.bind(raw);
  raw.prepare = ((text: string) => {
    const label = text.replace(/\s+/g, ' ').slice(0, 90);
    const timed = <T>(run: () => T): T => {
      const s = performance.now();
      try {
        return run();
      } finally {
        const ms = performance.now() - s;
        spent.ms += ms;
        spent.byStatement.set(label, (spent.byStatement.get(label) ?? 0) + ms);
      }
    };
    const stmt = timed(() => prepare(text));
    for (const name of ['run', 'get', 'all'] as const) {
      const original = stmt[name].bind(stmt) as (...args: unknown[]) => unknown;
      (stmt as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => timed(() => original(...args));
    }
    const iterate = stmt.iterate.bind(stmt) as (...args: unknown[]) => IterableIterator<unknown>;
    (stmt as unknown as Record<string, unknown>).iterate = (...args: unknown[]) => {
      const it = timed(() => iterate(...args));
      return { [Symbol.iterator]() { return this; }, next: () => timed(() => it.next()), return: (v?: unknown) => timed(() => it.return?.(v) ?? { done: true, value: v }) };
    };
    return stmt;
  }) as typeof raw.prepare;
  return spent;
}

async function seedSpecs(store: Store, specs: readonly MatchableSpec[]): Promise<void> {
  const raw = store.sqlite;
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < specs.length; i += 20_000) {
      const part = specs.slice(i, i + 20_000);
      const ids = part.map((_, j) => `spec-${String(i + j).padStart(7, '0')}`);
      await insertRows(trx, raw, 'product_specs', part.map((spec, j) => ({ id: ids[j], vulnerability_id: spec.vulnerabilityId, source_key: spec.kind === 'csaf-product' ? `csaf:${spec.advisoryId}` : 'nvd', kind: spec.kind, vendor: null, product: null, spec: JSON.stringify(spec) })));
      await writeSpecKeys(trx, raw, part.map((spec, j) => ({ specId: ids[j]!, keys: specMatchKeys(spec) })), { fresh: true });
    }
    await setMeta(trx, 'match.spec-keys-version', SPEC_KEYS_VERSION);
  });
}

/** Replaces the estate with these targets: assets as rows, components in SBOMs of 1,000. */
async function seedTargets(store: Store, targets: readonly MatchTarget[]): Promise<void> {
  const raw = store.sqlite;
  const now = new Date().toISOString();
  await store.db.transaction().execute(async (trx) => {
    for (const table of ['findings', 'target_keys', 'sbom_components', 'sboms', 'assets'] as const) await trx.deleteFrom(table).execute();
    const assets = targets.filter((t) => t.kind === 'asset');
    await insertRows(trx, raw, 'assets', assets.map((t) => ({
      id: t.id, org_id: DEFAULT_ORG_ID, name: t.name, kind: 'plc', vendor: t.vendor ?? null, model: t.model ?? null, firmware: t.firmware ?? null, hardware_version: null, serial: null,
      ips: '[]', macs: '[]', cpes: JSON.stringify(t.cpes), purls: JSON.stringify(t.purls), tags: '[]', custom: JSON.stringify(t.orderNumbers.length > 0 ? { 'order number': t.orderNumbers[0] } : {}),
      provenance: '{}', search_text: '', created_at: now, updated_at: now,
    })));
    const components = targets.filter((t) => t.kind === 'component');
    for (let s = 0; s * 1000 < components.length; s++) {
      const part = components.slice(s * 1000, (s + 1) * 1000);
      const sbomId = `sbom-${s}`;
      await insertRows(trx, raw, 'sboms', [{
        id: sbomId, org_id: DEFAULT_ORG_ID, kind: 'sbom', name: sbomId, source_name: `${sbomId}.json`, format: 'cyclonedx', spec_version: '1.6', encoding: 'json', component_count: part.length,
        dependency_count: 0, vex_count: 0, ai_count: 0, issue_count: 0, quality: '{}', metadata: '{}', issues: '[]', content_hash: sbomId, document_size: 0, imported_at: now,
      }]);
      await insertRows(trx, raw, 'sbom_components', part.map((t, idx) => {
        const record = { ref: `c${idx}`, type: 'library', name: t.name, version: t.version, supplier: { name: t.supplier }, purl: t.purl, cpe: t.cpe, hashes: [], licenses: [], licenseNames: [], externalReferences: [], properties: [], components: [], place: { pointer: `/components/${idx}` } };
        return { sbom_id: sbomId, idx, depth: 0, is_subject: 0, ref: record.ref, type: 'library', name: t.name, version: t.version ?? null, purl: t.purl ?? null, cpe: t.cpe ?? null, hashes: '[]', licenses: '[]', is_ai: 0, missing: '[]', search_text: '', record: JSON.stringify(record) };
      }));
    }
  });
}

/** With MATCH_BENCH_PROFILE=FILE, a CPU profile of `run` (open it in Chrome DevTools). */
async function profiled<T>(run: () => Promise<T>): Promise<T> {
  const file = process.env.MATCH_BENCH_PROFILE;
  if (!file) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`CPU profile written to ${file}`);
  }
}

async function storeBench(location: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-match-bench-'));
  const store = await openStore(location === 'sqlite' ? join(dir, 'match.db') : location);
  try {
    let t0 = performance.now();
    const specs: MatchableSpec[] = [...corpus.generateNvd(CVES), ...corpus.generateCsaf(ADVISORIES)];
    await seedSpecs(store, specs);
    specs.length = 0;
    console.log(`store (${store.dialect}): ${(CVES).toLocaleString('en')} NVD-shaped specs + ${ADVISORIES.toLocaleString('en')} CSAF-like advisories written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const sqlite = store.sqlite ? timeSqlite(store.sqlite) : undefined;
    const scope = organisationScope(DEFAULT_ORG_ID);
    const rows: Record<string, Record<string, string>> = {};
    for (const size of SIZES) {
      const targets = generateTargets(size, size);
      await seedTargets(store, targets);
      const measure = async (label: string, run: () => Promise<unknown>) => {
        const cpu0 = process.cpuUsage();
        const sql0 = sqlite?.ms ?? 0;
        const start = performance.now();
        const summary = (await run()) as Awaited<ReturnType<typeof runMatch>>;
        const seconds = (performance.now() - start) / 1000;
        const cpu = process.cpuUsage(cpu0);
        const f = summary.findings;
        const row = (rows[`${size.toLocaleString('en')} ${label}`] = {
          seconds: seconds.toFixed(2),
          'CPU s': ((cpu.user + cpu.system) / 1e6).toFixed(2),
          'in SQLite s': sqlite ? ((sqlite.ms - sql0) / 1000).toFixed(2) : '-',
          'items/s': Math.round(size / seconds).toLocaleString('en'),
          'created/updated/unchanged/resolved': `${f.created}/${f.updated}/${f.unchanged}/${f.resolved}`,
          'peak RSS': mb(peakRss()),
        });
        console.log(`${size.toLocaleString('en')} ${label}: ${JSON.stringify(row)}`);
      };
      t0 = performance.now();
      await measure('full, new findings', () => profiled(() => runMatch(store, scope, { full: true, workers: STORE_WORKERS })));
      await measure('full, unchanged', () => runMatch(store, scope, { full: true, workers: STORE_WORKERS }));
      const asset = await store.db.selectFrom('findings').select('asset_id').where('asset_id', 'is not', null).limit(1).executeTakeFirst();
      if (asset?.asset_id) await store.db.updateTable('assets').set({ firmware: 'V9.9.9', updated_at: new Date(Date.now() + 1000).toISOString() }).where('id', '=', asset.asset_id).execute();
      await measure('incremental, 1 asset', () => runMatch(store, scope));
    }
    console.table(rows);
    if (sqlite) {
      console.log('time inside SQLite by statement (all runs):');
      for (const [label, ms] of [...sqlite.byStatement].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${(ms / 1000).toFixed(2).padStart(8)} s  ${label}`);
    }
  } finally {
    await store.close();
    if (!process.env.MATCH_BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

if (process.env.MATCH_BENCH_STORE) await storeBench(process.env.MATCH_BENCH_STORE);
else await main();
