/**
 * The findings list state (filters, grouping, sort, page) and its two encodings: the browser URL
 * (shareable, back-button friendly) and the `GET /api/findings` query. Parsing tolerates garbage
 * because URLs are typed, pasted and edited by people.
 */
import { FINDING_STATUSES, type FindingStatus } from '../api/findingTypes';
import type { ListSort, Paging } from './listState';
import { clampPage, formatListSort, parseListSort, parsePaging, resizePage, sameSort, toggleSort, writeApiPaging, writePaging } from './listState';
import { parseBound } from './vulnQuery';

export const FINDING_SORT_FIELDS = ['cvss', 'epss', 'firstSeen', 'lastSeen', 'vulnerability'] as const;
export type FindingSortField = (typeof FINDING_SORT_FIELDS)[number];
export const DEFAULT_FINDING_SORT: ListSort<FindingSortField> = { field: 'cvss', descending: true };
const DESCENDING_FIRST: readonly FindingSortField[] = ['cvss', 'epss', 'firstSeen', 'lastSeen'];

/** What needs a look: the engine says affected, could not decide, or the vendor is still investigating. */
export const DEFAULT_FINDING_STATUSES: readonly FindingStatus[] = ['affected', 'under_investigation', 'cannot_decide'];

export const FINDING_GROUPS = ['none', 'vulnerability', 'target'] as const;
export type FindingGrouping = (typeof FINDING_GROUPS)[number];

export interface FindingFilters {
  /** Statuses shown; empty means every status. */
  status: FindingStatus[];
  q?: string;
  kev?: true;
  /** 0..10 */
  minCvss?: number;
  /** Include findings that a later match resolved. */
  resolved?: true;
  /** One vulnerability's findings (id as the server stores it). */
  vulnerability?: string;
  /** One asset's findings, with those of the components of the SBOMs it runs. */
  asset?: string;
}

export interface FindingQuery extends Paging {
  filters: FindingFilters;
  sort: ListSort<FindingSortField>;
  group: FindingGrouping;
}

export function defaultFindingQuery(): FindingQuery {
  return { filters: { status: [...DEFAULT_FINDING_STATUSES] }, sort: DEFAULT_FINDING_SORT, group: 'none', page: 1, pageSize: 50 };
}

/** Statuses in their canonical order, each once; unknown words are dropped. */
export function normaliseStatuses(values: readonly string[]): FindingStatus[] {
  return FINDING_STATUSES.filter((s) => values.includes(s));
}

