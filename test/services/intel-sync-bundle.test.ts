import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as openpgp from 'openpgp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { HttpClient, VirtualClock } from '../../src/feeds/index.js';
import { importIntel } from '../../src/services/intel.js';
import { createIntelBundle, importIntelBundle, looksLikeBundle } from '../../src/services/intel-bundle.js';
import { parseSyncTargets, syncIntel } from '../../src/services/intel-sync.js';
import { makeZip } from '../support/zip.js';
import { openStore, type Store } from '../../src/store/database.js';
import { getVulnerability, intelStatus } from '../../src/store/repositories/intel.js';
import { startServer, sendBody, type LocalServer } from '../feeds/local-server.js';
import { fixture } from '../support/fixtures.js';
import { describeEachDialect } from '../support/stores.js';

const nvdPage = readFileSync(fixture('nvd', 'osv.dev-nvdcve-2.0', 'api-page-13-records.json'));
const kev = readFileSync(fixture('kev', 'known_exploited_vulnerabilities.json'));
const osvZip = makeZip([{ name: 'PYSEC-2021-63.json', content: readFileSync(fixture('osv', 'test-data-extracted', 'PYSEC-2021-63.json')) }]);
const epssGz = gzipSync('#model_version:v2025.03.14,score_date:2026-11-25T00:00:00Z\ncve,epss,percentile\nCVE-2023-20198,0.94,0.999\n');

