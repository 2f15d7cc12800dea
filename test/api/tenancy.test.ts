/**
 * Organisations never see each other's data, and TLP decides what a partner receives: tested
 * through the HTTP API on both databases, the way a curious or hostile tenant would try it.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { createOrganisation } from '../../src/services/auth/accounts.js';
import { mayReceive, TLP_LABELS, type Recipient, type Tlp } from '../../src/engine/tlp/index.js';
import { describeEachDialect } from '../support/stores.js';
import { testToken } from '../support/app.js';
import { multipartFile } from '../support/multipart.js';

const CSV_A = [
  'name,kind,vendor,model,firmware,ip,site,zone,external_id',
  'A-PLC-1,plc,Siemens,S7-1500,V2.9.4,10.1.1.10,Plant,Cell 1,X-1',
  'A-HMI-1,hmi,Siemens,Comfort Panel,V17,10.1.1.20,Plant,Cell 1,X-2',
].join('\n');
// The same external id and site name in another organisation: separate assets, separate sites.
const CSV_B = ['name,kind,vendor,model,site,external_id', 'B-RTU-1,rtu,Hitachi Energy,RTU560,Plant,X-1'].join('\n');

type Headers = { authorization: string };

describeEachDialect('organisations and TLP', (h) => {
  let app: FastifyInstance;
  let orgA: string;
  let orgB: string;
  let a: Headers;
  let b: Headers;
  beforeEach(async () => {
    app = await buildApp({ store: h.store, webRoot: null, rateLimitPerMinute: 0 });
    orgA = (await createOrganisation(h.store.db, { name: 'Water Co', kind: 'operator' })).id;
    orgB = (await createOrganisation(h.store.db, { name: 'Grid Co', kind: 'operator' })).id;
    a = { authorization: `Bearer ${await testToken(h.store, 'analyst', orgA, 'alice-a')}` };
    b = { authorization: `Bearer ${await testToken(h.store, 'analyst', orgB, 'bob-b')}` };
  });
  afterEach(async () => {
    await app.close();
  });

  const importCsv = (headers: Headers, csv: string) => {
    const upload = multipartFile('file', 'plant.csv', csv);
    return app.inject({ method: 'POST', url: '/api/assets/import', payload: upload.payload, headers: { ...upload.headers, ...headers } });
  };
  const names = async (headers: Headers, url = '/api/assets?limit=500') => (await app.inject({ url, headers })).json().items.map((x: { name: string }) => x.name).sort();

  it('keeps every organisation to its own assets, sites, events and exports', async () => {
    expect((await importCsv(a, CSV_A)).json()).toMatchObject({ created: 2 });
    expect((await importCsv(b, CSV_B)).json()).toMatchObject({ created: 1 });
    expect(await names(a)).toEqual(['A-HMI-1', 'A-PLC-1']);
    expect(await names(b)).toEqual(['B-RTU-1']);

    const aAssets = (await app.inject({ url: '/api/assets', headers: a })).json().items as Array<{ id: string; name: string }>;
    const plc = aAssets.find((x) => x.name === 'A-PLC-1')!;
    // Another tenant cannot read, change, delete, label or look at the events of it: it does not exist for them.
    expect((await app.inject({ url: `/api/assets/${plc.id}`, headers: b })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PATCH', url: `/api/assets/${plc.id}`, headers: b, payload: { firmware: 'V0' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/api/assets/${plc.id}`, headers: b })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/assets/${plc.id}/events`, headers: b })).statusCode).toBe(404);
    expect((await app.inject({ method: 'PUT', url: `/api/sharing/asset/${plc.id}/tlp`, headers: b, payload: { tlp: 'CLEAR' } })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/assets/${plc.id}`, headers: a })).json()).toMatchObject({ name: 'A-PLC-1', firmware: 'V2.9.4', tlp: 'AMBER+STRICT' });

    const sites = async (headers: Headers) => (await app.inject({ url: '/api/sites', headers })).json().items.map((s: { name: string; assetCount: number }) => `${s.name}:${s.assetCount}`);
    expect(await sites(a)).toEqual(['Plant:2']);
    expect(await sites(b)).toEqual(['Plant:1']);
    const facets = (await app.inject({ url: '/api/assets/facets', headers: b })).json();
    expect(facets.vendors.map((f: { value: string }) => f.value)).toEqual(['Hitachi Energy']);
    const exported = (await app.inject({ url: '/api/assets/export?format=json', headers: b })).body;
    expect(exported).toContain('B-RTU-1');
    expect(exported).not.toContain('A-PLC-1');
    expect((await app.inject({ url: '/api/assets?q=siemens', headers: b })).json().total).toBe(0);
    // The default organisation's administrator sees its own (empty) inventory, not the tenants'.
    const admin = { authorization: `Bearer ${await testToken(h.store)}` };
    expect(await names(admin)).toEqual([]);
  });

  it('keeps SBOMs, product versions and findings apart', async () => {
    const sbom = JSON.stringify({
      bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
      metadata: { component: { type: 'firmware', name: 'S7-1500 firmware', version: '2.9.4', 'bom-ref': 'fw' } },
      components: [{ type: 'library', name: 'openssl', version: '1.1.1k', purl: 'pkg:generic/openssl@1.1.1k', 'bom-ref': 'ossl' }],
    });
    const upload = multipartFile('file', 'fw.cdx.json', sbom);
    const imported = await app.inject({ method: 'POST', url: '/api/sboms/import?product=Siemens/S7-1500/2.9.4', ...upload, headers: { ...upload.headers, ...a } });
    expect(imported.statusCode).toBe(200);
    const id = imported.json().id;
    expect((await app.inject({ url: '/api/sboms', headers: a })).json().total).toBe(1);
    expect((await app.inject({ url: '/api/sboms', headers: b })).json().total).toBe(0);
    expect((await app.inject({ url: `/api/sboms/${id}`, headers: b })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/sboms/${id}/export?format=cyclonedx-json`, headers: b })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/api/sboms/${id}`, headers: b })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/product-versions', headers: b })).json().items).toEqual([]);
    const pv = (await app.inject({ url: '/api/product-versions', headers: a })).json().items[0];
    expect((await app.inject({ url: `/api/product-versions/${pv.id}`, headers: b })).statusCode).toBe(404);
    // B imports the very same bytes: its own copy, not "unchanged" against A's.
    const again = await app.inject({ method: 'POST', url: '/api/sboms/import?product=Siemens/S7-1500/2.9.4', ...upload, headers: { ...upload.headers, ...b } });
    expect(again.json()).toMatchObject({ status: 'imported' });
    expect(again.json().id).not.toBe(id);
    const status = (await app.inject({ url: '/api/match/status', headers: b })).json();
    expect(status.rules).toEqual([]);
  });

  it('lets each TLP label reach exactly its audience', async () => {
    // The recipients: a community CSIRT the records are shared with, its declared client (an MSP
    // case), a community member they are not shared with, an organisation outside the community,
    // and a named person (in an organisation outside the community).
    const recipientOrg = (await createOrganisation(h.store.db, { name: 'CERT-X', kind: 'csirt' })).id;
    const clientOrg = (await createOrganisation(h.store.db, { name: 'CERT-X client', kind: 'partner', clientOf: recipientOrg })).id;
    const communityOrg = (await createOrganisation(h.store.db, { name: 'CERT-Y', kind: 'csirt' })).id;
    const outsiderOrg = (await createOrganisation(h.store.db, { name: 'Outsider', kind: 'partner', community: false })).id;
    const personOrg = (await createOrganisation(h.store.db, { name: 'Named person org', kind: 'partner', community: false })).id;
    const partner = async (orgId: string, username: string) => ({ authorization: `Bearer ${await testToken(h.store, 'partner', orgId, username)}` });
    const readers: Array<{ who: string; headers: Headers; relation: Partial<Recipient> }> = [
      { who: 'recipient organisation', headers: await partner(recipientOrg, 'p-recipient'), relation: { sharedWithOrganisation: true, inCommunity: true } },
      { who: "recipient's client", headers: await partner(clientOrg, 'p-client'), relation: { sharedWithParentOrganisation: true, inCommunity: true } },
      { who: 'community member', headers: await partner(communityOrg, 'p-community'), relation: { inCommunity: true } },
      { who: 'outsider', headers: await partner(outsiderOrg, 'p-outsider'), relation: {} },
      { who: 'named person', headers: await partner(personOrg, 'p-person'), relation: { sharedWithPerson: true } },
    ];
    const person = (await h.store.db.selectFrom('users').select('id').where('username', '=', 'p-person').executeTakeFirstOrThrow()).id;

    // One asset per label, each shared with the recipient organisation and the named person
    // wherever the label allows that.
    const csv = ['name,kind,external_id', ...TLP_LABELS.map((l, i) => `TLP-${l},plc,T-${i}`)].join('\n');
    await importCsv(a, csv);
    const assets = (await app.inject({ url: '/api/assets?limit=50', headers: a })).json().items as Array<{ id: string; name: string }>;
    for (const asset of assets) {
      const label = asset.name.slice(4) as Tlp;
      expect((await app.inject({ method: 'PUT', url: `/api/sharing/asset/${asset.id}/tlp`, headers: a, payload: { tlp: label } })).statusCode).toBe(200);
      if (label !== 'CLEAR' && label !== 'RED') {
        expect((await app.inject({ method: 'POST', url: `/api/sharing/asset/${asset.id}/shares`, headers: a, payload: { organisationId: recipientOrg } })).statusCode).toBe(201);
      }
      if (label !== 'CLEAR') {
        expect((await app.inject({ method: 'POST', url: `/api/sharing/asset/${asset.id}/shares`, headers: a, payload: { userId: person } })).statusCode).toBe(201);
      }
    }
    const red = assets.find((x) => x.name === 'TLP-RED')!;
    expect((await app.inject({ method: 'POST', url: `/api/sharing/asset/${red.id}/shares`, headers: a, payload: { organisationId: recipientOrg } })).json().error.code).toBe('invalid-share');

    const none: Recipient = { sameOrganisation: false, inCommunity: false, sharedWithOrganisation: false, sharedWithParentOrganisation: false, sharedWithPerson: false };
    for (const reader of readers) {
      const expected = TLP_LABELS.filter((l) => mayReceive(l, { ...none, ...reader.relation })).map((l) => `TLP-${l}`).sort();
      expect({ who: reader.who, sees: await names(reader.headers) }).toEqual({ who: reader.who, sees: expected });
      for (const asset of assets) {
        const res = await app.inject({ url: `/api/assets/${asset.id}`, headers: reader.headers });
        expect({ who: reader.who, asset: asset.name, status: res.statusCode }).toEqual({ who: reader.who, asset: asset.name, status: expected.includes(asset.name) ? 200 : 404 });
      }
      // Exports follow the same audience: nothing leaves beyond it.
      const exported = (await app.inject({ url: '/api/assets/export?format=json', headers: reader.headers })).json() as Array<{ name: string }>;
      expect(exported.map((x) => x.name).sort()).toEqual(expected);
    }

    // Partners read; they never write, label or share, even what was shared with them.
    const recipient = readers[0]!.headers;
    const amber = assets.find((x) => x.name === 'TLP-AMBER')!;
    expect((await app.inject({ method: 'PATCH', url: `/api/assets/${amber.id}`, headers: recipient, payload: { firmware: 'x' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: `/api/sharing/asset/${amber.id}/tlp`, headers: recipient, payload: { tlp: 'CLEAR' } })).statusCode).toBe(403);

    // Withdrawing a share takes the record away again.
    const state = (await app.inject({ url: `/api/sharing/asset/${amber.id}`, headers: a })).json();
    const orgShare = state.shares.find((s: { recipient: { kind: string } }) => s.recipient.kind === 'organisation');
    expect((await app.inject({ method: 'DELETE', url: `/api/sharing/shares/${orgShare.id}`, headers: a })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/assets/${amber.id}`, headers: recipient })).statusCode).toBe(404);

    // Every disclosure is in the audit log.
    const admin = { authorization: `Bearer ${await testToken(h.store)}` };
    const log = (await app.inject({ url: '/api/audit?action=share.create&limit=100', headers: admin })).json();
    expect(log.total).toBe(7);
    void orgB;
  });
});
