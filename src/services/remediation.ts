/**
 * Remediation use cases: plan a finding (or a vulnerability across many assets at once), move it
 * through the engine's state machine (open → planned → mitigated → remediated → verified, or risk
 * accepted with an approver and an expiry), keep evidence notes, reopen lapsed acceptances, and
 * close findings as verified when the firmware observed on the asset reaches the fixed version.
 * Every change keeps its history in the record and updates the finding's stored assessment.
 */
import type SQLite from 'better-sqlite3';
import {
  DECISIONS,
  effectiveRecord,
  openRecord,
  reachesFixedVersion,
  REMEDIATION_STATES,
  STATE_FACTORS,
  transition,
  verifyByObservedVersion,
  type RemediationChange,
  type RemediationRecord,
  type RemediationState,
} from '../engine/risk/index.js';
import { InputError, NotFoundError, type Issue } from '../model/errors.js';
import type { Evidence } from '../model/finding.js';
import { assertWritable, type Scope } from '../model/scope.js';
import type { Db, Store } from '../store/database.js';
import { visibleRows } from '../store/scope.js';
import { chunks } from '../store/sql-helpers.js';
import {
  getPlan,
  getRemediations,
  insertPlan,
  lapsedAcceptances,
  listPlans,
  listRemediations,
  planFindingIds,
  planStateCounts,
  updatePlan,
  writeRemediations,
  type RemediationListRow,
  type StoredRemediation,
} from '../store/repositories/remediation.js';
import type { PlanView, RemediationBoardItem, RemediationView, StoredPlan } from '../model/risk-views.js';
import { updateAssessmentStates } from '../store/repositories/risk.js';
import { newId } from '../util/ids.js';
import { appendAudit } from './audit.js';
import { fixedVersionForProducts, type FixedVersionEntry } from './risk-intel.js';

export type { PlanView, RemediationBoardItem, RemediationView } from '../model/risk-views.js';

/** States in which a finding waits for action (it is in the work queue). */
export const QUEUE_STATES: readonly RemediationState[] = ['open', 'planned'];

export function isQueued(state: RemediationState): boolean {
  return QUEUE_STATES.includes(state);
}

export function remediationView(r: Pick<StoredRemediation, 'findingId' | 'vulnerabilityId' | 'assetId' | 'planId' | 'record' | 'evidence'> & { updatedBy: string | null; updatedAt: string | null }, now: Date = new Date()): RemediationView {
  const record = effectiveRecord(r.record, now);
  return {
    findingId: r.findingId,
    vulnerabilityId: r.vulnerabilityId,
    assetId: r.assetId,
    planId: r.planId,
    state: record.state,
    since: record.since,
    plan: record.plan ?? null,
    acceptance: record.acceptance ?? null,
    firstActionAt: record.firstActionAt ?? null,
    verification: record.verification ?? null,
    history: record.history,
    evidence: r.evidence,
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt,
  };
}

// ---------------------------------------------------------------------------------------------
// Loading findings with their records

interface OpenFinding {
  id: string;
  orgId: string;
  vulnerabilityId: string;
  assetId: string | null;
  firstSeen: string;
}

/** Open findings (affected, not resolved) of the scope's own organisation, by id or by vulnerability. */
async function openFindings(db: Db, scope: Scope, filter: { ids?: readonly string[]; vulnerabilityId?: string; siteId?: string }): Promise<OpenFinding[]> {
  const base = () =>
    db
      .selectFrom('findings as f')
      .leftJoin('sboms as s', 's.id', 'f.sbom_id')
      .leftJoin('assets as a', 'a.id', 'f.asset_id')
      .select(['f.id', 'f.org_id', 'f.vulnerability_id', 'f.asset_id', 's.asset_id as sbom_asset', 'f.first_seen'])
      .where('f.org_id', '=', scope.orgId)
      .where(visibleRows('findings', scope, 'f'))
      .where('f.status', '=', 'affected')
      .where('f.resolved_at', 'is', null)
      .$if(filter.siteId !== undefined, (q) => q.where('a.site_id', '=', filter.siteId!));
  const rows = [];
  if (filter.ids) for (const part of chunks([...filter.ids])) rows.push(...(await base().where('f.id', 'in', part).execute()));
  else if (filter.vulnerabilityId) rows.push(...(await base().where('f.vulnerability_id', '=', filter.vulnerabilityId).orderBy('f.id').execute()));
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, vulnerabilityId: r.vulnerability_id, assetId: r.asset_id ?? r.sbom_asset ?? null, firstSeen: r.first_seen }));
}

