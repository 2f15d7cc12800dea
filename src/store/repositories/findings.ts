/**
 * Findings repository: the key index (spec keys, target keys, keys touched since the last match),
 * findings with their history, users' decisions and the rules made from rejections. The matching
 * service (src/services/matching.ts) decides what to write; this module only knows the tables.
 */
import type SQLite from 'better-sqlite3';
import { SqliteAdapter, sql, type RawBuilder } from 'kysely';
import type { Finding, FindingConfidence, FindingStatus, PrecedenceTier, UserDecision } from '../../model/finding.js';
import type { MatchRule } from '../../model/finding-views.js';
import { assertWritable, type Scope } from '../../model/scope.js';
import type { Db } from '../database.js';
import { insertRows } from '../bulk.js';
import { visibleRows } from '../scope.js';
import { chunks } from '../sql-helpers.js';

// ---------------------------------------------------------------------------------------------
// Target ids

export const assetTargetId = (assetId: string) => `a:${assetId}`;
export const componentTargetId = (sbomId: string, idx: number) => `c:${sbomId}:${idx}`;

export type ParsedTargetId = { kind: 'asset'; assetId: string } | { kind: 'component'; sbomId: string; idx: number };

export function parseTargetId(id: string): ParsedTargetId | null {
  if (id.startsWith('a:')) return { kind: 'asset', assetId: id.slice(2) };
  const m = /^c:(.+):(\d+)$/.exec(id);
  return m ? { kind: 'component', sbomId: m[1]!, idx: Number(m[2]) } : null;
}

// ---------------------------------------------------------------------------------------------
// Meta values (last match time, key format version)

export async function getMeta(db: Db, key: string): Promise<string | null> {
  const r = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value ?? null;
}

export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

// ---------------------------------------------------------------------------------------------
// Key index

/** Replaces the keys of these specs (`fresh`: the specs are new, there is nothing to replace). */
export async function writeSpecKeys(db: Db, raw: SQLite.Database | null, rows: { specId: string; keys: string[] }[], options: { fresh?: boolean } = {}): Promise<void> {
  if (!options.fresh) for (const part of chunks(rows.map((r) => r.specId))) await db.deleteFrom('spec_keys').where('spec_id', 'in', part).execute();
  const out: Record<string, unknown>[] = [];
  for (const r of rows) for (const key of new Set(r.keys)) out.push({ key, spec_id: r.specId });
  // Each spec's keys are distinct and its old keys are gone: a plain insert, no conflict handling.
  await insertRows(db, raw, 'spec_keys', out);
}

export async function specKeysOf(db: Db, specIds: string[]): Promise<string[]> {
  const keys = new Set<string>();
  for (const part of chunks(specIds)) {
    for (const r of await db.selectFrom('spec_keys').select('key').where('spec_id', 'in', part).execute()) keys.add(r.key);
  }
  return [...keys];
}

export async function deleteSpecKeys(db: Db, specIds: string[]): Promise<void> {
  for (const part of chunks(specIds)) await db.deleteFrom('spec_keys').where('spec_id', 'in', part).execute();
}

/** Spec ids filed under any of these keys. */
export async function specIdsForKeys(db: Db, keys: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of chunks([...new Set(keys)])) {
    const rows = await db.selectFrom('spec_keys').select(['key', 'spec_id']).where('key', 'in', part).execute();
    for (const r of rows) {
      const list = out.get(r.key);
      if (list) list.push(r.spec_id);
      else out.set(r.key, [r.spec_id]);
    }
  }
  return out;
}

/** Keys of the specs whose statements were imported at or after `since`. */
export async function keysOfSpecsImportedSince(db: Db, since: string): Promise<string[]> {
  const rows = await db
    .selectFrom('vulnerability_sources as s')
    .innerJoin('product_specs as p', (j) => j.onRef('p.vulnerability_id', '=', 's.vulnerability_id').onRef('p.source_key', '=', 's.source_key'))
    .innerJoin('spec_keys as k', 'k.spec_id', 'p.id')
    .select('k.key')
    .distinct()
    .where('s.imported_at', '>=', since)
    .execute();
  return rows.map((r) => r.key);
}

