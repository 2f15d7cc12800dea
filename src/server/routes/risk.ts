/**
 * Risk and remediation routes (issue 8): the work queue, overdue and due-soon lists, one finding's
 * risk with its SSVC rationale, recompute, policy, input overrides (audited), rollups and their
 * trend, "applied before exploitation" rates, remediation records and plans, and notification
 * endpoints with their delivery log. Reads need `read`; plans, updates, overrides and the policy
 * `write`; a risk acceptance `approve`; notification endpoints `admin`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InputError } from '../../model/errors.js';
import type { SsvcDecision } from '../../engine/risk/index.js';
import type { Store } from '../../store/database.js';
import type { RollupLevel } from '../../store/repositories/risk.js';
import {
  createNotificationEndpoint,
  deleteNotificationEndpoint,
  deliverEvents,
  listDeliveryLog,
  listNotificationEndpoints,
  testNotificationEndpoint,
  updateNotificationEndpoint,
  type EndpointInput,
} from '../../services/notify.js';
import {
  addRemediationEvidence,
  changeRemediation,
  changeRemediationPlan,
  createRemediationPlan,
  getRemediation,
  getRemediationPlan,
  listRemediationBoard,
  listRemediationPlans,
  updateRemediationPlan,
  type ChangeInput,
} from '../../services/remediation.js';
import {
  createRiskOverride,
  deleteRiskOverride,
  exploitationRates,
  findingRisk,
  getRiskPolicy,
  listRiskOverrides,
  MAX_QUEUE_OFFSET,
  recomputeRisk,
  resolveRiskSite,
  riskDeadlines,
  riskQueue,
  riskRollups,
  riskStatus,
  riskTrend,
  setRiskPolicy,
  updateRiskOverride,
  type OverrideInput,
} from '../../services/risk.js';
import { RiskScheduler } from '../../services/risk-scheduler.js';
import { audit, principal, scopeOf } from '../auth.js';
import { idParams, pageProperties, text } from '../schemas.js';
import * as S from './risk-schemas.js';

const TAG = ['risk'];

export interface RiskRouteOptions {
  /** Recompute in the background: daily, after each match, soon after a policy or override change. */
  background?: boolean;
}

type ChangeBody = {
  to: string; owner?: string; dueDate?: string; action?: string; reason?: string; appliedAt?: string; note?: string;
  evidence?: { text: string; url?: string };
};

/** A change body as the service's change; a risk acceptance needs its own route (and `approve`). */
function changeOf(body: ChangeBody): ChangeInput {
  switch (body.to) {
    case 'risk-accepted':
      throw new InputError('a risk acceptance is made with POST …/accept (it needs the approve permission)', { code: 'use-accept' });
    case 'open':
      return { to: 'open', reason: body.reason ?? '', note: body.note };
    case 'planned':
      return { to: 'planned', owner: body.owner ?? '', dueDate: body.dueDate ?? '', action: body.action, note: body.note };
    case 'mitigated':
    case 'remediated':
      return { to: body.to, appliedAt: body.appliedAt, note: body.note };
    default:
      return { to: 'verified', note: body.note };
  }
}

const decisions = (q: string | undefined): SsvcDecision[] | undefined => (q ? (q.split(',') as SsvcDecision[]) : undefined);