function storedOrOpen(f: OpenFinding, stored: StoredRemediation | undefined): StoredRemediation {
  return (
    stored ?? {
      findingId: f.id,
      orgId: f.orgId,
      vulnerabilityId: f.vulnerabilityId,
      assetId: f.assetId,
      planId: null,
      record: openRecord(f.firstSeen),
      evidence: [],
      updatedBy: 'system',
      updatedAt: f.firstSeen,
    }
  );
}

/** Writes records and brings the findings' stored assessments (state, queue, score) in line. */
async function saveRecords(db: Db, raw: SQLite.Database | null, records: StoredRemediation[]): Promise<void> {
  await writeRemediations(db, raw, records);
  const byOrg = new Map<string, StoredRemediation[]>();
  for (const r of records) byOrg.set(r.orgId, [...(byOrg.get(r.orgId) ?? []), r]);
  for (const [orgId, list] of byOrg) {
    await updateAssessmentStates(db, orgId, list.map((r) => ({ findingId: r.findingId, state: r.record.state, open: isQueued(r.record.state) ? 1 : 0, factor: STATE_FACTORS[r.record.state] })));
  }
}

// ---------------------------------------------------------------------------------------------
// Changes

export type ChangeInput =
  | { to: 'open'; reason: string; note?: string | undefined }
  | { to: 'planned'; owner: string; dueDate: string; action?: string | undefined; note?: string | undefined }
  | { to: 'mitigated' | 'remediated'; appliedAt?: string | undefined; note?: string | undefined }
  | { to: 'verified'; note?: string | undefined }
  | { to: 'risk-accepted'; expiresAt: string; reason: string; note?: string | undefined };

export interface ChangeOptions {
  by: string;
  /** Who approved a risk acceptance (the signed-in approver). */
  approver?: string | undefined;
  now?: Date | undefined;
  evidence?: { text: string; url?: string | undefined } | undefined;
  /** Set on the records (a plan). */
  planId?: string | null | undefined;
  /** A plan to create in the same transaction as the changes. */
  newPlan?: { orgId: string; plan: StoredPlan } | undefined;
}

function engineChange(change: ChangeInput, options: ChangeOptions): RemediationChange {
  if (change.to === 'risk-accepted') {
    return { to: 'risk-accepted', by: options.by, note: change.note, approver: options.approver ?? '', expiresAt: change.expiresAt, reason: change.reason };
  }
  return { ...change, by: options.by } as RemediationChange;
}

function checkEvidence(evidence: ChangeOptions['evidence']): void {
  if (!evidence) return;
  const issues: Issue[] = [];
  if (typeof evidence.text !== 'string' || evidence.text.trim() === '') issues.push({ pointer: '/evidence/text', code: 'missing-text', message: 'an evidence note needs a text' });
  if (evidence.url !== undefined && !/^https?:\/\/\S+$/i.test(evidence.url)) issues.push({ pointer: '/evidence/url', code: 'invalid-url', message: `evidence url must be an http(s) URL, not ${JSON.stringify(evidence.url)}` });
  if (issues.length > 0) throw new InputError(issues.map((i) => i.message).join('; '), { code: issues[0]!.code, issues });
}

/**
 * Checks a change's own fields (owner, dates, an acceptance expiring in the past) before any
 * finding is touched, from a state that allows it: a bad request fails as a whole with a 400.
 */
function validateChange(change: RemediationChange, now: Date): void {
  const from: RemediationState = change.to === 'verified' ? 'remediated' : 'planned';
  transition({ state: from, since: now.toISOString(), history: [] }, change, now);
}

export interface BulkResult {
  changed: RemediationView[];
  skipped: { findingId: string; code: string; message: string }[];
}

