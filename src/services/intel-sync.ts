/**
 * Online sync: fetch from the real endpoints (NVD API 2.0, CISA KEV, FIRST EPSS, CSAF providers)
 * and import what arrives, resuming from the cursor stored per source. Each page or file is
 * imported as one document (atomic); the cursor moves only after a source completed.
 */
import { fetchIfChanged, HttpClient, syncCsafProvider, syncEpss, syncKev, syncNvd, type CsafAdvisoryOutcome } from '../feeds/index.js';
import { InputError } from '../model/errors.js';
import type { Store } from '../store/database.js';
import { getCursor, setCursor } from '../store/repositories/intel.js';
import { importIntel, type DocumentOutcome } from './intel.js';

export type SyncTarget =
  | { source: 'nvd' }
  | { source: 'kev' }
  | { source: 'epss'; date?: string }
  | { source: 'csaf'; provider: string }
  | { source: 'osv'; ecosystem: string }
  | { source: 'cve5' };

/** The CVE List V5 repository's releases (GitHub API): baseline all_CVEs and hourly delta zips. */
export const CVELIST_RELEASES_URL = 'https://api.github.com/repos/CVEProject/cvelistV5/releases';

interface Release {
  tag_name: string;
  published_at: string;
  assets: { name: string; browser_download_url: string }[];
}

/** Where OSV publishes one zip of all records per ecosystem. */
export const OSV_BUCKET_URL = 'https://osv-vulnerabilities.storage.googleapis.com';
const OSV_MAX_BYTES = 1024 * 1024 * 1024;

export interface SyncOptions {
  nvdUrl?: string;
  nvdApiKey?: string;
  kevUrl?: string;
  epssUrl?: string;
  osvUrl?: string;
  cve5ReleasesUrl?: string;
  /** Operator-trusted OpenPGP keys for CSAF providers (armored). */
  trustedKeys?: string[];
  /** Allow plain http:// CSAF providers (closed networks, tests). */
  allowHttp?: boolean;
  http?: HttpClient;
  now?: () => string;
  onProgress?: (message: string) => void;
}

export interface SyncReport {
  source: string;
  /** Whether anything new was fetched. */
  changed: boolean;
  documents: DocumentOutcome[];
  /** Advisories a CSAF provider served that failed their hash or signature check. */
  rejectedDownloads: CsafAdvisoryOutcome[];
  cursor: unknown;
}

/** Parses CLI words such as `nvd kev epss csaf https://…/provider-metadata.json`. */
export function parseSyncTargets(words: string[], epssDate?: string): SyncTarget[] {
  const targets: SyncTarget[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    if (w === 'nvd' || w === 'kev' || w === 'cve5') targets.push({ source: w });
    else if (w === 'epss') targets.push(epssDate ? { source: 'epss', date: epssDate } : { source: 'epss' });
    else if (w === 'csaf') {
      const provider = words[++i];
      if (!provider) throw new InputError('csaf needs a provider: a provider-metadata.json URL or a domain', { code: 'bad-usage' });
      targets.push({ source: 'csaf', provider });
    } else if (w === 'osv') {
      const ecosystem = words[++i];
      if (!ecosystem) throw new InputError('osv needs an ecosystem, e.g. "osv PyPI" or "osv Debian"', { code: 'bad-usage' });
      targets.push({ source: 'osv', ecosystem });
    } else throw new InputError(`unknown source "${words[i]}"; expected nvd, kev, epss, cve5, csaf PROVIDER or osv ECOSYSTEM`, { code: 'bad-usage' });
  }
  return targets.length > 0 ? targets : [{ source: 'kev' }, { source: 'epss' }, { source: 'nvd' }];
}