export function riskRoutes(app: FastifyInstance, store: Store, options: RiskRouteOptions = {}): void {
  const scheduler = options.background
    ? new RiskScheduler(store, {
        onRun: (s) => app.log.info({ risk: { organisation: s.organisationId, trigger: s.trigger, findings: s.findings, written: s.written, events: s.events, seconds: s.seconds } }, 'risk recompute'),
        onError: (err) => app.log.error({ err }, 'background risk recompute failed'),
      })
    : null;
  const deliveries = new Set<Promise<unknown>>();
  if (scheduler) app.addHook('onReady', async () => scheduler.start());
  app.addHook('onClose', async () => {
    await scheduler?.close();
    await Promise.allSettled([...deliveries]);
  });
  /** After a change that moves decisions: a recompute is scheduled (server) or needed (tell the caller). */
  const afterInputChange = (req: FastifyRequest): 'scheduled' | 'needed' => {
    if (!scheduler) return 'needed';
    scheduler.request(scopeOf(req).orgId);
    return 'scheduled';
  };
  const by = (req: FastifyRequest) => principal(req).username;

  // -------------------------------------------------------------------------------------------
  // Queue, deadlines, one finding

  app.get<{ Querystring: { site?: string; decision?: string; overdue?: boolean; dueSoon?: boolean; limit: number; offset: number } }>(
    '/api/risk/queue',
    {
      config: { access: 'read' },
      schema: {
        tags: TAG,
        summary: 'The work queue: open findings, Act first, then Attend, Track*, Track; inside each by due date, then risk score',
        description: 'Paged in SQL over the stored assessments (recompute first). Counts per decision are exact up to 10,000.',
        querystring: S.queueQuery(MAX_QUEUE_OFFSET),
        response: { 200: S.queuePage },
      },
    },
    async (req) => riskQueue(store, scopeOf(req), { ...req.query, decisions: decisions(req.query.decision) }),
  );

  for (const [url, kind] of [['/api/risk/overdue', 'overdue'], ['/api/risk/due-soon', 'due-soon']] as const) {
    app.get<{ Querystring: { site?: string; decision?: string; limit: number; offset: number } }>(
      url,
      {
        config: { access: 'read' },
        schema: {
          tags: TAG,
          summary: kind === 'overdue' ? 'Open findings past their governing due date, most overdue first' : "Open findings due within the policy's due-soon days, earliest first",
          querystring: S.deadlineQuery(MAX_QUEUE_OFFSET),
          response: { 200: S.queuePage },
        },
      },
      async (req) => riskDeadlines(store, scopeOf(req), kind, { ...req.query, decisions: decisions(req.query.decision) }),
    );
  }

  app.get<{ Params: { id: string } }>(
    '/api/risk/findings/:id',
    {
      config: { access: 'read' },
      schema: {
        tags: TAG,
        summary: "One finding's risk: SSVC decision with its rationale, deadlines, scores with their sources, recommended actions, remediation with history",
        params: idParams(),
        response: { 200: S.findingRiskView },
      },
    },
    async (req) => findingRisk(store, scopeOf(req), req.params.id),
  );

  app.post(
    '/api/risk/recompute',
    {
      config: { access: 'write' },
      schema: {
        tags: TAG,
        summary: "Recompute decisions, deadlines, scores and rollups of the organisation's open findings; notifications are sent in the background",
        body: { type: ['object', 'null'], additionalProperties: false, properties: {} },
        response: { 200: S.recomputeSummary },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const outcome = await recomputeRisk(store, scope, { trigger: `api:${by(req)}` });
      const delivery = deliverEvents(store, scope.orgId, outcome.events).catch((err: unknown) => req.log.error({ err }, 'notification delivery failed'));
      deliveries.add(delivery);
      void delivery.finally(() => deliveries.delete(delivery));
      return outcome.summary;
    },
  );

  app.get(
    '/api/risk/status',
    {
      config: { access: 'read' },
      schema: {
        tags: TAG,
        summary: 'The last recompute (summary) and the policy in force',
        response: { 200: S.obj({ lastRun: { ...S.recomputeSummary, type: ['object', 'null'] }, policy: S.policyView }) },
      },
    },
    async (req) => riskStatus(store, scopeOf(req)),
  );

  // -------------------------------------------------------------------------------------------
  // Policy and overrides

  app.get('/api/risk/policy', { config: { access: 'read' }, schema: { tags: TAG, summary: "The organisation's deadline policy (SLA days per SSVC decision)", response: { 200: S.policyView } } }, async (req) =>
    getRiskPolicy(store, scopeOf(req)),
  );

  app.put<{ Body: { name: string; mode?: string; slaDays: Record<string, number | null>; dueSoonDays?: number } }>(
    '/api/risk/policy',
    {
      config: { access: 'write' },
      schema: {
        tags: TAG,
        summary: 'Replace the deadline policy; takes effect at the next recompute',
        body: S.policyBody,
        response: { 200: S.obj({ policy: S.policyView, recompute: { type: 'string', enum: ['scheduled', 'needed'] } }) },
      },
    },
    async (req) => {
      const before = await getRiskPolicy(store, scopeOf(req));
      const policy = await setRiskPolicy(store, scopeOf(req), req.body, by(req));
      await audit(store, req, { action: 'risk.policy.set', target: scopeOf(req).orgId, outcome: 'success', detail: { before, after: policy } });
      return { policy, recompute: afterInputChange(req) };
    },
  );

  app.get<{ Querystring: { scope?: string; scopeId?: string; input?: string } }>(
    '/api/risk/overrides',
    {
      config: { access: 'read' },
      schema: {
        tags: TAG,
        summary: 'Input overrides (asset, zone or site level) with who set them, when and why',
        querystring: { type: 'object', additionalProperties: false, properties: { scope: text(10), scopeId: text(64), input: text(40) } },
        response: { 200: S.obj({ items: S.list(S.overrideView) }) },
      },
    },
    async (req) => ({ items: await listRiskOverrides(store, scopeOf(req), req.query) }),
  );

  app.post<{ Body: OverrideInput }>(
    '/api/risk/overrides',
    {
      config: { access: 'write' },
      schema: {
        tags: TAG,
        summary: 'Override an SSVC or exposure input for an asset, a zone or a site (audited)',
        description: 'Precedence: asset > zone > site > derived. Zone-level exposure (open | controlled | small) is set here.',
        body: S.overrideBody,
        response: { 201: S.obj({ override: S.overrideView, recompute: { type: 'string' } }) },
      },
    },
    async (req, reply) => {
      const override = await createRiskOverride(store, scopeOf(req), req.body, by(req));
      await audit(store, req, { action: 'risk.override.create', target: override.id, outcome: 'success', detail: { after: override } });
      return reply.status(201).send({ override, recompute: afterInputChange(req) });
    },
  );

  app.patch<{ Params: { id: string }; Body: { value?: string; reason?: string; vulnerabilityId?: string | null } }>(
    '/api/risk/overrides/:id',
    {
      config: { access: 'write' },
      schema: { tags: TAG, summary: 'Change an override (audited)', params: idParams(), body: S.overridePatchBody, response: { 200: S.obj({ override: S.overrideView, recompute: { type: 'string' } }) } },
    },
    async (req) => {
      const { before, after } = await updateRiskOverride(store, scopeOf(req), req.params.id, req.body, by(req));
      await audit(store, req, { action: 'risk.override.update', target: after.id, outcome: 'success', detail: { before, after } });
      return { override: after, recompute: afterInputChange(req) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/risk/overrides/:id',
    { config: { access: 'write' }, schema: { tags: TAG, summary: 'Remove an override (audited)', params: idParams(), response: { 200: S.obj({ override: S.overrideView, recompute: { type: 'string' } }) } } },
    async (req) => {
      const before = await deleteRiskOverride(store, scopeOf(req), req.params.id);
      await audit(store, req, { action: 'risk.override.delete', target: before.id, outcome: 'success', detail: { before } });
      return { override: before, recompute: afterInputChange(req) };
    },
  );

  // -------------------------------------------------------------------------------------------
  // Rollups, trend, "applied before exploitation"

  app.get<{ Querystring: { level: RollupLevel; site?: string; limit: number; offset: number } }>(
    '/api/risk/rollups',
    {
      config: { access: 'read' },
      schema: {
        tags: TAG,
        summary: 'Risk per organisation, site, zone or asset (highest finding score), worst first, with the formula',
        querystring: S.rollupQuery,
        response: { 200: S.obj({ items: S.list(S.rollupItem), total: { type: 'integer' }, formula: S.obj({ finding: { type: 'string' }, rollup: { type: 'string' } }), computedAt: { type: ['string', 'null'] } }) },
      },
    },
    async (req) => riskRollups(store, scopeOf(req), req.query),
  );

  app.get<{ Querystring: { level: RollupLevel; group?: string; from?: string; to?: string } }>(
    '/api/risk/trend',
    {
      config: { access: 'read' },
      schema: {
        tags: TAG,
        summary: 'Daily risk snapshots of the organisation, its sites or zones',
        querystring: S.trendQuery,
        response: {
          200: S.obj({
            level: { type: 'string' },
            from: { type: 'string' },
            to: { type: 'string' },
            series: S.list(S.obj({ groupId: { type: 'string' }, name: { type: 'string' }, points: S.list(S.obj({ day: { type: 'string' }, score: { type: 'number' }, findings: { type: 'integer' }, mean: { type: 'number' }, byDecision: S.any('findings per decision') })) })),
          }),
        },
      },
    },
    async (req) => riskTrend(store, scopeOf(req), req.query),
  );

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/api/risk/before-exploitation',
    {
      config: { access: 'read' },
      schema: {
        tags: TAG,
        summary: '"Applied before exploitation": per mitigated/remediated finding, and the rate per site and organisation over [from, to)',
        description: 'rate = before ÷ (before + after); not-exploited and unknown are counted beside it. Default period: the last 365 days.',
        querystring: { type: 'object', additionalProperties: false, properties: { from: text(40), to: text(40) } },
        response: {
          200: S.obj({
            period: S.obj({ from: { type: 'string' }, to: { type: 'string' } }),
            site: S.list(S.any('a rate: group, before, after, notExploited, unknown, rate, text')),
            organisation: S.list(S.any('a rate')),
            excluded: { type: 'integer' },
            actions: S.list(S.any('one action with its verdict')),
          }),
        },
      },
    },
    async (req) => exploitationRates(store, scopeOf(req), req.query),
  );

  // -------------------------------------------------------------------------------------------
  // Remediation records

  app.get<{ Querystring: { state?: string; owner?: string; plan?: string; vulnerability?: string; site?: string; limit: number; offset: number } }>(
    '/api/risk/remediations',
    {
      config: { access: 'read' },
      schema: {
        tags: TAG,
        summary: 'The remediation board: records with their finding, asset, site, decision and risk, most recently changed first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { ...pageProperties, state: { ...text(200), description: 'comma-separated states' }, owner: text(200), plan: text(64), vulnerability: text(200), site: text(200) },
        },
        response: { 200: S.page(S.boardItem) },
      },
    },
    async (req) => {
      const q = req.query;
      const site = await resolveRiskSite(store, scopeOf(req), q.site);
      return listRemediationBoard(store, scopeOf(req), { states: q.state ? q.state.split(',') : undefined, owner: q.owner, planId: q.plan, vulnerabilityId: q.vulnerability, site: site?.id, limit: q.limit, offset: q.offset });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/risk/remediations/:id',
    { config: { access: 'read' }, schema: { tags: TAG, summary: "A finding's remediation record with its history and evidence (id = finding id)", params: idParams(), response: { 200: S.remediationView } } },
    async (req) => getRemediation(store, scopeOf(req), req.params.id),
  );

  app.post<{ Params: { id: string }; Body: ChangeBody }>(
    '/api/risk/remediations/:id',
    {
      config: { access: 'write' },
      schema: {
        tags: TAG,
        summary: "Move a finding's remediation: planned (owner, due date), mitigated, remediated, verified, or back to open (reason)",
        description: '409 when the state does not allow the change (the allowed ones are in the error details); 400 for a missing or wrong field.',
        params: idParams(),
        body: S.changeBody,
        response: { 200: S.remediationView },
      },
    },
    async (req) => changeRemediation(store, scopeOf(req), req.params.id, changeOf(req.body), { by: by(req), evidence: req.body.evidence }),
  );

  app.post<{ Params: { id: string }; Body: { expiresAt: string; reason: string; note?: string } }>(
    '/api/risk/remediations/:id/accept',
    {
      config: { access: 'approve' },
      schema: {
        tags: TAG,
        summary: 'Accept the risk of a finding until an expiry (the signed-in approver is recorded); it reopens when the acceptance lapses',
        description: 'An expiry that is not in the future is refused with 400 acceptance-expired.',
        params: idParams(),
        body: S.acceptBody,
        response: { 200: S.remediationView },
      },
    },
    async (req) => {
      const view = await changeRemediation(store, scopeOf(req), req.params.id, { to: 'risk-accepted', ...req.body }, { by: by(req), approver: by(req) });
      await audit(store, req, { action: 'risk.accept', target: req.params.id, outcome: 'success', detail: { approver: by(req), expiresAt: req.body.expiresAt, reason: req.body.reason } });
      return view;
    },
  );

  app.post<{ Params: { id: string }; Body: { text: string; url?: string } }>(
    '/api/risk/remediations/:id/evidence',
    { config: { access: 'write' }, schema: { tags: TAG, summary: 'Add an evidence note to a finding\'s remediation record', params: idParams(), body: S.evidenceBody, response: { 200: S.remediationView } } },
    async (req) => addRemediationEvidence(store, scopeOf(req), req.params.id, req.body, by(req)),
  );

  // -------------------------------------------------------------------------------------------
  // Plans: one vulnerability across many assets

  app.get<{ Querystring: { vulnerability?: string; limit: number; offset: number } }>(
    '/api/risk/plans',
    {
      config: { access: 'read' },
      schema: { tags: TAG, summary: 'Remediation plans with their findings per state', querystring: { type: 'object', additionalProperties: false, properties: { ...pageProperties, vulnerability: text(200) } }, response: { 200: S.page(S.planView) } },
    },
    async (req) => listRemediationPlans(store, scopeOf(req), { vulnerabilityId: req.query.vulnerability, limit: req.query.limit, offset: req.query.offset }),
  );

  app.post<{ Body: { findingIds?: string[]; vulnerabilityId?: string; site?: string; title?: string; owner: string; dueDate: string; action?: string; note?: string } }>(
    '/api/risk/plans',
    {
      config: { access: 'write' },
      schema: {
        tags: TAG,
        summary: 'Plan findings (a list, or every open finding of one vulnerability across assets, optionally on one site) with an owner and a due date',
        body: S.planBody,
        response: { 201: S.bulkResult },
      },
    },
    async (req, reply) => {
      const site = await resolveRiskSite(store, scopeOf(req), req.body.site);
      const result = await createRemediationPlan(store, scopeOf(req), { ...req.body, siteId: site?.id }, by(req));
      return reply.status(201).send(result);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/risk/plans/:id',
    { config: { access: 'read' }, schema: { tags: TAG, summary: 'A plan with its member findings', params: idParams(), response: { 200: S.obj({ ...(S.planView.properties as Record<string, Record<string, unknown>>), members: S.list(S.boardItem) }) } } },
    async (req) => getRemediationPlan(store, scopeOf(req), req.params.id),
  );

  app.patch<{ Params: { id: string }; Body: { title?: string; owner?: string; dueDate?: string; action?: string } }>(
    '/api/risk/plans/:id',
    { config: { access: 'write' }, schema: { tags: TAG, summary: "Change a plan's owner, due date, action or title; its findings still planned are re-planned", params: idParams(), body: S.planPatchBody, response: { 200: S.bulkResult } } },
    async (req) => updateRemediationPlan(store, scopeOf(req), req.params.id, req.body, by(req)),
  );

  app.post<{ Params: { id: string }; Body: ChangeBody }>(
    '/api/risk/plans/:id/transition',
    {
      config: { access: 'write' },
      schema: { tags: TAG, summary: "Move every finding of a plan (those whose state does not allow it are listed as skipped)", params: idParams(), body: S.changeBody, response: { 200: S.bulkResult } },
    },
    async (req) => changeRemediationPlan(store, scopeOf(req), req.params.id, changeOf(req.body), { by: by(req), evidence: req.body.evidence }),
  );

  app.post<{ Params: { id: string }; Body: { expiresAt: string; reason: string; note?: string } }>(
    '/api/risk/plans/:id/accept',
    { config: { access: 'approve' }, schema: { tags: TAG, summary: 'Accept the risk of every finding of a plan until an expiry', params: idParams(), body: S.acceptBody, response: { 200: S.bulkResult } } },
    async (req) => {
      const result = await changeRemediationPlan(store, scopeOf(req), req.params.id, { to: 'risk-accepted', ...req.body }, { by: by(req), approver: by(req) });
      await audit(store, req, { action: 'risk.accept', target: req.params.id, outcome: 'success', detail: { plan: req.params.id, findings: result.changed.length, approver: by(req), expiresAt: req.body.expiresAt, reason: req.body.reason } });
      return result;
    },
  );

  // -------------------------------------------------------------------------------------------
  // Notification endpoints (admin)

  app.get('/api/risk/notifications/endpoints', { config: { access: 'admin' }, schema: { tags: TAG, summary: 'Webhook and syslog endpoints (secrets are never returned)', response: { 200: S.obj({ items: S.list(S.endpointView) }) } } }, async (req) => ({
    items: await listNotificationEndpoints(store, scopeOf(req)),
  }));

  const endpointAnswer = S.obj({ endpoint: S.endpointView, secret: { type: 'string', description: 'the generated webhook secret: shown once, keep it' } });

  app.post<{ Body: EndpointInput }>(
    '/api/risk/notifications/endpoints',
    {
      config: { access: 'admin' },
      schema: {
        tags: TAG,
        summary: 'Add a webhook (JSON, HMAC-SHA256 signature header x-bulwark-signature over "<x-bulwark-timestamp>.<body>") or a syslog target (RFC 5424, UDP/TCP, CEF option)',
        body: S.endpointBody,
        response: { 201: endpointAnswer },
      },
    },
    async (req, reply) => {
      const result = await createNotificationEndpoint(store, scopeOf(req), req.body, by(req));
      await audit(store, req, { action: 'notify.endpoint.create', target: result.endpoint.id, outcome: 'success', detail: { endpoint: result.endpoint } });
      return reply.status(201).send(result);
    },
  );

  app.patch<{ Params: { id: string }; Body: EndpointInput }>(
    '/api/risk/notifications/endpoints/:id',
    { config: { access: 'admin' }, schema: { tags: TAG, summary: 'Change an endpoint (rotateSecret: a new secret, returned once)', params: idParams(), body: S.endpointPatchBody, response: { 200: endpointAnswer } } },
    async (req) => {
      const result = await updateNotificationEndpoint(store, scopeOf(req), req.params.id, req.body, by(req));
      await audit(store, req, { action: 'notify.endpoint.update', target: req.params.id, outcome: 'success', detail: { endpoint: result.endpoint, secretRotated: result.secret !== undefined } });
      return result;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/risk/notifications/endpoints/:id',
    { config: { access: 'admin' }, schema: { tags: TAG, summary: 'Remove an endpoint (its delivery log stays)', params: idParams(), response: { 200: S.obj({ endpoint: S.endpointView }) } } },
    async (req) => ({ endpoint: await deleteNotificationEndpoint(store, scopeOf(req), req.params.id) }),
  );

  app.post<{ Params: { id: string } }>(
    '/api/risk/notifications/endpoints/:id/test',
    {
      config: { access: 'admin' },
      schema: { tags: TAG, summary: 'Send a test event to an endpoint now (with retries) and return the logged delivery', params: idParams(), body: { type: ['object', 'null'] }, response: { 200: S.deliveryView } },
    },
    async (req) => testNotificationEndpoint(store, scopeOf(req), req.params.id, by(req)),
  );

  app.get<{ Querystring: { endpoint?: string; limit: number; offset: number } }>(
    '/api/risk/notifications/deliveries',
    {
      config: { access: 'admin' },
      schema: { tags: TAG, summary: 'The delivery log, newest first', querystring: { type: 'object', additionalProperties: false, properties: { ...pageProperties, endpoint: text(64) } }, response: { 200: S.page(S.deliveryView) } },
    },
    async (req) => listDeliveryLog(store, scopeOf(req), { endpointId: req.query.endpoint, limit: req.query.limit, offset: req.query.offset }),
  );
}
