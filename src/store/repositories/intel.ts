/**
 * Vulnerability-intelligence repository: source statements, merged vulnerabilities, product specs,
 * advisories, EPSS history, change events and per-source import state. Same SQL on both dialects.
 */
import { createHash } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import { canonicalId, mergeVulnerability, type EpssView, type SourceStatement, type VulnerabilityView } from '../../engine/intel/merge.js';
import type { ImportBatch } from '../../engine/intel/statements.js';
import type { AdvisoryRecord, ProductSpec, VulnerabilityRecord } from '../../model/intel.js';
import type { AdvisorySummary, IntelStatus, VulnerabilityDetail, VulnerabilitySummary } from '../../model/intel-views.js';
import { newId } from '../../util/ids.js';
import { insertRows } from '../bulk.js';
import { specMatchKeys } from '../../engine/match/keys.js';
import { deleteSpecKeys, markDirtyKeys, specKeysOf, writeSpecKeys } from './findings.js';
import { chunks, containsPattern } from '../sql-helpers.js';
import type { Database, VulnerabilitiesTable } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type { AdvisorySummary, IntelStatus, VulnerabilityDetail, VulnerabilitySummary } from '../../model/intel-views.js';

export const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

/** EPSS scores at or above this probability are "high"; crossing it is recorded as an event. */
export const DEFAULT_EPSS_THRESHOLD = 0.1;

export interface WriteResult {
  /** Vulnerabilities whose merged view changed. */
  vulnerabilities: number;
  /** Statements that changed something (new or different from what the source said before). */
  changedStatements: number;
  events: number;
}

/** Resolves each statement's ids to one vulnerability id, reusing aliases already known. */
async function resolveIds(db: Db, batch: ImportBatch): Promise<string[]> {
  const allIds = [...new Set(batch.statements.flatMap((s) => s.ids))];
  const known = new Map<string, string>();
  for (const part of chunks(allIds)) {
    const rows = await db.selectFrom('vulnerability_aliases').select(['alias', 'vulnerability_id']).where('alias', 'in', part).execute();
    for (const r of rows) known.set(r.alias, r.vulnerability_id);
  }
  return batch.statements.map((s) => {
    for (const id of s.ids) {
      const hit = known.get(id);
      if (hit) return hit;
    }
    const id = canonicalId(s.ids);
    for (const alias of s.ids) known.set(alias, id);
    return id;
  });
}

function specColumns(spec: ProductSpec): { vendor: string | null; product: string | null } {
  switch (spec.kind) {
    case 'cve5-affected':
      return { vendor: spec.vendor?.toLowerCase() ?? null, product: spec.product?.toLowerCase() ?? spec.packageName?.toLowerCase() ?? null };
    case 'csaf-product':
      return { vendor: spec.product.vendor?.toLowerCase() ?? null, product: (spec.product.productName ?? spec.product.productFamily)?.toLowerCase() ?? null };
    case 'osv-range':
      return { vendor: spec.ecosystem?.toLowerCase() ?? null, product: spec.packageName?.toLowerCase() ?? null };
    case 'cpe-config': {
      // Index by the first vulnerable criterion's vendor and product; the matcher reads the whole tree.
      const c = spec.configurations.flatMap((cfg) => cfg.nodes.flatMap((n) => n.cpeMatch)).find((m) => m.vulnerable);
      const parts = c?.criteria.split(':') ?? [];
      return { vendor: parts[3] ?? null, product: parts[4] ?? null };
    }
  }
}

