/** The audit log view's state in the URL (filters and the backwards paging cursor), and its API query. */
import type { AuditOutcome } from '../api/authTypes';

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];
export const AUDIT_PAGE_SIZE = 50;

export interface AuditQuery {
  /** Actor name prefix. */
  actor?: string;
  /** Action prefix, e.g. `auth.` or `POST /api/assets`. */
  action?: string;
  outcome?: AuditOutcome;
  /** First day shown (YYYY-MM-DD, the viewer's time zone). */
  since?: string;
  /** Last day shown, inclusive (YYYY-MM-DD). */
  until?: string;
  /** Entries older than this sequence number (paging backwards from the newest). */
  before?: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(value: string | null): string | undefined {
  if (!value || !DAY.test(value)) return undefined;
  return Number.isNaN(new Date(`${value}T00:00`).getTime()) ? undefined : value;
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim().slice(0, 128);
  return trimmed ? trimmed : undefined;
}

export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const query: AuditQuery = {};
  const actor = text(params.get('actor'));
  const action = text(params.get('action'));
  const outcome = params.get('outcome');
  const since = day(params.get('since'));
  const until = day(params.get('until'));
  const before = Number(params.get('before'));
  if (actor) query.actor = actor;
  if (action) query.action = action;
  if (outcome && (AUDIT_OUTCOMES as readonly string[]).includes(outcome)) query.outcome = outcome as AuditOutcome;
  if (since) query.since = since;
  if (until) query.until = until;
  if (params.get('before') && Number.isSafeInteger(before) && before > 1) query.before = before;
  return query;
}

export function auditQueryToUrl(query: AuditQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['actor', 'action', 'outcome', 'since', 'until'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.before !== undefined) params.set('before', String(query.before));
  return params;
}

/** Local midnight of a YYYY-MM-DD day as an ISO instant; `nextDay` gives the midnight after it. */
export function localDayStart(dayText: string, nextDay = false): string {
  const date = new Date(`${dayText}T00:00`);
  if (nextDay) date.setDate(date.getDate() + 1);
  return date.toISOString();
}

/** The API query: the date range becomes [since-midnight, midnight after until) in the viewer's time zone. */
export function auditQueryToApi(query: AuditQuery, limit = AUDIT_PAGE_SIZE): URLSearchParams {
  const params = new URLSearchParams();
  if (query.actor) params.set('actor', query.actor);
  if (query.action) params.set('action', query.action);
  if (query.outcome) params.set('outcome', query.outcome);
  if (query.since) params.set('since', localDayStart(query.since));
  if (query.until) params.set('until', localDayStart(query.until, true));
  params.set('limit', String(limit));
  if (query.before !== undefined) params.set('before', String(query.before));
  return params;
}

/** Filters changed: start again from the newest entry. */
export function withAuditFilters(current: AuditQuery, change: Partial<Omit<AuditQuery, 'before'>>): AuditQuery {
  const next: AuditQuery = { ...current, ...change };
  delete next.before;
  return next;
}

export function hasAuditFilters(query: AuditQuery): boolean {
  return Boolean(query.actor || query.action || query.outcome || query.since || query.until);
}

/** `SEQ:HASH`, the form `bulwark audit verify --anchor` and the verify route read. */
export function formatAnchor(head: { seq: number; hash: string }): string {
  return `${head.seq}:${head.hash}`;
}

export function isAnchor(text: string): boolean {
  return /^\d+:[0-9a-f]{64}$/.test(text.trim());
}
