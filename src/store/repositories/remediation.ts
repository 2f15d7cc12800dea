/**
 * Remediation repository: one record per finding (the engine's RemediationRecord with its history,
 * plus evidence notes) and plans that group the findings of one vulnerability across many assets.
 * The remediation service (src/services/remediation.ts) applies the state machine; this module
 * only knows the tables.
 */
import type SQLite from 'better-sqlite3';
import type { RemediationRecord } from '../../engine/risk/index.js';
import type { EvidenceNote, StoredPlan } from '../../model/risk-views.js';
import type { Scope } from '../../model/scope.js';
import type { Db } from '../database.js';
import { insertRows } from '../bulk.js';
import { chunks } from '../sql-helpers.js';

export type { EvidenceNote } from '../../model/risk-views.js';

export interface StoredRemediation {
  findingId: string;
  orgId: string;
  vulnerabilityId: string;
  assetId: string | null;
  planId: string | null;
  record: RemediationRecord;
  evidence: EvidenceNote[];
  updatedBy: string;
  updatedAt: string;
}

type RemediationRow = {
  finding_id: string; org_id: string; vulnerability_id: string; asset_id: string | null; plan_id: string | null; record: string; evidence: string;
  updated_by: string; updated_at: string;
};

function toRemediation(r: RemediationRow): StoredRemediation {
  return {
    findingId: r.finding_id,
    orgId: r.org_id,
    vulnerabilityId: r.vulnerability_id,
    assetId: r.asset_id,
    planId: r.plan_id,
    record: JSON.parse(r.record) as RemediationRecord,
    evidence: JSON.parse(r.evidence) as EvidenceNote[],
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

/** An ISO timestamp in UTC (what the lapse sweep compares as text), or null. */
export function utcInstant(text: string | undefined | null): string | null {
  if (!text) return null;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export async function getRemediations(db: Db, orgId: string, findingIds: readonly string[]): Promise<Map<string, StoredRemediation>> {
  const out = new Map<string, StoredRemediation>();
  for (const part of chunks([...findingIds])) {
    const rows = await db.selectFrom('remediations').selectAll().where('org_id', '=', orgId).where('finding_id', 'in', part).execute();
    for (const r of rows) out.set(r.finding_id, toRemediation(r));
  }
  return out;
}

export async function writeRemediations(db: Db, raw: SQLite.Database | null, rows: StoredRemediation[]): Promise<void> {
  const out = rows.map((r) => ({
    finding_id: r.findingId,
    org_id: r.orgId,
    vulnerability_id: r.vulnerabilityId,
    asset_id: r.assetId,
    plan_id: r.planId,
    state: r.record.state,
    owner: r.record.plan?.owner ?? null,
    due_date: r.record.plan?.dueDate ?? null,
    expires_at: r.record.state === 'risk-accepted' ? utcInstant(r.record.acceptance?.expiresAt) ?? '0000' : null,
    first_action_at: utcInstant(r.record.firstActionAt),
    record: JSON.stringify(r.record),
    evidence: JSON.stringify(r.evidence),
    updated_by: r.updatedBy,
    updated_at: r.updatedAt,
  }));
  for (const part of chunks(out, 5000)) await insertRows(db, raw, 'remediations', part, { key: 'finding_id' });
}

/** Findings whose risk acceptance has expired at `now` (an unreadable expiry is stored as already past). */
export async function lapsedAcceptances(db: Db, orgId: string, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('remediations')
    .select('finding_id')
    .where('org_id', '=', orgId)
    .where('state', '=', 'risk-accepted')
    .where('expires_at', '<=', now)
    .execute();
  return rows.map((r) => r.finding_id);
}

export interface RemediationQuery {
  states?: string[] | undefined;
  owner?: string | undefined;
  planId?: string | undefined;
  vulnerabilityId?: string | undefined;
  site?: string | undefined;
  limit: number;
  offset: number;
}

export interface RemediationListRow extends StoredRemediation {
  targetName: string;
  assetName: string | null;
  siteId: string | null;
  siteName: string | null;
  decision: number | null;
  risk: number | null;
}

function remediationBase(db: Db, scope: Scope, query: Omit<RemediationQuery, 'limit' | 'offset'>) {
  let q = db
    .selectFrom('remediations as m')
    .innerJoin('findings as f', 'f.id', 'm.finding_id')
    .leftJoin('assets as a', 'a.id', 'm.asset_id')
    .leftJoin('sites as s', 's.id', 'a.site_id')
    .leftJoin('risk_assessments as r', (j) => j.onRef('r.org_id', '=', 'm.org_id').onRef('r.finding_id', '=', 'm.finding_id'))
    .where('m.org_id', '=', scope.orgId);
  if (scope.view !== 'own') q = q.where('m.finding_id', '=', '');
  if (scope.siteIds !== null) q = q.where((eb) => eb.or([eb('m.asset_id', 'is', null), eb('a.site_id', 'in', [...scope.siteIds!, ''])]));
  if (query.states && query.states.length > 0) q = q.where('m.state', 'in', query.states);
  if (query.owner) q = q.where('m.owner', '=', query.owner);
  if (query.planId) q = q.where('m.plan_id', '=', query.planId);
  if (query.vulnerabilityId) q = q.where('m.vulnerability_id', '=', query.vulnerabilityId);
  if (query.site) q = q.where('a.site_id', '=', query.site);
  return q;
}

/** The remediation board: records with their finding, asset and site, most recently changed first. */
export async function listRemediations(db: Db, scope: Scope, query: RemediationQuery): Promise<{ items: RemediationListRow[]; total: number }> {
  const total = await remediationBase(db, scope, query).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const rows = await remediationBase(db, scope, query)
    .selectAll('m')
    .select(['f.target_name', 'a.name as asset_name', 'a.site_id', 's.name as site_name', 'r.decision', 'r.risk'])
    .orderBy('m.updated_at', 'desc')
    .orderBy('m.finding_id')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      ...toRemediation(r),
      targetName: r.target_name,
      assetName: r.asset_name,
      siteId: r.site_id,
      siteName: r.site_name,
      decision: r.decision === null ? null : Number(r.decision),
      risk: r.risk === null ? null : Number(r.risk),
    })),
  };
}

