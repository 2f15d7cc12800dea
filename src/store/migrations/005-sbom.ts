import type { Kysely } from 'kysely';

/**
 * SBOMs and VEX documents: one row per imported document (metadata, quality summary, the original
 * text or its hash), its components flattened in document order with their parent, dependency
 * edges, VEX statements with the refs they name, and the product versions (vendor + product +
 * version, normalised keys) that an SBOM describes. A document attaches to a product version
 * (inherited by every matching asset), to one asset, or to nothing (a VEX document that names
 * components by purl).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('product_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('vendor_key', 'text', (c) => c.notNull())
    .addColumn('product_key', 'text', (c) => c.notNull())
    .addColumn('version_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('product_versions_key_unique', ['vendor_key', 'product_key', 'version_key'])
    .execute();

  await db.schema
    .createTable('sboms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('spec_version', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    .addColumn('serial_number', 'text')
    .addColumn('bom_version', 'integer')
    .addColumn('subject_name', 'text')
    .addColumn('subject_version', 'text')
    .addColumn('product_version_id', 'text', (c) => c.references('product_versions.id').onDelete('set null'))
    .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('cascade'))
    .addColumn('component_count', 'integer', (c) => c.notNull())
    .addColumn('dependency_count', 'integer', (c) => c.notNull())
    .addColumn('vex_count', 'integer', (c) => c.notNull())
    .addColumn('ai_count', 'integer', (c) => c.notNull())
    .addColumn('issue_count', 'integer', (c) => c.notNull())
    .addColumn('ntia_score', 'real')
    .addColumn('cisa_score', 'real')
    .addColumn('quality', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('issues', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('document_size', 'integer', (c) => c.notNull())
    .addColumn('document', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sboms_imported_at').on('sboms').columns(['imported_at', 'id']).execute();
  await db.schema.createIndex('sboms_product_version').on('sboms').columns(['product_version_id', 'imported_at']).execute();
  await db.schema.createIndex('sboms_asset').on('sboms').columns(['asset_id', 'imported_at']).execute();
  await db.schema.createIndex('sboms_content_hash').on('sboms').column('content_hash').execute();

  await db.schema
    .createTable('sbom_components')
    .addColumn('sbom_id', 'text', (c) => c.notNull().references('sboms.id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('parent_idx', 'integer')
    .addColumn('parent_ref', 'text')
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('is_subject', 'integer', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text')
    .addColumn('group_name', 'text')
    .addColumn('purl', 'text')
    .addColumn('cpe', 'text')
    .addColumn('supplier', 'text')
    .addColumn('hashes', 'text', (c) => c.notNull())
    .addColumn('licenses', 'text', (c) => c.notNull())
    .addColumn('is_ai', 'integer', (c) => c.notNull())
    .addColumn('model_card', 'text')
    .addColumn('missing', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sbom_components_pk', ['sbom_id', 'idx'])
    .execute();
  await db.schema.createIndex('sbom_components_purl').on('sbom_components').column('purl').execute();

  await db.schema
    .createTable('sbom_dependencies')
    .addColumn('sbom_id', 'text', (c) => c.notNull().references('sboms.id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('from_ref', 'text', (c) => c.notNull())
    .addColumn('to_ref', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sbom_dependencies_pk', ['sbom_id', 'idx'])
    .execute();

  await db.schema
    .createTable('sbom_vex')
    .addColumn('sbom_id', 'text', (c) => c.notNull().references('sboms.id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('vulnerability_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('justification', 'text')
    .addColumn('record', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sbom_vex_pk', ['sbom_id', 'idx'])
    .execute();

  // Every product / subcomponent ref a VEX statement names, for finding statements by purl or bom-ref.
  await db.schema
    .createTable('sbom_vex_refs')
    .addColumn('sbom_id', 'text', (c) => c.notNull().references('sboms.id').onDelete('cascade'))
    .addColumn('vex_idx', 'integer', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sbom_vex_refs_pk', ['sbom_id', 'vex_idx', 'ref'])
    .execute();
  await db.schema.createIndex('sbom_vex_refs_ref').on('sbom_vex_refs').column('ref').execute();
}
