/**
 * Notifications for SIEMs and chat-ops: a finding that becomes Act, enters KEV or goes overdue is
 * sent to the organisation's webhooks (JSON, HMAC-SHA256 signed, retried with exponential backoff)
 * and syslog targets (RFC 5424 over UDP or TCP with octet-counting framing, optionally with an
 * ArcSight CEF message). Every delivery is logged with its outcome. Secrets never leave the sender:
 * they are not returned, logged or written into the delivery log.
 */
import { createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import { InputError, NotFoundError, type Issue } from '../model/errors.js';
import { assertWritable, type Scope } from '../model/scope.js';
import type { Store } from '../store/database.js';
import {
  deleteEndpoint,
  getEndpoint,
  insertDelivery,
  insertEndpoint,
  listDeliveries,
  listEndpoints,
  NOTIFICATION_KINDS,
  RISK_EVENT_KINDS,
  updateEndpoint,
  type DeliveryRecord,
  type NotificationKind,
  type RiskEventKind,
  type StoredEndpoint,
  type SyslogConfig,
  type WebhookConfig,
} from '../store/repositories/notify.js';
import { newId } from '../util/ids.js';
import { VERSION } from '../version.js';
import { RISK_EVENT_LABELS, type RiskEvent } from './risk.js';

export { NOTIFICATION_KINDS, RISK_EVENT_KINDS, type DeliveryRecord };

export const SIGNATURE_HEADER = 'x-bulwark-signature';
export const TIMESTAMP_HEADER = 'x-bulwark-timestamp';
export const DELIVERY_HEADER = 'x-bulwark-delivery';
/** Events per webhook request. */
export const WEBHOOK_BATCH = 100;
/** Structured-data id of our parameters (32473 is the documentation enterprise number of RFC 5612). */
export const SD_ID = 'bulwark@32473';

export interface RetryPolicy {
  attempts: number;
  /** Delay before the second attempt; doubled for each further one (capped at 60 s). */
  baseDelayMs: number;
  timeoutMs: number;
}

/** Defaults; `BULWARK_NOTIFY_RETRY_MS` and `BULWARK_NOTIFY_ATTEMPTS` change them (tests use short delays). */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const env = (name: string, def: number) => {
    const v = Number(process.env[name]);
    return Number.isFinite(v) && v >= 0 ? v : def;
  };
  return { attempts: env('BULWARK_NOTIFY_ATTEMPTS', 5), baseDelayMs: env('BULWARK_NOTIFY_RETRY_MS', 2000), timeoutMs: 10_000, ...overrides };
}

// ---------------------------------------------------------------------------------------------
// Endpoints

export interface EndpointInput {
  name?: string | undefined;
  kind?: string | undefined;
  enabled?: boolean | undefined;
  events?: string[] | undefined;
  url?: string | undefined;
  /** Webhook HMAC key (at least 16 characters); generated when absent. */
  secret?: string | undefined;
  /** Generate a new secret (returned once). */
  rotateSecret?: boolean | undefined;
  host?: string | undefined;
  port?: number | undefined;
  transport?: string | undefined;
  format?: string | undefined;
  facility?: number | undefined;
  appName?: string | undefined;
}

export interface EndpointView {
  id: string;
  name: string;
  kind: NotificationKind;
  enabled: boolean;
  events: RiskEventKind[];
  /** Webhook `{ url }` (credentials and query string hidden), syslog `{ host, port, transport, format, facility, appName }`. */
  config: Record<string, unknown>;
  secretSet: boolean;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** A URL safe to show and log: no user info, no query string (tokens live there). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(unparsable URL)';
  }
}

function endpointView(e: StoredEndpoint): EndpointView {
  const config = e.kind === 'webhook' ? { url: redactUrl((e.config as WebhookConfig).url) } : { ...(e.config as SyslogConfig) };
  return {
    id: e.id, name: e.name, kind: e.kind, enabled: e.enabled, events: e.events, config, secretSet: e.secret !== null,
    createdBy: e.createdBy, createdAt: e.createdAt, updatedBy: e.updatedBy, updatedAt: e.updatedAt,
  };
}

const APP_NAME = /^[!-~]{1,48}$/;
const HOST = /^[A-Za-z0-9.-]{1,253}$/;

