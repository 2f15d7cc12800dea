/**
 * A large match spread over worker threads gives exactly the findings of a match on the calling
 * thread (same content hashes, so a re-match either way changes nothing), with users' decisions,
 * rules and SBOM VEX statements applied; a failure inside a worker leaves the findings as they were;
 * workers that cannot open the store leave the match to the calling thread. On both databases.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { importInventoryFile } from '../../src/services/inventory.js';
import { importIntel } from '../../src/services/intel.js';
import { decideFinding, runMatch } from '../../src/services/matching.js';
import { importSbom } from '../../src/services/sbom.js';
import type { Store } from '../../src/store/database.js';
import { fixture } from '../support/fixtures.js';
import { describeEachDialect } from '../support/stores.js';
import { OSV_RECORD } from '../support/osv-record.js';
import { ORG } from '../support/scope.js';

const ADVISORY = 'csaf/cisa-ot/icsa-19-344-06.json';
const MODELS = ['SIMATIC S7-1500 CPU 1516-3 PN/DP', 'SIMATIC S7-1200 CPU 1214C', 'SIMATIC HMI KTP700', 'SIMATIC S7-300 CPU 315-2 DP'];

/** 2,100 assets (two chunks of the match): Siemens models in and out of the advisory, another vendor. */
function inventory(): Buffer {
  const lines = ['name,kind,vendor,model,firmware,external_id'];
  for (let i = 0; i < 2_100; i++) {
    const vendor = i % 10 === 9 ? 'Rockwell Automation' : 'Siemens';
    lines.push(`plc-${i},plc,${vendor},${MODELS[i % MODELS.length]},V${2 + (i % 3)}.${i % 10}.1,E${i}`);
  }
  return Buffer.from(lines.join('\n'));
}

const sbom = (vexState?: string) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    components: [
      { type: 'library', name: 'modbus-serial', version: '8.0.10', purl: 'pkg:npm/modbus-serial@8.0.10', 'bom-ref': 'ms' },
      { type: 'library', name: 'modbus-serial', version: '8.0.1', purl: 'pkg:npm/modbus-serial@8.0.1', 'bom-ref': 'ms-old' },
    ],
    ...(vexState ? { vulnerabilities: [{ id: 'CVE-2099-0001', affects: [{ ref: 'ms-old' }], analysis: { state: vexState, justification: 'code_not_reachable' } }] } : {}),
  });

/** Every finding as (target, vulnerability) → status, content hash and evidence. */
async function snapshot(store: Store): Promise<Map<string, string>> {
  const rows = await store.db.selectFrom('findings').select(['target_id', 'vulnerability_id', 'status', 'content_hash', 'evidence', 'resolved_at']).execute();
  return new Map(rows.map((r) => [`${r.target_id} ${r.vulnerability_id}`, `${r.status} ${r.content_hash} ${r.resolved_at ?? ''} ${r.evidence}`]));
}

describeEachDialect('matching on worker threads', (h) => {
  const seed = async () => {
    await importIntel(h.store, [{ name: 'icsa-19-344-06.json', bytes: readFileSync(fixture(ADVISORY)) }, { name: 'osv.json', bytes: Buffer.from(JSON.stringify(OSV_RECORD)) }], {});
    await importInventoryFile(h.store, inventory(), { scope: ORG, sourceName: 'plant.csv' });
    await importSbom(h.store, { name: 'gw.cdx.json', bytes: Buffer.from(sbom('not_affected')) }, { scope: ORG, product: { vendor: 'Acme', product: 'Gateway', version: '1.0' } });
  };

  it('finds exactly what the calling thread finds, decisions, rules and VEX included', { timeout: 180_000 }, async () => {
    await seed();
    const inThread = await runMatch(h.store, ORG, { full: true, workers: 0 });
    expect(inThread.targets).toEqual({ assets: 2_100, components: 2 });
    expect(inThread.findings.created).toBeGreaterThan(1_000);
    // A decision on one finding and a rule made from another, both re-matched on this thread.
    const affectedOn = (name: string) => h.store.db.selectFrom('findings').select('id').where('target_name', '=', name).where('status', '=', 'affected').executeTakeFirstOrThrow();
    await decideFinding(h.store, ORG, (await affectedOn('plc-1')).id, { decision: 'reject', reason: 'isolated cell' });
    await decideFinding(h.store, ORG, (await affectedOn('plc-0')).id, { decision: 'reject', rule: true, reason: 'separately certified' });
    const before = await snapshot(h.store);
    expect([...before.values()].some((v) => v.includes('isolated cell'))).toBe(true);
    expect([...before.values()].filter((v) => v.includes('separately certified')).length).toBeGreaterThan(100);
    expect([...before.values()].some((v) => v.startsWith('not_affected') && v.includes('code_not_reachable'))).toBe(true);

    // The same estate through two workers: every finding unchanged, byte for byte.
    const onWorkers = await runMatch(h.store, ORG, { full: true, workers: 2 });
    expect(onWorkers.workers).toBe(2);
    expect(inThread.workers).toBe(0);
    expect(onWorkers.findings).toEqual({ created: 0, updated: 0, resolved: 0, unchanged: before.size });
    expect(await snapshot(h.store)).toEqual(before);

    // And the other way round: findings written by workers are those of the calling thread.
    await h.store.db.deleteFrom('findings').execute();
    const fresh = await runMatch(h.store, ORG, { full: true, workers: 2 });
    expect(fresh.workers).toBe(2);
    expect(fresh.findings.created).toBe(before.size);
    expect(fresh.issueCount).toBe(inThread.issueCount);
    const again = await runMatch(h.store, ORG, { full: true, workers: 0 });
    expect(again.findings).toEqual({ created: 0, updated: 0, resolved: 0, unchanged: before.size });
  });

  it('leaves every finding as it was when matching fails inside a worker', { timeout: 180_000 }, async () => {
    await seed();
    await runMatch(h.store, ORG, { full: true, workers: 0 });
    const before = await snapshot(h.store);
    // A spec no longer readable: the worker that meets it fails mid-run, after others have answered.
    const spec = await h.store.db.selectFrom('product_specs').select('id').where('kind', '=', 'csaf-product').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await h.store.db.updateTable('product_specs').set({ spec: '{"truncated' }).where('id', '=', spec.id).execute();
    await h.store.db.updateTable('assets').set({ firmware: 'V9.0.0' }).execute();
    await expect(runMatch(h.store, ORG, { full: true, workers: 2 })).rejects.toThrow(/JSON/);
    expect(await snapshot(h.store)).toEqual(before);
  });

  it('matches on the calling thread when workers cannot open the store', { timeout: 180_000 }, async () => {
    await seed();
    const expected = await runMatch(h.store, ORG, { full: true, workers: 0 });
    await h.store.db.deleteFrom('findings').execute();
    // Workers would open an empty database (no tables): they fail to start, the match goes on here.
    const unreachable: Store = { ...h.store, reopen: { location: join(mkdtempSync(join(tmpdir(), 'bulwark-empty-')), 'empty.db') } };
    const summary = await runMatch(unreachable, ORG, { full: true, workers: 2 });
    expect(summary.workers).toBe(0);
    expect(summary.findings.created).toBe(expected.findings.created);
  });
});
