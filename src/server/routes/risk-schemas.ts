/**
 * JSON Schemas of the risk API's requests and answers: they validate requests, document every
 * shape in the OpenAPI description (/api/docs) for the web UI and other clients, and serialise
 * answers. Values that may be absent are declared nullable, so that a null is never turned into
 * an empty string or a zero.
 */
import { DECISIONS, DEADLINE_STATUSES, EXPOSURES, OVERRIDABLE_INPUTS, OVERRIDE_SCOPES, REMEDIATION_STATES } from '../../engine/risk/index.js';
import { NOTIFICATION_KINDS, RISK_EVENT_KINDS } from '../../store/repositories/notify.js';
import { ROLLUP_LEVELS, SNAPSHOT_LEVELS } from '../../store/repositories/risk.js';
import { text } from '../schemas.js';

type Schema = Record<string, unknown>;

const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
const nstr = (description?: string): Schema => ({ type: ['string', 'null'], ...(description ? { description } : {}) });
const num = (description?: string): Schema => ({ type: 'number', ...(description ? { description } : {}) });
const nnum = (description?: string): Schema => ({ type: ['number', 'null'], ...(description ? { description } : {}) });
const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) });
const bool = (description?: string): Schema => ({ type: 'boolean', ...(description ? { description } : {}) });
export const obj = (properties: Record<string, Schema>, description?: string, extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  ...(description ? { description } : {}),
  ...extra,
});
const nobj = (properties: Record<string, Schema>, description?: string): Schema => ({ ...obj(properties, description), type: ['object', 'null'] });
/** A free-form object (engine output kept whole). */
export const any = (description: string): Schema => ({ type: 'object', additionalProperties: true, description });
const nany = (description: string): Schema => ({ type: ['object', 'null'], additionalProperties: true, description });
export const list = (items: Schema, description?: string): Schema => ({ type: 'array', items, ...(description ? { description } : {}) });
const ref = (description: string) => nobj({ id: str(), name: str() }, description);
const byDecision = (description: string) => obj(Object.fromEntries(DECISIONS.map((d) => [d, int()])), description);

// ---------------------------------------------------------------------------------------------
// Requests

export const decisionList = { ...text(60), pattern: `^(${DECISIONS.map((d) => d.replace('*', '\\*')).join('|')})(,(${DECISIONS.map((d) => d.replace('*', '\\*')).join('|')}))*$`, description: 'comma-separated decisions (Act, Attend, Track*, Track)' };

export const queueQuery = (maxOffset: number) => ({
  type: 'object',
  additionalProperties: false,
  properties: {
    site: { ...text(200), description: 'site id or name' },
    decision: decisionList,
    overdue: { type: 'boolean', description: 'only findings past their due date' },
    dueSoon: { type: 'boolean', description: "only findings due within the policy's due-soon days" },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0, maximum: maxOffset, default: 0 },
  },
});

export const deadlineQuery = (maxOffset: number) => {
  const q = queueQuery(maxOffset);
  const { overdue: _o, dueSoon: _d, ...properties } = q.properties;
  return { ...q, properties };
};

const isoDate = { ...text(40), description: 'ISO-8601 date or timestamp' };

export const changeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['to'],
  properties: {
    to: { type: 'string', enum: REMEDIATION_STATES, description: 'target state; risk-accepted goes through …/accept (needs approve)' },
    owner: { ...text(200), description: 'planned: who carries it out' },
    dueDate: { ...isoDate, description: 'planned: by when' },
    action: { ...text(2000), description: 'planned: what will be done' },
    reason: { ...text(2000), description: 'open: why it is reopened' },
    appliedAt: { ...isoDate, description: 'mitigated / remediated: when it was in place, if before now (not in the future)' },
    note: text(2000),
    evidence: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: text(4000), url: text(2000) }, description: 'an evidence note kept with the record' },
  },
};

export const acceptBody = {
  type: 'object',
  additionalProperties: false,
  required: ['expiresAt', 'reason'],
  properties: {
    expiresAt: { ...isoDate, description: 'when the acceptance lapses and the finding reopens; must be in the future' },
    reason: text(2000),
    note: text(2000),
  },
};

export const evidenceBody = { type: 'object', additionalProperties: false, required: ['text'], properties: { text: text(4000), url: text(2000) } };

