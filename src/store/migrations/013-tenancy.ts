import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { DEFAULT_ORG_ID } from './011-accounts.js';

/**
 * Tenancy: every site, asset, import, SBOM, finding and match rule belongs to one organisation
 * (existing records to the default one). Site names and asset external ids become unique per
 * organisation. Shareable records carry a TLP 2.0 label (default AMBER+STRICT: the owning
 * organisation only) and `shares` names the organisations and people they were shared with.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const defaultOrg = sql.lit(DEFAULT_ORG_ID);

  if (sqlite) {
    // SQLite cannot drop the UNIQUE(name) of sites: the table is rebuilt. Foreign keys are off
    // for the swap (zones and assets point at sites by name), in one transaction.
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    await sql`BEGIN`.execute(db);
    try {
      await sql`CREATE TABLE sites_new (
        id text PRIMARY KEY, org_id text NOT NULL REFERENCES organisations(id), name text NOT NULL, created_at text NOT NULL,
        CONSTRAINT sites_org_name_unique UNIQUE (org_id, name))`.execute(db);
      await sql`INSERT INTO sites_new (id, org_id, name, created_at) SELECT id, ${defaultOrg}, name, created_at FROM sites`.execute(db);
      await sql`DROP TABLE sites`.execute(db);
      await sql`ALTER TABLE sites_new RENAME TO sites`.execute(db);
      const broken = await sql`PRAGMA foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`foreign key check failed after rebuilding sites: ${JSON.stringify(broken.rows.slice(0, 3))}`);
      await sql`COMMIT`.execute(db);
    } catch (err) {
      await sql`ROLLBACK`.execute(db);
      throw err;
    } finally {
      await sql`PRAGMA foreign_keys = ON`.execute(db);
    }
  } else {
    await sql`ALTER TABLE sites ADD COLUMN org_id text NOT NULL DEFAULT ${defaultOrg} REFERENCES organisations(id)`.execute(db);
    await sql`ALTER TABLE sites ALTER COLUMN org_id DROP DEFAULT`.execute(db);
    await sql`ALTER TABLE sites DROP CONSTRAINT sites_name_key`.execute(db);
    await sql`ALTER TABLE sites ADD CONSTRAINT sites_org_name_unique UNIQUE (org_id, name)`.execute(db);
  }

  for (const table of ['assets', 'imports', 'sboms', 'findings', 'match_rules']) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN org_id text NOT NULL DEFAULT ${defaultOrg}`.execute(db);
  }
  for (const table of ['assets', 'sboms', 'findings']) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN tlp text NOT NULL DEFAULT 'AMBER+STRICT'`.execute(db);
  }
  await db.schema.dropIndex('assets_external_id_unique').execute();
  await db.schema.createIndex('assets_org_external_id_unique').on('assets').columns(['org_id', 'external_id']).unique().execute();
  await db.schema.createIndex('assets_org_name').on('assets').columns(['org_id', 'name', 'id']).execute();
  await db.schema.createIndex('sboms_org').on('sboms').columns(['org_id', 'imported_at']).execute();
  await db.schema.createIndex('findings_org').on('findings').columns(['org_id', 'status']).execute();

  await db.schema
    .createTable('shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('owner_org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('recipient_org_id', 'text', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('recipient_user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shares_record').on('shares').columns(['record_kind', 'record_id']).execute();
  await db.schema.createIndex('shares_recipient_org').on('shares').columns(['recipient_org_id', 'record_kind']).execute();
  await db.schema.createIndex('shares_recipient_user').on('shares').columns(['recipient_user_id', 'record_kind']).execute();
}
