/**
 * SBOM benchmarks: generate a 50,000-component CycloneDX 1.6 JSON in a temp dir, read it three
 * times (schema validation on) and print the median read time and peak RSS; then import it through
 * the service into a fresh SQLite database, as JSON and as XML (each import in its own process, so
 * that peak RSS is that import's alone), reporting wall and CPU time. Run: npx tsx bench/sbom.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readCycloneDxJson } from '../src/formats/cyclonedx/read-json.js';
import { writeCycloneDxXml } from '../src/formats/cyclonedx/write.js';
import { importSbom } from '../src/services/sbom.js';
import { openStore } from '../src/store/database.js';
import { organisationScope } from '../src/model/scope.js';
import { DEFAULT_ORG_ID } from '../src/services/auth/accounts.js';

const ORG = organisationScope(DEFAULT_ORG_ID);

const COMPONENTS = Number(process.env.SBOM_BENCH_COMPONENTS ?? 50_000);
const RUNS = 3;

function generate(n: number): string {
  const components = [];
  const dependencies = [];
  for (let i = 0; i < n; i++) {
    const ref = `pkg:npm/bench-${i}@1.${i % 100}.${i % 7}`;
    components.push({
      type: 'library',
      'bom-ref': ref,
      supplier: { name: `Vendor ${i % 50}` },
      group: `group-${i % 200}`,
      name: `bench-${i}`,
      version: `1.${i % 100}.${i % 7}`,
      purl: ref,
      hashes: [{ alg: 'SHA-256', content: (i.toString(16) + '0'.repeat(64)).slice(0, 64) }],
      licenses: [{ expression: i % 3 === 0 ? 'MIT' : 'Apache-2.0 OR MIT' }],
    });
    dependencies.push({ ref, dependsOn: i + 1 < n ? [`pkg:npm/bench-${i + 1}@1.${(i + 1) % 100}.${(i + 1) % 7}`] : [] });
  }
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: { timestamp: '2024-01-01T00:00:00Z', tools: { components: [{ type: 'application', name: 'bench' }] } },
    components,
    dependencies,
  });
}

/** Child process: import one file into a fresh SQLite database and print a JSON line of figures. */
async function importChild(file: string, db: string): Promise<void> {
  const bytes = readFileSync(file);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  const store = await openStore(db);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const report = await importSbom(store, { name: file, bytes }, { scope: ORG, product: { vendor: 'Bench', product: 'Controller', version: 'V1.0' } });
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpuStart);
  // CPU time (all threads of the process, GC helpers included): steadier than wall time on a shared machine.
  const cpuSeconds = (used.user + used.system) / 1e6;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await store.close();
  console.log(JSON.stringify({ seconds, cpuSeconds, peakRss, components: report.components }));
}

if (process.argv[2] === '--import-child') {
  await importChild(process.argv[3] as string, process.argv[4] as string);
  process.exit(0);
}

function importRuns(file: string, dir: string, label: string): { median: number; cpuMedian: number; peak: number } {
  const results: Array<{ seconds: number; cpuSeconds: number; peakRss: number; components: number }> = [];
  for (let run = 0; run < RUNS; run++) {
    const db = join(dir, `${label}-${run}.db`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--import-child', file, db], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`import run failed: ${r.stderr}`);
    const line = r.stdout.trim().split('\n').pop() as string;
    const result = JSON.parse(line) as { seconds: number; cpuSeconds: number; peakRss: number; components: number };
    if (result.components !== COMPONENTS) throw new Error(`imported ${result.components} components, expected ${COMPONENTS}`);
    results.push(result);
  }
  const times = results.map((r) => r.seconds).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  const cpuTimes = results.map((r) => r.cpuSeconds).sort((a, b) => a - b);
  const cpuMedian = cpuTimes[Math.floor(cpuTimes.length / 2)] as number;
  const peak = Math.max(...results.map((r) => r.peakRss));
  console.log(
    `import ${label} through the service → SQLite (read, validate, score, one transaction), median of ${RUNS}: ${median.toFixed(2)} s  [runs: ${results.map((r) => r.seconds.toFixed(2)).join(', ')} s], CPU ${cpuMedian.toFixed(2)} s, peak RSS ${(peak / 1024 / 1024).toFixed(0)} MiB`,
  );
  return { median, cpuMedian, peak };
}

const dir = mkdtempSync(join(tmpdir(), 'bulwark-sbom-bench-'));
try {
  const file = join(dir, 'bom.json');
  writeFileSync(file, generate(COMPONENTS));
  const bytes = readFileSync(file);
  const times: number[] = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const { document, issues } = await readCycloneDxJson(bytes);
    times.push(performance.now() - start);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (document.components.length !== COMPONENTS) throw new Error(`read ${document.components.length} components, expected ${COMPONENTS}`);
    if (run === 0 && issues.length > 0) console.log(`issues: ${issues.length} (first: ${issues[0]?.message})`);
  }
  clearInterval(sampler);
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] as number;
  console.log(`CycloneDX JSON, ${COMPONENTS} components, ${(bytes.byteLength / 1e6).toFixed(1)} MB`);
  console.log(`read (parse + schema + normalise + integrity), median of ${RUNS}: ${(median / 1000).toFixed(2)} s  [runs: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s]`);
  console.log(`peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MiB  (target: well under 5 s)`);

  const json = importRuns(file, dir, 'CycloneDX JSON');
  const xmlFile = join(dir, 'bom.xml');
  writeFileSync(xmlFile, writeCycloneDxXml((await readCycloneDxJson(bytes, { validate: false })).document, [], { space: 0 }));
  const xml = importRuns(xmlFile, dir, 'CycloneDX XML');
  const mib = (n: number) => (n / 1024 / 1024).toFixed(0);
  const mb = (n: number) => (n / 1e6).toFixed(0);
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  console.log(`JSON import: ${json.median.toFixed(2)} s (target < 5 s: ${met(json.median < 5)}), peak ${mib(json.peak)} MiB = ${mb(json.peak)} MB (target < 500 MB: ${met(json.peak < 500e6)})`);
  console.log(
    `XML import: ${xml.median.toFixed(2)} s, ${(xml.median / json.median).toFixed(2)}× JSON (target ≤ 2×: ${met(xml.median <= 2 * json.median)}; CPU ${(xml.cpuMedian / json.cpuMedian).toFixed(2)}×), peak ${mib(xml.peak)} MiB = ${mb(xml.peak)} MB`,
  );
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')} on ${availableParallelism()} CPUs (wall times stretch with other work on the machine)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
