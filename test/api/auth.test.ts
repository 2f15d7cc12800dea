/**
 * Accounts and sessions, tested as an attacker would: no credentials, a stolen or fixed session id,
 * a missing CSRF token, brute force, a revoked or expired token, a token asking for more than its
 * owner has, and an audit log edited behind the application's back.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/server/app.js';
import { createUser, DEFAULT_ORG_ID, LOCKOUT } from '../../src/services/auth/accounts.js';
import { verifyAudit } from '../../src/services/audit.js';
import { describeEachDialect } from '../support/stores.js';
import { TEST_PASSWORD, testToken } from '../support/app.js';

function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'bulwark_session');
  if (!c) throw new Error(`no session cookie in ${JSON.stringify(res.headers['set-cookie'])}`);
  return c.value;
}

describeEachDialect('accounts, sessions and tokens', (h) => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildApp({ store: h.store, webRoot: null, rateLimitPerMinute: 0, loginRateLimit: 1000 });
    await createUser(h.store.db, { orgId: DEFAULT_ORG_ID, username: 'alice', role: 'analyst', password: TEST_PASSWORD }).catch(() => undefined);
  });
  afterEach(async () => {
    await app.close();
  });

  const login = (username: string, password: string, cookies?: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, ...(cookies ? { cookies } : {}) });

  it('refuses every data route without credentials, but answers health', async () => {
    expect((await app.inject('/api/assets')).statusCode).toBe(401);
    expect((await app.inject('/api/assets')).json().error.code).toBe('unauthenticated');
    expect((await app.inject({ method: 'POST', url: '/api/assets', payload: { name: 'x' } })).statusCode).toBe(401);
    expect((await app.inject('/api/health')).statusCode).toBe(200);
    const bad = await app.inject({ url: '/api/assets', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('invalid-token');
  });

  it('signs in with an HttpOnly SameSite=Strict cookie, demands the CSRF token for changes, and signs out', async () => {
    const res = await login('alice', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    const body = res.json();
    expect(body).toMatchObject({ user: { username: 'alice', role: 'analyst' }, role: 'analyst', via: 'session' });
    expect(JSON.stringify(body)).not.toMatch(/scrypt|password_hash/);
    const cookies = { bulwark_session: sessionCookie(res) };

    expect((await app.inject({ url: '/api/assets', cookies })).statusCode).toBe(200);
    const noCsrf = await app.inject({ method: 'POST', url: '/api/assets', payload: { name: 'PLC-9' }, cookies });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf-failed');
    const wrongCsrf = await app.inject({ method: 'POST', url: '/api/assets', payload: { name: 'PLC-9' }, cookies, headers: { 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrongCsrf.statusCode).toBe(403);
    const ok = await app.inject({ method: 'POST', url: '/api/assets', payload: { name: 'PLC-9' }, cookies, headers: { 'x-csrf-token': body.csrfToken } });
    expect(ok.statusCode).toBe(201);

    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', cookies, headers: { 'x-csrf-token': body.csrfToken } });
    expect(out.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/assets', cookies })).statusCode).toBe(401);
  });

  it('never keeps a session id the browser brought (no fixation)', async () => {
    const first = sessionCookie(await login('alice', TEST_PASSWORD));
    const second = await login('alice', TEST_PASSWORD, { bulwark_session: first });
    const fresh = sessionCookie(second);
    expect(fresh).not.toBe(first);
    expect((await app.inject({ url: '/api/auth/me', cookies: { bulwark_session: first } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/auth/me', cookies: { bulwark_session: fresh } })).statusCode).toBe(200);
    // A made-up id planted before sign-in is never honoured.
    const planted = await login('alice', TEST_PASSWORD, { bulwark_session: 'attacker-chosen-id' });
    expect(sessionCookie(planted)).not.toBe('attacker-chosen-id');
  });

  it('locks an account after repeated failures, tells nobody which part was wrong, and audits every attempt', async () => {
    const unknown = await login('nobody', 'whatever-password');
    const wrong = await login('alice', 'not-the-password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
    for (let i = 1; i < LOCKOUT.attempts - 1; i++) expect((await login('alice', 'not-the-password')).statusCode).toBe(401);
    const locked = await login('alice', 'not-the-password');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    // Even the right password is refused while locked.
    const right = await login('alice', TEST_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('too-many-attempts');

    const admin = await testToken(h.store);
    const log = await app.inject({ url: '/api/audit?action=auth.login&outcome=failure&limit=50', headers: { authorization: `Bearer ${admin}` } });
    expect(log.statusCode).toBe(200);
    const actors = log.json().items.map((e: { actor: string }) => e.actor);
    expect(actors.filter((a: string) => a === 'alice').length).toBeGreaterThanOrEqual(LOCKOUT.attempts);
    expect(actors).toContain('nobody');
    expect(JSON.stringify(log.json())).not.toContain('not-the-password');
  });

  it('rate-limits sign-in attempts per client address', async () => {
    const limited = await buildApp({ store: h.store, webRoot: null, rateLimitPerMinute: 0, loginRateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await limited.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'x'.repeat(12) } })).statusCode);
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes.slice(3)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('issues tokens shown once, refuses them after revocation or expiry, and never above the owner role', async () => {
    const cookies = { bulwark_session: '' };
    const res = await login('alice', TEST_PASSWORD);
    cookies.bulwark_session = sessionCookie(res);
    const csrf = { 'x-csrf-token': res.json().csrfToken };
    const tooHigh = await app.inject({ method: 'POST', url: '/api/tokens', cookies, headers: csrf, payload: { name: 'ci', role: 'admin' } });
    expect(tooHigh.statusCode).toBe(403);
    const made = await app.inject({ method: 'POST', url: '/api/tokens', cookies, headers: csrf, payload: { name: 'ci', role: 'operator', expiresInDays: 7 } });
    expect(made.statusCode).toBe(201);
    const { token, id } = made.json();
    expect(token).toMatch(/^bwk_/);
    const listed = await app.inject({ url: '/api/tokens', cookies });
    expect(JSON.stringify(listed.json())).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: '/api/assets', headers: bearer })).statusCode).toBe(200);
    // The operator token may not write, although its owner (analyst) could.
    expect((await app.inject({ method: 'POST', url: '/api/assets', headers: bearer, payload: { name: 'x' } })).statusCode).toBe(403);
    const revoked = await app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, cookies, headers: csrf });
    expect(revoked.statusCode).toBe(200);
    const replay = await app.inject({ url: '/api/assets', headers: bearer });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('token-revoked');

    await h.store.db.updateTable('api_tokens').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('revoked_at', 'is', null).execute();
    const admin = await testToken(h.store);
    await h.store.db.updateTable('api_tokens').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('revoked_at', 'is', null).where('name', '=', 'test').execute();
    const expired = await app.inject({ url: '/api/assets', headers: { authorization: `Bearer ${admin}` } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('token-expired');
  });

  it('gives each role exactly its permissions', async () => {
    const as = async (role: 'operator' | 'auditor' | 'partner' | 'analyst') => ({ authorization: `Bearer ${await testToken(h.store, role)}` });
    const operator = await as('operator');
    const auditor = await as('auditor');
    const analyst = await as('analyst');
    const partner = await as('partner');
    expect((await app.inject({ method: 'POST', url: '/api/assets', headers: operator, payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/assets', headers: analyst, payload: { name: 'x' } })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/assets', headers: partner, payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/audit', headers: auditor })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/audit', headers: analyst })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/users', headers: analyst })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/users', headers: auditor, payload: { username: 'eve', role: 'admin', password: 'x'.repeat(12) } })).statusCode).toBe(403);
  });

  it('audits writes, role changes and exports, and detects an edited, deleted or rewritten audit log', async () => {
    const admin = { authorization: `Bearer ${await testToken(h.store)}` };
    await app.inject({ method: 'POST', url: '/api/assets', headers: admin, payload: { name: 'RTU-7' } });
    await app.inject({ url: '/api/assets/export?format=json', headers: admin });
    const bob = await app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'bob', role: 'operator', password: TEST_PASSWORD } });
    await app.inject({ method: 'PATCH', url: `/api/users/${bob.json().id}`, headers: admin, payload: { role: 'auditor' } });
    const log = (await app.inject({ url: '/api/audit?limit=100', headers: admin })).json();
    const actions = log.items.map((e: { action: string }) => e.action);
    expect(actions).toContain('POST /api/assets');
    expect(actions).toContain('export /api/assets/export');
    expect(actions).toContain('user.create');
    expect(actions).toContain('user.role');
    const role = log.items.find((e: { action: string }) => e.action === 'user.role');
    expect(role).toMatchObject({ actor: expect.stringContaining('test-admin'), source: '127.0.0.1', detail: { from: 'operator', to: 'auditor' } });

    const ok = (await app.inject({ url: '/api/audit/verify', headers: admin })).json();
    expect(ok.ok).toBe(true);
    const anchor = `${ok.head.seq}:${ok.head.hash}`;

    // The application cannot change entries: the database refuses.
    await expect(h.store.db.updateTable('audit_log').set({ actor: 'someone-else' }).where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);
    await expect(h.store.db.deleteFrom('audit_log').where('seq', '=', 2).execute()).rejects.toThrow(/append-only/);

    // Someone with the database file removes the guard and edits an entry: verification finds it.
    const unguard = async () =>
      h.store.dialect === 'sqlite'
        ? sql`DROP TRIGGER audit_log_no_update`.execute(h.store.db).then(() => sql`DROP TRIGGER audit_log_no_delete`.execute(h.store.db))
        : sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(h.store.db);
    await unguard();
    await h.store.db.updateTable('audit_log').set({ actor: 'someone-else' }).where('seq', '=', 2).execute();
    const edited = await verifyAudit(h.store.db);
    expect(edited).toMatchObject({ ok: false, problem: { seq: 2, reason: expect.stringMatching(/edited/) } });
    await h.store.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
    expect((await verifyAudit(h.store.db)).problem?.reason).toMatch(/missing/);

    // A consistent rewrite of the whole chain is caught only against an outside anchor.
    const rows = await h.store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    await h.store.db.deleteFrom('audit_log').execute();
    const { entryHash, GENESIS_HASH } = await import('../../src/services/audit.js');
    let prev = GENESIS_HASH;
    let seq = 0;
    for (const r of rows) {
      seq++;
      const row = { ...r, seq, prev_hash: prev, actor: r.actor === 'someone-else' ? 'test-admin' : r.actor };
      const { hash: _old, ...rest } = row;
      const hash = entryHash(rest);
      await h.store.db.insertInto('audit_log').values({ ...rest, hash }).execute();
      prev = hash;
    }
    await h.store.db.updateTable('audit_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
    expect((await verifyAudit(h.store.db)).ok).toBe(true);
    const [aSeq, aHash] = anchor.split(':');
    const anchored = await verifyAudit(h.store.db, { seq: Number(aSeq), hash: aHash! });
    expect(anchored.ok).toBe(false);
  });

  it('refuses oversized bodies and never answers with a stack trace', async () => {
    const admin = { authorization: `Bearer ${await testToken(h.store)}` };
    const big = await app.inject({ method: 'POST', url: '/api/assets', headers: { ...admin, 'content-type': 'application/json' }, payload: `{"name":"${'x'.repeat(2 * 1024 * 1024)}"}` });
    expect(big.statusCode).toBe(413);
    const broken = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('sends security headers with a strict content security policy', async () => {
    const res = await app.inject('/api/health');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('answers the sign-in probe with 200 whether or not a session is signed in', async () => {
    const out = await app.inject('/api/auth/session');
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ signedIn: false });
    // A session that no longer exists is simply signed out, too.
    expect((await app.inject({ url: '/api/auth/session', cookies: { bulwark_session: 'x'.repeat(43) } })).json()).toEqual({ signedIn: false });
    const cookie = sessionCookie(await login('alice', TEST_PASSWORD));
    const signedIn = await app.inject({ url: '/api/auth/session', cookies: { bulwark_session: cookie } });
    expect(signedIn.statusCode).toBe(200);
    const me = (await app.inject({ url: '/api/auth/me', cookies: { bulwark_session: cookie } })).json();
    expect(signedIn.json()).toEqual({ signedIn: true, ...me });
    expect(signedIn.json()).toMatchObject({ user: { username: 'alice' }, role: 'analyst', csrfToken: expect.any(String) });
  });
});