/** Writes one document's batch inside the caller's transaction and re-merges what it touched. */
export async function writeIntelBatch(
  db: Db,
  raw: SQLite.Database | null,
  batch: ImportBatch,
  document: string,
  now: string,
  options: { epssThreshold?: number } = {},
): Promise<WriteResult> {
  const vids = await resolveIds(db, batch);
  const result: WriteResult = { vulnerabilities: 0, changedStatements: 0, events: 0 };
  const touched = new Set<string>();
  const events: { id: string; vulnerability_id: string; at: string; kind: string; detail: string }[] = [];

  // Statements: skip those identical to what the same source said before.
  const keys = batch.statements.map((s, i) => ({ vid: vids[i]!, key: s.key }));
  const previous = new Map<string, string>();
  for (const part of chunks([...new Set(keys.map((k) => k.vid))])) {
    const rows = await db.selectFrom('vulnerability_sources').select(['vulnerability_id', 'source_key', 'content_hash']).where('vulnerability_id', 'in', part).execute();
    for (const r of rows) previous.set(`${r.vulnerability_id}\u0000${r.source_key}`, r.content_hash);
  }
  // Only statements already stored have product specs (and keys) to replace.
  const storedKeys = new Set(previous.keys());
  const sourceRows: Record<string, unknown>[] = [];
  const inBatch = new Map<string, VulnerabilityRecord>();
  const specRows: Record<string, unknown>[] = [];
  const specKeyRows: { specId: string; keys: string[] }[] = [];
  const replacedSpecs: { vid: string; key: string }[] = [];
  const aliasRows = new Map<string, string>();
  batch.statements.forEach((s, i) => {
    const vid = vids[i]!;
    const record = JSON.stringify(s.record);
    const hash = sha256(record + JSON.stringify(s.specs));
    const prevKey = `${vid}\u0000${s.key}`;
    for (const alias of s.ids) aliasRows.set(alias, vid);
    aliasRows.set(vid, vid);
    if (previous.get(prevKey) === hash) return;
    if (previous.has(prevKey)) {
      events.push({ id: newId(), vulnerability_id: vid, at: now, kind: 'revised', detail: JSON.stringify({ source: s.key, document }) });
    }
    previous.set(prevKey, hash);
    result.changedStatements++;
    touched.add(vid);
    inBatch.set(prevKey, s.record);
    sourceRows.push({ vulnerability_id: vid, source_key: s.key, source_kind: s.record.source.kind, document, record, content_hash: hash, imported_at: now });
    if (storedKeys.has(prevKey)) replacedSpecs.push({ vid, key: s.key });
    for (const spec of s.specs) {
      const id = newId();
      const stored = { ...spec, vulnerabilityId: vid };
      specRows.push({ id, vulnerability_id: vid, source_key: s.key, kind: spec.kind, ...specColumns(spec), spec: JSON.stringify(stored) });
      specKeyRows.push({ specId: id, keys: specMatchKeys(stored) });
    }
  });
  await insertRows(db, raw, 'vulnerability_sources', sourceRows, { key: ['vulnerability_id', 'source_key'] });
  // The match index: keys of replaced specs and of new ones are marked dirty, so that the next
  // match re-examines exactly the targets filed under them.
  const replacedIds: string[] = [];
  for (const { vid, key } of replacedSpecs) {
    const old = await db.selectFrom('product_specs').select('id').where('vulnerability_id', '=', vid).where('source_key', '=', key).execute();
    for (const r of old) replacedIds.push(r.id);
  }
  const dirty = new Set(await specKeysOf(db, replacedIds));
  await deleteSpecKeys(db, replacedIds);
  for (const { vid, key } of replacedSpecs) {
    await db.deleteFrom('product_specs').where('vulnerability_id', '=', vid).where('source_key', '=', key).execute();
  }
  await insertRows(db, raw, 'product_specs', specRows);
  // New specs are found by the next match through their statement's import time; only the keys
  // of replaced specs (which may have matched before and no longer do) need marking.
  await writeSpecKeys(db, raw, specKeyRows, { fresh: true });
  await markDirtyKeys(db, raw, dirty);
  await insertRows(
    db,
    raw,
    'vulnerability_aliases',
    [...aliasRows].map(([alias, vulnerability_id]) => ({ alias, vulnerability_id })),
    { key: 'alias', keep: ['vulnerability_id'] },
  );

  // Advisories (CSAF, OSV): replaced when their content changed.
  for (const { record, document: text } of batch.advisories) {
    const hash = sha256(text);
    const prev = await db.selectFrom('advisories').select('content_hash').where('id', '=', record.id).executeTakeFirst();
    if (prev?.content_hash === hash) continue;
    await db.deleteFrom('advisories').where('id', '=', record.id).execute();
    await db.insertInto('advisories').values(advisoryRow(record, text, hash, now)).execute();
    const cves = [...new Set(record.vulnerabilities.map((v) => v.cve ?? v.id))];
    const linked = cves.map((id) => aliasRows.get(id) ?? id);
    await insertRows(db, raw, 'advisory_vulnerabilities', [...new Set(linked)].map((vulnerability_id) => ({ advisory_id: record.id, vulnerability_id })));
  }

  // EPSS: history kept per score date; the newest score per CVE is copied into the merged row.
  if (batch.epss.length > 0) {
    const threshold = options.epssThreshold ?? DEFAULT_EPSS_THRESHOLD;
    const rows = batch.epss
      .filter((e) => e.scoreDate)
      .map((e) => ({ cve_id: e.cveId, score_date: e.scoreDate!.slice(0, 10), model_version: e.modelVersion ?? null, epss: e.epss, percentile: e.percentile ?? null }));
    await insertRows(db, raw, 'epss_scores', rows, { key: ['cve_id', 'score_date'] });
    for (const part of chunks(rows, 2000)) {
      const existing = await db
        .selectFrom('vulnerabilities')
        .select(['id', 'epss_score', 'epss_date'])
        .where('id', 'in', part.map((r) => r.cve_id))
        .execute();
      const byId = new Map(existing.map((e) => [e.id, e]));
      for (const r of part) {
        const cur = byId.get(r.cve_id);
        if (!cur || (cur.epss_date && cur.epss_date > r.score_date)) continue;
        await db
          .updateTable('vulnerabilities')
          .set({ epss_score: r.epss, epss_percentile: r.percentile, epss_date: r.score_date, epss_model: r.model_version, updated_at: now })
          .where('id', '=', r.cve_id)
          .execute();
        if ((cur.epss_score ?? 0) < threshold && r.epss >= threshold) {
          events.push({ id: newId(), vulnerability_id: r.cve_id, at: now, kind: 'epss-threshold', detail: JSON.stringify({ from: cur.epss_score, to: r.epss, threshold, date: r.score_date }) });
        }
      }
    }
  }

  // Re-merge the touched vulnerabilities from all their statements.
  for (const part of chunks([...touched])) {
    // Statements of this batch are at hand; only the other sources' records are read back.
    const keys = await db.selectFrom('vulnerability_sources').select(['vulnerability_id', 'source_key']).where('vulnerability_id', 'in', part).execute();
    const missing = keys.filter((k) => !inBatch.has(`${k.vulnerability_id}\u0000${k.source_key}`));
    const others = new Map<string, VulnerabilityRecord>();
    for (const chunk of chunks(missing.map((m) => m.vulnerability_id))) {
      const rows = await db.selectFrom('vulnerability_sources').select(['vulnerability_id', 'source_key', 'record']).where('vulnerability_id', 'in', [...new Set(chunk)]).execute();
      for (const r of rows) others.set(`${r.vulnerability_id}\u0000${r.source_key}`, JSON.parse(r.record) as VulnerabilityRecord);
    }
    const before = await db.selectFrom('vulnerabilities').select(['id', 'in_kev', 'status']).where('id', 'in', part).execute();
    const beforeById = new Map(before.map((b) => [b.id, b]));
    const epss = await latestEpss(db, part);
    const grouped = new Map<string, SourceStatement[]>();
    for (const k of keys) {
      const key = `${k.vulnerability_id}\u0000${k.source_key}`;
      const record = inBatch.get(key) ?? others.get(key);
      if (!record) continue;
      const list = grouped.get(k.vulnerability_id) ?? [];
      list.push({ key: k.source_key, record });
      grouped.set(k.vulnerability_id, list);
    }
    const rows: VulnerabilitiesTable[] = [];
    for (const [vid, statements] of grouped) {
      const view = mergeVulnerability(vid, statements, epss.get(vid) ?? null);
      const prev = beforeById.get(vid);
      if (view.kev && !prev?.in_kev) {
        events.push({ id: newId(), vulnerability_id: vid, at: now, kind: 'kev-added', detail: JSON.stringify({ dateAdded: view.kev.dateAdded, dueDate: view.kev.dueDate }) });
      }
      if (view.status === 'rejected' && prev && prev.status !== 'rejected') {
        events.push({ id: newId(), vulnerability_id: vid, at: now, kind: 'rejected', detail: '{}' });
      }
      rows.push(vulnerabilityRow(view, now));
    }
    await insertRows(db, raw, 'vulnerabilities', rows as unknown as Record<string, unknown>[], { key: 'id' });
    result.vulnerabilities += rows.length;
  }
  await insertRows(db, raw, 'intel_events', events);
  result.events = events.length;
  return result;
}