export async function markDirtyKeys(db: Db, raw: SQLite.Database | null, keys: Iterable<string>): Promise<void> {
  await insertRows(db, raw, 'match_dirty_keys', [...new Set(keys)].map((key) => ({ key })), { key: 'key' });
}

export async function takeDirtyKeys(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('match_dirty_keys').select('key').execute();
  await db.deleteFrom('match_dirty_keys').execute();
  return rows.map((r) => r.key);
}

/** The stored keys of these targets. */
export async function storedTargetKeys(db: Db, targetIds: string[]): Promise<Map<string, Set<string>>> {
  const stored = new Map<string, Set<string>>();
  for (const part of chunks(targetIds)) {
    for (const r of await db.selectFrom('target_keys').select(['target_id', 'key']).where('target_id', 'in', part).execute()) {
      const keys = stored.get(r.target_id);
      if (keys) keys.add(r.key);
      else stored.set(r.target_id, new Set([r.key]));
    }
  }
  return stored;
}

/** Whether a target's keys differ from those stored (undefined: none stored). */
export function keysChanged(stored: ReadonlySet<string> | undefined, keys: readonly string[]): boolean {
  const wanted = new Set(keys);
  return !stored || stored.size !== wanted.size || [...wanted].some((k) => !stored.has(k));
}

/** Replaces the keys of these targets (`stored`: those that had keys before, to be deleted first). */
export async function replaceTargetKeys(db: Db, raw: SQLite.Database | null, rows: { targetId: string; keys: string[]; stored: boolean }[]): Promise<void> {
  for (const part of chunks(rows.filter((r) => r.stored).map((r) => r.targetId))) await db.deleteFrom('target_keys').where('target_id', 'in', part).execute();
  const out: Record<string, unknown>[] = [];
  for (const r of rows) for (const key of new Set(r.keys)) out.push({ key, target_id: r.targetId });
  await insertRows(db, raw, 'target_keys', out, { key: ['key', 'target_id'] });
}

