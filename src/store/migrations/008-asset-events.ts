import type { Kysely } from 'kysely';

/**
 * Asset events: what passive discovery (and later other sources) noticed about an asset — a new
 * device on the wire, a firmware that changed, an identity or address that changed — with the
 * before/after values, the captures and the frames that showed it (`detail`, JSON).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('asset_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('asset_events_asset').on('asset_events').columns(['asset_id', 'at']).execute();
  await db.schema.createIndex('asset_events_at').on('asset_events').column('at').execute();
}
