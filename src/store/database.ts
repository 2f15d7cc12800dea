/**
 * Opens the store on SQLite (default, one file in WAL mode) or PostgreSQL (a postgres:// URL),
 * behind one Kysely query layer, and brings the schema up to date.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Transaction } from 'kysely';
import { SearchPathPostgresDialect } from './postgres-introspector.js';
import pg from 'pg';
import { BulwarkError } from '../model/errors.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { optimizeOnOpen } from './statistics.js';

export type DialectName = 'sqlite' | 'postgres';

/** A connection or an open transaction: repositories take either. */
export type Db = Kysely<Database> | Transaction<Database>;

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The raw SQLite connection, for bulk paths (null on PostgreSQL). */
  sqlite: SQLite.Database | null;
  /** Where the data lives, with any password removed: safe to print. */
  location: string;
  /**
   * How another thread opens the same data (`openStore(location, { pgSchema, migrate: false })`);
   * null for an in-memory database, which only its own connection sees. Holds the connection URL
   * with its credentials: never print or log it.
   */
  reopen: ReopenInfo | null;
  close(): Promise<void>;
}

export interface ReopenInfo {
  location: string;
  pgSchema?: string | undefined;
}

export const DEFAULT_DB_PATH = './data/bulwark.db';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Removes credentials from a connection URL before it is logged or shown. */
export function redactUrl(url: string): string {
  if (!isPostgresUrl(url)) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

export interface OpenOptions {
  /** PostgreSQL schema to use (created if missing); tests use one per run for isolation. */
  pgSchema?: string;
  /** Run pending migrations (default true). */
  migrate?: boolean;
}

export async function openStore(location: string = DEFAULT_DB_PATH, options: OpenOptions = {}): Promise<Store> {
  const store = isPostgresUrl(location) ? await openPostgres(location, options) : openSqlite(location);
  if (options.migrate ?? true) {
    try {
      await migrate(store.db, options.pgSchema);
      if (store.sqlite) optimizeOnOpen(store.sqlite);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}

function openSqlite(path: string): Store {
  let conn: SQLite.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    conn = new SQLite(path);
  } catch (err) {
    throw new BulwarkError('db-open-failed', `cannot open SQLite database ${path}: ${(err as Error).message}`, { cause: err });
  }
  // 16 KiB pages for new databases (takes effect only before the first table exists): asset rows
  // of ~700 bytes and their eight indexes split less, and a 100k-asset import writes ~10% faster.
  conn.pragma('page_size = 16384');
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  conn.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
  const reopen = path === ':memory:' || path === '' ? null : { location: resolve(path) };
  return { db, dialect: 'sqlite', sqlite: conn, location: path, reopen, close: () => db.destroy() };
}

async function openPostgres(url: string, options: OpenOptions): Promise<Store> {
  // pg returns bigint (count(*)) as strings; repositories normalise with Number().
  const schema = options.pgSchema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new BulwarkError('invalid-config', `invalid schema name ${schema}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => {
    /* idle client errors surface on the next query; avoid crashing the process */
  });
  try {
    const client = await pool.connect();
    try {
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new BulwarkError('db-open-failed', `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(err as Error).message}`, { cause: err });
  }
  const db = new Kysely<Database>({ dialect: new SearchPathPostgresDialect({ pool }) });
  return { db, dialect: 'postgres', sqlite: null, location: redactUrl(url), reopen: { location: url, pgSchema: schema }, close: () => db.destroy() };
}

export async function migrate(db: Kysely<Database>, schema?: string): Promise<string[]> {
  // Kysely's bookkeeping tables live in the store's schema (see also SearchPathIntrospector).
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const what = failed ? `migration ${failed} failed` : 'migrations could not start';
    throw new BulwarkError('db-migration-failed', `${what}: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Drops a PostgreSQL schema (tests only). */
export async function dropPgSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export { sql };
