/**
 * The assets list state (filters, sort, page) and its two encodings: the browser URL, which makes
 * a view shareable and back-button friendly, and the API query (limit/offset).
 */

export const SORT_FIELDS = ['name', 'kind', 'vendor', 'model', 'firmware', 'criticality', 'site', 'updatedAt'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface Sort {
  field: SortField;
  descending: boolean;
}

export const FILTER_KEYS = ['q', 'kind', 'site', 'zone', 'criticality', 'vendor'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type AssetFilters = Partial<Record<FilterKey, string>>;

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_SORT: Sort = { field: 'name', descending: false };
/** Guards against absurd offsets pasted into a URL. */
const MAX_PAGE = 1_000_000;

export interface AssetQuery {
  filters: AssetFilters;
  sort: Sort;
  /** 1-based. */
  page: number;
  pageSize: number;
}

function isSortField(v: string): v is SortField {
  return (SORT_FIELDS as readonly string[]).includes(v);
}

/** Parses `name` / `-updatedAt`; unknown fields fall back to the default sort. */
export function parseSort(raw: string | null): Sort {
  if (!raw) return DEFAULT_SORT;
  const descending = raw.startsWith('-');
  const field = descending ? raw.slice(1) : raw;
  return isSortField(field) ? { field, descending } : DEFAULT_SORT;
}

export function formatSort(sort: Sort): string {
  return sort.descending ? `-${sort.field}` : sort.field;
}

function parsePositiveInt(raw: string | null): number | null {
  if (raw === null || !/^\d{1,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 ? n : null;
}

/** Reads the list state from a URL query string, tolerating missing or garbage values. */
export function parseAssetQuery(params: URLSearchParams): AssetQuery {
  const filters: AssetFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const size = parsePositiveInt(params.get('size'));
  const page = parsePositiveInt(params.get('page'));
  return {
    filters,
    sort: parseSort(params.get('sort')),
    page: page === null ? 1 : Math.min(page, MAX_PAGE),
    pageSize: size !== null && (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** Writes the list state to a URL query string, leaving defaults out so links stay short. */
export function toUrlParams(query: AssetQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query.filters[key];
    if (value) params.set(key, value);
  }
  if (query.sort.field !== DEFAULT_SORT.field || query.sort.descending !== DEFAULT_SORT.descending) {
    params.set('sort', formatSort(query.sort));
  }
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set('size', String(query.pageSize));
  if (query.page > 1) params.set('page', String(query.page));
  return params;
}

/** The `GET /api/assets` query for this state. */
export function toApiParams(query: AssetQuery): URLSearchParams {
  const params = new URLSearchParams();
  params.set('limit', String(query.pageSize));
  params.set('offset', String((query.page - 1) * query.pageSize));
  params.set('sort', formatSort(query.sort));
  for (const key of FILTER_KEYS) {
    const value = query.filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** Sets or clears one filter; any filter change returns to page 1 because the old page may no longer exist. */
export function withFilter(query: AssetQuery, key: FilterKey, value: string | null | undefined): AssetQuery {
  const filters = { ...query.filters };
  const trimmed = value?.trim();
  if (trimmed) filters[key] = trimmed;
  else delete filters[key];
  return { ...query, filters, page: 1 };
}

export function withoutFilters(query: AssetQuery): AssetQuery {
  return { ...query, filters: {}, page: 1 };
}

/** Clicking a column header: a new column sorts ascending, the current column flips direction. */
export function withSortToggled(query: AssetQuery, field: SortField): AssetQuery {
  const descending = query.sort.field === field ? !query.sort.descending : false;
  return { ...query, sort: { field, descending }, page: 1 };
}

export function withPage(query: AssetQuery, page: number): AssetQuery {
  return { ...query, page: Math.max(1, Math.min(Math.floor(page), MAX_PAGE)) };
}

/** Changing the page size keeps the first visible row on screen. */
export function withPageSize(query: AssetQuery, pageSize: number): AssetQuery {
  const firstRow = (query.page - 1) * query.pageSize;
  return { ...query, pageSize, page: Math.floor(firstRow / pageSize) + 1 };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The 1-based row range shown, e.g. [51, 100]; [0, 0] when there are no rows. */
export function visibleRange(query: AssetQuery, total: number): [number, number] {
  if (total <= 0) return [0, 0];
  const first = (query.page - 1) * query.pageSize + 1;
  if (first > total) return [0, 0];
  return [first, Math.min(total, query.page * query.pageSize)];
}
