import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEpssCsv } from '../../src/formats/epss/index.js';
import { readKevCatalog } from '../../src/formats/kev/index.js';
import { VirtualClock } from '../../src/feeds/clock.js';
import { epssFileUrl, syncEpss } from '../../src/feeds/epss.js';
import { HttpClient } from '../../src/feeds/http.js';
import { syncKev } from '../../src/feeds/kev.js';
import { fixture, haveFixtures } from '../support/fixtures.js';
import { sendBody, startServer, type LocalServer } from './local-server.js';

let server: LocalServer;
let http: HttpClient;

beforeEach(async () => {
  server = await startServer();
  http = new HttpClient({ clock: new VirtualClock(0), random: () => 0, retries: 1 });
});
afterEach(async () => {
  await server.close();
});

const SMALL_KEV = JSON.stringify({
  title: 'CISA Catalog of Known Exploited Vulnerabilities',
  catalogVersion: '2025.08.25',
  dateReleased: '2025-08-25T17:00:00.000Z',
  count: 1,
  vulnerabilities: [
    {
      cveID: 'CVE-2021-44228',
      vendorProject: 'Apache',
      product: 'Log4j2',
      vulnerabilityName: 'Apache Log4j2 Remote Code Execution Vulnerability',
      dateAdded: '2021-12-10',
      shortDescription: 'JNDI features do not protect against attacker-controlled LDAP endpoints.',
      requiredAction: 'Apply updates per vendor instructions.',
      dueDate: '2021-12-24',
      knownRansomwareCampaignUse: 'Known',
      notes: '',
      cwes: ['CWE-20'],
    },
  ],
});

/** Serves `body` with an ETag and Last-Modified, answering 304 to a matching conditional request. */
function conditionalRoute(path: string, body: Uint8Array | string, etag: string, lastModified: string, contentType: string): void {
  server.route(path, (request, response) => {
    if (request.headers['if-none-match'] === etag || request.headers['if-modified-since'] === lastModified) {
      sendBody(response, '', { etag, 'last-modified': lastModified }, 304);
      return;
    }
    sendBody(response, body, { etag, 'last-modified': lastModified, 'content-type': contentType });
  });
}

describe('syncKev', () => {
  const kevBody = haveFixtures ? readFileSync(fixture('kev', 'known_exploited_vulnerabilities.json')) : Buffer.from(SMALL_KEV);
  const etag = '"kev-v1"';
  const lastModified = 'Mon, 25 Aug 2025 17:00:00 GMT';

  it('downloads the catalog, hands the bytes over, and returns the validators', async () => {
    conditionalRoute('/kev.json', kevBody, etag, lastModified, 'application/json');
    let handed: Uint8Array | undefined;
    const result = await syncKev({ url: `${server.origin}/kev.json`, http, onFile: (bytes) => void (handed = bytes) });
    expect(result).toMatchObject({ changed: true, etag, lastModified, bytes: kevBody.byteLength });
    expect(Buffer.compare(Buffer.from(handed ?? []), kevBody)).toBe(0);
    const { catalog } = readKevCatalog(handed ?? new Uint8Array());
    expect(catalog.entries.length).toBeGreaterThan(0);
  });

  it('sends If-None-Match / If-Modified-Since and skips the callback on 304', async () => {
    conditionalRoute('/kev.json', kevBody, etag, lastModified, 'application/json');
    let calls = 0;
    const byEtag = await syncKev({ url: `${server.origin}/kev.json`, http, etag, onFile: () => void calls++ });
    expect(byEtag).toEqual({ changed: false, url: `${server.origin}/kev.json`, etag, lastModified });
    const byDate = await syncKev({ url: `${server.origin}/kev.json`, http, lastModified, onFile: () => void calls++ });
    expect(byDate.changed).toBe(false);
    expect(calls).toBe(0);
    expect(server.requests[0]?.headers['if-none-match']).toBe(etag);
    expect(server.requests[1]?.headers['if-modified-since']).toBe(lastModified);
  });

  it('downloads again when the ETag no longer matches', async () => {
    conditionalRoute('/kev.json', SMALL_KEV, '"kev-v2"', lastModified, 'application/json');
    const result = await syncKev({ url: `${server.origin}/kev.json`, http, etag: '"kev-v1"', onFile: () => undefined });
    expect(result).toMatchObject({ changed: true, etag: '"kev-v2"' });
  });

  it('rejects an HTML page served with 200 and does not call back', async () => {
    server.route('/kev.json', (_req, res) => sendBody(res, '<html>maintenance</html>', { 'content-type': 'text/html' }));
    let calls = 0;
    await expect(syncKev({ url: `${server.origin}/kev.json`, http, onFile: () => void calls++ })).rejects.toMatchObject({ code: 'unsupported-document' });
    expect(calls).toBe(0);
  });
});

describe('syncEpss', () => {
  const csv = '#model_version:v2025.03.14,score_date:2025-09-03T12:55:00Z\ncve,epss,percentile\nCVE-1999-0001,0.0142,0.7991\nCVE-2021-44228,0.9447,0.9998\n';
  const gz = gzipSync(csv);

  it('fetches epss_scores-current.csv.gz with ETag/304 and hands over gzip bytes', async () => {
    conditionalRoute('/epss_scores-current.csv.gz', gz, '"e1"', 'Wed, 03 Sep 2025 13:00:00 GMT', 'application/gzip');
    let handed: Uint8Array | undefined;
    const first = await syncEpss({ baseUrl: `${server.origin}/`, http, onFile: (bytes) => void (handed = bytes) });
    expect(first).toMatchObject({ changed: true, etag: '"e1"' });
    const read = readEpssCsv(handed ?? new Uint8Array());
    expect(read.modelVersion).toBe('v2025.03.14');
    expect(read.scores.map((s) => s.cveId)).toEqual(['CVE-1999-0001', 'CVE-2021-44228']);

    const second = await syncEpss({ baseUrl: server.origin, http, etag: first.etag, onFile: () => expect.fail('not modified') });
    expect(second).toMatchObject({ changed: false, etag: '"e1"' });
  });

  it('fetches a dated file and accepts a plain CSV body', async () => {
    server.route('/epss_scores-2025-09-03.csv.gz', (_req, res) => sendBody(res, csv, { 'content-type': 'text/csv' }));
    const result = await syncEpss({ baseUrl: server.origin, date: '2025-09-03', http, onFile: () => undefined });
    expect(result.changed).toBe(true);
    expect(server.requests[0]?.url.pathname).toBe('/epss_scores-2025-09-03.csv.gz');
  });

  it('rejects a body that is neither gzip nor EPSS CSV', async () => {
    server.route('/epss_scores-current.csv.gz', (_req, res) => sendBody(res, '<!doctype html><p>nope'));
    await expect(syncEpss({ baseUrl: server.origin, http, onFile: () => undefined })).rejects.toMatchObject({ code: 'unsupported-document' });
  });

  it('reports a missing day as an HTTP 404 error', async () => {
    await expect(syncEpss({ baseUrl: server.origin, date: '2020-01-01', http, onFile: () => undefined })).rejects.toMatchObject({ status: 404 });
  });

  it('validates the date before building a URL', () => {
    expect(epssFileUrl('https://epss.example/', '2025-09-03')).toBe('https://epss.example/epss_scores-2025-09-03.csv.gz');
    expect(() => epssFileUrl('https://epss.example', '../../etc')).toThrow(/YYYY-MM-DD/);
  });
});