async function latestEpss(db: Db, ids: string[]): Promise<Map<string, EpssView>> {
  const out = new Map<string, EpssView>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('epss_scores')
    .select(['cve_id', 'score_date', 'model_version', 'epss', 'percentile'])
    .where('cve_id', 'in', ids)
    .orderBy('score_date', 'asc')
    .execute();
  for (const r of rows) out.set(r.cve_id, { score: Number(r.epss), percentile: r.percentile === null ? null : Number(r.percentile), date: r.score_date, modelVersion: r.model_version });
  return out;
}

function vulnerabilityRow(v: VulnerabilityView, now: string): VulnerabilitiesTable {
  return {
    id: v.id,
    title: v.title,
    description: v.description,
    published: v.published,
    last_modified: v.lastModified,
    status: v.status,
    cvss_score: v.cvss?.baseScore ?? null,
    cvss_version: v.cvss?.version ?? null,
    cvss_vector: v.cvss?.vector ?? null,
    cvss_severity: v.cvss?.severity ?? null,
    cvss_assessor: v.cvss?.assessor ?? null,
    epss_score: v.epss?.score ?? null,
    epss_percentile: v.epss?.percentile ?? null,
    epss_date: v.epss?.date ?? null,
    epss_model: v.epss?.modelVersion ?? null,
    in_kev: v.kev ? 1 : 0,
    kev_date_added: v.kev?.dateAdded ?? null,
    kev_due_date: v.kev?.dueDate ?? null,
    ssvc_exploitation: v.ssvc?.exploitation ?? null,
    aliases: JSON.stringify(v.aliases),
    sources: JSON.stringify(v.sources),
    summary: JSON.stringify({ cvss: v.cvss, kev: v.kev, ssvc: v.ssvc }),
    search_text: [v.id, ...v.aliases, v.title ?? '', v.description ?? ''].join(' ').toLowerCase(),
    updated_at: now,
  };
}