/** Builds a valid endpoint from the input over `base`; InputError listing every problem. */
function buildEndpoint(input: EndpointInput, base: StoredEndpoint | null, by: string, at: string): { endpoint: StoredEndpoint; secret?: string } {
  const issues: Issue[] = [];
  const kind = (input.kind ?? base?.kind) as NotificationKind | undefined;
  if (!kind || !(NOTIFICATION_KINDS as readonly string[]).includes(kind)) issues.push({ pointer: '/kind', code: 'invalid-kind', message: `kind must be ${NOTIFICATION_KINDS.join(' or ')}` });
  if (base && input.kind && input.kind !== base.kind) issues.push({ pointer: '/kind', code: 'invalid-kind', message: 'the kind of an endpoint cannot change; create another one' });
  const name = (input.name ?? base?.name ?? '').trim();
  if (name === '' || name.length > 100) issues.push({ pointer: '/name', code: 'invalid-name', message: 'name is required (at most 100 characters)' });
  const events = (input.events ?? base?.events ?? [...RISK_EVENT_KINDS]) as RiskEventKind[];
  const unknownEvents = events.filter((e) => !(RISK_EVENT_KINDS as readonly string[]).includes(e));
  if (events.length === 0 || unknownEvents.length > 0) issues.push({ pointer: '/events', code: 'invalid-events', message: `events must be some of ${RISK_EVENT_KINDS.join(', ')}` });
  let config: StoredEndpoint['config'] = base?.config ?? { url: '' };
  let secret = base?.secret ?? null;
  let generated: string | undefined;
  if (kind === 'webhook') {
    const url = input.url ?? (base?.config as WebhookConfig | undefined)?.url ?? '';
    const ok = (() => {
      try {
        return ['http:', 'https:'].includes(new URL(url).protocol);
      } catch {
        return false;
      }
    })();
    if (!ok) issues.push({ pointer: '/url', code: 'invalid-url', message: 'url must be an http(s) URL' });
    config = { url };
    if (input.secret !== undefined) {
      if (input.secret.length < 16 || input.secret.length > 512) issues.push({ pointer: '/secret', code: 'invalid-secret', message: 'secret must be 16 to 512 characters' });
      secret = input.secret;
    } else if (secret === null || input.rotateSecret) {
      secret = generated = randomBytes(32).toString('base64url');
    }
  } else if (kind === 'syslog') {
    const prev = base?.config as SyslogConfig | undefined;
    const transport = input.transport ?? prev?.transport ?? 'udp';
    const c: SyslogConfig = {
      host: input.host ?? prev?.host ?? '',
      port: input.port ?? prev?.port ?? 514,
      transport: transport as SyslogConfig['transport'],
      format: (input.format ?? prev?.format ?? 'rfc5424') as SyslogConfig['format'],
      facility: input.facility ?? prev?.facility ?? 13,
      appName: input.appName ?? prev?.appName ?? 'bulwark',
    };
    if (!(isIP(c.host) || HOST.test(c.host))) issues.push({ pointer: '/host', code: 'invalid-host', message: 'host must be a host name or an IP address' });
    if (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535) issues.push({ pointer: '/port', code: 'invalid-port', message: 'port must be 1..65535' });
    if (!['udp', 'tcp'].includes(c.transport)) issues.push({ pointer: '/transport', code: 'invalid-transport', message: 'transport must be udp or tcp' });
    if (!['rfc5424', 'cef'].includes(c.format)) issues.push({ pointer: '/format', code: 'invalid-format', message: 'format must be rfc5424 or cef' });
    if (!Number.isInteger(c.facility) || c.facility < 0 || c.facility > 23) issues.push({ pointer: '/facility', code: 'invalid-facility', message: 'facility must be 0..23' });
    if (!APP_NAME.test(c.appName)) issues.push({ pointer: '/appName', code: 'invalid-app-name', message: 'appName must be 1 to 48 printable ASCII characters without spaces' });
    if (input.secret !== undefined) issues.push({ pointer: '/secret', code: 'invalid-secret', message: 'syslog endpoints have no secret' });
    config = c;
    secret = null;
  }
  if (issues.length > 0) throw new InputError(`invalid notification endpoint: ${issues.map((i) => i.message).join('; ')}`, { code: issues[0]!.code, issues });
  const endpoint: StoredEndpoint = {
    id: base?.id ?? newId(), name, kind: kind!, enabled: input.enabled ?? base?.enabled ?? true, events: [...new Set(events)], config, secret,
    createdBy: base?.createdBy ?? by, createdAt: base?.createdAt ?? at, updatedBy: by, updatedAt: at,
  };
  return generated ? { endpoint, secret: generated } : { endpoint };
}