async function applyChange(store: Store, scope: Scope, findings: OpenFinding[], change: ChangeInput, options: ChangeOptions): Promise<BulkResult> {
  assertWritable(scope);
  const now = options.now ?? new Date();
  const engine = engineChange(change, options);
  validateChange(engine, now);
  checkEvidence(options.evidence);
  const result: BulkResult = { changed: [], skipped: [] };
  await store.db.transaction().execute(async (trx) => {
    if (options.newPlan) await insertPlan(trx, options.newPlan.orgId, options.newPlan.plan);
    const stored = await getRemediations(trx, scope.orgId, findings.map((f) => f.id));
    const writes: StoredRemediation[] = [];
    for (const f of findings) {
      const current = storedOrOpen(f, stored.get(f.id));
      let record: RemediationRecord;
      try {
        record = transition(current.record, engine, now);
      } catch (err) {
        const e = err as { code?: string; message: string };
        result.skipped.push({ findingId: f.id, code: e.code ?? 'invalid-transition', message: e.message });
        continue;
      }
      const evidence = options.evidence ? [...current.evidence, { at: now.toISOString(), by: options.by, text: options.evidence.text, url: options.evidence.url }] : current.evidence;
      writes.push({ ...current, record, evidence, planId: options.planId === undefined ? current.planId : options.planId, updatedBy: options.by, updatedAt: now.toISOString() });
    }
    await saveRecords(trx, store.sqlite, writes);
    result.changed = writes.map((w) => remediationView(w, now));
  });
  return result;
}

async function oneFinding(store: Store, scope: Scope, findingId: string): Promise<OpenFinding> {
  const [f] = await openFindings(store.db, scope, { ids: [findingId] });
  if (!f) throw new NotFoundError('open finding', findingId);
  return f;
}

/**
 * Changes one finding's remediation. Throws the engine's errors: RemediationTransitionError (409)
 * for a change its state does not allow, InputError (400) for a missing or wrong field.
 */
export async function changeRemediation(store: Store, scope: Scope, findingId: string, change: ChangeInput, options: ChangeOptions): Promise<RemediationView> {
  const finding = await oneFinding(store, scope, findingId);
  if (change.to === 'risk-accepted' && !options.approver) throw new InputError('a risk acceptance needs an approver', { code: 'missing-approver' });
  const result = await applyChange(store, scope, [finding], change, options);
  if (result.skipped.length > 0) {
    // Re-run the engine on the single record to throw its typed error (409 or 400) to the caller.
    const stored = await getRemediations(store.db, scope.orgId, [findingId]);
    transition(storedOrOpen(finding, stored.get(findingId)).record, engineChange(change, options), options.now ?? new Date());
  }
  return result.changed[0]!;
}

/** Appends an evidence note without changing the state. */
export async function addRemediationEvidence(store: Store, scope: Scope, findingId: string, evidence: { text: string; url?: string | undefined }, by: string, now = new Date()): Promise<RemediationView> {
  assertWritable(scope);
  checkEvidence(evidence);
  const finding = await oneFinding(store, scope, findingId);
  const stored = storedOrOpen(finding, (await getRemediations(store.db, scope.orgId, [findingId])).get(findingId));
  const next: StoredRemediation = { ...stored, evidence: [...stored.evidence, { at: now.toISOString(), by, text: evidence.text, url: evidence.url }], updatedBy: by, updatedAt: now.toISOString() };
  await store.db.transaction().execute((trx) => saveRecords(trx, store.sqlite, [next]));
  return remediationView(next, now);
}

export async function getRemediation(store: Store, scope: Scope, findingId: string, now = new Date()): Promise<RemediationView> {
  const finding = await oneFinding(store, scope, findingId);
  const stored = (await getRemediations(store.db, scope.orgId, [findingId])).get(findingId);
  const r = storedOrOpen(finding, stored);
  return remediationView({ ...r, updatedBy: stored ? r.updatedBy : null, updatedAt: stored ? r.updatedAt : null }, now);
}

