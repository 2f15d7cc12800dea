/**
 * NVD CVE API 2.0 sync (fetch stage only): incremental by last-modified window (≤120 days each),
 * paging by `startIndex`, a window redone when `totalResults` moves under us. Each page is handed to
 * the caller as text and parsed JSON; the caller imports it and stores the returned watermark.
 */
import { InputError } from '../model/errors.js';
import { parseJson } from '../formats/json/index.js';
import { asArray, asNumber, asObject, asString, type JsonObject } from '../formats/json/index.js';
import { HttpClient } from './http.js';
import { NVD_ANONYMOUS_LIMIT, NVD_KEYED_LIMIT } from './rate-limit.js';

export const NVD_CVE_API_URL = 'https://services.nvd.nist.gov/rest/json/cves/2.0';
export const NVD_MAX_PAGE_SIZE = 2000;
export const NVD_MAX_WINDOW_DAYS = 120;
const DAY_MS = 86_400_000;

export interface NvdWindow {
  /** ISO-8601 with offset, as sent in `lastModStartDate`. */
  start: string;
  /** ISO-8601 with offset, as sent in `lastModEndDate`. */
  end: string;
}

export interface NvdPageInfo {
  startIndex: number;
  totalResults: number;
  resultsPerPage: number;
  /** The response `timestamp` (UTC, as NVD prints it). */
  timestamp: string;
  /** The last-modified window of this page; undefined in a full sync. */
  window: NvdWindow | undefined;
}

export interface NvdPage {
  /** The response body as received; `readNvdDocument(text)` reads it. */
  text: string;
  /** The same body parsed (top level checked to be an NVD API 2.0 page). */
  data: JsonObject;
}

export interface NvdSyncOptions {
  baseUrl?: string;
  /** Sent as the `apiKey` header; raises the rate limit to 50 per 30 s. Never logged. */
  apiKey?: string;
  /** Watermark of the last complete sync (ISO-8601). Absent → full sync of the whole collection. */
  since?: string;
  /** End of the incremental range; defaults to the client's clock. */
  now?: Date | string;
  /** `resultsPerPage`, at most 2000 (the default). */
  pageSize?: number;
  onPage: (page: NvdPage, info: NvdPageInfo) => void | Promise<void>;
  signal?: AbortSignal;
  /** Shared client; one is made when absent. The NVD host's rate limit is set on it. */
  http?: HttpClient;
  /** Times a window is restarted because `totalResults` changed before giving up. */
  maxWindowRestarts?: number;
}

export interface NvdSyncResult {
  /** Store and pass back as `since` next time. */
  watermark: string;
  pages: number;
  /** Vulnerability entries handed over (a restarted window counts again). */
  records: number;
  windows: number;
  restarts: number;
}

/** Formats an instant as NVD wants it: `2024-04-01T13:00:00.000+00:00`. */
export function formatNvdDate(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '+00:00');
}

/** Parses an ISO-8601 instant; a value without an offset (NVD's `timestamp`) is UTC. */
export function parseNvdInstant(value: string, what: string): number {
  const trimmed = value.trim();
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed);
  const ms = Date.parse(hasOffset || !trimmed.includes('T') ? trimmed : `${trimmed}Z`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed) || Number.isNaN(ms)) {
    throw new InputError(`${what} is not an ISO-8601 date-time: ${JSON.stringify(value)}`, { code: 'invalid-date' });
  }
  return ms;
}

/** Splits [start, end] into consecutive windows of at most `maxDays` days. */
export function splitWindows(startMs: number, endMs: number, maxDays: number = NVD_MAX_WINDOW_DAYS): NvdWindow[] {
  const windows: NvdWindow[] = [];
  const span = maxDays * DAY_MS;
  for (let from = startMs; from < endMs; from += span) {
    windows.push({ start: formatNvdDate(from), end: formatNvdDate(Math.min(from + span, endMs)) });
  }
  return windows;
}

/** Builds a page URL; `+` in offsets is sent as `%2B` (a raw `+` would decode as a space). */
export function nvdPageUrl(baseUrl: string, params: { startIndex: number; pageSize: number; window?: NvdWindow }): string {
  const query: [string, string][] = [];
  if (params.window) query.push(['lastModStartDate', params.window.start], ['lastModEndDate', params.window.end]);
  query.push(['resultsPerPage', String(params.pageSize)], ['startIndex', String(params.startIndex)]);
  const encoded = query.map(([key, value]) => `${key}=${encodeURIComponent(value).replace(/%3A/gi, ':')}`).join('&');
  return `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}${encoded}`;
}