function ownEndpoints(scope: Scope): void {
  if (scope.view !== 'own') throw new NotFoundError('notification endpoints of', 'a shared view');
}

export async function listNotificationEndpoints(store: Store, scope: Scope): Promise<EndpointView[]> {
  ownEndpoints(scope);
  return (await listEndpoints(store.db, scope.orgId)).map(endpointView);
}

/** Creates an endpoint; a generated webhook secret is returned here, once. */
export async function createNotificationEndpoint(store: Store, scope: Scope, input: EndpointInput, by: string, now = new Date()): Promise<{ endpoint: EndpointView; secret?: string }> {
  assertWritable(scope);
  const { endpoint, secret } = buildEndpoint(input, null, by, now.toISOString());
  await insertEndpoint(store.db, scope.orgId, endpoint);
  return secret ? { endpoint: endpointView(endpoint), secret } : { endpoint: endpointView(endpoint) };
}

async function requireEndpoint(store: Store, scope: Scope, id: string): Promise<StoredEndpoint> {
  ownEndpoints(scope);
  const e = await getEndpoint(store.db, scope.orgId, id);
  if (!e) throw new NotFoundError('notification endpoint', id);
  return e;
}

export async function updateNotificationEndpoint(store: Store, scope: Scope, id: string, input: EndpointInput, by: string, now = new Date()): Promise<{ endpoint: EndpointView; secret?: string }> {
  assertWritable(scope);
  const base = await requireEndpoint(store, scope, id);
  const { endpoint, secret } = buildEndpoint(input, base, by, now.toISOString());
  await updateEndpoint(store.db, scope.orgId, endpoint);
  return secret ? { endpoint: endpointView(endpoint), secret } : { endpoint: endpointView(endpoint) };
}

export async function deleteNotificationEndpoint(store: Store, scope: Scope, id: string): Promise<EndpointView> {
  assertWritable(scope);
  const e = await requireEndpoint(store, scope, id);
  await deleteEndpoint(store.db, scope.orgId, id);
  return endpointView(e);
}

export async function listDeliveryLog(store: Store, scope: Scope, query: { endpointId?: string | undefined; limit: number; offset: number }): Promise<{ items: DeliveryRecord[]; total: number }> {
  ownEndpoints(scope);
  return listDeliveries(store.db, scope.orgId, query);
}

// ---------------------------------------------------------------------------------------------
// Webhooks

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: what a receiver recomputes with the shared secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookPayload {
  type: 'bulwark.risk.events';
  version: 1;
  deliveryId: string;
  organisationId: string;
  sentAt: string;
  events: RiskEvent[];
}

interface Attempt {
  ok: boolean;
  /** Worth trying again (network error, timeout, 408, 429, 5xx). */
  retry: boolean;
  status: number | null;
  error: string | null;
}

function errorText(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/** The URL without user info, and the user info as a Basic authorization header (fetch refuses URLs with credentials). */
function splitCredentials(url: string): { url: string; authorization?: string } {
  const u = new URL(url);
  if (!u.username && !u.password) return { url };
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
  u.username = '';
  u.password = '';
  return { url: u.toString(), authorization };
}

async function postOnce(target: string, secret: string, body: string, deliveryId: string, kinds: string, timeoutMs: number): Promise<Attempt> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const { url, authorization } = splitCredentials(target);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        ...(authorization ? { authorization } : {}),
        'content-type': 'application/json',
        'user-agent': `Bulwark/${VERSION}`,
        [DELIVERY_HEADER]: deliveryId,
        'x-bulwark-events': kinds,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, retry: !ok && (res.status === 408 || res.status === 429 || res.status >= 500), status: res.status, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, retry: true, status: null, error: errorText(err) };
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Tries up to `attempts` times with exponential backoff; the last attempt's outcome. */
async function withRetries(policy: RetryPolicy, once: () => Promise<Attempt>): Promise<Attempt & { attempts: number }> {
  let last: Attempt = { ok: false, retry: true, status: null, error: 'not attempted' };
  let n = 0;
  while (n < Math.max(1, policy.attempts)) {
    if (n > 0) await sleep(Math.min(60_000, policy.baseDelayMs * 2 ** (n - 1)));
    n++;
    last = await once();
    if (last.ok || !last.retry) break;
  }
  return { ...last, attempts: n };
}

