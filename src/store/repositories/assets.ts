/**
 * Asset repository: sites, zones, assets, their observations and addresses. The only module that
 * knows how assets are laid out in SQL; the same code runs on SQLite and PostgreSQL.
 */
import type SQLite from 'better-sqlite3';
import { SqliteAdapter, sql, type Insertable, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type {
  Asset,
  AssetFacts,
  AssetKind,
  Criticality,
  Observation,
  PurdueLevel,
  SourceKind,
} from '../../model/asset.js';
import type { AssetState } from '../../engine/inventory/merge.js';
import { IdentityIndex } from '../../engine/inventory/identity.js';
import { newId } from '../../util/ids.js';
import { insertRows } from '../bulk.js';
import { decodeProvenance, encodeProvenance } from './provenance-codec.js';
import { chunks, containsPattern } from '../sql-helpers.js';
import { visibleRows } from '../scope.js';
import { deleteTargetKeysOf } from './findings.js';
import { assertWritable, type Scope } from '../../model/scope.js';
import type { AssetsTable, Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;


const parseList = (v: string): string[] => JSON.parse(v) as string[];

// ---------------------------------------------------------------------------------------------
// Sites and zones

export interface ZoneKey {
  site: string;
  zone: string;
  purdueLevel?: PurdueLevel;
}

export interface SiteZoneIds {
  sites: Map<string, string>;
  /** key `${siteName}\0${zoneName}` → zone id */
  zones: Map<string, string>;
}

export const zoneKey = (site: string, zone: string) => `${site}\u0000${zone}`;

/** Finds or creates the named sites and zones of an organisation; returns their ids. */
export async function ensureSitesAndZones(db: Db, orgId: string, siteNames: Iterable<string>, zoneKeys: Iterable<ZoneKey>): Promise<SiteZoneIds> {
  const now = new Date().toISOString();
  const wantedSites = new Set(siteNames);
  const wantedZones = [...zoneKeys];
  for (const z of wantedZones) wantedSites.add(z.site);
  const sites = new Map<string, string>();
  if (wantedSites.size > 0) {
    const rows = await db.selectFrom('sites').select(['id', 'name']).where('org_id', '=', orgId).execute();
    for (const r of rows) sites.set(r.name, r.id);
    const missing = [...wantedSites].filter((s) => !sites.has(s)).map((name) => ({ id: newId(), org_id: orgId, name, created_at: now }));
    for (const batch of chunks(missing)) await db.insertInto('sites').values(batch).execute();
    for (const m of missing) sites.set(m.name, m.id);
  }
  const zones = new Map<string, string>();
  if (wantedZones.length > 0) {
    const rows = await db
      .selectFrom('zones')
      .innerJoin('sites', 'sites.id', 'zones.site_id')
      .select(['zones.id', 'zones.name', 'sites.name as site'])
      .where('sites.org_id', '=', orgId)
      .execute();
    for (const r of rows) zones.set(zoneKey(r.site, r.name), r.id);
    const missing: { id: string; site_id: string; name: string; purdue_level: string | null; created_at: string }[] = [];
    for (const z of wantedZones) {
      const key = zoneKey(z.site, z.zone);
      if (zones.has(key)) continue;
      const id = newId();
      zones.set(key, id);
      missing.push({ id, site_id: sites.get(z.site)!, name: z.zone, purdue_level: z.purdueLevel ?? null, created_at: now });
    }
    for (const batch of chunks(missing)) await db.insertInto('zones').values(batch).execute();
  }
  return { sites, zones };
}

/** The names of the sites a site-limited scope is limited to; null when it is not limited. */
export async function limitedSiteNames(db: Db, scope: Scope): Promise<Set<string> | null> {
  if (scope.siteIds === null) return null;
  const rows = await db.selectFrom('sites').select('name').where('org_id', '=', scope.orgId).where('id', 'in', [...scope.siteIds, '']).execute();
  return new Set(rows.map((r) => r.name));
}

export interface SiteSummary {
  id: string;
  name: string;
  assetCount: number;
  zones: { id: string; name: string; purdueLevel: PurdueLevel | null; assetCount: number }[];
}

/**
 * The sites the scope may see, with the number of its visible assets: an organisation's own
 * sites (limited to the reader's sites), or for partners the sites of assets shared with them.
 */
export async function listSites(db: Db, scope: Scope): Promise<SiteSummary[]> {
  // Counts only the assets the scope sees (a partner sees a site only through assets shared with it).
  const visibleCount = sql<string | number>`count(CASE WHEN ${visibleRows('assets', scope)} THEN assets.id END)`;
  let siteQuery = db
    .selectFrom('sites')
    .leftJoin('assets', 'assets.site_id', 'sites.id')
    .select(['sites.id', 'sites.name', visibleCount.as('n')]);
  siteQuery =
    scope.view === 'own'
      ? siteQuery.where('sites.org_id', '=', scope.orgId).$if(scope.siteIds !== null, (q) => q.where('sites.id', 'in', [...(scope.siteIds ?? []), '']))
      : siteQuery.where('sites.id', 'in', (eb) =>
          eb.selectFrom('assets').select('assets.site_id').where(visibleRows('assets', scope)).$narrowType<{ site_id: string }>(),
        );
  const sites = await siteQuery.groupBy(['sites.id', 'sites.name']).orderBy('sites.name').execute();
  const siteIds = sites.map((s) => s.id);
  const zones =
    siteIds.length === 0
      ? []
      : await db
          .selectFrom('zones')
          .leftJoin('assets', 'assets.zone_id', 'zones.id')
          .select(['zones.id', 'zones.site_id', 'zones.name', 'zones.purdue_level', visibleCount.as('n')])
          .where('zones.site_id', 'in', siteIds)
          .groupBy(['zones.id', 'zones.site_id', 'zones.name', 'zones.purdue_level'])
          .orderBy('zones.name')
          .execute();
  return sites.map((s) => ({
    id: s.id,
    name: s.name,
    assetCount: Number(s.n),
    zones: zones
      .filter((z) => z.site_id === s.id)
      .map((z) => ({ id: z.id, name: z.name, purdueLevel: z.purdue_level as PurdueLevel | null, assetCount: Number(z.n) })),
  }));
}

// ---------------------------------------------------------------------------------------------
// Writing assets

export interface AssetWrite {
  id: string;
  state: AssetState;
  createdAt: string;
  updatedAt: string;
  /** True when the asset existed before (its addresses are replaced). */
  existed: boolean;
}

export interface ObservationWrite {
  id: string;
  assetId: string;
  importId: string | null;
  sourceKind: SourceKind;
  sourceName: string;
  observedAt: string;
  confidence: number;
  facts: AssetFacts;
}

function toRow(w: AssetWrite, orgId: string, ids: SiteZoneIds, search: string): Insertable<AssetsTable> {
  const f = w.state.facts;
  return {
    id: w.id,
    org_id: orgId,
    name: f.name ?? f.externalId ?? w.id,
    kind: f.kind ?? 'other',
    vendor: f.vendor ?? null,
    model: f.model ?? null,
    firmware: f.firmware ?? null,
    hardware_version: f.hardwareVersion ?? null,
    serial: f.serial ?? null,
    hostname: f.hostname ?? null,
    site_id: f.site ? (ids.sites.get(f.site) ?? null) : null,
    zone_id: f.site && f.zone ? (ids.zones.get(zoneKey(f.site, f.zone)) ?? null) : null,
    purdue_level: f.purdueLevel ?? null,
    criticality: f.criticality ?? null,
    owner: f.owner ?? null,
    country: f.country ?? null,
    external_id: f.externalId ?? null,
    ips: JSON.stringify(f.ips ?? []),
    macs: JSON.stringify(f.macs ?? []),
    cpes: JSON.stringify(f.cpes ?? []),
    purls: JSON.stringify(f.purls ?? []),
    tags: JSON.stringify(f.tags ?? []),
    custom: JSON.stringify(f.custom ?? {}),
    provenance: encodeProvenance(w.state.provenance, f),
    search_text: search,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  };
}

/**
 * Upserts assets (by id) of one organisation, replaces their addresses and appends observations.
 * Call inside a transaction; the caller has resolved identities within the same organisation.
 */
export async function writeAssets(
  db: Db,
  raw: SQLite.Database | null,
  orgId: string,
  writes: AssetWrite[],
  observations: ObservationWrite[],
  searchTextOf: (facts: AssetFacts) => string,
  onProgress?: (done: number) => void,
): Promise<void> {
  const siteNames = new Set<string>();
  const zoneKeys = new Map<string, ZoneKey>();
  for (const w of writes) {
    const f = w.state.facts;
    if (f.site) siteNames.add(f.site);
    if (f.site && f.zone) zoneKeys.set(zoneKey(f.site, f.zone), { site: f.site, zone: f.zone, purdueLevel: f.purdueLevel });
  }
  const ids = await ensureSitesAndZones(db, orgId, siteNames, zoneKeys.values());

  const existing = writes.filter((w) => w.existed).map((w) => w.id);
  // SQLite's FTS index has external content: entries are removed with their old text before the
  // rows change, and added back in one set-based statement at the end (see migration 003).
  if (raw && existing.length > 0) {
    raw
      .prepare(`INSERT INTO assets_search(assets_search, rowid, search_text)
        SELECT 'delete', rowid, search_text FROM assets WHERE id IN (SELECT value FROM json_each(?))`)
      .run(JSON.stringify(existing));
  }
  // New assets get rowids above the current maximum: the FTS index takes them as one range.
  const maxRowidBefore = raw ? ((raw.prepare('SELECT coalesce(max(rowid), 0) AS m FROM assets').get() as { m: number }).m) : 0;
  let done = 0;
  for (const batch of chunks(writes, 2000)) {
    const rows = batch.map((w) => toRow(w, orgId, ids, searchTextOf(w.state.facts)) as unknown as Record<string, unknown>);
    // A plain INSERT for new assets costs half of an upsert on SQLite.
    await insertRows(db, raw, 'assets', rows.filter((_, i) => !batch[i]!.existed));
    await insertRows(db, raw, 'assets', rows.filter((_, i) => batch[i]!.existed), { key: 'id', keep: ['created_at'] });
    const existingInBatch = batch.filter((w) => w.existed).map((w) => w.id);
    for (const part of chunks(existingInBatch)) await db.deleteFrom('asset_addresses').where('asset_id', 'in', part).execute();
    const addresses = batch.flatMap((w) => [
      ...(w.state.facts.macs ?? []).map((value) => ({ asset_id: w.id, kind: 'mac', value })),
      ...(w.state.facts.ips ?? []).map((value) => ({ asset_id: w.id, kind: 'ip', value })),
    ]);
    await insertRows(db, raw, 'asset_addresses', addresses);
    done += batch.length;
    onProgress?.(done);
  }
  if (raw && writes.length > 0) {
    raw.prepare('INSERT INTO assets_search(rowid, search_text) SELECT rowid, search_text FROM assets WHERE rowid > ?').run(maxRowidBefore);
    if (existing.length > 0) {
      raw
        .prepare(`INSERT INTO assets_search(rowid, search_text)
          SELECT rowid, search_text FROM assets WHERE id IN (SELECT value FROM json_each(?))`)
        .run(JSON.stringify(existing));
    }
  }
  await insertRows(
    db,
    raw,
    'observations',
    observations.map((o) => ({
      id: o.id,
      asset_id: o.assetId,
      import_id: o.importId,
      source_kind: o.sourceKind,
      source_name: o.sourceName,
      observed_at: o.observedAt,
      confidence: o.confidence,
      facts: JSON.stringify(o.facts),
    })),
  );
}

export async function recordImport(
  db: Db,
  row: { id: string; orgId: string; sourceKind: SourceKind; sourceName: string; format: string; total: number; created: number; updated: number; unchanged: number },
): Promise<void> {
  await db
    .insertInto('imports')
    .values({
      id: row.id,
      org_id: row.orgId,
      source_kind: row.sourceKind,
      source_name: row.sourceName,
      format: row.format,
      created_at: new Date().toISOString(),
      total: row.total,
      created: row.created,
      updated: row.updated,
      unchanged: row.unchanged,
    })
    .execute();
}

export async function updateImportCounts(db: Db, id: string, counts: { created: number; updated: number; unchanged: number }): Promise<void> {
  await db.updateTable('imports').set({ created: counts.created, updated: counts.updated, unchanged: counts.unchanged }).where('id', '=', id).execute();
}

export async function deleteAsset(db: Db, scope: Scope, id: string): Promise<boolean> {
  assertWritable(scope);
  const res = await db.deleteFrom('assets').where('id', '=', id).where(visibleRows('assets', scope)).executeTakeFirst();
  const deleted = Number(res.numDeletedRows) > 0;
  // Its findings cascade; its match keys have no foreign key.
  if (deleted) await deleteTargetKeysOf(db, { assetId: id });
  return deleted;
}

/** Assets the scope sees; without a scope, of every organisation (system use: demo seeding, tests). */
export async function countAssets(db: Db, scope?: Scope): Promise<number> {
  const r = await db
    .selectFrom('assets')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .$if(scope !== undefined, (q) => q.where(visibleRows('assets', scope!)))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---------------------------------------------------------------------------------------------
// Reading assets

const assetColumns = [
  'assets.id', 'assets.name', 'assets.kind', 'assets.vendor', 'assets.model', 'assets.firmware', 'assets.hardware_version',
  'assets.serial', 'assets.hostname', 'assets.site_id', 'assets.zone_id', 'assets.purdue_level', 'assets.criticality',
  'assets.owner', 'assets.country', 'assets.external_id', 'assets.ips', 'assets.macs', 'assets.cpes', 'assets.purls',
  'assets.tags', 'assets.custom', 'assets.provenance', 'assets.created_at', 'assets.updated_at', 'assets.tlp',
] as const;

function selectAssets(db: Db) {
  return db
    .selectFrom('assets')
    .leftJoin('sites', 'sites.id', 'assets.site_id')
    .leftJoin('zones', 'zones.id', 'assets.zone_id')
    .leftJoin('organisations', 'organisations.id', 'assets.org_id')
    .select([...assetColumns, 'sites.name as site_name', 'zones.name as zone_name', 'zones.purdue_level as zone_level', 'assets.org_id', 'organisations.name as org_name']);
}

type AssetRow = Awaited<ReturnType<ReturnType<typeof selectAssets>['executeTakeFirstOrThrow']>>;

function toAsset(r: AssetRow): Asset {
  const asset: Asset = {
    id: r.id,
    name: r.name,
    kind: r.kind as AssetKind,
    vendor: r.vendor,
    model: r.model,
    firmware: r.firmware,
    hardwareVersion: r.hardware_version,
    serial: r.serial,
    hostname: r.hostname,
    site: r.site_id && r.site_name ? { id: r.site_id, name: r.site_name } : null,
    zone: r.zone_id && r.zone_name ? { id: r.zone_id, name: r.zone_name, purdueLevel: r.zone_level as PurdueLevel | null } : null,
    purdueLevel: r.purdue_level as PurdueLevel | null,
    criticality: r.criticality as Criticality | null,
    owner: r.owner,
    country: r.country,
    externalId: r.external_id,
    ips: parseList(r.ips),
    macs: parseList(r.macs),
    cpes: parseList(r.cpes),
    purls: parseList(r.purls),
    tags: parseList(r.tags),
    custom: JSON.parse(r.custom) as Record<string, string>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    tlp: r.tlp,
    organisation: { id: r.org_id, name: r.org_name ?? r.org_id },
    provenance: {},
  };
  asset.provenance = decodeProvenance(r.provenance, assetToFacts(asset));
  return asset;
}

/** The facts view of a stored asset (what merging works on). */
export function assetToFacts(a: Asset): AssetFacts {
  const f: AssetFacts = { name: a.name, kind: a.kind };
  const scalars = {
    vendor: a.vendor, model: a.model, firmware: a.firmware, hardwareVersion: a.hardwareVersion, serial: a.serial,
    hostname: a.hostname, site: a.site?.name ?? null, zone: a.zone?.name ?? null, purdueLevel: a.purdueLevel,
    criticality: a.criticality, owner: a.owner, country: a.country, externalId: a.externalId,
  };
  for (const [k, v] of Object.entries(scalars)) if (v !== null) (f as Record<string, unknown>)[k] = v;
  for (const k of ['ips', 'macs', 'cpes', 'purls', 'tags'] as const) if (a[k].length > 0) f[k] = a[k];
  if (Object.keys(a.custom).length > 0) f.custom = a.custom;
  return f;
}

export async function getAsset(db: Db, scope: Scope, id: string): Promise<Asset | null> {
  const r = await selectAssets(db).where('assets.id', '=', id).where(visibleRows('assets', scope)).executeTakeFirst();
  return r ? toAsset(r) : null;
}

export async function getAssets(db: Db, scope: Scope, ids: string[]): Promise<Map<string, Asset>> {
  const out = new Map<string, Asset>();
  for (const batch of chunks(ids)) {
    const rows = await selectAssets(db).where('assets.id', 'in', batch).where(visibleRows('assets', scope)).execute();
    for (const r of rows) out.set(r.id, toAsset(r));
  }
  return out;
}

/** Streams every visible asset in id order, a page at a time (exports of 100k assets stay within memory). */
export async function* iterateAssets(db: Db, scope: Scope, pageSize = 2000): AsyncGenerator<Asset> {
  let after = '';
  for (;;) {
    const rows = await selectAssets(db).where('assets.id', '>', after).where(visibleRows('assets', scope)).orderBy('assets.id').limit(pageSize).execute();
    for (const r of rows) yield toAsset(r);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** Loads the identity keys of an organisation's assets (one scan) into an index for an import. */
export async function loadIdentityIndex(db: Db, orgId: string): Promise<IdentityIndex> {
  const index = new IdentityIndex();
  const rows = await db
    .selectFrom('assets')
    .leftJoin('sites', 'sites.id', 'assets.site_id')
    .select(['assets.id', 'assets.external_id', 'assets.vendor', 'assets.serial', 'assets.hostname', 'assets.ips', 'assets.macs', 'sites.name as site'])
    .where('assets.org_id', '=', orgId)
    .execute();
  for (const r of rows) {
    index.add(r.id, {
      externalId: r.external_id ?? undefined,
      vendor: r.vendor ?? undefined,
      serial: r.serial ?? undefined,
      hostname: r.hostname ?? undefined,
      site: r.site ?? undefined,
      ips: parseList(r.ips),
      macs: parseList(r.macs),
    });
  }
  return index;
}

export async function listObservations(db: Db, scope: Scope, assetId: string, limit = 200): Promise<Observation[]> {
  const rows = await db
    .selectFrom('observations')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('asset_id', 'in', (eb) => eb.selectFrom('assets').select('assets.id').where('assets.id', '=', assetId).where(visibleRows('assets', scope)))
    .orderBy('observed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    assetId: r.asset_id,
    sourceKind: r.source_kind as SourceKind,
    sourceName: r.source_name,
    observedAt: r.observed_at,
    confidence: Number(r.confidence),
    facts: JSON.parse(r.facts) as AssetFacts,
  }));
}

// ---------------------------------------------------------------------------------------------
// Listing with filters, sorting and pagination

export const ASSET_SORT_KEYS = ['name', 'kind', 'vendor', 'model', 'firmware', 'criticality', 'site', 'updatedAt'] as const;
export type AssetSortKey = (typeof ASSET_SORT_KEYS)[number];

export interface AssetQuery {
  q?: string;
  kind?: string;
  site?: string;
  zone?: string;
  criticality?: string;
  vendor?: string;
  ip?: string;
  mac?: string;
  tag?: string;
  sort?: AssetSortKey;
  descending?: boolean;
  limit: number;
  offset: number;
}

const sortColumns = {
  name: 'assets.name',
  kind: 'assets.kind',
  vendor: 'assets.vendor',
  model: 'assets.model',
  firmware: 'assets.firmware',
  criticality: 'assets.criticality',
  site: 'sites.name',
  updatedAt: 'assets.updated_at',
} as const;

export async function listAssets(db: Db, scope: Scope, query: AssetQuery): Promise<{ items: Asset[]; total: number }> {
  const onSqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  // Filters are applied to assets alone (sites and zones by id sub-queries) so that counting and
  // paging use the assets indexes; names are joined in only for the page that is returned.
  let base = db.selectFrom('assets').where(visibleRows('assets', scope));
  if (query.kind) base = base.where('assets.kind', '=', query.kind);
  if (query.site) base = base.where('assets.site_id', 'in', (eb) => eb.selectFrom('sites').select('sites.id').where('sites.name', '=', query.site!));
  if (query.zone) base = base.where('assets.zone_id', 'in', (eb) => eb.selectFrom('zones').select('zones.id').where('zones.name', '=', query.zone!));
  if (query.criticality) base = base.where('assets.criticality', '=', query.criticality);
  if (query.vendor) base = base.where('assets.vendor', '=', query.vendor);
  if (query.q) {
    const pattern = containsPattern(query.q);
    if (textSearched(query, onSqlite)) {
      // The FTS5 trigram index (migrations 002-003) narrows the candidates without scanning; it
      // has no ESCAPE support and keeps no content, so the exact LIKE re-checks each candidate.
      base = base
        .where(sql<boolean>`assets.rowid in (select rowid from assets_search where search_text like ${pattern})`)
        .where(sql<boolean>`assets.search_text like ${pattern}`);
    } else {
      base = base.where(sql<boolean>`assets.search_text like ${pattern} escape '\\'`);
    }
  }
  for (const [kind, value] of [['ip', query.ip], ['mac', query.mac]] as const) {
    if (!value) continue;
    base = base.where('assets.id', 'in', (eb) =>
      eb.selectFrom('asset_addresses').select('asset_addresses.asset_id').where('asset_addresses.kind', '=', kind).where('asset_addresses.value', '=', value),
    );
  }
  if (query.tag) {
    const tagPattern = containsPattern(JSON.stringify(query.tag.toLowerCase()));
    base = base.where(sql<boolean>`assets.tags like ${tagPattern} escape '\\'`);
  }

  const dir = query.descending ? 'desc' : 'asc';
  const sortKey = query.sort ?? 'name';
  let page = base.select('assets.id');
  if (sortKey === 'site') {
    page = page.leftJoin('sites', 'sites.id', 'assets.site_id').orderBy('sites.name', dir);
  } else {
    page = page.orderBy(sortColumns[sortKey] as 'assets.name', dir);
  }
  page = page.orderBy('assets.id', dir).limit(query.limit).offset(query.offset);
  let ids: string[];
  let total: number;
  if (textSearched(query, onSqlite)) {
    // A text search reads the trigram index and re-checks every candidate; counting and paging
    // in one statement does that once (a broad search matches tens of thousands of assets).
    const rows = await page.select(sql<number>`count(*) over ()`.as('total')).execute();
    ids = rows.map((r) => r.id);
    total = rows.length > 0 ? Number(rows[0]!.total) : await countOf(base);
  } else {
    total = await countOf(base);
    ids = (await page.execute()).map((r) => r.id);
  }
  const byId = ids.length > 0 ? await getAssets(db, scope, ids) : new Map<string, Asset>();
  return { items: ids.map((id) => byId.get(id)!).filter(Boolean), total };
}

/** Whether the list query goes through SQLite's trigram index (see `listAssets`). */
function textSearched(query: AssetQuery, onSqlite: boolean): boolean {
  return onSqlite && query.q !== undefined && query.q.length >= 3 && !/[\\%_]/.test(query.q);
}

async function countOf(base: SelectQueryBuilder<Database, 'assets', object>): Promise<number> {
  return Number((await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
}

export interface Facet {
  value: string;
  count: number;
}

export async function assetFacets(db: Db, scope: Scope): Promise<{ kinds: Facet[]; sites: Facet[]; criticalities: Facet[]; vendors: Facet[] }> {
  const group = async (col: 'assets.kind' | 'assets.criticality' | 'assets.vendor' | 'sites.name') => {
    const rows = await db
      .selectFrom('assets')
      .leftJoin('sites', 'sites.id', 'assets.site_id')
      .select([`${col} as value`, (eb) => eb.fn.countAll<string | number>().as('n')])
      .where(visibleRows('assets', scope))
      .where(col, 'is not', null)
      .groupBy(col)
      .orderBy('n', 'desc')
      .orderBy(col)
      .limit(500)
      .execute();
    return rows.map((r) => ({ value: String(r.value), count: Number(r.n) }));
  };
  const [kinds, sites, criticalities, vendors] = await Promise.all([
    group('assets.kind'),
    group('sites.name'),
    group('assets.criticality'),
    group('assets.vendor'),
  ]);
  return { kinds, sites, criticalities, vendors };
}

export type { AssetsTable };
