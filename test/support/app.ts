/**
 * The HTTP app for API tests, signed in: every `app.inject` carries an API token of an account
 * with the given role (default admin) unless the request sets its own Authorization header
 * (an empty one sends none).
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp, type AppOptions } from '../../src/server/app.js';
import type { Role } from '../../src/model/auth.js';
import { createUser, DEFAULT_ORG_ID, findUserByName } from '../../src/services/auth/accounts.js';
import { createApiToken } from '../../src/services/auth/credentials.js';
import type { Store } from '../../src/store/database.js';

export const TEST_PASSWORD = 'correct horse battery staple';

/** An account (created once per store) and a fresh token for it. */
export async function testToken(store: Store, role: Role = 'admin', orgId = DEFAULT_ORG_ID, username = `test-${role}`): Promise<string> {
  const user = (await findUserByName(store.db, username)) ?? (await createUser(store.db, { orgId, username, role, password: TEST_PASSWORD }));
  return (await createApiToken(store.db, user, { name: 'test' })).token;
}

/** Adds the Authorization header to requests that do not set one. */
export function signInjects(app: FastifyInstance, token: string): void {
  const inject = app.inject.bind(app) as (o: InjectOptions | string) => ReturnType<FastifyInstance['inject']>;
  const signed = (opts: InjectOptions | string) => {
    const o: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
    const headers = { ...(o.headers ?? {}) } as Record<string, string>;
    if (!('authorization' in headers)) headers.authorization = `Bearer ${token}`;
    else if (headers.authorization === '') delete headers.authorization;
    return inject({ ...o, headers });
  };
  (app as unknown as { inject: typeof signed }).inject = signed;
}

export async function buildTestApp(options: AppOptions & { role?: Role }): Promise<FastifyInstance> {
  const { role, ...rest } = options;
  const app = await buildApp({ webRoot: null, rateLimitPerMinute: 0, ...rest });
  signInjects(app, await testToken(options.store, role));
  return app;
}
