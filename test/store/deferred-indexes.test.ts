/**
 * A first large import builds the secondary indexes after its rows: afterwards every index is
 * back with the same definition, queries find the imported rows, and an import that fails half
 * way leaves the indexes (and no rows) as they were.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { importInventoryFile } from '../../src/services/inventory.js';
import type { Store } from '../../src/store/database.js';
import { withIndexesDeferred } from '../../src/store/deferred-indexes.js';
import { countAssets, listAssets } from '../../src/store/repositories/assets.js';
import { describeEachDialect } from '../support/stores.js';
import { fixture } from '../support/fixtures.js';
import { importIntel } from '../../src/services/intel.js';
import { listFindingViews, runMatch } from '../../src/services/matching.js';
import { readFileSync } from 'node:fs';
import { ORG } from '../support/scope.js';

const TABLES = ['assets', 'asset_addresses', 'observations'];

async function indexDefinitions(store: Store, tables: readonly string[] = TABLES): Promise<string[]> {
  const rows =
    store.dialect === 'sqlite'
      ? (await sql<{ d: string }>`SELECT name || ': ' || coalesce(sql, '(automatic)') AS d FROM sqlite_master WHERE type = 'index' AND tbl_name IN (${sql.join(tables)})`.execute(store.db)).rows
      : (await sql<{ d: string }>`SELECT indexname || ': ' || indexdef AS d FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (${sql.join(tables)})`.execute(store.db)).rows;
  return rows.map((r) => r.d).sort();
}

/** `nameless`: the line of a record without a name (refused at the end, inside the transaction). */
function csv(n: number, nameless?: number): Buffer {
  const lines = ['name,kind,vendor,model,ip,site,external_id'];
  for (let i = 0; i < n; i++) {
    const kind = i % 3 === 0 ? 'plc' : 'rtu';
    lines.push(`${i === nameless ? '' : `Device-${i}`},${kind},Vendor ${i % 7},Model ${i % 11},10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},Site ${i % 5},EXT-${i}`);
  }
  return Buffer.from(lines.join('\n'));
}

describeEachDialect('deferred index builds', (h) => {
  it('rebuilds every secondary index after a first large import, and the rows are found through them', { timeout: 120_000 }, async () => {
    const before = await indexDefinitions(h.store);
    expect(before.length).toBeGreaterThan(5);
    const report = await importInventoryFile(h.store, csv(20_000), { scope: ORG, sourceName: 'large.csv' });
    expect(report.created).toBe(20_000);
    expect(await indexDefinitions(h.store)).toEqual(before);
    expect(await countAssets(h.store.db)).toBe(20_000);
    const plcs = await listAssets(h.store.db, ORG, { limit: 5, offset: 0, kind: 'plc', sort: 'name' });
    expect(plcs.total).toBe(6_667);
    expect(plcs.items.map((a) => a.name)).toEqual(['Device-0', 'Device-10002', 'Device-10005', 'Device-10008', 'Device-10011']);
    const byIp = await listAssets(h.store.db, ORG, { limit: 5, offset: 0, ip: '10.0.76.33' });
    expect(byIp.items.map((a) => a.name)).toEqual(['Device-19489']);
  });

  it('leaves the indexes and the tables as they were when a large import fails', { timeout: 120_000 }, async () => {
    const before = await indexDefinitions(h.store);
    await expect(importInventoryFile(h.store, csv(20_000, 19_999), { scope: ORG, sourceName: 'bad.csv' })).rejects.toThrow(/without a name/);
    expect(await indexDefinitions(h.store)).toEqual(before);
    expect(await countAssets(h.store.db)).toBe(0);
  });

  it('rebuilds the findings indexes after a first full match of a large estate, and findings are found through them', { timeout: 180_000 }, async () => {
    const before = await indexDefinitions(h.store, ['findings']);
    expect(before.length).toBeGreaterThan(5);
    const plant = ['name,kind,vendor,model,firmware,external_id'];
    for (let i = 0; i < 20_000; i++) plant.push(`plc-${i},plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.6.1,P${i}`);
    await importInventoryFile(h.store, Buffer.from(plant.join('\n')), { scope: ORG, sourceName: 'plcs.csv' });
    await importIntel(h.store, [{ name: 'icsa-19-344-06.json', bytes: readFileSync(fixture('csaf', 'cisa-ot', 'icsa-19-344-06.json')) }], {});
    // SQLite: the match's transaction is on this connection, so its progress can see the indexes gone.
    const during = new Set<number>();
    const secondary = h.store.sqlite?.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = 'findings' AND sql IS NOT NULL`);
    // On this thread: on PostgreSQL, a match on worker threads keeps its indexes (see runMatch).
    const summary = await runMatch(h.store, ORG, { full: true, workers: 0, onProgress: () => void during.add((secondary?.get() as { n: number } | undefined)?.n ?? -1) });
    if (h.store.sqlite) expect([...during]).toEqual([0]);
    expect(summary.findings.created).toBe(40_000); // the advisory's two CVEs on each
    expect(await indexDefinitions(h.store, ['findings'])).toEqual(before);
    const listed = await listFindingViews(h.store, ORG, { limit: 2, offset: 0, status: ['affected'], vulnerabilityId: 'CVE-2019-10929' });
    expect(listed.total).toBe(20_000);
  });

  it('rolls the dropped indexes back with a write that throws', async () => {
    const before = await indexDefinitions(h.store);
    await expect(
      h.store.db.transaction().execute((trx) =>
        withIndexesDeferred(trx, h.store.dialect, TABLES, async () => {
          throw new Error('write failed');
        }),
      ),
    ).rejects.toThrow('write failed');
    expect(await indexDefinitions(h.store)).toEqual(before);
  });
});
