/**
 * Local administration on the database: accounts, organisations and tokens, each change in the
 * audit log as the command line's actor; and `audit verify` catching an entry edited behind
 * Bulwark's back (exit 3).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { authenticatePassword, findUserByName } from '../../src/services/auth/accounts.js';
import { createApiToken, resolveApiToken } from '../../src/services/auth/credentials.js';
import { openStore } from '../../src/store/database.js';
import { TEST_PASSWORD } from '../support/app.js';
import { runCliAsync } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-accounts-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('adds accounts and organisations, changes roles, disables, revokes tokens, audits each change, and verifies the audit chain', { timeout: 180_000 }, async () => {
  const dbFile = join(dir, 'admin.db');
  const cli = (args: string[], input?: string) => runCliAsync(['--db', dbFile, ...args], { input });

  const org = await cli(['orgs', 'add', 'Water Co', '--kind', 'operator', '--no-community']);
  expect(org.code, org.stderr).toBe(0);
  // Writes one after the other (as people do); reads may overlap.
  const alice = await cli(['users', 'add', 'alice', '--role', 'analyst', '--org', 'Water Co', '--password-stdin'], `${TEST_PASSWORD}\n`);
  const bob = await cli(['users', 'add', 'bob', '--role', 'operator']);
  expect(alice.code, alice.stderr).toBe(0);
  expect(alice.stdout).not.toContain(TEST_PASSWORD);
  expect(bob.code, bob.stderr).toBe(0);
  const generated = /password for bob: (\S{24})\n/.exec(bob.stdout)?.[1];
  expect(generated).toBeDefined();

  const store = await openStore(dbFile);
  try {
    const bobUser = await authenticatePassword(store.db, 'bob', generated!);
    const { token, record } = await createApiToken(store.db, bobUser, { name: 'ci' });

    const role = await cli(['users', 'set-role', 'alice', 'auditor']);
    const disabled = await cli(['users', 'disable', 'bob']);
    const duplicate = await cli(['users', 'add', 'alice', '--role', 'admin']);
    const revoked = await cli(['tokens', 'revoke', record.id]);
    expect(role.stdout).toBe('alice: analyst → auditor\n');
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toMatch(/the username "alice" is taken/);
    expect(revoked.code, revoked.stderr).toBe(0);
    await expect(resolveApiToken(store.db, token)).rejects.toThrow(/revoked/);

    const [list, audit, intact] = await Promise.all([cli(['users', 'list', '--json']), cli(['audit', 'list', '--actor', 'cli:', '--json']), cli(['audit', 'verify'])]);
    const users = JSON.parse(list.stdout) as Array<{ username: string; role: string; disabled: boolean; orgId: string }>;
    const waterCo = (await store.db.selectFrom('organisations').select('id').where('name', '=', 'Water Co').executeTakeFirstOrThrow()).id;
    expect(users.find((u) => u.username === 'alice')).toMatchObject({ role: 'auditor', disabled: false, orgId: waterCo });
    expect(users.find((u) => u.username === 'bob')).toMatchObject({ role: 'operator', disabled: true });
    expect((await findUserByName(store.db, 'bob'))?.disabled).toBe(true);

    expect(audit.code, audit.stderr).toBe(0);
    const entries = JSON.parse(audit.stdout) as Array<{ actor: string; actorKind: string; source: string; action: string; outcome: string; detail: Record<string, unknown> }>;
    expect(entries.map((e) => e.action).sort()).toEqual(['org.create', 'token.revoke', 'user.create', 'user.create', 'user.disable', 'user.role']);
    for (const e of entries) expect(e).toMatchObject({ actor: `cli:${userInfo().username}`, actorKind: 'cli', source: `cli@${hostname()}`, outcome: 'success' });
    expect(entries.find((e) => e.action === 'user.role')?.detail).toMatchObject({ username: 'alice', from: 'analyst', to: 'auditor' });
    expect(JSON.stringify(entries)).not.toContain(generated);

    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/^audit log intact: 6 entries verified\nhead 6:[0-9a-f]{64}\n/);

    // Someone with the database file drops the guard and edits an entry.
    await sql`DROP TRIGGER audit_log_no_update`.execute(store.db);
    await store.db.updateTable('audit_log').set({ actor: 'someone-else' }).where('seq', '=', 2).execute();
  } finally {
    await store.close();
  }
  const [broken, badAnchor] = await Promise.all([cli(['audit', 'verify']), cli(['audit', 'verify', '--anchor', 'latest'])]);
  expect(broken.code).toBe(3);
  expect(broken.stdout).toMatch(/audit log BROKEN at entry 2: its content does not match its hash \(edited\)/);
  expect(broken.stdout).toMatch(/#2 .* someone-else user\.create/);
  expect(broken.stdout).toMatch(/head 6:[0-9a-f]{64}/);
  expect(badAnchor.code).toBe(2);
});
