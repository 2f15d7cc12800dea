/**
 * Secondary indexes built once after a bulk write instead of row by row during it. Inserting
 * 100,000 rows in arbitrary key order into a table with eight secondary indexes touches pages of
 * every index for every row; building an index afterwards sorts once and fills pages in order.
 *
 * Runs inside the caller's transaction: both databases make DDL transactional, so a failed write
 * rolls the dropped indexes back with everything else. Unique indexes (and primary keys) stay in
 * place: they enforce constraints while the rows go in. PostgreSQL holds an exclusive lock on the
 * table until commit, so readers of that table wait for the import instead of reading around it;
 * this is used only when the table is small next to what is being written (a first large import).
 */
import { sql } from 'kysely';
import type { Db } from './database.js';

interface IndexDefinition {
  name: string;
  definition: string;
}

async function secondaryIndexes(db: Db, dialect: 'sqlite' | 'postgres', table: string): Promise<IndexDefinition[]> {
  const rows =
    dialect === 'sqlite'
      ? (await sql<{ name: string; definition: string }>`SELECT name, sql AS definition FROM sqlite_master
          WHERE type = 'index' AND tbl_name = ${table} AND sql IS NOT NULL`.execute(db)).rows
      : (await sql<{ name: string; definition: string }>`SELECT indexname AS name, indexdef AS definition FROM pg_indexes
          WHERE schemaname = current_schema() AND tablename = ${table}`.execute(db)).rows;
  return rows.filter((r) => !/^\s*CREATE\s+UNIQUE\b/i.test(r.definition));
}

/**
 * Drops the non-unique indexes of `tables`, runs `write`, and creates them again, all in the
 * transaction `trx`.
 */
export async function withIndexesDeferred<T>(trx: Db, dialect: 'sqlite' | 'postgres', tables: readonly string[], write: () => Promise<T>): Promise<T> {
  const dropped: IndexDefinition[] = [];
  for (const table of tables) {
    for (const index of await secondaryIndexes(trx, dialect, table)) {
      await sql`DROP INDEX ${sql.id(index.name)}`.execute(trx);
      dropped.push(index);
    }
  }
  const result = await write();
  for (const index of dropped) await sql.raw(index.definition).execute(trx);
  return result;
}

/** Whether a write of `incoming` rows into a table holding `existing` is worth deferring its indexes. */
export function worthDeferring(incoming: number, existing: number): boolean {
  return incoming >= 20_000 && incoming >= existing;
}

/** worthDeferring for `table`, counting its rows only when the write is large enough to matter. */
export async function worthDeferringInto(db: Db, table: string, incoming: number): Promise<boolean> {
  if (!worthDeferring(incoming, 0)) return false;
  const row = (await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0];
  return worthDeferring(incoming, Number(row?.n ?? 0));
}
