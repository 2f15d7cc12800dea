/**
 * SBOM repository: imported SBOM and VEX documents, their flattened components, dependency edges,
 * VEX statements, and the product versions they attach to. The only module that knows these
 * tables. Same SQL on both dialects.
 */
import type SQLite from 'better-sqlite3';
import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import { firmwareScheme } from '../../engine/match/versions/index.js';
import type { SbomQualityReport } from '../../engine/sbom/quality.js';
import type { SbomComponent, SbomDependency, SbomDocument, SbomIssue, SbomMetadata, VexStatement } from '../../model/sbom.js';
import { assertOrganisationWide, assertWritable, type Scope } from '../../model/scope.js';
import type { ProductVersion, ProductVersionSpec, SbomComponentRow, SbomSummary } from '../../model/sbom-views.js';
import { newId } from '../../util/ids.js';
import { visibleIds, visibleRows } from '../scope.js';
import { insertRows } from '../bulk.js';
import { chunks, containsPattern } from '../sql-helpers.js';
import { deleteTargetKeysOf } from './findings.js';
import type { Database, SbomComponentsTable, SbomsTable } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Component types shown as AI: CycloneDX ML-BOM models and data sets. */
export const AI_COMPONENT_TYPES: ReadonlySet<string> = new Set(['machine-learning-model', 'data']);

// ---------------------------------------------------------------------------------------------
// Product versions

// The API shapes live in the type-only model module the web UI imports too.
export type { ProductVersion, ProductVersionSpec, SbomComponentRow as ComponentRow, SbomSummary } from '../../model/sbom-views.js';

/** The identity form of a vendor, product or version: trimmed, lower case, whitespace runs as one space. */
export function normaliseKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Two versions name the same release: equal text once normalised, or equal under the firmware scheme (`V3.1` = `3.1` = `V03.01`). */
export function sameVersion(a: string, b: string): boolean {
  const x = normaliseKey(a);
  const y = normaliseKey(b);
  if (x === y) return true;
  return firmwareScheme.compare(x, y) === 0;
}

/** The asset's vendor, model and firmware name this product version. */
export function assetMatchesProduct(asset: { vendor: string | null; model: string | null; firmware: string | null }, pv: ProductVersionSpec): boolean {
  if (!asset.vendor || !asset.model || !asset.firmware) return false;
  return normaliseKey(asset.vendor) === normaliseKey(pv.vendor) && normaliseKey(asset.model) === normaliseKey(pv.product) && sameVersion(asset.firmware, pv.version);
}

function toProductVersion(r: Database['product_versions']): ProductVersion {
  return { id: r.id, vendor: r.vendor, product: r.product, version: r.version, createdAt: r.created_at };
}

/** The product version with these keys (an equal firmware version counts), or null. */
export async function findProductVersion(db: Db, spec: ProductVersionSpec): Promise<ProductVersion | null> {
  const rows = await db
    .selectFrom('product_versions')
    .selectAll()
    .where('vendor_key', '=', normaliseKey(spec.vendor))
    .where('product_key', '=', normaliseKey(spec.product))
    .execute();
  const exact = rows.find((r) => r.version_key === normaliseKey(spec.version));
  const hit = exact ?? rows.find((r) => sameVersion(r.version, spec.version));
  return hit ? toProductVersion(hit) : null;
}

export async function ensureProductVersion(db: Db, spec: ProductVersionSpec, now: string): Promise<ProductVersion> {
  const found = await findProductVersion(db, spec);
  if (found) return found;
  const row = {
    id: newId(),
    vendor: spec.vendor.trim(),
    product: spec.product.trim(),
    version: spec.version.trim(),
    vendor_key: normaliseKey(spec.vendor),
    product_key: normaliseKey(spec.product),
    version_key: normaliseKey(spec.version),
    created_at: now,
  };
  await db.insertInto('product_versions').values(row).execute();
  return toProductVersion(row);
}