function sameStatuses(a: readonly FindingStatus[], b: readonly FindingStatus[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

/** `status` absent → the default set; `status=all` → every status; otherwise the listed ones (garbage → default). */
function parseStatuses(raw: string | null): FindingStatus[] {
  if (raw === null) return [...DEFAULT_FINDING_STATUSES];
  if (raw === 'all') return [];
  const statuses = normaliseStatuses(raw.split(','));
  return statuses.length > 0 ? statuses : [...DEFAULT_FINDING_STATUSES];
}

const shortText = (raw: string | null, max: number): string | undefined => {
  const text = raw?.trim();
  return text && text.length <= max ? text : undefined;
};

export function parseFindingQuery(params: URLSearchParams): FindingQuery {
  const filters: FindingFilters = { status: parseStatuses(params.get('status')) };
  const q = shortText(params.get('q'), 200);
  if (q) filters.q = q;
  if (params.get('kev') === 'true') filters.kev = true;
  if (params.get('resolved') === 'true') filters.resolved = true;
  const minCvss = parseBound(params.get('minCvss'), 0, 10);
  if (minCvss !== undefined && minCvss > 0) filters.minCvss = minCvss;
  const vulnerability = shortText(params.get('vulnerability'), 200);
  if (vulnerability) filters.vulnerability = vulnerability;
  const asset = shortText(params.get('asset'), 64);
  if (asset) filters.asset = asset;
  const group = params.get('group');
  return {
    filters,
    sort: parseListSort(params.get('sort'), FINDING_SORT_FIELDS, DEFAULT_FINDING_SORT),
    group: (FINDING_GROUPS as readonly string[]).includes(group ?? '') ? (group as FindingGrouping) : 'none',
    ...parsePaging(params),
  };
}

function writeFilters(params: URLSearchParams, filters: FindingFilters, forApi: boolean): void {
  if (forApi) {
    if (filters.status.length > 0) params.set('status', filters.status.join(','));
  } else if (filters.status.length === 0) {
    params.set('status', 'all');
  } else if (!sameStatuses(filters.status, DEFAULT_FINDING_STATUSES)) {
    params.set('status', filters.status.join(','));
  }
  if (filters.q) params.set('q', filters.q);
  if (filters.kev) params.set('kev', 'true');
  if (filters.minCvss !== undefined) params.set('minCvss', String(filters.minCvss));
  if (filters.resolved) params.set('resolved', 'true');
  if (filters.vulnerability) params.set('vulnerability', filters.vulnerability);
  if (filters.asset) params.set('asset', filters.asset);
}

export function findingQueryToUrl(query: FindingQuery): URLSearchParams {
  const params = new URLSearchParams();
  writeFilters(params, query.filters, false);
  if (query.group !== 'none') params.set('group', query.group);
  if (!sameSort(query.sort, DEFAULT_FINDING_SORT)) params.set('sort', formatListSort(query.sort));
  writePaging(params, query);
  return params;
}

/** The `GET /api/findings` query for this state. */
export function findingQueryToApi(query: FindingQuery): URLSearchParams {
  const params = new URLSearchParams();
  writeApiPaging(params, query);
  params.set('sort', formatListSort(query.sort));
  writeFilters(params, query.filters, true);
  return params;
}

/** True when anything narrows the list beyond the default statuses. */
export function hasFindingFilters(filters: FindingFilters): boolean {
  return (
    !sameStatuses(filters.status, DEFAULT_FINDING_STATUSES) ||
    Boolean(filters.q || filters.kev || filters.minCvss !== undefined || filters.resolved || filters.vulnerability || filters.asset)
  );
}

/** Values a filter control hands over; `undefined`, `false`, empty text or a zero bound clear the filter. */
export interface FindingFilterPatch {
  status?: readonly FindingStatus[];
  q?: string | undefined;
  kev?: boolean | undefined;
  minCvss?: number | undefined;
  resolved?: boolean | undefined;
  vulnerability?: string | undefined;
  asset?: string | undefined;
}

/** Replaces some filters; any filter change returns to page 1 because the old page may no longer exist. */
export function withFindingFilters(query: FindingQuery, patch: FindingFilterPatch): FindingQuery {
  const filters: FindingFilters = { ...query.filters };
  for (const [key, value] of Object.entries(patch) as Array<[keyof FindingFilters, unknown]>) {
    if (key === 'status') {
      filters.status = normaliseStatuses(Array.isArray(value) ? (value as string[]) : []);
      continue;
    }
    delete filters[key];
    if (key === 'q' || key === 'vulnerability' || key === 'asset') {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text) filters[key] = text;
    } else if (key === 'kev' || key === 'resolved') {
      if (value === true) filters[key] = true;
    } else if (key === 'minCvss') {
      const bound = typeof value === 'number' ? parseBound(String(value), 0, 10) : undefined;
      if (bound !== undefined && bound > 0) filters.minCvss = bound;
    }
  }
  return { ...query, filters, page: 1 };
}

export function withoutFindingFilters(query: FindingQuery): FindingQuery {
  return { ...query, filters: { status: [...DEFAULT_FINDING_STATUSES] }, page: 1 };
}

export function withFindingSort(query: FindingQuery, field: FindingSortField): FindingQuery {
  return { ...query, sort: toggleSort(query.sort, field, DESCENDING_FIRST), page: 1 };
}

export function withFindingGroup(query: FindingQuery, group: FindingGrouping): FindingQuery {
  return { ...query, group };
}

export function withFindingPage<Q extends Paging>(query: Q, page: number): Q {
  return { ...query, page: clampPage(page) };
}

export function withFindingPageSize<Q extends Paging>(query: Q, pageSize: number): Q {
  return { ...query, ...resizePage(query, pageSize) };
}