// ---------------------------------------------------------------------------------------------
// Syslog

const SEVERITY: Record<RiskEvent['kind'], number> = { act: 2, kev: 4, overdue: 4, test: 6 };
const CEF_SEVERITY: Record<RiskEvent['kind'], number> = { act: 9, kev: 8, overdue: 7, test: 1 };

function sdValue(v: string): string {
  return v.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

function printable(v: string, max: number): string {
  const s = v.replace(/[^!-~]/g, '');
  return s === '' ? '-' : s.slice(0, max);
}

function cefHeader(v: string): string {
  return v.replace(/[\\|]/g, (c) => `\\${c}`);
}

function cefValue(v: string): string {
  return v.replace(/[\\=]/g, (c) => `\\${c}`).replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

function eventFields(e: RiskEvent): [string, string][] {
  const f = e.finding;
  const fields: [string, string | null | undefined][] = [
    ['event', e.kind], ['eventId', e.id], ['organisation', e.organisationId], ['finding', f?.id], ['vulnerability', f?.vulnerabilityId],
    ['decision', f?.decision], ['dueDate', f?.dueDate], ['status', f?.status], ['risk', f ? String(f.risk) : null], ['kev', f ? String(f.kev) : null],
    ['asset', f?.asset?.name], ['site', f?.site?.name],
  ];
  return fields.filter((x): x is [string, string] => typeof x[1] === 'string' && x[1] !== '');
}

/** An ArcSight CEF record of an event (the syslog MSG in `cef` format). */
export function cefRecord(e: RiskEvent): string {
  const f = e.finding;
  const ext: [string, string | null | undefined][] = [
    ['rt', String(Date.parse(e.at))], ['externalId', e.id], ['cs1Label', 'finding'], ['cs1', f?.id], ['cs2Label', 'vulnerability'], ['cs2', f?.vulnerabilityId],
    ['cs3Label', 'decision'], ['cs3', f?.decision], ['cs4Label', 'site'], ['cs4', f?.site?.name], ['cs5Label', 'dueDate'], ['cs5', f?.dueDate],
    ['cs6Label', 'organisation'], ['cs6', e.organisationId], ['cn1Label', 'risk'], ['cn1', f ? String(f.risk) : null], ['dhost', f?.asset?.name], ['msg', e.summary],
  ];
  const extension = ext.filter((x): x is [string, string] => typeof x[1] === 'string' && x[1] !== '').map(([k, v]) => `${k}=${cefValue(v)}`).join(' ');
  return `CEF:0|Bulwark|Bulwark|${cefHeader(VERSION)}|risk.${e.kind}|${cefHeader(RISK_EVENT_LABELS[e.kind])}|${CEF_SEVERITY[e.kind]}|${extension}`;
}

/** One RFC 5424 syslog message: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG`. */
export function syslogMessage(e: RiskEvent, config: Pick<SyslogConfig, 'facility' | 'appName' | 'format'>, hostname = os.hostname()): string {
  const pri = config.facility * 8 + SEVERITY[e.kind];
  const sd = config.format === 'cef' ? '-' : `[${SD_ID} ${eventFields(e).map(([k, v]) => `${k}="${sdValue(v)}"`).join(' ')}]`;
  const msg = config.format === 'cef' ? cefRecord(e) : e.summary;
  return `<${pri}>1 ${e.at} ${printable(hostname, 255)} ${printable(config.appName, 48)} ${process.pid} ${printable(`risk.${e.kind}`, 32)} ${sd} ${msg}`;
}

function sendUdp(config: SyslogConfig, messages: string[]): Promise<Attempt> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(isIP(config.host) === 6 ? 'udp6' : 'udp4');
    let pending = messages.length;
    let failed: string | null = null;
    const done = () => {
      socket.close();
      resolve({ ok: failed === null, retry: false, status: null, error: failed });
    };
    socket.on('error', (err) => {
      failed = errorText(err);
      done();
    });
    if (pending === 0) return done();
    for (const m of messages) {
      socket.send(Buffer.from(m, 'utf8'), config.port, config.host, (err) => {
        if (err && failed === null) failed = errorText(err);
        if (--pending === 0) done();
      });
    }
  });
}

