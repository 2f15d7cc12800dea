import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/stores.js';
import { InputError } from '../../src/model/errors.js';
import { exportInventory, importInventoryFile, updateAsset, createAsset, deleteAsset } from '../../src/services/inventory.js';
import { assetFacets, countAssets, getAsset, listAssets, listObservations, listSites } from '../../src/store/repositories/assets.js';
import { ORG } from '../support/scope.js';

const HEADER = 'name,kind,vendor,model,firmware,hardware_version,serial,ip,mac,hostname,site,zone,purdue_level,criticality,owner,country,cpe,purl,tags,external_id,rack';
const CSV = [
  HEADER,
  'PLC-01,plc,Siemens,S7-1516-3 PN/DP,V2.9.4,FS 03,S C-X4U12345,10.1.1.10,00:1B:1B:01:02:03,plc01,Water,Filtration L1,1,critical,OT team,DE,,,safety;legacy,RWU-001,R1',
  'HMI-01,hmi,Rockwell Automation,PanelView Plus 7,12.011,,PV-778,10.1.2.20;10.1.3.20,00-1D-9C-AA-BB-CC,hmi01,Water,SCADA L2,2,high,OT team,US,,,,RWU-002,R2',
  'SW-01,network,Moxa,EDS-510E,5.2,,MX-1,10.1.1.1,,sw01,Water,Filtration L1,1,medium,,TW,,,,RWU-003,',
].join('\n');

const buf = (s: string) => Buffer.from(s, 'utf8');

