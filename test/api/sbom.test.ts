import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readCycloneDxJson } from '../../src/formats/cyclonedx/read-json.js';
import { validateCycloneDxJsonText } from '../../src/formats/cyclonedx/validate.js';
import { readSpdxJson } from '../../src/formats/spdx/read.js';
import { validateSpdxJsonText } from '../../src/formats/spdx/validate.js';
import { buildTestApp } from '../support/app.js';
import { countSbomRows } from '../../src/store/repositories/sbom.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { multipartFile } from '../support/multipart.js';
import { describeEachDialect } from '../support/stores.js';

const ML = fixture('sbom', 'cyclonedx', '1.6', 'valid-machine-learning-1.6.json');
const LARAVEL = fixture('sbom', 'cyclonedx', '1.4', 'laravel-7.12.0.bom.1.4.json');
const OPENVEX = fixture('sbom', 'openvex', 'vexctl-sample-2vulns.openvex.json');

describeEachDialect('SBOM API', (h) => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildTestApp({ store: h.store, webRoot: null });
  });
  afterEach(async () => {
    await app.close();
  });

  const upload = (query: string, name: string, content: Buffer | string) =>
    app.inject({ method: 'POST', url: `/api/sboms/import${query}`, ...multipartFile('file', name, content, 'application/json') });

  it.skipIf(!haveFixtures)('imports uploads, lists, shows components, quality, VEX, exports and diffs', async () => {
    const asset = await app.inject({ method: 'POST', url: '/api/assets', payload: { name: 'Vision PC', kind: 'workstation', vendor: 'Acme', model: 'Vision', firmware: 'V1.0' } });
    expect(asset.statusCode).toBe(201);
    const assetId = asset.json().id as string;

    const ml = await upload(`?product=${encodeURIComponent('ACME/vision/1.0')}`, 'ml.json', readFileSync(ML));
    expect(ml.statusCode, ml.body).toBe(200);
    expect(ml.json()).toMatchObject({ status: 'imported', kind: 'sbom', aiComponents: 1, inheritedBy: 1 });
    const mlId = ml.json().id as string;
    const laravel = await upload(`?asset=${assetId}`, 'laravel.json', readFileSync(LARAVEL));
    expect(laravel.statusCode).toBe(200);
    const laravelId = laravel.json().id as string;
    const vex = await upload('', 'sample.openvex.json', readFileSync(OPENVEX));
    expect(vex.json()).toMatchObject({ kind: 'vex', format: 'openvex', vexStatements: 2 });

    const list = (await app.inject('/api/sboms?limit=10')).json();
    expect(list.total).toBe(3);
    expect((await app.inject('/api/sboms?kind=vex')).json().items.map((s: { id: string }) => s.id)).toEqual([vex.json().id]);
    expect((await app.inject('/api/sboms?q=laravel')).json().total).toBe(1);

    const detail = (await app.inject(`/api/sboms/${laravelId}`)).json();
    expect(detail).toMatchObject({ componentCount: 62, asset: { id: assetId, name: 'Vision PC' }, documentKept: true });
    expect(detail.quality.licenses[0]).toMatchObject({ license: 'MIT' });

    const comps = (await app.inject(`/api/sboms/${laravelId}/components?limit=5&q=guzzle`)).json();
    expect(comps.items.map((c: { name: string }) => c.name)).toContain('guzzle');
    const noSupplier = (await app.inject(`/api/sboms/${laravelId}/components?missing=supplier&limit=1`)).json();
    expect(noSupplier.total).toBe(62);
    const aiOnly = (await app.inject(`/api/sboms/${mlId}/components?ai=true`)).json();
    expect(aiOnly.items[0]).toMatchObject({ type: 'machine-learning-model', ai: true });
    expect(aiOnly.items[0].modelCard).toHaveProperty('modelParameters');

    const quality = (await app.inject(`/api/sboms/${laravelId}/quality`)).json();
    expect(quality.gapCount).toBe(62);
    expect(quality.quality.document.map((d: { element: string }) => d.element)).toEqual(['author', 'timestamp', 'tool-name', 'generation-context']);

    const original = await app.inject(`/api/sboms/${laravelId}/document`);
    expect(original.headers['content-disposition']).toMatch(/laravel\.json/);
    expect(JSON.parse(original.body)).toEqual(JSON.parse(readFileSync(LARAVEL, 'utf8')));

    // The asset has its own SBOM and inherits the product version's.
    const mine = (await app.inject(`/api/assets/${assetId}/sbom?limit=500`)).json();
    expect(mine.sboms.map((s: { via: string; sbom: { id: string } }) => [s.via, s.sbom.id])).toEqual([['asset', laravelId], ['product-version', mlId]]);
    expect(mine.components.total).toBe(63);
    expect((await app.inject(`/api/assets/${assetId}/sbom?ai=true`)).json().components.total).toBe(1);

    const exported = await app.inject(`/api/assets/${assetId}/sbom/export?format=cyclonedx-json`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/application\/vnd\.cyclonedx\+json/);
    expect(await validateCycloneDxJsonText(exported.body, '1.6')).toEqual([]);
    // Laravel's subject and its 62 components, and the ML model, under the asset.
    expect((await readCycloneDxJson(exported.body)).document.components).toHaveLength(64);
    const spdx = await app.inject(`/api/sboms/${laravelId}/export?format=spdx-json`);
    expect(validateSpdxJsonText(spdx.body, '2.3')).toEqual([]);
    // SPDX has no subject slot: the described package is one more package.
    expect(readSpdxJson(spdx.body).document.components).toHaveLength(63);

    const pvs = (await app.inject('/api/product-versions')).json().items;
    expect(pvs).toEqual([expect.objectContaining({ vendor: 'ACME', product: 'vision', version: '1.0', assetCount: 1, sbomCount: 1, latestSbomId: mlId })]);
    const pv = (await app.inject(`/api/product-versions/${pvs[0].id}`)).json();
    expect(pv.assets.map((a: { id: string }) => a.id)).toEqual([assetId]);
    expect((await app.inject(`/api/product-versions/${pvs[0].id}/export?format=cyclonedx-xml`)).body).toMatch(/^<\?xml/);

    const diff = (await app.inject(`/api/sboms/diff?from=${pvs[0].id}&to=${laravelId}`)).json();
    expect(diff).toMatchObject({ unchanged: 0 });
    expect(diff.added).toHaveLength(63); // the subject is compared too

    expect((await app.inject({ method: 'DELETE', url: `/api/sboms/${laravelId}` })).statusCode).toBe(204);
    expect((await app.inject(`/api/sboms/${laravelId}`)).statusCode).toBe(404);
  });

  it('answers bad input with 4xx error bodies and writes nothing', async () => {
    const before = await countSbomRows(h.store.db);
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>';
    const cases: Array<[Promise<{ statusCode: number; json: () => { error: { code: string; details?: { issues?: Array<{ line?: number }> } } } }>, number, string]> = [
      [upload('', 'xxe.xml', xxe), 400, 'xml-doctype-refused'],
      [upload('', 'junk.json', '{"nope": 1}'), 400, 'unknown-sbom-format'],
      [upload('', 'cut.json', '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": ['), 400, 'invalid-json'],
      [upload('?product=no-slashes', 'x.json', '{}'), 400, 'invalid-product'],
      [upload('?asset=nope', 'x.json', '{"bomFormat":"CycloneDX","specVersion":"1.6"}'), 404, 'not-found'],
      [upload('?bogus=1', 'x.json', '{}'), 400, 'validation-failed'],
      [app.inject({ method: 'POST', url: '/api/sboms/import', payload: { a: 1 } }), 400, 'not-multipart'],
      [app.inject('/api/sboms?sort=evil'), 400, 'validation-failed'],
      [app.inject('/api/sboms/nope'), 404, 'not-found'],
      [app.inject('/api/sboms/nope/components?missing=colour'), 400, 'validation-failed'],
      [app.inject('/api/sboms/nope/export?format=pdf'), 400, 'validation-failed'],
      [app.inject('/api/sboms/nope/export?format=spdx-json'), 404, 'not-found'],
      [app.inject('/api/sboms/diff?from=a'), 400, 'validation-failed'],
      [app.inject('/api/sboms/diff?from=a&to=b'), 404, 'not-found'],
      [app.inject('/api/assets/nope/sbom'), 404, 'not-found'],
      [app.inject('/api/product-versions/nope'), 404, 'not-found'],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect(res.statusCode, code).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    const xxeRes = await upload('', 'xxe.xml', xxe);
    expect(xxeRes.json().error.details?.issues?.[0]?.line).toBe(2);
    expect(await countSbomRows(h.store.db)).toEqual(before);
  });
});
