/**
 * Organisations and accounts: creation, roles, site limits, password sign-in with lockout, the
 * first administrator of a new database, and accounts that sign in through OpenID Connect.
 */
import { AuthenticationError, isRole, TooManyAttemptsError, type OrganisationKind, type Principal, type Role } from '../../model/auth.js';
import { ConflictError, InputError, NotFoundError } from '../../model/errors.js';
import type { Db } from '../../store/database.js';
import { DEFAULT_ORG_ID } from '../../store/migrations/011-accounts.js';
import type { OrganisationsTable, UsersTable } from '../../store/schema.js';
import type { Organisation, User } from '../../model/account-views.js';
import { newId } from '../../util/ids.js';
import { checkPasswordPolicy, decoyHash, generatePassword, hashPassword, verifyPassword } from './passwords.js';

export { DEFAULT_ORG_ID };
export type { Organisation, User } from '../../model/account-views.js';

/** Consecutive failed sign-ins that lock an account, and for how long. */
export const LOCKOUT = { attempts: 5, minutes: 15 } as const;

function toOrganisation(r: OrganisationsTable): Organisation {
  return { id: r.id, name: r.name, kind: r.kind as OrganisationKind, community: Boolean(r.community), clientOf: r.client_of, createdAt: r.created_at };
}

function toUser(r: UsersTable): User {
  return {
    id: r.id, orgId: r.org_id, username: r.username, displayName: r.display_name, email: r.email,
    role: isRole(r.role) ? r.role : 'partner', // an unknown stored role gets the least access, never more
    siteIds: r.site_ids ? (JSON.parse(r.site_ids) as string[]) : null,
    disabled: Boolean(r.disabled), lockedUntil: r.locked_until, signIn: r.oidc_subject ? 'oidc' : 'password',
    createdAt: r.created_at, lastLoginAt: r.last_login_at,
  };
}

export function principalOf(user: User, via: Principal['via'], override?: { role?: Role; tokenId?: string }): Principal {
  return {
    userId: user.id, username: user.username, orgId: user.orgId, role: override?.role ?? user.role, siteIds: user.siteIds, via,
    ...(override?.tokenId ? { tokenId: override.tokenId } : {}),
  };
}

// ---- organisations ----

export async function listOrganisations(db: Db): Promise<Organisation[]> {
  return (await db.selectFrom('organisations').selectAll().orderBy('name').execute()).map(toOrganisation);
}

export async function getOrganisation(db: Db, id: string): Promise<Organisation | null> {
  const r = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toOrganisation(r) : null;
}

export async function findOrganisationByName(db: Db, name: string): Promise<Organisation | null> {
  const r = await db.selectFrom('organisations').selectAll().where('name', '=', name).executeTakeFirst();
  return r ? toOrganisation(r) : null;
}

export async function createOrganisation(
  db: Db,
  input: { name: string; kind: OrganisationKind; community?: boolean; clientOf?: string | null },
): Promise<Organisation> {
  const name = input.name.trim();
  if (!name) throw new InputError('an organisation needs a name', { code: 'invalid-organisation' });
  if (await findOrganisationByName(db, name)) throw new ConflictError(`an organisation named "${name}" exists already`);
  if (input.clientOf && !(await getOrganisation(db, input.clientOf))) throw new NotFoundError('organisation', input.clientOf);
  const row: OrganisationsTable = {
    id: newId(), name, kind: input.kind, community: input.community === false ? 0 : 1, client_of: input.clientOf || null,
    created_at: new Date().toISOString(),
  };
  await db.insertInto('organisations').values(row).execute();
  return toOrganisation(row);
}

// ---- accounts ----

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface NewUser {
  orgId: string;
  username: string;
  role: Role;
  password?: string;
  displayName?: string | null;
  email?: string | null;
  siteIds?: string[] | null;
  oidc?: { issuer: string; subject: string };
}

export async function createUser(db: Db, input: NewUser): Promise<User> {
  if (!USERNAME.test(input.username)) {
    throw new InputError('a username is 1–64 letters, digits or . _ @ - and starts with a letter or digit', { code: 'invalid-username' });
  }
  if (!isRole(input.role)) throw new InputError(`unknown role "${String(input.role)}"`, { code: 'invalid-role' });
  if (!input.oidc) {
    if (input.password === undefined) throw new InputError('a local account needs a password', { code: 'weak-password' });
    checkPasswordPolicy(input.password);
  }
  if (!(await getOrganisation(db, input.orgId))) throw new NotFoundError('organisation', input.orgId);
  if (await db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst()) {
    throw new ConflictError(`the username "${input.username}" is taken`);
  }
  const row: UsersTable = {
    id: newId(), org_id: input.orgId, username: input.username, display_name: input.displayName ?? null, email: input.email ?? null,
    role: input.role, site_ids: input.siteIds ? JSON.stringify(input.siteIds) : null,
    password_hash: input.password !== undefined ? await hashPassword(input.password) : null,
    oidc_issuer: input.oidc?.issuer ?? null, oidc_subject: input.oidc?.subject ?? null,
    disabled: 0, failed_logins: 0, locked_until: null, created_at: new Date().toISOString(), last_login_at: null,
  };
  await db.insertInto('users').values(row).execute();
  return toUser(row);
}

export async function getUser(db: Db, id: string): Promise<User | null> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function findUserByName(db: Db, username: string): Promise<User | null> {
  const r = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return r ? toUser(r) : null;
}

/** Accounts of one organisation, or of every organisation when orgId is null. */
export async function listUsers(db: Db, orgId: string | null): Promise<User[]> {
  let q = db.selectFrom('users').selectAll();
  if (orgId !== null) q = q.where('org_id', '=', orgId);
  return (await q.orderBy('username').execute()).map(toUser);
}

