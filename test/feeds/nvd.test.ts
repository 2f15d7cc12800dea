import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/errors.js';
import { readNvdDocument } from '../../src/formats/nvd/index.js';
import { VirtualClock } from '../../src/feeds/clock.js';
import { HttpClient } from '../../src/feeds/http.js';
import { nvdPageUrl, splitWindows, syncNvd, type NvdPageInfo } from '../../src/feeds/nvd.js';
import { sendBody, startServer, type LocalServer, type SeenRequest } from './local-server.js';

const DAY = 86_400_000;
const NOW = '2025-06-01T00:00:00.000Z';
const OFFSET_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

interface FakeCve {
  id: string;
  lastModified: number;
}

/** Plays the NVD CVE API 2.0: date-window filter, paging, NVD's own validation of the dates. */
class FakeNvd {
  records: FakeCve[] = [];
  /** Responses to send before the normal one, in order (status + headers). */
  failures: { status: number; headers?: Record<string, string> }[] = [];
  /** Hook run before each normal response (e.g. to change the data mid-run). */
  beforeResponse: ((request: SeenRequest, served: number) => void) | undefined;
  timestamp: (() => string) | undefined;
  served = 0;

  constructor(
    private readonly server: LocalServer,
    private readonly clock: VirtualClock,
  ) {
    server.route('/rest/json/cves/2.0', (request, response) => {
      const failure = this.failures.shift();
      if (failure) {
        sendBody(response, '', failure.headers ?? {}, failure.status);
        return;
      }
      this.beforeResponse?.(request, this.served);
      this.served++;
      const params = request.url.searchParams;
      const start = params.get('lastModStartDate');
      const end = params.get('lastModEndDate');
      let selected = [...this.records];
      if (start !== null || end !== null) {
        if (start === null || end === null || !OFFSET_DATE.test(start) || !OFFSET_DATE.test(end)) {
          sendBody(response, 'bad date', {}, 400);
          return;
        }
        const from = Date.parse(start);
        const to = Date.parse(end);
        if (to - from > 120 * DAY) {
          sendBody(response, 'range too long', {}, 404);
          return;
        }
        selected = selected.filter((r) => r.lastModified >= from && r.lastModified <= to);
      }
      const perPage = Number(params.get('resultsPerPage') ?? 2000);
      const startIndex = Number(params.get('startIndex') ?? 0);
      const page = selected.slice(startIndex, startIndex + perPage);
      sendBody(
        response,
        JSON.stringify({
          resultsPerPage: page.length,
          startIndex,
          totalResults: selected.length,
          format: 'NVD_CVE',
          version: '2.0',
          timestamp: this.timestamp?.() ?? new Date(this.clock.now()).toISOString().replace('Z', ''),
          vulnerabilities: page.map((r) => ({
            cve: {
              id: r.id,
              sourceIdentifier: 'cve@mitre.org',
              published: '2020-01-01T00:00:00.000',
              lastModified: new Date(r.lastModified).toISOString().replace('Z', ''),
              vulnStatus: 'Analyzed',
              descriptions: [{ lang: 'en', value: `test record ${r.id}` }],
              references: [],
            },
          })),
        }),
        { 'content-type': 'application/json' },
      );
    });
  }

  add(count: number, from: number, step: number): void {
    for (let i = 0; i < count; i++) this.records.push({ id: `CVE-2025-${String(this.records.length + 1000).padStart(4, '0')}`, lastModified: from + i * step });
  }

  get pageRequests(): SeenRequest[] {
    return this.server.requests.filter((r) => r.url.pathname === '/rest/json/cves/2.0');
  }
}

let server: LocalServer;
let clock: VirtualClock;
let nvd: FakeNvd;
let http: HttpClient;

beforeEach(async () => {
  server = await startServer();
  clock = new VirtualClock(NOW);
  nvd = new FakeNvd(server, clock);
  http = new HttpClient({ clock, random: () => 0, retries: 3 });
});
afterEach(async () => {
  await server.close();
});

function collect(): { pages: { ids: string[]; info: NvdPageInfo }[]; onPage: Parameters<typeof syncNvd>[0]['onPage'] } {
  const pages: { ids: string[]; info: NvdPageInfo }[] = [];
  return {
    pages,
    onPage: (page, info) => {
      // The handed-over text is what the NVD reader consumes.
      const document = readNvdDocument(page.text);
      pages.push({ ids: document.records.map((r) => r.record?.id ?? '?'), info });
    },
  };
}

