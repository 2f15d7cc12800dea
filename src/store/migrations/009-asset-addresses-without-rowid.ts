import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * SQLite: asset addresses become a WITHOUT ROWID table. Their primary key (asset, kind, value) is
 * the whole row, so the rowid table kept every address twice (table and key index) and each
 * insert updated two B-trees; now the key is the table. PostgreSQL: nothing to do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`CREATE TABLE asset_addresses_new (
    asset_id text NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    kind text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (asset_id, kind, value)
  ) WITHOUT ROWID`.execute(db);
  await sql`INSERT INTO asset_addresses_new (asset_id, kind, value) SELECT asset_id, kind, value FROM asset_addresses`.execute(db);
  await sql`DROP TABLE asset_addresses`.execute(db);
  await sql`ALTER TABLE asset_addresses_new RENAME TO asset_addresses`.execute(db);
  await sql`CREATE INDEX asset_addresses_value ON asset_addresses (kind, value)`.execute(db);
}
