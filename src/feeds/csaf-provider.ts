/**
 * CSAF 2.0 provider sync (fetch stage): read provider-metadata.json, list advisories from its ROLIE
 * feeds and directory distributions, download each one, check its published SHA-256/SHA-512 and
 * its detached OpenPGP signature against the provider's pinned keys, and hand accepted documents
 * to the caller. A bad advisory is reported with its reason; the others go on.
 */
import { createHash } from 'node:crypto';
import type * as openpgp from 'openpgp';
import type { Issue } from '../model/errors.js';
import { BulwarkError, InputError } from '../model/errors.js';
import {
  readChangesCsv,
  readHashFile,
  readIndexTxt,
  readProviderMetadata,
  readRolieFeed,
  type AdvisoryRef,
  type HashAlgorithm,
  type ProviderMetadata,
} from './csaf-distribution.js';
import { HttpClient, HttpError, type HttpResponse } from './http.js';
import { readPublicKey, verifyDetached } from './openpgp-verify.js';

/** TLP labels fetched by default; AMBER and RED feeds need access control we do not have. */
export const DEFAULT_CSAF_TLP_LABELS: readonly string[] = ['UNLABELED', 'WHITE', 'CLEAR', 'GREEN'];
/** The largest CSAF document we download (the CSAF spec suggests ≤15 MB for aggregators). */
export const CSAF_MAX_ADVISORY_BYTES = 50 * 1024 * 1024;
const SMALL_FILE_BYTES = 1024 * 1024;

export type CsafRejectCode =
  | 'fetch-failed'
  | 'insecure-url'
  | 'hash-missing'
  | 'hash-invalid'
  | 'hash-mismatch'
  | 'signature-missing'
  | 'signature-invalid';

export interface CsafAdvisoryOutcome {
  url: string;
  status: 'accepted' | 'rejected';
  code?: CsafRejectCode;
  reason?: string;
  via: 'rolie' | 'directory';
  /** `current_release_date` (changes.csv) or ROLIE `updated`. */
  updated?: string;
  /** SHA-256 of the downloaded bytes (hex), whatever the provider published; for dedupe. */
  sha256?: string;
  /** The published hash that was checked. */
  hashAlgorithm?: HashAlgorithm;
  /** Fingerprint of the key that made the good signature. */
  signedBy?: string;
}

export interface CsafKeyStatus {
  url?: string;
  fingerprint?: string;
  status: 'loaded' | 'failed';
  reason?: string;
}

export interface CsafProviderSyncOptions {
  /** URL of provider-metadata.json, or a domain (→ `https://<domain>/.well-known/csaf/provider-metadata.json`). */
  source: string;
  http?: HttpClient;
  signal?: AbortSignal;
  /** Watermark from the last run: entries whose timestamp is not later are skipped. */
  since?: string;
  /** Feeds with other TLP labels are skipped. */
  tlpLabels?: readonly string[];
  /** Reject advisories without a good signature (default true). */
  requireSignature?: boolean;
  /** Reject advisories without a published hash (default true; CSAF requires one for providers). */
  requireHash?: boolean;
  /** Extra operator-trusted keys (armored or binary), used beside the provider's. */
  trustedKeys?: readonly (string | Uint8Array)[];
  /** Allow plain http:// (tests, mirrors on a closed network). CSAF requires TLS. */
  allowHttp?: boolean;
  maxAdvisoryBytes?: number;
  /** Called for each accepted advisory; its bytes are exactly what was hashed and verified. */
  onAdvisory: (bytes: Uint8Array, outcome: CsafAdvisoryOutcome) => void | Promise<void>;
}

export interface CsafProviderSyncResult {
  metadataUrl: string;
  metadata: ProviderMetadata;
  keys: CsafKeyStatus[];
  outcomes: CsafAdvisoryOutcome[];
  /** Problems with the metadata, feeds and index files (not with single advisories). */
  issues: Issue[];
  /**
   * The next `since`: the latest timestamp up to which every listed advisory was settled (accepted
   * or rejected for its content). A fetch failure holds it back so the advisory is tried again.
   */
  watermark?: string;
}

