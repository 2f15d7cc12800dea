/**
 * Conditional download of a whole public file: the caller keeps the validators (ETag,
 * Last-Modified) from the last run and passes them back, so an unchanged file costs one 304.
 */
import { HttpClient } from './http.js';

/** Validators from the previous download; store them with the source's cursor. */
export interface ConditionalState {
  etag?: string;
  lastModified?: string;
}

export interface FileMeta extends ConditionalState {
  /** The final URL after redirects. */
  url: string;
  contentType?: string;
}

export type ConditionalResult =
  | ({ changed: false } & ConditionalState)
  | ({ changed: true; bytes: Uint8Array } & FileMeta);

export interface ConditionalFetchOptions extends ConditionalState {
  url: string;
  http?: HttpClient;
  signal?: AbortSignal;
  maxResponseBytes?: number;
  accept?: string;
}

/** GET with `If-None-Match` / `If-Modified-Since`; a 304 returns the validators unchanged. */
export async function fetchIfChanged(options: ConditionalFetchOptions): Promise<ConditionalResult> {
  const http = options.http ?? new HttpClient();
  const headers: Record<string, string> = {};
  if (options.accept) headers.accept = options.accept;
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const response = await http.get({
    url: options.url,
    headers,
    signal: options.signal,
    acceptStatuses: [304],
    maxResponseBytes: options.maxResponseBytes,
  });
  if (response.status === 304) {
    // A 304 may carry fresher validators; keep the old ones where it does not.
    return {
      changed: false,
      etag: response.headers.get('etag') ?? options.etag,
      lastModified: response.headers.get('last-modified') ?? options.lastModified,
    };
  }
  return {
    changed: true,
    bytes: response.body,
    url: response.url,
    etag: response.headers.get('etag') ?? undefined,
    lastModified: response.headers.get('last-modified') ?? undefined,
    contentType: response.headers.get('content-type') ?? undefined,
  };
}