export const planBody = {
  type: 'object',
  additionalProperties: false,
  required: ['owner', 'dueDate'],
  properties: {
    findingIds: { type: 'array', items: text(64), maxItems: 10_000, description: 'the findings to plan (or give vulnerabilityId)' },
    vulnerabilityId: { ...text(200), description: 'plan every open finding of this vulnerability (across all assets)' },
    site: { ...text(200), description: 'with vulnerabilityId: only this site (id or name)' },
    title: text(300),
    owner: text(200),
    dueDate: isoDate,
    action: text(2000),
    note: text(2000),
  },
};

export const planPatchBody = { type: 'object', additionalProperties: false, properties: { title: text(300), owner: text(200), dueDate: isoDate, action: text(2000) } };

export const policyBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'slaDays'],
  properties: {
    name: text(200),
    mode: { type: 'string', enum: ['organisation', 'bod-26-04'], description: 'which deadline governs status and the queue' },
    slaDays: obj(Object.fromEntries(DECISIONS.map((d) => [d, { type: ['integer', 'null'] }])), 'days per SSVC decision (null: no fixed date)', { additionalProperties: false, required: [...DECISIONS] }),
    dueSoonDays: { type: 'integer' },
  },
};

export const overrideBody = {
  type: 'object',
  additionalProperties: false,
  required: ['scope', 'scopeId', 'input', 'value', 'reason'],
  properties: {
    scope: { type: 'string', enum: OVERRIDE_SCOPES },
    scopeId: { ...text(64), description: 'id of the asset, zone or site' },
    input: { type: 'string', enum: OVERRIDABLE_INPUTS },
    value: { ...text(40), description: `a value of the input (exposure: ${EXPOSURES.join(', ')})` },
    vulnerabilityId: { ...text(200), description: 'only for this vulnerability (Exploitation, Automatable, Technical Impact)' },
    reason: text(2000),
  },
};

export const overridePatchBody = {
  type: 'object',
  additionalProperties: false,
  properties: { value: text(40), reason: text(2000), vulnerabilityId: { type: ['string', 'null'], maxLength: 200 } },
};

const endpointProperties = {
  name: text(100),
  kind: { type: 'string', enum: NOTIFICATION_KINDS },
  enabled: { type: 'boolean' },
  events: { type: 'array', items: { type: 'string', enum: RISK_EVENT_KINDS }, description: 'event kinds sent (default all)' },
  url: { ...text(2000), description: 'webhook: http(s) URL' },
  secret: { ...text(512), description: 'webhook: HMAC-SHA256 key (16+ characters); generated and returned once when absent' },
  host: { ...text(253), description: 'syslog: host name or IP' },
  port: { type: 'integer', description: 'syslog: port (default 514)' },
  transport: { type: 'string', enum: ['udp', 'tcp'] },
  format: { type: 'string', enum: ['rfc5424', 'cef'], description: 'syslog: RFC 5424 text with structured data, or an ArcSight CEF message' },
  facility: { type: 'integer', description: 'syslog facility 0..23 (default 13, log audit)' },
  appName: text(48),
};

export const endpointBody = { type: 'object', additionalProperties: false, required: ['name', 'kind'], properties: endpointProperties };
export const endpointPatchBody = { type: 'object', additionalProperties: false, properties: { ...endpointProperties, rotateSecret: { type: 'boolean', description: 'generate a new secret (returned once)' } } };

export const rollupQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    level: { type: 'string', enum: ROLLUP_LEVELS, default: 'site' },
    site: { ...text(200), description: 'only groups of this site (id or name)' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
    offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
  },
};

export const trendQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    level: { type: 'string', enum: SNAPSHOT_LEVELS, default: 'organisation' },
    group: { ...text(200), description: 'one site (id or name) or zone id' },
    from: { ...text(10), format: 'date', description: 'first day (default 90 days ago)' },
    to: { ...text(10), format: 'date', description: 'last day (default today)' },
  },
};

// ---------------------------------------------------------------------------------------------
// Answers

