import type { Kysely } from 'kysely';

/**
 * Vulnerability intelligence: one merged row per vulnerability (searchable, sortable), the record
 * each source stated (so every field keeps its source and re-imports are idempotent), product
 * specs for matching, advisories with their original documents, EPSS history, change events, and
 * per-source import state.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vulnerabilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text')
    .addColumn('description', 'text')
    .addColumn('published', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cvss_score', 'real')
    .addColumn('cvss_version', 'text')
    .addColumn('cvss_vector', 'text')
    .addColumn('cvss_severity', 'text')
    .addColumn('cvss_assessor', 'text')
    .addColumn('epss_score', 'real')
    .addColumn('epss_percentile', 'real')
    .addColumn('epss_date', 'text')
    .addColumn('epss_model', 'text')
    .addColumn('in_kev', 'integer', (c) => c.notNull())
    .addColumn('kev_date_added', 'text')
    .addColumn('kev_due_date', 'text')
    .addColumn('ssvc_exploitation', 'text')
    .addColumn('aliases', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  for (const col of ['published', 'last_modified', 'cvss_score', 'epss_score'] as const) {
    await db.schema.createIndex(`vulnerabilities_${col}`).on('vulnerabilities').columns([col, 'id']).execute();
  }
  await db.schema.createIndex('vulnerabilities_kev').on('vulnerabilities').columns(['in_kev', 'kev_date_added']).execute();

  await db.schema
    .createTable('vulnerability_aliases')
    .addColumn('alias', 'text', (c) => c.primaryKey())
    .addColumn('vulnerability_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vulnerability_aliases_vuln').on('vulnerability_aliases').column('vulnerability_id').execute();

  await db.schema
    .createTable('vulnerability_sources')
    .addColumn('vulnerability_id', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('document', 'text')
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vulnerability_sources_pk', ['vulnerability_id', 'source_key'])
    .execute();

  await db.schema
    .createTable('product_specs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vulnerability_id', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text')
    .addColumn('product', 'text')
    .addColumn('spec', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('product_specs_vuln').on('product_specs').columns(['vulnerability_id', 'source_key']).execute();
  await db.schema.createIndex('product_specs_vendor_product').on('product_specs').columns(['vendor', 'product']).execute();

  await db.schema
    .createTable('advisories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('publisher', 'text')
    .addColumn('tlp', 'text')
    .addColumn('released', 'text')
    .addColumn('version', 'text')
    .addColumn('vulnerability_count', 'integer', (c) => c.notNull())
    .addColumn('product_count', 'integer', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('advisories_released').on('advisories').columns(['released', 'id']).execute();

  await db.schema
    .createTable('advisory_vulnerabilities')
    .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id').onDelete('cascade'))
    .addColumn('vulnerability_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('advisory_vulnerabilities_pk', ['advisory_id', 'vulnerability_id'])
    .execute();
  await db.schema.createIndex('advisory_vulnerabilities_vuln').on('advisory_vulnerabilities').column('vulnerability_id').execute();

  await db.schema
    .createTable('epss_scores')
    .addColumn('cve_id', 'text', (c) => c.notNull())
    .addColumn('score_date', 'text', (c) => c.notNull())
    .addColumn('model_version', 'text')
    .addColumn('epss', 'real', (c) => c.notNull())
    .addColumn('percentile', 'real')
    .addPrimaryKeyConstraint('epss_scores_pk', ['cve_id', 'score_date'])
    .execute();

  await db.schema
    .createTable('intel_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vulnerability_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('intel_events_vuln').on('intel_events').columns(['vulnerability_id', 'at']).execute();

  await db.schema
    .createTable('intel_documents')
    .addColumn('content_hash', 'text', (c) => c.primaryKey())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('intel_sources')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('cursor', 'text')
    .addColumn('documents', 'integer', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('last_update', 'text', (c) => c.notNull())
    .execute();
}
