/**
 * Risk repository: the organisation policy, input overrides, the vulnerability-side inputs derived
 * from intelligence, the stored assessment of every open finding (the work queue), rollups with
 * their daily snapshots, and recompute runs. The risk service (src/services/risk.ts) decides what
 * to write; this module only knows the tables. Risk records are an organisation's own work: a
 * partner's shared view sees none of them.
 */
import type SQLite from 'better-sqlite3';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { RollupLevel } from '../../model/risk-views.js';
import type { Scope } from '../../model/scope.js';
import type { Db } from '../database.js';
import { insertRows, prepared, writeFilledRows } from '../bulk.js';
import { chunks } from '../sql-helpers.js';
import type { RiskAssessmentsTable, RiskRollupsTable, RiskSnapshotsTable, RiskVulnerabilityInputsTable } from '../schema.js';

/** `due_day` of a deadline without a date: sorts after every real day in both dialects. */
export const NO_DUE_DAY = 2_147_483_647;
/** `site_key` of a finding without an asset (organisation-wide) and of an asset without a site. */
export const SITE_KEY_NO_ASSET = '*';
export const SITE_KEY_NO_SITE = '-';

export function siteKeyOf(assetId: string | null, siteId: string | null): string {
  return assetId === null ? SITE_KEY_NO_ASSET : (siteId ?? SITE_KEY_NO_SITE);
}

/**
 * Rows of a risk table the scope sees: its own organisation's, limited to its sites when it has a
 * site list (organisation-wide rows, with no asset, stay visible as they do for findings).
 */
export function riskVisible(scope: Scope, alias: string, options: { siteColumn?: boolean } = {}): RawBuilder<SqlBool> {
  const t = sql.table(alias);
  if (scope.view !== 'own') return sql<SqlBool>`1 = 0`;
  const own = sql<SqlBool>`${t}.org_id = ${scope.orgId}`;
  if (scope.siteIds === null || options.siteColumn === false) return own;
  const keys = [...scope.siteIds, SITE_KEY_NO_ASSET];
  return sql<SqlBool>`(${own} AND ${t}.site_key IN (${sql.join(keys.map((k) => sql`${k}`))}))`;
}

// ---------------------------------------------------------------------------------------------
// Policy

export interface StoredPolicy {
  name: string;
  mode: 'organisation' | 'bod-26-04';
  slaDays: Record<string, number | null>;
  dueSoonDays: number;
  updatedBy: string;
  updatedAt: string;
}

