import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildTestApp } from '../support/app.js';
import { importInventoryFile } from '../../src/services/inventory.js';
import { importIntel } from '../../src/services/intel.js';
import { runMatch } from '../../src/services/matching.js';
import { fixture } from '../support/fixtures.js';
import { multipartFile } from '../support/multipart.js';
import { describeEachDialect } from '../support/stores.js';
import { ORG } from '../support/scope.js';

const PLANT = 'name,kind,vendor,model,firmware,external_id\nplc-1,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.6.1,P1\nrtu-1,rtu,Rockwell Automation,ControlLogix 5580,33.011,R1\n';

describeEachDialect('findings API', (h) => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildTestApp({ store: h.store, webRoot: null });
    await importIntel(h.store, [{ name: 'icsa-19-344-06.json', bytes: readFileSync(fixture('csaf', 'cisa-ot', 'icsa-19-344-06.json')) }], {});
    await importInventoryFile(h.store, Buffer.from(PLANT), { scope: ORG, sourceName: 'plant.csv' });
  });
  afterEach(async () => {
    await app.close();
  });

  it('runs a match, lists, filters, explains and decides findings', async () => {
    const match = await app.inject({ method: 'POST', url: '/api/match', payload: { full: true } });
    expect(match.statusCode).toBe(200);
    expect(match.json()).toMatchObject({ mode: 'full', findings: { created: 2 }, open: { byStatus: { affected: 2 } } });

    const list = await app.inject({ method: 'GET', url: '/api/findings?status=affected&sort=-cvss&limit=10' });
    expect(list.statusCode).toBe(200);
    const page = list.json();
    expect(page.total).toBe(2);
    expect(page.items[0].vulnerability.cvssScore).toBeGreaterThanOrEqual(page.items[1].vulnerability.cvssScore);
    expect(page.items[0].evidence).toBeUndefined();
    const assetId = page.items[0].asset.id;
    expect((await app.inject({ method: 'GET', url: `/api/findings?asset=${assetId}` })).json().total).toBe(2);
    expect((await app.inject({ method: 'GET', url: '/api/findings?q=rtu' })).json().total).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/api/findings?kev=true' })).json().total).toBe(0);

    const one = await app.inject({ method: 'GET', url: `/api/findings/${page.items[0].id}` });
    expect(one.json().evidence[0]).toMatchObject({ matcher: 'csaf', status: 'affected' });

    const decided = await app.inject({ method: 'POST', url: `/api/findings/${page.items[0].id}/decision`, payload: { decision: 'reject', reason: 'spare part on a shelf' } });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'not_affected', decision: { decision: 'reject', by: 'test-admin' } });
    const status = await app.inject({ method: 'GET', url: '/api/match/status' });
    expect(status.json()).toMatchObject({ open: { byStatus: { affected: 1, not_affected: 1 } } });
  });

  it('scans an upload without importing it', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/scan?failOn=kev', ...multipartFile('file', 'plant.csv', PLANT) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'inventory', targets: 2, summary: { affected: 2 }, gate: false });
    const sarif = await app.inject({ method: 'POST', url: '/api/scan?format=sarif', ...multipartFile('file', 'plant.csv', PLANT) });
    expect(sarif.headers['content-type']).toMatch(/sarif/);
    expect(JSON.parse(sarif.body).runs[0].results).toHaveLength(2);
    expect((await app.inject({ method: 'GET', url: '/api/findings' })).json().total).toBe(0);
  });

  it('keeps findings current after changes made through the server when asked to', async () => {
    const auto = await buildTestApp({ store: h.store, webRoot: null, autoMatch: true });
    try {
      await runMatch(h.store, ORG, { full: true });
      const more = 'name,kind,vendor,model,firmware,external_id\nplc-2,plc,Siemens,SIMATIC S7-1200 CPU 1214C,V4.2.3,P2\n';
      const res = await auto.inject({ method: 'POST', url: '/api/assets/import', ...multipartFile('file', 'more.csv', more) });
      expect(res.statusCode).toBe(200);
      let total = 0;
      for (let i = 0; i < 100 && total < 4; i++) {
        await new Promise((r) => setTimeout(r, 50));
        total = (await auto.inject({ method: 'GET', url: '/api/findings?status=affected' })).json().total;
      }
      expect(total).toBe(4);
    } finally {
      await auto.close();
    }
  });

  it('answers bad requests with a 4xx error body', async () => {
    const cases = [
      { method: 'GET' as const, url: '/api/findings?status=bogus' },
      { method: 'GET' as const, url: '/api/findings?minCvss=11' },
      { method: 'GET' as const, url: '/api/findings?sort=severity' },
      { method: 'GET' as const, url: '/api/findings/nope' },
      { method: 'POST' as const, url: '/api/findings/nope/decision', payload: { decision: 'reject' } },
      { method: 'POST' as const, url: '/api/match', payload: { full: 'yes please' } },
      { method: 'POST' as const, url: '/api/scan', payload: { not: 'multipart' } },
      { method: 'POST' as const, url: '/api/scan', ...multipartFile('file', 'junk.csv', 'name,kind\nx,toaster\n') },
    ];
    for (const c of cases) {
      const res = await app.inject(c);
      expect(res.statusCode, c.url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, c.url).toBeLessThan(500);
      expect(res.json().error.code, c.url).toBeTypeOf('string');
    }
    await app.inject({ method: 'POST', url: '/api/match', payload: {} });
    const f = (await app.inject({ method: 'GET', url: '/api/findings' })).json().items[0];
    const bad = await app.inject({ method: 'POST', url: `/api/findings/${f.id}/decision`, payload: { decision: 'confirm', rule: true } });
    expect(bad.statusCode).toBe(400);
  });
});
