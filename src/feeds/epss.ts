/** FIRST EPSS daily scores download (fetch stage): conditional GET, bytes handed to the caller. */
import { InputError } from '../model/errors.js';
import { isGzip } from '../formats/json/index.js';
import { fetchIfChanged, type ConditionalState, type FileMeta } from './conditional.js';
import type { HttpClient } from './http.js';
import type { FeedFileSyncResult } from './kev.js';

export const EPSS_BASE_URL = 'https://epss.empiricalsecurity.com';
/** The gzipped file is about 2 MB; 256 MiB stops a runaway response (gunzip has its own cap). */
export const EPSS_MAX_BYTES = 256 * 1024 * 1024;

export interface EpssSyncOptions extends ConditionalState {
  /** Where `epss_scores-….csv.gz` live. */
  baseUrl?: string;
  /** `YYYY-MM-DD` for one day's file; absent → `epss_scores-current.csv.gz`. */
  date?: string;
  http?: HttpClient;
  signal?: AbortSignal;
  maxResponseBytes?: number;
  /** Called with the file bytes (normally gzip) only when it changed; `readEpssCsv` reads them. */
  onFile: (bytes: Uint8Array, meta: FileMeta) => void | Promise<void>;
}

export function epssFileUrl(baseUrl: string, date?: string): string {
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new InputError(`EPSS date must be YYYY-MM-DD, got ${JSON.stringify(date)}`, { code: 'invalid-date' });
  }
  return `${baseUrl.replace(/\/+$/, '')}/epss_scores-${date ?? 'current'}.csv.gz`;
}

/** Accepts gzip or the plain CSV (a proxy may have decoded it); rejects anything else, e.g. HTML. */
function assertLooksLikeEpss(bytes: Uint8Array, url: string): void {
  if (isGzip(bytes)) return;
  const head = Buffer.from(bytes.subarray(0, 64)).toString('utf8').replace(/^\uFEFF/, '').toLowerCase();
  if (head.startsWith('#model_version') || head.startsWith('cve,')) return;
  throw new InputError('the EPSS response is neither gzip nor an EPSS CSV', { code: 'unsupported-document', place: { file: url } });
}

export async function syncEpss(options: EpssSyncOptions): Promise<FeedFileSyncResult> {
  const url = epssFileUrl(options.baseUrl ?? EPSS_BASE_URL, options.date);
  const result = await fetchIfChanged({
    url,
    http: options.http,
    signal: options.signal,
    etag: options.etag,
    lastModified: options.lastModified,
    maxResponseBytes: options.maxResponseBytes ?? EPSS_MAX_BYTES,
  });
  if (!result.changed) return { changed: false, url, etag: result.etag, lastModified: result.lastModified };
  assertLooksLikeEpss(result.bytes, result.url);
  const { bytes, ...meta } = result;
  await options.onFile(bytes, meta);
  return { changed: true, url: result.url, etag: result.etag, lastModified: result.lastModified, bytes: bytes.byteLength };
}