describe('syncNvd', () => {
  it('full sync pages the whole collection by startIndex until totalResults', async () => {
    nvd.add(11, Date.parse('2024-01-01T00:00:00Z'), DAY);
    const { pages, onPage } = collect();
    const result = await syncNvd({ baseUrl: `${server.origin}/rest/json/cves/2.0`, http, pageSize: 5, onPage });
    expect(pages.map((p) => p.info.startIndex)).toEqual([0, 5, 10]);
    expect(pages.flatMap((p) => p.ids)).toEqual(nvd.records.map((r) => r.id));
    expect(nvd.pageRequests.every((r) => !r.url.searchParams.has('lastModStartDate'))).toBe(true);
    expect(result).toMatchObject({ pages: 3, records: 11, windows: 1, restarts: 0, watermark: NOW });
  });

  it('incremental sync splits a 200-day range into ≤120-day windows with %2B-encoded offsets', async () => {
    const since = new Date(Date.parse(NOW) - 200 * DAY).toISOString();
    nvd.add(10, Date.parse(since) + DAY, 19 * DAY);
    nvd.add(1, Date.parse(since) - 5 * DAY, 1); // older than the watermark: must not come back
    const { pages, onPage } = collect();
    const result = await syncNvd({ baseUrl: `${server.origin}/rest/json/cves/2.0`, http, since, now: NOW, pageSize: 2000, onPage });
    const windows = nvd.pageRequests.map((r) => [r.url.searchParams.get('lastModStartDate'), r.url.searchParams.get('lastModEndDate')]);
    expect(windows).toEqual([
      ['2024-11-13T00:00:00.000+00:00', '2025-03-13T00:00:00.000+00:00'],
      ['2025-03-13T00:00:00.000+00:00', '2025-06-01T00:00:00.000+00:00'],
    ]);
    for (const request of nvd.pageRequests) {
      expect(request.rawUrl).toMatch(/lastModStartDate=[^&]*%2B00:00/);
      expect(request.rawUrl).toMatch(/lastModEndDate=[^&]*%2B00:00/);
      expect(request.rawUrl).not.toContain('+');
    }
    expect(new Set(pages.flatMap((p) => p.ids)).size).toBe(10);
    expect(result.windows).toBe(2);
    expect(result.watermark).toBe(NOW);
  });

  it('sends the apiKey header, and without a key waits for the 5-per-30 s window', async () => {
    nvd.add(14, Date.parse('2024-01-01T00:00:00Z'), DAY);
    await syncNvd({ baseUrl: `${server.origin}/rest/json/cves/2.0`, http, pageSize: 2, onPage: () => undefined });
    expect(nvd.pageRequests).toHaveLength(7);
    expect(nvd.pageRequests.every((r) => r.headers.apikey === undefined)).toBe(true);
    expect(clock.sleeps).toEqual([30_000]);

    const keyed = new HttpClient({ clock: new VirtualClock(NOW), random: () => 0 });
    await syncNvd({ baseUrl: `${server.origin}/rest/json/cves/2.0`, http: keyed, apiKey: 'k-123', pageSize: 2, onPage: () => undefined });
    expect(nvd.pageRequests.slice(7).every((r) => r.headers.apikey === 'k-123')).toBe(true);
    expect((keyed.clock as VirtualClock).sleeps).toEqual([]);
  });

  it('rides out a 429 with Retry-After, a 403 throttle and a 503', async () => {
    nvd.add(3, Date.parse('2025-05-01T00:00:00Z'), DAY);
    nvd.failures = [{ status: 429, headers: { 'retry-after': '7' } }, { status: 403, headers: { 'retry-after': '9' } }, { status: 503 }];
    const { pages, onPage } = collect();
    const result = await syncNvd({ baseUrl: `${server.origin}/rest/json/cves/2.0`, http, since: '2025-04-01T00:00:00Z', now: NOW, onPage });
    expect(pages.flatMap((p) => p.ids)).toHaveLength(3);
    expect(clock.sleeps.slice(0, 2)).toEqual([7000, 9000]);
    expect(clock.sleeps).toHaveLength(3);
    expect(result.records).toBe(3);
  });

  it('redoes a window when totalResults changes mid-run', async () => {
    nvd.add(6, Date.parse('2025-05-01T00:00:00Z'), DAY);
    nvd.beforeResponse = (_request, served) => {
      // While the second page is being served, a record is modified into the window.
      if (served === 1) nvd.add(1, Date.parse('2025-05-20T00:00:00Z'), 1);
    };
    const { pages, onPage } = collect();
    const result = await syncNvd({ baseUrl: `${server.origin}/rest/json/cves/2.0`, http, since: '2025-04-01T00:00:00Z', now: NOW, pageSize: 3, onPage });
    expect(result.restarts).toBe(1);
    // First pass handed over page 0 only; the redo covers all 7 from startIndex 0.
    expect(pages.map((p) => p.info.startIndex)).toEqual([0, 0, 3, 6]);
    expect(new Set(pages.flatMap((p) => p.ids)).size).toBe(7);
    expect(pages.at(-1)?.info.totalResults).toBe(7);
  });

  it('gives up on a window whose totalResults never settles', async () => {
    nvd.add(6, Date.parse('2025-05-01T00:00:00Z'), DAY);
    nvd.beforeResponse = () => nvd.add(1, Date.parse('2025-05-20T00:00:00Z'), 1);
    await expect(
      syncNvd({ baseUrl: `${server.origin}/rest/json/cves/2.0`, http, since: '2025-04-01T00:00:00Z', now: NOW, pageSize: 3, maxWindowRestarts: 2, onPage: () => undefined }),
    ).rejects.toMatchObject({ code: 'nvd-unstable-window' });
  });

  it('keeps the watermark at the earlier of the response timestamp and the window end', async () => {
    nvd.add(2, Date.parse('2025-05-01T00:00:00Z'), DAY);
    nvd.timestamp = () => '2025-05-31T23:00:00.000';
    const result = await syncNvd({ baseUrl: `${server.origin}/rest/json/cves/2.0`, http, since: '2025-05-01T00:00:00Z', now: NOW, onPage: () => undefined });
    expect(result.watermark).toBe('2025-05-31T23:00:00.000Z');
  });

  it('returns the old watermark when there is nothing to do', async () => {
    const result = await syncNvd({ baseUrl: `${server.origin}/rest/json/cves/2.0`, http, since: NOW, now: NOW, onPage: () => undefined });
    expect(result).toMatchObject({ windows: 0, pages: 0, watermark: NOW });
    expect(nvd.pageRequests).toHaveLength(0);
  });

  it('stops without a watermark when the consumer fails', async () => {
    nvd.add(4, Date.parse('2025-05-01T00:00:00Z'), DAY);
    await expect(
      syncNvd({ baseUrl: `${server.origin}/rest/json/cves/2.0`, http, pageSize: 2, onPage: () => Promise.reject(new Error('disk full')) }),
    ).rejects.toThrow('disk full');
    expect(nvd.pageRequests).toHaveLength(1);
  });

  describe('bad responses', () => {
    const routeRaw = (body: string): void => server.route('/bad', (_req, res) => sendBody(res, body, { 'content-type': 'application/json' }));

    it('truncated JSON → InputError with line and column', async () => {
      routeRaw('{"resultsPerPage": 1, "startIndex": 0, "totalResults": 1, "vulnerabilities": [');
      const error = await syncNvd({ baseUrl: `${server.origin}/bad`, http, onPage: () => undefined }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).place?.line).toBe(1);
    });

    it('an envelope without totalResults → InputError with the pointer', async () => {
      routeRaw('{"resultsPerPage": 0, "startIndex": 0, "vulnerabilities": [], "timestamp": "2025-01-01T00:00:00.000"}');
      await expect(syncNvd({ baseUrl: `${server.origin}/bad`, http, onPage: () => undefined })).rejects.toMatchObject({
        code: 'unsupported-document',
        place: { pointer: '/totalResults' },
      });
    });

    it('an empty page before totalResults is an error, not an endless loop', async () => {
      routeRaw('{"resultsPerPage": 0, "startIndex": 0, "totalResults": 5, "vulnerabilities": [], "timestamp": "2025-01-01T00:00:00.000"}');
      await expect(syncNvd({ baseUrl: `${server.origin}/bad`, http, onPage: () => undefined })).rejects.toMatchObject({ code: 'nvd-empty-page' });
    });

    it('JSON nested 10,000 deep is refused by the depth cap', async () => {
      routeRaw('['.repeat(10_000) + ']'.repeat(10_000));
      await expect(syncNvd({ baseUrl: `${server.origin}/bad`, http, onPage: () => undefined })).rejects.toMatchObject({ code: 'limit-exceeded' });
    });

    it('rejects bad options before any request', async () => {
      await expect(syncNvd({ baseUrl: `${server.origin}/bad`, http, pageSize: 2001, onPage: () => undefined })).rejects.toBeInstanceOf(RangeError);
      await expect(syncNvd({ baseUrl: `${server.origin}/bad`, http, since: 'yesterday', onPage: () => undefined })).rejects.toMatchObject({ code: 'invalid-date' });
      expect(server.requests).toHaveLength(0);
    });
  });
});

describe('NVD URL and window helpers', () => {
  it('splits exactly at 120 days and covers the range without gaps', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const windows = splitWindows(start, start + 241 * DAY);
    expect(windows).toHaveLength(3);
    expect(windows[0]?.end).toBe(windows[1]?.start);
    expect(windows[2]?.end).toBe('2024-08-29T00:00:00.000+00:00');
    expect(splitWindows(start, start + 120 * DAY)).toHaveLength(1);
    expect(splitWindows(start, start)).toEqual([]);
  });

  it('encodes + as %2B and keeps an existing query string', () => {
    const url = nvdPageUrl('https://nvd.example/cves?noRejected', {
      startIndex: 2000,
      pageSize: 2000,
      window: { start: '2024-04-01T13:00:00.000+01:00', end: '2024-05-01T13:00:00.000+01:00' },
    });
    expect(url).toBe(
      'https://nvd.example/cves?noRejected&lastModStartDate=2024-04-01T13:00:00.000%2B01:00&lastModEndDate=2024-05-01T13:00:00.000%2B01:00&resultsPerPage=2000&startIndex=2000',
    );
  });
});
