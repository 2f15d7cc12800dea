/**
 * Sign-in and accounts: password sign-in and sign-out, the current account, organisations,
 * accounts and roles, API tokens, and the audit log.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, ORGANISATION_KINDS, PERMISSIONS, ROLES, ROLE_PERMISSIONS, TooManyAttemptsError, type OrganisationKind, type Principal, type Role } from '../../model/auth.js';
import { AuthenticationError } from '../../model/auth.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import { listAudit, parseAnchor, verifyAudit } from '../../services/audit.js';
import {
  authenticatePassword,
  createOrganisation,
  createUser,
  DEFAULT_ORG_ID,
  getOrganisation,
  getUser,
  listOrganisations,
  listUsers,
  setPassword,
  updateUser,
  type User,
} from '../../services/auth/accounts.js';
import { createApiToken, createSession, endSession, getApiToken, listApiTokens, revokeApiToken } from '../../services/auth/credentials.js';
import { verifyPassword } from '../../services/auth/passwords.js';
import type { Store } from '../../store/database.js';
import { audit, clearSessionCookie, principal, SESSION_COOKIE, setSessionCookie } from '../auth.js';
import { idParams, text } from '../schemas.js';

export interface AccountRouteOptions {
  /** Cookies get the Secure attribute (the server speaks TLS). */
  secureCookies: boolean;
  /** Sign-in attempts per client address per minute. */
  loginRateLimit?: number;
}

/** The administrators of the hosting organisation manage every organisation; others only their own. */
export function isHostAdmin(p: Principal): boolean {
  return p.role === 'admin' && p.orgId === DEFAULT_ORG_ID;
}

function publicUser(u: User) {
  return u;
}

const roleEnum = { type: 'string', enum: [...ROLES] } as const;
/**
 * A value or null. One `type` list, not `anyOf`: with type coercion on, ajv would turn a null into
 * the first branch's type (`""`, `[""]`) before trying the null branch.
 */
const nullable = <S extends { type: string }>(schema: S) => ({ ...schema, type: [schema.type, 'null'] }) as const;
const siteIds = nullable({ type: 'array', items: text(64), maxItems: 500 });