export async function getPolicy(db: Db, orgId: string): Promise<StoredPolicy | null> {
  const r = await db.selectFrom('risk_policies').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  if (!r) return null;
  return {
    name: r.name,
    mode: r.mode as StoredPolicy['mode'],
    slaDays: JSON.parse(r.sla_days) as Record<string, number | null>,
    dueSoonDays: Number(r.due_soon_days),
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

export async function putPolicy(db: Db, orgId: string, p: StoredPolicy): Promise<void> {
  const row = { name: p.name, mode: p.mode, sla_days: JSON.stringify(p.slaDays), due_soon_days: p.dueSoonDays, updated_by: p.updatedBy, updated_at: p.updatedAt };
  await db
    .insertInto('risk_policies')
    .values({ org_id: orgId, ...row })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(row))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Overrides

export interface StoredOverride {
  id: string;
  scope: 'asset' | 'zone' | 'site';
  scopeId: string;
  input: string;
  value: string;
  vulnerabilityId: string | null;
  reason: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string | null;
}

type OverrideRow = { id: string; scope: string; scope_id: string; input: string; value: string; vulnerability_id: string | null; reason: string | null; created_by: string; created_at: string; updated_by: string | null; updated_at: string | null };

function toOverride(r: OverrideRow): StoredOverride {
  return {
    id: r.id,
    scope: r.scope as StoredOverride['scope'],
    scopeId: r.scope_id,
    input: r.input,
    value: r.value,
    vulnerabilityId: r.vulnerability_id,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

/** Every override of an organisation (what decisions use) or those on one asset, zone or site. */
export async function listOverrides(db: Db, orgId: string, filter: { scope?: string; scopeId?: string; input?: string } = {}): Promise<StoredOverride[]> {
  let q = db.selectFrom('risk_overrides').selectAll().where('org_id', '=', orgId);
  if (filter.scope) q = q.where('scope', '=', filter.scope);
  if (filter.scopeId) q = q.where('scope_id', '=', filter.scopeId);
  if (filter.input) q = q.where('input', '=', filter.input);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toOverride);
}

export async function getOverride(db: Db, orgId: string, id: string): Promise<StoredOverride | null> {
  const r = await db.selectFrom('risk_overrides').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return r ? toOverride(r) : null;
}

export async function insertOverride(db: Db, orgId: string, o: StoredOverride): Promise<void> {
  await db
    .insertInto('risk_overrides')
    .values({
      id: o.id, org_id: orgId, scope: o.scope, scope_id: o.scopeId, input: o.input, value: o.value, vulnerability_id: o.vulnerabilityId,
      reason: o.reason, created_by: o.createdBy, created_at: o.createdAt, updated_by: o.updatedBy, updated_at: o.updatedAt,
    })
    .execute();
}

export async function updateOverride(db: Db, orgId: string, o: StoredOverride): Promise<void> {
  await db
    .updateTable('risk_overrides')
    .set({ value: o.value, reason: o.reason, vulnerability_id: o.vulnerabilityId, updated_by: o.updatedBy, updated_at: o.updatedAt })
    .where('org_id', '=', orgId)
    .where('id', '=', o.id)
    .execute();
}

export async function deleteOverride(db: Db, orgId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('risk_overrides').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The asset, zone or site an override targets, if it belongs to the organisation: its name and site. */
export async function overrideTarget(db: Db, orgId: string, scope: StoredOverride['scope'], id: string): Promise<{ name: string; siteId: string | null } | null> {
  if (scope === 'asset') {
    const r = await db.selectFrom('assets').select(['name', 'site_id']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return r ? { name: r.name, siteId: r.site_id } : null;
  }
  if (scope === 'site') {
    const r = await db.selectFrom('sites').select('name').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    return r ? { name: r.name, siteId: id } : null;
  }
  const r = await db
    .selectFrom('zones')
    .innerJoin('sites', 'sites.id', 'zones.site_id')
    .select(['zones.name', 'sites.name as site', 'sites.id as site_id'])
    .where('sites.org_id', '=', orgId)
    .where('zones.id', '=', id)
    .executeTakeFirst();
  return r ? { name: `${r.site} / ${r.name}`, siteId: r.site_id } : null;
}

/** Names of an organisation's sites (what a queue request needs to resolve its site filter: not the zones too). */
export async function siteNames(db: Db, orgId: string): Promise<Map<string, string>> {
  const sites = await db.selectFrom('sites').select(['id', 'name']).where('org_id', '=', orgId).execute();
  return new Map(sites.map((s) => [s.id, s.name]));
}

/** Names of an organisation's sites and zones (zones with their site). */
export async function siteAndZoneNames(db: Db, orgId: string): Promise<{ sites: Map<string, string>; zones: Map<string, { name: string; siteId: string }> }> {
  const sites = await db.selectFrom('sites').select(['id', 'name']).where('org_id', '=', orgId).execute();
  const zones = await db
    .selectFrom('zones')
    .innerJoin('sites', 'sites.id', 'zones.site_id')
    .select(['zones.id', 'zones.name', 'zones.site_id'])
    .where('sites.org_id', '=', orgId)
    .execute();
  return { sites: new Map(sites.map((s) => [s.id, s.name])), zones: new Map(zones.map((z) => [z.id, { name: z.name, siteId: z.site_id }])) };
}

/** The risk-relevant attributes of assets. */
export interface AssetRiskRow {
  id: string;
  name: string;
  kind: string;
  criticality: string | null;
  tags: string;
  custom: string;
  site_id: string | null;
  zone_id: string | null;
  firmware: string | null;
  updated_at: string;
}

/**
 * The risk-relevant attributes of these assets of the organisation. SQLite reads the organisation's
 * assets in one statement and keeps the ones asked for (100,000 ids as 100 IN lists cost more).
 */
export async function assetRiskRows(db: Db, raw: SQLite.Database | null, orgId: string, ids: readonly string[]): Promise<AssetRiskRow[]> {
  const out: AssetRiskRow[] = [];
  if (raw && ids.length > 1000) {
    const wanted = new Set(ids);
    const stmt = prepared(raw, 'SELECT id, name, kind, criticality, tags, custom, site_id, zone_id, firmware, updated_at FROM assets WHERE org_id = ?');
    for (const r of stmt.all(orgId) as AssetRiskRow[]) if (wanted.has(r.id)) out.push(r);
    return out;
  }
  for (const part of chunks([...ids], 1000)) {
    out.push(
      ...(await db
        .selectFrom('assets')
        .select(['id', 'name', 'kind', 'criticality', 'tags', 'custom', 'site_id', 'zone_id', 'firmware', 'updated_at'])
        .where('org_id', '=', orgId)
        .where('id', 'in', part)
        .execute()),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Vulnerability inputs (derived from shared intelligence; not an organisation's record)

/** What the cached inputs of each vulnerability must have been derived from to still hold. */
export async function vulnerabilitySourceStamps(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...ids], 2000)) {
    const rows = await db
      .selectFrom('vulnerabilities as v')
      .select([
        'v.id',
        'v.updated_at',
        (eb) =>
          eb
            .selectFrom('advisory_vulnerabilities as av')
            .innerJoin('advisories as a', 'a.id', 'av.advisory_id')
            .select((e) => e.fn.max('a.imported_at').as('m'))
            .whereRef('av.vulnerability_id', '=', 'v.id')
            .as('advisories_at'),
      ])
      .where('v.id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.id, `${r.updated_at}|${(r.advisories_at as string | null) ?? ''}`);
  }
  return out;
}

export async function readVulnerabilityInputs(db: Db, ids: readonly string[]): Promise<Map<string, RiskVulnerabilityInputsTable>> {
  const out = new Map<string, RiskVulnerabilityInputsTable>();
  for (const part of chunks([...ids], 2000)) {
    for (const r of await db.selectFrom('risk_vulnerability_inputs').selectAll().where('vulnerability_id', 'in', part).execute()) out.set(r.vulnerability_id, r);
  }
  return out;
}

export async function writeVulnerabilityInputs(db: Db, raw: SQLite.Database | null, rows: RiskVulnerabilityInputsTable[]): Promise<void> {
  await insertRows(db, raw, 'risk_vulnerability_inputs', rows as unknown as Record<string, unknown>[], { key: 'vulnerability_id' });
}

// ---------------------------------------------------------------------------------------------
// Assessments

/**
 * One open finding as the recompute reads it, with what the previous recompute stored for it
 * (decision null: never assessed). A tuple, so that a million of them cost no more than needed.
 */
export type FindingForRecompute = [
  id: string,
  vulnerabilityId: string,
  assetId: string | null,
  sbomId: string | null,
  firstSeen: string,
  decision: number | null,
  decisionSince: string | null,
  kev: number | null,
  notified: number | null,
  hash: number | null,
];

const OPEN_FINDINGS_COLUMNS = 'f.id, f.vulnerability_id, f.asset_id, f.sbom_id, f.first_seen, r.decision, r.decision_since, r.kev, r.notified, r.hash';
const OPEN_FINDINGS_FROM = 'findings f LEFT JOIN risk_assessments r ON r.org_id = f.org_id AND r.finding_id = f.id';
/** The partial index's predicate, written as literals so that both planners use findings_open_org. */
const OPEN_FINDINGS_WHERE = "f.status = 'affected' AND f.resolved_at IS NULL";

/**
 * Calls `fn` for each open finding (affected, not resolved) of the organisation with its stored
 * assessment, in id order (the partial index findings_open_org, then the assessment's primary
 * key). SQLite streams one statement as arrays; PostgreSQL reads pages of `page` rows by id.
 */
export async function forEachOpenFinding(db: Db, raw: SQLite.Database | null, orgId: string, fn: (r: FindingForRecompute) => void, page = 20_000): Promise<void> {
  if (raw) {
    const text = `SELECT ${OPEN_FINDINGS_COLUMNS} FROM ${OPEN_FINDINGS_FROM} WHERE f.org_id = ? AND ${OPEN_FINDINGS_WHERE} ORDER BY f.id`;
    for (const r of raw.prepare(text).raw(true).iterate(orgId) as Iterable<FindingForRecompute>) fn(r);
    return;
  }
  for (let after = ''; ; ) {
    const { rows } = await sql<Record<string, string | number | null>>`SELECT ${sql.raw(OPEN_FINDINGS_COLUMNS)} FROM ${sql.raw(OPEN_FINDINGS_FROM)}
      WHERE f.org_id = ${orgId} AND ${sql.raw(OPEN_FINDINGS_WHERE)} AND f.id > ${after} ORDER BY f.id LIMIT ${page}`.execute(db);
    const num = (x: string | number | null | undefined) => (x === null || x === undefined ? null : Number(x));
    for (const r of rows) {
      fn([r.id as string, r.vulnerability_id as string, r.asset_id as string | null, r.sbom_id as string | null, r.first_seen as string, num(r.decision), r.decision_since as string | null, num(r.kev), num(r.notified), num(r.hash)]);
    }
    if (rows.length < page) return;
    after = rows[rows.length - 1]!.id as string;
  }
}

/** The asset each SBOM of the organisation was imported for (its components' findings sit there). */
export async function sbomAssets(db: Db, orgId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('sboms').select(['id', 'asset_id']).where('org_id', '=', orgId).where('asset_id', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.asset_id!]));
}

export async function countOrgAssessments(db: Db, orgId: string): Promise<number> {
  const r = await db.selectFrom('risk_assessments').select((eb) => eb.fn.countAll<string | number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Remediation state of the organisation's findings that have a record (the others are open). */
export async function remediationStates(db: Db, orgId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('remediations').select(['finding_id', 'state']).where('org_id', '=', orgId).where('state', '<>', 'open').execute();
  return new Map(rows.map((r) => [r.finding_id, r.state]));
}

export async function hasAssessments(db: Db, orgId: string): Promise<boolean> {
  return (await db.selectFrom('risk_assessments').select('finding_id').where('org_id', '=', orgId).limit(1).executeTakeFirst()) !== undefined;
}

/** The work-queue indexes, exactly as migration 014 creates them (replaceAssessments builds them again). */
const QUEUE_INDEXES = [
  sql`CREATE INDEX risk_queue ON risk_assessments (org_id, open, decision, due_day, risk DESC, finding_id)`,
  sql`CREATE INDEX risk_queue_site ON risk_assessments (org_id, site_key, open, decision, due_day, risk DESC, finding_id)`,
];
/** Changed rows from which the recompute replaces all of an organisation's rows at once. */
export const INDEX_REBUILD_ROWS = 100_000;

/** The columns of risk_assessments in the order rows are written (with their PostgreSQL types for unnest()). */
const ASSESSMENT_COLUMNS: ReadonlyArray<[keyof RiskAssessmentsTable, string]> = [
  ['finding_id', 'text'], ['org_id', 'text'], ['site_key', 'text'], ['asset_id', 'text'], ['site_id', 'text'], ['zone_id', 'text'],
  ['vulnerability_id', 'text'], ['decision', 'integer'], ['decision_since', 'text'], ['bod_outcome', 'integer'], ['bod_no_vulnrichment', 'integer'],
  ['bod_due', 'text'], ['policy_due', 'text'], ['due_day', 'integer'], ['due_kind', 'text'], ['kev', 'integer'], ['exposed', 'integer'],
  ['risk_base', 'real'], ['risk', 'real'], ['state', 'text'], ['open', 'integer'], ['notified', 'integer'], ['hash', 'double precision'],
  ['computed_at', 'text'],
];
/** Column names of risk_assessments in write order: `AssessmentRows.fill` writes values in this order. */
export const ASSESSMENT_COLUMN_NAMES: readonly (keyof RiskAssessmentsTable)[] = ASSESSMENT_COLUMNS.map(([c]) => c);
const WIDTH = ASSESSMENT_COLUMNS.length;

/**
 * Assessment rows produced on demand, so that a million of them are never objects (or arrays) at
 * once: `fill(k, out, at)` writes row k's values in ASSESSMENT_COLUMN_NAMES order into
 * out[at … at + 23].
 */
export interface AssessmentRows {
  count: number;
  fill: (k: number, out: unknown[], at: number) => void;
}

/** Rows given as objects (tests, small writes). */
export function assessmentRowsOf(rows: readonly RiskAssessmentsTable[]): AssessmentRows {
  return {
    count: rows.length,
    fill: (k, out, at) => {
      const r = rows[k]!;
      for (let c = 0; c < WIDTH; c++) out[at + c] = r[ASSESSMENT_COLUMNS[c]![0]];
    },
  };
}

function assessmentInsertSql(rowsPerStatement: number, upsert: boolean): string {
  const names = ASSESSMENT_COLUMNS.map(([c]) => `"${c}"`);
  const one = `(${names.map(() => '?').join(', ')})`;
  const conflict = upsert
    ? ` ON CONFLICT (org_id, finding_id) DO UPDATE SET ${names.filter((c) => c !== '"org_id"' && c !== '"finding_id"').map((c) => `${c} = excluded.${c}`).join(', ')}`
    : '';
  return `INSERT INTO risk_assessments (${names.join(', ')}) VALUES ${Array.from({ length: rowsPerStatement }, () => one).join(', ')}${conflict}`;
}

/** SQLite: no object per row, 50 rows per statement (see writeFilledRows). */
function insertAssessmentsSqlite(raw: SQLite.Database, rows: AssessmentRows, upsert: boolean): void {
  writeFilledRows(raw, (n) => assessmentInsertSql(n, upsert), WIDTH, rows.count, rows.fill);
}

/**
 * PostgreSQL: rows as one array per column through unnest(), 10,000 rows a statement: a few large
 * statements instead of hundreds of 30,000-parameter VALUES lists.
 */
async function insertAssessmentsPg(db: Db, rows: AssessmentRows, upsert: boolean): Promise<void> {
  const names = ASSESSMENT_COLUMNS.map(([c]) => sql.ref(c));
  const updates = ASSESSMENT_COLUMNS.filter(([c]) => c !== 'org_id' && c !== 'finding_id').map(([c]) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`);
  const conflict = upsert ? sql` ON CONFLICT (org_id, finding_id) DO UPDATE SET ${sql.join(updates)}` : sql``;
  const size = 10_000;
  const row: unknown[] = new Array(WIDTH);
  for (let start = 0; start < rows.count; start += size) {
    const end = Math.min(rows.count, start + size);
    const columns: unknown[][] = ASSESSMENT_COLUMNS.map(() => new Array(end - start));
    for (let k = start; k < end; k++) {
      rows.fill(k, row, 0);
      for (let c = 0; c < WIDTH; c++) columns[c]![k - start] = row[c];
    }
    const arrays = ASSESSMENT_COLUMNS.map(([, type], c) => sql`${columns[c]}::${sql.raw(type)}[]`);
    await sql`INSERT INTO risk_assessments (${sql.join(names)}) SELECT * FROM unnest(${sql.join(arrays)})${conflict}`.execute(db);
  }
}

/** Upserts changed rows (the queue indexes are maintained row by row: for small writes). */
export async function writeAssessments(db: Db, raw: SQLite.Database | null, rows: AssessmentRows): Promise<void> {
  if (raw) insertAssessmentsSqlite(raw, rows, true);
  else await insertAssessmentsPg(db, rows, true);
}

/**
 * Replaces every row of the organisation (a large change: a first recompute, a policy change): the
 * queue indexes are dropped, the rows deleted and inserted in key order, and the indexes built
 * again with one sort each — instead of maintaining them row by row in random order, which beyond
 * the page cache is where a million-row write would spend its time.
 */
export async function replaceAssessments(db: Db, raw: SQLite.Database | null, orgId: string, rows: AssessmentRows): Promise<void> {
  // PostgreSQL, when the organisation's rows are the whole table (one organisation): emptied at
  // once, without a million dead rows for the inserts and the index builds to step over.
  const wholeTable = !raw && !(await sql`SELECT 1 FROM risk_assessments WHERE org_id < ${orgId} OR org_id > ${orgId} LIMIT 1`.execute(db)).rows.length;
  for (const name of ['risk_queue', 'risk_queue_site']) await sql`DROP INDEX IF EXISTS ${sql.raw(name)}`.execute(db);
  // PostgreSQL: the primary key too. Inserting a key whose deleted row is still in the index (until
  // a vacuum) makes the uniqueness check visit that row in the table: once per row of a rewrite.
  // Built again below, the key is checked then (in the same transaction: a duplicate fails it all).
  if (!raw) await sql`ALTER TABLE risk_assessments DROP CONSTRAINT risk_assessments_pk`.execute(db);
  if (wholeTable) await sql`TRUNCATE risk_assessments`.execute(db);
  else await db.deleteFrom('risk_assessments').where('org_id', '=', orgId).execute();
  if (raw) insertAssessmentsSqlite(raw, rows, false);
  else await insertAssessmentsPg(db, rows, false);
  if (!raw) await sql`ALTER TABLE risk_assessments ADD CONSTRAINT risk_assessments_pk PRIMARY KEY (org_id, finding_id)`.execute(db);
  for (const index of QUEUE_INDEXES) await index.execute(db);
  // PostgreSQL plans the recompute's join and the queue's scans from statistics: refresh them.
  if (!raw) await sql`ANALYZE risk_assessments`.execute(db);
}

/** Removes the assessments of findings that are no longer open (resolved, not affected, deleted). */
export async function deleteStaleAssessments(db: Db, orgId: string): Promise<number> {
  const r = await db
    .deleteFrom('risk_assessments')
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('findings as f')
            .select('f.id')
            .whereRef('f.id', '=', 'risk_assessments.finding_id')
            .where('f.status', '=', 'affected')
            .where('f.resolved_at', 'is', null),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** After a remediation change: the state, queue membership and score of stored assessments. */
export async function updateAssessmentStates(db: Db, orgId: string, updates: { findingId: string; state: string; open: number; factor: number }[]): Promise<void> {
  const base = new Map<string, number>();
  for (const part of chunks(updates.map((u) => u.findingId))) {
    const rows = await db.selectFrom('risk_assessments').select(['finding_id', 'risk_base']).where('org_id', '=', orgId).where('finding_id', 'in', part).execute();
    for (const r of rows) base.set(r.finding_id, Number(r.risk_base));
  }
  for (const u of updates) {
    const b = base.get(u.findingId);
    if (b === undefined) continue;
    await db
      .updateTable('risk_assessments')
      .set({ state: u.state, open: u.open, risk: Math.round(b * u.factor * 10) / 10 })
      .where('org_id', '=', orgId)
      .where('finding_id', '=', u.findingId)
      .execute();
  }
}

export async function getAssessment(db: Db, orgId: string, findingId: string): Promise<RiskAssessmentsTable | null> {
  return (await db.selectFrom('risk_assessments').selectAll().where('org_id', '=', orgId).where('finding_id', '=', findingId).executeTakeFirst()) ?? null;
}

export interface AssessmentFilter {
  /** Site id (`site_key`). */
  site?: string | undefined;
  /** DECISIONS codes. */
  decisions: number[];
  /** Governing due day strictly before this day (overdue). */
  dueBefore?: number | undefined;
  /** Governing due day on or after this day (with dueBefore: due soon). */
  dueFrom?: number | undefined;
}

function assessmentRange(db: Db, scope: Scope, filter: AssessmentFilter, decision: number) {
  let q = db
    .selectFrom('risk_assessments as r')
    .where('r.org_id', '=', scope.orgId)
    .where('r.open', '=', 1)
    .where('r.decision', '=', decision);
  if (scope.view !== 'own') q = q.where(sql<SqlBool>`1 = 0`);
  if (filter.site !== undefined) q = q.where('r.site_key', '=', filter.site);
  else if (scope.siteIds !== null) q = q.where('r.site_key', 'in', [...scope.siteIds, SITE_KEY_NO_ASSET]);
  if (filter.dueBefore !== undefined) q = q.where('r.due_day', '<', filter.dueBefore);
  if (filter.dueFrom !== undefined) q = q.where('r.due_day', '>=', filter.dueFrom);
  return q;
}

/**
 * Open findings per decision in that range, each counted up to `cap` (an index range scan per
 * decision, all in one statement: one round trip).
 */
export async function countAssessments(db: Db, scope: Scope, filter: AssessmentFilter, decisions: readonly number[], cap: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (decisions.length === 0) return out;
  const row = await db
    .selectNoFrom((eb) =>
      decisions.map((d) =>
        eb
          .selectFrom(assessmentRange(db, scope, filter, d).select('r.finding_id').limit(cap).as('x'))
          .select((e) => e.fn.countAll<string | number>().as('n'))
          .as(`d${d}`),
      ),
    )
    .executeTakeFirstOrThrow();
  for (const d of decisions) out.set(d, Number((row as Record<string, string | number>)[`d${d}`]));
  return out;
}

export interface AssessmentKey {
  finding_id: string;
  decision: number;
  due_day: number;
  risk: number;
}

/** A page of one decision's open findings in deadline order (due day, risk descending, id). */
export async function pageAssessments(db: Db, scope: Scope, filter: AssessmentFilter, decision: number, limit: number, offset: number): Promise<AssessmentKey[]> {
  if (limit <= 0) return [];
  const rows = await assessmentRange(db, scope, filter, decision)
    .select(['r.finding_id', 'r.decision', 'r.due_day', 'r.risk'])
    .orderBy('r.due_day')
    .orderBy('r.risk', 'desc')
    .orderBy('r.finding_id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ finding_id: r.finding_id, decision: Number(r.decision), due_day: Number(r.due_day), risk: Number(r.risk) }));
}

/** Everything a work-queue row shows, for the findings of one page. */
export interface QueueRowData extends RiskAssessmentsTable {
  target_kind: string;
  target_name: string;
  first_seen: string;
  title: string | null;
  cvss_score: number | null;
  cvss_severity: string | null;
  epss_score: number | null;
  epss_percentile: number | null;
  kev_due_date: string | null;
  asset_name: string | null;
  site_name: string | null;
  zone_name: string | null;
  rem_owner: string | null;
  rem_due_date: string | null;
  rem_plan_id: string | null;
  rem_expires_at: string | null;
}

export async function queueRows(db: Db, orgId: string, findingIds: readonly string[]): Promise<Map<string, QueueRowData>> {
  const out = new Map<string, QueueRowData>();
  for (const part of chunks([...findingIds])) {
    const rows = await db
      .selectFrom('risk_assessments as r')
      .innerJoin('findings as f', 'f.id', 'r.finding_id')
      .leftJoin('vulnerabilities as v', 'v.id', 'r.vulnerability_id')
      .leftJoin('assets as a', 'a.id', 'r.asset_id')
      .leftJoin('sites as s', 's.id', 'r.site_id')
      .leftJoin('zones as z', 'z.id', 'r.zone_id')
      .leftJoin('remediations as m', 'm.finding_id', 'r.finding_id')
      .selectAll('r')
      .select([
        'f.target_kind', 'f.target_name', 'f.first_seen', 'v.title', 'v.cvss_score', 'v.cvss_severity', 'v.epss_score', 'v.epss_percentile', 'v.kev_due_date',
        'a.name as asset_name', 's.name as site_name', 'z.name as zone_name', 'm.owner as rem_owner', 'm.due_date as rem_due_date', 'm.plan_id as rem_plan_id',
        'm.expires_at as rem_expires_at',
      ])
      .where('r.org_id', '=', orgId)
      .where('r.finding_id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.finding_id, r as QueueRowData);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rollups and snapshots

export { ROLLUP_LEVELS, type RollupLevel } from '../../model/risk-views.js';
/** Levels whose rollups are kept day by day (an asset-level history would grow by 100k rows a day). */
export const SNAPSHOT_LEVELS: readonly RollupLevel[] = ['organisation', 'site', 'zone'];

export async function replaceRollups(db: Db, raw: SQLite.Database | null, orgId: string, rows: RiskRollupsTable[]): Promise<void> {
  await db.deleteFrom('risk_rollups').where('org_id', '=', orgId).execute();
  for (const part of chunks(rows, 20_000)) await insertRows(db, raw, 'risk_rollups', part as unknown as Record<string, unknown>[]);
}

/** Today's snapshot from the stored rollups (a recompute that changed nothing). */
export async function snapshotStoredRollups(db: Db, raw: SQLite.Database | null, orgId: string, day: string): Promise<void> {
  const rows = await db.selectFrom('risk_rollups').selectAll().where('org_id', '=', orgId).where('level', 'in', [...SNAPSHOT_LEVELS]).execute();
  await writeSnapshots(db, raw, rows.map(({ computed_at: _c, ...r }) => ({ ...r, day })));
}

export async function writeSnapshots(db: Db, raw: SQLite.Database | null, rows: RiskSnapshotsTable[]): Promise<void> {
  await insertRows(db, raw, 'risk_snapshots', rows as unknown as Record<string, unknown>[], { key: ['org_id', 'level', 'group_id', 'day'] });
}

export async function listRollups(
  db: Db,
  scope: Scope,
  query: { level: RollupLevel; siteIds?: readonly string[] | null; limit: number; offset: number },
): Promise<{ items: RiskRollupsTable[]; total: number }> {
  if (scope.view !== 'own') return { items: [], total: 0 };
  let q = db.selectFrom('risk_rollups as g').where('g.org_id', '=', scope.orgId).where('g.level', '=', query.level);
  const sites = query.siteIds ?? null;
  if (sites !== null) {
    if (query.level === 'site') q = q.where('g.group_id', 'in', [...sites, '']);
    else if (query.level === 'zone') q = q.where('g.group_id', 'in', (eb) => eb.selectFrom('zones').select('zones.id').where('zones.site_id', 'in', [...sites, '']));
    else if (query.level === 'asset') q = q.where('g.group_id', 'in', (eb) => eb.selectFrom('assets').select('assets.id').where('assets.site_id', 'in', [...sites, '']));
  }
  const total = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const items = await q.selectAll('g').orderBy('g.score', 'desc').orderBy('g.group_id').limit(query.limit).offset(query.offset).execute();
  return { items, total: Number(total.n) };
}

export async function listSnapshots(
  db: Db,
  orgId: string,
  query: { level: RollupLevel; groupIds?: readonly string[] | null; from: string; to: string },
): Promise<RiskSnapshotsTable[]> {
  let q = db
    .selectFrom('risk_snapshots')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('level', '=', query.level)
    .where('day', '>=', query.from)
    .where('day', '<=', query.to);
  if (query.groupIds) q = q.where('group_id', 'in', [...query.groupIds, '']);
  return q.orderBy('group_id').orderBy('day').execute();
}

// ---------------------------------------------------------------------------------------------
// Runs

export interface RunRow {
  id: string;
  trigger: string;
  startedAt: string;
  finishedAt: string;
  summary: unknown;
}

export async function insertRun(db: Db, orgId: string, run: RunRow): Promise<void> {
  await db
    .insertInto('risk_runs')
    .values({ id: run.id, org_id: orgId, trigger: run.trigger, started_at: run.startedAt, finished_at: run.finishedAt, summary: JSON.stringify(run.summary) })
    .execute();
}

export async function lastRun(db: Db, orgId: string): Promise<RunRow | null> {
  const r = await db.selectFrom('risk_runs').selectAll().where('org_id', '=', orgId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r ? { id: r.id, trigger: r.trigger, startedAt: r.started_at, finishedAt: r.finished_at, summary: JSON.parse(r.summary) as unknown } : null;
}

/** Organisations with open findings (what the background recompute walks). */
export async function organisationsWithFindings(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('organisations').select('id').orderBy('id').execute();
  const out: string[] = [];
  for (const r of rows) {
    const any = await db.selectFrom('findings').select('id').where('org_id', '=', r.id).where('status', '=', 'affected').limit(1).executeTakeFirst();
    const assessed = any ? true : await hasAssessments(db, r.id);
    if (assessed) out.push(r.id);
  }
  return out;
}
