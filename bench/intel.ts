/**
 * Intelligence benchmarks (issue 3 targets):
 * - NVD 2.0 import: ≥ 3,000 records/s into SQLite, memory < 1 GB, on a generated feed of 300,000
 *   records shaped like the real one (configurations and all four CVSS versions);
 * - a daily delta of 1,000 changed records in < 2 s;
 * - 2,000 CSAF advisories (made from the shapes of the real CISA ICS ones) validated and imported in < 60 s.
 * Run: npx tsx bench/intel.ts [--records N] [--advisories N]
 */
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { importIntel, importIntelFile } from '../src/services/intel.js';
import { openStore } from '../src/store/database.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RECORDS = arg('records', 300_000);
const ADVISORIES = arg('advisories', 2000);
const fixtures = join(import.meta.dirname, '..', '..', 'shared', 'fixtures');

const template = JSON.parse(readFileSync(join(fixtures, 'nvd', 'fkie-cad', 'CVE-2023-3526.json'), 'utf8')) as Record<string, unknown>;
const extraMetrics = {
  cvssMetricV40: [{ source: 'info@cert.vde.com', type: 'Secondary', cvssData: { version: '4.0', vectorString: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:N', baseScore: 8.6, baseSeverity: 'HIGH' } }],
  cvssMetricV30: [{ source: 'nvd@nist.gov', type: 'Primary', cvssData: { version: '3.0', vectorString: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H', baseScore: 9.6, baseSeverity: 'CRITICAL' } }],
  cvssMetricV2: [{ source: 'nvd@nist.gov', type: 'Primary', cvssData: { version: '2.0', vectorString: 'AV:N/AC:M/Au:N/C:P/I:P/A:P', baseScore: 6.8 }, baseSeverity: 'MEDIUM' }],
};

function record(i: number, revision: number): string {
  const year = 2000 + (i % 25);
  const id = `CVE-${year}-${String(100000 + i)}`;
  const text = JSON.stringify(template)
    .replaceAll('CVE-2023-3526', id)
    .replaceAll('2.06.10', `2.${i % 90}.${revision}`)
    .replaceAll('phoenixcontact', `vendor${i % 5000}`);
  const cve = JSON.parse(text) as { metrics: Record<string, unknown>; lastModified: string };
  Object.assign(cve.metrics, extraMetrics);
  cve.lastModified = `2026-11-${String(1 + revision).padStart(2, '0')}T00:00:00.000`;
  return JSON.stringify({ cve });
}

async function writeFeed(path: string, ids: Iterable<number>, count: number, revision: number): Promise<number> {
  const out = createWriteStream(path);
  out.write(`{"resultsPerPage":${count},"startIndex":0,"totalResults":${count},"format":"NVD_CVE","version":"2.0","timestamp":"2026-11-26T00:00:00.000","vulnerabilities":[\n`);
  let first = true;
  for (const i of ids) {
    if (!out.write(`${first ? '' : ',\n'}${record(i, revision)}`)) await once(out, 'drain');
    first = false;
  }
  out.end(']}\n');
  await once(out, 'finish');
  return out.bytesWritten;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-intel-bench-'));
  try {
    const feed = join(dir, 'nvdcve-2.0-bench.json');
    const bytes = await writeFeed(feed, Array.from({ length: RECORDS }, (_, i) => i), RECORDS, 0);
    const store = await openStore(join(dir, 'intel.db'));
    peakRss = process.memoryUsage().rss;
    let t0 = performance.now();
    const full = await importIntelFile(store, feed);
    const seconds = (performance.now() - t0) / 1000;
    console.log(`NVD import: ${RECORDS} records (${(bytes / 1e6).toFixed(0)} MB) in ${seconds.toFixed(1)} s = ${Math.round(RECORDS / seconds)} records/s, peak RSS ${(peakRss / 1e6).toFixed(0)} MB, status ${full.status} — target ≥ 3,000/s, < 1 GB`);

    const delta = join(dir, 'nvdcve-2.0-modified.json');
    await writeFeed(delta, Array.from({ length: 1000 }, (_, k) => (k * 97) % RECORDS), 1000, 1);
    t0 = performance.now();
    const d = await importIntelFile(store, delta);
    console.log(`NVD daily delta: 1,000 changed records in ${((performance.now() - t0) / 1000).toFixed(2)} s (${d.changed} vulnerabilities re-merged) — target < 2 s`);
    await store.close();

    // CSAF: the real CISA ICS advisories, renumbered, until there are ADVISORIES of them.
    const csafDir = join(fixtures, 'csaf', 'cisa-ot');
    const originals = readdirSync(csafDir).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(csafDir, f), 'utf8'));
    const docs = Array.from({ length: ADVISORIES }, (_, i) => {
      const doc = JSON.parse(originals[i % originals.length]!) as { document: { tracking: { id: string } } };
      const id = doc.document.tracking.id;
      const text = JSON.stringify(doc).replaceAll(id, `${id}-B${i}`);
      return { name: `advisory-${i}.json`, bytes: Buffer.from(text) };
    });
    const csafStore = await openStore(join(dir, 'csaf.db'));
    t0 = performance.now();
    const r = await importIntel(csafStore, docs);
    const csafSeconds = (performance.now() - t0) / 1000;
    console.log(`CSAF: ${ADVISORIES} advisories validated and imported in ${csafSeconds.toFixed(1)} s (${r.imported} imported, ${r.rejected} rejected) — target < 60 s`);
    await csafStore.close();
  } finally {
    clearInterval(sampler);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
