/**
 * Building blocks shared by the intelligence lists (vulnerabilities, advisories): a sort over a
 * fixed set of fields, 1-based paging, and their URL / API encodings. Parsing tolerates garbage
 * because URLs are typed, pasted and edited by people.
 */

export interface ListSort<F extends string> {
  field: F;
  descending: boolean;
}

export const LIST_PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_LIST_PAGE_SIZE = 50;
/** Guards against absurd offsets pasted into a URL. */
const MAX_PAGE = 1_000_000;

export interface Paging {
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** Parses `published` / `-cvss`; unknown fields fall back to `fallback`. */
export function parseListSort<F extends string>(raw: string | null, fields: readonly F[], fallback: ListSort<F>): ListSort<F> {
  if (!raw) return fallback;
  const descending = raw.startsWith('-');
  const field = descending ? raw.slice(1) : raw;
  return (fields as readonly string[]).includes(field) ? { field: field as F, descending } : fallback;
}

export function formatListSort<F extends string>(sort: ListSort<F>): string {
  return sort.descending ? `-${sort.field}` : sort.field;
}

export function sameSort<F extends string>(a: ListSort<F>, b: ListSort<F>): boolean {
  return a.field === b.field && a.descending === b.descending;
}

/**
 * Clicking a column header: the current column flips direction; a new column starts in its natural
 * direction (descending for scores and dates, where the interesting rows are the high/recent ones).
 */
export function toggleSort<F extends string>(current: ListSort<F>, field: F, descendingFirst: readonly F[]): ListSort<F> {
  if (current.field === field) return { field, descending: !current.descending };
  return { field, descending: descendingFirst.includes(field) };
}

function parsePositiveInt(raw: string | null): number | null {
  if (raw === null || !/^\d{1,9}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 ? n : null;
}

export function parsePaging(params: URLSearchParams): Paging {
  const size = parsePositiveInt(params.get('size'));
  const page = parsePositiveInt(params.get('page'));
  return {
    page: page === null ? 1 : Math.min(page, MAX_PAGE),
    pageSize: size !== null && (LIST_PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_LIST_PAGE_SIZE,
  };
}

/** Writes page and size to the URL, leaving defaults out so links stay short. */
export function writePaging(params: URLSearchParams, paging: Paging): void {
  if (paging.pageSize !== DEFAULT_LIST_PAGE_SIZE) params.set('size', String(paging.pageSize));
  if (paging.page > 1) params.set('page', String(paging.page));
}

export function writeApiPaging(params: URLSearchParams, paging: Paging): void {
  params.set('limit', String(paging.pageSize));
  params.set('offset', String((paging.page - 1) * paging.pageSize));
}

export function clampPage(page: number): number {
  return Math.max(1, Math.min(Math.floor(page), MAX_PAGE));
}

/** Changing the page size keeps the first visible row on screen. */
export function resizePage(paging: Paging, pageSize: number): Paging {
  const firstRow = (paging.page - 1) * paging.pageSize;
  return { pageSize, page: Math.floor(firstRow / pageSize) + 1 };
}

export function totalPages(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The 1-based row range shown, e.g. [51, 100]; [0, 0] when there are no rows on this page. */
export function shownRange(paging: Paging, total: number): [number, number] {
  if (total <= 0) return [0, 0];
  const first = (paging.page - 1) * paging.pageSize + 1;
  if (first > total) return [0, 0];
  return [first, Math.min(total, paging.page * paging.pageSize)];
}