export interface UserChange {
  role?: Role;
  disabled?: boolean;
  siteIds?: string[] | null;
  displayName?: string | null;
  email?: string | null;
  /** Clears a lockout. */
  unlock?: boolean;
}

export async function updateUser(db: Db, id: string, change: UserChange): Promise<{ before: User; after: User }> {
  const before = await getUser(db, id);
  if (!before) throw new NotFoundError('user', id);
  if (change.role !== undefined && !isRole(change.role)) throw new InputError(`unknown role "${String(change.role)}"`, { code: 'invalid-role' });
  const set: Partial<UsersTable> = {};
  if (change.role !== undefined) set.role = change.role;
  if (change.disabled !== undefined) set.disabled = change.disabled ? 1 : 0;
  if (change.siteIds !== undefined) set.site_ids = change.siteIds ? JSON.stringify(change.siteIds) : null;
  if (change.displayName !== undefined) set.display_name = change.displayName;
  if (change.email !== undefined) set.email = change.email;
  if (change.unlock) Object.assign(set, { failed_logins: 0, locked_until: null });
  if (Object.keys(set).length > 0) await db.updateTable('users').set(set).where('id', '=', id).execute();
  // A disabled account or a changed role ends its sessions: the next request re-authenticates.
  if (change.disabled || (change.role !== undefined && change.role !== before.role)) {
    await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  }
  return { before, after: (await getUser(db, id))! };
}

export async function setPassword(db: Db, id: string, password: string): Promise<void> {
  checkPasswordPolicy(password);
  const hash = await hashPassword(password);
  const r = await db.updateTable('users').set({ password_hash: hash, failed_logins: 0, locked_until: null }).where('id', '=', id).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new NotFoundError('user', id);
  await db.deleteFrom('sessions').where('user_id', '=', id).execute();
}

/**
 * Password sign-in. The same message for an unknown name and a wrong password, a decoy hash for
 * unknown names so timing does not tell them apart, and a lockout after repeated failures.
 */
export async function authenticatePassword(db: Db, username: string, password: string, now = new Date()): Promise<User> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!row || !row.password_hash) {
    await verifyPassword(password, await decoyHash());
    throw new AuthenticationError('wrong username or password', 'invalid-credentials');
  }
  if (row.locked_until && row.locked_until > now.toISOString()) {
    const seconds = Math.ceil((Date.parse(row.locked_until) - now.getTime()) / 1000);
    throw new TooManyAttemptsError(`the account is locked after repeated failed sign-ins; try again in ${Math.ceil(seconds / 60)} min`, seconds);
  }
  const ok = await verifyPassword(password, row.password_hash);
  if (!ok) {
    const failed = row.failed_logins + 1;
    const lockedUntil = failed >= LOCKOUT.attempts ? new Date(now.getTime() + LOCKOUT.minutes * 60_000).toISOString() : null;
    await db.updateTable('users').set({ failed_logins: lockedUntil ? 0 : failed, locked_until: lockedUntil }).where('id', '=', row.id).execute();
    if (lockedUntil) throw new TooManyAttemptsError(`too many failed sign-ins: the account is locked for ${LOCKOUT.minutes} min`, LOCKOUT.minutes * 60);
    throw new AuthenticationError('wrong username or password', 'invalid-credentials');
  }
  if (row.disabled) throw new AuthenticationError('the account is disabled', 'account-disabled');
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now.toISOString() }).where('id', '=', row.id).execute();
  return toUser({ ...row, failed_logins: 0, locked_until: null, last_login_at: now.toISOString() });
}

/**
 * A new database gets one administrator: named `admin`, with the password from
 * BULWARK_ADMIN_PASSWORD or a generated one that the caller prints once. Null when accounts exist.
 */
export async function ensureFirstAdmin(db: Db, password?: string): Promise<{ username: string; password: string; generated: boolean } | null> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const chosen = password ?? generatePassword();
  await createUser(db, { orgId: DEFAULT_ORG_ID, username: 'admin', role: 'admin', password: chosen, displayName: 'Administrator' });
  return { username: 'admin', password: chosen, generated: password === undefined };
}

/** The account an OpenID Connect identity signs in as: matched by issuer + subject, created on first use. */
export async function oidcAccount(
  db: Db,
  identity: { issuer: string; subject: string; email?: string; name?: string; roles: string[] },
  defaults: { orgId: string; role: Role },
): Promise<User> {
  const r = await db.selectFrom('users').selectAll().where('oidc_issuer', '=', identity.issuer).where('oidc_subject', '=', identity.subject).executeTakeFirst();
  const claimed = identity.roles.find(isRole);
  if (r) {
    const user = toUser(r);
    if (user.disabled) throw new AuthenticationError('the account is disabled', 'account-disabled');
    if (claimed && claimed !== user.role) await db.updateTable('users').set({ role: claimed }).where('id', '=', user.id).execute();
    await db.updateTable('users').set({ last_login_at: new Date().toISOString() }).where('id', '=', user.id).execute();
    return { ...user, role: claimed ?? user.role };
  }
  const base = (identity.email ?? identity.subject).replace(/[^A-Za-z0-9._@-]/g, '-').slice(0, 56) || 'oidc-user';
  let username = base;
  for (let i = 2; await findUserByName(db, username); i++) username = `${base}-${i}`;
  return createUser(db, {
    orgId: defaults.orgId, username, role: claimed ?? defaults.role, displayName: identity.name ?? null, email: identity.email ?? null,
    oidc: { issuer: identity.issuer, subject: identity.subject },
  });
}
