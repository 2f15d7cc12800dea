/**
 * The risk API on both databases: the work queue from real intelligence and inventory, a finding's
 * rationale, remediation plans, updates and acceptances with the roles they need, audited
 * overrides, the policy, rollups, trend, "applied before exploitation", notification endpoints
 * with a test delivery to a receiver on 127.0.0.1, clear 4xx errors, and organisations kept apart.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createOrganisation } from '../../src/services/auth/accounts.js';
import { webhookSignature } from '../../src/services/notify.js';
import { buildTestApp, testToken } from '../support/app.js';
import { assetId, buildPlant, daysFromNow, findingOf, zoneId } from '../support/risk-plant.js';
import { describeEachDialect } from '../support/stores.js';
import { ORG } from '../support/scope.js';

type Headers = { authorization: string };

describeEachDialect('risk API', (h) => {
  let app: FastifyInstance;
  let as: (role: 'analyst' | 'operator' | 'auditor' | 'partner') => Promise<Headers>;
  beforeEach(async () => {
    app = await buildTestApp({ store: h.store, webRoot: null });
    as = async (role) => ({ authorization: `Bearer ${await testToken(h.store, role)}` });
    await buildPlant(h.store, ORG);
  });
  afterEach(async () => {
    await app.close();
  });

  it('serves the work queue, a finding\'s rationale, plans, updates and acceptances with the roles they need', { timeout: 180_000 }, async () => {
    expect((await app.inject('/api/risk/queue')).json()).toMatchObject({ total: 0, computedAt: null });
    const recompute = await app.inject({ method: 'POST', url: '/api/risk/recompute', payload: {} });
    expect(recompute.statusCode).toBe(200);
    expect(recompute.json()).toMatchObject({ findings: 78, baseline: true, byDecision: { Act: 1, Attend: 3 } });
    expect((await app.inject({ method: 'POST', url: '/api/risk/recompute', headers: await as('auditor') })).statusCode).toBe(403);

    const queue = (await app.inject('/api/risk/queue?limit=5')).json();
    expect(queue).toMatchObject({ total: 78, totalExact: true, limit: 5, offset: 0, counts: { Act: 1, Attend: 3 } });
    const top = queue.items[0];
    expect(top).toMatchObject({
      decision: 'Act', vulnerability: { id: 'CVE-2023-27997', kev: true, kevDueDate: '2023-07-04', epss: null }, asset: { name: 'ape-north' }, site: { name: 'North' },
      deadline: { governing: 'organisation', kind: 'date', daysLeft: 7, status: 'due-soon', bod: { forensicTriage: true, noVulnrichment: false } },
      state: 'open', remediation: { owner: null, planId: null },
    });
    expect(queue.items.map((i: { decision: string }) => i.decision)).toEqual(['Act', 'Attend', 'Attend', 'Attend', 'Track*']);
    const north = (await app.inject('/api/risk/queue?site=North&decision=Act,Attend')).json();
    expect(north.items.map((i: { site: { name: string } }) => i.site.name)).toEqual(['North', 'North', 'North']);
    expect((await app.inject('/api/risk/overdue')).json()).toMatchObject({ total: 0, items: [] });
    expect((await app.inject('/api/risk/due-soon')).json().items.map((i: { findingId: string }) => i.findingId)).toEqual([top.findingId]);
    expect((await app.inject('/api/risk/status')).json()).toMatchObject({ lastRun: { findings: 78 }, policy: { name: 'default', slaDays: { Act: 7, Track: 180 } } });

    const detail = await app.inject(`/api/risk/findings/${top.findingId}`);
    expect(detail.statusCode).toBe(200);
    const d = detail.json();
    expect(d).toMatchObject({ decision: 'Act', finding: { vulnerability: { id: 'CVE-2023-27997' }, asset: { name: 'ape-north', exposureAttribute: 'open' } }, fixedVersion: 'V7.4.1', remediation: { state: 'open', history: [] } });
    expect(d.assessment.rationale.join('\n')).toContain('CISA Coordinator v2.0.3: (active, yes, total, medium) → Act');
    expect(d.assessment.ssvc.exploitation).toMatchObject({ value: 'active', source: expect.stringContaining('CISA KEV') });
    expect(d.assessment.bod).toMatchObject({ forensicTriage: true, kevDueDate: '2023-07-04' });
    expect(d.recommendedActions[0]).toMatchObject({ category: 'vendor_fix', fixedVersion: 'V7.4.1' });
    expect(d.stored).toMatchObject({ decision: 'Act', state: 'open' });

    // Plans need write: an operator (read + approve) may not plan but may accept.
    const southFinding = await findingOf(h.store, ORG, 'CVE-2023-27997', 'ape-south');
    const planBody = { vulnerabilityId: 'CVE-2023-27997', owner: 'ot-team', dueDate: '2030-01-31', action: 'update NGFW' };
    expect((await app.inject({ method: 'POST', url: '/api/risk/plans', payload: planBody, headers: await as('operator') })).statusCode).toBe(403);
    const plan = await app.inject({ method: 'POST', url: '/api/risk/plans', payload: planBody, headers: await as('analyst') });
    expect(plan.statusCode).toBe(201);
    expect(plan.json()).toMatchObject({ plan: { owner: 'ot-team', findings: 2, states: { planned: 2 }, createdBy: 'test-analyst' }, skipped: [] });
    const planId = plan.json().plan.id;
    expect((await app.inject(`/api/risk/plans/${planId}`)).json().members).toHaveLength(2);
    const patched = await app.inject({ method: 'PATCH', url: `/api/risk/plans/${planId}`, payload: { owner: 'night-shift' } });
    expect(patched.json()).toMatchObject({ plan: { owner: 'night-shift' } });
    expect(patched.json().changed).toHaveLength(2);

    const mitigated = await app.inject({ method: 'POST', url: `/api/risk/remediations/${top.findingId}`, payload: { to: 'mitigated', appliedAt: '2023-06-01', note: 'SSL-VPN off', evidence: { text: 'CHG-1' } } });
    expect(mitigated.statusCode).toBe(200);
    expect(mitigated.json()).toMatchObject({ state: 'mitigated', firstActionAt: '2023-06-01', evidence: [{ text: 'CHG-1', by: 'test-admin' }] });
    const conflict = await app.inject({ method: 'POST', url: `/api/risk/remediations/${top.findingId}`, payload: { to: 'verified' } });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.details).toMatchObject({ from: 'mitigated', to: 'verified', allowed: ['open', 'planned', 'remediated', 'risk-accepted'] });
    expect((await app.inject({ method: 'POST', url: `/api/risk/remediations/${top.findingId}`, payload: { to: 'risk-accepted' } })).json().error.code).toBe('use-accept');
    expect((await app.inject({ method: 'POST', url: `/api/risk/remediations/${top.findingId}`, payload: { to: 'planned', owner: 'x' } })).json().error.code).toBe('invalid-due-date');

    const past = await app.inject({ method: 'POST', url: `/api/risk/remediations/${southFinding}/accept`, payload: { expiresAt: '2020-01-01', reason: 'legacy' }, headers: await as('operator') });
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatchObject({ code: 'acceptance-expired', message: expect.stringContaining('not in the future') });
    expect((await app.inject({ method: 'POST', url: `/api/risk/remediations/${southFinding}/accept`, payload: { expiresAt: daysFromNow(30).toISOString(), reason: 'x' }, headers: await as('auditor') })).statusCode).toBe(403);
    const accepted = await app.inject({ method: 'POST', url: `/api/risk/remediations/${southFinding}/accept`, payload: { expiresAt: daysFromNow(30).toISOString(), reason: 'outage in spring' }, headers: await as('operator') });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'risk-accepted', acceptance: { approver: 'test-operator', reason: 'outage in spring' } });
    const board = (await app.inject('/api/risk/remediations?state=risk-accepted,mitigated')).json();
    expect(board.items.map((i: { state: string; asset: { name: string } }) => `${i.state} ${i.asset.name}`).sort()).toEqual(['mitigated ape-north', 'risk-accepted ape-south']);
    expect((await app.inject('/api/risk/queue?decision=Act,Attend')).json().items.map((i: { findingId: string }) => i.findingId)).not.toContain(southFinding);
    const audit = (await app.inject('/api/audit?action=risk.accept')).json();
    expect(audit.items[0]).toMatchObject({ actor: expect.stringContaining('test-operator'), target: southFinding, detail: { approver: 'test-operator', reason: 'outage in spring' } });

    const rates = (await app.inject('/api/risk/before-exploitation?from=2023-01-01')).json();
    expect(rates.organisation[0]).toMatchObject({ before: 1, after: 0, rate: 1 });
    expect(rates.actions[0]).toMatchObject({ findingId: top.findingId, outcome: 'before' });
  });

  it('keeps overrides audited, the policy validated, and serves rollups and the trend', { timeout: 180_000 }, async () => {
    await app.inject({ method: 'POST', url: '/api/risk/recompute' });
    const cell = await zoneId(h.store, ORG, 'South', 'Cell');
    const created = await app.inject({ method: 'POST', url: '/api/risk/overrides', payload: { scope: 'zone', scopeId: cell, input: 'exposure', value: 'open', reason: 'vendor VPN' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ override: { targetName: 'South / Cell', createdBy: 'test-admin', reason: 'vendor VPN' }, recompute: 'needed' });
    const id = created.json().override.id;
    expect((await app.inject({ method: 'POST', url: '/api/risk/overrides', payload: { scope: 'zone', scopeId: cell, input: 'exposure', value: 'sometimes', reason: 'x' } })).json().error.code).toBe('invalid-override');
    expect((await app.inject({ method: 'POST', url: '/api/risk/overrides', payload: { scope: 'zone', scopeId: cell, input: 'exposure', value: 'open', reason: 'x' }, headers: await as('operator') })).statusCode).toBe(403);
    const patched = await app.inject({ method: 'PATCH', url: `/api/risk/overrides/${id}`, payload: { value: 'small', reason: 'VPN removed' } });
    expect(patched.json().override).toMatchObject({ value: 'small', updatedBy: 'test-admin' });
    expect((await app.inject('/api/risk/overrides?scope=zone')).json().items).toHaveLength(1);
    expect((await app.inject({ method: 'DELETE', url: `/api/risk/overrides/${id}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/risk/overrides/${id}` })).statusCode).toBe(404);
    const trail = (await app.inject('/api/audit?action=risk.override')).json().items.map((e: { action: string }) => e.action);
    expect(trail).toEqual(['risk.override.delete', 'risk.override.update', 'risk.override.create']);
    const update = (await app.inject('/api/audit?action=risk.override.update')).json().items[0];
    expect(update.detail).toMatchObject({ before: { value: 'open', reason: 'vendor VPN' }, after: { value: 'small', reason: 'VPN removed' } });

    expect((await app.inject('/api/risk/policy')).json()).toMatchObject({ name: 'default', mode: 'organisation', dueSoonDays: 7 });
    const bad = await app.inject({ method: 'PUT', url: '/api/risk/policy', payload: { name: 'x', slaDays: { Act: 5000, Attend: 30, 'Track*': 90, Track: 180 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid-policy');
    const put = await app.inject({ method: 'PUT', url: '/api/risk/policy', payload: { name: 'plant', mode: 'bod-26-04', slaDays: { Act: 3, Attend: 14, 'Track*': 60, Track: null }, dueSoonDays: 5 } });
    expect(put.json()).toMatchObject({ policy: { name: 'plant', mode: 'bod-26-04', slaDays: { Track: null } }, recompute: 'needed' });
    await app.inject({ method: 'POST', url: '/api/risk/recompute' });
    expect((await app.inject('/api/risk/queue?limit=1')).json()).toMatchObject({ mode: 'bod-26-04', dueSoonDays: 5, items: [{ deadline: { governing: 'bod-26-04' } }] });

    const rollups = (await app.inject('/api/risk/rollups?level=site')).json();
    expect(rollups.items.map((r: { name: string }) => r.name)).toEqual(['North', 'South']);
    expect(rollups.items[0].text).toContain('North risk');
    expect(rollups.formula.rollup).toContain('highest finding score');
    expect((await app.inject('/api/risk/rollups?level=asset&site=South')).json().items.map((r: { name: string }) => r.name)).toEqual(['ape-south']);
    const trend = (await app.inject('/api/risk/trend?level=organisation')).json();
    expect(trend.series[0].points).toHaveLength(1);
    expect(trend.series[0].points[0]).toMatchObject({ findings: 78, byDecision: { Act: 1 } });
    expect((await app.inject('/api/risk/trend?level=site&group=North')).json().series.map((s: { name: string }) => s.name)).toEqual(['North']);
  });

  it('manages notification endpoints as admin only and sends a signed test delivery', { timeout: 120_000 }, async () => {
    const bodies: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c));
      req.on('end', () => {
        bodies.push({ headers: req.headers, body });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://user:pw@127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      expect((await app.inject({ method: 'POST', url: '/api/risk/notifications/endpoints', payload: { name: 'soc', kind: 'webhook', url }, headers: await as('analyst') })).statusCode).toBe(403);
      expect((await app.inject({ url: '/api/risk/notifications/endpoints', headers: await as('analyst') })).statusCode).toBe(403);
      const created = await app.inject({ method: 'POST', url: '/api/risk/notifications/endpoints', payload: { name: 'soc', kind: 'webhook', url } });
      expect(created.statusCode).toBe(201);
      const { endpoint, secret } = created.json();
      expect(endpoint).toMatchObject({ name: 'soc', kind: 'webhook', enabled: true, events: ['act', 'kev', 'overdue'], secretSet: true, config: { url: expect.not.stringContaining('pw') } });
      const list = await app.inject('/api/risk/notifications/endpoints');
      expect(list.body).not.toContain(secret);
      expect(list.body).not.toContain('pw@');
      const test = await app.inject({ method: 'POST', url: `/api/risk/notifications/endpoints/${endpoint.id}/test` });
      expect(test.json()).toMatchObject({ status: 'delivered', attempts: 1, responseStatus: 200, eventKinds: ['test'] });
      expect(bodies).toHaveLength(1);
      expect(bodies[0]!.headers['x-bulwark-signature']).toBe(webhookSignature(secret, String(bodies[0]!.headers['x-bulwark-timestamp']), bodies[0]!.body));
      expect(bodies[0]!.headers.authorization).toBe(`Basic ${Buffer.from('user:pw').toString('base64')}`);
      const rotated = await app.inject({ method: 'PATCH', url: `/api/risk/notifications/endpoints/${endpoint.id}`, payload: { rotateSecret: true, events: ['act'] } });
      expect(rotated.json().secret).not.toBe(secret);
      expect(rotated.json().endpoint.events).toEqual(['act']);
      const syslog = await app.inject({ method: 'POST', url: '/api/risk/notifications/endpoints', payload: { name: 'siem', kind: 'syslog', host: '127.0.0.1', port: 5514, transport: 'tcp', format: 'cef' } });
      expect(syslog.json()).toMatchObject({ endpoint: { config: { host: '127.0.0.1', port: 5514, transport: 'tcp', format: 'cef', facility: 13, appName: 'bulwark' }, secretSet: false } });
      expect(syslog.json().secret).toBeUndefined();
      const deliveries = (await app.inject('/api/risk/notifications/deliveries')).json();
      expect(deliveries.total).toBe(1);
      expect(JSON.stringify(deliveries)).not.toContain(secret);
      expect((await app.inject({ method: 'DELETE', url: `/api/risk/notifications/endpoints/${endpoint.id}` })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: `/api/risk/notifications/endpoints/${endpoint.id}/test` })).statusCode).toBe(404);
      expect((await app.inject('/api/audit?action=notify.endpoint')).body).not.toContain(secret);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('answers bad requests with clear 4xx errors', async () => {
    await app.inject({ method: 'POST', url: '/api/risk/recompute' });
    for (const [method, url, payload, status, code] of [
      ['GET', '/api/risk/queue?decision=Panic', undefined, 400, 'validation-failed'],
      ['GET', '/api/risk/queue?offset=100001', undefined, 400, 'validation-failed'],
      ['GET', '/api/risk/queue?site=Atlantis', undefined, 404, 'not-found'],
      ['GET', '/api/risk/findings/nope', undefined, 404, 'not-found'],
      ['GET', '/api/risk/trend?level=asset', undefined, 400, 'validation-failed'],
      ['GET', '/api/risk/trend?from=2026-02-01&to=2026-01-01', undefined, 400, 'invalid-period'],
      ['GET', '/api/risk/before-exploitation?from=someday', undefined, 400, 'invalid-period'],
      ['POST', '/api/risk/plans', { owner: 'x', dueDate: '2030-01-01' }, 400, 'missing-findings'],
      ['POST', '/api/risk/plans', { vulnerabilityId: 'CVE-1999-0001', owner: 'x', dueDate: '2030-01-01' }, 400, 'nothing-to-plan'],
      ['POST', '/api/risk/plans', { findingIds: ['nope'], owner: 'x', dueDate: '2030-01-01' }, 404, 'not-found'],
      ['POST', '/api/risk/remediations/nope', { to: 'mitigated' }, 404, 'not-found'],
      ['POST', '/api/risk/remediations/nope/accept', { reason: 'x' }, 400, 'validation-failed'],
      ['PUT', '/api/risk/policy', { name: 'x', mode: 'chaos', slaDays: { Act: 1, Attend: 1, 'Track*': 1, Track: 1 } }, 400, 'validation-failed'],
      ['POST', '/api/risk/notifications/endpoints', { name: 'x', kind: 'webhook', url: 'file:///etc/passwd' }, 400, 'invalid-url'],
    ] as const) {
      const res = await app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(status);
      expect(res.json().error.code, `${method} ${url}`).toBe(code);
    }
  });

  it('keeps organisations apart: another organisation never sees the queue, plans or overrides', { timeout: 180_000 }, async () => {
    await app.inject({ method: 'POST', url: '/api/risk/recompute' });
    const aFinding = await findingOf(h.store, ORG, 'CVE-2023-27997', 'ape-north');
    await app.inject({ method: 'POST', url: '/api/risk/plans', payload: { findingIds: [aFinding], owner: 'a', dueDate: '2030-01-01' } });
    await app.inject({ method: 'POST', url: '/api/risk/overrides', payload: { scope: 'asset', scopeId: await assetId(h.store, ORG, 'ape-north'), input: 'exposure', value: 'small', reason: 'a' } });

    const orgB = (await createOrganisation(h.store.db, { name: 'Grid Co', kind: 'operator' })).id;
    const b = { authorization: `Bearer ${await testToken(h.store, 'admin', orgB, 'bob-b')}` };
    expect((await app.inject({ method: 'POST', url: '/api/risk/recompute', headers: b })).json()).toMatchObject({ findings: 0 });
    expect((await app.inject({ url: '/api/risk/queue', headers: b })).json()).toMatchObject({ total: 0, items: [] });
    expect((await app.inject({ url: `/api/risk/findings/${aFinding}`, headers: b })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/risk/remediations/${aFinding}`, headers: b })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/risk/remediations/${aFinding}`, payload: { to: 'mitigated' }, headers: b })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/risk/remediations/${aFinding}/accept`, payload: { expiresAt: daysFromNow(5).toISOString(), reason: 'x' }, headers: b })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/risk/plans', headers: b })).json().total).toBe(0);
    expect((await app.inject({ url: '/api/risk/remediations', headers: b })).json().total).toBe(0);
    expect((await app.inject({ url: '/api/risk/overrides', headers: b })).json().items).toEqual([]);
    expect((await app.inject({ url: '/api/risk/rollups?level=asset', headers: b })).json().items).toEqual([]);
    expect((await app.inject({ method: 'POST', url: '/api/risk/overrides', payload: { scope: 'asset', scopeId: await assetId(h.store, ORG, 'ape-north'), input: 'exposure', value: 'open', reason: 'm' }, headers: b })).statusCode).toBe(404);
    // A partner's shared view has no risk data of its own to show.
    const partner = await as('partner');
    expect((await app.inject({ url: '/api/risk/queue', headers: partner })).json().total).toBe(0);
  });
});
