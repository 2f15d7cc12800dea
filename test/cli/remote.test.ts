/**
 * The command line against a real server (started here on 127.0.0.1 with its own SQLite file):
 * `bulwark login` keeps only a token, in a 0600 file, and never prints it; the same commands then
 * work over the API and print exactly what they print on the server's database; refused, revoked
 * and unsafe credentials give clear errors and exit 2; `logout` revokes the token.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { createUser, DEFAULT_ORG_ID, findUserByName } from '../../src/services/auth/accounts.js';
import { createApiToken, revokeApiToken } from '../../src/services/auth/credentials.js';
import { openStore, type Store } from '../../src/store/database.js';
import { TEST_PASSWORD, testToken } from '../support/app.js';
import { runCliAsync } from '../support/cli.js';
import { fixture, haveFixtures } from '../support/fixtures.js';

const CSV = [
  'name,kind,vendor,model,firmware,ip,mac,site,zone,purdue_level,criticality,external_id,panel',
  'PLC-01,plc,Siemens,S7-1500,V2.9.4,10.1.1.10,00:1b:1b:01:02:03,Water,Filtration,1,critical,A-1,P1',
  'HMI-01,hmi,Rockwell Automation,PanelView Plus 7,12.011,10.1.2.20,,Water,SCADA,2,high,A-2,',
].join('\n');

describe('bulwark against a remote server', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-remote-cli-'));
  const dbFile = join(dir, 'server.db');
  let store: Store;
  let app: FastifyInstance;
  let url = '';

  beforeAll(async () => {
    store = await openStore(dbFile);
    await createUser(store.db, { orgId: DEFAULT_ORG_ID, username: 'alice', role: 'admin', password: TEST_PASSWORD });
    app = await buildApp({ store, webRoot: null, rateLimitPerMinute: 0, loginRateLimit: 1000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The same command on the server's database, for comparison. */
  const local = (args: string[]) => runCliAsync(['--db', dbFile, ...args]);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('logs in to a 0600 file without printing the token, works over the API like locally, and logs out by revoking', async () => {
    const config = join(dir, 'config');
    const env = { BULWARK_CONFIG_DIR: config };
    const login = await runCliAsync(['login', url, '--username', 'alice', '--password-stdin', '--token-name', 'ci-test'], { input: `${TEST_PASSWORD}\n`, env });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/Signed in to http:\/\/127\.0\.0\.1:\d+ as alice \(admin, organisation Default organisation\)/);
    const file = join(config, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(config).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    expect(stored).toMatchObject({ url, username: 'alice', token: expect.stringMatching(/^bwk_/), tokenId: expect.any(String), expiresAt: expect.any(String) });
    expect(login.stdout + login.stderr).not.toContain(stored.token);
    // The password sign-in left no session behind: only the token remains.
    expect(await store.db.selectFrom('sessions').selectAll().execute()).toEqual([]);

    const csv = join(dir, 'plant.csv');
    writeFileSync(csv, CSV);
    const [whoami, imported] = await Promise.all([runCliAsync(['whoami'], { env }), runCliAsync(['assets', 'import', csv, '--json'], { env })]);
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(whoami.stdout).toContain(`alice on ${url}`);
    expect(whoami.stdout).toMatch(/role admin .*; organisation Default organisation \(operator\)/);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ source: 'plant.csv', created: 2, dryRun: false });

    const [remoteList, localList, remoteShow, localShow, missing] = await Promise.all([
      runCliAsync(['assets', 'list', '--json'], { env }),
      local(['assets', 'list', '--json']),
      runCliAsync(['assets', 'show', 'A-1'], { env }),
      local(['assets', 'show', 'A-1']),
      runCliAsync(['assets', 'show', 'no-such-asset'], { env }),
    ]);
    expect(remoteList.code, remoteList.stderr).toBe(0);
    expect(JSON.parse(remoteList.stdout)).toHaveLength(2);
    expect(remoteList.stdout).toBe(localList.stdout);
    expect(remoteShow.stdout).toMatch(/custom\.panel\s*│\s*P1/);
    expect(remoteShow.stdout).toBe(localShow.stdout);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/asset no-such-asset not found/);
    for (const r of [whoami, imported, remoteList, remoteShow]) expect(r.stdout + r.stderr).not.toContain(stored.token);

    const logout = await runCliAsync(['logout'], { env });
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.stdout).toMatch(/token revoked/);
    expect(existsSync(file)).toBe(false);
    const replay = await fetch(`${url}/api/assets`, { headers: bearer(stored.token) });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('token-revoked');
  });

  it('refuses with exit 2 and a clear message: a role without the permission, a revoked token, a file others can read, a local-only command; verifies the audit log', async () => {
    const server = (token: string) => ({ BULWARK_SERVER: url, BULWARK_TOKEN: token });
    const alice = (await findUserByName(store.db, 'alice'))!;
    const { token, record } = await createApiToken(store.db, alice, { name: 'ci' });
    const config = join(dir, 'config-unsafe');
    const file = join(config, 'credentials.json');
    mkdirSync(config, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ url, username: 'alice', token, tokenId: record.id, expiresAt: record.expiresAt }), { mode: 0o644 });
    chmodSync(file, 0o644);
    const env = { BULWARK_CONFIG_DIR: config };
    const auditor = server(await testToken(store, 'auditor'));
    const [forbidden, verified, unsafe] = await Promise.all([
      runCliAsync(['assets', 'import', '-'], { input: CSV, env: auditor }),
      runCliAsync(['audit', 'verify', '--json'], { env: auditor }),
      runCliAsync(['assets', 'list'], { env }),
    ]);
    expect(forbidden.code).toBe(2);
    expect(forbidden.stderr).toMatch(/the auditor role may not do this \(needs write\)/);
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, head: { seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(unsafe.code).toBe(2);
    expect(unsafe.stderr).toMatch(/refusing to use .*credentials\.json: other accounts can read it \(mode 0644\)/);
    expect(unsafe.stderr).not.toContain(token);

    chmodSync(file, 0o600);
    const localOnly = await runCliAsync(['demo'], { env });
    expect(localOnly.code).toBe(2);
    expect(localOnly.stderr).toMatch(/`bulwark demo` works on a local database only, but this command line works with http:\/\/127\.0\.0\.1:\d+ .*Give --db/);

    await revokeApiToken(store.db, record.id);
    const revoked = await runCliAsync(['assets', 'list'], { env });
    expect(revoked.code).toBe(2);
    expect(revoked.stderr).toMatch(/the API token was revoked; run `bulwark login http:\/\/127\.0\.0\.1:\d+` again/);
    expect(revoked.stderr).not.toContain(token);
  });

  // Two steps so that each has the whole timeout on a busy machine: the second reads what the first wrote.
  const plant = join(dir, 'plant-match.csv');
  let sbomId = '';
  const analyst = async () => ({ BULWARK_SERVER: url, BULWARK_TOKEN: await testToken(store, 'analyst') });

  it.skipIf(!haveFixtures)('imports intelligence, assets, an SBOM and a capture over the API, then matches', async () => {
    const env = await analyst();
    writeFileSync(plant, 'name,kind,vendor,model,firmware,external_id\nplc-1,plc,Siemens,SIMATIC S7-1500 CPU 1516-3 PN/DP,V2.6.1,P1\nRTU-7,rtu,Red Hat,openssl,3.0.7-18.el9_2,R7\n');
    // Independent imports at once (the server serialises its writes), then the match.
    const imports = [
      ['intel', 'import', fixture('csaf', 'cisa-ot', 'icsa-19-344-06.json')],
      ['assets', 'import', plant],
      ['sbom', 'import', fixture('sbom', 'cyclonedx', '1.6', 'redhat-openssl-3.0.7-18.el9_2.cdx_1.6.sbom.json'), '--product', 'Red Hat/openssl/3.0.7-18.el9_2', '--json'],
      ['discover', fixture('pcap', 's7comm', 'iti-s7comm_reading_plc_status.pcap'), '--import', '--json'],
    ];
    const results = await Promise.all(imports.map((args) => runCliAsync(args, { env })));
    results.forEach((r, i) => expect(r.code, `${imports[i]!.join(' ')}: ${r.stderr}`).toBe(0));
    sbomId = JSON.parse(results[2]!.stdout).id as string;
    expect(JSON.parse(results[3]!.stdout).import.report).toMatchObject({ created: 2 });
    const match = await runCliAsync(['match', '--json'], { env });
    expect(match.code, match.stderr).toBe(0);
    expect(JSON.parse(match.stdout)).toMatchObject({ mode: 'full', findings: { created: expect.any(Number) } });
  });

  it.skipIf(!haveFixtures)('lists findings, diffs SBOMs and scans over the API with the same output as on the database', async () => {
    expect(sbomId, 'the import step ran').not.toBe('');
    const env = await analyst();
    for (const args of [
      ['findings', 'list', '--json', '--status', 'affected'],
      ['sbom', 'diff', 'Red Hat/openssl/3.0.7-18.el9_2', sbomId],
      ['scan', plant, '--format', 'json'],
    ]) {
      const [remote, onDb] = await Promise.all([runCliAsync(args, { env }), local(args)]);
      expect(remote.code, `${args.join(' ')}: ${remote.stderr}`).toBe(0);
      expect(remote.stdout, args.join(' ')).toBe(onDb.stdout);
    }
  });
});
