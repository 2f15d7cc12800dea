/**
 * Bulk row writing for large imports. On SQLite, rows go through one cached prepared statement on
 * the raw better-sqlite3 connection (the same connection, so inside the caller's transaction): this
 * skips building and preparing a multi-row statement per batch, which dominated 100k-row imports.
 * On PostgreSQL, Kysely multi-row inserts sized to stay under the 65,535-parameter limit.
 */
import type SQLite from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;
type Row = Record<string, unknown>;

export interface Upsert {
  /** Conflict target: the primary-key or unique column(s). */
  key: string | string[];
  /** Columns that keep their stored value on conflict (besides the key). */
  keep?: string[];
}

const statements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/** A statement prepared once per connection and text (preparing costs about as much as running a small one). */
export function prepared(raw: SQLite.Database, text: string): SQLite.Statement {
  let cache = statements.get(raw);
  if (!cache) statements.set(raw, (cache = new Map()));
  let stmt = cache.get(text);
  if (!stmt) cache.set(text, (stmt = raw.prepare(text)));
  return stmt;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `ON CONFLICT …` for an upsert of these columns (same text in both dialects), or '' for none. */
const keyColumns = (upsert: Upsert): string[] => (Array.isArray(upsert.key) ? upsert.key : [upsert.key]);

function conflictClause(columns: string[], upsert?: Upsert): string {
  if (!upsert) return '';
  const target = keyColumns(upsert);
  const keep = new Set([...target, ...(upsert.keep ?? [])]);
  const set = columns.filter((c) => !keep.has(c)).map((c) => `${quote(c)} = excluded.${quote(c)}`);
  const on = target.map(quote).join(', ');
  return set.length > 0 ? ` ON CONFLICT (${on}) DO UPDATE SET ${set.join(', ')}` : ` ON CONFLICT (${on}) DO NOTHING`;
}

function sqliteInsertSql(table: string, columns: string[], upsert: Upsert | undefined, rowCount: number): string {
  const row = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${new Array<string>(rowCount).fill(row).join(', ')}${conflictClause(columns, upsert)}`;
}

/** Rows bound by one SQLite statement: fewer calls into SQLite (each call costs about as much as a narrow row's insert). */
const sqliteRowsPerStatement = (columns: number) => Math.max(1, Math.min(50, Math.floor(16_000 / columns)));

/**
 * SQLite: `count` rows of `width` values each, which `fill(k, out, at)` writes into out[at …] (no
 * object or array per row needed), bound by position from one reused buffer, up to 50 rows per
 * statement and the rest one by one. `statementFor(n)` is the statement text for n rows.
 */
export function writeFilledRows(
  raw: SQLite.Database,
  statementFor: (rowCount: number) => string,
  width: number,
  count: number,
  fill: (k: number, out: unknown[], at: number) => void,
): void {
  const per = sqliteRowsPerStatement(width);
  let k = 0;
  if (count >= per) {
    const many = prepared(raw, statementFor(per));
    const batch: unknown[] = new Array(width * per);
    for (; k + per <= count; k += per) {
      for (let j = 0; j < per; j++) fill(k + j, batch, j * width);
      many.run(batch);
    }
  }
  if (k < count) {
    const one = prepared(raw, statementFor(1));
    const values: unknown[] = new Array(width);
    for (; k < count; k++) {
      fill(k, values, 0);
      one.run(values);
    }
  }
}

/** Inserts (or upserts) rows that all have the same columns (null, never undefined, for no value). */
export async function insertRows(db: Db, raw: SQLite.Database | null, table: keyof Database & string, rows: Row[], upsert?: Upsert): Promise<void> {
  if (rows.length === 0) return;
  // PostgreSQL refuses a multi-row upsert that names one key twice; the last row for a key wins,
  // which is also what row-by-row upserts on SQLite do.
  if (upsert) {
    const target = keyColumns(upsert);
    rows = [...new Map(rows.map((r) => [target.map((c) => String(r[c])).join('\u0000'), r])).values()];
  }
  const columns = Object.keys(rows[0]!);
  if (raw) {
    // Positional parameters: better-sqlite3 binds an array 40% faster than named parameters looked
    // up on an object (26-column rows). Every row must carry every column, null for no value.
    const width = columns.length;
    writeFilledRows(raw, (n) => sqliteInsertSql(table, columns, upsert, n), width, rows.length, (k, out, at) => {
      const row = rows[k]!;
      for (let c = 0; c < width; c++) out[at + c] = row[columns[c]!];
    });
    return;
  }
  // PostgreSQL: multi-row VALUES sized to stay under the 65,535-parameter limit. (unnest() over
  // one array per column was tried: no faster, and more garbage to collect.)
  const size = Math.max(1, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += size) {
    let query = db.insertInto(table).values(rows.slice(i, i + size) as never);
    if (upsert) {
      const target = keyColumns(upsert);
      const keep = new Set([...target, ...(upsert.keep ?? [])]);
      const update = columns.filter((c) => !keep.has(c));
      query = query.onConflict((oc) =>
        update.length === 0
          ? oc.columns(target as never).doNothing()
          : oc.columns(target as never).doUpdateSet((eb) => Object.fromEntries(update.map((c) => [c, eb.ref(`excluded.${c}` as never)])) as never),
      );
    }
    await query.execute();
  }
}
