/**
 * Pure readers for the CSAF 2.0 distribution files: provider-metadata.json, ROLIE feeds,
 * `changes.csv`, `index.txt` and the `.sha256`/`.sha512` files. Bytes in, typed records and
 * located issues out; URLs are resolved against the file they came from.
 */
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { InputError, type Issue } from '../model/errors.js';
import { asArray, asObject, asString, parseJson } from '../formats/json/index.js';

export type TlpLabel = 'UNLABELED' | 'WHITE' | 'CLEAR' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED';

export interface ProviderKeyRef {
  url?: string;
  /** Upper-case hex without spaces, as declared. */
  fingerprint?: string;
}

export interface RolieFeedRef {
  url: string;
  tlpLabel: string;
}

export interface ProviderMetadata {
  canonicalUrl?: string;
  role?: string;
  lastUpdated?: string;
  publisherName?: string;
  rolieFeeds: RolieFeedRef[];
  /** Each ends with `/`. */
  directoryUrls: string[];
  keys: ProviderKeyRef[];
  issues: Issue[];
}

/** One advisory a distribution lists, with where its hash and signature are. */
export interface AdvisoryRef {
  url: string;
  /** Hash file URLs to try in order (the first that exists is checked). */
  hashUrls: string[];
  signatureUrl: string;
  /** `current_release_date` from changes.csv or `updated` of the ROLIE entry. */
  updated?: string;
  via: 'rolie' | 'directory';
}

export function normaliseFingerprint(value: string): string {
  return value.replace(/\s+/g, '').replace(/^0x/i, '').toUpperCase();
}

function resolveUrl(href: string, base: string): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

/** Conventional hash locations beside a file: SHA-512 first, the stronger one. */
export function conventionalHashUrls(url: string): string[] {
  return [`${url}.sha512`, `${url}.sha256`];
}

export function readProviderMetadata(bytes: Uint8Array, url: string): ProviderMetadata {
  const root = asObject(parseJson(bytes, { file: url }));
  if (!root) throw new InputError('provider metadata is not a JSON object', { code: 'unsupported-document', place: { file: url, pointer: '' } });
  const issues: Issue[] = [];
  const metadata: ProviderMetadata = {
    canonicalUrl: asString(root.canonical_url),
    role: asString(root.role),
    lastUpdated: asString(root.last_updated),
    publisherName: asString(asObject(root.publisher)?.name),
    rolieFeeds: [],
    directoryUrls: [],
    keys: [],
    issues,
  };
  if (!Array.isArray(root.distributions)) {
    issues.push({ file: url, pointer: '/distributions', message: 'no distributions listed', code: 'no-distributions' });
  }
  asArray(root.distributions).forEach((entry, i) => {
    const distribution = asObject(entry);
    const directory = asString(distribution?.directory_url);
    if (directory !== undefined) {
      const resolved = resolveUrl(directory.endsWith('/') ? directory : `${directory}/`, url);
      if (resolved) metadata.directoryUrls.push(resolved);
      else issues.push({ file: url, pointer: `/distributions/${i}/directory_url`, message: `invalid URL ${JSON.stringify(directory)}`, code: 'invalid-url' });
    }
    asArray(asObject(distribution?.rolie)?.feeds).forEach((feedEntry, j) => {
      const feed = asObject(feedEntry);
      const feedUrl = asString(feed?.url);
      const resolved = feedUrl === undefined ? undefined : resolveUrl(feedUrl, url);
      if (resolved) metadata.rolieFeeds.push({ url: resolved, tlpLabel: (asString(feed?.tlp_label) ?? 'UNLABELED').toUpperCase() });
      else issues.push({ file: url, pointer: `/distributions/${i}/rolie/feeds/${j}/url`, message: 'missing or invalid feed URL', code: 'invalid-url' });
    });
  });
  asArray(root.public_openpgp_keys).forEach((entry, i) => {
    const key = asObject(entry);
    const keyUrl = asString(key?.url);
    const fingerprint = asString(key?.fingerprint);
    const resolved = keyUrl === undefined ? undefined : resolveUrl(keyUrl, url);
    if (keyUrl !== undefined && !resolved) {
      issues.push({ file: url, pointer: `/public_openpgp_keys/${i}/url`, message: `invalid URL ${JSON.stringify(keyUrl)}`, code: 'invalid-url' });
    }
    metadata.keys.push({ url: resolved, fingerprint: fingerprint === undefined ? undefined : normaliseFingerprint(fingerprint) });
  });
  return metadata;
}

interface RolieLink {
  rel?: string;
  href?: string;
}

