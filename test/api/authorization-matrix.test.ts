/**
 * The authorisation matrix, generated from the server's own route table: every API route × no
 * credentials and every role. A route added without an access rule stops the server from starting;
 * a route whose rule and behaviour disagree fails here.
 */
import { expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ROLES, roleAllows, type Role } from '../../src/model/auth.js';
import { buildApp } from '../../src/server/app.js';
import { describeEachDialect } from '../support/stores.js';
import { testToken } from '../support/app.js';

const SOME_ID = '01900000-0000-7000-8000-00000000abcd';


function concreteUrl(url: string): string {
  return url.replace(/:[A-Za-z]+/g, SOME_ID);
}

describeEachDialect('authorisation matrix', (h) => {
  let app: FastifyInstance;
  const tokens = new Map<Role, string>();

  it('has a rule for every API route, and every role gets exactly what its rule says', async () => {
    app = await buildApp({ store: h.store, webRoot: null, rateLimitPerMinute: 0, loginRateLimit: 100_000 });
    try {
      for (const role of ROLES) tokens.set(role, await testToken(h.store, role));
      const table = app.routeTable;
      expect(table.length).toBeGreaterThan(50);
      const problems: string[] = [];
      for (const route of table) {
        const url = concreteUrl(route.url);
        const send = (authorization?: string) =>
          app.inject({
            method: route.method as 'GET',
            url,
            headers: { ...(authorization ? { authorization } : {}), 'content-type': 'application/json' },
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
          });
        const anonymous = await send();
        if (route.access === 'public' ? anonymous.statusCode === 401 : anonymous.statusCode !== 401) {
          problems.push(`${route.method} ${route.url} (${route.access}) without credentials answered ${anonymous.statusCode}`);
        }
        for (const role of ROLES) {
          const res = await send(`Bearer ${tokens.get(role)}`);
          // Tokens never satisfy `session` routes (the matrix signs in with tokens).
          const allowed = route.access === 'public' || route.access === 'signed-in' || (route.access !== 'session' && roleAllows(role, route.access));
          const refused = res.statusCode === 401 || res.statusCode === 403;
          if (allowed === refused) {
            problems.push(`${route.method} ${route.url} (${route.access}) as ${role} answered ${res.statusCode}: ${res.body.slice(0, 160)}`);
          }
          if (res.statusCode >= 500) problems.push(`${route.method} ${route.url} as ${role} answered ${res.statusCode}`);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      await app.close();
    }
  }, 240_000);

  it('refuses to start when a route has no access rule', async () => {
    const { default: Fastify } = await import('fastify');
    const { installAuth } = await import('../../src/server/auth.js');
    const bare = Fastify();
    installAuth(bare, h.store);
    expect(() => bare.get('/api/forgotten', async () => ({ secret: true }))).toThrow(/declares no access rule/);
    await bare.close();
  });
});
