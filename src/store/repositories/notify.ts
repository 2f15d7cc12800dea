/**
 * Notification repository: an organisation's endpoints (webhooks with their HMAC secret, syslog
 * targets) and the log of every delivery. Secrets are read only by the sender; every other read
 * says whether one is set.
 */
import type { Db } from '../database.js';

export const NOTIFICATION_KINDS = ['webhook', 'syslog'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const RISK_EVENT_KINDS = ['act', 'kev', 'overdue'] as const;
export type RiskEventKind = (typeof RISK_EVENT_KINDS)[number];

export interface WebhookConfig {
  url: string;
}

export interface SyslogConfig {
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  /** `rfc5424`: structured data and a text message; `cef`: the message is an ArcSight CEF record. */
  format: 'rfc5424' | 'cef';
  /** Syslog facility number (default 13, log audit). */
  facility: number;
  appName: string;
}

export interface StoredEndpoint {
  id: string;
  name: string;
  kind: NotificationKind;
  enabled: boolean;
  events: RiskEventKind[];
  config: WebhookConfig | SyslogConfig;
  secret: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

type EndpointRow = {
  id: string; name: string; kind: string; enabled: number; events: string; config: string; secret: string | null; created_by: string; created_at: string;
  updated_by: string; updated_at: string;
};

function toEndpoint(r: EndpointRow): StoredEndpoint {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as NotificationKind,
    enabled: Number(r.enabled) === 1,
    events: JSON.parse(r.events) as RiskEventKind[],
    config: JSON.parse(r.config) as StoredEndpoint['config'],
    secret: r.secret,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

function endpointRow(e: StoredEndpoint) {
  return {
    name: e.name, kind: e.kind, enabled: e.enabled ? 1 : 0, events: JSON.stringify(e.events), config: JSON.stringify(e.config), secret: e.secret,
    updated_by: e.updatedBy, updated_at: e.updatedAt,
  };
}

export async function listEndpoints(db: Db, orgId: string, options: { enabledOnly?: boolean } = {}): Promise<StoredEndpoint[]> {
  let q = db.selectFrom('notification_endpoints').selectAll().where('org_id', '=', orgId);
  if (options.enabledOnly) q = q.where('enabled', '=', 1);
  return (await q.orderBy('name').orderBy('id').execute()).map(toEndpoint);
}

export async function getEndpoint(db: Db, orgId: string, id: string): Promise<StoredEndpoint | null> {
  const r = await db.selectFrom('notification_endpoints').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return r ? toEndpoint(r) : null;
}

export async function insertEndpoint(db: Db, orgId: string, e: StoredEndpoint): Promise<void> {
  await db.insertInto('notification_endpoints').values({ id: e.id, org_id: orgId, created_by: e.createdBy, created_at: e.createdAt, ...endpointRow(e) }).execute();
}

export async function updateEndpoint(db: Db, orgId: string, e: StoredEndpoint): Promise<void> {
  await db.updateTable('notification_endpoints').set(endpointRow(e)).where('org_id', '=', orgId).where('id', '=', e.id).execute();
}

export async function deleteEndpoint(db: Db, orgId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('notification_endpoints').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface DeliveryRecord {
  id: string;
  endpointId: string;
  endpointName: string;
  kind: NotificationKind;
  status: 'delivered' | 'failed';
  attempts: number;
  eventCount: number;
  eventKinds: string[];
  responseStatus: number | null;
  error: string | null;
  events: unknown[];
  createdAt: string;
  lastAttemptAt: string;
}

export async function insertDelivery(db: Db, orgId: string, d: DeliveryRecord): Promise<void> {
  await db
    .insertInto('notification_deliveries')
    .values({
      id: d.id, org_id: orgId, endpoint_id: d.endpointId, endpoint_name: d.endpointName, kind: d.kind, status: d.status, attempts: d.attempts,
      event_count: d.eventCount, event_kinds: d.eventKinds.join(','), response_status: d.responseStatus, error: d.error, events: JSON.stringify(d.events),
      created_at: d.createdAt, last_attempt_at: d.lastAttemptAt,
    })
    .execute();
}

export async function listDeliveries(db: Db, orgId: string, query: { endpointId?: string | undefined; limit: number; offset: number }): Promise<{ items: DeliveryRecord[]; total: number }> {
  let q = db.selectFrom('notification_deliveries').where('org_id', '=', orgId);
  if (query.endpointId) q = q.where('endpoint_id', '=', query.endpointId);
  const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).offset(query.offset).execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      endpointId: r.endpoint_id,
      endpointName: r.endpoint_name,
      kind: r.kind as NotificationKind,
      status: r.status as DeliveryRecord['status'],
      attempts: Number(r.attempts),
      eventCount: Number(r.event_count),
      eventKinds: r.event_kinds ? r.event_kinds.split(',') : [],
      responseStatus: r.response_status === null ? null : Number(r.response_status),
      error: r.error,
      events: JSON.parse(r.events) as unknown[],
      createdAt: r.created_at,
      lastAttemptAt: r.last_attempt_at,
    })),
  };
}