/** Turns a domain into the well-known provider-metadata.json URL; URLs pass through. */
export function providerMetadataUrl(source: string): string {
  if (/^https?:\/\//i.test(source)) return new URL(source).href;
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?$/i.test(source)) {
    throw new InputError(`not a provider URL or domain: ${JSON.stringify(source)}`, { code: 'invalid-url' });
  }
  return `https://${source.toLowerCase()}/.well-known/csaf/provider-metadata.json`;
}

function isMissing(error: unknown): boolean {
  return error instanceof HttpError && (error.status === 404 || error.status === 410);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function issueFrom(error: unknown, file: string, code: string): Issue {
  if (error instanceof InputError && error.issues.length > 0) return { ...error.issues[0], file, message: error.message };
  return { file, message: errorText(error), code };
}

/** Rejection of one advisory; `transient` ones hold the watermark back. */
class AdvisoryRejection extends Error {
  constructor(
    readonly code: CsafRejectCode,
    message: string,
    readonly transient = false,
  ) {
    super(message);
  }
}

export async function syncCsafProvider(options: CsafProviderSyncOptions): Promise<CsafProviderSyncResult> {
  const http = options.http ?? new HttpClient();
  const allowedTlp = new Set((options.tlpLabels ?? DEFAULT_CSAF_TLP_LABELS).map((label) => label.toUpperCase()));
  const requireSignature = options.requireSignature ?? true;
  const requireHash = options.requireHash ?? true;
  const sinceMs = options.since === undefined ? undefined : Date.parse(options.since);
  if (sinceMs !== undefined && Number.isNaN(sinceMs)) throw new InputError(`since is not a date: ${JSON.stringify(options.since)}`, { code: 'invalid-date' });

  const secure = (url: string): boolean => options.allowHttp === true || url.startsWith('https:');
  const get = async (url: string, maxResponseBytes: number): Promise<HttpResponse> => {
    if (!secure(url)) throw new InputError(`refusing plain-http URL ${url}: CSAF distribution requires TLS`, { code: 'insecure-url' });
    return http.get({ url, signal: options.signal, maxResponseBytes });
  };

  const metadataUrl = providerMetadataUrl(options.source);
  const metadata = readProviderMetadata((await get(metadataUrl, SMALL_FILE_BYTES)).body, metadataUrl);
  const issues: Issue[] = [...metadata.issues];

  const { keys, statuses } = await loadKeys(metadata, options, get);

  const candidates = await listAdvisories(metadata, allowedTlp, get, issues, options.signal);
  const fresh = candidates.filter((ref) => sinceMs === undefined || ref.updated === undefined || Date.parse(ref.updated) > sinceMs);
  // Oldest first, so the watermark can advance exactly as far as everything before it settled.
  fresh.sort((a, b) => timestampOf(a) - timestampOf(b));

  const outcomes: CsafAdvisoryOutcome[] = [];
  let settledUpTo = sinceMs;
  let heldBack = false;
  for (const ref of fresh) {
    options.signal?.throwIfAborted();
    const outcome: CsafAdvisoryOutcome = { url: ref.url, status: 'rejected', via: ref.via, updated: ref.updated };
    let transient = false;
    try {
      if (!secure(ref.url)) throw new AdvisoryRejection('insecure-url', 'advisory URL is plain http; CSAF requires TLS');
      const bytes = await fetchAdvisory(ref, get, options.maxAdvisoryBytes ?? CSAF_MAX_ADVISORY_BYTES);
      outcome.sha256 = createHash('sha256').update(bytes).digest('hex');
      outcome.hashAlgorithm = await checkHash(ref, bytes, get, requireHash);
      if (requireSignature || keys.length > 0) outcome.signedBy = await checkSignature(ref, bytes, keys, get, requireSignature);
      outcome.status = 'accepted';
      await options.onAdvisory(bytes, outcome);
    } catch (error) {
      if (!(error instanceof AdvisoryRejection)) throw error;
      outcome.code = error.code;
      outcome.reason = error.message;
      transient = error.transient;
    }
    outcomes.push(outcome);
    if (transient) heldBack = true;
    if (!heldBack && ref.updated !== undefined) settledUpTo = Math.max(settledUpTo ?? -Infinity, Date.parse(ref.updated));
  }
  return {
    metadataUrl,
    metadata,
    keys: statuses,
    outcomes,
    issues,
    watermark: settledUpTo === undefined ? undefined : settledUpTo === sinceMs ? options.since : new Date(settledUpTo).toISOString(),
  };
}

function timestampOf(ref: AdvisoryRef): number {
  const ms = ref.updated === undefined ? Number.NaN : Date.parse(ref.updated);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

type Getter = (url: string, maxResponseBytes: number) => Promise<HttpResponse>;

async function loadKeys(
  metadata: ProviderMetadata,
  options: CsafProviderSyncOptions,
  get: Getter,
): Promise<{ keys: openpgp.PublicKey[]; statuses: CsafKeyStatus[] }> {
  const keys: openpgp.PublicKey[] = [];
  const statuses: CsafKeyStatus[] = [];
  for (const ref of metadata.keys) {
    if (ref.url === undefined) {
      statuses.push({ fingerprint: ref.fingerprint, status: 'failed', reason: 'no key URL given' });
      continue;
    }
    try {
      const key = await readPublicKey((await get(ref.url, SMALL_FILE_BYTES)).body, ref.fingerprint);
      keys.push(key);
      statuses.push({ url: ref.url, fingerprint: key.getFingerprint().toUpperCase(), status: 'loaded' });
    } catch (error) {
      options.signal?.throwIfAborted();
      statuses.push({ url: ref.url, fingerprint: ref.fingerprint, status: 'failed', reason: errorText(error) });
    }
  }
  for (const [i, trusted] of (options.trustedKeys ?? []).entries()) {
    try {
      const key = await readPublicKey(typeof trusted === 'string' ? Buffer.from(trusted, 'utf8') : trusted);
      keys.push(key);
      statuses.push({ fingerprint: key.getFingerprint().toUpperCase(), status: 'loaded' });
    } catch (error) {
      statuses.push({ status: 'failed', reason: `trusted key ${i + 1}: ${errorText(error)}` });
    }
  }
  return { keys, statuses };
}

/** Lists advisories from every allowed ROLIE feed and every directory; one URL is listed once. */
async function listAdvisories(
  metadata: ProviderMetadata,
  allowedTlp: ReadonlySet<string>,
  get: Getter,
  issues: Issue[],
  signal: AbortSignal | undefined,
): Promise<AdvisoryRef[]> {
  const byUrl = new Map<string, AdvisoryRef>();
  const add = (refs: readonly AdvisoryRef[]): void => {
    for (const ref of refs) {
      const known = byUrl.get(ref.url);
      if (!known) byUrl.set(ref.url, ref);
      else if (known.updated === undefined && ref.updated !== undefined) known.updated = ref.updated;
    }
  };
  const attempt = async (file: string, code: string, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      signal?.throwIfAborted();
      issues.push(issueFrom(error, file, code));
    }
  };

  for (const feed of metadata.rolieFeeds) {
    if (!allowedTlp.has(feed.tlpLabel)) {
      issues.push({ file: feed.url, message: `skipped ROLIE feed with TLP:${feed.tlpLabel}`, code: 'tlp-skipped' });
      continue;
    }
    await attempt(feed.url, 'feed-failed', async () => {
      const parsed = readRolieFeed((await get(feed.url, CSAF_MAX_ADVISORY_BYTES)).body, feed.url);
      issues.push(...parsed.issues);
      add(parsed.entries);
    });
  }
  for (const directory of metadata.directoryUrls) {
    await attempt(directory, 'directory-failed', async () => {
      // changes.csv carries timestamps (incremental); index.txt is the fallback.
      try {
        const parsed = readChangesCsv(textOf((await get(`${directory}changes.csv`, CSAF_MAX_ADVISORY_BYTES)).body), directory);
        issues.push(...parsed.issues);
        add(parsed.entries);
      } catch (error) {
        if (!isMissing(error)) throw error;
        const parsed = readIndexTxt(textOf((await get(`${directory}index.txt`, CSAF_MAX_ADVISORY_BYTES)).body), directory);
        issues.push(...parsed.issues);
        add(parsed.entries);
      }
    });
  }
  return [...byUrl.values()];
}

function textOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Classifies a download failure: missing files are final, network and server trouble are transient. */
function fetchRejection(what: string, error: unknown): AdvisoryRejection {
  if (error instanceof AdvisoryRejection) return error;
  // A too-large or otherwise refused file will not change by retrying; the network and servers might.
  const transient =
    error instanceof HttpError
      ? error.status === undefined || error.status >= 500 || error.status === 429
      : !(error instanceof BulwarkError);
  const code: CsafRejectCode = error instanceof InputError && error.code === 'insecure-url' ? 'insecure-url' : 'fetch-failed';
  return new AdvisoryRejection(code, `${what}: ${errorText(error)}`, transient && code === 'fetch-failed');
}

async function fetchAdvisory(ref: AdvisoryRef, get: Getter, maxBytes: number): Promise<Uint8Array> {
  try {
    return (await get(ref.url, maxBytes)).body;
  } catch (error) {
    throw fetchRejection('could not download the advisory', error);
  }
}

/** Fetches the first published hash file that exists and compares it with the bytes. */
async function checkHash(ref: AdvisoryRef, bytes: Uint8Array, get: Getter, required: boolean): Promise<HashAlgorithm | undefined> {
  for (const hashUrl of ref.hashUrls) {
    let body: Uint8Array;
    try {
      body = (await get(hashUrl, SMALL_FILE_BYTES)).body;
    } catch (error) {
      if (isMissing(error)) continue;
      throw fetchRejection(`could not download the hash file ${hashUrl}`, error);
    }
    const published = readHashFile(textOf(body));
    if (!published) throw new AdvisoryRejection('hash-invalid', `${hashUrl} does not hold a SHA-256 or SHA-512 hex digest`);
    const expectedName = decodeURIComponent(new URL(ref.url).pathname.split('/').pop() ?? '');
    if (published.filename !== undefined && published.filename.split('/').pop() !== expectedName) {
      throw new AdvisoryRejection('hash-invalid', `${hashUrl} names ${JSON.stringify(published.filename)}, not ${JSON.stringify(expectedName)}`);
    }
    const actual = createHash(published.algorithm).update(bytes).digest('hex');
    if (actual !== published.hex) {
      throw new AdvisoryRejection('hash-mismatch', `${published.algorithm.toUpperCase()} mismatch: published ${published.hex}, downloaded file has ${actual}`);
    }
    return published.algorithm;
  }
  if (required) throw new AdvisoryRejection('hash-missing', `no published hash found (tried ${ref.hashUrls.join(', ')})`);
  return undefined;
}

async function checkSignature(
  ref: AdvisoryRef,
  bytes: Uint8Array,
  keys: readonly openpgp.PublicKey[],
  get: Getter,
  required: boolean,
): Promise<string | undefined> {
  let signature: Uint8Array;
  try {
    signature = (await get(ref.signatureUrl, SMALL_FILE_BYTES)).body;
  } catch (error) {
    if (!isMissing(error)) throw fetchRejection(`could not download the signature ${ref.signatureUrl}`, error);
    if (required) throw new AdvisoryRejection('signature-missing', `no signature at ${ref.signatureUrl}`);
    return undefined;
  }
  const check = await verifyDetached(bytes, signature, keys);
  if (check.ok) return check.fingerprint;
  throw new AdvisoryRejection('signature-invalid', check.reason);
}
