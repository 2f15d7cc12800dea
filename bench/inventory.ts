/**
 * Inventory benchmarks (issue 2 targets):
 * - import 100,000 assets from CSV into SQLite (< 10 s) and PostgreSQL (< 20 s);
 * - asset list API with a filter over 100,000 assets: p95 < 50 ms on SQLite.
 * Prints medians of several runs. Run: npx tsx bench/inventory.ts [--assets N] [--runs N] [--no-pg]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { generateDemoPlant } from '../src/demo/plant.js';
import { writeInventoryCsv } from '../src/formats/inventory/write.js';
import type { AssetFacts } from '../src/model/asset.js';
import { buildApp } from '../src/server/app.js';
import { importInventoryFile } from '../src/services/inventory.js';
import { dropPgSchema, openStore, type Store } from '../src/store/database.js';
import { organisationScope } from '../src/model/scope.js';
import { createUser, DEFAULT_ORG_ID } from '../src/services/auth/accounts.js';
import { createApiToken } from '../src/services/auth/credentials.js';
import { randomBytes } from 'node:crypto';

const ORG = organisationScope(DEFAULT_ORG_ID);

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('assets', 100_000);
const RUNS = arg('runs', 3);
const PG_URL = process.env.BULWARK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

/** A large estate made by repeating the demo plant's device templates with unique identities. */
function largeEstate(n: number): AssetFacts[] {
  const templates = generateDemoPlant();
  const out: AssetFacts[] = [];
  for (let i = 0; i < n; i++) {
    const t = templates[i % templates.length]!;
    const site = `Site ${String(Math.floor(i / 2000)).padStart(3, '0')}`;
    const hex = i.toString(16).padStart(6, '0');
    out.push({
      ...t,
      name: `${t.name}-${i}`,
      externalId: `BENCH-${i}`,
      serial: t.serial ? `${t.serial}-${i}` : undefined,
      site,
      ips: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
      macs: t.macs?.length ? [`${t.macs[0]!.slice(0, 8)}:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`] : undefined,
      hostname: t.hostname ? `${t.hostname}-${i}` : undefined,
    });
  }
  return out;
}

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const csv = Buffer.from(writeInventoryCsv(largeEstate(N)));
  console.log(`inventory: ${N} assets, CSV ${(csv.length / 1e6).toFixed(1)} MB, ${RUNS} run(s) each`);
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-bench-'));
  try {
    // Each import runs in a fresh process, as `bulwark assets import` does: garbage left by an
    // earlier run in the same heap would slow the next one and say nothing about the import.
    const csvPath = join(dir, 'bench.csv');
    writeFileSync(csvPath, csv);
    const timeImport = (location: string, schema = ''): number => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one-import', location, csvPath, schema], { encoding: 'utf8' });
      const seconds = Number(/^seconds=(\S+)$/m.exec(r.stdout)?.[1]);
      if (r.status !== 0 || !Number.isFinite(seconds)) throw new Error(`import run failed: ${r.stderr}`);
      return seconds;
    };
    const sqliteTimes: number[] = [];
    let keep = '';
    for (let r = 0; r < RUNS; r++) {
      keep = join(dir, `bench-${r}.db`);
      sqliteTimes.push(timeImport(keep));
    }
    console.log(`import CSV → SQLite: median ${median(sqliteTimes).toFixed(2)} s (runs: ${sqliteTimes.map((t) => t.toFixed(2)).join(', ')}) — target < 10 s`);

    if (process.argv.includes('--no-pg')) {
      console.log('import CSV → PostgreSQL: skipped (--no-pg)');
    } else if (await pgReachable()) {
      const pgTimes: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const schema = `bench_${process.pid}_${r}`;
        pgTimes.push(timeImport(PG_URL, schema));
        await dropPgSchema(PG_URL, schema);
      }
      console.log(`import CSV → PostgreSQL: median ${median(pgTimes).toFixed(2)} s (runs: ${pgTimes.map((t) => t.toFixed(2)).join(', ')}) — target < 20 s`);
    } else {
      console.log(`import CSV → PostgreSQL: skipped (${PG_URL} unreachable)`);
    }

    // List API over real HTTP on loopback against the 100k SQLite database.
    const store = await openStore(keep);
    // Read with an analyst's API token, as a script or the CLI does (each use is audited).
    const headers = { authorization: `Bearer ${await benchToken(store)}` };
    const app = await buildApp({ store, webRoot: null, rateLimitPerMinute: 0 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const queries = [
      '/api/assets?limit=50&kind=plc',
      '/api/assets?limit=50&kind=plc&sort=-name&offset=500',
      '/api/assets?limit=50&site=Site%20007',
      '/api/assets?limit=50&criticality=critical&sort=vendor',
      '/api/assets?limit=50&vendor=Siemens&offset=1000',
      '/api/assets?limit=50&q=rwu-flt',
      '/api/assets?limit=50&ip=10.1.2.3',
      '/api/assets?limit=50&sort=-updatedAt',
    ];
    for (const q of queries) await fetch(base + q, { headers }).then((r) => r.text()); // warm up
    const all: number[] = [];
    const perQuery: string[] = [];
    for (const q of queries) {
      const times: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t0 = performance.now();
        const res = await fetch(base + q, { headers });
        await res.text();
        if (res.status !== 200) throw new Error(`${q} → ${res.status}`);
        times.push(performance.now() - t0);
      }
      all.push(...times);
      perQuery.push(`  ${q}: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`);
    }
    console.log(`list API over ${N} assets (SQLite, HTTP on loopback): p95 ${pct(all, 95).toFixed(1)} ms, p50 ${pct(all, 50).toFixed(1)} ms — target p95 < 50 ms`);
    console.log(perQuery.join('\n'));
    await app.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchToken(store: Store): Promise<string> {
  const user = await createUser(store.db, { orgId: DEFAULT_ORG_ID, username: 'bench-analyst', role: 'analyst', password: randomBytes(18).toString('base64url') });
  return (await createApiToken(store.db, user, { name: 'bench' })).token;
}

/** Child mode: one timed import into a fresh database, printing `seconds=…`. */
async function oneImport(location: string, csvPath: string, schema: string): Promise<void> {
  const store = await openStore(location, schema ? { pgSchema: schema } : {});
  const bytes = readFileSync(csvPath);
  const t0 = performance.now();
  await importInventoryFile(store, bytes, { scope: ORG, sourceName: 'bench.csv', format: 'csv' });
  console.log(`seconds=${(performance.now() - t0) / 1000}`);
  await store.close();
}

const child = process.argv.indexOf('--one-import');
if (child > 0) await oneImport(process.argv[child + 1]!, process.argv[child + 2]!, process.argv[child + 3] ?? '');
else await main();
