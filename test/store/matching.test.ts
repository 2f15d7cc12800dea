/**
 * Matching through the store on both databases: a real CISA CSAF advisory against assets inside
 * and outside its ranges, findings history (first seen, resolved), incremental re-matching of only
 * what changed, decisions and rules that survive re-matches, SBOM components against an OSV record
 * with a VEX statement, and the one-shot scan.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { importInventoryFile } from '../../src/services/inventory.js';
import { importIntel } from '../../src/services/intel.js';
import { decideFinding, getFindingView, listFindingViews, runMatch } from '../../src/services/matching.js';
import { gateTripped, scanFile, scanToCycloneDxVex, scanToSarif } from '../../src/services/scan.js';
import { exportSbom, importSbom } from '../../src/services/sbom.js';
import { deleteAsset, listAssets } from '../../src/store/repositories/assets.js';
import { deleteSbom } from '../../src/store/repositories/sbom.js';
import { fixture } from '../support/fixtures.js';
import { describeEachDialect } from '../support/stores.js';
import { OSV_RECORD } from '../support/osv-record.js';
import { ORG } from '../support/scope.js';
import { organisationScope } from '../../src/model/scope.js';
import { createOrganisation } from '../../src/services/auth/accounts.js';

const ADVISORY = 'csaf/cisa-ot/icsa-19-344-06.json';

/** S7-1500 PLCs below, on and above the advisory's 2.8.1 boundary, an S7-1200, and a look-alike of another vendor. */
const INVENTORY = `name,kind,vendor,model,firmware,external_id
plc-old,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.6.1,E1
plc-new,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.9.4,E2
plc-1200,plc,Siemens,SIMATIC S7-1200 CPU 1214C,V4.2.3,E3
other-vendor,plc,Rockwell Automation,ControlLogix 5580,33.011,E4
hmi,hmi,Siemens,SIMATIC HMI KTP700,V16,E5
`;