/** Reads a ROLIE feed (`{feed: {entry: [...]}}`): each entry's advisory, hash and signature links. */
export function readRolieFeed(bytes: Uint8Array, feedUrl: string): { entries: AdvisoryRef[]; updated?: string; issues: Issue[] } {
  const root = asObject(parseJson(bytes, { file: feedUrl }));
  const feed = asObject(root?.feed);
  if (!feed) throw new InputError('not a ROLIE feed: no "feed" object', { code: 'unsupported-document', place: { file: feedUrl, pointer: '/feed' } });
  const issues: Issue[] = [];
  const entries: AdvisoryRef[] = [];
  asArray(feed.entry).forEach((item, i) => {
    const entry = asObject(item);
    const links = asArray(entry?.link).map((link): RolieLink => ({ rel: asString(asObject(link)?.rel), href: asString(asObject(link)?.href) }));
    const resolved = (link: RolieLink | undefined): string | undefined => (link?.href === undefined ? undefined : resolveUrl(link.href, feedUrl));
    const contentSrc = asString(asObject(entry?.content)?.src);
    const self = resolved(links.find((link) => link.rel === 'self')) ?? (contentSrc === undefined ? undefined : resolveUrl(contentSrc, feedUrl));
    if (!self) {
      issues.push({ file: feedUrl, pointer: `/feed/entry/${i}`, message: 'entry has no link rel=self to the advisory', code: 'rolie-no-self' });
      return;
    }
    const hashUrls = links
      .filter((link) => link.rel === 'hash')
      .map(resolved)
      .filter((href): href is string => href !== undefined)
      // SHA-512 before SHA-256 when both are listed.
      .sort((a, b) => Number(b.endsWith('.sha512')) - Number(a.endsWith('.sha512')));
    entries.push({
      url: self,
      hashUrls: hashUrls.length > 0 ? hashUrls : conventionalHashUrls(self),
      signatureUrl: resolved(links.find((link) => link.rel === 'signature')) ?? `${self}.asc`,
      updated: asString(entry?.updated) ?? asString(entry?.published),
      via: 'rolie',
    });
  });
  return { entries, updated: asString(feed.updated), issues };
}

/** Resolves a path from changes.csv / index.txt, refusing anything that leaves the directory. */
function directoryEntry(path: string, directoryUrl: string): string | undefined {
  if (path === '' || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/')) return undefined;
  const url = resolveUrl(path, directoryUrl);
  return url !== undefined && url.startsWith(directoryUrl) ? url : undefined;
}

function directoryRef(url: string, updated: string | undefined): AdvisoryRef {
  return { url, hashUrls: conventionalHashUrls(url), signatureUrl: `${url}.asc`, updated, via: 'directory' };
}

/** Reads `changes.csv`: `"path","current_release_date"` rows (newest first by convention). */
export function readChangesCsv(text: string, directoryUrl: string): { entries: AdvisoryRef[]; issues: Issue[] } {
  const file = `${directoryUrl}changes.csv`;
  let rows: string[][];
  try {
    rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  } catch (error) {
    const line = error instanceof CsvError ? (error as CsvError & { lines?: number }).lines : undefined;
    throw new InputError(`malformed changes.csv: ${(error as Error).message}`, { code: 'invalid-csv', place: { file, line }, cause: error });
  }
  const issues: Issue[] = [];
  const entries: AdvisoryRef[] = [];
  rows.forEach((row, i) => {
    const [path = '', updated = ''] = row;
    const url = directoryEntry(path, directoryUrl);
    if (!url) {
      issues.push({ file, line: i + 1, message: `path ${JSON.stringify(path)} is not inside the directory`, code: 'invalid-path' });
      return;
    }
    if (Number.isNaN(Date.parse(updated))) {
      issues.push({ file, line: i + 1, message: `invalid timestamp ${JSON.stringify(updated)}`, code: 'invalid-date' });
      return;
    }
    entries.push(directoryRef(url, updated));
  });
  return { entries, issues };
}

/** Reads `index.txt`: one relative path per line, no timestamps. */
export function readIndexTxt(text: string, directoryUrl: string): { entries: AdvisoryRef[]; issues: Issue[] } {
  const file = `${directoryUrl}index.txt`;
  const issues: Issue[] = [];
  const entries: AdvisoryRef[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const path = raw.trim();
    if (path === '') return;
    const url = directoryEntry(path, directoryUrl);
    if (url) entries.push(directoryRef(url, undefined));
    else issues.push({ file, line: i + 1, message: `path ${JSON.stringify(path)} is not inside the directory`, code: 'invalid-path' });
  });
  return { entries, issues };
}

export type HashAlgorithm = 'sha256' | 'sha512';

/** Reads a `.sha256`/`.sha512` file: `<hex>  <filename>` (sha256sum style, `*` binary marker allowed). */
export function readHashFile(text: string): { algorithm: HashAlgorithm; hex: string; filename?: string } | undefined {
  const match = /^\s*([0-9a-fA-F]+)(?:[ \t]+\*?([^\r\n]+?))?\s*(?:\r?\n|$)/.exec(text);
  if (!match) return undefined;
  const hex = (match[1] as string).toLowerCase();
  const algorithm: HashAlgorithm | undefined = hex.length === 64 ? 'sha256' : hex.length === 128 ? 'sha512' : undefined;
  if (!algorithm) return undefined;
  return { algorithm, hex, filename: match[2]?.trim() || undefined };
}
