import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildTestApp } from '../support/app.js';
import { describeEachDialect } from '../support/stores.js';
import { multipartFile } from '../support/multipart.js';
import { countAssets } from '../../src/store/repositories/assets.js';

const CSV = [
  'name,kind,vendor,model,firmware,ip,mac,site,zone,purdue_level,criticality,external_id',
  'PLC-01,plc,Siemens,S7-1500,V2.9.4,10.1.1.10,00:1b:1b:01:02:03,Water,Filtration,1,critical,A-1',
  'HMI-01,hmi,Rockwell Automation,PanelView Plus 7,12.011,10.1.2.20,,Water,SCADA,2,high,A-2',
  'RTU-01,rtu,Hitachi Energy,RTU560,13.2,10.2.0.5,,Substation,Bay 1,1,high,B-1',
].join('\n');

describeEachDialect('assets API', (h) => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildTestApp({ store: h.store, webRoot: null });
  });
  afterEach(async () => {
    await app.close();
  });

  const upload = (csv: string, query = '') =>
    app.inject({ method: 'POST', url: `/api/assets/import${query}`, ...multipartFile('file', 'plant.csv', csv) });

  it('imports by multipart upload (dry run first), then lists, filters, sorts and pages', async () => {
    const dry = await upload(CSV, '?dryRun=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 3 });
    expect(await countAssets(h.store.db)).toBe(0);

    const real = await upload(CSV);
    expect(real.json()).toMatchObject({ dryRun: false, created: 3, total: 3 });

    const list = await app.inject('/api/assets?limit=2&sort=-name');
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.total).toBe(3);
    expect(body.items.map((a: { name: string }) => a.name)).toEqual(['RTU-01', 'PLC-01']);
    expect(body.items[0]).not.toHaveProperty('provenance');

    const filtered = await app.inject('/api/assets?site=Water&criticality=high');
    expect(filtered.json().items.map((a: { name: string }) => a.name)).toEqual(['HMI-01']);
    const q = await app.inject('/api/assets?q=10.2.0');
    expect(q.json().items.map((a: { name: string }) => a.name)).toEqual(['RTU-01']);

    const facets = (await app.inject('/api/assets/facets')).json();
    expect(facets.sites).toEqual([
      { value: 'Water', count: 2 },
      { value: 'Substation', count: 1 },
    ]);
    const sites = (await app.inject('/api/sites')).json();
    expect(sites.items.map((s: { name: string; assetCount: number }) => [s.name, s.assetCount])).toEqual([
      ['Substation', 1],
      ['Water', 2],
    ]);
  });

  it('shows an asset with provenance and observations; manual edits are recorded as such', async () => {
    await upload(CSV);
    const id = (await app.inject('/api/assets?q=plc-01')).json().items[0].id as string;
    const patched = await app.inject({ method: 'PATCH', url: `/api/assets/${id}`, payload: { firmware: 'V3.1.0' } });
    expect(patched.statusCode).toBe(200);
    const detail = (await app.inject(`/api/assets/${id}`)).json();
    expect(detail.firmware).toBe('V3.1.0');
    expect(detail.provenance.firmware).toMatchObject({ sourceKind: 'manual', sourceName: 'test-admin', confidence: 1 });
    expect(detail.provenance.vendor).toMatchObject({ sourceKind: 'import', sourceName: 'plant.csv' });
    expect(detail.provenance.ips['10.1.1.10']).toMatchObject({ sourceKind: 'import' });
    expect(detail.observations.map((o: { sourceKind: string }) => o.sourceKind)).toEqual(['manual', 'import']);
  });

  it('creates and deletes assets; duplicates by identity are refused', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/assets', payload: { name: 'EWS-9', kind: 'ews', macs: ['00:0e:8c:00:00:09'] } });
    expect(created.statusCode).toBe(201);
    const dup = await app.inject({ method: 'POST', url: '/api/assets', payload: { name: 'EWS-10', macs: '00-0E-8C-00-00-09' } });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.code).toBe('duplicate-identity');
    const del = await app.inject({ method: 'DELETE', url: `/api/assets/${created.json().id}` });
    expect(del.statusCode).toBe(204);
    expect((await app.inject(`/api/assets/${created.json().id}`)).statusCode).toBe(404);
  });

  it('exports CSV and JSON as downloads', async () => {
    await upload(CSV);
    const csv = await app.inject('/api/assets/export?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="bulwark-assets.csv"/);
    expect(csv.body.split('\n')[0]).toMatch(/^name,kind,vendor,model,firmware/);
    const json = await app.inject('/api/assets/export?format=json');
    expect(JSON.parse(json.body)).toHaveLength(3);
  });

  it('answers every malformed request with a 4xx error body, never a 500', async () => {
    const cases: { req: string | InjectOptions; status: number; code: string }[] = [
      { req: '/api/assets?limit=0', status: 400, code: 'validation-failed' },
      { req: '/api/assets?limit=abc', status: 400, code: 'validation-failed' },
      { req: '/api/assets?sort=password', status: 400, code: 'validation-failed' },
      { req: '/api/assets?kind=toaster', status: 400, code: 'validation-failed' },
      { req: '/api/assets?unknown=1', status: 400, code: 'validation-failed' },
      { req: `/api/assets?q=${'x'.repeat(300)}`, status: 400, code: 'validation-failed' },
      { req: '/api/assets/does-not-exist', status: 404, code: 'not-found' },
      { req: '/api/nothing-here', status: 404, code: 'route-not-found' },
      { req: { method: 'POST', url: '/api/assets', payload: '{"name":', headers: { 'content-type': 'application/json' } }, status: 400, code: 'malformed-json' },
      { req: { method: 'POST', url: '/api/assets', payload: { kind: 'plc' } }, status: 400, code: 'validation-failed' },
      { req: { method: 'POST', url: '/api/assets', payload: { name: 'x', ips: ['999.1.1.1'] } }, status: 400, code: 'invalid-input' },
      { req: { method: 'POST', url: '/api/assets', payload: { name: 'x', evil: true } }, status: 400, code: 'validation-failed' },
      { req: { method: 'POST', url: '/api/assets', payload: '<a/>', headers: { 'content-type': 'application/xml' } }, status: 415, code: 'unsupported-media-type' },
      { req: { method: 'POST', url: '/api/assets', payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } }, status: 413, code: 'body-too-large' },
      { req: { method: 'PATCH', url: '/api/assets/nope', payload: { firmware: '1' } }, status: 404, code: 'not-found' },
      { req: { method: 'POST', url: '/api/assets/import', payload: { a: 1 } }, status: 400, code: 'not-multipart' },
      { req: { method: 'POST', url: '/api/assets/import?dryRun=maybe', ...multipartFile('file', 'a.csv', CSV) }, status: 400, code: 'validation-failed' },
      { req: { method: 'POST', url: '/api/assets/import', ...multipartFile('file', 'a.csv', Buffer.from([0x00, 0xff, 0x13, 0x37])) }, status: 400, code: 'binary-content' },
      { req: { method: 'POST', url: '/api/assets/import', ...multipartFile('file', 'a.json', '[{"name": 1e999999') }, status: 400, code: 'malformed-json' },
      { req: { method: 'GET', url: '/api/assets/export?format=xml' }, status: 400, code: 'validation-failed' },
      // A multipart body cut short (the closing boundary never comes), on every upload route.
      ...['/api/assets/import', '/api/sboms/import', '/api/intel/import', '/api/scan'].map((url) => {
        const whole = multipartFile('file', 'a.csv', CSV);
        return { req: { method: 'POST' as const, url, payload: whole.payload.subarray(0, whole.payload.length - 30), headers: whole.headers }, status: 400, code: 'malformed-multipart' };
      }),
    ];
    for (const c of cases) {
      const res = await app.inject(c.req);
      const label = typeof c.req === 'string' ? c.req : `${c.req.method} ${c.req.url}`;
      expect(res.statusCode, label).toBe(c.status);
      expect(res.json().error.code, label).toBe(c.code);
      expect(typeof res.json().error.message, label).toBe('string');
    }
  });

  it('rejects a bad upload whole, listing every problem by line and column', async () => {
    await upload(CSV);
    const bad = 'name,kind,mac,criticality\nOK,plc,,low\nBAD,plc,nope,low\nBAD2,toaster,,urgent\n';
    const res = await upload(bad);
    expect(res.statusCode).toBe(400);
    const issues = res.json().error.details.issues.map((i: { line: number; column: string; code: string }) => [i.line, i.column, i.code]);
    expect(issues).toEqual([
      [3, 'mac', 'invalid-mac'],
      [4, 'kind', 'unknown-kind'],
      [4, 'criticality', 'invalid-criticality'],
    ]);
    expect(await countAssets(h.store.db)).toBe(3);
  });

  it('publishes an OpenAPI 3 document covering the asset routes', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/assets', '/api/assets/{id}', '/api/assets/import', '/api/health']));
    expect((await app.inject('/api/health')).json()).toMatchObject({ status: 'ok', database: h.dialect });
  });
});