export async function targetIdsForKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks([...new Set(keys)])) {
    for (const r of await db.selectFrom('target_keys').select('target_id').where('key', 'in', part).execute()) out.add(r.target_id);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Findings

export interface StoredFindingHead {
  id: string;
  targetId: string;
  vulnerabilityId: string;
  contentHash: string;
  resolvedAt: string | null;
}

/** Heads of the findings of these targets (or of every target when `targetIds` is null). */
export async function findingHeads(db: Db, targetIds: string[] | null): Promise<StoredFindingHead[]> {
  const select = () => db.selectFrom('findings').select(['id', 'target_id', 'vulnerability_id', 'content_hash', 'resolved_at']);
  const rows = [];
  if (targetIds === null) rows.push(...(await select().execute()));
  else for (const part of chunks(targetIds)) rows.push(...(await select().where('target_id', 'in', part).execute()));
  return rows.map((r) => ({ id: r.id, targetId: r.target_id, vulnerabilityId: r.vulnerability_id, contentHash: r.content_hash, resolvedAt: r.resolved_at }));
}

export interface FindingWrite {
  id: string;
  /** The organisation of the target (asset or SBOM). */
  orgId: string;
  targetId: string;
  target: { kind: 'asset' | 'component'; name: string };
  finding: StoredFindingContent;
  assetId: string | null;
  sbomId: string | null;
  componentIdx: number | null;
  firstSeen: string;
}

/** A finding as it is stored: its evidence as JSON and the hash of its content. */
export interface StoredFindingContent {
  vulnerabilityId: string;
  status: FindingStatus;
  confidence: FindingConfidence;
  decidedBy: PrecedenceTier;
  userDecided: boolean;
  reason: string;
  justification: string | null;
  evidenceJson: string;
  contentHash: string;
}

export async function upsertFindings(db: Db, raw: SQLite.Database | null, writes: FindingWrite[], now: string): Promise<void> {
  const rows = writes.map((w) => ({
    id: w.id,
    org_id: w.orgId,
    target_id: w.targetId,
    target_kind: w.target.kind,
    target_name: w.target.name,
    asset_id: w.assetId,
    sbom_id: w.sbomId,
    component_idx: w.componentIdx,
    vulnerability_id: w.finding.vulnerabilityId,
    status: w.finding.status,
    confidence: w.finding.confidence,
    decided_by: w.finding.decidedBy,
    user_decided: w.finding.userDecided ? 1 : 0,
    reason: w.finding.reason,
    justification: w.finding.justification,
    evidence: w.finding.evidenceJson,
    content_hash: w.finding.contentHash,
    first_seen: w.firstSeen,
    last_seen: now,
    resolved_at: null,
    updated_at: now,
  }));
  await insertRows(db, raw, 'findings', rows, { key: 'id', keep: ['first_seen'] });
}

export async function touchFindings(db: Db, ids: string[], now: string): Promise<void> {
  for (const part of chunks(ids, 5000)) await db.updateTable('findings').set({ last_seen: now }).where('id', 'in', part).execute();
}

/**
 * When the last full match ran. A full match examines every target, so every finding still open
 * after it was seen then: it records this time once instead of rewriting the last-seen time of
 * every finding it said again (a full re-match of a large estate would otherwise rewrite the whole
 * findings table). The last-seen time of an open finding is the later of its own and this one.
 */
export const META_LAST_FULL_MATCH = 'match.last-full-run';

const lastFullMatch = sql<string>`(SELECT value FROM meta WHERE key = ${META_LAST_FULL_MATCH})`;

/** The last-seen time of the finding `alias` as users see it (see {@link META_LAST_FULL_MATCH}). */
function lastSeenOf(alias: string) {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<string>`CASE WHEN ${col('resolved_at')} IS NULL AND ${col('last_seen')} < ${lastFullMatch} THEN ${lastFullMatch} ELSE ${col('last_seen')} END`;
}

/** Resolves these findings; their last-seen time becomes the one users saw while they were open. */
export async function resolveFindings(db: Db, ids: string[], now: string): Promise<void> {
  for (const part of chunks(ids, 5000)) {
    await db.updateTable('findings').set({ resolved_at: now, updated_at: now, last_seen: lastSeenOf('findings') }).where('id', 'in', part).execute();
  }
}

/**
 * Removes the keys of targets that no longer exist. Their findings are gone already (the foreign
 * keys to assets and SBOMs cascade), and deleting an asset or an SBOM deletes its keys; this
 * catches targets removed another way (an organisation's deletion, a restore).
 */
export async function pruneOrphanKeys(db: Db): Promise<void> {
  await sql`DELETE FROM target_keys WHERE target_id LIKE 'a:%' AND substr(target_id, 3) NOT IN (SELECT id FROM assets)`.execute(db);
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    // SQLite runs the correlated NOT EXISTS below as a nested loop (no index fits the built
    // string): every key row against every component, hours at 100k targets, on every match. The
    // NOT IN set is built once, as a temporary index. (PostgreSQL plans NOT EXISTS as an anti join,
    // merge or hash, and would run a NOT IN set too large for work_mem row by row.)
    await sql`DELETE FROM target_keys WHERE target_id LIKE 'c:%' AND target_id NOT IN (
      SELECT 'c:' || c.sbom_id || ':' || CAST(c.idx AS TEXT) FROM sbom_components c)`.execute(db);
  } else {
    await sql`DELETE FROM target_keys WHERE target_id LIKE 'c:%' AND NOT EXISTS (
      SELECT 1 FROM sbom_components c WHERE target_keys.target_id = 'c:' || c.sbom_id || ':' || CAST(c.idx AS TEXT))`.execute(db);
  }
}

/** Deletes the keys of an asset's target, or of every component target of an SBOM. */
export async function deleteTargetKeysOf(db: Db, of: { assetId: string } | { sbomId: string }): Promise<void> {
  if ('assetId' in of) await db.deleteFrom('target_keys').where('target_id', '=', assetTargetId(of.assetId)).execute();
  // `c:<sbom>:` up to (not including) `c:<sbom>;`: every index of the SBOM, through the target_id index.
  else await db.deleteFrom('target_keys').where('target_id', '>=', `c:${of.sbomId}:`).where('target_id', '<', `c:${of.sbomId};`).execute();
}