const sbom = (version: string, vex?: { state: string; justification?: string }) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:3e671687-395b-41f5-a30f-a58921a69b7${version.length}`,
    version: 1,
    metadata: { timestamp: '2026-01-01T00:00:00Z', component: { type: 'firmware', name: 'gateway-fw', version: '1.0', 'bom-ref': 'fw' } },
    components: [
      { type: 'library', name: 'modbus-serial', version, purl: `pkg:npm/modbus-serial@${version}`, 'bom-ref': 'ms' },
      { type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0', 'bom-ref': 'lp' },
    ],
    ...(vex ? { vulnerabilities: [{ id: 'CVE-2099-0001', affects: [{ ref: 'ms' }], analysis: vex }] } : {}),
  });

describeEachDialect('matching', (h) => {
  const seed = async () => {
    await importIntel(h.store, [{ name: 'icsa-19-344-06.json', bytes: readFileSync(fixture(ADVISORY)) }], {});
    await importInventoryFile(h.store, Buffer.from(INVENTORY), { scope: ORG, sourceName: 'plant.csv' });
    const assets = (await listAssets(h.store.db, ORG, { limit: 50, offset: 0 })).items;
    return new Map(assets.map((a) => [a.externalId!, a.id]));
  };

  it('finds what the advisory says, nothing else, and explains each finding', { timeout: 60_000 }, async () => {
    const ids = await seed();
    const summary = await runMatch(h.store, ORG, { full: true });
    expect(summary.mode).toBe('full');
    expect(summary.targets.assets).toBe(5);
    const all = (await listFindingViews(h.store, ORG, { limit: 100, offset: 0, withEvidence: true })).items;
    const on = (ext: string) => all.filter((f) => f.asset?.id === ids.get(ext) && f.status === 'affected').map((f) => f.vulnerability.id).sort();
    // The advisory lists every product id as known_affected for both CVEs, on both sides of 2.8.1.
    expect(on('E1')).toEqual(['CVE-2019-10929', 'CVE-2019-10943']);
    expect(on('E2')).toEqual(['CVE-2019-10929', 'CVE-2019-10943']);
    expect(on('E3')).toEqual(['CVE-2019-10929', 'CVE-2019-10943']);
    expect(on('E4')).toEqual([]);
    expect(on('E5')).toEqual([]);
    const one = all.find((f) => f.asset?.id === ids.get('E1') && f.vulnerability.id === 'CVE-2019-10943')!;
    expect(one.asset).toMatchObject({ name: 'plc-old', externalId: 'E1' });
    expect(one.evidence?.[0]).toMatchObject({ matcher: 'csaf', source: { advisoryId: 'ICSA-19-344-06' } });
    expect(one.evidence?.[0]?.compared.some((c) => c.attribute === 'version')).toBe(true);
    expect(one.reason).toMatch(/ICSA-19-344-06/);
  });

  it('re-matches only what changed, resolves what no longer holds, and keeps decisions', { timeout: 60_000 }, async () => {
    const ids = await seed();
    await runMatch(h.store, ORG, { full: true });
    const quiet = await runMatch(h.store, ORG);
    expect(quiet.mode).toBe('incremental');
    expect(quiet.targets).toEqual({ assets: 0, components: 0 });

    // The CPU is replaced by a model the advisory does not name: only that asset is re-examined,
    // and its findings are resolved (kept, with the time).
    await new Promise((r) => setTimeout(r, 5));
    await importInventoryFile(h.store, Buffer.from('external_id,model\nE3,SIMATIC S7-300 CPU 315-2 DP\n'), { scope: ORG, sourceName: 'swap.csv' });
    const after = await runMatch(h.store, ORG);
    expect(after.targets.assets).toBe(1);
    expect(after.findings.resolved).toBe(2);
    const e3 = (await listFindingViews(h.store, ORG, { assetId: ids.get('E3')!, limit: 50, offset: 0, includeResolved: true })).items;
    expect(e3.map((f) => f.vulnerability.id).sort()).toEqual(['CVE-2019-10929', 'CVE-2019-10943']);
    expect(e3.every((f) => f.resolvedAt !== null)).toBe(true);
    expect((await listFindingViews(h.store, ORG, { assetId: ids.get('E3')!, limit: 50, offset: 0 })).total).toBe(0);

    // A rejection sticks across a full re-match.
    const target = (await listFindingViews(h.store, ORG, { assetId: ids.get('E1')!, limit: 50, offset: 0 })).items[0]!;
    const decided = await decideFinding(h.store, ORG, target.id, { decision: 'reject', reason: 'not this model', by: 'ana' });
    expect(decided?.status).toBe('not_affected');
    await runMatch(h.store, ORG, { full: true });
    const again = await getFindingView(h.store, ORG, target.id);
    expect(again.status).toBe('not_affected');
    expect(again.decision).toMatchObject({ decision: 'reject', by: 'ana', reason: 'not this model' });
    await decideFinding(h.store, ORG, target.id, { decision: 'clear' });
    expect((await getFindingView(h.store, ORG, target.id)).status).toBe('affected');
  });

  it('says when each finding was last seen, without a full re-match rewriting every finding', { timeout: 60_000 }, async () => {
    const ids = await seed();
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const first = await runMatch(h.store, ORG, { full: true });
    const on = async (ext: string) => (await listFindingViews(h.store, ORG, { assetId: ids.get(ext)!, limit: 50, offset: 0, includeResolved: true })).items;
    const e1 = (await on('E1'))[0]!;
    const e3 = (await on('E3'))[0]!;
    expect(e1.lastSeen).toBe(e1.firstSeen);
    const storedLastSeen = async (id: string) => (await h.store.db.selectFrom('findings').select('last_seen').where('id', '=', id).executeTakeFirstOrThrow()).last_seen;
    const before = await storedLastSeen(e1.id);

    // A full re-match saying the same: every open finding was seen then, and no row is rewritten.
    await tick();
    const second = await runMatch(h.store, ORG, { full: true });
    expect(second.findings).toMatchObject({ created: 0, updated: 0, resolved: 0 });
    expect(second.findings.unchanged).toBe(first.findings.created);
    const seenAgain = (await getFindingView(h.store, ORG, e1.id)).lastSeen;
    expect(seenAgain > e1.lastSeen).toBe(true);
    expect((await on('E1'))[0]!.lastSeen).toBe(seenAgain);
    expect(await storedLastSeen(e1.id)).toBe(before);

    // An incremental re-match of one asset moves that asset's findings only.
    await tick();
    await importInventoryFile(h.store, Buffer.from('external_id,firmware\nE2,V2.9.5\n'), { scope: ORG, sourceName: 'fw.csv' });
    await runMatch(h.store, ORG);
    const e2 = (await on('E2'))[0]!;
    expect(e2.lastSeen > seenAgain).toBe(true);
    expect((await getFindingView(h.store, ORG, e1.id)).lastSeen).toBe(seenAgain);
    // Sorted by last seen, most recent first: the re-matched asset's findings lead.
    const sorted = (await listFindingViews(h.store, ORG, { sort: 'lastSeen', limit: 50, offset: 0 })).items;
    expect(sorted[0]!.lastSeen).toBe(e2.lastSeen);
    expect(sorted.at(-1)!.lastSeen).toBe(seenAgain);

    // A finding resolved later keeps the time it was last seen open, not the time it was resolved.
    await tick();
    await importInventoryFile(h.store, Buffer.from('external_id,model\nE3,SIMATIC S7-300 CPU 315-2 DP\n'), { scope: ORG, sourceName: 'swap.csv' });
    await runMatch(h.store, ORG);
    const resolved = await getFindingView(h.store, ORG, e3.id);
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.lastSeen).toBe(seenAgain);
    await tick();
    await runMatch(h.store, ORG, { full: true });
    expect((await getFindingView(h.store, ORG, e3.id)).lastSeen).toBe(seenAgain);
  });

  it('matches every organisation against the shared intelligence, but one organisation\'s rules and VEX never touch another', { timeout: 60_000 }, async () => {
    const ids = await seed();
    const other = organisationScope((await createOrganisation(h.store.db, { name: 'Grid Co', kind: 'operator' })).id);
    await importInventoryFile(h.store, Buffer.from(INVENTORY), { scope: other, sourceName: 'grid.csv' });
    const openVex = JSON.stringify({
      '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.com/vex/1', author: 'Water Co PSIRT', timestamp: '2026-01-01T00:00:00Z', version: 1,
      statements: [{ vulnerability: { name: 'CVE-2099-0001' }, products: [{ '@id': 'pkg:npm/modbus-serial@8.0.1' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }],
    });
    await importIntel(h.store, [{ name: 'osv.json', bytes: Buffer.from(JSON.stringify(OSV_RECORD)) }], {});
    await importSbom(h.store, { name: 'gw.cdx.json', bytes: Buffer.from(sbom('8.0.1')) }, { scope: ORG, product: { vendor: 'Acme', product: 'Gateway', version: '1.0' } });
    await importSbom(h.store, { name: 'gw.cdx.json', bytes: Buffer.from(sbom('8.0.1')) }, { scope: other, product: { vendor: 'Acme', product: 'Gateway', version: '1.0' } });
    await importSbom(h.store, { name: 'water.openvex.json', bytes: Buffer.from(openVex) }, { scope: ORG });
    await runMatch(h.store, ORG, { full: true });
    const affected = async (scope: typeof ORG) => (await listFindingViews(h.store, scope, { limit: 200, offset: 0, status: ['affected'] })).items;
    // Both organisations' PLCs are found; each sees only its own findings.
    const mine = await affected(ORG);
    const theirs = await affected(other);
    expect(mine.filter((f) => f.asset).length).toBe(theirs.filter((f) => f.asset).length);
    expect(mine.filter((f) => f.asset).length).toBeGreaterThan(0);
    const myIds = new Set(mine.map((f) => f.id));
    expect(theirs.some((f) => myIds.has(f.id))).toBe(false);
    // Water Co's own VEX says not affected for its component; Grid Co's copy stays affected.
    expect(mine.some((f) => f.component && f.vulnerability.id === 'CVE-2099-0001')).toBe(false);
    expect(theirs.some((f) => f.component && f.vulnerability.id === 'CVE-2099-0001')).toBe(true);
    // A rule made by Water Co leaves Grid Co's identical PLCs affected.
    const first = mine.find((f) => f.asset?.id === ids.get('E1'))!;
    await decideFinding(h.store, ORG, first.id, { decision: 'reject', rule: true, reason: 'separately certified model' });
    const after = await affected(other);
    expect(after.filter((f) => f.vulnerability.id === first.vulnerability.id).length).toBe(theirs.filter((f) => f.vulnerability.id === first.vulnerability.id).length);
    // And a finding of one organisation cannot be read or decided by the other.
    await expect(getFindingView(h.store, other, first.id)).rejects.toThrow(/not found/);
    await expect(decideFinding(h.store, other, first.id, { decision: 'confirm' })).rejects.toThrow(/not found/);
  });

  it('a rejection made a rule applies to every asset of the same vendor and model', { timeout: 60_000 }, async () => {
    const ids = await seed();
    await importInventoryFile(h.store, Buffer.from('name,kind,vendor,model,firmware,external_id\nplc-twin,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.6.1,E6\n'), { scope: ORG, sourceName: 'more.csv' });
    await runMatch(h.store, ORG, { full: true });
    const open = (ext: string) => listFindingViews(h.store, ORG, { assetId: ids.get(ext) ?? ext, limit: 50, offset: 0, status: ['affected'] });
    const twinId = (await listAssets(h.store.db, ORG, { limit: 50, offset: 0 })).items.find((a) => a.externalId === 'E6')!.id;
    expect((await listFindingViews(h.store, ORG, { assetId: twinId, limit: 50, offset: 0, status: ['affected'] })).total).toBe(2);
    const first = (await open('E1')).items[0]!;
    await decideFinding(h.store, ORG, first.id, { decision: 'reject', rule: true, reason: 'separately certified model' });
    // The twin's findings from that product statement stay visible, rejected by the rule and saying so.
    const twin = (await listFindingViews(h.store, ORG, { assetId: twinId, limit: 50, offset: 0 })).items;
    const ruled = twin.find((f) => f.vulnerability.id === first.vulnerability.id)!;
    expect(ruled.status).toBe('not_affected');
    expect(ruled.reason).toMatch(/rule for siemens simatic s7-1500 cpu 1516-3 pn\/dp .*separately certified model/);
    expect(ruled.resolvedAt).toBeNull();
    // Other models are untouched.
    expect((await open('E3')).total).toBe(2);
  });

  it('matches SBOM components by purl, and a VEX statement decides', { timeout: 60_000 }, async () => {
    await importIntel(h.store, [{ name: 'osv.json', bytes: Buffer.from(JSON.stringify(OSV_RECORD)) }], {});
    const vulnerable = await importSbom(h.store, { name: 'gw.cdx.json', bytes: Buffer.from(sbom('8.0.10')) }, { scope: ORG, product: { vendor: 'Acme', product: 'Gateway', version: '1.0' } });
    const summary = await runMatch(h.store, ORG, { full: true });
    expect(summary.targets.components).toBe(2);
    let findings = (await listFindingViews(h.store, ORG, { sbomId: vulnerable.id, limit: 50, offset: 0, withEvidence: true })).items;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'affected', confidence: 'exact', component: { name: 'modbus-serial', version: '8.0.10', purl: 'pkg:npm/modbus-serial@8.0.10' } });
    expect(findings[0]!.vulnerability.id).toBe('CVE-2099-0001');
    // The finding travels with the SBOM as a CycloneDX VEX analysis.
    const exported = JSON.parse((await exportSbom(h.store, ORG, { sbomId: vulnerable.id }, 'cyclonedx-json')).body);
    expect(exported.vulnerabilities).toEqual([
      expect.objectContaining({ id: 'CVE-2099-0001', analysis: expect.objectContaining({ state: 'exploitable' }), affects: [{ ref: 'ms' }] }),
    ]);

    const patched = await importSbom(h.store, { name: 'gw2.cdx.json', bytes: Buffer.from(sbom('8.0.15')) }, { scope: ORG, product: { vendor: 'Acme', product: 'Gateway', version: '1.1' } });
    const vexed = await importSbom(
      h.store,
      { name: 'gw3.cdx.json', bytes: Buffer.from(sbom('8.0.9', { state: 'not_affected', justification: 'code_not_reachable' })) },
      { scope: ORG, product: { vendor: 'Acme', product: 'Gateway', version: '1.2' } },
    );
    const inc = await runMatch(h.store, ORG);
    expect(inc.targets.components).toBe(4);
    const patchedFindings = (await listFindingViews(h.store, ORG, { sbomId: patched.id, limit: 50, offset: 0 })).items;
    // The third SBOM's VEX names its own bom-ref "ms": it says nothing about this document's "ms".
    expect(patchedFindings).toEqual([]);
    findings = (await listFindingViews(h.store, ORG, { sbomId: vexed.id, limit: 50, offset: 0 })).items;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' });
  });

  it('deleting an asset or an SBOM takes its findings and its match keys with it', { timeout: 60_000 }, async () => {
    const ids = await seed();
    await importIntel(h.store, [{ name: 'osv.json', bytes: Buffer.from(JSON.stringify(OSV_RECORD)) }], {});
    const gw = await importSbom(h.store, { name: 'gw.cdx.json', bytes: Buffer.from(sbom('8.0.10')) }, { scope: ORG, product: { vendor: 'Acme', product: 'Gateway', version: '1.0' } });
    await runMatch(h.store, ORG, { full: true });
    const keysOf = async (prefix: string) => (await h.store.db.selectFrom('target_keys').select('target_id').where('target_id', 'like', `${prefix}%`).execute()).length;
    const findingsOf = async (column: 'asset_id' | 'sbom_id', id: string) => (await h.store.db.selectFrom('findings').select('id').where(column, '=', id).execute()).length;
    const e1 = ids.get('E1')!;
    expect(await keysOf(`a:${e1}`)).toBeGreaterThan(0);
    expect(await findingsOf('asset_id', e1)).toBe(2);
    expect(await keysOf(`c:${gw.id}:`)).toBeGreaterThan(0);
    expect(await findingsOf('sbom_id', gw.id)).toBe(1);

    expect(await deleteAsset(h.store.db, ORG, e1)).toBe(true);
    expect(await deleteSbom(h.store.db, ORG, gw.id)).toBe(true);
    expect(await keysOf(`a:${e1}`)).toBe(0);
    expect(await findingsOf('asset_id', e1)).toBe(0);
    expect(await keysOf(`c:${gw.id}:`)).toBe(0);
    expect(await findingsOf('sbom_id', gw.id)).toBe(0);
    // The other assets keep theirs, and a match after the deletions finds nothing to re-examine.
    expect(await keysOf(`a:${ids.get('E2')!}`)).toBeGreaterThan(0);
    expect((await runMatch(h.store, ORG)).targets).toEqual({ assets: 0, components: 0 });
  });

  it('an intelligence import re-matches only the targets filed under the keys it touched', { timeout: 60_000 }, async () => {
    await seed();
    await importSbom(h.store, { name: 'gw.cdx.json', bytes: Buffer.from(sbom('8.0.10')) }, { scope: ORG, product: { vendor: 'Acme', product: 'Gateway', version: '1.0' } });
    await runMatch(h.store, ORG, { full: true });
    await new Promise((r) => setTimeout(r, 5));
    await importIntel(h.store, [{ name: 'osv.json', bytes: Buffer.from(JSON.stringify(OSV_RECORD)) }], {});
    const inc = await runMatch(h.store, ORG);
    // Only modbus-serial is filed under the OSV record's package key: no asset, no other component.
    expect(inc.targets).toEqual({ assets: 0, components: 1 });
    expect(inc.findings.created).toBe(1);
    expect((await runMatch(h.store, ORG)).targets).toEqual({ assets: 0, components: 0 });
  });

  it('scans a file without importing it, with SARIF and CycloneDX VEX output and a CI gate', { timeout: 60_000 }, async () => {
    await importIntel(h.store, [{ name: 'osv.json', bytes: Buffer.from(JSON.stringify(OSV_RECORD)) }], {});
    await importIntel(h.store, [{ name: 'icsa-19-344-06.json', bytes: readFileSync(fixture(ADVISORY)) }], {});
    const result = await scanFile(h.store, 'gw.cdx.json', Buffer.from(sbom('8.0.10')));
    expect(result.kind).toBe('sbom');
    expect(result.findings.map((f) => [f.target.name, f.vulnerability.id, f.status])).toEqual([['modbus-serial', 'CVE-2099-0001', 'affected']]);
    expect(gateTripped(result, 'kev')).toBe(false);
    const sarif = JSON.parse(scanToSarif(result));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'CVE-2099-0001' });
    const vex = JSON.parse(scanToCycloneDxVex(result));
    expect(vex.vulnerabilities[0]).toMatchObject({ id: 'CVE-2099-0001', analysis: { state: 'exploitable' }, affects: [{ ref: 'ms' }] });

    const inventory = await scanFile(h.store, 'plant.csv', Buffer.from(INVENTORY));
    expect(inventory.kind).toBe('inventory');
    expect(inventory.findings.filter((f) => f.status === 'affected' && f.target.name === 'plc-old')).toHaveLength(2);
    expect((await listAssets(h.store.db, ORG, { limit: 5, offset: 0 })).total).toBe(0);
    expect(gateTripped(inventory, 'critical')).toBe(false);
  });
});
