import { describe, expect, it } from 'vitest';
import { defaultQueueQuery, hasQueueFilters, parseQueueQuery, queueQueryToApi, queueQueryToUrl, withQueueFilters, withQueuePage, withoutQueueFilters } from './riskQuery';

describe('work queue list state', () => {
  it('round-trips through the URL and leaves defaults out', () => {
    expect(queueQueryToUrl(defaultQueueQuery()).toString()).toBe('');
    const query = parseQueueQuery(new URLSearchParams('site=North&decision=Attend,Act&due=overdue&page=3&size=25'));
    expect(query).toEqual({ site: 'North', decisions: ['Act', 'Attend'], due: 'overdue', page: 3, pageSize: 25 });
    expect(parseQueueQuery(queueQueryToUrl(query))).toEqual(query);
  });

  it('tolerates garbage in a pasted URL', () => {
    expect(parseQueueQuery(new URLSearchParams('decision=Panic,Track*&due=tomorrow&page=-2&size=7'))).toEqual({ decisions: ['Track*'], due: 'all', page: 1, pageSize: 50 });
    expect(parseQueueQuery(new URLSearchParams(`site=${'x'.repeat(300)}`)).site).toBeUndefined();
  });

  it('writes the API query: paging as limit/offset, the due filter only for the queue', () => {
    const query = { ...defaultQueueQuery(), decisions: ['Act' as const], due: 'due-soon' as const, page: 2 };
    expect(queueQueryToApi(query).toString()).toBe('decision=Act&dueSoon=true&limit=50&offset=50');
    expect(queueQueryToApi(query, 'overdue').toString()).toBe('decision=Act&limit=50&offset=50');
    expect(queueQueryToApi({ ...defaultQueueQuery(), decisions: ['Act', 'Attend', 'Track*', 'Track'] }).get('decision')).toBeNull();
  });

  it('returns to page 1 when a filter changes, and clears filters', () => {
    const paged = withQueuePage(defaultQueueQuery(), 4);
    const narrowed = withQueueFilters(paged, { site: ' South ', decisions: ['Track', 'Act'] });
    expect(narrowed).toMatchObject({ site: 'South', decisions: ['Act', 'Track'], page: 1 });
    expect(hasQueueFilters(narrowed)).toBe(true);
    expect(withQueueFilters(narrowed, { site: null }).site).toBeUndefined();
    expect(hasQueueFilters(withoutQueueFilters(narrowed))).toBe(false);
  });
});
