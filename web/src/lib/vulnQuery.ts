/**
 * The vulnerabilities and advisories list states (filters, sort, page) and their two encodings:
 * the browser URL (shareable, back-button friendly) and the API query.
 */
import type { ListSort, Paging } from './listState';
import {
  clampPage, formatListSort, parseListSort, parsePaging, resizePage, sameSort, toggleSort, writeApiPaging, writePaging,
} from './listState';

export const VULN_SORT_FIELDS = ['published', 'lastModified', 'cvss', 'epss', 'id'] as const;
export type VulnSortField = (typeof VULN_SORT_FIELDS)[number];
export const DEFAULT_VULN_SORT: ListSort<VulnSortField> = { field: 'published', descending: true };
const VULN_DESCENDING_FIRST: readonly VulnSortField[] = ['published', 'lastModified', 'cvss', 'epss'];

export interface VulnFilters {
  q?: string;
  kev?: true;
  /** 0..1 */
  minEpss?: number;
  /** 0..10 */
  minCvss?: number;
}
export type VulnFilterKey = keyof VulnFilters;

export interface VulnQuery extends Paging {
  filters: VulnFilters;
  sort: ListSort<VulnSortField>;
}

/** A finite number within [min, max], or undefined for anything else (empty, NaN, out of range). */
export function parseBound(raw: string | null | undefined, min: number, max: number): number | undefined {
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= min && n <= max ? n : undefined;
}

export function parseVulnQuery(params: URLSearchParams): VulnQuery {
  const filters: VulnFilters = {};
  const q = params.get('q')?.trim();
  if (q) filters.q = q;
  if (params.get('kev') === 'true') filters.kev = true;
  const minEpss = parseBound(params.get('minEpss'), 0, 1);
  if (minEpss !== undefined && minEpss > 0) filters.minEpss = minEpss;
  const minCvss = parseBound(params.get('minCvss'), 0, 10);
  if (minCvss !== undefined && minCvss > 0) filters.minCvss = minCvss;
  return {
    filters,
    sort: parseListSort(params.get('sort'), VULN_SORT_FIELDS, DEFAULT_VULN_SORT),
    ...parsePaging(params),
  };
}

function writeVulnFilters(params: URLSearchParams, filters: VulnFilters): void {
  if (filters.q) params.set('q', filters.q);
  if (filters.kev) params.set('kev', 'true');
  if (filters.minEpss !== undefined) params.set('minEpss', String(filters.minEpss));
  if (filters.minCvss !== undefined) params.set('minCvss', String(filters.minCvss));
}

export function vulnQueryToUrl(query: VulnQuery): URLSearchParams {
  const params = new URLSearchParams();
  writeVulnFilters(params, query.filters);
  if (!sameSort(query.sort, DEFAULT_VULN_SORT)) params.set('sort', formatListSort(query.sort));
  writePaging(params, query);
  return params;
}

/** The `GET /api/vulnerabilities` query for this state. */
export function vulnQueryToApi(query: VulnQuery): URLSearchParams {
  const params = new URLSearchParams();
  writeApiPaging(params, query);
  params.set('sort', formatListSort(query.sort));
  writeVulnFilters(params, query.filters);
  return params;
}

/** The value a filter control hands over: text for the search, a flag for KEV, a number for the bounds. */
export type VulnFilterInput = string | number | boolean | null | undefined;

/** Sets or clears one filter; any filter change returns to page 1 because the old page may no longer exist. */
export function withVulnFilter(query: VulnQuery, key: VulnFilterKey, value: VulnFilterInput): VulnQuery {
  const filters: VulnFilters = { ...query.filters };
  delete filters[key];
  switch (key) {
    case 'q': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text) filters.q = text;
      break;
    }
    case 'kev':
      if (value === true) filters.kev = true;
      break;
    case 'minEpss':
    case 'minCvss': {
      const bound = typeof value === 'number' ? parseBound(String(value), 0, key === 'minEpss' ? 1 : 10) : undefined;
      if (bound !== undefined && bound > 0) filters[key] = bound;
      break;
    }
  }
  return { ...query, filters, page: 1 };
}

export function withoutVulnFilters(query: VulnQuery): VulnQuery {
  return { ...query, filters: {}, page: 1 };
}

export function withVulnSort(query: VulnQuery, field: VulnSortField): VulnQuery {
  return { ...query, sort: toggleSort(query.sort, field, VULN_DESCENDING_FIRST), page: 1 };
}

export function withVulnPage<Q extends Paging>(query: Q, page: number): Q {
  return { ...query, page: clampPage(page) };
}

export function withVulnPageSize<Q extends Paging>(query: Q, pageSize: number): Q {
  return { ...query, ...resizePage(query, pageSize) };
}

// --- advisories ------------------------------------------------------------------------------

export const ADVISORY_SORT_FIELDS = ['released', 'id'] as const;
export type AdvisorySortField = (typeof ADVISORY_SORT_FIELDS)[number];
export const DEFAULT_ADVISORY_SORT: ListSort<AdvisorySortField> = { field: 'released', descending: true };

export interface AdvisoryQuery extends Paging {
  q?: string;
  sort: ListSort<AdvisorySortField>;
}

export function parseAdvisoryQuery(params: URLSearchParams): AdvisoryQuery {
  const q = params.get('q')?.trim();
  return {
    ...(q ? { q } : {}),
    sort: parseListSort(params.get('sort'), ADVISORY_SORT_FIELDS, DEFAULT_ADVISORY_SORT),
    ...parsePaging(params),
  };
}

export function advisoryQueryToUrl(query: AdvisoryQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (!sameSort(query.sort, DEFAULT_ADVISORY_SORT)) params.set('sort', formatListSort(query.sort));
  writePaging(params, query);
  return params;
}

export function advisoryQueryToApi(query: AdvisoryQuery): URLSearchParams {
  const params = new URLSearchParams();
  writeApiPaging(params, query);
  params.set('sort', formatListSort(query.sort));
  if (query.q) params.set('q', query.q);
  return params;
}

export function withAdvisorySearch(query: AdvisoryQuery, q: string): AdvisoryQuery {
  const { q: _old, ...rest } = query;
  const trimmed = q.trim();
  return { ...rest, ...(trimmed ? { q: trimmed } : {}), page: 1 };
}

export function withAdvisorySort(query: AdvisoryQuery, field: AdvisorySortField): AdvisoryQuery {
  return { ...query, sort: toggleSort(query.sort, field, ['released']), page: 1 };
}
