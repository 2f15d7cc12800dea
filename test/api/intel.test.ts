import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildTestApp } from '../support/app.js';
import { fixture } from '../support/fixtures.js';
import { describeEachDialect } from '../support/stores.js';

function multipartFiles(files: { name: string; content: Buffer }[]) {
  const boundary = `----bulwark${Math.random().toString(16).slice(2)}`;
  const parts = files.map((f) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/json\r\n\r\n`),
      f.content,
      Buffer.from('\r\n'),
    ]),
  );
  return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachDialect('intelligence API', (h) => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildTestApp({ store: h.store, webRoot: null });
  });
  afterEach(async () => {
    await app.close();
  });

  it('imports uploads, then lists, filters and shows vulnerabilities and advisories', { timeout: 180_000 }, async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/intel/import',
      ...multipartFiles([
        { name: 'kev.json', content: readFileSync(fixture('kev', 'known_exploited_vulnerabilities.json')) },
        { name: 'cve.json', content: readFileSync(fixture('cve5', 'CVE-2023-20198.json')) },
        { name: 'icsa.json', content: readFileSync(fixture('csaf', 'cisa-ot', 'icsa-24-046-01.json')) },
        { name: 'junk.json', content: Buffer.from('{"nope": true}') },
      ]),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().documents.map((d: { status: string }) => d.status)).toEqual(['imported', 'imported', 'imported', 'rejected']);

    const list = (await app.inject('/api/vulnerabilities?kev=true&sort=-cvss&limit=5')).json();
    expect(list.total).toBeGreaterThan(1000);
    const scores = list.items.map((v: { cvss: { baseScore: number } | null }) => v.cvss?.baseScore ?? -1);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));

    const v = (await app.inject('/api/vulnerabilities/CVE-2023-20198')).json();
    expect(v.kev).toMatchObject({ dateAdded: '2023-10-16', dueDate: '2023-10-20' });
    expect(v.ssvc).toMatchObject({ exploitation: 'active', automatable: 'yes', technicalImpact: 'total' });
    expect(v.cvss).toMatchObject({ baseScore: 10, version: '3.1' });

    const byVendor = (await app.inject('/api/vulnerabilities?vendor=Cisco&limit=500')).json();
    expect(byVendor.items.map((i: { id: string }) => i.id)).toContain('CVE-2023-20198');
    expect((await app.inject('/api/vulnerabilities?vendor=nobody-at-all')).json().total).toBe(0);

    const advisories = (await app.inject('/api/advisories')).json();
    expect(advisories.items.map((a: { id: string }) => a.id)).toEqual(['ICSA-24-046-01']);
    const adv = (await app.inject('/api/advisories/ICSA-24-046-01')).json();
    expect(adv.vulnerabilities).toHaveLength(14);
    const doc = await app.inject(adv.documentUrl);
    expect(doc.headers['content-disposition']).toMatch(/icsa-24-046-01\.json/);
    expect(JSON.parse(doc.body).document.tracking.id).toBe('ICSA-24-046-01');

    const status = (await app.inject('/api/intel/status')).json();
    expect(status.sources.map((s: { source: string }) => s.source)).toEqual(['csaf', 'cve5', 'kev']);
  });

  it('answers bad requests with 4xx error bodies', async () => {
    for (const [url, status, code] of [
      ['/api/vulnerabilities?minEpss=2', 400, 'validation-failed'],
      ['/api/vulnerabilities?sort=evil', 400, 'validation-failed'],
      ['/api/vulnerabilities?publishedFrom=yesterday', 400, 'validation-failed'],
      ['/api/vulnerabilities/CVE-0000-0000', 404, 'not-found'],
      ['/api/advisories/NOPE', 404, 'not-found'],
      ['/api/advisories/NOPE/document', 404, 'not-found'],
    ] as const) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.json().error.code, url).toBe(code);
    }
    const notMultipart = await app.inject({ method: 'POST', url: '/api/intel/import', payload: { a: 1 } });
    expect(notMultipart.statusCode).toBe(400);
  });
});
