/**
 * Sessions (for the UI, in an HttpOnly cookie) and API tokens (for the CLI and integrations).
 * Only the SHA-256 of each secret is stored: a copy of the database lets nobody sign in.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthenticationError, ForbiddenError, isRole, roleWithin, type Principal, type Role } from '../../model/auth.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import type { Db } from '../../store/database.js';
import { newId } from '../../util/ids.js';
import type { ApiToken, User } from '../../model/account-views.js';
import { getUser, principalOf } from './accounts.js';

export type { ApiToken } from '../../model/account-views.js';

export const SESSION = { idleMinutes: 60, absoluteHours: 12 } as const;
export const TOKEN_PREFIX = 'bwk_';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// ---- sessions ----

export interface Session {
  user: User;
  principal: Principal;
  csrfToken: string;
  expiresAt: string;
}

/** A new session with a fresh identifier: never reuses one the client brought (no fixation). */
export async function createSession(db: Db, user: User, from: { ip?: string; userAgent?: string }, now = new Date()): Promise<{ secret: string; session: Session }> {
  const secret = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION.absoluteHours * 3_600_000).toISOString();
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256(secret), user_id: user.id, csrf_token: csrfToken, created_at: now.toISOString(), last_seen_at: now.toISOString(),
      expires_at: expiresAt, ip: from.ip ?? null, user_agent: from.userAgent?.slice(0, 256) ?? null,
    })
    .execute();
  return { secret, session: { user, principal: principalOf(user, 'session'), csrfToken, expiresAt } };
}

/** The session a cookie names, if it is still valid (absolute and idle limits); touches it. */
export async function resolveSession(db: Db, secret: string, now = new Date()): Promise<Session | null> {
  if (!secret || secret.length > 128) return null;
  const idHash = sha256(secret);
  const row = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!row) return null;
  const idleLimit = new Date(Date.parse(row.last_seen_at) + SESSION.idleMinutes * 60_000).toISOString();
  const nowIso = now.toISOString();
  if (row.expires_at <= nowIso || idleLimit <= nowIso) {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    return null;
  }
  const user = await getUser(db, row.user_id);
  if (!user || user.disabled) return null;
  // Touch at most once a minute: a page of parallel requests should not write each time.
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: nowIso }).where('id_hash', '=', idHash).execute();
  }
  return { user, principal: principalOf(user, 'session'), csrfToken: row.csrf_token, expiresAt: row.expires_at };
}

export async function endSession(db: Db, secret: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', sha256(secret)).execute();
}

// ---- API tokens ----

const MAX_TOKEN_DAYS = 366;

/**
 * A new token for `owner`, with a role no higher than the owner's and an expiry (default 90 days,
 * at most a year). The secret is returned once and never stored.
 */
export async function createApiToken(
  db: Db,
  owner: User,
  input: { name: string; role?: Role; expiresInDays?: number },
  now = new Date(),
): Promise<{ token: string; record: ApiToken }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new InputError('a token needs a name of 1–100 characters', { code: 'invalid-token-request' });
  const role = input.role ?? owner.role;
  if (!isRole(role)) throw new InputError(`unknown role "${String(role)}"`, { code: 'invalid-role' });
  if (!roleWithin(role, owner.role)) throw new ForbiddenError(`a ${owner.role} cannot make a token with the ${role} role`, 'role-too-high');
  const days = input.expiresInDays ?? 90;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw new InputError(`a token expires after 1–${MAX_TOKEN_DAYS} days`, { code: 'invalid-token-request' });
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const record: ApiToken = {
    id: newId(), userId: owner.id, username: owner.username, name, prefix: token.slice(0, 10), role, createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString(), revokedAt: null, lastUsedAt: null,
  };
  await db
    .insertInto('api_tokens')
    .values({
      id: record.id, user_id: owner.id, name, prefix: record.prefix, token_hash: sha256(token), role, created_at: record.createdAt,
      expires_at: record.expiresAt, revoked_at: null, last_used_at: null,
    })
    .execute();
  return { token, record };
}

/** The principal a bearer token stands for; throws for an unknown, revoked or expired token. */
export async function resolveApiToken(db: Db, token: string, now = new Date()): Promise<{ principal: Principal; tokenId: string }> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 128) throw new AuthenticationError('the API token is not valid', 'invalid-token');
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row) throw new AuthenticationError('the API token is not valid', 'invalid-token');
  if (row.revoked_at) throw new AuthenticationError('the API token was revoked', 'token-revoked');
  if (row.expires_at && row.expires_at <= now.toISOString()) throw new AuthenticationError('the API token has expired', 'token-expired');
  const user = await getUser(db, row.user_id);
  if (!user || user.disabled) throw new AuthenticationError('the account of this token is disabled', 'account-disabled');
  // The token never grants more than its owner has now (the owner may have been demoted since).
  const role = isRole(row.role) && roleWithin(row.role, user.role) ? row.role : user.role;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return { principal: principalOf(user, 'token', { role, tokenId: row.id }), tokenId: row.id };
}

export async function listApiTokens(db: Db, filter: { userId?: string; orgId?: string }): Promise<ApiToken[]> {
  let q = db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id', 'api_tokens.user_id', 'users.username', 'api_tokens.name', 'api_tokens.prefix', 'api_tokens.role',
      'api_tokens.created_at', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at',
    ]);
  if (filter.userId) q = q.where('api_tokens.user_id', '=', filter.userId);
  if (filter.orgId) q = q.where('users.org_id', '=', filter.orgId);
  const rows = await q.orderBy('api_tokens.created_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id, userId: r.user_id, username: r.username, name: r.name, prefix: r.prefix, role: r.role as Role, createdAt: r.created_at,
    expiresAt: r.expires_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at,
  }));
}

export async function getApiToken(db: Db, id: string): Promise<(ApiToken & { orgId: string }) | null> {
  const r = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.user_id', 'users.username', 'users.org_id', 'api_tokens.name', 'api_tokens.prefix', 'api_tokens.role',
      'api_tokens.created_at', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at'])
    .where('api_tokens.id', '=', id)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id, userId: r.user_id, username: r.username, orgId: r.org_id, name: r.name, prefix: r.prefix, role: r.role as Role,
    createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at,
  };
}

export async function revokeApiToken(db: Db, id: string, now = new Date()): Promise<void> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0 && !(await getApiToken(db, id))) throw new NotFoundError('token', id);
}
