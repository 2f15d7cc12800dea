import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * SQLite: the match key index becomes a WITHOUT ROWID table. Its primary key (key, spec id) is
 * the whole row; as a rowid table every key was stored twice and each intelligence import updated
 * three B-trees per key instead of two. PostgreSQL: nothing to do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`CREATE TABLE spec_keys_new (key text NOT NULL, spec_id text NOT NULL, PRIMARY KEY (key, spec_id)) WITHOUT ROWID`.execute(db);
  await sql`INSERT INTO spec_keys_new (key, spec_id) SELECT key, spec_id FROM spec_keys`.execute(db);
  await sql`DROP TABLE spec_keys`.execute(db);
  await sql`ALTER TABLE spec_keys_new RENAME TO spec_keys`.execute(db);
  await sql`CREATE INDEX spec_keys_spec ON spec_keys (spec_id)`.execute(db);
}