export function accountRoutes(app: FastifyInstance, store: Store, options: AccountRouteOptions): void {
  const db = store.db;

  async function me(req: FastifyRequest) {
    const p = principal(req);
    const user = p.userId ? await getUser(db, p.userId) : null;
    const org = await getOrganisation(db, p.orgId);
    return {
      user: user ? publicUser(user) : null,
      organisation: org,
      role: p.role,
      permissions: ROLE_PERMISSIONS[p.role],
      via: p.via,
      csrfToken: req.csrfToken,
    };
  }

  app.post<{ Body: { username: string; password: string } }>(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: options.loginRateLimit ?? 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with a username and password; sets the session cookie',
        body: {
          type: 'object', additionalProperties: false, required: ['username', 'password'],
          properties: { username: text(64), password: { type: 'string', maxLength: 1024 } },
        },
      },
    },
    async (req, reply) => {
      const { username, password } = req.body;
      let user: User;
      try {
        user = await authenticatePassword(db, username, password);
      } catch (err) {
        if (err instanceof AuthenticationError || err instanceof TooManyAttemptsError) {
          const known = await db.selectFrom('users').select('org_id').where('username', '=', username).executeTakeFirst();
          await audit(store, req, {
            actor: username.slice(0, 64), actorKind: 'anonymous', orgId: known?.org_id ?? null, action: 'auth.login', outcome: 'failure',
            detail: { reason: err.code },
          });
        }
        throw err;
      }
      // A new session id on every sign-in, and the one the browser brought is ended: no fixation.
      const old = req.cookies?.[SESSION_COOKIE];
      if (old) await endSession(db, old);
      const { secret, session } = await createSession(db, user, { ip: req.ip, userAgent: req.headers['user-agent'] });
      req.principal = session.principal;
      req.csrfToken = session.csrfToken;
      await audit(store, req, { action: 'auth.login', outcome: 'success', detail: { method: 'password' } });
      setSessionCookie(reply, secret, options.secureCookies);
      return me(req);
    },
  );

  app.post('/api/auth/logout', { config: { access: 'signed-in' }, schema: { tags: ['accounts'], summary: 'End the session' } }, async (req, reply) => {
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (cookie) await endSession(db, cookie);
    await audit(store, req, { action: 'auth.logout', outcome: 'success' });
    clearSessionCookie(reply, options.secureCookies);
    return { ok: true };
  });

  app.get('/api/auth/me', { config: { access: 'signed-in' }, schema: { tags: ['accounts'], summary: 'The signed-in account, its organisation and permissions' } }, me);

  // The web UI's sign-in gate asks this rather than /api/auth/me: being signed out is an answer
  // here (200), not a failed request that the browser reports on its console.
  app.get(
    '/api/auth/session',
    {
      config: { access: 'public' },
      schema: { tags: ['accounts'], summary: 'Whether this request is signed in: {signedIn: false}, or {signedIn: true} with what /api/auth/me answers' },
    },
    async (req) => (req.principal ? { signedIn: true, ...(await me(req)) } : { signedIn: false }),
  );

  app.post<{ Body: { current: string; password: string } }>(
    '/api/auth/password',
    {
      config: { access: 'session', rateLimit: { max: options.loginRateLimit ?? 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['accounts'],
        summary: 'Change your own password (ends your other sessions)',
        body: { type: 'object', additionalProperties: false, required: ['current', 'password'], properties: { current: { type: 'string', maxLength: 1024 }, password: { type: 'string', maxLength: 1024 } } },
      },
    },
    async (req, reply) => {
      const p = principal(req);
      if (!p.userId) throw new ForbiddenError('only accounts have passwords');
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', p.userId).executeTakeFirst();
      if (!row?.password_hash || !(await verifyPassword(req.body.current, row.password_hash))) {
        await audit(store, req, { action: 'auth.password', outcome: 'failure', detail: { reason: 'wrong current password' } });
        throw new InputError('the current password is wrong', { code: 'invalid-credentials' });
      }
      await setPassword(db, p.userId, req.body.password);
      const user = (await getUser(db, p.userId))!;
      const { secret, session } = await createSession(db, user, { ip: req.ip, userAgent: req.headers['user-agent'] });
      req.csrfToken = session.csrfToken;
      setSessionCookie(reply, secret, options.secureCookies);
      await audit(store, req, { action: 'auth.password', outcome: 'success' });
      return me(req);
    },
  );

  // ---- organisations ----

  app.get('/api/organisations', { config: { access: 'read' }, schema: { tags: ['accounts'], summary: 'Organisations (the hosting administrators see all)' } }, async (req) => {
    const p = principal(req);
    const all = await listOrganisations(db);
    return { items: isHostAdmin(p) ? all : all.filter((o) => o.id === p.orgId) };
  });

  // The directory of possible recipients when sharing: names and kinds of every organisation,
  // and the people of one (for TLP:RED, which is shared with named people).
  app.get('/api/organisations/directory', { config: { access: 'write' }, schema: { tags: ['sharing'], summary: 'Organisations one may share with (name, kind, community)' } }, async (req) => {
    const p = principal(req);
    // clientOf: under TLP:AMBER a share reaches the recipient's declared clients too, and the sharer is told who they are.
    return { items: (await listOrganisations(db)).filter((o) => o.id !== p.orgId).map(({ id, name, kind, community, clientOf }) => ({ id, name, kind, community, clientOf })) };
  });

  app.get<{ Params: { id: string } }>(
    '/api/organisations/:id/people',
    { config: { access: 'write' }, schema: { tags: ['sharing'], summary: 'People of an organisation one may share a TLP:RED record with', params: idParams() } },
    async (req) => {
      if (!(await getOrganisation(db, req.params.id))) throw new NotFoundError('organisation', req.params.id);
      const people = (await listUsers(db, req.params.id)).filter((u) => !u.disabled);
      return { items: people.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName })) };
    },
  );

  app.post<{ Body: { name: string; kind: OrganisationKind; community?: boolean; clientOf?: string | null } }>(
    '/api/organisations',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Create an organisation (tenant)',
        body: {
          type: 'object', additionalProperties: false, required: ['name', 'kind'],
          properties: { name: text(200), kind: { type: 'string', enum: [...ORGANISATION_KINDS] }, community: { type: 'boolean' }, clientOf: nullable(text(64)) },
        },
      },
    },
    async (req, reply) => {
      if (!isHostAdmin(principal(req))) throw new ForbiddenError('only administrators of the hosting organisation create organisations');
      const org = await createOrganisation(db, req.body);
      return reply.status(201).send(org);
    },
  );

  // ---- accounts ----

  /** An admin may manage accounts of their own organisation; the hosting admins, of any. */
  async function manageable(req: FastifyRequest, userId: string): Promise<User> {
    const p = principal(req);
    const user = await getUser(db, userId);
    if (!user || (!isHostAdmin(p) && user.orgId !== p.orgId)) throw new NotFoundError('user', userId);
    return user;
  }

  app.get('/api/users', { config: { access: 'admin' }, schema: { tags: ['accounts'], summary: 'Accounts (of your organisation; hosting admins: all)' } }, async (req) => {
    const p = principal(req);
    return { items: (await listUsers(db, isHostAdmin(p) ? null : p.orgId)).map(publicUser), roles: ROLES, permissions: PERMISSIONS };
  });

  app.post<{ Body: { username: string; role: Role; password: string; orgId?: string; displayName?: string; email?: string; siteIds?: string[] | null } }>(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Create a local account',
        body: {
          type: 'object', additionalProperties: false, required: ['username', 'role', 'password'],
          properties: {
            username: text(64), role: roleEnum, password: { type: 'string', maxLength: 1024 }, orgId: text(64), displayName: text(200),
            email: text(320), siteIds,
          },
        },
      },
    },
    async (req, reply) => {
      const p = principal(req);
      const orgId = req.body.orgId ?? p.orgId;
      if (orgId !== p.orgId && !isHostAdmin(p)) throw new ForbiddenError('you may create accounts only in your own organisation');
      const user = await createUser(db, { ...req.body, orgId });
      await audit(store, req, { action: 'user.create', target: user.id, outcome: 'success', detail: { username: user.username, role: user.role, orgId } });
      return reply.status(201).send(publicUser(user));
    },
  );

  app.patch<{ Params: { id: string }; Body: { role?: Role; disabled?: boolean; siteIds?: string[] | null; displayName?: string | null; email?: string | null; unlock?: boolean } }>(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Change an account: role, sites, disabled, unlock',
        params: idParams(),
        body: {
          type: 'object', additionalProperties: false,
          properties: { role: roleEnum, disabled: { type: 'boolean' }, siteIds, displayName: nullable(text(200)), email: nullable(text(320)), unlock: { type: 'boolean' } },
        },
      },
    },
    async (req) => {
      const p = principal(req);
      await manageable(req, req.params.id);
      if (req.params.id === p.userId && (req.body.role !== undefined && req.body.role !== 'admin' || req.body.disabled)) {
        throw new ForbiddenError('you cannot demote or disable your own account; ask another administrator', 'self-lockout');
      }
      const { before, after } = await updateUser(db, req.params.id, req.body);
      if (before.role !== after.role) {
        await audit(store, req, { action: 'user.role', target: after.id, outcome: 'success', detail: { username: after.username, from: before.role, to: after.role } });
      }
      if (before.disabled !== after.disabled) {
        await audit(store, req, { action: after.disabled ? 'user.disable' : 'user.enable', target: after.id, outcome: 'success', detail: { username: after.username } });
      }
      if (req.body.unlock) await audit(store, req, { action: 'user.unlock', target: after.id, outcome: 'success', detail: { username: after.username } });
      if (req.body.siteIds !== undefined && JSON.stringify(before.siteIds) !== JSON.stringify(after.siteIds)) {
        await audit(store, req, { action: 'user.sites', target: after.id, outcome: 'success', detail: { username: after.username, from: before.siteIds, to: after.siteIds } });
      }
      return publicUser(after);
    },
  );

  app.post<{ Params: { id: string }; Body: { password: string } }>(
    '/api/users/:id/password',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: "Set an account's password (ends its sessions)",
        params: idParams(),
        body: { type: 'object', additionalProperties: false, required: ['password'], properties: { password: { type: 'string', maxLength: 1024 } } },
      },
    },
    async (req) => {
      const user = await manageable(req, req.params.id);
      if (user.signIn === 'oidc') throw new InputError('this account signs in through OpenID Connect and has no password', { code: 'oidc-account' });
      await setPassword(db, user.id, req.body.password);
      await audit(store, req, { action: 'user.password-reset', target: user.id, outcome: 'success', detail: { username: user.username } });
      return { ok: true };
    },
  );

  // ---- API tokens ----

  app.get<{ Querystring: { all?: boolean } }>(
    '/api/tokens',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['accounts'], summary: 'Your API tokens (administrators: all=true for the organisation)', querystring: { type: 'object', additionalProperties: false, properties: { all: { type: 'boolean' } } } },
    },
    async (req) => {
      const p = principal(req);
      if (req.query.all) {
        if (p.role !== 'admin') throw new ForbiddenError('only administrators list other accounts\' tokens');
        return { items: await listApiTokens(db, isHostAdmin(p) ? {} : { orgId: p.orgId }) };
      }
      return { items: p.userId ? await listApiTokens(db, { userId: p.userId }) : [] };
    },
  );

  app.post<{ Body: { name: string; role?: Role; expiresInDays?: number } }>(
    '/api/tokens',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['accounts'],
        summary: 'Create an API token for yourself; the token is shown once',
        body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: text(100), role: roleEnum, expiresInDays: { type: 'integer', minimum: 1, maximum: 366 } } },
      },
    },
    async (req, reply) => {
      const p = principal(req);
      const owner = p.userId ? await getUser(db, p.userId) : null;
      if (!owner) throw new ForbiddenError('only accounts can own tokens');
      // A token cannot mint a token with more than its own role.
      const role = req.body.role ?? p.role;
      const { token, record } = await createApiToken(db, { ...owner, role: p.role }, { ...req.body, role });
      await audit(store, req, { action: 'token.create', target: record.id, outcome: 'success', detail: { name: record.name, role: record.role, expiresAt: record.expiresAt } });
      return reply.status(201).send({ token, ...record });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/tokens/:id',
    { config: { access: 'signed-in' }, schema: { tags: ['accounts'], summary: 'Revoke an API token', params: idParams() } },
    async (req) => {
      const p = principal(req);
      const token = await getApiToken(db, req.params.id);
      const mayRevoke = token && (token.userId === p.userId || (p.role === 'admin' && (isHostAdmin(p) || token.orgId === p.orgId)));
      if (!token || !mayRevoke) throw new NotFoundError('token', req.params.id);
      await revokeApiToken(db, token.id);
      return { ok: true };
    },
  );

  // ---- audit log ----

  app.get<{ Querystring: { actor?: string; action?: string; outcome?: string; since?: string; until?: string; limit: number; before?: number } }>(
    '/api/audit',
    {
      config: { access: 'audit' },
      schema: {
        tags: ['accounts'],
        summary: 'Audit log entries, newest first (your organisation; hosting admins and auditors: all)',
        querystring: {
          type: 'object', additionalProperties: false,
          properties: {
            actor: text(128), action: text(128), outcome: { type: 'string', enum: ['success', 'failure', 'denied'] },
            since: text(40), until: text(40), limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 }, before: { type: 'integer', minimum: 1 },
          },
        },
      },
    },
    async (req) => {
      const p = principal(req);
      return listAudit(db, { ...req.query, orgId: p.orgId === DEFAULT_ORG_ID ? null : p.orgId });
    },
  );

  app.get<{ Querystring: { anchor?: string } }>(
    '/api/audit/verify',
    {
      config: { access: 'audit' },
      schema: { tags: ['accounts'], summary: 'Verify the hash chain of the whole audit log', querystring: { type: 'object', additionalProperties: false, properties: { anchor: text(100) } } },
    },
    async (req) => {
      const anchor = req.query.anchor ? parseAnchor(req.query.anchor) : undefined;
      if (anchor === null) throw new InputError('an anchor is written SEQ:HASH (as printed by a previous verification)', { code: 'invalid-anchor' });
      return verifyAudit(db, anchor);
    },
  );
}