describeEachDialect('inventory store', (h) => {
  it('imports a CSV atomically with provenance, sites and zones', async () => {
    const report = await importInventoryFile(h.store, buf(CSV), { scope: ORG, sourceName: 'plant.csv' });
    expect(report).toMatchObject({ total: 3, created: 3, updated: 0, unchanged: 0, dryRun: false, format: 'csv' });
    expect(await countAssets(h.store.db)).toBe(3);
    const { items } = await listAssets(h.store.db, ORG, { limit: 10, offset: 0, q: 'plc-01' });
    expect(items).toHaveLength(1);
    const plc = (await getAsset(h.store.db, ORG, items[0]!.id))!;
    expect(plc).toMatchObject({
      name: 'PLC-01', kind: 'plc', vendor: 'Siemens', firmware: 'V2.9.4', hardwareVersion: 'FS 03', criticality: 'critical',
      macs: ['00:1b:1b:01:02:03'], ips: ['10.1.1.10'], tags: ['safety', 'legacy'], externalId: 'RWU-001', country: 'DE',
      custom: { rack: 'R1' }, purdueLevel: '1',
    });
    expect(plc.site?.name).toBe('Water');
    expect(plc.zone).toMatchObject({ name: 'Filtration L1', purdueLevel: '1' });
    expect(plc.provenance.firmware).toMatchObject({ sourceKind: 'import', sourceName: 'plant.csv', confidence: 0.9 });
    expect(plc.provenance.ips?.['10.1.1.10']?.sourceName).toBe('plant.csv');
    const sites = await listSites(h.store.db, ORG);
    expect(sites).toHaveLength(1);
    expect(sites[0]).toMatchObject({ name: 'Water', assetCount: 3 });
    expect(sites[0]!.zones.map((z) => [z.name, z.assetCount])).toEqual([['Filtration L1', 2], ['SCADA L2', 1]]);
  });

  it('re-importing the same file changes nothing; a changed firmware is one update with provenance', async () => {
    await importInventoryFile(h.store, buf(CSV), { scope: ORG, sourceName: 'plant.csv' });
    const again = await importInventoryFile(h.store, buf(CSV), { scope: ORG, sourceName: 'plant.csv' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    // Match by MAC only (no external id): the firmware changes, a new IP is added to the set.
    const delta = 'name,mac,firmware,ip\nPLC-01,00:1b:1b:01:02:03,V3.0.1,10.1.1.11';
    const r = await importInventoryFile(h.store, buf(delta), { scope: ORG, sourceName: 'upgrade.csv' });
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(r.changes[0]).toMatchObject({ action: 'update', matchedBy: 'mac', changed: ['firmware', 'ips'] });
    const plc = (await getAsset(h.store.db, ORG, r.changes[0]!.assetId))!;
    expect(plc.firmware).toBe('V3.0.1');
    expect(plc.ips).toEqual(['10.1.1.10', '10.1.1.11']);
    expect(plc.provenance.firmware?.sourceName).toBe('upgrade.csv');
    expect(plc.provenance.vendor?.sourceName).toBe('plant.csv');
    const obs = await listObservations(h.store.db, ORG, plc.id);
    expect(obs.map((o) => o.sourceName)).toEqual(['upgrade.csv', 'plant.csv']);
  });

  it('resolves identity by external id, vendor+serial, MAC, site+IP, site+hostname in that order', async () => {
    await importInventoryFile(h.store, buf(CSV), { scope: ORG, sourceName: 'plant.csv' });
    const cases: [string, string][] = [
      ['external_id,owner\nRWU-002,Ops', 'external-id'],
      ['vendor,serial,owner\nsiemens,s c-x4u12345,Ops', 'vendor-serial'],
      ['site,ip,owner\nWater,10.1.1.1,Ops', 'site-ip'],
      ['site,hostname,name,owner\nWater,HMI01,x,Eng', 'site-hostname'],
    ];
    for (const [csv, key] of cases) {
      const r = await importInventoryFile(h.store, buf(csv), { scope: ORG, sourceName: `${key}.csv` });
      expect(r.created, key).toBe(0);
      expect(r.changes[0]?.matchedBy, key).toBe(key);
    }
    // Same IP on another site is a different asset.
    const other = await importInventoryFile(h.store, buf('name,site,ip\nPLC-X,Substation,10.1.1.1'), { scope: ORG, sourceName: 's.csv' });
    expect(other.created).toBe(1);
  });

  it('a manual edit beats an import and survives re-import', async () => {
    const r = await importInventoryFile(h.store, buf(CSV), { scope: ORG, sourceName: 'plant.csv' });
    const id = r.changes[0]!.assetId;
    await updateAsset(h.store, ORG, id, { firmware: 'V2.9.7', tags: ['safety'] }, 'alice');
    await importInventoryFile(h.store, buf(CSV), { scope: ORG, sourceName: 'plant.csv' });
    const a = (await getAsset(h.store.db, ORG, id))!;
    expect(a.firmware).toBe('V2.9.7');
    expect(a.provenance.firmware).toMatchObject({ sourceKind: 'manual', sourceName: 'alice', confidence: 1 });
    expect(a.tags).toEqual(['safety', 'legacy']);
  });

  it('dry run reports the changes and writes nothing', async () => {
    const r = await importInventoryFile(h.store, buf(CSV), { scope: ORG, sourceName: 'plant.csv', dryRun: true });
    expect(r).toMatchObject({ dryRun: true, created: 3 });
    expect(await countAssets(h.store.db)).toBe(0);
  });

  it('a file with bad rows is rejected whole, every problem listed by line and column', async () => {
    await importInventoryFile(h.store, buf(CSV), { scope: ORG, sourceName: 'plant.csv' });
    const bad = [
      HEADER,
      'OK-1,plc,Siemens,,,,,10.9.9.9,,,Water,,,low,,,,,,NEW-1,',
      'BAD-1,toaster,,,,,,,,,,,,,,,,,,NEW-2,',
      'BAD-2,plc,,,,,,10.1.1.999,zz:zz,,,,7,urgent,,Germany,cpe:2.3:a:x,pkg:,,NEW-3,',
    ].join('\n');
    const err = await importInventoryFile(h.store, buf(bad), { scope: ORG, sourceName: 'bad.csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const issues = (err as InputError).issues.map((i) => `${i.line}:${i.column}:${i.code}`);
    expect(issues).toEqual([
      '3:kind:unknown-kind',
      '4:ip:invalid-ip',
      '4:mac:invalid-mac',
      '4:purdue_level:invalid-purdue-level',
      '4:criticality:invalid-criticality',
      '4:country:invalid-country',
      '4:cpe:invalid-cpe',
      '4:purl:invalid-purl',
    ]);
    expect(await countAssets(h.store.db)).toBe(3);
  });

  it('lists with filters, sort and pagination; facets count values', async () => {
    await importInventoryFile(h.store, buf(CSV), { scope: ORG, sourceName: 'plant.csv' });
    const byKind = await listAssets(h.store.db, ORG, { limit: 10, offset: 0, kind: 'hmi' });
    expect(byKind.items.map((a) => a.name)).toEqual(['HMI-01']);
    const sorted = await listAssets(h.store.db, ORG, { limit: 2, offset: 0, sort: 'name', descending: true });
    expect(sorted.total).toBe(3);
    expect(sorted.items.map((a) => a.name)).toEqual(['SW-01', 'PLC-01']);
    const page2 = await listAssets(h.store.db, ORG, { limit: 2, offset: 2, sort: 'name', descending: true });
    expect(page2.items.map((a) => a.name)).toEqual(['HMI-01']);
    expect((await listAssets(h.store.db, ORG, { limit: 10, offset: 0, ip: '10.1.3.20' })).items[0]?.name).toBe('HMI-01');
    expect((await listAssets(h.store.db, ORG, { limit: 10, offset: 0, zone: 'Filtration L1', criticality: 'medium' })).total).toBe(1);
    expect((await listAssets(h.store.db, ORG, { limit: 10, offset: 0, q: '100%' })).total).toBe(0);
    expect((await listAssets(h.store.db, ORG, { limit: 10, offset: 0, tag: 'legacy' })).items.map((a) => a.name)).toEqual(['PLC-01']);
    const facets = await assetFacets(h.store.db, ORG);
    expect(facets.kinds).toEqual(expect.arrayContaining([{ value: 'plc', count: 1 }, { value: 'network', count: 1 }]));
    expect(facets.sites).toEqual([{ value: 'Water', count: 3 }]);
  });

  it('exports CSV and JSON that round-trip into an empty database', async () => {
    await importInventoryFile(h.store, buf(CSV), { scope: ORG, sourceName: 'plant.csv' });
    await createAsset(h.store, ORG, { name: 'EWS-1', kind: 'ews', vendor: 'Dell', custom: { 'os': 'Windows 10 LTSC' } }, 'bob');
    for (const format of ['csv', 'json'] as const) {
      const out = await exportInventory(h.store, ORG, format);
      const before = (await listAssets(h.store.db, ORG, { limit: 100, offset: 0 })).items;
      for (const a of before) await deleteAsset(h.store, ORG, a.id);
      const r = await importInventoryFile(h.store, buf(out), { scope: ORG, sourceName: `export.${format}` });
      expect(r.created, format).toBe(4);
      const after = (await listAssets(h.store.db, ORG, { limit: 100, offset: 0 })).items;
      const strip = (list: typeof after) =>
        list.map(({ id: _i, createdAt: _c, updatedAt: _u, provenance: _p, site, zone, ...rest }) => ({ ...rest, site: site?.name, zone: zone?.name }));
      expect(strip(after)).toEqual(strip(before));
    }
  });
});

describe('store selection', () => {
  it('redacts passwords from PostgreSQL URLs', async () => {
    const { redactUrl } = await import('../../src/store/database.js');
    expect(redactUrl('postgres://u:secret@db:5432/x')).toBe('postgres://u:***@db:5432/x');
  });
});

describeEachDialect('inventory import rules', (h) => {
  it('refuses a record that would create an asset without a name, naming its line', async () => {
    const err = await importInventoryFile(h.store, buf('external_id,owner\nNOPE-1,Ops'), { scope: ORG, sourceName: 'x.csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0]).toMatchObject({ line: 2, column: 'name', code: 'missing-name' });
    expect(await countAssets(h.store.db)).toBe(0);
  });
});

describeEachDialect('inventory text search', (h) => {
  it('finds assets by any part of their identifiers and follows updates and deletes', async () => {
    await importInventoryFile(h.store, buf(CSV), { scope: ORG, sourceName: 'plant.csv' });
    const q = async (text: string) => (await listAssets(h.store.db, ORG, { limit: 10, offset: 0, q: text })).items.map((a) => a.name);
    expect(await q('x4u123')).toEqual(['PLC-01']);
    expect(await q('PanelView')).toEqual(['HMI-01']);
    expect(await q('10.1.3.2')).toEqual(['HMI-01']);
    await importInventoryFile(h.store, buf('external_id,firmware\nRWU-001,V9.8.7-special'), { scope: ORG, sourceName: 'u.csv' });
    expect(await q('9.8.7-spec')).toEqual(['PLC-01']);
    expect(await q('V2.9.4')).toEqual([]);
    const id = (await listAssets(h.store.db, ORG, { limit: 1, offset: 0, q: 'eds-510e' })).items[0]!.id;
    await deleteAsset(h.store, ORG, id);
    expect(await q('eds-510e')).toEqual([]);
    expect(await q('rwu-00')).toEqual(['HMI-01', 'PLC-01']);
  });
});