/** Mitigated / remediated / verified records whose first action falls in [from, to), with their site. */
export async function actionsInPeriod(db: Db, scope: Scope, from: string, to: string): Promise<{ findingId: string; vulnerabilityId: string; siteId: string | null; siteName: string | null; firstActionAt: string }[]> {
  let q = db
    .selectFrom('remediations as m')
    .leftJoin('assets as a', 'a.id', 'm.asset_id')
    .leftJoin('sites as s', 's.id', 'a.site_id')
    .select(['m.finding_id', 'm.vulnerability_id', 'a.site_id', 's.name as site_name', 'm.first_action_at'])
    .where('m.org_id', '=', scope.orgId)
    .where('m.first_action_at', '>=', from)
    .where('m.first_action_at', '<', to);
  if (scope.view !== 'own') q = q.where('m.finding_id', '=', '');
  if (scope.siteIds !== null) q = q.where((eb) => eb.or([eb('m.asset_id', 'is', null), eb('a.site_id', 'in', [...scope.siteIds!, ''])]));
  const rows = await q.orderBy('m.first_action_at').execute();
  return rows.map((r) => ({ findingId: r.finding_id, vulnerabilityId: r.vulnerability_id, siteId: r.site_id, siteName: r.site_name, firstActionAt: r.first_action_at! }));
}

// ---------------------------------------------------------------------------------------------
// Plans

export type { StoredPlan } from '../../model/risk-views.js';

type PlanRow = { id: string; title: string; vulnerability_id: string | null; owner: string; due_date: string; action: string | null; created_by: string; created_at: string; updated_by: string; updated_at: string };

function toPlan(r: PlanRow): StoredPlan {
  return {
    id: r.id, title: r.title, vulnerabilityId: r.vulnerability_id, owner: r.owner, dueDate: r.due_date, action: r.action,
    createdBy: r.created_by, createdAt: r.created_at, updatedBy: r.updated_by, updatedAt: r.updated_at,
  };
}

export async function insertPlan(db: Db, orgId: string, p: StoredPlan): Promise<void> {
  await db
    .insertInto('remediation_plans')
    .values({
      id: p.id, org_id: orgId, title: p.title, vulnerability_id: p.vulnerabilityId, owner: p.owner, due_date: p.dueDate, action: p.action,
      created_by: p.createdBy, created_at: p.createdAt, updated_by: p.updatedBy, updated_at: p.updatedAt,
    })
    .execute();
}

export async function updatePlan(db: Db, orgId: string, p: StoredPlan): Promise<void> {
  await db
    .updateTable('remediation_plans')
    .set({ title: p.title, owner: p.owner, due_date: p.dueDate, action: p.action, updated_by: p.updatedBy, updated_at: p.updatedAt })
    .where('org_id', '=', orgId)
    .where('id', '=', p.id)
    .execute();
}

export async function getPlan(db: Db, orgId: string, id: string): Promise<StoredPlan | null> {
  const r = await db.selectFrom('remediation_plans').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return r ? toPlan(r) : null;
}

export async function listPlans(db: Db, orgId: string, query: { vulnerabilityId?: string | undefined; limit: number; offset: number }): Promise<{ items: StoredPlan[]; total: number }> {
  let q = db.selectFrom('remediation_plans').where('org_id', '=', orgId);
  if (query.vulnerabilityId) q = q.where('vulnerability_id', '=', query.vulnerabilityId);
  const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(query.limit).offset(query.offset).execute();
  return { items: rows.map(toPlan), total: Number(total.n) };
}

/** Count of the member records of each plan, per state (what the site sees of it for a site-limited reader). */
export async function planStateCounts(db: Db, scope: Scope, planIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  if (planIds.length === 0) return out;
  let q = db
    .selectFrom('remediations as m')
    .leftJoin('assets as a', 'a.id', 'm.asset_id')
    .select(['m.plan_id', 'm.state', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('m.org_id', '=', scope.orgId)
    .where('m.plan_id', 'in', [...planIds]);
  if (scope.siteIds !== null) q = q.where((eb) => eb.or([eb('m.asset_id', 'is', null), eb('a.site_id', 'in', [...scope.siteIds!, ''])]));
  for (const r of await q.groupBy(['m.plan_id', 'm.state']).execute()) {
    const counts = out.get(r.plan_id!) ?? {};
    counts[r.state] = Number(r.n);
    out.set(r.plan_id!, counts);
  }
  return out;
}

/** Ids of a plan's findings the scope may change. */
export async function planFindingIds(db: Db, scope: Scope, planId: string): Promise<string[]> {
  let q = db.selectFrom('remediations as m').leftJoin('assets as a', 'a.id', 'm.asset_id').select('m.finding_id').where('m.org_id', '=', scope.orgId).where('m.plan_id', '=', planId);
  if (scope.siteIds !== null) q = q.where((eb) => eb.or([eb('m.asset_id', 'is', null), eb('a.site_id', 'in', [...scope.siteIds!, ''])]));
  return (await q.orderBy('m.finding_id').execute()).map((r) => r.finding_id);
}
