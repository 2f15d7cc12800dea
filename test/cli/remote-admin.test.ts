/**
 * Administration over the API: `users`, `orgs`, `tokens` and `audit` against a real server on
 * 127.0.0.1 (signed in with BULWARK_SERVER + BULWARK_TOKEN) do what they do on the server's
 * database, print the same, are refused to roles without the permission, and the server's audit
 * log records each change under the token's account.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { findUserByName } from '../../src/services/auth/accounts.js';
import { listAudit } from '../../src/services/audit.js';
import { openStore, type Store } from '../../src/store/database.js';
import { TEST_PASSWORD, testToken } from '../support/app.js';
import { runCliAsync } from '../support/cli.js';

describe('administration commands against a remote server', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-remote-admin-'));
  const dbFile = join(dir, 'server.db');
  let store: Store;
  let app: FastifyInstance;
  let url = '';
  let admin: Record<string, string>;

  beforeAll(async () => {
    store = await openStore(dbFile);
    app = await buildApp({ store, webRoot: null, rateLimitPerMinute: 0, loginRateLimit: 1000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    admin = { BULWARK_SERVER: url, BULWARK_TOKEN: await testToken(store, 'admin') };
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const remote = (args: string[], env: Record<string, string> = admin, input?: string) => runCliAsync(args, { env, input });
  const local = (args: string[]) => runCliAsync(['--db', dbFile, ...args]);
  const ok = (r: { code: number; stderr: string }, what: string) => expect(r.code, `${what}: ${r.stderr}`).toBe(0);

  it('creates and lists organisations and accounts over the API, printing what the database prints', async () => {
    const csirt = await remote(['orgs', 'add', 'CERT-X', '--kind', 'csirt']);
    ok(csirt, 'orgs add');
    expect(csirt.stdout).toMatch(/^created organisation CERT-X \(csirt\) [0-9a-f-]{36}\n$/);
    const client = await remote(['orgs', 'add', 'Water Co', '--kind', 'operator', '--client-of', 'CERT-X', '--no-community']);
    ok(client, 'orgs add --client-of');
    const certX = (await store.db.selectFrom('organisations').selectAll().where('name', '=', 'CERT-X').executeTakeFirstOrThrow()).id;
    expect(await store.db.selectFrom('organisations').select(['kind', 'community', 'client_of']).where('name', '=', 'Water Co').executeTakeFirstOrThrow()).toMatchObject({
      kind: 'operator', client_of: certX,
    });

    const bob = await remote(['--org', 'CERT-X', 'users', 'add', 'bob', '--role', 'analyst', '--password-stdin'], admin, `${TEST_PASSWORD}\n`);
    ok(bob, 'users add');
    expect(bob.stdout).toBe('created bob (analyst) in CERT-X\n');
    const carol = await remote(['users', 'add', 'carol', '--role', 'auditor']);
    ok(carol, 'users add (generated password)');
    expect(carol.stdout).toMatch(/^created carol \(auditor\) in the hosting organisation\npassword for carol: \S{12,}\n/);
    expect(await findUserByName(store.db, 'bob')).toMatchObject({ orgId: certX, role: 'analyst' });
    const signIn = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'carol', password: /password for carol: (\S+)/.exec(carol.stdout)![1] } });
    expect(signIn.statusCode).toBe(200);

    const pairs = [['orgs', 'list'], ['users', 'list', '--json']];
    const results = await Promise.all(pairs.flatMap((args) => [remote(args), local(args)]));
    pairs.forEach((args, i) => {
      ok(results[2 * i]!, args.join(' '));
      expect(results[2 * i]!.stdout, args.join(' ')).toBe(results[2 * i + 1]!.stdout);
    });
    expect(results[0]!.stdout).toMatch(/Water Co .*operator .*no .*CERT-X/);
    expect(JSON.parse(results[2]!.stdout)).toContainEqual(expect.objectContaining({ username: 'bob', role: 'analyst', orgId: certX }));
    const table = await remote(['users', 'list']);
    ok(table, 'users list');
    expect(table.stdout).toMatch(/bob .*analyst .*CERT-X .*active/);
  });

  it('changes roles and states, resets passwords and revokes tokens over the API; the server audits each', async () => {
    const steps: Array<[string[], string]> = [
      [['users', 'set-role', 'bob', 'operator'], 'bob: analyst → operator\n'],
      [['users', 'disable', 'bob'], 'bob: disabled\n'],
      [['users', 'enable', 'bob'], 'bob: enabled\n'],
      [['users', 'unlock', 'bob'], 'bob: unlocked\n'],
    ];
    for (const [args, out] of steps) {
      const r = await remote(args);
      ok(r, args.join(' '));
      expect(r.stdout).toBe(out);
    }
    expect(await findUserByName(store.db, 'bob')).toMatchObject({ role: 'operator', disabled: false });
    const reset = await remote(['users', 'reset-password', 'bob', '--password-stdin'], admin, 'a brand new passphrase\n');
    ok(reset, 'users reset-password');
    expect(reset.stdout).toBe('bob: password set\n');
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bob', password: 'a brand new passphrase' } })).statusCode).toBe(200);

    // Bob's token: listed for the administrator, then revoked by id; it stops working.
    const bobToken = await testToken(store, 'operator', undefined, 'bob');
    const tokenId = (await store.db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').select('api_tokens.id').where('users.username', '=', 'bob').executeTakeFirstOrThrow()).id;
    const [listed, listedLocally, mine] = await Promise.all([
      remote(['tokens', 'list', '--user', 'bob', '--json']),
      local(['tokens', 'list', '--user', 'bob', '--json']),
      remote(['tokens', 'list', '--json'], { BULWARK_SERVER: url, BULWARK_TOKEN: bobToken }),
    ]);
    ok(listed, 'tokens list --user');
    ok(mine, 'tokens list (own)');
    const ids = (r: { stdout: string }) => (JSON.parse(r.stdout) as { id: string }[]).map((t) => t.id);
    expect(ids(listed)).toEqual([tokenId]);
    expect(ids(listed)).toEqual(ids(listedLocally));
    // Someone who is not an administrator sees their own tokens only.
    expect(ids(mine)).toEqual([tokenId]);
    const revoked = await remote(['tokens', 'revoke', tokenId]);
    ok(revoked, 'tokens revoke');
    expect(revoked.stdout).toBe(`revoked token ${tokenId} (test of bob)\n`);
    expect((await fetch(`${url}/api/assets`, { headers: { authorization: `Bearer ${bobToken}` } })).status).toBe(401);

    const actions = (await listAudit(store.db, { orgId: null, actor: 'test-admin', limit: 500 })).items.map((e) => e.action);
    for (const action of ['user.create', 'user.role', 'user.disable', 'user.enable', 'user.unlock', 'user.password-reset', 'POST /api/organisations', 'DELETE /api/tokens/:id']) {
      expect(actions, action).toContain(action);
    }
    const [auditList, verify] = await Promise.all([remote(['audit', 'list', '--action', 'user.role', '--json']), remote(['audit', 'verify', '--json'])]);
    ok(auditList, 'audit list');
    expect(JSON.parse(auditList.stdout)).toEqual([expect.objectContaining({ action: 'user.role', detail: { username: 'bob', from: 'analyst', to: 'operator' } })]);
    ok(verify, 'audit verify');
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
  });

  it('refuses what the account may not do, and unknown names, with exit 2', async () => {
    const analyst = { BULWARK_SERVER: url, BULWARK_TOKEN: await testToken(store, 'analyst') };
    const [users, orgs, audit, unknown, noOrg] = await Promise.all([
      remote(['users', 'list'], analyst),
      remote(['orgs', 'add', 'Rogue', '--kind', 'partner'], analyst),
      remote(['audit', 'list'], analyst),
      remote(['users', 'set-role', 'nobody', 'admin']),
      remote(['--org', 'No Such Org', 'users', 'add', 'dave', '--role', 'analyst']),
    ]);
    for (const r of [users, orgs, audit, unknown, noOrg]) expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(users.stderr).toMatch(/the analyst role may not do this \(needs admin\)/);
    expect(orgs.stderr).toMatch(/needs admin/);
    expect(audit.stderr).toMatch(/needs audit/);
    expect(unknown.stderr).toMatch(/user nobody not found/);
    expect(noOrg.stderr).toMatch(/organisation No Such Org not found/);
    expect(await findUserByName(store.db, 'dave')).toBeNull();
    expect(await store.db.selectFrom('organisations').select('id').where('name', '=', 'Rogue').executeTakeFirst()).toBeUndefined();
  });
});
