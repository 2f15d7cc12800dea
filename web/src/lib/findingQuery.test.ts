import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FINDING_SORT, DEFAULT_FINDING_STATUSES, findingQueryToApi, findingQueryToUrl, hasFindingFilters, parseFindingQuery, withFindingFilters,
  withFindingGroup, withFindingSort, withoutFindingFilters,
} from './findingQuery';

const parse = (qs: string) => parseFindingQuery(new URLSearchParams(qs));

describe('findings list state', () => {
  it('defaults to what needs a look, worst CVSS first, and keeps defaults out of the URL', () => {
    const query = parse('');
    expect(query).toEqual({ filters: { status: [...DEFAULT_FINDING_STATUSES] }, sort: DEFAULT_FINDING_SORT, group: 'none', page: 1, pageSize: 50 });
    expect(findingQueryToUrl(query).toString()).toBe('');
    expect(findingQueryToApi(query).toString()).toBe('limit=50&offset=0&sort=-cvss&status=affected%2Cunder_investigation%2Ccannot_decide');
    expect(hasFindingFilters(query.filters)).toBe(false);
  });

  it('reads filters, grouping, sort and paging from the URL and writes them back', () => {
    const qs = 'status=fixed%2Caffected&q=plc&kev=true&minCvss=7&resolved=true&vulnerability=CVE-2019-10943&asset=a1&group=target&sort=firstSeen&page=2&size=100';
    const query = parse(qs);
    expect(query.filters).toEqual({
      status: ['affected', 'fixed'],
      q: 'plc',
      kev: true,
      minCvss: 7,
      resolved: true,
      vulnerability: 'CVE-2019-10943',
      asset: 'a1',
    });
    expect(query.group).toBe('target');
    expect(query.sort).toEqual({ field: 'firstSeen', descending: false });
    expect(parse(findingQueryToUrl(query).toString())).toEqual(query);
    const api = findingQueryToApi(query);
    expect(api.get('offset')).toBe('100');
    expect(api.get('status')).toBe('affected,fixed');
    expect(api.has('group')).toBe(false);
  });

  it('encodes "every status" as status=all in the URL and no status filter for the API', () => {
    const query = withFindingFilters(parse(''), { status: [] });
    expect(findingQueryToUrl(query).get('status')).toBe('all');
    expect(findingQueryToApi(query).has('status')).toBe(false);
    expect(parse('status=all').filters.status).toEqual([]);
  });

  it('falls back to defaults on garbage', () => {
    const query = parse('status=bogus&kev=yes&minCvss=11&group=site&sort=-name&page=-1');
    expect(query.filters).toEqual({ status: [...DEFAULT_FINDING_STATUSES] });
    expect(query.group).toBe('none');
    expect(query.sort).toEqual(DEFAULT_FINDING_SORT);
    expect(query.page).toBe(1);
  });

  it('returns to page 1 on a filter or sort change, not on a grouping change', () => {
    const query = { ...parse(''), page: 4 };
    expect(withFindingFilters(query, { kev: true }).page).toBe(1);
    expect(withFindingFilters(query, { kev: false }).filters.kev).toBeUndefined();
    expect(withFindingFilters(query, { q: '  ' }).filters.q).toBeUndefined();
    expect(withFindingSort(query, 'vulnerability')).toMatchObject({ page: 1, sort: { field: 'vulnerability', descending: false } });
    expect(withFindingSort(query, 'epss').sort.descending).toBe(true);
    expect(withFindingGroup(query, 'vulnerability').page).toBe(4);
    const narrowed = withFindingFilters(query, { vulnerability: 'CVE-1', minCvss: 4 });
    expect(hasFindingFilters(narrowed.filters)).toBe(true);
    expect(withoutFindingFilters(narrowed).filters).toEqual({ status: [...DEFAULT_FINDING_STATUSES] });
  });
});
