import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VULN_SORT, advisoryQueryToApi, parseAdvisoryQuery, parseBound, parseVulnQuery, vulnQueryToApi, vulnQueryToUrl,
  withAdvisorySearch, withAdvisorySort, withVulnFilter, withVulnPage, withVulnSort, withoutVulnFilters,
} from './vulnQuery';

const parse = (qs: string) => parseVulnQuery(new URLSearchParams(qs));

describe('vulnerability list state', () => {
  it('reads filters, sort and paging from the URL', () => {
    const query = parse('q=%20wago%20&kev=true&minEpss=0.5&minCvss=7&sort=-cvss&page=3&size=100');
    expect(query).toEqual({
      filters: { q: 'wago', kev: true, minEpss: 0.5, minCvss: 7 },
      sort: { field: 'cvss', descending: true },
      page: 3,
      pageSize: 100,
    });
  });

  it('falls back to defaults on garbage instead of sending it to the server', () => {
    const query = parse('kev=yes&minEpss=1.5&minCvss=abc&sort=-name&page=-2&size=7&q=%20%20');
    expect(query).toEqual({ filters: {}, sort: DEFAULT_VULN_SORT, page: 1, pageSize: 50 });
    expect(parse('minCvss=11&minEpss=-0.1').filters).toEqual({});
    expect(parse('minCvss=Infinity&minEpss=NaN').filters).toEqual({});
  });

  it('leaves defaults out of the URL but always sends sort and paging to the API', () => {
    const query = parse('');
    expect(vulnQueryToUrl(query).toString()).toBe('');
    expect(vulnQueryToApi(query).toString()).toBe('limit=50&offset=0&sort=-published');
    const filtered = parse('kev=true&minCvss=9&page=2&sort=epss');
    expect(vulnQueryToApi(filtered).toString()).toBe('limit=50&offset=50&sort=epss&kev=true&minCvss=9');
  });

  it('round-trips through the URL', () => {
    const qs = 'q=CVE-2023&kev=true&minEpss=0.1&minCvss=4&sort=lastModified&size=25&page=4';
    expect(parse(vulnQueryToUrl(parse(qs)).toString())).toEqual(parse(qs));
  });

  it('returns to page 1 on any filter change and clears empty values', () => {
    const query = parse('page=5&kev=true&q=x');
    expect(withVulnFilter(query, 'minCvss', 7)).toMatchObject({ page: 1, filters: { kev: true, q: 'x', minCvss: 7 } });
    expect(withVulnFilter(query, 'kev', false).filters).toEqual({ q: 'x' });
    expect(withVulnFilter(query, 'q', '   ').filters).toEqual({ kev: true });
    expect(withVulnFilter(query, 'minEpss', null).filters).toEqual({ kev: true, q: 'x' });
    expect(withVulnFilter(query, 'minEpss', 3).filters).toEqual({ kev: true, q: 'x' });
    expect(withVulnFilter(query, 'minEpss', Number.NaN).filters).toEqual({ kev: true, q: 'x' });
    expect(withoutVulnFilters(query)).toMatchObject({ filters: {}, page: 1 });
  });

  it('sorts scores and dates highest first on the first click, then flips', () => {
    const query = parse('sort=id&page=3');
    const byCvss = withVulnSort(query, 'cvss');
    expect(byCvss).toMatchObject({ sort: { field: 'cvss', descending: true }, page: 1 });
    expect(withVulnSort(byCvss, 'cvss').sort).toEqual({ field: 'cvss', descending: false });
    expect(withVulnSort(parse(''), 'id').sort).toEqual({ field: 'id', descending: false });
  });

  it('clamps pages to sane numbers', () => {
    expect(withVulnPage(parse(''), 0).page).toBe(1);
    expect(withVulnPage(parse(''), 2.7).page).toBe(2);
    expect(withVulnPage(parse(''), 1e12).page).toBe(1_000_000);
  });
});

describe('parseBound', () => {
  it('accepts numbers within the range only', () => {
    expect(parseBound('0.25', 0, 1)).toBe(0.25);
    expect(parseBound('1', 0, 1)).toBe(1);
    expect(parseBound('', 0, 1)).toBeUndefined();
    expect(parseBound(null, 0, 1)).toBeUndefined();
    expect(parseBound('1e999', 0, 10)).toBeUndefined();
    expect(parseBound('0x10', 0, 10)).toBeUndefined();
  });
});

describe('advisory list state', () => {
  it('reads, writes and searches', () => {
    const query = parseAdvisoryQuery(new URLSearchParams('q=siemens&sort=id&page=2'));
    expect(query).toEqual({ q: 'siemens', sort: { field: 'id', descending: false }, page: 2, pageSize: 50 });
    expect(advisoryQueryToApi(query).toString()).toBe('limit=50&offset=50&sort=id&q=siemens');
    const cleared = withAdvisorySearch(query, '  ');
    expect(cleared).toEqual({ sort: { field: 'id', descending: false }, page: 1, pageSize: 50 });
    expect(withAdvisorySort(cleared, 'released').sort).toEqual({ field: 'released', descending: true });
    expect(parseAdvisoryQuery(new URLSearchParams('sort=-title')).sort).toEqual({ field: 'released', descending: true });
  });
});