function readEnvelope(data: unknown, url: string): { data: JsonObject; info: Omit<NvdPageInfo, 'window'>; count: number } {
  const root = asObject(data);
  const fail = (message: string, pointer: string): never => {
    throw new InputError(`not an NVD API 2.0 page: ${message}`, {
      code: 'unsupported-document',
      place: { file: url, pointer },
      issues: [{ file: url, pointer, message, code: 'unsupported-document' }],
    });
  };
  if (!root) return fail('the top level is not a JSON object', '');
  const totalResults = asNumber(root.totalResults);
  const startIndex = asNumber(root.startIndex);
  const resultsPerPage = asNumber(root.resultsPerPage);
  if (totalResults === undefined || !Number.isInteger(totalResults) || totalResults < 0) return fail('totalResults is missing or invalid', '/totalResults');
  if (startIndex === undefined || !Number.isInteger(startIndex) || startIndex < 0) return fail('startIndex is missing or invalid', '/startIndex');
  if (resultsPerPage === undefined || !Number.isInteger(resultsPerPage) || resultsPerPage < 0) return fail('resultsPerPage is missing or invalid', '/resultsPerPage');
  if (!Array.isArray(root.vulnerabilities)) return fail('vulnerabilities is not an array', '/vulnerabilities');
  const timestamp = asString(root.timestamp);
  if (timestamp === undefined) return fail('timestamp is missing', '/timestamp');
  parseNvdInstant(timestamp, `${url} timestamp`);
  return { data: root, info: { totalResults, startIndex, resultsPerPage, timestamp }, count: asArray(root.vulnerabilities).length };
}

/**
 * Runs one sync. Pages are handed over in order; if `onPage` throws, the sync stops and nothing is
 * returned, so the caller keeps its old watermark and the next run repeats the unfinished windows.
 */
export async function syncNvd(options: NvdSyncOptions): Promise<NvdSyncResult> {
  const baseUrl = options.baseUrl ?? NVD_CVE_API_URL;
  const pageSize = options.pageSize ?? NVD_MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > NVD_MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer from 1 to ${NVD_MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  const http = options.http ?? new HttpClient();
  http.setRateLimit(new URL(baseUrl).host, options.apiKey ? NVD_KEYED_LIMIT : NVD_ANONYMOUS_LIMIT);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.apiKey) headers.apiKey = options.apiKey;
  const maxRestarts = options.maxWindowRestarts ?? 3;
  const result: NvdSyncResult = { watermark: '', pages: 0, records: 0, windows: 0, restarts: 0 };

  /** Pages one window (or the whole collection); returns the first page's timestamp. */
  const runWindow = async (window: NvdWindow | undefined): Promise<number> => {
    for (let restart = 0; ; restart++) {
      let expectedTotal: number | undefined;
      let firstTimestamp: number | undefined;
      let startIndex = 0;
      let changed = false;
      do {
        const url = nvdPageUrl(baseUrl, { startIndex, pageSize, window });
        // With a key, never follow a redirect: the key header would travel to wherever it points.
        const response = await http.get({ url, headers, signal: options.signal, retryOn403: true, redirect: options.apiKey ? 'manual' : 'follow' });
        const text = Buffer.from(response.body.buffer, response.body.byteOffset, response.body.byteLength).toString('utf8');
        const page = readEnvelope(parseJson(text, { file: url }), url);
        if (expectedTotal === undefined) expectedTotal = page.info.totalResults;
        firstTimestamp ??= parseNvdInstant(page.info.timestamp, 'timestamp');
        if (page.info.totalResults !== expectedTotal) {
          // Inside a last-modified window the order shifts as records change: redo it. A full sync
          // only grows at the end (records are never deleted), so it carries on to the new total.
          if (window) {
            changed = true;
            break;
          }
          expectedTotal = page.info.totalResults;
        }
        if (page.count === 0 && startIndex < expectedTotal) {
          throw new InputError(`NVD returned an empty page at startIndex ${startIndex} of ${expectedTotal}`, {
            code: 'nvd-empty-page',
            place: { file: url },
          });
        }
        await options.onPage({ text, data: page.data }, { ...page.info, window });
        result.pages++;
        result.records += page.count;
        startIndex += page.info.resultsPerPage > 0 ? page.info.resultsPerPage : page.count;
      } while (startIndex < expectedTotal);
      if (!changed) return firstTimestamp as number; // set by the first page: the loop runs at least once
      if (restart >= maxRestarts) {
        throw new InputError(`NVD totalResults kept changing during window ${window?.start} – ${window?.end}; gave up after ${restart + 1} attempts`, {
          code: 'nvd-unstable-window',
        });
      }
      result.restarts++;
    }
  };

  if (options.since === undefined) {
    // Full sync: the watermark is the first page's timestamp, so records changed while paging are
    // picked up by the next incremental run.
    result.watermark = new Date(await runWindow(undefined)).toISOString();
    result.windows = 1;
    return result;
  }

  const startMs = parseNvdInstant(options.since, 'since');
  const endMs = options.now === undefined ? http.clock.now() : typeof options.now === 'string' ? parseNvdInstant(options.now, 'now') : options.now.getTime();
  if (Number.isNaN(endMs)) throw new RangeError('now is not a valid date');
  let watermark = startMs;
  for (const window of splitWindows(startMs, endMs)) {
    const stamp = await runWindow(window);
    // Never past the window's end: records changed between `now` and the response are not in it.
    watermark = Math.min(stamp, parseNvdInstant(window.end, 'window end'));
    result.windows++;
  }
  result.watermark = new Date(watermark).toISOString();
  return result;
}
