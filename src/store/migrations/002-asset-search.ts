import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * An index for the inventory's free-text filter (`LIKE '%text%'`), which otherwise scans every row:
 * SQLite: an FTS5 trigram index kept in step by triggers; PostgreSQL: a pg_trgm GIN index, where
 * the extension is available (without it, search still works, by scanning).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`CREATE VIRTUAL TABLE assets_search USING fts5(search_text, content='assets', content_rowid='rowid', tokenize='trigram')`.execute(db);
    await sql`CREATE TRIGGER assets_search_ai AFTER INSERT ON assets BEGIN
      INSERT INTO assets_search(rowid, search_text) VALUES (new.rowid, new.search_text); END`.execute(db);
    await sql`CREATE TRIGGER assets_search_ad AFTER DELETE ON assets BEGIN
      INSERT INTO assets_search(assets_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END`.execute(db);
    await sql`CREATE TRIGGER assets_search_au AFTER UPDATE OF search_text ON assets BEGIN
      INSERT INTO assets_search(assets_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      INSERT INTO assets_search(rowid, search_text) VALUES (new.rowid, new.search_text); END`.execute(db);
    await sql`INSERT INTO assets_search(assets_search) VALUES ('rebuild')`.execute(db);
    return;
  }
  const available = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  if ((available.rows[0]?.n ?? 0) === 0) return;
  // Always in public, so that dropping a tenant or test schema never drops the extension.
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`.execute(db);
  const schema = await sql<{ s: string }>`select extnamespace::regnamespace::text as s from pg_extension where extname = 'pg_trgm'`.execute(db);
  const ops = sql.raw(`${schema.rows[0]?.s ?? 'public'}.gin_trgm_ops`);
  await sql`CREATE INDEX assets_search_trgm ON assets USING gin (search_text ${ops})`.execute(db);
}