describeEachDialect('intel sync and air-gap bundles', (h) => {
  let server: LocalServer;
  beforeEach(async () => {
    server = await startServer();
    server.route('/rest/json/cves/2.0', (req, res) =>
      req.url.searchParams.has('lastModStartDate')
        ? sendBody(res, JSON.stringify({ resultsPerPage: 0, startIndex: 0, totalResults: 0, format: 'NVD_CVE', version: '2.0', timestamp: '2026-11-26T00:00:00.000', vulnerabilities: [] }), { 'content-type': 'application/json' })
        : sendBody(res, nvdPage, { 'content-type': 'application/json' }),
    );
    server.route('/kev.json', (req, res) =>
      req.headers['if-none-match'] === '"v1"' ? sendBody(res, '', {}, 304) : sendBody(res, kev, { etag: '"v1"', 'content-type': 'application/json' }),
    );
    server.route('/osv/PyPI/all.zip', (req, res) =>
      req.headers['if-none-match'] === '"z1"' ? sendBody(res, '', {}, 304) : sendBody(res, osvZip, { etag: '"z1"', 'content-type': 'application/zip' }),
    );
    server.route('/epss/epss_scores-current.csv.gz', (_req, res) => sendBody(res, epssGz, { 'content-type': 'application/gzip' }));
  });
  afterEach(async () => {
    await server.close();
  });

  it('syncs NVD, KEV and EPSS from local endpoints, then resumes from the stored cursors', async () => {
    const http = new HttpClient({ clock: new VirtualClock(Date.parse('2026-11-26T00:00:00Z')) });
    const options = {
      http,
      nvdUrl: `${server.origin}/rest/json/cves/2.0`,
      kevUrl: `${server.origin}/kev.json`,
      epssUrl: `${server.origin}/epss`,
      osvUrl: `${server.origin}/osv`,
    };
    const first = await syncIntel(h.store, parseSyncTargets(['kev', 'nvd', 'epss', 'osv', 'PyPI']), options);
    expect(first.map((r) => [r.source, r.changed, r.documents.map((d) => d.status)])).toEqual([
      ['kev', true, ['imported']],
      ['nvd', true, ['imported']],
      ['epss', true, ['imported']],
      ['osv', true, ['imported']],
    ]);
    expect((await getVulnerability(h.store.db, 'PYSEC-2021-63'))?.sources).toEqual(['osv:PYSEC-2021-63']);
    expect((await getVulnerability(h.store.db, 'CVE-2026-20912'))?.sources).toContain('nvd');
    expect((await getVulnerability(h.store.db, 'CVE-2023-20198'))?.epss?.score).toBe(0.94);

    const second = await syncIntel(h.store, [{ source: 'kev' }, { source: 'nvd' }, { source: 'osv', ecosystem: 'PyPI' }], options);
    expect(second.map((r) => r.changed)).toEqual([false, false, false]);
    expect(() => parseSyncTargets(['csaf'])).toThrow(/provider/);
    expect(() => parseSyncTargets(['bogus'])).toThrow(/unknown source/);
    const nvdRequests = server.requests.filter((r) => r.url.pathname === '/rest/json/cves/2.0');
    expect(nvdRequests.at(-1)!.url.searchParams.get('lastModStartDate')).toMatch(/^2026-/);
    expect(server.requests.filter((r) => r.url.pathname === '/kev.json').at(-1)!.headers['if-none-match']).toBe('"v1"');
    const status = await intelStatus(h.store.db);
    expect(status.sources.find((s) => s.source === 'sync:nvd')?.cursor).toMatch(/watermark/);
  });

  it('follows CVE List V5 releases: a baseline first, then only newer deltas', async () => {
    const cve = (id: string) => ({ name: `cves/2023/${id}.json`, content: readFileSync(fixture('cve5', `${id}.json`)) });
    const baseline = makeZip([{ name: 'cves.zip', content: makeZip([cve('CVE-2023-20198'), cve('CVE-2023-1935')]) }]);
    const delta = makeZip([{ name: 'deltaCves/CVE-2023-20273.json', content: readFileSync(fixture('cve5', 'CVE-2023-20273.json')) }]);
    const release = (tag: string, at: string) => ({
      tag_name: tag,
      published_at: at,
      assets: [
        { name: `${tag}_all_CVEs_at_midnight.zip`, browser_download_url: `${server.origin}/dl/all-${tag}.zip` },
        { name: `${tag}_delta_CVEs_at_end_of_day.zip`, browser_download_url: `${server.origin}/dl/delta-${tag}.zip` },
      ],
    });
    const releases = [release('r1', '2026-11-24T00:00:00Z')];
    server.route('/cvelist/releases', (_req, res) => sendBody(res, JSON.stringify(releases), { 'content-type': 'application/json' }));
    server.route('/dl/all-r1.zip', (_req, res) => sendBody(res, baseline));
    server.route('/dl/delta-r2.zip', (_req, res) => sendBody(res, delta));
    const options = { http: new HttpClient({ clock: new VirtualClock(0) }), cve5ReleasesUrl: `${server.origin}/cvelist/releases` };

    const first = await syncIntel(h.store, [{ source: 'cve5' }], options);
    expect(first[0]!.documents.map((d) => [d.kind, d.status, d.records])).toEqual([['zip', 'imported', 2]]);
    releases.unshift(release('r2', '2026-11-25T00:00:00Z'));
    const second = await syncIntel(h.store, [{ source: 'cve5' }], options);
    expect(second[0]!.documents.map((d) => [d.name, d.status, d.records])).toEqual([['r2_delta_CVEs_at_end_of_day.zip', 'imported', 1]]);
    expect((await getVulnerability(h.store.db, 'CVE-2023-20273'))?.sources).toEqual(['cve5']);
    expect((await syncIntel(h.store, [{ source: 'cve5' }], options))[0]!.changed).toBe(false);
    expect(server.requests.filter((r) => r.url.pathname.startsWith('/dl/')).map((r) => r.url.pathname)).toEqual(['/dl/all-r1.zip', '/dl/delta-r2.zip']);
  });

  it('moves the intelligence across an air gap in a signed bundle that imports whole or not at all', { timeout: 180_000 }, async () => {
    await importIntel(h.store, [
      { name: 'kev.json', bytes: kev },
      { name: 'cve.json', bytes: readFileSync(fixture('cve5', 'CVE-2023-20198.json')) },
      { name: 'icsa.json', bytes: readFileSync(fixture('csaf', 'cisa-ot', 'icsa-24-046-01.json')) },
      { name: 'epss.csv.gz', bytes: epssGz },
    ]);
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'ed25519Legacy', userIDs: [{ name: 'CSIRT', email: 'csirt@example.org' }], format: 'armored' });
    const chunks: Buffer[] = [];
    await createIntelBundle(h.store, new Writable({ write: (c, _e, cb) => (chunks.push(c as Buffer), cb()) }), { signingKey: { armoredKey: privateKey } });
    const bundle = Buffer.concat(chunks);
    expect(looksLikeBundle(bundle)).toBe(true);

    // The isolated side: an empty SQLite store.
    const isolated: Store = await openStore(':memory:');
    try {
      await expect(importIntelBundle(isolated, bundle, { trustedKeys: [] })).rejects.toThrow(/trusted/);
      const tampered = Buffer.from(bundle);
      const at = tampered.length - 2000;
      tampered.writeUInt8(tampered.readUInt8(at) ^ 0xff, at);
      await expect(importIntelBundle(isolated, tampered, { trustedKeys: [publicKey] })).rejects.toThrow();
      expect((await intelStatus(isolated.db)).counts.vulnerabilities).toBe(0);

      const report = await importIntelBundle(isolated, bundle, { trustedKeys: [publicKey] });
      expect(report.signedBy).toMatch(/^[0-9A-F]{40}$/i);
      const [a, b] = [await intelStatus(h.store.db), await intelStatus(isolated.db)];
      expect(b.counts).toEqual(a.counts);
      const [va, vb] = [await getVulnerability(h.store.db, 'CVE-2023-20198'), await getVulnerability(isolated.db, 'CVE-2023-20198')];
      expect({ ...vb, events: [] }).toEqual({ ...va, events: [] });
    } finally {
      await isolated.close();
    }
  });
});
