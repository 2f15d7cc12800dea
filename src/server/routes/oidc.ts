/**
 * OpenID Connect sign-in (optional): /api/auth/oidc/start sends the browser to the provider,
 * /api/auth/oidc/callback signs the person in. The pending login (PKCE verifier, state, nonce)
 * stays on the server, named by a random id in a short-lived HttpOnly cookie, and is used once.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isRole, type Role } from '../../model/auth.js';
import { BulwarkError } from '../../model/errors.js';
import { DEFAULT_ORG_ID, findOrganisationByName, oidcAccount } from '../../services/auth/accounts.js';
import { createSession, endSession } from '../../services/auth/credentials.js';
import { OidcError, OidcLogin, type OidcConfig, type OidcPendingState } from '../../services/auth/oidc.js';
import type { Store } from '../../store/database.js';
import { audit, SESSION_COOKIE, setSessionCookie } from '../auth.js';

export interface OidcOptions {
  config: OidcConfig;
  /** Role of an account whose token names no allowed role. */
  defaultRole: Role;
  /** Roles the provider may grant; `admin` only when explicitly allowed. */
  allowedRoles: readonly Role[];
  /** Organisation (by name) of accounts whose token names none that exists; default organisation otherwise. */
  defaultOrganisation?: string;
  /** Button text on the sign-in page. */
  label: string;
}

const PENDING_COOKIE = 'bulwark_oidc';
const PENDING_TTL_MS = 10 * 60_000;
const MAX_PENDING = 10_000;

/** Reads the OIDC settings beyond the provider connection (BULWARK_OIDC_DEFAULT_ROLE and friends). */
export function oidcOptionsFromEnv(config: OidcConfig | null, env: Readonly<Record<string, string | undefined>>): OidcOptions | null {
  if (!config) return null;
  const defaultRole = env.BULWARK_OIDC_DEFAULT_ROLE ?? 'operator';
  if (!isRole(defaultRole)) throw new BulwarkError('invalid-config', `BULWARK_OIDC_DEFAULT_ROLE: unknown role "${defaultRole}"`);
  const allowed = (env.BULWARK_OIDC_ALLOWED_ROLES ?? 'analyst,operator,auditor,partner').split(',').map((r) => r.trim()).filter(Boolean);
  const bad = allowed.find((r) => !isRole(r));
  if (bad) throw new BulwarkError('invalid-config', `BULWARK_OIDC_ALLOWED_ROLES: unknown role "${bad}"`);
  return {
    config,
    defaultRole,
    allowedRoles: allowed as Role[],
    defaultOrganisation: env.BULWARK_OIDC_DEFAULT_ORG,
    label: env.BULWARK_OIDC_LABEL ?? 'Sign in with single sign-on',
  };
}

export function oidcRoutes(app: FastifyInstance, store: Store, options: { oidc: OidcOptions | null; secureCookies: boolean }): void {
  const { oidc } = options;
  const pending = new Map<string, { state: OidcPendingState; expires: number }>();
  let login: Promise<OidcLogin> | null = null;
  // Discovery happens on first use and is retried after a failure: the provider may be down at start.
  const client = (): Promise<OidcLogin> => {
    login ??= OidcLogin.discover(oidc!.config).catch((err: unknown) => {
      login = null;
      throw err;
    });
    return login;
  };
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: options.secureCookies, path: '/api/auth/oidc' };

  app.get('/api/auth/config', { config: { access: 'public' }, schema: { tags: ['accounts'], summary: 'How one may sign in (for the sign-in page)' } }, async () => ({
    password: true,
    oidc: oidc ? { enabled: true, label: oidc.label, startUrl: '/api/auth/oidc/start' } : { enabled: false },
  }));

  const fail = async (reply: FastifyReply, err: unknown) => {
    const code = err instanceof BulwarkError ? err.code : 'oidc-login-failed';
    const status = err instanceof OidcError ? err.httpStatus : 401;
    void reply.clearCookie(PENDING_COOKIE, cookieOptions);
    return reply.status(status).send({ error: { code, message: err instanceof BulwarkError ? err.message : 'single sign-on failed' } });
  };

  app.get('/api/auth/oidc/start', { config: { access: 'public' }, schema: { tags: ['accounts'], summary: 'Start single sign-on (redirects to the identity provider)' } }, async (req, reply) => {
    if (!oidc) return reply.status(404).send({ error: { code: 'oidc-not-configured', message: 'single sign-on is not configured on this server' } });
    try {
      const { url, state } = await (await client()).begin();
      const now = Date.now();
      for (const [id, p] of pending) if (p.expires < now) pending.delete(id);
      if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value!);
      const id = randomBytes(24).toString('base64url');
      pending.set(id, { state, expires: now + PENDING_TTL_MS });
      void reply.setCookie(PENDING_COOKIE, id, { ...cookieOptions, maxAge: PENDING_TTL_MS / 1000 });
      return reply.redirect(url, 302);
    } catch (err) {
      return fail(reply, err);
    }
  });

  app.get('/api/auth/oidc/callback', { config: { access: 'public' }, schema: { tags: ['accounts'], summary: 'Where the identity provider sends the browser back' } }, async (req, reply) => {
    if (!oidc) return reply.status(404).send({ error: { code: 'oidc-not-configured', message: 'single sign-on is not configured on this server' } });
    const id = req.cookies?.[PENDING_COOKIE];
    const entry = id ? pending.get(id) : undefined;
    if (id) pending.delete(id); // single use, whatever the outcome
    try {
      if (!entry || entry.expires < Date.now()) throw new OidcError('oidc-state-expired', 'the sign-in took too long or was started elsewhere; start again');
      const identity = await (await client()).complete(new URL(req.url, 'http://callback.invalid'), entry.state);
      const org = identity.organisation ? await findOrganisationByName(store.db, identity.organisation) : null;
      const fallbackOrg = oidc.defaultOrganisation ? await findOrganisationByName(store.db, oidc.defaultOrganisation) : null;
      const user = await oidcAccount(
        store.db,
        { ...identity, roles: identity.roles.filter((r) => (oidc.allowedRoles as readonly string[]).includes(r)) },
        { orgId: org?.id ?? fallbackOrg?.id ?? DEFAULT_ORG_ID, role: oidc.defaultRole },
      );
      const old = req.cookies?.[SESSION_COOKIE];
      if (old) await endSession(store.db, old);
      const { secret, session } = await createSession(store.db, user, { ip: req.ip, userAgent: req.headers['user-agent'] });
      req.principal = session.principal;
      await audit(store, req, { action: 'auth.login', outcome: 'success', detail: { method: 'oidc', issuer: identity.issuer } });
      setSessionCookie(reply, secret, options.secureCookies);
      void reply.clearCookie(PENDING_COOKIE, cookieOptions);
      return reply.redirect('/', 302);
    } catch (err) {
      await audit(store, req, {
        actor: 'oidc', actorKind: 'anonymous', orgId: null, action: 'auth.login', outcome: 'failure',
        detail: { method: 'oidc', reason: err instanceof BulwarkError ? err.code : 'error' },
      });
      return fail(reply, err);
    }
  });
}