// ---------------------------------------------------------------------------------------------
// Decisions and rules

export async function decisionsFor(db: Db, targetIds: string[] | null): Promise<Map<string, UserDecision[]>> {
  const select = () => db.selectFrom('finding_decisions').selectAll();
  const rows = [];
  if (targetIds === null) rows.push(...(await select().execute()));
  else for (const part of chunks(targetIds)) rows.push(...(await select().where('target_id', 'in', part).execute()));
  const out = new Map<string, UserDecision[]>();
  for (const r of rows) {
    const d: UserDecision = {
      targetId: r.target_id,
      vulnerabilityId: r.vulnerability_id,
      decision: r.decision as UserDecision['decision'],
      by: r.decided_by,
      at: r.decided_at,
      reason: r.reason ?? undefined,
    };
    const list = out.get(r.target_id);
    if (list) list.push(d);
    else out.set(r.target_id, [d]);
  }
  return out;
}

export async function writeDecision(db: Db, d: Required<Pick<UserDecision, 'targetId' | 'vulnerabilityId' | 'decision' | 'by' | 'at'>> & { reason?: string }): Promise<void> {
  const row = { target_id: d.targetId, vulnerability_id: d.vulnerabilityId, decision: d.decision, reason: d.reason ?? null, decided_by: d.by, decided_at: d.at };
  await db
    .insertInto('finding_decisions')
    .values(row)
    .onConflict((oc) => oc.columns(['target_id', 'vulnerability_id']).doUpdateSet({ decision: row.decision, reason: row.reason, decided_by: row.decided_by, decided_at: row.decided_at }))
    .execute();
}

export async function deleteDecision(db: Db, targetId: string, vulnerabilityId: string): Promise<void> {
  await db.deleteFrom('finding_decisions').where('target_id', '=', targetId).where('vulnerability_id', '=', vulnerabilityId).execute();
}

export type { MatchRule } from '../../model/finding-views.js';

/** Rules of one organisation, or of all (the matcher, which applies each to its organisation). */
export async function listRules(db: Db, orgId: string | null): Promise<MatchRule[]> {
  const rows = await db.selectFrom('match_rules').selectAll().$if(orgId !== null, (q) => q.where('org_id', '=', orgId!)).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, specKey: r.spec_key, targetVendor: r.target_vendor, targetModel: r.target_model, reason: r.reason, createdBy: r.created_by, createdAt: r.created_at }));
}

export async function insertRule(db: Db, rule: MatchRule): Promise<void> {
  await db
    .insertInto('match_rules')
    .values({ id: rule.id, org_id: rule.orgId, spec_key: rule.specKey, target_vendor: rule.targetVendor, target_model: rule.targetModel, reason: rule.reason, created_by: rule.createdBy, created_at: rule.createdAt })
    .execute();
}