export async function syncIntel(store: Store, targets: SyncTarget[], options: SyncOptions = {}): Promise<SyncReport[]> {
  const http = options.http ?? new HttpClient();
  const now = options.now ?? (() => new Date().toISOString());
  const reports: SyncReport[] = [];
  for (const target of targets) {
    const report: SyncReport = { source: target.source, changed: false, documents: [], rejectedDownloads: [], cursor: null };
    const land = async (name: string, bytes: Uint8Array) => {
      const r = await importIntel(store, [{ name, bytes }]);
      report.documents.push(...r.documents);
    };
    switch (target.source) {
      case 'nvd': {
        const key = 'sync:nvd';
        const cursor = await getCursor<{ watermark: string }>(store.db, key);
        const result = await syncNvd({
          baseUrl: options.nvdUrl,
          apiKey: options.nvdApiKey,
          since: cursor?.watermark,
          http,
          onPage: async (page, info) => {
            options.onProgress?.(`nvd: ${info.startIndex + info.resultsPerPage}/${info.totalResults}`);
            await land(`nvd-api ${info.window ? `${info.window.start}..${info.window.end} ` : ''}@${info.startIndex}`, Buffer.from(page.text));
          },
        });
        report.changed = result.records > 0;
        report.cursor = { watermark: result.watermark };
        await setCursor(store.db, key, report.cursor, now());
        break;
      }
      case 'kev':
      case 'epss': {
        const key = `sync:${target.source}`;
        const cursor = (await getCursor<{ etag?: string; lastModified?: string }>(store.db, key)) ?? {};
        const onFile = async (bytes: Uint8Array, meta: { url: string }) => land(meta.url, bytes);
        const result =
          target.source === 'kev'
            ? await syncKev({ url: options.kevUrl, http, ...cursor, onFile })
            : await syncEpss({ baseUrl: options.epssUrl, date: target.date, http, ...cursor, onFile });
        report.changed = result.changed;
        report.cursor = { etag: result.etag, lastModified: result.lastModified };
        await setCursor(store.db, key, report.cursor, now());
        break;
      }
      case 'osv': {
        const key = `sync:osv:${target.ecosystem}`;
        const cursor = (await getCursor<{ etag?: string; lastModified?: string }>(store.db, key)) ?? {};
        const url = `${(options.osvUrl ?? OSV_BUCKET_URL).replace(/\/+$/, '')}/${encodeURIComponent(target.ecosystem)}/all.zip`;
        const result = await fetchIfChanged({ url, http, ...cursor, maxResponseBytes: OSV_MAX_BYTES });
        if (result.changed) await land(url, result.bytes);
        report.changed = result.changed;
        report.cursor = { etag: result.etag, lastModified: result.lastModified };
        await setCursor(store.db, key, report.cursor, now());
        break;
      }
      case 'cve5': {
        // First run: the newest release's all_CVEs baseline. Then every newer release's delta, oldest
        // first; if releases were missed beyond the listed page, a new baseline.
        const key = 'sync:cve5';
        const cursor = await getCursor<{ publishedAt: string; tag: string }>(store.db, key);
        const list = await http.get({ url: `${options.cve5ReleasesUrl ?? CVELIST_RELEASES_URL}?per_page=100`, headers: { accept: 'application/vnd.github+json' } });
        let releases: Release[];
        try {
          releases = (JSON.parse(Buffer.from(list.body).toString('utf8')) as Release[]).filter((r) => r && typeof r.published_at === 'string' && Array.isArray(r.assets));
        } catch {
          throw new InputError('the CVE List V5 releases response is not JSON', { code: 'unsupported-document', place: { file: list.url } });
        }
        releases.sort((a, b) => a.published_at.localeCompare(b.published_at));
        const newer = releases.filter((r) => !cursor || r.published_at > cursor.publishedAt);
        const gap = cursor !== null && releases.length > 0 && releases[0]!.published_at > cursor.publishedAt;
        const plan: { release: Release; pattern: RegExp }[] =
          !cursor || gap
            ? releases.length > 0 ? [{ release: releases[releases.length - 1]!, pattern: /all_CVEs.*\.zip$/i }] : []
            : newer.map((release) => ({ release, pattern: /delta_CVEs.*\.zip$/i }));
        for (const { release, pattern } of plan) {
          const asset = release.assets.find((a) => pattern.test(a.name));
          if (!asset) continue;
          options.onProgress?.(`cve5: ${release.tag_name}`);
          const file = await http.get({ url: asset.browser_download_url, maxResponseBytes: OSV_MAX_BYTES });
          await land(asset.name, file.body);
          report.changed = true;
        }
        const last = releases[releases.length - 1];
        report.cursor = last ? { publishedAt: last.published_at, tag: last.tag_name } : cursor;
        if (report.cursor) await setCursor(store.db, key, report.cursor, now());
        break;
      }
      case 'csaf': {
        const key = `sync:csaf:${target.provider}`;
        const cursor = await getCursor<{ watermark?: string }>(store.db, key);
        const result = await syncCsafProvider({
          source: target.provider,
          http,
          since: cursor?.watermark,
          trustedKeys: options.trustedKeys,
          allowHttp: options.allowHttp,
          onAdvisory: async (bytes, outcome) => land(outcome.url, bytes),
        });
        report.rejectedDownloads = result.outcomes.filter((o) => o.status === 'rejected');
        report.changed = result.outcomes.some((o) => o.status === 'accepted');
        report.cursor = { watermark: result.watermark ?? cursor?.watermark };
        await setCursor(store.db, key, report.cursor, now());
        break;
      }
    }
    reports.push(report);
  }
  return reports;
}
