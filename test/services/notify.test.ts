/**
 * Notifications end to end on both databases: recomputes that make a finding Act, put it in KEV or
 * let it go overdue emit events; a webhook receiver and syslog listeners on 127.0.0.1 check the
 * HMAC signature, the retries with backoff, RFC 5424 framing over UDP and TCP and the CEF option;
 * the delivery log records every outcome and never a secret.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import dgram from 'node:dgram';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  createNotificationEndpoint,
  deliverEvents,
  listDeliveryLog,
  listNotificationEndpoints,
  syslogMessage,
  testNotificationEndpoint,
  updateNotificationEndpoint,
  webhookSignature,
} from '../../src/services/notify.js';
import { createRiskOverride, recomputeRisk, type RiskEvent } from '../../src/services/risk.js';
import { assetId, buildPlant, CSAF, daysFromNow, importDocuments, KEV } from '../support/risk-plant.js';
import { describeEachDialect } from '../support/stores.js';
import { ORG } from '../support/scope.js';

const FAST = { baseDelayMs: 5, attempts: 4, timeoutMs: 2000 };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver that answers the queued statuses first, then 200. */
async function receiver(statuses: number[] = []): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/bulwark?token=abc`, received, close: () => new Promise((r) => server.close(() => r())) };
}

async function udpListener(): Promise<{ port: number; messages: string[]; close: () => void }> {
  const messages: string[] = [];
  const socket = dgram.createSocket('udp4');
  socket.on('message', (m) => messages.push(m.toString('utf8')));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return { port: socket.address().port, messages, close: () => socket.close() };
}

/** A TCP syslog listener that splits RFC 6587 octet-counted frames. */
async function tcpListener(): Promise<{ port: number; messages: string[]; close: () => Promise<void> }> {
  const messages: string[] = [];
  const server = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const space = buf.indexOf(0x20);
        if (space < 0) break;
        const len = Number(buf.subarray(0, space).toString());
        if (buf.length < space + 1 + len) break;
        messages.push(buf.subarray(space + 1, space + 1 + len).toString('utf8'));
        buf = buf.subarray(space + 1 + len);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, messages, close: () => new Promise((r) => server.close(() => r())) };
}

/** A port nothing listens on (just released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const waitFor = async (cond: () => boolean, ms = 3000) => {
  for (let t = 0; t < ms && !cond(); t += 20) await new Promise((r) => setTimeout(r, 20));
};

describeEachDialect('risk notifications', (h) => {
  const env = { ...process.env };
  beforeEach(() => {
    process.env.BULWARK_NOTIFY_RETRY_MS = '5';
  });
  afterEach(() => {
    process.env = { ...env };
  });

  it('emits Act events to a signed, retried webhook and to syslog over UDP and TCP (CEF), and logs every delivery', { timeout: 120_000 }, async () => {
    await buildPlant(h.store, ORG);
    const baseline = await recomputeRisk(h.store, ORG);
    expect(baseline.summary).toMatchObject({ baseline: true, events: 0 });

    const hook = await receiver([503, 503]);
    const udp = await udpListener();
    const tcp = await tcpListener();
    try {
      const web = await createNotificationEndpoint(h.store, ORG, { name: 'soc webhook', kind: 'webhook', url: hook.url, events: ['act', 'kev'] }, 'admin');
      expect(web.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(web.endpoint).toMatchObject({ secretSet: true, config: { url: expect.stringContaining('?…') } });
      expect(JSON.stringify(web.endpoint)).not.toContain('token=abc');
      await createNotificationEndpoint(h.store, ORG, { name: 'siem udp', kind: 'syslog', host: '127.0.0.1', port: udp.port, transport: 'udp' }, 'admin');
      await createNotificationEndpoint(h.store, ORG, { name: 'siem tcp', kind: 'syslog', host: '127.0.0.1', port: tcp.port, transport: 'tcp', format: 'cef', facility: 10 }, 'admin');
      expect(JSON.stringify(await listNotificationEndpoints(h.store, ORG))).not.toContain(web.secret!);

      // ape-south becomes essential: CVE-2023-27997 and CVE-2022-41328 on it become Act.
      await createRiskOverride(h.store, ORG, { scope: 'asset', scopeId: await assetId(h.store, ORG, 'ape-south'), input: 'missionPrevalence', value: 'essential', reason: 'SCADA link' }, 'alice');
      const outcome = await recomputeRisk(h.store, ORG);
      const acts = outcome.events.filter((e) => e.kind === 'act');
      expect(acts.map((e) => e.finding!.vulnerabilityId).sort()).toEqual(['CVE-2022-41328', 'CVE-2023-27997']);
      expect(acts.find((e) => e.finding!.vulnerabilityId === 'CVE-2023-27997')).toMatchObject({ finding: { asset: { name: 'ape-south' }, site: { name: 'South' }, decision: 'Act', previousDecision: 'Attend', kev: true } });

      const deliveries = await deliverEvents(h.store, ORG.orgId, outcome.events, FAST);
      expect(deliveries.map((d) => [d.endpointName, d.status, d.attempts]).sort()).toEqual([
        ['siem tcp', 'delivered', 1],
        ['siem udp', 'delivered', 1],
        ['soc webhook', 'delivered', 3],
      ]);

      // Three tries of the same delivery, each signed over "<timestamp>.<body>" with the shared secret.
      expect(hook.received).toHaveLength(3);
      const ids = new Set(hook.received.map((r) => r.headers['x-bulwark-delivery']));
      expect(ids.size).toBe(1);
      for (const r of hook.received) {
        expect(r.headers['x-bulwark-signature']).toBe(webhookSignature(web.secret!, String(r.headers['x-bulwark-timestamp']), r.body));
        expect(r.headers['x-bulwark-signature']).not.toBe(webhookSignature('another secret!!', String(r.headers['x-bulwark-timestamp']), r.body));
      }
      const payload = JSON.parse(hook.received[2]!.body);
      expect(payload).toMatchObject({ type: 'bulwark.risk.events', version: 1, organisationId: ORG.orgId });
      expect(payload.events.map((e: RiskEvent) => e.kind)).toEqual(['act', 'act']);

      await waitFor(() => udp.messages.length >= 2 && tcp.messages.length >= 2);
      expect(udp.messages).toHaveLength(2);
      for (const m of udp.messages) {
        // <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG; facility 13 × 8 + severity 2 (critical) = 106.
        expect(m).toMatch(/^<106>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ bulwark \d+ risk\.act \[bulwark@32473 event="act" eventId="[^"]+" organisation="[^"]+" finding="[^"]+" vulnerability="CVE-\d{4}-\d+" decision="Act" .*\] CVE-/);
      }
      expect(tcp.messages).toHaveLength(2);
      for (const m of tcp.messages) expect(m).toMatch(/^<82>1 \S+ \S+ bulwark \d+ risk\.act - CEF:0\|Bulwark\|Bulwark\|[^|]+\|risk\.act\|finding became Act\|9\|rt=\d+ externalId=\S+ cs1Label=finding cs1=/);

      const log = await listDeliveryLog(h.store, ORG, { limit: 10, offset: 0 });
      expect(log.total).toBe(3);
      expect(JSON.stringify(log)).not.toContain(web.secret!);
      expect(log.items.find((d) => d.endpointName === 'soc webhook')).toMatchObject({ status: 'delivered', attempts: 3, responseStatus: 200, eventKinds: ['act'], eventCount: 2 });
    } finally {
      await hook.close();
      udp.close();
      await tcp.close();
    }
  });

  it('emits KEV events when the catalog lists an open finding, overdue events once, and logs failures without secrets', { timeout: 120_000 }, async () => {
    await buildPlant(h.store, ORG, { intel: CSAF });
    expect((await recomputeRisk(h.store, ORG)).summary.baseline).toBe(true);
    const hook = await receiver([400]);
    try {
      const { secret } = await createNotificationEndpoint(h.store, ORG, { name: 'kev only', kind: 'webhook', url: hook.url, events: ['kev'], secret: 'a shared secret of some length' }, 'admin');
      expect(secret).toBeUndefined();
      await createNotificationEndpoint(h.store, ORG, { name: 'dead', kind: 'webhook', url: `http://127.0.0.1:${await closedPort()}/nowhere`, events: ['kev', 'overdue'] }, 'admin');

      await importDocuments(h.store, [KEV]);
      const kev = await recomputeRisk(h.store, ORG);
      const kevEvents = kev.events.filter((e) => e.kind === 'kev');
      expect(kevEvents.map((e) => `${e.finding!.vulnerabilityId} ${e.finding!.asset!.name}`).sort()).toEqual([
        'CVE-2022-41328 ape-north', 'CVE-2022-41328 ape-south', 'CVE-2023-27997 ape-north', 'CVE-2023-27997 ape-south',
      ]);
      const sent = await deliverEvents(h.store, ORG.orgId, kev.events, FAST);
      // A 400 is final (not retried); a refused connection is retried, then logged as failed.
      expect(sent.find((d) => d.endpointName === 'kev only')).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 400, error: 'HTTP 400', eventCount: 4 });
      expect(sent.find((d) => d.endpointName === 'dead')).toMatchObject({ status: 'failed', attempts: 4, responseStatus: null, error: 'ECONNREFUSED' });
      expect(JSON.stringify(await listDeliveryLog(h.store, ORG, { limit: 10, offset: 0 }))).not.toContain('a shared secret');

      // A year later every dated deadline has passed: one overdue event per finding, then no more.
      const overdue = await recomputeRisk(h.store, ORG, { now: daysFromNow(400) });
      expect(overdue.events.filter((e) => e.kind === 'overdue').length + overdue.summary.eventsDropped).toBe(78);
      expect(overdue.summary.byStatus.overdue).toBe(78);
      const next = await recomputeRisk(h.store, ORG, { now: daysFromNow(401) });
      expect(next.events.filter((e) => e.kind === 'overdue')).toEqual([]);

      // The test route sends one event now, to an endpoint enabled or not.
      await updateNotificationEndpoint(h.store, ORG, (await listNotificationEndpoints(h.store, ORG)).find((e) => e.name === 'kev only')!.id, { enabled: false }, 'admin');
      const test = await testNotificationEndpoint(h.store, ORG, (await listNotificationEndpoints(h.store, ORG)).find((e) => e.name === 'kev only')!.id, 'admin', FAST);
      expect(test).toMatchObject({ status: 'delivered', eventKinds: ['test'], attempts: 1 });
      expect(JSON.parse(hook.received.at(-1)!.body).events[0]).toMatchObject({ kind: 'test', finding: null });
    } finally {
      await hook.close();
    }
  });

  it('validates endpoints and formats syslog fields safely', async () => {
    await expect(createNotificationEndpoint(h.store, ORG, { name: 'x', kind: 'webhook', url: 'ftp://example.org/' }, 'a')).rejects.toMatchObject({ code: 'invalid-url' });
    await expect(createNotificationEndpoint(h.store, ORG, { name: 'x', kind: 'webhook', url: 'https://example.org/', secret: 'short' }, 'a')).rejects.toMatchObject({ code: 'invalid-secret' });
    await expect(createNotificationEndpoint(h.store, ORG, { name: 'x', kind: 'syslog', host: 'bad host!', port: 70000 }, 'a')).rejects.toMatchObject({ code: 'invalid-host' });
    await expect(createNotificationEndpoint(h.store, ORG, { name: 'x', kind: 'pager' }, 'a')).rejects.toMatchObject({ code: 'invalid-kind' });
    await expect(createNotificationEndpoint(h.store, ORG, { name: 'x', kind: 'syslog', host: '10.0.0.1', events: ['lunch'] }, 'a')).rejects.toMatchObject({ code: 'invalid-events' });
    const event: RiskEvent = {
      id: 'e1', kind: 'overdue', at: '2026-01-02T03:04:05.678Z', organisationId: 'o1', summary: 'line one\nline two',
      finding: { id: 'f1', vulnerabilityId: 'CVE-1', asset: { id: 'a', name: 'pump "7" ]x' }, site: { id: 's', name: 'A|B=C' }, decision: 'Attend', previousDecision: null, dueDate: '2026-01-01', status: 'overdue', risk: 60.5, kev: false },
    };
    expect(syslogMessage(event, { facility: 4, appName: 'bulwark', format: 'rfc5424' }, 'host one')).toBe(
      `<36>1 2026-01-02T03:04:05.678Z hostone bulwark ${process.pid} risk.overdue [bulwark@32473 event="overdue" eventId="e1" organisation="o1" finding="f1" vulnerability="CVE-1" decision="Attend" dueDate="2026-01-01" status="overdue" risk="60.5" kev="false" asset="pump \\"7\\" \\]x" site="A|B=C"] line one\nline two`,
    );
    const cef = syslogMessage(event, { facility: 4, appName: 'bulwark', format: 'cef' }, 'h');
    expect(cef).toContain('|risk.overdue|finding is overdue|7|');
    expect(cef).toContain('cs4=A|B\\=C');
    expect(cef).toContain('msg=line one\\nline two');
  });
});
