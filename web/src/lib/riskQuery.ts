/**
 * The work queue's list state (site, decisions, due filter, page) and its two encodings: the
 * browser URL (shareable, Back undoes) and the `GET /api/risk/queue` (or `/overdue`, `/due-soon`)
 * query. Parsing tolerates garbage because URLs are typed, pasted and edited by people.
 */
import { DECISIONS_URGENT_FIRST, type SsvcDecision } from '../api/riskTypes';
import type { Paging } from './listState';
import { clampPage, parsePaging, resizePage, writeApiPaging, writePaging } from './listState';

export const DUE_FILTERS = ['all', 'overdue', 'due-soon'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

export interface QueueQuery extends Paging {
  /** Site id or name; absent: every site. */
  site?: string;
  /** Decisions shown, most urgent first; empty: every decision. */
  decisions: SsvcDecision[];
  due: DueFilter;
}

export function defaultQueueQuery(): QueueQuery {
  return { decisions: [], due: 'all', page: 1, pageSize: 50 };
}

/** Decisions in urgency order, each once; unknown words are dropped. */
export function normaliseDecisions(values: readonly string[]): SsvcDecision[] {
  return DECISIONS_URGENT_FIRST.filter((d) => values.includes(d));
}

export function parseQueueQuery(params: URLSearchParams): QueueQuery {
  const query: QueueQuery = { decisions: normaliseDecisions((params.get('decision') ?? '').split(',')), due: 'all', ...parsePaging(params) };
  const site = params.get('site')?.trim();
  if (site && site.length <= 200) query.site = site;
  const due = params.get('due');
  if ((DUE_FILTERS as readonly string[]).includes(due ?? '')) query.due = due as DueFilter;
  return query;
}

function writeFilters(params: URLSearchParams, query: QueueQuery): void {
  if (query.site) params.set('site', query.site);
  if (query.decisions.length > 0 && query.decisions.length < DECISIONS_URGENT_FIRST.length) params.set('decision', query.decisions.join(','));
}

export function queueQueryToUrl(query: QueueQuery): URLSearchParams {
  const params = new URLSearchParams();
  writeFilters(params, query);
  if (query.due !== 'all') params.set('due', query.due);
  writePaging(params, query);
  return params;
}

/** The API query; the overdue and due-soon lists take no due filter of their own. */
export function queueQueryToApi(query: QueueQuery, kind: 'queue' | 'overdue' | 'due-soon' = 'queue'): URLSearchParams {
  const params = new URLSearchParams();
  writeFilters(params, query);
  if (kind === 'queue') {
    if (query.due === 'overdue') params.set('overdue', 'true');
    if (query.due === 'due-soon') params.set('dueSoon', 'true');
  }
  writeApiPaging(params, query);
  return params;
}

export function hasQueueFilters(query: QueueQuery): boolean {
  return Boolean(query.site) || query.decisions.length > 0 || query.due !== 'all';
}

/** Replaces filters; a filter change goes back to page 1 because the old page may no longer exist. */
export function withQueueFilters(query: QueueQuery, patch: { site?: string | null; decisions?: readonly string[]; due?: DueFilter }): QueueQuery {
  const next: QueueQuery = { ...query, page: 1 };
  if (patch.site !== undefined) {
    const site = patch.site?.trim();
    if (site) next.site = site;
    else delete next.site;
  }
  if (patch.decisions) next.decisions = normaliseDecisions(patch.decisions);
  if (patch.due) next.due = patch.due;
  return next;
}

export function withoutQueueFilters(query: QueueQuery): QueueQuery {
  return { ...defaultQueueQuery(), pageSize: query.pageSize };
}

export function withQueuePage(query: QueueQuery, page: number): QueueQuery {
  return { ...query, page: clampPage(page) };
}

export function withQueuePageSize(query: QueueQuery, pageSize: number): QueueQuery {
  return { ...query, ...resizePage(query, pageSize) };
}