export async function deleteRule(db: Db, scope: Scope, id: string): Promise<boolean> {
  assertWritable(scope);
  const r = await db.deleteFrom('match_rules').where('id', '=', id).where('org_id', '=', scope.orgId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// ---------------------------------------------------------------------------------------------
// Reading findings

export const FINDING_SORT_KEYS = ['cvss', 'epss', 'firstSeen', 'lastSeen', 'vulnerability'] as const;
export type FindingSortKey = (typeof FINDING_SORT_KEYS)[number];

export interface FindingQuery {
  /** Findings of the asset itself and of the components of the SBOMs it runs. */
  asset?: { assetId: string; sbomIds: string[] };
  sbomId?: string;
  vulnerabilityId?: string;
  status?: FindingStatus[];
  kev?: boolean;
  minCvss?: number;
  /** Include findings resolved by a later match (default false). */
  includeResolved?: boolean;
  q?: string;
  sort?: FindingSortKey;
  desc?: boolean;
  limit: number;
  offset: number;
  /** Also read each finding's evidence (bulky; lists shown to people leave it out). */
  withEvidence?: boolean;
}

export interface FindingRow {
  id: string;
  targetId: string;
  targetKind: 'asset' | 'component';
  targetName: string;
  assetId: string | null;
  sbomId: string | null;
  componentIdx: number | null;
  vulnerabilityId: string;
  status: FindingStatus;
  confidence: Finding['confidence'];
  decidedBy: number;
  userDecided: boolean;
  reason: string;
  justification: string | null;
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
  cvssScore: number | null;
  cvssSeverity: string | null;
  epssScore: number | null;
  inKev: boolean;
  kevDueDate: string | null;
  title: string | null;
  /** TLP 2.0 label of the finding. */
  tlp: string;
  /** The organisation that owns the finding (its target's). */
  orgId: string;
}

function baseQuery(db: Db, scope: Scope, query: Omit<FindingQuery, 'limit' | 'offset' | 'sort' | 'desc'>) {
  let q = db.selectFrom('findings as f').leftJoin('vulnerabilities as v', 'v.id', 'f.vulnerability_id').where(visibleRows('findings', scope, 'f'));
  if (query.asset) {
    const { assetId, sbomIds } = query.asset;
    q = q.where((eb) => eb.or([eb('f.asset_id', '=', assetId), ...(sbomIds.length > 0 ? [eb('f.sbom_id', 'in', sbomIds)] : [])]));
  }
  if (query.sbomId) q = q.where('f.sbom_id', '=', query.sbomId);
  if (query.vulnerabilityId) q = q.where('f.vulnerability_id', '=', query.vulnerabilityId);
  if (query.status && query.status.length > 0) q = q.where('f.status', 'in', query.status);
  if (!query.includeResolved) q = q.where('f.resolved_at', 'is', null);
  if (query.kev) q = q.where('v.in_kev', '=', 1);
  if (query.minCvss !== undefined) q = q.where('v.cvss_score', '>=', query.minCvss);
  if (query.q) {
    const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql<string>`lower(f.target_name)`, 'like', sql<string>`${pattern} ESCAPE '\\'`),
        eb(sql<string>`lower(f.vulnerability_id)`, 'like', sql<string>`${pattern} ESCAPE '\\'`),
      ]),
    );
  }
  return q;
}

interface JoinedRow {
  id: string; target_id: string; target_kind: string; target_name: string; asset_id: string | null; sbom_id: string | null;
  component_idx: number | null; vulnerability_id: string; status: string; confidence: string; decided_by: number; user_decided: number;
  reason: string; justification: string | null; first_seen: string; seen_last: string; resolved_at: string | null;
  cvss_score: number | null; cvss_severity: string | null; epss_score: number | null; in_kev: number | null; kev_due_date: string | null; title: string | null;
  tlp: string; org_id: string;
}

function toFindingRow(r: JoinedRow): FindingRow {
  return {
    id: r.id,
    targetId: r.target_id,
    targetKind: r.target_kind as FindingRow['targetKind'],
    targetName: r.target_name,
    assetId: r.asset_id,
    sbomId: r.sbom_id,
    componentIdx: r.component_idx === null ? null : Number(r.component_idx),
    vulnerabilityId: r.vulnerability_id,
    status: r.status as FindingStatus,
    confidence: r.confidence as FindingRow['confidence'],
    decidedBy: Number(r.decided_by),
    userDecided: Number(r.user_decided) === 1,
    reason: r.reason,
    justification: r.justification,
    firstSeen: r.first_seen,
    lastSeen: r.seen_last,
    resolvedAt: r.resolved_at,
    cvssScore: r.cvss_score === null ? null : Number(r.cvss_score),
    cvssSeverity: r.cvss_severity,
    epssScore: r.epss_score === null ? null : Number(r.epss_score),
    inKev: Number(r.in_kev ?? 0) === 1,
    kevDueDate: r.kev_due_date,
    title: r.title,
    tlp: r.tlp,
    orgId: r.org_id,
  };
}

// (Kysely's raw builders are immutable: one per sort key serves every query.)
const SORT_COLUMNS: Record<FindingSortKey, RawBuilder<unknown>> = {
  cvss: sql.ref('v.cvss_score'),
  epss: sql.ref('v.epss_score'),
  firstSeen: sql.ref('f.first_seen'),
  lastSeen: lastSeenOf('f'),
  vulnerability: sql.ref('f.vulnerability_id'),
};

