import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * SQLite: the FTS5 trigram index (external content) is maintained by the asset repository with
 * set-based statements instead of per-row insert/update triggers, which cost 3.7 s of a
 * 100k-asset import (one INSERT … SELECT over the same rows takes 0.4 s). Deletes keep a trigger.
 * PostgreSQL: nothing to do (its pg_trgm index needs no triggers).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  for (const trigger of ['assets_search_ai', 'assets_search_au', 'assets_search_ad']) {
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(trigger)}`.execute(db);
  }
  // detail=none keeps only which rows hold each trigram (no positions): half the build cost, and
  // LIKE still narrows candidates; queries re-check the exact pattern on the row.
  await sql`DROP TABLE IF EXISTS assets_search`.execute(db);
  await sql`CREATE VIRTUAL TABLE assets_search USING fts5(search_text, content='assets', content_rowid='rowid', tokenize='trigram', detail='none')`.execute(db);
  await sql`INSERT INTO assets_search(assets_search) VALUES ('rebuild')`.execute(db);
  // Single deletes are rare and need the old text: a trigger is simplest for them.
  await sql`CREATE TRIGGER assets_search_ad AFTER DELETE ON assets BEGIN
    INSERT INTO assets_search(assets_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END`.execute(db);
}