function sendTcp(config: SyslogConfig, messages: string[], timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (a: Attempt) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(a);
    };
    const socket = net.connect({ host: config.host, port: config.port });
    socket.setTimeout(timeoutMs, () => finish({ ok: false, retry: true, status: null, error: 'timed out' }));
    socket.on('error', (err) => finish({ ok: false, retry: true, status: null, error: errorText(err) }));
    socket.on('connect', () => {
      // RFC 6587 octet counting: "<length> <message>" per message.
      const frames = messages.map((m) => `${Buffer.byteLength(m, 'utf8')} ${m}`).join('');
      socket.end(frames, 'utf8', () => finish({ ok: true, retry: false, status: null, error: null }));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Delivery

async function deliverTo(store: Store, orgId: string, endpoint: StoredEndpoint, events: RiskEvent[], policy: RetryPolicy): Promise<DeliveryRecord> {
  const id = newId();
  const createdAt = new Date().toISOString();
  const kinds = [...new Set(events.map((e) => e.kind))];
  let outcome: Attempt & { attempts: number };
  if (endpoint.kind === 'webhook') {
    const payload: WebhookPayload = { type: 'bulwark.risk.events', version: 1, deliveryId: id, organisationId: orgId, sentAt: createdAt, events };
    const body = JSON.stringify(payload);
    outcome = await withRetries(policy, () => postOnce((endpoint.config as WebhookConfig).url, endpoint.secret ?? '', body, id, kinds.join(','), policy.timeoutMs));
  } else {
    const config = endpoint.config as SyslogConfig;
    const messages = events.map((e) => syslogMessage(e, config));
    outcome =
      config.transport === 'tcp'
        ? await withRetries(policy, () => sendTcp(config, messages, policy.timeoutMs))
        : { ...(await sendUdp(config, messages)), attempts: 1 };
  }
  const record: DeliveryRecord = {
    id, endpointId: endpoint.id, endpointName: endpoint.name, kind: endpoint.kind, status: outcome.ok ? 'delivered' : 'failed', attempts: outcome.attempts,
    eventCount: events.length, eventKinds: kinds, responseStatus: outcome.status, error: outcome.error, events: events.slice(0, WEBHOOK_BATCH),
    createdAt, lastAttemptAt: new Date().toISOString(),
  };
  await insertDelivery(store.db, orgId, record);
  return record;
}

/**
 * Sends events to every enabled endpoint of the organisation that wants their kind: a webhook
 * request per WEBHOOK_BATCH events, one syslog message per event. Endpoints are served in
 * parallel; each delivery is logged. Never throws for a failed endpoint (the log says why).
 */
export async function deliverEvents(store: Store, orgId: string, events: readonly RiskEvent[], options: Partial<RetryPolicy> = {}): Promise<DeliveryRecord[]> {
  if (events.length === 0) return [];
  const policy = retryPolicy(options);
  const endpoints = await listEndpoints(store.db, orgId, { enabledOnly: true });
  const jobs: Promise<DeliveryRecord[]>[] = endpoints.map(async (endpoint) => {
    const wanted = events.filter((e) => e.kind === 'test' || (endpoint.events as string[]).includes(e.kind));
    const out: DeliveryRecord[] = [];
    if (wanted.length === 0) return out;
    const size = endpoint.kind === 'webhook' ? WEBHOOK_BATCH : wanted.length;
    for (let i = 0; i < wanted.length; i += size) out.push(await deliverTo(store, orgId, endpoint, wanted.slice(i, i + size), policy));
    return out;
  });
  return (await Promise.all(jobs)).flat();
}

/** Sends a test event to one endpoint (enabled or not) and returns the logged delivery. */
export async function testNotificationEndpoint(store: Store, scope: Scope, id: string, by: string, options: Partial<RetryPolicy> = {}): Promise<DeliveryRecord> {
  assertWritable(scope);
  const endpoint = await requireEndpoint(store, scope, id);
  const event: RiskEvent = {
    id: newId(), kind: 'test', at: new Date().toISOString(), organisationId: scope.orgId, summary: `test notification from Bulwark, sent by ${by}`, finding: null,
  };
  return deliverTo(store, scope.orgId, endpoint, [event], retryPolicy(options));
}
