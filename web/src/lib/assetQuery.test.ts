import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAGE_SIZE,
  pageCount,
  parseAssetQuery,
  parseSort,
  toApiParams,
  toUrlParams,
  visibleRange,
  withFilter,
  withPage,
  withPageSize,
  withSortToggled,
  withoutFilters,
} from './assetQuery';

const parse = (qs: string) => parseAssetQuery(new URLSearchParams(qs));

describe('parseAssetQuery', () => {
  it('gives the defaults for an empty query string', () => {
    expect(parse('')).toEqual({ filters: {}, sort: { field: 'name', descending: false }, page: 1, pageSize: DEFAULT_PAGE_SIZE });
  });

  it('reads filters, sort, page and page size', () => {
    const query = parse('q=plc-01&kind=plc&site=North%20Ridge&zone=L2&criticality=high&vendor=Siemens&sort=-updatedAt&page=3&size=100');
    expect(query).toEqual({
      filters: { q: 'plc-01', kind: 'plc', site: 'North Ridge', zone: 'L2', criticality: 'high', vendor: 'Siemens' },
      sort: { field: 'updatedAt', descending: true },
      page: 3,
      pageSize: 100,
    });
  });

  it('tolerates garbage pasted into a URL', () => {
    const query = parse('page=-4&size=7&sort=--name&kind=%20%20&q=&foo=bar&page=2');
    expect(query.page).toBe(1);
    expect(query.pageSize).toBe(DEFAULT_PAGE_SIZE);
    expect(query.sort).toEqual({ field: 'name', descending: false });
    expect(query.filters).toEqual({});
    expect(parse('page=1e9').page).toBe(1);
    expect(parse('page=99999999999999999999').page).toBe(1);
    expect(parse('page=0').page).toBe(1);
    expect(parse('size=50.5').pageSize).toBe(DEFAULT_PAGE_SIZE);
  });

  it('rejects sort fields the API does not know (no injection into the sort parameter)', () => {
    expect(parseSort('ips')).toEqual({ field: 'name', descending: false });
    expect(parseSort('name;drop table')).toEqual({ field: 'name', descending: false });
    expect(parseSort('-criticality')).toEqual({ field: 'criticality', descending: true });
  });
});

describe('toUrlParams', () => {
  it('omits defaults so links stay short', () => {
    expect(toUrlParams(parse('')).toString()).toBe('');
    expect(toUrlParams(parse('page=1&size=50&sort=name')).toString()).toBe('');
  });

  it('round-trips every non-default state', () => {
    const qs = 'q=a+b&kind=plc&site=S%C3%BCd&sort=-firmware&size=200&page=4';
    expect(parseAssetQuery(toUrlParams(parse(qs)))).toEqual(parse(qs));
  });
});

describe('toApiParams', () => {
  it('turns the page into limit and offset and always sends the sort', () => {
    const params = toApiParams(parse('page=3&size=25&kind=hmi'));
    expect(params.get('limit')).toBe('25');
    expect(params.get('offset')).toBe('50');
    expect(params.get('sort')).toBe('name');
    expect(params.get('kind')).toBe('hmi');
    expect(params.has('page')).toBe(false);
  });
});

describe('state transitions', () => {
  const base = parse('kind=plc&page=5&sort=-vendor&size=100');

  it('any filter change returns to page 1', () => {
    expect(withFilter(base, 'site', 'North Ridge')).toMatchObject({ page: 1, filters: { kind: 'plc', site: 'North Ridge' } });
    expect(withFilter(base, 'kind', null).filters).toEqual({});
    expect(withFilter(base, 'kind', '   ').filters).toEqual({});
    expect(withoutFilters(base)).toMatchObject({ page: 1, filters: {}, sort: { field: 'vendor', descending: true } });
  });

  it('a header click sorts a new column ascending and flips the current one', () => {
    expect(withSortToggled(base, 'vendor').sort).toEqual({ field: 'vendor', descending: false });
    expect(withSortToggled(base, 'name').sort).toEqual({ field: 'name', descending: false });
    expect(withSortToggled(withSortToggled(base, 'name'), 'name').sort).toEqual({ field: 'name', descending: true });
    expect(withSortToggled(base, 'name').page).toBe(1);
  });

  it('clamps pages and keeps the first visible row when the page size changes', () => {
    expect(withPage(base, 0).page).toBe(1);
    expect(withPage(base, 2.7).page).toBe(2);
    // Rows 401-500 shown; at 25 per page row 401 is on page 17.
    expect(withPageSize(base, 25)).toMatchObject({ page: 17, pageSize: 25 });
    expect(withPageSize(parse('page=3&size=25'), 200)).toMatchObject({ page: 1, pageSize: 200 });
  });
});

describe('paging arithmetic', () => {
  it('counts pages with at least one page', () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
    expect(pageCount(100_000, 200)).toBe(500);
  });

  it('gives the visible row range, empty past the end', () => {
    expect(visibleRange(parse(''), 339)).toEqual([1, 50]);
    expect(visibleRange(parse('page=7'), 339)).toEqual([301, 339]);
    expect(visibleRange(parse('page=8'), 339)).toEqual([0, 0]);
    expect(visibleRange(parse(''), 0)).toEqual([0, 0]);
  });
});
