/**
 * Planner statistics. Without them SQLite guesses, and at 100,000 assets it guessed wrong: an
 * address look-up walked the whole organisation's index instead of fetching one row by id
 * (70 ms instead of well under 1). SQLite keeps none unless asked (`PRAGMA optimize` runs ANALYZE
 * where it is due, bounded by `analysis_limit`); PostgreSQL's autovacuum gathers them, but only a
 * while after a bulk load.
 */
import { sql } from 'kysely';
import type { Store } from './database.js';

/** Rows written by one bulk operation from which fresh statistics are worth gathering. */
export const STATISTICS_AFTER = 5_000;

/** Rows read per index when SQLite analyses: approximate statistics, in milliseconds. */
const ANALYSIS_LIMIT = 1000;

/** At open: statistics for tables that have none or whose size changed a lot (SQLite 3.46+ `0x10002`). */
export function optimizeOnOpen(conn: { pragma: (text: string) => unknown }): void {
  conn.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
  conn.pragma('optimize = 0x10002');
}

/** After a bulk write to `tables`: fresh statistics, so the next queries are planned on them. */
export async function refreshStatistics(store: Pick<Store, 'db' | 'sqlite'>, tables: readonly string[]): Promise<void> {
  if (store.sqlite) {
    for (const table of tables) store.sqlite.prepare(`ANALYZE "${table.replace(/"/g, '""')}"`).run();
    return;
  }
  for (const table of tables) await sql`ANALYZE ${sql.table(table)}`.execute(store.db);
}