export const queueItem = obj({
  findingId: str(),
  vulnerability: obj({ id: str(), title: nstr(), cvss: nnum('preferred CVSS base score'), severity: nstr(), epss: nnum(), epssPercentile: nnum(), kev: bool(), kevDueDate: nstr('BOD 22-01 KEV due date, for reference') }),
  target: obj({ kind: str('asset or component'), name: str() }),
  asset: ref('the asset the finding sits on (null: an organisation-wide SBOM component)'),
  site: ref('the asset\'s site'),
  zone: ref('the asset\'s zone'),
  decision: { type: 'string', enum: DECISIONS },
  decisionSince: str('when the finding reached this decision (starts the policy clock)'),
  deadline: obj({
    governing: { type: 'string', enum: ['organisation', 'bod-26-04'] },
    kind: { type: 'string', enum: ['date', 'next-upgrade', 'unknown'] },
    dueDate: nstr(),
    daysLeft: { type: ['integer', 'null'], description: 'negative: overdue by that many days' },
    status: { type: 'string', enum: DEADLINE_STATUSES },
    bod: obj({ dueDate: nstr(), outcome: str('the BOD 26-04 table cell outcome'), forensicTriage: bool(), noVulnrichment: bool() }),
    policyDueDate: nstr(),
  }),
  risk: num('risk score 0–100 (see /api/risk/rollups formula)'),
  exposed: bool('publicly exposed (open or unknown exposure)'),
  state: { type: 'string', enum: REMEDIATION_STATES },
  remediation: obj({ owner: nstr(), dueDate: nstr(), planId: nstr(), acceptedUntil: nstr() }),
  firstSeen: str(),
  computedAt: str(),
});

export const queuePage = obj({
  items: list(queueItem),
  limit: int(),
  offset: int(),
  total: int('open findings matching the filters (a lower bound when totalExact is false)'),
  totalExact: bool(),
  counts: byDecision('per decision, each capped at 1,000 (then read as "1000+")'),
  today: str(),
  mode: { type: 'string', enum: ['organisation', 'bod-26-04'] },
  dueSoonDays: int(),
  site: ref('the site filter, resolved'),
  computedAt: nstr('when the organisation was last recomputed'),
});

export const recomputeSummary = obj({
  organisationId: str(),
  trigger: str(),
  computedAt: str(),
  mode: str(),
  findings: int(),
  vulnerabilities: int(),
  derivedVulnerabilities: int('vulnerabilities whose intelligence changed since their inputs were derived'),
  assets: int(),
  written: int(),
  removed: int(),
  lapsed: int('risk acceptances that expired and were reopened'),
  verified: int('findings closed as verified by their observed firmware'),
  byDecision: byDecision('findings per decision'),
  byStatus: obj(Object.fromEntries(DEADLINE_STATUSES.map((s) => [s, int()]))),
  baseline: bool('first recompute: nothing is notified'),
  events: int(),
  eventsDropped: int(),
  seconds: num(),
  phases: { type: 'object', additionalProperties: { type: 'number' } },
});

export const policyView = obj({
  name: str(),
  mode: { type: 'string', enum: ['organisation', 'bod-26-04'] },
  slaDays: obj(Object.fromEntries(DECISIONS.map((d) => [d, { type: ['integer', 'null'] }]))),
  dueSoonDays: int(),
  updatedBy: nstr(),
  updatedAt: nstr(),
});

export const overrideView = obj({
  id: str(),
  scope: { type: 'string', enum: OVERRIDE_SCOPES },
  scopeId: str(),
  targetName: nstr(),
  input: str(),
  value: str(),
  vulnerabilityId: nstr(),
  reason: nstr(),
  createdBy: str(),
  createdAt: str(),
  updatedBy: nstr(),
  updatedAt: nstr(),
});

const historyEvent = obj({ from: str(), to: str(), at: str(), by: str(), note: nstr() });

export const remediationView = obj({
  findingId: str(),
  vulnerabilityId: str(),
  assetId: nstr(),
  planId: nstr(),
  state: { type: 'string', enum: REMEDIATION_STATES },
  since: str(),
  plan: nobj({ owner: str(), dueDate: str(), action: nstr() }),
  acceptance: nobj({ approver: str(), expiresAt: str(), reason: str() }),
  firstActionAt: nstr('when a mitigation or remediation was first in place'),
  verification: nobj({ by: str(), at: str(), observedVersion: nstr(), fixedVersion: nstr(), scheme: nstr() }),
  history: list(historyEvent),
  evidence: list(obj({ at: str(), by: str(), text: str(), url: nstr() })),
  updatedBy: nstr(),
  updatedAt: nstr(),
});

