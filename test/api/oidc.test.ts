/**
 * Single sign-on through a real OpenID Connect provider (oidc-provider) started on 127.0.0.1:
 * the browser's round trip is played by plain HTTP, and the Bulwark side by the real routes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { createOrganisation } from '../../src/services/auth/accounts.js';
import { oidcOptionsFromEnv } from '../../src/server/routes/oidc.js';
import { describeEachDialect } from '../support/stores.js';
import { DEFAULT_TEST_ACCOUNTS, startOidcProvider, TEST_SCOPES, type TestOidcProvider } from '../support/oidc-provider.js';

describeEachDialect('OpenID Connect sign-in', (h) => {
  let op: TestOidcProvider;
  beforeAll(async () => {
    op = await startOidcProvider({
      accounts: { ...DEFAULT_TEST_ACCOUNTS, mallory: { email: 'mallory@idp.example', roles: ['admin'], org: 'csirt-a' } },
    });
  });
  afterAll(async () => {
    await op.stop();
  });

  const appWithOidc = async (): Promise<FastifyInstance> =>
    buildApp({
      store: h.store,
      webRoot: null,
      rateLimitPerMinute: 0,
      oidc: oidcOptionsFromEnv(
        {
          issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, redirectUri: 'http://127.0.0.1:8080/api/auth/oidc/callback',
          scopes: TEST_SCOPES, orgClaim: 'org', allowInsecureHttp: true,
        },
        {},
      ),
    });

  async function signIn(app: FastifyInstance, username: string) {
    const start = await app.inject('/api/auth/oidc/start');
    expect(start.statusCode).toBe(302);
    const pending = start.cookies.find((c) => c.name === 'bulwark_oidc')!;
    expect(pending).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const callback = new URL(await op.loginAs(username, start.headers.location as string));
    const done = await app.inject({ url: `${callback.pathname}${callback.search}`, cookies: { bulwark_oidc: pending.value } });
    return { done, callback, pending };
  }

  it('signs a person in through the provider, with the organisation and role the token names', async () => {
    await createOrganisation(h.store.db, { name: 'csirt-a', kind: 'csirt' });
    const app = await appWithOidc();
    try {
      expect((await app.inject('/api/auth/config')).json()).toMatchObject({ password: true, oidc: { enabled: true } });
      const { done, callback, pending } = await signIn(app, 'alice');
      expect(done.statusCode).toBe(302);
      expect(done.headers.location).toBe('/');
      const session = done.cookies.find((c) => c.name === 'bulwark_session')!;
      const me = (await app.inject({ url: '/api/auth/me', cookies: { bulwark_session: session.value } })).json();
      expect(me).toMatchObject({ user: { email: 'alice@csirt-a.example', signIn: 'oidc' }, role: 'analyst', organisation: { name: 'csirt-a' } });

      // The callback is single use: replaying it (code and pending login) is refused.
      const replay = await app.inject({ url: `${callback.pathname}${callback.search}`, cookies: { bulwark_oidc: pending.value } });
      expect(replay.statusCode).toBe(401);
      // A callback without the browser's pending cookie is refused.
      const stray = await app.inject({ url: `${callback.pathname}${callback.search}` });
      expect(stray.statusCode).toBe(401);

      // The provider cannot make anyone an administrator unless told it may; the default role applies.
      const mallory = await signIn(app, 'mallory');
      const cookie = mallory.done.cookies.find((c) => c.name === 'bulwark_session')!;
      expect((await app.inject({ url: '/api/auth/me', cookies: { bulwark_session: cookie.value } })).json()).toMatchObject({ role: 'operator' });

      const log = await h.store.db.selectFrom('audit_log').select(['action', 'outcome', 'detail']).where('action', '=', 'auth.login').execute();
      expect(log.filter((e) => e.outcome === 'success' && (e.detail ?? '').includes('oidc')).length).toBe(2);
      expect(log.filter((e) => e.outcome === 'failure').length).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('says so when single sign-on is not configured', async () => {
    const app = await buildApp({ store: h.store, webRoot: null, rateLimitPerMinute: 0 });
    try {
      expect((await app.inject('/api/auth/config')).json()).toMatchObject({ oidc: { enabled: false } });
      expect((await app.inject('/api/auth/oidc/start')).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