function advisoryRow(a: AdvisoryRecord, document: string, hash: string, now: string) {
  return {
    id: a.id,
    category: a.category,
    title: a.title,
    publisher: a.publisher?.name ?? null,
    tlp: a.tlp ? String(a.tlp.label) : null,
    released: a.tracking?.currentReleaseDate ?? a.tracking?.initialReleaseDate ?? null,
    version: a.tracking?.version ?? null,
    vulnerability_count: a.vulnerabilities.length,
    product_count: a.products.length,
    record: JSON.stringify(a),
    document,
    content_hash: hash,
    imported_at: now,
  };
}

// ---------------------------------------------------------------------------------------------
// Documents and sources

/** The document already imported with exactly these bytes, if any. */
export async function findDocument(db: Db, hash: string): Promise<{ kind: string; records: number } | null> {
  const row = await db.selectFrom('intel_documents').select(['source_kind', 'records']).where('content_hash', '=', hash).executeTakeFirst();
  return row ? { kind: row.source_kind, records: Number(row.records) } : null;
}

export async function recordDocument(db: Db, row: { hash: string; kind: string; name: string; records: number; now: string }): Promise<void> {
  await db.insertInto('intel_documents').values({ content_hash: row.hash, source_kind: row.kind, name: row.name, records: row.records, imported_at: row.now }).execute();
  const prev = await db.selectFrom('intel_sources').selectAll().where('source', '=', row.kind).executeTakeFirst();
  if (prev) {
    await db
      .updateTable('intel_sources')
      .set({ documents: Number(prev.documents) + 1, records: Number(prev.records) + row.records, last_update: row.now })
      .where('source', '=', row.kind)
      .execute();
  } else {
    await db.insertInto('intel_sources').values({ source: row.kind, cursor: null, documents: 1, records: row.records, last_update: row.now }).execute();
  }
}

