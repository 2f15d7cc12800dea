/**
 * Hostile input against the upload endpoints and the file downloads: generated bodies (property-
 * based, fixed seed so a failure reproduces) must always get a 4xx JSON error or a success —
 * never a 5xx — and a rejected import must leave the database as it was. Paths that try to climb
 * out of the web root or into other records get nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/store/database.js';
import { buildTestApp } from '../support/app.js';
import { multipartFile } from '../support/multipart.js';
import { describeEachDialect } from '../support/stores.js';

const UPLOADS = ['/api/assets/import', '/api/sboms/import', '/api/intel/import', '/api/discovery/analyse', '/api/scan'];

/** What a rejected upload must leave as it was: every table an import writes. */
async function recordCounts(store: Store): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['assets', 'observations', 'imports', 'sboms', 'sbom_components', 'product_versions', 'advisories', 'vulnerabilities', 'asset_events'] as const) {
    counts[table] = Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
  }
  return counts;
}

/** Text a tenant or a document chose, as hostile as a file name or query value gets. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom('../../etc/passwd', '..\\..\\boot.ini', '%2e%2e%2f', 'a\r\nSet-Cookie: x=1', '"; filename="evil.sh', '\u0000', '/', 'Siemens/S7/', '//', 'x'.repeat(5000)),
);

const SBOM = JSON.stringify({
  bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
  metadata: { component: { type: 'firmware', name: 'fw', version: '1.0', 'bom-ref': 'fw' } },
  components: [{ type: 'library', name: 'openssl', version: '1.1.1k', purl: 'pkg:generic/openssl@1.1.1k', 'bom-ref': 'ossl' }],
});

/** Bodies shaped like the formats the endpoints read, broken in every way fast-check finds. */
const hostileBody = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 400 }).map((s) => Buffer.from(`name,kind,ip,mac,external_id\n${s}`)),
  fc.json({ maxDepth: 6 }).map((j) => Buffer.from(j)),
  fc.record({ bomFormat: fc.constantFrom('CycloneDX', 'SPDX', 7), specVersion: fc.oneof(fc.string(), fc.constant('1.6')), components: fc.anything() }).map((o) => Buffer.from(JSON.stringify(o))),
  fc.string({ maxLength: 300 }).map((s) => Buffer.from(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><bom xmlns="http://cyclonedx.org/schema/bom/1.5">&e;${s}</bom>`)),
  fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.concat([Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]), Buffer.from(b)])),
);

describeEachDialect('hostile input', (h) => {
  let app: FastifyInstance;
  let webRoot: string;
  beforeEach(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'bulwark-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Bulwark</title>');
    app = await buildTestApp({ store: h.store, webRoot });
  });
  afterEach(async () => {
    await app.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('answers generated bodies on every upload endpoint with a 4xx error or a success, never a 5xx, and keeps rejected imports out', { timeout: 240_000 }, async () => {
    for (const url of UPLOADS) {
      await fc.assert(
        fc.asyncProperty(hostileBody, fc.constantFrom('plant.csv', 'bom.json', 'bom.xml', 'cap.pcap', '../../etc/passwd', 'x'), async (body, name) => {
          const before = await recordCounts(h.store);
          const upload = multipartFile('file', name, body, 'application/octet-stream');
          const res = await app.inject({ method: 'POST', url, payload: upload.payload, headers: upload.headers });
          expect(res.statusCode, `${url} ${name}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.json().error.code).toMatch(/^[a-z0-9-]+$/);
            expect(res.body).not.toMatch(/root:x:0:0|at [\w.<>]+ \(.*\.(ts|js):\d+/);
            expect(await recordCounts(h.store), `${url} ${name}: a rejected upload wrote something`).toEqual(before);
          }
        }),
        { numRuns: 20, seed: 20261126 },
      );
    }
  });

  it('never serves a file outside the web root or a record through a crafted path', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd']) {
      const res = await app.inject(path);
      expect(res.body, path).not.toMatch(/"name": "bulwark"|root:x:0:0/);
    }
    for (const path of ['/api/sboms/..%2F..%2Fetc%2Fpasswd/document', '/api/advisories/..%2F..%2Fpackage.json/document', '/api/sboms/%2e%2e/document']) {
      const res = await app.inject(path);
      expect(res.statusCode, path).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, path).toBeLessThan(500);
      expect(res.body).not.toMatch(/root:x:0:0|"name": "bulwark"/);
    }
  });

  it('answers generated query values of the import endpoints with a 4xx error or a success, never a 5xx', { timeout: 240_000 }, async () => {
    const csv = 'name,kind,site,external_id\nPLC-1,plc,Plant,E-1\n';
    const cases: Array<{ url: (v: string) => string; file: string; body: string }> = [
      { url: (v) => `/api/assets/import?site=${encodeURIComponent(v)}`, file: 'plant.csv', body: csv },
      { url: (v) => `/api/assets/import?dryRun=${encodeURIComponent(v)}`, file: 'plant.csv', body: csv },
      { url: (v) => `/api/assets/import?format=${encodeURIComponent(v)}`, file: 'plant.csv', body: csv },
      { url: (v) => `/api/sboms/import?product=${encodeURIComponent(v)}`, file: 'fw.cdx.json', body: SBOM },
      { url: (v) => `/api/sboms/import?asset=${encodeURIComponent(v)}`, file: 'fw.cdx.json', body: SBOM },
      { url: (v) => `/api/discovery/analyse?import=true&site=${encodeURIComponent(v)}`, file: 'cap.pcap', body: '' },
    ];
    for (const c of cases) {
      await fc.assert(
        fc.asyncProperty(hostileText, async (value) => {
          const before = await recordCounts(h.store);
          const upload = multipartFile('file', c.file, c.body, 'application/octet-stream');
          const res = await app.inject({ method: 'POST', url: c.url(value), payload: upload.payload, headers: upload.headers });
          expect(res.statusCode, `${c.url(value).slice(0, 200)}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.json().error.code).toMatch(/^[a-z0-9-]+$/);
            expect(await recordCounts(h.store)).toEqual(before);
          }
        }),
        { numRuns: 15, seed: 20261126 },
      );
    }
  });

  it('names every download safely, whatever the upload and the document called themselves', async () => {
    const hostile = JSON.stringify({
      bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
      metadata: { component: { type: 'firmware', name: '../../../etc/passwd\r\nSet-Cookie: x=1', version: '"; rm -rf /', 'bom-ref': 'fw' } },
      components: [{ type: 'library', name: 'openssl', version: '1.1.1k', purl: 'pkg:generic/openssl@1.1.1k', 'bom-ref': 'ossl' }],
    });
    const asset = (await app.inject({ method: 'POST', url: '/api/assets', payload: { name: '../../.bashrc', kind: 'plc' } })).json().id as string;
    const downloads: string[] = ['/api/assets/export?format=csv', '/api/assets/export?format=json'];
    for (const [name, query] of [['../../.ssh/authorized_keys', `asset=${asset}`], ['..\\..\\x".json', `product=${encodeURIComponent('../..//..\\')}`]] as const) {
      const upload = multipartFile('file', name, hostile, 'application/json');
      const res = await app.inject({ method: 'POST', url: `/api/sboms/import?${query}`, payload: upload.payload, headers: upload.headers });
      expect(res.statusCode, res.body).toBe(200);
      const id = res.json().id as string;
      downloads.push(`/api/sboms/${id}/document`, ...['cyclonedx-json', 'cyclonedx-xml', 'spdx-json'].map((f) => `/api/sboms/${id}/export?format=${f}`));
      if (res.json().productVersion) downloads.push(`/api/product-versions/${res.json().productVersion.id}/export?format=cyclonedx-json`);
    }
    downloads.push(`/api/assets/${asset}/sbom/export?format=spdx-json`);
    for (const url of downloads) {
      const res = await app.inject(url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      const disposition = String(res.headers['content-disposition']);
      expect(disposition, url).toMatch(/^attachment; filename="[A-Za-z0-9_][\w.-]*"$/);
      expect(disposition, url).not.toMatch(/\.\.|[\r\n/\\]/);
    }
  });

  it('refuses a NUL character in a JSON body, a path parameter or a query with 400 (PostgreSQL cannot store it)', async () => {
    for (const request of [
      { method: 'POST' as const, url: '/api/assets', payload: { name: 'PLC\u00001', kind: 'plc' } },
      { method: 'POST' as const, url: '/api/assets', payload: { name: 'PLC-1', kind: 'plc', custom: { 'key\u0000': 'v' } } },
      { method: 'GET' as const, url: '/api/assets/abc%00def' },
      { method: 'GET' as const, url: '/api/assets?q=%00' },
    ]) {
      const res = await app.inject(request);
      expect(res.statusCode, request.url).toBe(400);
      expect(res.json().error.code, request.url).toBe('nul-character');
    }
    expect((await app.inject('/api/assets')).json().total).toBe(0);
  });
});
