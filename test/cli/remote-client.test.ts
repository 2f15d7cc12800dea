/**
 * The command line's API client in-process: server URLs it accepts, how error answers become typed
 * errors (and so exit codes), the credentials file's permissions, and HTTPS with a private CA.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkServerUrl, errorFromResponse, RemoteClient } from '../../src/cli/remote/client.js';
import { readCredentials, writeCredentials } from '../../src/cli/remote/credentials.js';
import { AuthenticationError, ForbiddenError, TooManyAttemptsError } from '../../src/model/auth.js';
import { BulwarkError, InputError, NotFoundError } from '../../src/model/errors.js';
import { buildApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/database.js';
import { testToken } from '../support/app.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-remote-client-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('accepts https anywhere and plain http only to this machine, without credentials in the URL', () => {
  expect(checkServerUrl('https://bulwark.example.org/')).toBe('https://bulwark.example.org');
  expect(checkServerUrl('https://example.org/bulwark/')).toBe('https://example.org/bulwark');
  expect(checkServerUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
  expect(checkServerUrl('http://[::1]:8080')).toBe('http://[::1]:8080');
  expect(checkServerUrl('http://localhost:8080')).toBe('http://localhost:8080');
  expect(() => checkServerUrl('http://10.0.0.5:8080')).toThrow(/refusing plain http to 10\.0\.0\.5:8080/);
  expect(checkServerUrl('http://10.0.0.5:8080', { insecureHttp: true })).toBe('http://10.0.0.5:8080');
  expect(() => checkServerUrl('https://admin:secret@example.org')).toThrow(/must not carry a user name or password/);
  expect(() => checkServerUrl('ftp://example.org')).toThrow(InputError);
  expect(() => checkServerUrl('example.org')).toThrow(/not a URL/);
});

it('maps error answers to the typed errors behind the exit codes', () => {
  const ctx = { server: 'https://s', reauthHint: 'run `bulwark login https://s` again' };
  const bad = errorFromResponse(400, { error: { code: 'invalid-csv', message: 'bad rows', details: { issues: [{ line: 2, message: 'x' }] } } }, ctx);
  expect(bad).toBeInstanceOf(InputError);
  expect((bad as InputError).issues).toEqual([{ line: 2, message: 'x' }]);
  const unauthenticated = errorFromResponse(401, { error: { code: 'token-revoked', message: 'the API token was revoked' } }, ctx);
  expect(unauthenticated).toBeInstanceOf(AuthenticationError);
  expect(unauthenticated.message).toBe('the API token was revoked; run `bulwark login https://s` again');
  expect(unauthenticated.code).toBe('token-revoked');
  expect(errorFromResponse(403, { error: { code: 'forbidden', message: 'no' } }, ctx)).toBeInstanceOf(ForbiddenError);
  const missing = errorFromResponse(404, { error: { code: 'not-found', message: 'asset x not found', details: { what: 'asset', id: 'x' } } }, ctx);
  expect(missing).toBeInstanceOf(NotFoundError);
  expect(missing.message).toBe('asset x not found');
  expect(errorFromResponse(429, { statusCode: 429, code: 'FST_TOO_MANY_REQUESTS', message: 'slow down' }, { ...ctx, retryAfter: '30' })).toMatchObject({ retryAfterSeconds: 30 });
  expect(errorFromResponse(429, null, ctx)).toBeInstanceOf(TooManyAttemptsError);
  const failed = errorFromResponse(500, { error: { code: 'internal', message: 'internal error' } }, ctx);
  expect(failed).toBeInstanceOf(BulwarkError);
  expect(failed).not.toBeInstanceOf(InputError);
  expect(errorFromResponse(502, '<html>bad gateway</html>', ctx).message).toMatch(/https:\/\/s failed: the server answered HTTP 502/);
});

describe('the credentials file', () => {
  const saved = process.env.BULWARK_CONFIG_DIR;
  beforeEach(() => {
    process.env.BULWARK_CONFIG_DIR = join(mkdtempSync(join(dir, 'cfg-')), 'bulwark');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.BULWARK_CONFIG_DIR;
    else process.env.BULWARK_CONFIG_DIR = saved;
  });

  it('is written 0600 in a 0700 directory and refused once others can read it', () => {
    const creds = { url: 'https://s', username: 'alice', token: 'bwk_secret', tokenId: 't1', expiresAt: null };
    writeCredentials(creds);
    const file = join(process.env.BULWARK_CONFIG_DIR!, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(process.env.BULWARK_CONFIG_DIR!).mode & 0o777).toBe(0o700);
    expect(readCredentials()).toEqual(creds);
    chmodSync(file, 0o640);
    expect(() => readCredentials()).toThrow(/other accounts can read it \(mode 0640\)/);
    expect(() => readCredentials()).not.toThrow(/bwk_secret/);
  });
});

function openssl(args: string[]): boolean {
  try {
    execFileSync('openssl', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const key = join(dir, 'key.pem');
const cert = join(dir, 'cert.pem');
const haveCert = openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1']);

it.skipIf(!haveCert)('talks HTTPS to a server with a self-signed certificate given as --ca, uploads included', { timeout: 60_000 }, async () => {
  const store = await openStore(join(dir, 'tls.db'));
  const app = await buildApp({ store, webRoot: null, rateLimitPerMinute: 0, tls: true, https: { key: readFileSync(key), cert: readFileSync(cert) } });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const server = checkServerUrl(`https://127.0.0.1:${port}`);
    const token = await testToken(store);
    const api = new RemoteClient({ server, token, ca: readFileSync(cert) });
    expect(await api.get('/api/auth/me')).toMatchObject({ role: 'admin', via: 'token' });
    const report = await api.upload<{ created: number }>('/api/assets/import', [{ name: 'plant.csv', data: new Blob(['name,kind\nPLC-1,plc\n']) }], { format: 'csv' });
    expect(report.created).toBe(1);
    expect(await api.pages('/api/assets', {}, { want: 0 })).toMatchObject({ total: 1 });
    const untrusted = new RemoteClient({ server, token });
    await expect(untrusted.get('/api/auth/me')).rejects.toThrow(/SELF_SIGNED.*give its CA with --ca FILE/);
  } finally {
    await app.close();
    await store.close();
  }
});
