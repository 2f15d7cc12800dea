/**
 * Shareable records say whose they are and under which TLP label, in every answer and in the
 * OpenAPI description; and the findings list sorts like every other list (`field` ascending,
 * `-field` descending, most severe first by default).
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildTestApp, testToken } from '../support/app.js';
import { createOrganisation, DEFAULT_ORG_ID } from '../../src/services/auth/accounts.js';
import { importInventoryFile } from '../../src/services/inventory.js';
import { importIntel } from '../../src/services/intel.js';
import { getFindingView, listFindingViews, runMatch } from '../../src/services/matching.js';
import { getAsset } from '../../src/store/repositories/assets.js';
import { fixture } from '../support/fixtures.js';
import { multipartFile } from '../support/multipart.js';
import { describeEachDialect } from '../support/stores.js';
import { ORG } from '../support/scope.js';

const PLANT = 'name,kind,vendor,model,firmware,external_id\nplc-1,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.6.1,P1\nrtu-1,rtu,Rockwell Automation,ControlLogix 5580,33.011,R1\n';
const SBOM = JSON.stringify({
  bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
  metadata: { component: { type: 'firmware', name: 'S7-1500 firmware', version: '2.6.1', 'bom-ref': 'fw' } },
  components: [{ type: 'library', name: 'openssl', version: '1.1.1k', purl: 'pkg:generic/openssl@1.1.1k', 'bom-ref': 'ossl' }],
});

describeEachDialect('owned records and list order', (h) => {
  let app: FastifyInstance;
  let hostName: string;
  beforeEach(async () => {
    app = await buildTestApp({ store: h.store, webRoot: null });
    await importIntel(h.store, [{ name: 'icsa-19-344-06.json', bytes: readFileSync(fixture('csaf', 'cisa-ot', 'icsa-19-344-06.json')) }], {});
    await importInventoryFile(h.store, Buffer.from(PLANT), { scope: ORG, sourceName: 'plant.csv' });
    await runMatch(h.store, ORG, { full: true });
    hostName = (await h.store.db.selectFrom('organisations').select('name').where('id', '=', DEFAULT_ORG_ID).executeTakeFirstOrThrow()).name;
  });
  afterEach(async () => {
    await app.close();
  });

  it('labels findings, SBOMs and assets with their TLP and owner, for the owner and for a partner', async () => {
    const owner = { id: DEFAULT_ORG_ID, name: hostName };
    const findings = (await app.inject('/api/findings')).json().items as Array<{ id: string; tlp: string; organisation: unknown }>;
    expect(findings.length).toBe(2);
    for (const f of findings) expect(f).toMatchObject({ tlp: 'AMBER+STRICT', organisation: owner });
    expect((await app.inject(`/api/findings/${findings[0]!.id}`)).json()).toMatchObject({ tlp: 'AMBER+STRICT', organisation: owner });

    const upload = multipartFile('file', 'fw.cdx.json', SBOM);
    const sbom = await app.inject({ method: 'POST', url: '/api/sboms/import?product=Siemens/S7-1500/2.6.1', ...upload });
    expect(sbom.statusCode).toBe(200);
    const sbomId = sbom.json().id as string;
    expect((await app.inject('/api/sboms')).json().items[0]).toMatchObject({ id: sbomId, tlp: 'AMBER+STRICT', organisation: owner });
    expect((await app.inject(`/api/sboms/${sbomId}`)).json()).toMatchObject({ tlp: 'AMBER+STRICT', organisation: owner });
    const asset = (await app.inject('/api/assets')).json().items[0];
    expect(asset).toMatchObject({ tlp: 'AMBER+STRICT', organisation: owner });
    expect((await app.inject(`/api/assets/${asset.id}`)).json()).toMatchObject({ tlp: 'AMBER+STRICT', organisation: owner });

    // The label follows a change, and a partner that receives the records is told whose they are.
    expect((await app.inject({ method: 'PUT', url: `/api/sharing/finding/${findings[0]!.id}/tlp`, payload: { tlp: 'GREEN' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: `/api/sharing/sbom/${sbomId}/tlp`, payload: { tlp: 'CLEAR' } })).statusCode).toBe(200);
    expect((await app.inject(`/api/findings/${findings[0]!.id}`)).json().tlp).toBe('GREEN');
    const csirt = await createOrganisation(h.store.db, { name: 'CERT-X', kind: 'csirt' });
    const partner = { authorization: `Bearer ${await testToken(h.store, 'partner', csirt.id, 'p-certx')}` };
    const received = (await app.inject({ url: '/api/findings', headers: partner })).json();
    expect(received.items).toEqual([expect.objectContaining({ id: findings[0]!.id, tlp: 'GREEN', organisation: owner })]);
    expect((await app.inject({ url: `/api/findings/${findings[0]!.id}`, headers: partner })).json()).toMatchObject({ tlp: 'GREEN', organisation: owner });
    expect((await app.inject({ url: '/api/sboms', headers: partner })).json().items).toEqual([expect.objectContaining({ id: sbomId, tlp: 'CLEAR', organisation: owner })]);
    expect((await app.inject({ url: `/api/sboms/${sbomId}`, headers: partner })).json()).toMatchObject({ tlp: 'CLEAR', organisation: owner });
  });

  it('documents the label and the owner in the OpenAPI description of the answers', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    const answer = (path: string) => doc.paths[path].get.responses['200'].content['application/json'].schema;
    for (const path of ['/api/findings/{id}', '/api/sboms/{id}', '/api/assets/{id}']) {
      expect(answer(path).required, path).toEqual(['tlp', 'organisation']);
      expect(answer(path).properties.tlp.enum, path).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
      expect(Object.keys(answer(path).properties.organisation.properties), path).toEqual(['id', 'name']);
    }
    for (const path of ['/api/findings', '/api/sboms', '/api/assets']) {
      expect(answer(path).properties.items.items.required, path).toEqual(['tlp', 'organisation']);
    }
    // The schemas document the answers without reshaping them: every field, in the service's order
    // (the command line prints remote answers and local records alike).
    const finding = (await app.inject('/api/findings')).json().items[0].id as string;
    expect((await app.inject(`/api/findings/${finding}`)).body).toBe(JSON.stringify(await getFindingView(h.store, ORG, finding)));
    const page = await listFindingViews(h.store, ORG, { limit: 50, offset: 0 });
    expect((await app.inject('/api/findings')).body).toBe(JSON.stringify({ ...page, limit: 50, offset: 0 }));
    const asset = (await app.inject('/api/assets')).json().items[0].id as string;
    expect(Object.keys((await app.inject(`/api/assets/${asset}`)).json())).toEqual(Object.keys({ ...(await getAsset(h.store.db, ORG, asset))!, observations: [] }));
  });

  it('sorts findings by `field` ascending and `-field` descending, most severe first by default', async () => {
    const ids = (await app.inject('/api/findings')).json().items.map((f: { vulnerability: { id: string } }) => f.vulnerability.id) as string[];
    expect(new Set(ids).size).toBe(2);
    const [low, high] = [...ids].sort();
    // Distinct scores (in opposite orders for CVSS and EPSS) make every direction observable.
    await h.store.db.updateTable('vulnerabilities').set({ cvss_score: 4.3, epss_score: 0.9 }).where('id', '=', low!).execute();
    await h.store.db.updateTable('vulnerabilities').set({ cvss_score: 9.8, epss_score: 0.1 }).where('id', '=', high!).execute();
    const order = async (query: string) =>
      (await app.inject(`/api/findings${query}`)).json().items.map((f: { vulnerability: { id: string } }) => f.vulnerability.id) as string[];
    expect(await order('')).toEqual([high, low]);
    expect(await order('?sort=-cvss')).toEqual([high, low]);
    expect(await order('?sort=cvss')).toEqual([low, high]);
    expect(await order('?sort=-epss')).toEqual([low, high]);
    expect(await order('?sort=epss')).toEqual([high, low]);
    expect(await order('?sort=vulnerability')).toEqual([low, high]);
    expect(await order('?sort=-vulnerability')).toEqual([high, low]);
    // The same convention as the asset list.
    const names = async (query: string) => (await app.inject(`/api/assets${query}`)).json().items.map((a: { name: string }) => a.name) as string[];
    expect(await names('?sort=name')).toEqual(['plc-1', 'rtu-1']);
    expect(await names('?sort=-name')).toEqual(['rtu-1', 'plc-1']);
  });
});
