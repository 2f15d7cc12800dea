/**
 * The audit trail: every write, sign-in (failed too), export, role change and token use, appended
 * with who, when, what and from where. Entries form a SHA-256 hash chain and the head is stored
 * separately, so an edited, deleted, inserted or truncated entry is detected by `verifyAudit`.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AuditEntry, AuditOutcome, AuditVerification } from '../model/account-views.js';
import type { Principal } from '../model/auth.js';
import type { Db, Store } from '../store/database.js';
import type { AuditLogTable } from '../store/schema.js';
import { GENESIS_HASH } from '../store/migrations/011-accounts.js';

export { GENESIS_HASH };

export type { AuditEntry, AuditOutcome, AuditVerification } from '../model/account-views.js';

export interface AuditInput {
  actor: string;
  actorKind: 'user' | 'token' | 'cli' | 'system' | 'anonymous';
  orgId?: string | null;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  /** Where from: an IP address, or `cli:<os user>@<host>`. */
  source?: string | null;
  detail?: Record<string, unknown> | null;
}

/** The actor fields of an audit entry for a principal. */
export function actorOf(p: Principal): Pick<AuditInput, 'actor' | 'actorKind' | 'orgId'> {
  const actorKind = p.via === 'token' ? 'token' : p.via === 'cli' ? 'cli' : p.via === 'system' ? 'system' : 'user';
  return { actor: p.tokenId ? `${p.username} (token ${p.tokenId})` : p.username, actorKind, orgId: p.orgId };
}