export async function listRemediationBoard(
  store: Store,
  scope: Scope,
  query: { states?: string[]; owner?: string; planId?: string; vulnerabilityId?: string; site?: string; limit: number; offset: number },
  now = new Date(),
): Promise<{ items: RemediationBoardItem[]; total: number }> {
  for (const s of query.states ?? []) {
    if (!(REMEDIATION_STATES as readonly string[]).includes(s)) throw new InputError(`unknown state ${JSON.stringify(s)} (expected ${REMEDIATION_STATES.join(', ')})`, { code: 'invalid-state' });
  }
  const page = await listRemediations(store.db, scope, query);
  return {
    total: page.total,
    items: page.items.map((r: RemediationListRow) => ({
      ...remediationView(r, now),
      targetName: r.targetName,
      asset: r.assetId && r.assetName ? { id: r.assetId, name: r.assetName } : null,
      site: r.siteId && r.siteName ? { id: r.siteId, name: r.siteName } : null,
      decision: r.decision === null ? null : DECISIONS[r.decision] ?? null,
      risk: r.risk,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Plans: one vulnerability (or a list of findings) across many assets at once

export interface PlanInput {
  findingIds?: string[] | undefined;
  vulnerabilityId?: string | undefined;
  /** With vulnerabilityId: only the findings on this site's assets. */
  siteId?: string | undefined;
  title?: string | undefined;
  owner: string;
  dueDate: string;
  action?: string | undefined;
  note?: string | undefined;
}

export interface PlanResult extends BulkResult {
  plan: PlanView;
}

async function planView(store: Store, scope: Scope, plan: StoredPlan): Promise<PlanView> {
  const states = (await planStateCounts(store.db, scope, [plan.id])).get(plan.id) ?? {};
  return { ...plan, states, findings: Object.values(states).reduce((a, b) => a + b, 0) };
}

export async function createRemediationPlan(store: Store, scope: Scope, input: PlanInput, by: string, now = new Date()): Promise<PlanResult> {
  assertWritable(scope);
  if (!input.findingIds?.length && !input.vulnerabilityId) {
    throw new InputError('a plan names findings (findingIds) or a vulnerability (vulnerabilityId)', { code: 'missing-findings' });
  }
  const findings = input.findingIds?.length
    ? await openFindings(store.db, scope, { ids: input.findingIds })
    : await openFindings(store.db, scope, { vulnerabilityId: input.vulnerabilityId!, siteId: input.siteId });
  if (input.findingIds?.length) {
    const found = new Set(findings.map((f) => f.id));
    const missing = input.findingIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw new NotFoundError('open finding', missing.join(', '));
  }
  if (findings.length === 0) throw new InputError(`no open finding of ${input.vulnerabilityId}${input.siteId ? ' on that site' : ''} to plan`, { code: 'nothing-to-plan' });
  const vulnerabilities = [...new Set(findings.map((f) => f.vulnerabilityId))];
  const at = now.toISOString();
  const plan: StoredPlan = {
    id: newId(),
    title: input.title?.trim() || `${vulnerabilities.length === 1 ? vulnerabilities[0] : `${vulnerabilities.length} vulnerabilities`} on ${findings.length} finding(s)`,
    vulnerabilityId: vulnerabilities.length === 1 ? vulnerabilities[0]! : null,
    owner: input.owner,
    dueDate: input.dueDate,
    action: input.action ?? null,
    createdBy: by,
    createdAt: at,
    updatedBy: by,
    updatedAt: at,
  };
  const change: ChangeInput = { to: 'planned', owner: input.owner, dueDate: input.dueDate, action: input.action, note: input.note };
  const result = await applyChange(store, scope, findings, change, { by, now, planId: plan.id, newPlan: { orgId: scope.orgId, plan } });
  return { ...result, plan: await planView(store, scope, plan) };
}

export async function listRemediationPlans(store: Store, scope: Scope, query: { vulnerabilityId?: string; limit: number; offset: number }): Promise<{ items: PlanView[]; total: number }> {
  if (scope.view !== 'own') return { items: [], total: 0 };
  const page = await listPlans(store.db, scope.orgId, query);
  const counts = await planStateCounts(store.db, scope, page.items.map((p) => p.id));
  return {
    total: page.total,
    items: page.items.map((p) => {
      const states = counts.get(p.id) ?? {};
      return { ...p, states, findings: Object.values(states).reduce((a, b) => a + b, 0) };
    }),
  };
}

async function requirePlan(store: Store, scope: Scope, planId: string): Promise<StoredPlan> {
  const plan = scope.view === 'own' ? await getPlan(store.db, scope.orgId, planId) : null;
  if (!plan) throw new NotFoundError('remediation plan', planId);
  return plan;
}

export async function getRemediationPlan(store: Store, scope: Scope, planId: string, now = new Date()): Promise<PlanView & { members: RemediationBoardItem[] }> {
  const plan = await requirePlan(store, scope, planId);
  const members = await listRemediationBoard(store, scope, { planId, limit: 500, offset: 0 }, now);
  return { ...(await planView(store, scope, plan)), members: members.items };
}

/** Applies one change to every finding of a plan the scope may change; findings whose state does not allow it are skipped with the reason. */
export async function changeRemediationPlan(store: Store, scope: Scope, planId: string, change: ChangeInput, options: ChangeOptions): Promise<BulkResult & { plan: PlanView }> {
  await requirePlan(store, scope, planId);
  const ids = await planFindingIds(store.db, scope, planId);
  const findings = await openFindings(store.db, scope, { ids });
  const result = await applyChange(store, scope, findings, change, options);
  return { ...result, plan: await planView(store, scope, (await getPlan(store.db, scope.orgId, planId))!) };
}

/** Changes a plan's owner, due date, action or title; its findings still planned are re-planned. */
export async function updateRemediationPlan(
  store: Store,
  scope: Scope,
  planId: string,
  patch: { title?: string | undefined; owner?: string | undefined; dueDate?: string | undefined; action?: string | undefined },
  by: string,
  now = new Date(),
): Promise<BulkResult & { plan: PlanView }> {
  assertWritable(scope);
  const plan = await requirePlan(store, scope, planId);
  const next: StoredPlan = {
    ...plan,
    title: patch.title?.trim() || plan.title,
    owner: patch.owner ?? plan.owner,
    dueDate: patch.dueDate ?? plan.dueDate,
    action: patch.action ?? plan.action,
    updatedBy: by,
    updatedAt: now.toISOString(),
  };
  const change: ChangeInput = { to: 'planned', owner: next.owner, dueDate: next.dueDate, action: next.action ?? undefined, note: 'plan changed' };
  validateChange(engineChange(change, { by }), now);
  await updatePlan(store.db, scope.orgId, next);
  const ids = await planFindingIds(store.db, scope, planId);
  const stored = await getRemediations(store.db, scope.orgId, ids);
  const planned = ids.filter((id) => stored.get(id)?.record.state === 'planned');
  const findings = await openFindings(store.db, scope, { ids: planned });
  const result = await applyChange(store, scope, findings, change, { by, now });
  return { ...result, plan: await planView(store, scope, next) };
}

// ---------------------------------------------------------------------------------------------
// System changes: lapsed acceptances, verification by observed version

/**
 * Reopens every risk acceptance of the organisation that has expired at `now`: a system event at
 * its expiry in the record's history, and an audit entry.
 */
export async function reopenLapsedAcceptances(store: Store, orgId: string, now: Date): Promise<string[]> {
  const ids = await lapsedAcceptances(store.db, orgId, now.toISOString());
  if (ids.length === 0) return [];
  const writes: StoredRemediation[] = [];
  await store.db.transaction().execute(async (trx) => {
    for (const r of (await getRemediations(trx, orgId, ids)).values()) {
      const record = effectiveRecord(r.record, now);
      if (record.state !== r.record.state) writes.push({ ...r, record, updatedBy: 'system', updatedAt: now.toISOString() });
    }
    await saveRecords(trx, store.sqlite, writes);
  });
  for (const w of writes) {
    await appendAudit(store, {
      actor: 'system', actorKind: 'system', orgId, action: 'risk.acceptance-lapsed', target: w.findingId, outcome: 'success',
      detail: { findingId: w.findingId, reopenedAt: w.record.history.at(-1)?.at ?? null },
    });
  }
  return writes.map((w) => w.findingId);
}

/** A finding whose asset's firmware may have reached the fixed version. */
export interface VerificationCandidate {
  findingId: string;
  orgId: string;
  vulnerabilityId: string;
  assetId: string;
  firstSeen: string;
  firmware: string;
  /** The vulnerability's fixed version when every vendor fix agrees (else resolved per finding from its evidence). */
  fixedVersion: string | null;
  fixedVersions: FixedVersionEntry[];
}

/** CSAF products a finding was matched through (its evidence names them). */
function csafProducts(evidence: Evidence[]): { advisory: string; productId: string }[] {
  return evidence.filter((e) => e.matcher === 'csaf' && e.criterion && e.source.advisoryId).map((e) => ({ advisory: e.source.advisoryId!, productId: e.criterion! }));
}

/**
 * Closes as verified the candidates whose observed firmware reaches the fixed version (from any
 * state but verified). Where advisories name different fixed versions for different products, the
 * finding's own products decide (read from its evidence). Returns the verified finding ids.
 */
export async function verifyFindings(db: Db, raw: SQLite.Database | null, candidates: VerificationCandidate[], now: Date): Promise<string[]> {
  if (candidates.length === 0) return [];
  const ambiguous = candidates.filter((c) => c.fixedVersion === null && c.fixedVersions.length > 0).map((c) => c.findingId);
  const products = new Map<string, { advisory: string; productId: string }[]>();
  for (const part of chunks(ambiguous)) {
    for (const r of await db.selectFrom('findings').select(['id', 'evidence']).where('id', 'in', part).execute()) products.set(r.id, csafProducts(JSON.parse(r.evidence) as Evidence[]));
  }
  // Few distinct (firmware, fixed version) pairs among many findings: compare each pair once.
  const memo = new Map<string, boolean>();
  const hits: (VerificationCandidate & { fixed: string })[] = [];
  for (const c of candidates) {
    const fixed = c.fixedVersion ?? fixedVersionForProducts(c.fixedVersions, products.get(c.findingId) ?? []);
    if (!fixed) continue;
    const key = `${c.firmware}\u0000${fixed}`;
    let reaches = memo.get(key);
    if (reaches === undefined) memo.set(key, (reaches = reachesFixedVersion(c.firmware, fixed).result === true));
    if (reaches) hits.push({ ...c, fixed });
  }
  const verified: StoredRemediation[] = [];
  const byOrg = new Map<string, (VerificationCandidate & { fixed: string })[]>();
  for (const c of hits) byOrg.set(c.orgId, [...(byOrg.get(c.orgId) ?? []), c]);
  for (const [orgId, list] of byOrg) {
    const stored = await getRemediations(db, orgId, list.map((c) => c.findingId));
    for (const c of list) {
      const current = stored.get(c.findingId) ?? {
        findingId: c.findingId, orgId, vulnerabilityId: c.vulnerabilityId, assetId: c.assetId, planId: null, record: openRecord(c.firstSeen), evidence: [], updatedBy: 'system', updatedAt: c.firstSeen,
      };
      const { record } = verifyByObservedVersion(effectiveRecord(current.record, now), { version: c.firmware, by: 'system' }, c.fixed, now);
      if (record.state === 'verified' && current.record.state !== 'verified') verified.push({ ...current, record, updatedBy: 'system', updatedAt: now.toISOString() });
    }
  }
  await saveRecords(db, raw, verified);
  return verified.map((v) => v.findingId);
}

/**
 * Called by the inventory service after assets were written at `since`: findings on those assets
 * whose observed firmware now reaches the fixed version are closed as verified. Uses the fixed
 * versions the last risk recompute derived (a recompute re-checks everything it has not seen).
 * Never throws: an inventory change must not fail because of this; the next recompute catches up.
 */
export async function verifyAfterInventoryChange(store: Store, scope: Scope, since: string, now = new Date()): Promise<{ verified: string[]; error?: string }> {
  try {
    const rows = await store.db
      .selectFrom('findings as f')
      .innerJoin('assets as a', 'a.id', 'f.asset_id')
      .innerJoin('risk_vulnerability_inputs as v', 'v.vulnerability_id', 'f.vulnerability_id')
      .leftJoin('remediations as m', 'm.finding_id', 'f.id')
      .select(['f.id', 'f.org_id', 'f.vulnerability_id', 'f.asset_id', 'f.first_seen', 'a.firmware', 'v.fixed_version', 'v.fixed_versions'])
      .where('a.org_id', '=', scope.orgId)
      .where('a.updated_at', '>=', since)
      .where('a.firmware', 'is not', null)
      .where('f.status', '=', 'affected')
      .where('f.resolved_at', 'is', null)
      .where('v.fixed_versions', 'is not', null)
      .where((eb) => eb.or([eb('m.state', 'is', null), eb('m.state', '<>', 'verified')]))
      .execute();
    const candidates: VerificationCandidate[] = rows.map((r) => ({
      findingId: r.id,
      orgId: r.org_id,
      vulnerabilityId: r.vulnerability_id,
      assetId: r.asset_id!,
      firstSeen: r.first_seen,
      firmware: r.firmware!,
      fixedVersion: r.fixed_version,
      fixedVersions: JSON.parse(r.fixed_versions!) as FixedVersionEntry[],
    }));
    if (candidates.length === 0) return { verified: [] };
    const verified = await store.db.transaction().execute((trx) => verifyFindings(trx, store.sqlite, candidates, now));
    return { verified };
  } catch (err) {
    return { verified: [], error: (err as Error).message };
  }
}
