/**
 * SBOM read benchmark: generate a 50,000-component CycloneDX 1.6 JSON in a temp dir, read it three
 * times (schema validation on) and print the median read time and peak RSS. Run: npx tsx bench/sbom.ts
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readCycloneDxJson } from '../src/formats/cyclonedx/read-json.js';

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
} finally {
  rmSync(dir, { recursive: true, force: true });
}
