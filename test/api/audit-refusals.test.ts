/**
 * Every refused request is in the audit log exactly once: refusals decided before the handler
 * runs (role, CSRF, session-only routes, a rejected token) are recorded there with their reason,
 * and the response hook does not add a second entry; refusals from a handler are recorded by the
 * response hook alone.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createUser, DEFAULT_ORG_ID } from '../../src/services/auth/accounts.js';
import { createApiToken } from '../../src/services/auth/credentials.js';
import { listAudit, verifyAudit, type AuditEntry } from '../../src/services/audit.js';
import { describeEachDialect } from '../support/stores.js';
import { TEST_PASSWORD, testToken } from '../support/app.js';

describeEachDialect('audit of refused requests', (h) => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildApp({ store: h.store, webRoot: null, rateLimitPerMinute: 0, loginRateLimit: 1000 });
  });
  afterEach(async () => {
    await app.close();
  });

  /**
   * The entries appended by `run`. The response hook runs after the answer is sent, so this waits
   * for the first entry, then long enough for a second one to show up if there were one.
   */
  const appendedBy = async (run: () => Promise<unknown>): Promise<AuditEntry[]> => {
    const before = (await verifyAudit(h.store.db)).head.seq;
    await run();
    const read = async () => (await listAudit(h.store.db, { orgId: null, limit: 500 })).items.filter((e) => e.seq > before).reverse();
    for (let i = 0; i < 100 && (await read()).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    return read();
  };
  const bearer = async (role: Parameters<typeof testToken>[1]) => ({ authorization: `Bearer ${await testToken(h.store, role)}` });

  it('records a refusal by role once, for changes and for token reads', async () => {
    const auditor = await bearer('auditor');
    const write = await appendedBy(async () => {
      expect((await app.inject({ method: 'POST', url: '/api/assets', payload: { name: 'PLC-1' }, headers: auditor })).statusCode).toBe(403);
    });
    expect(write).toEqual([expect.objectContaining({ action: 'POST /api/assets', outcome: 'denied', actorKind: 'token', detail: { needs: 'write', role: 'auditor' } })]);

    const operator = await bearer('operator');
    const read = await appendedBy(async () => {
      expect((await app.inject({ url: '/api/users', headers: operator })).statusCode).toBe(403);
    });
    expect(read).toEqual([expect.objectContaining({ action: 'GET /api/users', outcome: 'denied', detail: { needs: 'admin', role: 'operator' } })]);
  });

  it('records a session-only route refused to a token once', async () => {
    const analyst = await bearer('analyst');
    const entries = await appendedBy(async () => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/password', payload: { current: TEST_PASSWORD, password: 'another long password' }, headers: analyst });
      expect(res.statusCode).toBe(403);
    });
    expect(entries).toEqual([expect.objectContaining({ action: 'POST /api/auth/password', outcome: 'denied' })]);
  });

  it('records a change without the CSRF token once', async () => {
    await createUser(h.store.db, { orgId: DEFAULT_ORG_ID, username: 'alice', role: 'analyst', password: TEST_PASSWORD });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: TEST_PASSWORD } });
    const cookie = login.cookies.find((c) => c.name === 'bulwark_session')!.value;
    const entries = await appendedBy(async () => {
      const res = await app.inject({ method: 'POST', url: '/api/assets', payload: { name: 'PLC-1' }, cookies: { bulwark_session: cookie } });
      expect(res.json().error.code).toBe('csrf-failed');
    });
    expect(entries).toEqual([expect.objectContaining({ action: 'POST /api/assets', outcome: 'denied', actor: 'alice', detail: { reason: 'missing or wrong CSRF token' } })]);
  });

  it('records a rejected token once, and a refusal from the handler once', async () => {
    const rejected = await appendedBy(async () => {
      expect((await app.inject({ url: '/api/assets', headers: { authorization: `Bearer bwk_${'x'.repeat(40)}` } })).statusCode).toBe(401);
    });
    expect(rejected).toEqual([expect.objectContaining({ action: 'token.rejected', outcome: 'failure' })]);

    // An analyst limited to no site at all passes the role check; the inventory service refuses the asset.
    const user = await createUser(h.store.db, { orgId: DEFAULT_ORG_ID, username: 'nowhere', role: 'analyst', password: TEST_PASSWORD, siteIds: [] });
    const limited = { authorization: `Bearer ${(await createApiToken(h.store.db, user, { name: 'test' })).token}` };
    const refused = await appendedBy(async () => {
      const res = await app.inject({ method: 'POST', url: '/api/assets', payload: { name: 'PLC-1', site: 'North' }, headers: limited });
      expect(res.json().error.code).toBe('site-limited');
    });
    expect(refused).toEqual([expect.objectContaining({ action: 'POST /api/assets', outcome: 'denied', detail: { status: 403 } })]);

    // And an allowed change is one entry too.
    const admin = await bearer('admin');
    const done = await appendedBy(async () => {
      expect((await app.inject({ method: 'POST', url: '/api/assets', payload: { name: 'PLC-1' }, headers: admin })).statusCode).toBe(201);
    });
    expect(done).toEqual([expect.objectContaining({ action: 'POST /api/assets', outcome: 'success' })]);
    expect((await verifyAudit(h.store.db)).ok).toBe(true);
  });
});
