/**
 * "Sites can further scope a user": an account limited to some sites of its organisation reads
 * only their assets (and what hangs on them), and writes only there — never into another site,
 * never an asset without a site, never organisation-wide records. Refusals are 403 (or 404 for
 * records it cannot see), never silently done and never a 500.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createUser, DEFAULT_ORG_ID } from '../../src/services/auth/accounts.js';
import { createApiToken } from '../../src/services/auth/credentials.js';
import { importIntel } from '../../src/services/intel.js';
import { runMatch } from '../../src/services/matching.js';
import { organisationScope } from '../../src/model/scope.js';
import { fixture } from '../support/fixtures.js';
import { describeEachDialect } from '../support/stores.js';
import { testToken, TEST_PASSWORD } from '../support/app.js';
import { multipartFile } from '../support/multipart.js';

const PLANT = [
  'name,kind,vendor,model,ip,site,zone,external_id',
  'N-PLC-1,plc,Siemens,S7-1500,10.1.0.10,North,Cell 1,N-1',
  'N-HMI-1,hmi,Siemens,Comfort Panel,10.1.0.20,North,Cell 1,N-2',
  'S-PLC-1,plc,Siemens,S7-1200,10.2.0.10,South,Cell 1,S-1',
  'X-SPARE-1,plc,Siemens,S7-300,,,,X-1',
].join('\n');
const SBOM = JSON.stringify({
  bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
  metadata: { component: { type: 'firmware', name: 'S7 firmware', version: '2.9.4', 'bom-ref': 'fw' } },
  components: [{ type: 'library', name: 'openssl', version: '1.1.1k', purl: 'pkg:generic/openssl@1.1.1k', 'bom-ref': 'ossl' }],
});

type Headers = Record<string, string>;

describeEachDialect('site-limited accounts', (h) => {
  let app: FastifyInstance;
  let admin: Headers;
  let north: Headers;
  let byName: Map<string, string>;

  const send = async (headers: Headers, o: InjectOptions) => {
    const res = await app.inject({ ...o, headers: { ...(o.headers as Headers | undefined), ...headers } });
    expect(res.statusCode, `${o.method ?? 'GET'} ${o.url}: ${res.body}`).toBeLessThan(500);
    return res;
  };
  const importCsv = (headers: Headers, csv: string, query = '') => {
    const upload = multipartFile('file', 'plant.csv', csv);
    return send(headers, { method: 'POST', url: `/api/assets/import${query}`, payload: upload.payload, headers: upload.headers });
  };
  const names = async (headers: Headers) => ((await send(headers, { url: '/api/assets?limit=500' })).json().items as { name: string }[]).map((a) => a.name).sort();
  /** The whole inventory, as the unrestricted administrator sees it: name → site. */
  const inventory = async () =>
    Object.fromEntries(((await send(admin, { url: '/api/assets?limit=500' })).json().items as { name: string; site: { name: string } | null }[]).map((a) => [a.name, a.site?.name ?? null]));

  beforeEach(async () => {
    app = await buildApp({ store: h.store, webRoot: null, rateLimitPerMinute: 0 });
    admin = { authorization: `Bearer ${await testToken(h.store, 'admin')}` };
    expect((await importCsv(admin, PLANT)).json()).toMatchObject({ created: 4 });
    const sites = (await send(admin, { url: '/api/sites' })).json().items as { id: string; name: string }[];
    const northId = sites.find((s) => s.name === 'North')!.id;
    const user = await createUser(h.store.db, { orgId: DEFAULT_ORG_ID, username: 'north-analyst', role: 'analyst', password: TEST_PASSWORD, siteIds: [northId] });
    north = { authorization: `Bearer ${(await createApiToken(h.store.db, user, { name: 'test' })).token}` };
    byName = new Map(((await send(admin, { url: '/api/assets?limit=500' })).json().items as { id: string; name: string }[]).map((a) => [a.name, a.id]));
  });
  afterEach(async () => {
    await app.close();
  });

  it('reads only the assets of its sites, and what hangs on them', async () => {
    expect(await names(north)).toEqual(['N-HMI-1', 'N-PLC-1']);
    expect((await send(north, { url: '/api/sites' })).json().items.map((s: { name: string }) => s.name)).toEqual(['North']);
    const facets = (await send(north, { url: '/api/assets/facets' })).json();
    expect(facets.sites.map((f: { value: string }) => f.value)).toEqual(['North']);
    for (const other of ['S-PLC-1', 'X-SPARE-1']) {
      expect((await send(north, { url: `/api/assets/${byName.get(other)}` })).statusCode).toBe(404);
      expect((await send(north, { url: `/api/assets/${byName.get(other)}/events` })).statusCode).toBe(404);
      expect((await send(north, { url: `/api/sharing/asset/${byName.get(other)}` })).statusCode).toBe(404);
    }
    const exported = (await send(north, { url: '/api/assets/export?format=csv' })).body;
    expect(exported).toContain('N-PLC-1');
    expect(exported).not.toContain('S-PLC-1');
    expect(exported).not.toContain('X-SPARE-1');
    expect((await send(north, { url: '/api/assets?q=S7-1200' })).json().total).toBe(0);
    // An SBOM on another site's asset is out of reach too.
    const upload = multipartFile('file', 'fw.cdx.json', SBOM);
    const sbom = await send(admin, { method: 'POST', url: `/api/sboms/import?asset=${byName.get('S-PLC-1')}`, payload: upload.payload, headers: upload.headers });
    expect(sbom.statusCode).toBe(200);
    expect((await send(north, { url: '/api/sboms' })).json().total).toBe(0);
    expect((await send(north, { url: `/api/sboms/${sbom.json().id}` })).statusCode).toBe(404);
  });

  it('creates and changes assets only in its sites', async () => {
    const create = (payload: Record<string, unknown>) => send(north, { method: 'POST', url: '/api/assets', payload });
    for (const [payload, code] of [
      [{ name: 'into-south', kind: 'plc', site: 'South' }, 403],
      [{ name: 'without-site', kind: 'plc' }, 403],
      [{ name: 'into-new-site', kind: 'plc', site: 'East' }, 403],
    ] as const) {
      const res = await create(payload);
      expect(res.statusCode, payload.name).toBe(code);
      expect(res.json().error.code).toBe('site-limited');
    }
    expect((await create({ name: 'N-RTU-1', kind: 'rtu', site: 'North', zone: 'Cell 2' })).statusCode).toBe(201);
    // Moving its own asset out of its sites, or dropping the site, is refused; other changes are not.
    const plc = byName.get('N-PLC-1')!;
    expect((await send(north, { method: 'PATCH', url: `/api/assets/${plc}`, payload: { site: 'South' } })).statusCode).toBe(403);
    // (A null in a PATCH leaves the attribute as it is; either way the asset stays in its site.)
    const cleared = await send(north, { method: 'PATCH', url: `/api/assets/${plc}`, payload: { site: null } });
    if (cleared.statusCode === 200) expect(cleared.json().site).toMatchObject({ name: 'North' });
    else expect(cleared.statusCode).toBe(403);
    expect((await send(north, { method: 'PATCH', url: `/api/assets/${plc}`, payload: { firmware: 'V3.0' } })).statusCode).toBe(200);
    // Another site's assets, and assets without a site, do not exist for it.
    for (const other of ['S-PLC-1', 'X-SPARE-1']) {
      expect((await send(north, { method: 'PATCH', url: `/api/assets/${byName.get(other)}`, payload: { firmware: 'V0' } })).statusCode).toBe(404);
      expect((await send(north, { method: 'DELETE', url: `/api/assets/${byName.get(other)}` })).statusCode).toBe(404);
      expect((await send(north, { method: 'PUT', url: `/api/sharing/asset/${byName.get(other)}/tlp`, payload: { tlp: 'CLEAR' } })).statusCode).toBe(404);
    }
    expect((await send(north, { method: 'DELETE', url: `/api/assets/${byName.get('N-HMI-1')}` })).statusCode).toBe(204);
    expect(await inventory()).toEqual({ 'N-PLC-1': 'North', 'N-RTU-1': 'North', 'S-PLC-1': 'South', 'X-SPARE-1': null });
    expect((await send(admin, { url: '/api/sites' })).json().items.map((s: { name: string }) => s.name)).toEqual(['North', 'South']);
    expect((await send(admin, { url: `/api/assets/${plc}` })).json()).toMatchObject({ firmware: 'V3.0', site: { name: 'North' } });
  });

  it('imports into its sites only; any record outside them refuses the whole import', async () => {
    const before = await inventory();
    const refused: Array<[string, string]> = [
      ['a record in another site', 'name,kind,site,external_id\nN-NEW-1,plc,North,N-9\nS-NEW-1,plc,South,S-9'],
      ['a record without a site', 'name,kind,external_id\nN-NEW-1,plc,N-9'],
      ['a record in a new site', 'name,kind,site,external_id\nE-NEW-1,plc,East,E-9'],
      // Same external id as the South PLC: an update of an asset it cannot see.
      ['a record matching another site\'s asset', 'name,kind,firmware,site,external_id\nS-PLC-1,plc,V0,North,S-1'],
    ];
    for (const [what, csv] of refused) {
      for (const query of ['?dryRun=true', '']) {
        const res = await importCsv(north, csv, query);
        expect(res.statusCode, `${what} ${query}`).toBe(403);
        expect(res.json().error.code, what).toBe('site-limited');
      }
    }
    expect(await inventory()).toEqual(before);
    // The default site of the upload counts as the records' site.
    expect((await importCsv(north, 'name,kind,external_id\nN-NEW-1,plc,N-9', '?site=South')).statusCode).toBe(403);
    expect((await importCsv(north, 'name,kind,external_id\nN-NEW-1,plc,N-9', '?site=North')).json()).toMatchObject({ created: 1 });
    expect((await importCsv(north, 'name,kind,firmware,external_id\nN-PLC-1,plc,V4.0,N-1')).json()).toMatchObject({ updated: 1 });
    expect(await inventory()).toEqual({ ...before, 'N-NEW-1': 'North' });
  });

  it('keeps organisation-wide records and other sites\' shares out of its writes', async () => {
    const upload = multipartFile('file', 'fw.cdx.json', SBOM);
    const importSbom = (headers: Headers, query: string) => send(headers, { method: 'POST', url: `/api/sboms/import${query}`, payload: upload.payload, headers: upload.headers });
    // An SBOM of a product version reaches every site running it.
    const productWide = await importSbom(north, '?product=Siemens/S7/2.9.4');
    expect(productWide.statusCode).toBe(403);
    expect(productWide.json().error.code).toBe('site-limited');
    expect((await importSbom(north, `?asset=${byName.get('S-PLC-1')}`)).statusCode).toBe(404);
    expect((await importSbom(north, `?asset=${byName.get('N-PLC-1')}`)).statusCode).toBe(200);
    const adminSbom = (await importSbom(admin, '?product=Siemens/S7/2.9.4')).json().id as string;
    expect((await send(north, { method: 'DELETE', url: `/api/sboms/${adminSbom}` })).statusCode).toBe(403);
    expect((await send(north, { method: 'PUT', url: `/api/sharing/sbom/${adminSbom}/tlp`, payload: { tlp: 'GREEN' } })).statusCode).toBe(403);
    expect((await send(admin, { url: `/api/sboms/${adminSbom}` })).json()).toMatchObject({ tlp: 'AMBER+STRICT' });
    // A share of another site's asset cannot be withdrawn by it.
    const partnerOrg = (await send(admin, { method: 'POST', url: '/api/organisations', payload: { name: 'CERT-X', kind: 'csirt' } })).json().id as string;
    const share = await send(admin, { method: 'POST', url: `/api/sharing/asset/${byName.get('S-PLC-1')}/shares`, payload: { organisationId: partnerOrg } });
    expect(share.statusCode).toBe(201);
    expect((await send(north, { method: 'DELETE', url: `/api/sharing/shares/${share.json().id}` })).statusCode).toBe(404);
    expect((await send(admin, { url: `/api/sharing/asset/${byName.get('S-PLC-1')}` })).json().shares).toHaveLength(1);
  });

  it('lifts the limit when an administrator sets the sites to null (not to a list of one empty id)', async () => {
    const user = (await send(admin, { url: '/api/users' })).json().items.find((u: { username: string }) => u.username === 'north-analyst');
    const lifted = await send(admin, { method: 'PATCH', url: `/api/users/${user.id}`, payload: { siteIds: null, displayName: null } });
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json()).toMatchObject({ siteIds: null, displayName: null });
    expect(await names(north)).toEqual(['N-HMI-1', 'N-PLC-1', 'S-PLC-1', 'X-SPARE-1']);
    // The same holds for an organisation that is nobody's client.
    const org = await send(admin, { method: 'POST', url: '/api/organisations', payload: { name: 'Free Co', kind: 'operator', clientOf: null } });
    expect(org.statusCode).toBe(201);
    expect(org.json()).toMatchObject({ clientOf: null });
    expect((await send(admin, { method: 'POST', url: '/api/organisations', payload: { name: 'Ghost client', kind: 'partner', clientOf: 'no-such-organisation' } })).statusCode).toBe(404);
  });

  it('decides findings of its sites only, and makes no organisation-wide matching rule', async () => {
    await importIntel(h.store, [{ name: 'icsa-19-344-06.json', bytes: readFileSync(fixture('csaf', 'cisa-ot', 'icsa-19-344-06.json')) }], {});
    const affected = 'name,kind,vendor,model,firmware,site,external_id\nN-CPU-1,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.6.1,North,N-7\nS-CPU-1,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.6.1,South,S-7';
    expect((await importCsv(admin, affected)).json()).toMatchObject({ created: 2 });
    await runMatch(h.store, organisationScope(DEFAULT_ORG_ID), { full: true });
    type F = { id: string; asset?: { name: string } };
    const all = (await send(admin, { url: '/api/findings?limit=500' })).json().items as F[];
    const mine = (await send(north, { url: '/api/findings?limit=500' })).json().items as F[];
    expect(all.map((f) => f.asset?.name)).toEqual(expect.arrayContaining(['N-CPU-1', 'S-CPU-1']));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((f) => !f.asset?.name.startsWith('N-'))).toEqual([]);
    expect(mine.length).toBe(all.filter((f) => f.asset?.name.startsWith('N-')).length);
    const south = all.find((f) => f.asset?.name === 'S-CPU-1')!;
    expect((await send(north, { url: `/api/findings/${south.id}` })).statusCode).toBe(404);
    expect((await send(north, { method: 'POST', url: `/api/findings/${south.id}/decision`, payload: { decision: 'reject', reason: 'not mine' } })).statusCode).toBe(404);
    // A rule reaches every site: refused, and nothing was decided.
    const rule = await send(north, { method: 'POST', url: `/api/findings/${mine[0]!.id}/decision`, payload: { decision: 'reject', reason: 'spare', rule: true } });
    expect(rule.statusCode).toBe(403);
    expect(rule.json().error.code).toBe('site-limited');
    expect((await send(admin, { url: `/api/findings/${mine[0]!.id}` })).json()).toMatchObject({ decision: null });
    expect((await send(admin, { url: '/api/match/status' })).json().rules).toEqual([]);
    expect((await send(north, { method: 'POST', url: `/api/findings/${mine[0]!.id}/decision`, payload: { decision: 'reject', reason: 'spare on a shelf' } })).statusCode).toBe(200);
  });
});
