/** CISA KEV catalog download (fetch stage): conditional GET, bytes handed to the caller. */
import { InputError } from '../model/errors.js';
import { fetchIfChanged, type ConditionalState, type FileMeta } from './conditional.js';
import type { HttpClient } from './http.js';

export const KEV_CATALOG_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';
/** The catalog is about 1.5 MB; 64 MiB leaves decades of growth and stops a runaway response. */
export const KEV_MAX_BYTES = 64 * 1024 * 1024;

export interface KevSyncOptions extends ConditionalState {
  url?: string;
  http?: HttpClient;
  signal?: AbortSignal;
  maxResponseBytes?: number;
  /** Called with the catalog bytes only when the file changed; `readKevCatalog` reads them. */
  onFile: (bytes: Uint8Array, meta: FileMeta) => void | Promise<void>;
}

export interface FeedFileSyncResult extends ConditionalState {
  changed: boolean;
  url: string;
  bytes?: number;
}

/** Rejects a 200 that is plainly not JSON (a captive portal or an HTML error page). */
function assertLooksLikeJson(bytes: Uint8Array, url: string): void {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] !== 0x7b) {
    throw new InputError('the KEV catalog response is not a JSON object', { code: 'unsupported-document', place: { file: url, offset: i } });
  }
}

export async function syncKev(options: KevSyncOptions): Promise<FeedFileSyncResult> {
  const url = options.url ?? KEV_CATALOG_URL;
  const result = await fetchIfChanged({
    url,
    http: options.http,
    signal: options.signal,
    etag: options.etag,
    lastModified: options.lastModified,
    maxResponseBytes: options.maxResponseBytes ?? KEV_MAX_BYTES,
    accept: 'application/json',
  });
  if (!result.changed) return { changed: false, url, etag: result.etag, lastModified: result.lastModified };
  assertLooksLikeJson(result.bytes, result.url);
  const { bytes, ...meta } = result;
  await options.onFile(bytes, meta);
  return { changed: true, url: result.url, etag: result.etag, lastModified: result.lastModified, bytes: bytes.byteLength };
}