export const boardItem = obj({
  ...(remediationView.properties as Record<string, Schema>),
  targetName: str(),
  asset: ref('asset'),
  site: ref('site'),
  decision: nstr(),
  risk: nnum(),
});

export const planView = obj({
  id: str(),
  title: str(),
  vulnerabilityId: nstr(),
  owner: str(),
  dueDate: str(),
  action: nstr(),
  createdBy: str(),
  createdAt: str(),
  updatedBy: str(),
  updatedAt: str(),
  states: { type: 'object', additionalProperties: { type: 'integer' }, description: 'member findings per remediation state' },
  findings: int(),
});

export const bulkResult = obj({
  plan: planView,
  changed: list(remediationView),
  skipped: list(obj({ findingId: str(), code: str(), message: str() }), 'findings whose state does not allow the change, with why'),
});

export const rollupItem = obj({
  level: str(),
  groupId: str(),
  name: str(),
  score: num(),
  findings: int(),
  byDecision: byDecision('findings per decision'),
  sum: num(),
  mean: num(),
  worstFindingId: nstr(),
  text: str('the formula with the numbers'),
});

export const findingRiskView = obj({
  finding: any('the finding: id, status, first/last seen, target, vulnerability, asset (kind, criticality, firmware, exposure attribute), site, zone'),
  decision: { type: 'string', enum: DECISIONS },
  assessment: obj(
    {
      ssvc: any('SSVC decision with every input step: value (or unknown), the value used, rule, source, notes, override (who, when, why, derived value)'),
      exposure: any('the exposure input step'),
      bod: any('BOD 26-04 deadline: cell, kind, dueDate, days, clock start, forensic triage, KEV due date for reference, rule, notes'),
      policy: any('organisation policy deadline'),
      mode: str(),
      status: { type: 'string', enum: DEADLINE_STATUSES },
      state: { type: 'string', enum: REMEDIATION_STATES },
      risk: obj({ score: num(), text: str('the formula with the numbers') }),
      timing: nany('applied before exploitation: before / after / not-exploited / unknown, with the earliest evidence'),
      rationale: list(str(), 'one line per input, then exposure, deadlines, status and score'),
    },
    'assessed now from the stored intelligence, inventory, overrides and remediation',
    { additionalProperties: true },
  ),
  scores: obj({
    cvss: obj({ preferred: nany('the preferred CVSS score with its source'), all: list(any('a valid CVSS score with its source')), rule: str('the source preference') }),
    epss: nany('EPSS score, percentile, date and model'),
  }),
  problems: list(obj({ code: str(), message: str() }), 'invalid vectors, mismatching scores, unreadable dates'),
  exploitationEvidence: list(obj({ kind: str(), date: nstr(), source: str() })),
  recommendedActions: list(obj({ category: str(), details: nstr(), url: nstr(), fixedVersion: nstr(), advisories: list(str()) }), 'CSAF remediations, a fix first'),
  fixedVersion: nstr(),
  firmwareVerdict: nany('whether the observed firmware reaches the fixed version'),
  remediation: remediationView,
  stored: nobj({ decision: str(), dueDate: nstr(), dueKind: str(), risk: num(), state: str(), decisionSince: str(), computedAt: str() }, 'what the last recompute stored (the queue shows this)'),
  policy: policyView,
});

export const endpointView = obj({
  id: str(),
  name: str(),
  kind: { type: 'string', enum: NOTIFICATION_KINDS },
  enabled: bool(),
  events: list(str()),
  config: any('webhook { url } (credentials and query hidden) or syslog { host, port, transport, format, facility, appName }'),
  secretSet: bool(),
  createdBy: str(),
  createdAt: str(),
  updatedBy: str(),
  updatedAt: str(),
});

export const deliveryView = obj({
  id: str(),
  endpointId: str(),
  endpointName: str(),
  kind: str(),
  status: { type: 'string', enum: ['delivered', 'failed'] },
  attempts: int(),
  eventCount: int(),
  eventKinds: list(str()),
  responseStatus: { type: ['integer', 'null'] },
  error: nstr(),
  events: list(any('an event')),
  createdAt: str(),
  lastAttemptAt: str(),
});

export const page = (item: Schema): Schema => obj({ items: list(item), total: int() });