/** The hash of one entry: every stored field but the hash itself, in a fixed order. */
export function entryHash(row: Omit<AuditLogTable, 'hash'>): string {
  const canonical = JSON.stringify([
    row.seq, row.at, row.org_id, row.actor, row.actor_kind, row.action, row.target, row.outcome, row.source, row.detail, row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

const MAX_DETAIL = 8192;

function detailText(detail: Record<string, unknown> | null | undefined): string | null {
  if (!detail) return null;
  const text = JSON.stringify(detail);
  return text.length <= MAX_DETAIL ? text : JSON.stringify({ truncated: true, head: text.slice(0, MAX_DETAIL) });
}

/**
 * Appends one entry. Appends are serialised through the head row, so concurrent writers cannot
 * fork the chain: on PostgreSQL the head row is locked; on SQLite the transaction takes the
 * database's write lock when it begins (BEGIN IMMEDIATE), so a second process on the same file
 * (the command line beside a server) waits for it (busy_timeout) instead of reading a head that
 * is about to change and failing with SQLITE_BUSY when it tries to write.
 */
export async function appendAudit(store: Pick<Store, 'db' | 'dialect'>, input: AuditInput, at = new Date()): Promise<AuditEntry> {
  if (store.dialect === 'sqlite') return immediateTransaction(store.db, (trx) => appendWithin(trx, store.dialect, input, at));
  return store.db.transaction().execute(async (trx) => appendWithin(trx, store.dialect, input, at));
}

/**
 * A SQLite write transaction that holds the write lock from its start. Kysely's transaction()
 * sends a plain (deferred) BEGIN, so the statements are sent on one reserved connection instead.
 */
async function immediateTransaction<T>(db: Db, work: (conn: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) throw new Error('immediateTransaction needs the database, not an open transaction');
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      const result = await work(conn);
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (err) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}

async function appendWithin(trx: Db, dialect: Store['dialect'], input: AuditInput, at: Date): Promise<AuditEntry> {
  const head =
    dialect === 'postgres'
      ? (await sql<{ seq: number; hash: string }>`SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`.execute(trx)).rows[0]
      : await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head) throw new Error('audit head row is missing: the database was altered outside Bulwark');
  const row: Omit<AuditLogTable, 'hash'> = {
    seq: Number(head.seq) + 1,
    at: at.toISOString(),
    org_id: input.orgId ?? null,
    actor: input.actor,
    actor_kind: input.actorKind,
    action: input.action,
    target: input.target ?? null,
    outcome: input.outcome,
    source: input.source ?? null,
    detail: detailText(input.detail),
    prev_hash: head.hash,
  };
  const hash = entryHash(row);
  await trx.insertInto('audit_log').values({ ...row, hash }).execute();
  await trx.updateTable('audit_head').set({ seq: row.seq, hash }).where('id', '=', 1).execute();
  return toEntry({ ...row, hash });
}

function toEntry(r: AuditLogTable): AuditEntry {
  let detail: Record<string, unknown> | null = null;
  if (r.detail) {
    try {
      detail = JSON.parse(r.detail) as Record<string, unknown>;
    } catch {
      detail = { unreadable: r.detail };
    }
  }
  return {
    seq: Number(r.seq), at: r.at, orgId: r.org_id, actor: r.actor, actorKind: r.actor_kind, action: r.action, target: r.target,
    outcome: r.outcome, source: r.source, detail, prevHash: r.prev_hash, hash: r.hash,
  };
}

export interface AuditQuery {
  /** Only this organisation's entries (null = every organisation: the hosting admin). */
  orgId: string | null;
  actor?: string;
  action?: string;
  outcome?: string;
  since?: string;
  until?: string;
  limit: number;
  /** Entries with a sequence number below this (paging backwards from the newest). */
  before?: number;
}

export async function listAudit(db: Db, q: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
  let query = db.selectFrom('audit_log');
  if (q.orgId !== null) query = query.where('org_id', '=', q.orgId);
  if (q.actor) query = query.where('actor', 'like', `${q.actor.replace(/[%_\\]/g, '\\$&')}%`);
  if (q.action) query = query.where('action', 'like', `${q.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.since) query = query.where('at', '>=', q.since);
  if (q.until) query = query.where('at', '<', q.until);
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  let page = query.selectAll();
  if (q.before !== undefined) page = page.where('seq', '<', q.before);
  const rows = await page.orderBy('seq', 'desc').limit(q.limit).execute();
  return { items: rows.map(toEntry), total };
}

/** Reads an anchor written as `SEQ:HASH`. */
export function parseAnchor(text: string): { seq: number; hash: string } | null {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2]! } : null;
}

/**
 * Re-computes the chain from the first entry. Reads in pages so that a long log is checked in
 * bounded memory. `anchor` is a head recorded elsewhere earlier (`SEQ:HASH`, printed by verify): when
 * the whole chain was rewritten consistently, only such an outside anchor can show it.
 */
export async function verifyAudit(db: Db, anchor?: { seq: number; hash: string }): Promise<AuditVerification> {
  // One snapshot for the head and the entries: an append committing between the two reads would
  // otherwise look like an entry beyond the head.
  return db.transaction().setIsolationLevel('repeatable read').execute((trx) => verifyWithin(trx, anchor));
}

async function verifyWithin(db: Db, anchor?: { seq: number; hash: string }): Promise<AuditVerification> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const headOut = { seq: Number(head?.seq ?? -1), hash: head?.hash ?? '' };
  const fail = (seq: number, reason: string, entries: number): AuditVerification => ({ ok: false, entries, head: headOut, problem: { seq, reason } });
  if (!head) return fail(0, 'the chain head is missing', 0);
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(5000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return fail(expectedSeq, `entry ${expectedSeq} is missing (next entry is ${seq})`, count);
      if (r.prev_hash !== prev) return fail(seq, 'its link to the previous entry is broken', count);
      const { hash, ...rest } = r;
      if (entryHash({ ...rest, seq }) !== hash) return fail(seq, 'its content does not match its hash (edited)', count);
      if (anchor && anchor.seq === seq && anchor.hash !== hash) return fail(seq, 'it differs from the anchor given (the log was rewritten)', count);
      prev = hash;
      expectedSeq++;
      count++;
    }
  }
  if (count !== headOut.seq || prev !== headOut.hash) {
    return fail(count + 1, `the chain ends at entry ${count} but the head says ${headOut.seq} (entries removed or head altered)`, count);
  }
  if (anchor && anchor.seq > count) return fail(anchor.seq, `the anchor's entry ${anchor.seq} no longer exists`, count);
  return { ok: true, entries: count, head: headOut };
}