export async function getProductVersion(db: Db, id: string): Promise<ProductVersion | null> {
  const row = await db.selectFrom('product_versions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toProductVersion(row) : null;
}

export interface MatchedAsset {
  id: string;
  name: string;
  kind: string;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
}

/** Assets whose vendor, model and firmware match the product version (they inherit its SBOM). */
export async function assetsOfProductVersion(db: Db, scope: Scope, pv: ProductVersionSpec, limit = 10_000): Promise<MatchedAsset[]> {
  // Narrow in SQL by one word of vendor and model (any spacing survives), decide exactly in code.
  const word = (s: string) => normaliseKey(s).split(' ').sort((a, b) => b.length - a.length)[0] ?? '';
  const rows = await db
    .selectFrom('assets')
    .select(['id', 'name', 'kind', 'vendor', 'model', 'firmware'])
    .where(sql<string>`lower(vendor)`, 'like', containsPattern(word(pv.vendor)))
    .where(sql<string>`lower(model)`, 'like', containsPattern(word(pv.product)))
    .where('firmware', 'is not', null)
    .where(visibleRows('assets', scope))
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.filter((a) => assetMatchesProduct(a, pv)).slice(0, limit);
}

/** Product versions that an asset with this vendor, model and firmware runs. */
export async function productVersionsOfAsset(db: Db, asset: { vendor: string | null; model: string | null; firmware: string | null }): Promise<ProductVersion[]> {
  if (!asset.vendor || !asset.model || !asset.firmware) return [];
  const rows = await db
    .selectFrom('product_versions')
    .selectAll()
    .where('vendor_key', '=', normaliseKey(asset.vendor))
    .where('product_key', '=', normaliseKey(asset.model))
    .execute();
  return rows.filter((r) => sameVersion(r.version, asset.firmware!)).map(toProductVersion);
}

export interface ProductVersionSummary extends ProductVersion {
  sbomCount: number;
  latestSbomId: string | null;
  assetCount: number;
}

/** Product versions with SBOMs the scope sees (the catalogue itself tells nothing about other tenants). */
export async function listProductVersions(db: Db, scope: Scope): Promise<ProductVersionSummary[]> {
  const rows = await db
    .selectFrom('product_versions')
    .selectAll()
    .where('id', 'in', (eb) => eb.selectFrom('sboms').select('sboms.product_version_id').where(visibleRows('sboms', scope)).where('sboms.product_version_id', 'is not', null).$narrowType<{ product_version_id: string }>())
    .orderBy('vendor_key')
    .orderBy('product_key')
    .orderBy('version_key')
    .execute();
  if (rows.length === 0) return [];
  const sboms = await db
    .selectFrom('sboms')
    .select(['id', 'product_version_id', 'imported_at'])
    .where('product_version_id', 'is not', null)
    .where('kind', '=', 'sbom')
    .where(visibleRows('sboms', scope))
    .orderBy('imported_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const byPv = new Map<string, string[]>();
  for (const s of sboms) byPv.set(s.product_version_id!, [...(byPv.get(s.product_version_id!) ?? []), s.id]);
  // Asset counts: distinct (vendor, model, firmware) combinations, matched in code.
  const combos = await db
    .selectFrom('assets')
    .select(['vendor', 'model', 'firmware', (eb) => eb.fn.countAll<number>().as('n')])
    .where('firmware', 'is not', null)
    .where(visibleRows('assets', scope))
    .groupBy(['vendor', 'model', 'firmware'])
    .execute();
  return rows.map((r) => {
    const pv = toProductVersion(r);
    const ids = byPv.get(r.id) ?? [];
    const assetCount = combos.filter((c) => assetMatchesProduct(c, pv)).reduce((sum, c) => sum + Number(c.n), 0);
    return { ...pv, sbomCount: ids.length, latestSbomId: ids[0] ?? null, assetCount };
  });
}

// ---------------------------------------------------------------------------------------------
// Writing

/** A document to store: the summary's identity fields, plus what only the row keeps. */
export interface SbomWrite extends Pick<SbomSummary, 'id' | 'kind' | 'name' | 'sourceName' | 'format' | 'specVersion' | 'encoding' | 'serialNumber'> {
  orgId: string;
  bomVersion: number | null;
  document: SbomDocument | null;
  quality: SbomQualityReport | null;
  vex: VexStatement[];
  issues: SbomIssue[];
  contentHash: string;
  documentSize: number;
  /** The original text, or null when it is too large to keep. */
  original: string | null;
  productVersionId: string | null;
  assetId: string | null;
  importedAt: string;
}

/** Quality as stored on the SBOM row: the report without per-component gaps, plus licence counts. */
export interface StoredQuality extends Omit<SbomQualityReport, 'gaps'> {
  gapCount: number;
  licenses: Array<{ license: string; count: number }>;
}

interface FlatComponent {
  component: SbomComponent;
  idx: number;
  parentIdx: number | null;
  parentRef: string | null;
  depth: number;
  subject: boolean;
}

/** Subject first (if any), then the tree depth first, parents before children. */
export function flattenWithParents(doc: SbomDocument): FlatComponent[] {
  const out: FlatComponent[] = [];
  const walk = (c: SbomComponent, parent: FlatComponent | null, subject: boolean) => {
    const flat: FlatComponent = { component: c, idx: out.length, parentIdx: parent?.idx ?? null, parentRef: parent?.component.ref ?? null, depth: parent ? parent.depth + 1 : 0, subject };
    out.push(flat);
    // Iterative below the first level would be safer, but the readers cap nesting at 64 levels.
    for (const child of c.components) walk(child, flat, false);
  };
  if (doc.metadata.component) walk(doc.metadata.component, null, true);
  for (const c of doc.components) walk(c, null, false);
  return out;
}

/** PostgreSQL text cannot hold NUL characters; they carry no meaning in names. */
const clean = (value: string): string => (value.includes('\u0000') ? value.split('\u0000').join('') : value);
const cleanOrNull = (value: string | undefined | null): string | null => (value == null ? null : clean(value));

function licenceList(c: SbomComponent): string[] {
  return [...c.licenses, ...c.licenseNames];
}

/** Component rows built and inserted per chunk (a multiple of PostgreSQL's 1,428-row statements for 21 columns). */
const ROW_CHUNK = 2856;
const EMPTY_JSON_LIST = '[]';

/** Small JSON arrays of strings repeat across components (licences, gaps): stringified once each. */
const listJsonCache = new Map<string, string>();
function stringListJson(list: readonly string[]): string {
  if (list.length === 0) return EMPTY_JSON_LIST;
  if (list.some((item) => item.includes('\u0000'))) return JSON.stringify(list);
  const key = list.length === 1 ? (list[0] as string) : list.join('\u0000');
  let json = listJsonCache.get(key);
  if (json === undefined) {
    json = JSON.stringify(list);
    if (listJsonCache.size > 10_000) listJsonCache.clear();
    listJsonCache.set(key, json);
  }
  return json;
}

function componentRow(sbomId: string, f: FlatComponent, missing: Map<string, string[]>): SbomComponentsTable {
  const c = f.component;
  const licences = c.licenseNames.length === 0 ? c.licenses : licenceList(c);
  const supplier = c.supplier?.name ?? c.manufacturer?.name ?? c.publisher ?? null;
  let search = '';
  for (const part of [c.group, c.name, c.version, c.purl, c.cpe, supplier]) if (part) search = search === '' ? part : `${search} ${part}`;
  for (const part of licences) if (part) search = search === '' ? part : `${search} ${part}`;
  return {
    sbom_id: sbomId,
    idx: f.idx,
    parent_idx: f.parentIdx,
    parent_ref: f.parentRef,
    depth: f.depth,
    is_subject: f.subject ? 1 : 0,
    ref: clean(c.ref),
    type: clean(c.type),
    name: clean(c.name),
    version: cleanOrNull(c.version),
    group_name: cleanOrNull(c.group),
    purl: cleanOrNull(c.purl),
    cpe: cleanOrNull(c.cpe),
    supplier: cleanOrNull(supplier),
    hashes: c.hashes.length === 0 ? EMPTY_JSON_LIST : JSON.stringify(c.hashes),
    licenses: stringListJson(licences),
    is_ai: AI_COMPONENT_TYPES.has(c.type) ? 1 : 0,
    model_card: c.modelCard ? JSON.stringify(c.modelCard) : null,
    missing: f.subject ? EMPTY_JSON_LIST : stringListJson(missing.get(c.ref) ?? []),
    search_text: clean(search.toLowerCase()),
    record: recordJson(c),
  };
}

/** The component as JSON without its children (they are rows of their own), in its own key order. */
function recordJson(c: SbomComponent): string {
  const children = c.components;
  // Stringifying with `components` set to undefined leaves it out, exactly as copying the object
  // without it would, without the copy.
  (c as { components: SbomComponent[] | undefined }).components = undefined;
  try {
    return JSON.stringify(c);
  } finally {
    c.components = children;
  }
}

export async function writeSbom(db: Db, raw: SQLite.Database | null, w: SbomWrite): Promise<void> {
  const doc = w.document;
  const flat = doc ? flattenWithParents(doc) : [];
  const missing = new Map<string, string[]>();
  for (const gap of w.quality?.gaps ?? []) missing.set(gap.ref, gap.missing);
  const licenceCounts = new Map<string, number>();
  for (const f of flat) {
    if (f.subject) continue;
    const list = licenceList(f.component);
    for (const l of list.length ? list : ['(none)']) licenceCounts.set(l, (licenceCounts.get(l) ?? 0) + 1);
  }
  const stored: StoredQuality | null = w.quality
    ? {
        componentCount: w.quality.componentCount,
        components: w.quality.components,
        document: w.quality.document,
        completeness: w.quality.completeness,
        ntiaScore: w.quality.ntiaScore,
        cisaScore: w.quality.cisaScore,
        gapCount: w.quality.gaps.length,
        licenses: [...licenceCounts].map(([license, count]) => ({ license, count })).sort((a, b) => b.count - a.count || a.license.localeCompare(b.license)),
      }
    : null;
  const subject = doc?.metadata.component;
  const { component: _subject, ...docMetadata } = doc?.metadata ?? { tools: [], authors: [], lifecycles: [], describes: [], completeness: [] };
  const metadata: Omit<SbomMetadata, 'component'> & { subjectRef?: string } = { ...docMetadata, subjectRef: subject?.ref };
  const row: Insertable<SbomsTable> = {
    id: w.id,
    org_id: w.orgId,
    kind: w.kind,
    name: clean(w.name),
    source_name: clean(w.sourceName),
    format: w.format,
    spec_version: w.specVersion,
    encoding: w.encoding,
    serial_number: cleanOrNull(w.serialNumber),
    bom_version: w.bomVersion,
    subject_name: cleanOrNull(subject?.name),
    subject_version: cleanOrNull(subject?.version),
    product_version_id: w.productVersionId,
    asset_id: w.assetId,
    component_count: flat.filter((f) => !f.subject).length,
    dependency_count: doc?.dependencies.length ?? 0,
    vex_count: w.vex.length,
    ai_count: flat.filter((f) => AI_COMPONENT_TYPES.has(f.component.type)).length,
    issue_count: w.issues.length,
    ntia_score: stored?.ntiaScore ?? null,
    cisa_score: stored?.cisaScore ?? null,
    quality: JSON.stringify(stored),
    metadata: JSON.stringify(metadata),
    issues: JSON.stringify(w.issues.slice(0, 500)),
    content_hash: w.contentHash,
    document_size: w.documentSize,
    document: w.original,
    imported_at: w.importedAt,
  };
  await db.insertInto('sboms').values(row).execute();

  // Rows are built and written a chunk at a time: a 50,000-component SBOM never holds all its
  // rows (with their JSON columns) in memory at once.
  for (let offset = 0; offset < flat.length; offset += ROW_CHUNK) {
    const end = Math.min(flat.length, offset + ROW_CHUNK);
    const rows: SbomComponentsTable[] = new Array<SbomComponentsTable>(end - offset);
    for (let k = offset; k < end; k++) rows[k - offset] = componentRow(w.id, flat[k] as FlatComponent, missing);
    await insertRows(db, raw, 'sbom_components', rows as unknown as Record<string, unknown>[]);
  }
  await insertRows(
    db,
    raw,
    'sbom_dependencies',
    (doc?.dependencies ?? []).map((d, idx) => ({ sbom_id: w.id, idx, from_ref: clean(d.from), to_ref: clean(d.to), kind: d.kind })),
  );
  await insertRows(
    db,
    raw,
    'sbom_vex',
    w.vex.map((s, idx) => ({ sbom_id: w.id, idx, vulnerability_id: clean(s.vulnerabilityId), status: s.status, justification: s.justification ?? null, record: JSON.stringify(s) })),
  );
  const refRows = w.vex.flatMap((s, idx) => [...new Set([...s.productRefs, ...s.subcomponentRefs])].map((ref) => ({ sbom_id: w.id, vex_idx: idx, ref: clean(ref) })));
  await insertRows(db, raw, 'sbom_vex_refs', refRows);
}

export async function deleteSbom(db: Db, scope: Scope, id: string): Promise<boolean> {
  assertWritable(scope);
  const found = await db.selectFrom('sboms').select(['id', 'asset_id']).where('id', '=', id).where(visibleRows('sboms', scope)).executeTakeFirst();
  if (!found) return false;
  if (found.asset_id === null) assertOrganisationWide(scope, 'deleting an SBOM not attached to an asset');
  // Children first: PostgreSQL and SQLite both cascade, but explicit deletes keep large SBOMs quick.
  await db.deleteFrom('sbom_vex_refs').where('sbom_id', '=', id).execute();
  await db.deleteFrom('sbom_vex').where('sbom_id', '=', id).execute();
  await db.deleteFrom('sbom_dependencies').where('sbom_id', '=', id).execute();
  await db.deleteFrom('sbom_components').where('sbom_id', '=', id).execute();
  await deleteTargetKeysOf(db, { sbomId: id });
  const r = await db.deleteFrom('sboms').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** A document with these bytes already attached to the same target, if any. */
export async function findSameImport(db: Db, orgId: string, hash: string, target: { productVersionId: string | null; assetId: string | null }): Promise<string | null> {
  let q = db.selectFrom('sboms').select('id').where('content_hash', '=', hash).where('org_id', '=', orgId);
  q = target.productVersionId ? q.where('product_version_id', '=', target.productVersionId) : q.where('product_version_id', 'is', null);
  q = target.assetId ? q.where('asset_id', '=', target.assetId) : q.where('asset_id', 'is', null);
  const row = await q.executeTakeFirst();
  return row?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface SbomDetail extends SbomSummary {
  bomVersion: number | null;
  metadata: Omit<SbomMetadata, 'component'> & { subjectRef?: string };
  quality: StoredQuality | null;
  issues: SbomIssue[];
}

type SummaryRow = Omit<SbomsTable, 'quality' | 'metadata' | 'issues' | 'document' | 'tlp'> & {
  tlp: string;
  org_name: string | null;
  document_kept: number | string;
  pv_vendor: string | null;
  pv_product: string | null;
  pv_version: string | null;
  pv_created_at: string | null;
  asset_name: string | null;
};

const SUMMARY_COLUMNS = [
  's.id', 's.kind', 's.name', 's.source_name', 's.format', 's.spec_version', 's.encoding', 's.serial_number', 's.bom_version',
  's.subject_name', 's.subject_version', 's.product_version_id', 's.asset_id', 's.component_count', 's.dependency_count',
  's.vex_count', 's.ai_count', 's.issue_count', 's.ntia_score', 's.cisa_score', 's.content_hash', 's.document_size', 's.imported_at',
  's.tlp', 's.org_id',
] as const;

function summaryQuery(db: Db) {
  return db
    .selectFrom('sboms as s')
    .leftJoin('product_versions as pv', 'pv.id', 's.product_version_id')
    .leftJoin('assets as a', 'a.id', 's.asset_id')
    .leftJoin('organisations as o', 'o.id', 's.org_id')
    .select(SUMMARY_COLUMNS)
    .select([
      'o.name as org_name',
      sql<number>`case when s.document is null then 0 else 1 end`.as('document_kept'),
      'pv.vendor as pv_vendor',
      'pv.product as pv_product',
      'pv.version as pv_version',
      'pv.created_at as pv_created_at',
      'a.name as asset_name',
    ]);
}

function toSummary(r: SummaryRow): SbomSummary {
  return {
    id: r.id,
    kind: r.kind as 'sbom' | 'vex',
    name: r.name,
    sourceName: r.source_name,
    format: r.format,
    specVersion: r.spec_version,
    encoding: r.encoding,
    serialNumber: r.serial_number,
    subject: r.subject_name ? { name: r.subject_name, version: r.subject_version } : null,
    productVersion: r.product_version_id
      ? { id: r.product_version_id, vendor: r.pv_vendor ?? '', product: r.pv_product ?? '', version: r.pv_version ?? '', createdAt: r.pv_created_at ?? '' }
      : null,
    asset: r.asset_id ? { id: r.asset_id, name: r.asset_name ?? r.asset_id } : null,
    componentCount: Number(r.component_count),
    dependencyCount: Number(r.dependency_count),
    vexCount: Number(r.vex_count),
    aiCount: Number(r.ai_count),
    issueCount: Number(r.issue_count),
    ntiaScore: r.ntia_score === null ? null : Number(r.ntia_score),
    cisaScore: r.cisa_score === null ? null : Number(r.cisa_score),
    contentHash: r.content_hash,
    documentSize: Number(r.document_size),
    documentKept: Number(r.document_kept) === 1,
    importedAt: r.imported_at,
    tlp: r.tlp,
    organisation: { id: r.org_id, name: r.org_name ?? r.org_id },
  };
}

export const SBOM_SORT_KEYS = ['importedAt', 'name', 'components', 'ntia'] as const;
export type SbomSortKey = (typeof SBOM_SORT_KEYS)[number];

export interface SbomQuery {
  limit: number;
  offset: number;
  q?: string;
  kind?: 'sbom' | 'vex';
  format?: string;
  productVersionId?: string;
  assetId?: string;
  sort?: SbomSortKey;
  descending?: boolean;
}

export async function listSboms(db: Db, scope: Scope, query: SbomQuery): Promise<{ items: SbomSummary[]; total: number }> {
  let base = db
    .selectFrom('sboms as s')
    .leftJoin('product_versions as pv', 'pv.id', 's.product_version_id')
    .where('s.id', 'in', visibleIds('sboms', scope));
  if (query.q) {
    const p = containsPattern(query.q);
    base = base.where((eb) =>
      eb.or([
        eb(sql<string>`lower(s.name)`, 'like', p),
        eb(sql<string>`lower(s.source_name)`, 'like', p),
        eb(sql<string>`lower(coalesce(s.subject_name, ''))`, 'like', p),
        eb(sql<string>`lower(coalesce(pv.vendor, '') || ' ' || coalesce(pv.product, '') || ' ' || coalesce(pv.version, ''))`, 'like', p),
      ]),
    ) as typeof base;
  }
  if (query.kind) base = base.where('s.kind', '=', query.kind) as typeof base;
  if (query.format) base = base.where('s.format', '=', query.format) as typeof base;
  if (query.productVersionId) base = base.where('s.product_version_id', '=', query.productVersionId) as typeof base;
  if (query.assetId) base = base.where('s.asset_id', '=', query.assetId) as typeof base;
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const ids = base.select('s.id');
  const column = { importedAt: 's.imported_at', name: 's.name', components: 's.component_count', ntia: 's.ntia_score' } as const;
  const direction = (query.descending ?? query.sort === undefined) ? 'desc' : 'asc';
  const rows = await summaryQuery(db)
    .where('s.id', 'in', ids)
    .orderBy(column[query.sort ?? 'importedAt'], direction)
    .orderBy('s.id', direction)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { items: rows.map((r) => toSummary(r as SummaryRow)), total };
}

export async function getSbom(db: Db, scope: Scope, id: string): Promise<SbomDetail | null> {
  const row = await summaryQuery(db).select(['s.quality', 's.metadata', 's.issues']).where('s.id', '=', id).where('s.id', 'in', visibleIds('sboms', scope)).executeTakeFirst();
  if (!row) return null;
  return {
    ...toSummary(row as SummaryRow),
    bomVersion: row.bom_version === null ? null : Number(row.bom_version),
    metadata: JSON.parse(row.metadata) as SbomDetail['metadata'],
    quality: JSON.parse(row.quality) as StoredQuality | null,
    issues: JSON.parse(row.issues) as SbomIssue[],
  };
}

export async function getSbomOriginal(db: Db, scope: Scope, id: string): Promise<{ document: string | null; sourceName: string; format: string; encoding: string } | null> {
  const row = await db.selectFrom('sboms').select(['document', 'source_name', 'format', 'encoding']).where('id', '=', id).where(visibleRows('sboms', scope)).executeTakeFirst();
  return row ? { document: row.document, sourceName: row.source_name, format: row.format, encoding: row.encoding } : null;
}

/** The newest SBOM (not VEX) attached to a product version or an asset. */
export async function latestSbomId(db: Db, scope: Scope, target: { productVersionId?: string; assetId?: string }): Promise<string | null> {
  let q = db.selectFrom('sboms').select('id').where('kind', '=', 'sbom').where(visibleRows('sboms', scope));
  if (target.productVersionId) q = q.where('product_version_id', '=', target.productVersionId);
  else if (target.assetId) q = q.where('asset_id', '=', target.assetId);
  else return null;
  const row = await q.orderBy('imported_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  return row?.id ?? null;
}

/** Ids of the VEX documents attached to a product version or asset. */
export async function vexDocumentIds(db: Db, scope: Scope, target: { productVersionId?: string | null; assetId?: string | null }): Promise<string[]> {
  const ids: string[] = [];
  const vexDocs = () => db.selectFrom('sboms').select('id').where('kind', '=', 'vex').where(visibleRows('sboms', scope));
  if (target.productVersionId) {
    ids.push(...(await vexDocs().where('product_version_id', '=', target.productVersionId).execute()).map((r) => r.id));
  }
  if (target.assetId) {
    ids.push(...(await vexDocs().where('asset_id', '=', target.assetId).execute()).map((r) => r.id));
  }
  return ids;
}

export interface ComponentQuery {
  limit: number;
  offset: number;
  q?: string;
  type?: string;
  ai?: boolean;
  /** Only components lacking this minimum element. */
  missing?: string;
  /** Only components lacking any minimum element. */
  withGaps?: boolean;
  /** Only components under this licence (exact expression or name; `(none)` for none). */
  license?: string;
}

export async function listComponents(db: Db, sbomIds: string[], query: ComponentQuery): Promise<{ items: SbomComponentRow[]; total: number }> {
  if (sbomIds.length === 0) return { items: [], total: 0 };
  let base = db.selectFrom('sbom_components').where('sbom_id', 'in', sbomIds).where('is_subject', '=', 0);
  if (query.q) base = base.where('search_text', 'like', containsPattern(query.q));
  if (query.type) base = base.where('type', '=', query.type);
  if (query.ai !== undefined) base = base.where('is_ai', '=', query.ai ? 1 : 0);
  if (query.missing) base = base.where('missing', 'like', containsPattern(JSON.stringify(query.missing)));
  if (query.withGaps) base = base.where('missing', '!=', '[]');
  if (query.license) {
    base = query.license === '(none)' ? base.where('licenses', '=', '[]') : base.where(sql<string>`lower(licenses)`, 'like', containsPattern(JSON.stringify(query.license)));
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const order = sbomIds.length > 1 ? base.orderBy('sbom_id') : base;
  const rows = await order
    .select(['sbom_id', 'idx', 'parent_idx', 'parent_ref', 'depth', 'is_subject', 'ref', 'type', 'name', 'version', 'group_name', 'purl', 'cpe', 'supplier', 'hashes', 'licenses', 'is_ai', 'model_card', 'missing'])
    .orderBy('idx')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    total,
    items: rows.map((r) => ({
      sbomId: r.sbom_id,
      idx: Number(r.idx),
      parentIdx: r.parent_idx === null ? null : Number(r.parent_idx),
      parentRef: r.parent_ref,
      depth: Number(r.depth),
      subject: Number(r.is_subject) === 1,
      ref: r.ref,
      type: r.type,
      name: r.name,
      version: r.version,
      group: r.group_name,
      purl: r.purl,
      cpe: r.cpe,
      supplier: r.supplier,
      hashes: JSON.parse(r.hashes) as SbomComponentRow['hashes'],
      licenses: JSON.parse(r.licenses) as string[],
      ai: Number(r.is_ai) === 1,
      modelCard: r.model_card ? (JSON.parse(r.model_card) as Record<string, unknown>) : null,
      missing: JSON.parse(r.missing) as string[],
    })),
  };
}

export async function listVex(db: Db, sbomIds: string[]): Promise<Array<VexStatement & { sbomId: string }>> {
  const out: Array<VexStatement & { sbomId: string }> = [];
  for (const part of chunks(sbomIds)) {
    const rows = await db.selectFrom('sbom_vex').select(['sbom_id', 'record']).where('sbom_id', 'in', part).orderBy('sbom_id').orderBy('idx').execute();
    for (const r of rows) out.push({ ...(JSON.parse(r.record) as VexStatement), sbomId: r.sbom_id });
  }
  return out;
}

/** VEX statements of an organisation's VEX documents (not SBOMs) that name any of these refs (purls, bom-refs). */
export async function vexNamingRefs(db: Db, orgId: string, refs: string[]): Promise<VexStatement[]> {
  const keys = new Set<string>();
  const out: VexStatement[] = [];
  for (const part of chunks([...new Set(refs)])) {
    const hits = await db
      .selectFrom('sbom_vex_refs as r')
      .innerJoin('sboms as s', 's.id', 'r.sbom_id')
      .innerJoin('sbom_vex as v', (j) => j.onRef('v.sbom_id', '=', 'r.sbom_id').onRef('v.idx', '=', 'r.vex_idx'))
      .select(['r.sbom_id', 'r.vex_idx', 'v.record'])
      .where('s.kind', '=', 'vex')
      .where('s.org_id', '=', orgId)
      .where('r.ref', 'in', part)
      .execute();
    for (const h of hits) {
      const key = `${h.sbom_id}\u0000${h.vex_idx}`;
      if (keys.has(key)) continue;
      keys.add(key);
      out.push(JSON.parse(h.record) as VexStatement);
    }
  }
  return out;
}

/** Rebuilds the normalised document from the stored rows (components, tree, dependencies, VEX). */
export async function loadSbomDocument(db: Db, scope: Scope, id: string): Promise<SbomDocument | null> {
  const head = await db.selectFrom('sboms').selectAll().where('id', '=', id).where(visibleRows('sboms', scope)).executeTakeFirst();
  if (!head) return null;
  const metadata = JSON.parse(head.metadata) as SbomMetadata & { subjectRef?: string };
  const rows = await db.selectFrom('sbom_components').select(['idx', 'parent_idx', 'is_subject', 'record']).where('sbom_id', '=', id).orderBy('idx').execute();
  const byIdx = new Map<number, SbomComponent>();
  const top: SbomComponent[] = [];
  let subject: SbomComponent | undefined;
  for (const r of rows) {
    const c = { ...(JSON.parse(r.record) as Omit<SbomComponent, 'components'>), components: [] } as SbomComponent;
    byIdx.set(Number(r.idx), c);
    if (Number(r.is_subject) === 1) subject = c;
    else if (r.parent_idx === null) top.push(c);
    else byIdx.get(Number(r.parent_idx))?.components.push(c);
  }
  const deps = await db.selectFrom('sbom_dependencies').select(['from_ref', 'to_ref', 'kind']).where('sbom_id', '=', id).orderBy('idx').execute();
  const vex = await db.selectFrom('sbom_vex').select('record').where('sbom_id', '=', id).orderBy('idx').execute();
  const { subjectRef: _s, ...meta } = metadata;
  return {
    format: (head.format === 'openvex' ? 'cyclonedx' : head.format) as SbomDocument['format'],
    specVersion: head.spec_version,
    encoding: head.encoding as SbomDocument['encoding'],
    serialNumber: head.serial_number ?? undefined,
    version: head.bom_version === null ? undefined : Number(head.bom_version),
    name: head.name,
    metadata: { ...meta, component: subject },
    components: top,
    dependencies: deps.map((d): SbomDependency => ({ from: d.from_ref, to: d.to_ref, kind: d.kind })),
    otherRefs: [],
    vex: vex.map((v) => JSON.parse(v.record) as VexStatement),
  };
}

export async function countSbomRows(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['product_versions', 'sboms', 'sbom_components', 'sbom_dependencies', 'sbom_vex', 'sbom_vex_refs'] as const) {
    out[table] = Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  }
  return out;
}