export async function listFindings(db: Db, scope: Scope, query: FindingQuery): Promise<{ items: (FindingRow & { evidence?: Finding['evidence'] })[]; total: number }> {
  const total = await baseQuery(db, scope, query).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const sort = query.sort ?? 'cvss';
  const desc = query.desc ?? (sort === 'cvss' || sort === 'epss' || sort === 'lastSeen' || sort === 'firstSeen');
  const column = SORT_COLUMNS[sort];
  const rows = await baseQuery(db, scope, query)
    .select([
      'f.id', 'f.target_id', 'f.target_kind', 'f.target_name', 'f.asset_id', 'f.sbom_id', 'f.component_idx', 'f.vulnerability_id',
      'f.status', 'f.confidence', 'f.decided_by', 'f.user_decided', 'f.reason', 'f.justification', 'f.first_seen', lastSeenOf('f').as('seen_last'),
      'f.resolved_at', 'v.cvss_score', 'v.cvss_severity', 'v.epss_score', 'v.in_kev', 'v.kev_due_date', 'v.title', 'f.tlp', 'f.org_id',
      query.withEvidence ? 'f.evidence' : sql<null>`NULL`.as('evidence'),
    ])
    // NULL scores sort last either way.
    .orderBy(sql`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`)
    .orderBy(column, desc ? 'desc' : 'asc')
    .orderBy('f.id')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => (r.evidence ? { ...toFindingRow(r), evidence: JSON.parse(r.evidence) as Finding['evidence'] } : toFindingRow(r))),
  };
}

export async function getFindingRow(db: Db, scope: Scope, id: string): Promise<(FindingRow & { evidence: Finding['evidence'] }) | null> {
  const r = await db
    .selectFrom('findings as f')
    .leftJoin('vulnerabilities as v', 'v.id', 'f.vulnerability_id')
    .selectAll('f')
    .select(['v.cvss_score', 'v.cvss_severity', 'v.epss_score', 'v.in_kev', 'v.kev_due_date', 'v.title', lastSeenOf('f').as('seen_last')])
    .where('f.id', '=', id)
    .where(visibleRows('findings', scope, 'f'))
    .executeTakeFirst();
  if (!r) return null;
  return { ...toFindingRow(r), evidence: JSON.parse(r.evidence) as Finding['evidence'] };
}

/** Counts of open findings by status, by severity of affected ones, and affected ones in KEV. */
export async function findingSummary(db: Db, scope: Scope): Promise<{ byStatus: Record<string, number>; bySeverity: Record<string, number>; kev: number; targets: number }> {
  const status = await db
    .selectFrom('findings')
    .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where(visibleRows('findings', scope))
    .where('resolved_at', 'is', null)
    .groupBy('status')
    .execute();
  const severity = await db
    .selectFrom('findings as f')
    .leftJoin('vulnerabilities as v', 'v.id', 'f.vulnerability_id')
    .select([sql<string | null>`v.cvss_severity`.as('severity'), (eb) => eb.fn.countAll<string | number>().as('n')])
    .where(visibleRows('findings', scope, 'f'))
    .where('f.resolved_at', 'is', null)
    .where('f.status', '=', 'affected')
    .groupBy('v.cvss_severity')
    .execute();
  const kev = await db
    .selectFrom('findings as f')
    .innerJoin('vulnerabilities as v', 'v.id', 'f.vulnerability_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where(visibleRows('findings', scope, 'f'))
    .where('f.resolved_at', 'is', null)
    .where('f.status', '=', 'affected')
    .where('v.in_kev', '=', 1)
    .executeTakeFirstOrThrow();
  const targets = await db
    .selectFrom('findings')
    .select(sql<string | number>`count(distinct target_id)`.as('n'))
    .where(visibleRows('findings', scope))
    .where('resolved_at', 'is', null)
    .where('status', '=', 'affected')
    .executeTakeFirstOrThrow();
  return {
    byStatus: Object.fromEntries(status.map((r) => [r.status, Number(r.n)])),
    bySeverity: Object.fromEntries(severity.map((r) => [r.severity ?? 'UNKNOWN', Number(r.n)])),
    kev: Number(kev.n),
    targets: Number(targets.n),
  };
}
