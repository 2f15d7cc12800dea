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
import { countAssets } from '../../src/store/repositories/assets.js';
import { buildTestApp } from '../support/app.js';
import { multipartFile } from '../support/multipart.js';
import { describeEachDialect } from '../support/stores.js';

const UPLOADS = ['/api/assets/import', '/api/sboms/import', '/api/intel/import', '/api/discovery/analyse', '/api/scan'];

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
          const before = await countAssets(h.store.db);
          const upload = multipartFile('file', name, body, 'application/octet-stream');
          const res = await app.inject({ method: 'POST', url, payload: upload.payload, headers: upload.headers });
          expect(res.statusCode, `${url} ${name}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            expect(res.json().error.code).toMatch(/^[a-z0-9-]+$/);
            expect(res.body).not.toMatch(/root:x:0:0|at [\w.<>]+ \(.*\.(ts|js):\d+/);
            if (url === '/api/assets/import') expect(await countAssets(h.store.db)).toBe(before);
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
});
