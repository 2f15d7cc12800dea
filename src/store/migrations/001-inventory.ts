import type { Kysely } from 'kysely';

/** Sites, zones, assets with their observations (provenance), addresses and import history. */
// Migrations are written against an untyped Kysely: they must keep working as the schema type evolves.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('zones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('purdue_level', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('zones_site_name_unique', ['site_id', 'name'])
    .execute();

  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text')
    .addColumn('model', 'text')
    .addColumn('firmware', 'text')
    .addColumn('hardware_version', 'text')
    .addColumn('serial', 'text')
    .addColumn('hostname', 'text')
    .addColumn('site_id', 'text', (c) => c.references('sites.id').onDelete('set null'))
    .addColumn('zone_id', 'text', (c) => c.references('zones.id').onDelete('set null'))
    .addColumn('purdue_level', 'text')
    .addColumn('criticality', 'text')
    .addColumn('owner', 'text')
    .addColumn('country', 'text')
    .addColumn('external_id', 'text')
    .addColumn('ips', 'text', (c) => c.notNull())
    .addColumn('macs', 'text', (c) => c.notNull())
    .addColumn('cpes', 'text', (c) => c.notNull())
    .addColumn('purls', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('custom', 'text', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assets_external_id_unique').on('assets').column('external_id').unique().execute();
  await db.schema.createIndex('assets_name').on('assets').columns(['name', 'id']).execute();
  await db.schema.createIndex('assets_kind_name').on('assets').columns(['kind', 'name']).execute();
  await db.schema.createIndex('assets_site_name').on('assets').columns(['site_id', 'name']).execute();
  await db.schema.createIndex('assets_zone').on('assets').column('zone_id').execute();
  await db.schema.createIndex('assets_vendor_name').on('assets').columns(['vendor', 'name']).execute();
  await db.schema.createIndex('assets_criticality_name').on('assets').columns(['criticality', 'name']).execute();
  await db.schema.createIndex('assets_updated_at').on('assets').columns(['updated_at', 'id']).execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('created', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('observations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('import_id', 'text', (c) => c.references('imports.id').onDelete('set null'))
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('observations_asset').on('observations').columns(['asset_id', 'observed_at']).execute();

  await db.schema
    .createTable('asset_addresses')
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_addresses_pk', ['asset_id', 'kind', 'value'])
    .execute();
  await db.schema.createIndex('asset_addresses_value').on('asset_addresses').columns(['kind', 'value']).execute();
}
