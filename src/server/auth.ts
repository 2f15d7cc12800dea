/**
 * Authentication and authorisation for every API route. Each route declares its access rule in
 * `config.access`; a route under /api without one stops the server from starting, so no route
 * can be added unguarded. Sessions (UI) come from an HttpOnly SameSite cookie and must send the
 * CSRF token on every change; API tokens come as `Authorization: Bearer`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import {
  AuthenticationError,
  ForbiddenError,
  roleAllows,
  type Permission,
  type Principal,
} from '../model/auth.js';
import { actorOf, appendAudit, type AuditInput } from '../services/audit.js';
import { resolveApiToken, resolveSession, sameSecret } from '../services/auth/credentials.js';
import type { Scope } from '../model/scope.js';
import type { Store } from '../store/database.js';

/**
 * `public`: anyone; `signed-in`: any account; `session`: any account signed in through the UI
 * (not a token); otherwise the permission the role must grant.
 */
export type Access = 'public' | 'signed-in' | 'session' | Permission;

export const SESSION_COOKIE = 'bulwark_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Audit this read as an export (data leaving the system). */
    auditAs?: 'export';
  }
  interface FastifyRequest {
    principal: Principal | null;
    csrfToken: string | null;
    scope: Scope | null;
    /** The refusal of this request is in the audit log already (the response hook adds no second entry). */
    refusalAudited: boolean;
  }
}

export interface RouteRule {
  method: string;
  url: string;
  access: Access;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes of mounted plug-ins (API docs) that carry no data. */
const PLUGIN_PREFIXES = ['/api/docs'];

/** What the signed-in account may see; every route that touches tenant data passes it on. */
export function scopeOf(req: FastifyRequest): Scope {
  if (!req.scope) throw new AuthenticationError();
  return req.scope;
}

/** The scope of a principal: its organisation (and sites); partners see only what was shared with them. */
export async function resolveScope(store: Store, p: Principal): Promise<Scope> {
  const org = await store.db.selectFrom('organisations').select(['community', 'client_of']).where('id', '=', p.orgId).executeTakeFirst();
  return {
    orgId: p.orgId,
    siteIds: p.siteIds,
    view: p.role === 'partner' ? 'shared' : 'own',
    userId: p.userId,
    inCommunity: Boolean(org?.community),
    clientOf: org?.client_of ?? null,
  };
}

/** The signed-in principal; routes with access other than `public` always have one. */
export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw new AuthenticationError();
  return req.principal;
}

export function clientAddress(req: FastifyRequest): string {
  return req.ip;
}

export async function audit(store: Store, req: FastifyRequest, input: Omit<AuditInput, 'actor' | 'actorKind' | 'source'> & Partial<AuditInput>): Promise<void> {
  const who = req.principal ? actorOf(req.principal) : { actor: 'anonymous', actorKind: 'anonymous' as const, orgId: null };
  try {
    await appendAudit(store, { ...who, source: clientAddress(req), ...input });
  } catch (err) {
    req.log.error({ err }, 'audit append failed');
  }
}

/** Records a refusal once: the response hook skips requests whose refusal is already in the log. */
async function auditRefusal(store: Store, req: FastifyRequest, input: Omit<AuditInput, 'actor' | 'actorKind' | 'source'>): Promise<void> {
  req.refusalAudited = true;
  await audit(store, req, input);
}

/** Installs the hooks; returns the route table (every API route with its rule) for tests and docs. */
export function installAuth(app: FastifyInstance, store: Store): RouteRule[] {
  const table: RouteRule[] = [];
  app.decorateRequest('principal', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('scope', null);
  app.decorateRequest('refusalAudited', false);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/') || PLUGIN_PREFIXES.some((p) => route.url.startsWith(p))) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!access) throw new Error(`route ${methods.join(',')} ${route.url} declares no access rule (config.access)`);
    for (const method of methods) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (req, reply) => {
    const url = req.routeOptions.url;
    if (!url || !url.startsWith('/api/') || PLUGIN_PREFIXES.some((p) => url.startsWith(p))) return;
    const access = req.routeOptions.config.access ?? 'admin';
    await identify(store, req);
    if (req.principal) req.scope = await resolveScope(store, req.principal);
    if (access === 'public') return;
    if (!req.principal) throw new AuthenticationError();
    if (req.principal.via === 'session' && UNSAFE.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !req.csrfToken || !sameSecret(sent, req.csrfToken)) {
        await auditRefusal(store, req, { action: `${req.method} ${url}`, outcome: 'denied', detail: { reason: 'missing or wrong CSRF token' } });
        throw new ForbiddenError('the request lacks a valid CSRF token; reload the page', 'csrf-failed');
      }
    }
    if (access === 'session' && req.principal.via !== 'session') {
      await auditRefusal(store, req, { action: `${req.method} ${url}`, outcome: 'denied', detail: { reason: 'needs a signed-in session', via: req.principal.via } });
      throw new ForbiddenError('this is done from a signed-in session, not with a token', 'session-required');
    }
    if (access !== 'signed-in' && access !== 'session' && !roleAllows(req.principal.role, access)) {
      await auditRefusal(store, req, { action: `${req.method} ${url}`, outcome: 'denied', detail: { needs: access, role: req.principal.role } });
      throw new ForbiddenError(`the ${req.principal.role} role may not do this (needs ${access})`);
    }
    void reply;
  });

  // Every change, export and token use lands in the audit log with its outcome.
  app.addHook('onResponse', async (req, reply) => {
    const url = req.routeOptions.url;
    if (!url || !url.startsWith('/api/') || url.startsWith('/api/auth/')) return;
    const changed = UNSAFE.has(req.method);
    const exported = req.routeOptions.config.auditAs === 'export';
    const tokenUse = req.principal?.via === 'token';
    if (!changed && !exported && !tokenUse) return;
    if (reply.statusCode === 401) return; // no identity to record; failed sign-ins are audited by the login route
    if (req.refusalAudited) return; // refused before the handler ran, and recorded then with the reason
    const action = changed ? `${req.method} ${url}` : exported ? `export ${url}` : `token.use ${req.method} ${url}`;
    const params = req.params as Record<string, string> | undefined;
    await audit(store, req, {
      action,
      target: params && Object.keys(params).length > 0 ? JSON.stringify(params) : null,
      outcome: reply.statusCode < 400 ? 'success' : reply.statusCode === 403 ? 'denied' : 'failure',
      detail: { status: reply.statusCode, ...(req.url.includes('?') ? { query: req.url.slice(req.url.indexOf('?') + 1, 500) } : {}) },
    });
  });
  return table;
}

async function identify(store: Store, req: FastifyRequest): Promise<void> {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new AuthenticationError('the Authorization header must be "Bearer <token>"', 'invalid-token');
    try {
      req.principal = (await resolveApiToken(store.db, m[1]!)).principal;
    } catch (err) {
      if (err instanceof AuthenticationError) {
        await audit(store, req, { action: 'token.rejected', outcome: 'failure', detail: { reason: err.code, prefix: m[1]!.slice(0, 10) } });
      }
      throw err;
    }
    return;
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  if (cookie) {
    const session = await resolveSession(store.db, cookie);
    if (session) {
      req.principal = session.principal;
      req.csrfToken = session.csrfToken;
    }
  }
}

export function setSessionCookie(reply: FastifyReply, secret: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}