export async function intelStatus(db: Db): Promise<IntelStatus> {
  const sources = await db.selectFrom('intel_sources').selectAll().orderBy('source').execute();
  const count = async (q: Promise<{ n: string | number }>) => Number((await q).n);
  return {
    sources: sources.map((s) => ({ source: s.source, documents: Number(s.documents), records: Number(s.records), lastUpdate: s.last_update, cursor: s.cursor })),
    counts: {
      vulnerabilities: await count(db.selectFrom('vulnerabilities').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()),
      advisories: await count(db.selectFrom('advisories').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()),
      kev: await count(db.selectFrom('vulnerabilities').select((eb) => eb.fn.countAll<string | number>().as('n')).where('in_kev', '=', 1).executeTakeFirstOrThrow()),
      epss: await count(db.selectFrom('epss_scores').select((eb) => eb.fn.count<string | number>('cve_id').distinct().as('n')).executeTakeFirstOrThrow()),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading vulnerabilities and advisories

type VulnRow = VulnerabilitiesTable;

function toSummary(r: VulnRow): VulnerabilitySummary {
  const stored = JSON.parse(r.summary) as Pick<VulnerabilityView, 'cvss' | 'kev' | 'ssvc'>;
  const ssvc = stored.ssvc;
  return {
    id: r.id,
    aliases: JSON.parse(r.aliases) as string[],
    title: r.title,
    description: r.description,
    published: r.published,
    lastModified: r.last_modified,
    status: r.status,
    cvss: r.cvss_score === null ? null : { version: r.cvss_version!, vector: r.cvss_vector!, baseScore: Number(r.cvss_score), severity: r.cvss_severity!, assessor: r.cvss_assessor },
    epss: r.epss_score === null ? null : { score: Number(r.epss_score), percentile: r.epss_percentile === null ? null : Number(r.epss_percentile), date: r.epss_date, modelVersion: r.epss_model },
    kev: stored.kev
      ? { dateAdded: stored.kev.dateAdded ?? null, dueDate: stored.kev.dueDate ?? null, requiredAction: stored.kev.requiredAction ?? null, ransomware: stored.kev.ransomware }
      : null,
    ssvc: ssvc
      ? { exploitation: ssvc.exploitation ?? null, automatable: ssvc.automatable ?? null, technicalImpact: ssvc.technicalImpact ?? null, timestamp: ssvc.timestamp ?? null }
      : null,
    sources: JSON.parse(r.sources) as string[],
  };
}

export const VULN_SORT_KEYS = ['published', 'lastModified', 'cvss', 'epss', 'id'] as const;
export type VulnSortKey = (typeof VULN_SORT_KEYS)[number];
const vulnSortColumns = { published: 'published', lastModified: 'last_modified', cvss: 'cvss_score', epss: 'epss_score', id: 'id' } as const;

export interface VulnQuery {
  q?: string;
  kev?: boolean;
  minEpss?: number;
  minCvss?: number;
  status?: string;
  publishedFrom?: string;
  publishedTo?: string;
  /** Vendor named by any product spec (case-insensitive; CPE vendor, CSAF/CVE 5 vendor, OSV ecosystem). */
  vendor?: string;
  product?: string;
  sort?: VulnSortKey;
  descending?: boolean;
  limit: number;
  offset: number;
}

export async function listVulnerabilities(db: Db, query: VulnQuery): Promise<{ items: VulnerabilitySummary[]; total: number }> {
  let base = db.selectFrom('vulnerabilities');
  if (query.kev) base = base.where('in_kev', '=', 1);
  if (query.minEpss !== undefined) base = base.where('epss_score', '>=', query.minEpss);
  if (query.minCvss !== undefined) base = base.where('cvss_score', '>=', query.minCvss);
  if (query.status) base = base.where('status', '=', query.status);
  if (query.publishedFrom) base = base.where('published', '>=', query.publishedFrom);
  if (query.publishedTo) base = base.where('published', '<=', query.publishedTo);
  if (query.vendor || query.product) {
    base = base.where('id', 'in', (eb) => {
      let specs = eb.selectFrom('product_specs').select('product_specs.vulnerability_id');
      if (query.vendor) specs = specs.where('product_specs.vendor', '=', query.vendor.toLowerCase());
      if (query.product) specs = specs.where('product_specs.product', '=', query.product.toLowerCase());
      return specs;
    });
  }
  if (query.q) {
    const pattern = containsPattern(query.q);
    base = base.where(sql<boolean>`search_text like ${pattern} escape '\\'`);
  }
  const total = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const dir = query.descending ? 'desc' : 'asc';
  const col = vulnSortColumns[query.sort ?? 'published'];
  // Unknown scores and dates sort last in both directions.
  const rows = await base
    .selectAll()
    .orderBy(sql`case when ${sql.ref(col)} is null then 1 else 0 end`)
    .orderBy(col, dir)
    .orderBy('id', dir)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { items: rows.map(toSummary), total: Number(total.n) };
}

export async function resolveVulnerabilityId(db: Db, idOrAlias: string): Promise<string | null> {
  const row = await db.selectFrom('vulnerability_aliases').select('vulnerability_id').where('alias', '=', idOrAlias).executeTakeFirst();
  if (row) return row.vulnerability_id;
  const upper = idOrAlias.toUpperCase();
  if (upper !== idOrAlias) return resolveVulnerabilityId(db, upper);
  return null;
}

export async function getVulnerability(db: Db, idOrAlias: string): Promise<VulnerabilityDetail | null> {
  const id = await resolveVulnerabilityId(db, idOrAlias);
  if (!id) return null;
  const row = await db.selectFrom('vulnerabilities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  // The full record is merged from the statements on read (storing it would double the data).
  const statements = await db.selectFrom('vulnerability_sources').select(['source_key', 'record']).where('vulnerability_id', '=', id).execute();
  const view = mergeVulnerability(id, statements.map((s) => ({ key: s.source_key, record: JSON.parse(s.record) as VulnerabilityRecord })), null);
  const [history, specs, advisories, events] = await Promise.all([
    db.selectFrom('epss_scores').selectAll().where('cve_id', '=', id).orderBy('score_date').execute(),
    db.selectFrom('product_specs').select('spec').where('vulnerability_id', '=', id).orderBy('source_key').orderBy('id').execute(),
    db
      .selectFrom('advisory_vulnerabilities')
      .innerJoin('advisories', 'advisories.id', 'advisory_vulnerabilities.advisory_id')
      .select(['advisories.id', 'advisories.title', 'advisories.publisher', 'advisories.category'])
      .where('advisory_vulnerabilities.vulnerability_id', '=', id)
      .orderBy('advisories.id')
      .execute(),
    db.selectFrom('intel_events').selectAll().where('vulnerability_id', '=', id).orderBy('at').orderBy('id').execute(),
  ]);
  return {
    ...toSummary(row),
    record: view.record,
    cvssReason: view.cvss?.reason ?? null,
    epssHistory: history.map((h) => ({ date: h.score_date, score: Number(h.epss), percentile: h.percentile === null ? null : Number(h.percentile), modelVersion: h.model_version })),
    specs: specs.map((s) => JSON.parse(s.spec) as ProductSpec),
    advisories,
    events: events.map((e) => ({ at: e.at, kind: e.kind, detail: JSON.parse(e.detail) as unknown })),
  };
}

export async function listAdvisories(
  db: Db,
  query: { q?: string; publisher?: string; category?: string; sort?: 'released' | 'id'; descending?: boolean; limit: number; offset: number },
): Promise<{ items: AdvisorySummary[]; total: number }> {
  let base = db.selectFrom('advisories');
  if (query.publisher) base = base.where('publisher', '=', query.publisher);
  if (query.category) base = base.where('category', '=', query.category);
  if (query.q) {
    const pattern = containsPattern(query.q);
    base = base.where((eb) => eb.or([eb(sql`lower(title)`, 'like', pattern), eb(sql`lower(id)`, 'like', pattern)]));
  }
  const total = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const dir = query.descending ? 'desc' : 'asc';
  const rows = await base
    .select(['id', 'title', 'category', 'publisher', 'tlp', 'released', 'version', 'vulnerability_count', 'product_count'])
    .orderBy(query.sort === 'id' ? 'id' : 'released', dir)
    .orderBy('id', dir)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return {
    items: rows.map((r) => ({
      id: r.id, title: r.title, category: r.category, publisher: r.publisher, tlp: r.tlp, released: r.released, version: r.version,
      vulnerabilityCount: Number(r.vulnerability_count), productCount: Number(r.product_count),
    })),
    total: Number(total.n),
  };
}

export async function getAdvisory(db: Db, id: string): Promise<{ record: AdvisoryRecord; document: string } | null> {
  const row = await db.selectFrom('advisories').select(['record', 'document']).where('id', '=', id).executeTakeFirst();
  return row ? { record: JSON.parse(row.record) as AdvisoryRecord, document: row.document } : null;
}

/** The sync cursor stored for a source (watermark, ETag, …) as JSON, or null. */
export async function getCursor<T>(db: Db, source: string): Promise<T | null> {
  const row = await db.selectFrom('intel_sources').select('cursor').where('source', '=', source).executeTakeFirst();
  return row?.cursor ? (JSON.parse(row.cursor) as T) : null;
}

export async function setCursor(db: Db, source: string, cursor: unknown, now: string): Promise<void> {
  const text = JSON.stringify(cursor);
  const updated = await db.updateTable('intel_sources').set({ cursor: text }).where('source', '=', source).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db.insertInto('intel_sources').values({ source, cursor: text, documents: 0, records: 0, last_update: now }).execute();
  }
}
