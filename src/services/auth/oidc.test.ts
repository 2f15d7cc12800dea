/**
 * OIDC login against a real OpenID Provider (oidc-provider) on 127.0.0.1: the whole code flow
 * over HTTP, then the ways an attacker or a misconfiguration can break it. Nothing leaves the
 * loopback interface.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OidcError, OidcLogin, oidcConfigFromEnv, redactOidcConfig, validateOidcConfig } from './oidc.js';
import type { OidcConfig, OidcPendingState } from './oidc.js';
import { startOidcProvider, TEST_SCOPES } from '../../../test/support/oidc-provider.js';
import type { TestOidcProvider } from '../../../test/support/oidc-provider.js';

// Any port: the test clients are "native", so loopback redirect URIs match on any port.
const REDIRECT_URI = 'http://127.0.0.1:45678/auth/oidc/callback';

async function rejection(promise: Promise<unknown>): Promise<OidcError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(OidcError);
    return err as OidcError;
  }
  throw new Error('expected an OidcError');
}

/** Nothing secret in anything a logger or an API response could show. */
function expectNoLeak(err: OidcError, secrets: string[]): void {
  const shown = [err.message, JSON.stringify(err), JSON.stringify(err.details ?? null), String(err.stack), String(err.cause)].join('\n');
  for (const secret of secrets) expect(shown).not.toContain(secret);
}

async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OIDC login against a real provider', () => {
  let op: TestOidcProvider;
  let config: OidcConfig;
  let login: OidcLogin;

  beforeAll(async () => {
    op = await startOidcProvider();
    config = {
      issuer: op.issuer,
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      redirectUri: REDIRECT_URI,
      scopes: TEST_SCOPES,
      roleClaim: 'roles',
      orgClaim: 'org',
      allowInsecureHttp: true,
    };
    login = await OidcLogin.discover(config);
  });
  afterAll(async () => {
    await op?.stop();
  });

  it('signs alice in with PKCE S256, state and nonce, and maps her claims', async () => {
    const { url, state } = await login.begin();
    const auth = new URL(url);
    expect(auth.origin).toBe(op.issuer);
    expect(auth.searchParams.get('response_type')).toBe('code');
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(auth.searchParams.get('state')).toBe(state.state);
    expect(auth.searchParams.get('nonce')).toBe(state.nonce);
    expect(auth.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(auth.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'roles']));
    // The verifier stays with us; only its hash travels.
    expect(url).not.toContain(state.codeVerifier);

    const callback = await op.loginAs('alice', url);
    const cb = new URL(callback);
    expect(`${cb.origin}${cb.pathname}`).toBe(REDIRECT_URI);
    expect(cb.searchParams.get('code')).toBeTruthy();
    expect(cb.searchParams.get('state')).toBe(state.state);

    // The pending state survives a trip through a cookie or a session store as JSON.
    const kept = JSON.parse(JSON.stringify(state)) as OidcPendingState;
    const identity = await login.complete(callback, kept);
    expect(identity).toEqual({
      issuer: op.issuer,
      subject: 'alice',
      email: 'alice@csirt-a.example',
      emailVerified: true,
      name: 'Alice Analyst',
      roles: ['analyst'],
      organisation: 'csirt-a',
    });
  });

  it('reads a role sent as a single string, an unverified email, and an account with no roles', async () => {
    const bob = await login.begin();
    const bobId = await login.complete(await op.loginAs('bob', bob.url), bob.state);
    expect(bobId).toMatchObject({ subject: 'bob', roles: ['operator'], organisation: 'partner-b', emailVerified: false });

    const carol = await login.begin();
    const carolId = await login.complete(await op.loginAs('carol', carol.url), carol.state);
    expect(carolId).toEqual({ issuer: op.issuer, subject: 'carol', name: 'Carol NoRoles', roles: [] });
  });

  it('accepts a callback given as a path with its query (behind a reverse proxy)', async () => {
    const { url, state } = await login.begin();
    const callback = new URL(await op.loginAs('alice', url));
    const identity = await login.complete(`/whatever/the/proxy/says${callback.search}`, state);
    expect(identity.subject).toBe('alice');
  });

  it('rejects a callback from another login attempt (state mismatch), before spending the code', async () => {
    const first = await login.begin();
    const second = await login.begin();
    const callback = await op.loginAs('alice', first.url);
    expect((await rejection(login.complete(callback, second.state))).code).toBe('oidc-state-mismatch');
    const noState = new URL(callback);
    noState.searchParams.delete('state');
    expect((await rejection(login.complete(noState, first.state))).code).toBe('oidc-state-mismatch');
    // The code was not used: the right pending state still completes.
    expect((await login.complete(callback, first.state)).subject).toBe('alice');
  });

  it('does not report a provider error that does not carry our state', async () => {
    const { state } = await login.begin();
    const forged = `${REDIRECT_URI}?error=access_denied&state=not-ours`;
    expect((await rejection(login.complete(forged, state))).code).toBe('oidc-state-mismatch');
  });

  it('refuses to replay a callback: codes are single use', async () => {
    const { url, state } = await login.begin();
    const callback = await op.loginAs('alice', url);
    await login.complete(callback, state);
    const err = await rejection(login.complete(callback, state));
    expect(err.code).toBe('oidc-grant-invalid');
    expect(err.upstream).toBe('invalid_grant');
    expect(err.httpStatus).toBe(401);
    expectNoLeak(err, [new URL(callback).searchParams.get('code')!, state.codeVerifier, op.clientSecret]);
  });

  it('rejects an ID token whose nonce is not the one we sent', async () => {
    const { url, state } = await login.begin();
    const callback = await op.loginAs('alice', url);
    const err = await rejection(login.complete(callback, { ...state, nonce: 'a-different-nonce-value-0123456789' }));
    expect(err.code).toBe('oidc-token-invalid');
    expect(err.message).toMatch(/nonce/);
    expectNoLeak(err, [new URL(callback).searchParams.get('code')!, state.nonce]);
  });

  it('rejects a code redeemed with the wrong PKCE verifier', async () => {
    const { url, state } = await login.begin();
    const callback = await op.loginAs('alice', url);
    const err = await rejection(login.complete(callback, { ...state, codeVerifier: 'x'.repeat(43) }));
    expect(err.code).toBe('oidc-grant-invalid');
  });

  it('rejects an authorization response that names another issuer (mix-up)', async () => {
    const { url, state } = await login.begin();
    const callback = new URL(await op.loginAs('alice', url));
    expect(callback.searchParams.get('iss')).toBe(op.issuer);
    callback.searchParams.set('iss', 'https://evil.example');
    expect((await rejection(login.complete(callback, state))).code).toBe('oidc-token-invalid');
  });

  it('refuses pending states that are malformed, expired, or from another provider or redirect URI', async () => {
    const { url, state } = await login.begin();
    const callback = await op.loginAs('alice', url);
    const cases: [unknown, string][] = [
      [null, 'oidc-state-invalid'],
      [{ ...state, v: 2 }, 'oidc-state-invalid'],
      [{ ...state, nonce: 42 }, 'oidc-state-invalid'],
      [{ ...state, issuer: 'https://other-idp.example' }, 'oidc-state-invalid'],
      [{ ...state, redirectUri: 'http://127.0.0.1:45678/elsewhere' }, 'oidc-state-invalid'],
      [{ ...state, createdAt: Date.now() + 3_600_000 }, 'oidc-state-invalid'],
      [{ ...state, createdAt: Date.now() - 11 * 60_000 }, 'oidc-state-expired'],
    ];
    for (const [pending, code] of cases) {
      expect((await rejection(login.complete(callback, pending as OidcPendingState))).code).toBe(code);
    }
    // None of these reached the token endpoint.
    expect((await login.complete(callback, state)).subject).toBe('alice');
  });

  it('rejects a callback without a code or with a fragment', async () => {
    const { state } = await login.begin();
    expect((await rejection(login.complete(`${REDIRECT_URI}?state=${state.state}`, state))).code).toBe('oidc-callback-invalid');
    expect((await rejection(login.complete(`${REDIRECT_URI}?state=${state.state}&code=a&code=b`, state))).code).toBe('oidc-callback-invalid');
    expect((await rejection(login.complete(`${REDIRECT_URI}#state=${state.state}&code=a`, state))).code).toBe('oidc-callback-invalid');
  });

  it('reports a user who denies consent as a provider error', async () => {
    const { url, state } = await login.begin();
    const callback = await op.loginAs('alice', url, { deny: true });
    const err = await rejection(login.complete(callback, state));
    expect(err.code).toBe('oidc-provider-error');
    expect(err.upstream).toBe('access_denied');
  });

  it('reports a wrong client secret as a typed error that does not contain the secret', async () => {
    const wrongSecret = 'definitely-not-the-secret-0123456789';
    const wrong = await OidcLogin.discover({ ...config, clientSecret: wrongSecret });
    const { url, state } = await wrong.begin();
    const callback = await op.loginAs('alice', url);
    const err = await rejection(wrong.complete(callback, state));
    expect(err.code).toBe('oidc-client-auth-failed');
    expect(err.httpStatus).toBe(502);
    expectNoLeak(err, [wrongSecret, op.clientSecret, new URL(callback).searchParams.get('code')!]);
    // Nor does the login object itself, logged or serialised.
    expect(JSON.stringify(wrong)).not.toContain(wrongSecret);
    expect(JSON.stringify(redactOidcConfig({ ...config, clientSecret: wrongSecret }))).not.toContain(wrongSecret);
  });

  it('signs in through the public client with PKCE and no secret', async () => {
    const pub = await OidcLogin.discover({ ...config, clientId: op.publicClientId!, clientSecret: undefined });
    const { url, state } = await pub.begin();
    const identity = await pub.complete(await op.loginAs('alice', url), state);
    expect(identity.subject).toBe('alice');
  });

  it('authenticates with client_secret_basic by default and client_secret_post when configured', async () => {
    const before = op.tokenRequests.length;
    const first = await login.begin();
    await login.complete(await op.loginAs('alice', first.url), first.state);
    const viaPost = await OidcLogin.discover({ ...config, tokenEndpointAuthMethod: 'client_secret_post' });
    const second = await viaPost.begin();
    expect((await viaPost.complete(await op.loginAs('alice', second.url), second.state)).subject).toBe('alice');
    expect(op.tokenRequests.slice(before).map((r) => r.clientAuth)).toEqual(['basic', 'body']);
  });

  it('follows a dotted claim path when no claim has that exact name', async () => {
    const nested = await startOidcProvider({
      accounts: { dave: { extra: { realm_access: { roles: ['auditor', 'admin'] }, tenant: ['only-one'] } } },
    });
    try {
      const l = await OidcLogin.discover({ ...config, issuer: nested.issuer, clientId: nested.clientId, clientSecret: nested.clientSecret, roleClaim: 'realm_access.roles', orgClaim: 'tenant' });
      const { url, state } = await l.begin();
      const identity = await l.complete(await nested.loginAs('dave', url), state);
      expect(identity.roles).toEqual(['auditor', 'admin']);
      expect(identity.organisation).toBe('only-one');
    } finally {
      await nested.stop();
    }
  });
});

describe('ID token signature', () => {
  it('rejects an ID token not signed by a key in the provider\'s JWKS', async () => {
    const op = await startOidcProvider({ advertiseWrongSigningKey: true });
    try {
      const login = await OidcLogin.discover({
        issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, redirectUri: REDIRECT_URI, scopes: TEST_SCOPES, allowInsecureHttp: true,
      });
      const { url, state } = await login.begin();
      const err = await rejection(login.complete(await op.loginAs('alice', url), state));
      expect(err.code).toBe('oidc-token-invalid');
      expect(err.message).toMatch(/signature/i);
    } finally {
      await op.stop();
    }
  });
});

describe('discovery and the https-only rule', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const base = { clientId: 'bulwark', clientSecret: 's3cret-value', redirectUri: REDIRECT_URI };

  it('reports a provider that is not there as oidc-discovery-failed', async () => {
    const port = await deadPort();
    const err = await rejection(OidcLogin.discover({ ...base, issuer: `http://127.0.0.1:${port}`, allowInsecureHttp: true }));
    expect(err.code).toBe('oidc-discovery-failed');
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expectNoLeak(err, ['s3cret-value']);
  });

  it('refuses http issuers that are not loopback IP literals, without any request', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const refused = [
      { issuer: 'http://idp.example.org', allowInsecureHttp: true },
      { issuer: 'http://10.0.0.5:8080', allowInsecureHttp: true },
      { issuer: 'http://localhost:8080', allowInsecureHttp: true },
      { issuer: 'http://127.0.0.1.nip.io', allowInsecureHttp: true },
      { issuer: 'http://127.0.0.1:8080' },
      { issuer: 'http://[::1]:8080', allowInsecureHttp: false },
      { issuer: 'ftp://idp.example.org' },
    ];
    for (const c of refused) {
      const err = await rejection(OidcLogin.discover({ ...base, ...c }));
      expect(err.code, c.issuer).toBe('oidc-insecure-issuer');
    }
    expect(fetchSpy).not.toHaveBeenCalled();
    // Loopback IP literals with the flag pass the rule (and would be fetched).
    expect(() => validateOidcConfig({ ...base, issuer: 'http://127.0.0.1:8080', allowInsecureHttp: true })).not.toThrow();
    expect(() => validateOidcConfig({ ...base, issuer: 'http://[::1]:8080', allowInsecureHttp: true })).not.toThrow();
    expect(() => validateOidcConfig({ ...base, issuer: 'https://idp.example.org/realms/ot' })).not.toThrow();
  });

  it('refuses an issuer with credentials, and a plain-http redirect URI to a remote host', () => {
    expect(() => validateOidcConfig({ ...base, issuer: 'https://user:pw@idp.example.org' })).toThrow(OidcError);
    let err: unknown;
    try {
      validateOidcConfig({ ...base, issuer: 'https://idp.example.org', redirectUri: 'http://bulwark.example.org/auth/oidc/callback' });
    } catch (e) {
      err = e;
    }
    expect((err as OidcError).code).toBe('oidc-config-invalid');
    expect(() => validateOidcConfig({ ...base, issuer: 'https://idp.example.org', redirectUri: 'http://localhost:8080/cb' })).not.toThrow();
  });
});

describe('oidcConfigFromEnv', () => {
  const full = {
    BULWARK_OIDC_ISSUER: 'https://idp.example.org/realms/ot',
    BULWARK_OIDC_CLIENT_ID: 'bulwark',
    BULWARK_OIDC_CLIENT_SECRET: 'env-secret-value',
    BULWARK_OIDC_REDIRECT_URI: 'https://bulwark.example.org/auth/oidc/callback',
  };

  function envError(env: Record<string, string>): OidcError {
    try {
      oidcConfigFromEnv(env);
    } catch (err) {
      expect(err).toBeInstanceOf(OidcError);
      return err as OidcError;
    }
    throw new Error('expected an OidcError');
  }

  it('returns null when OIDC is not configured', () => {
    expect(oidcConfigFromEnv({})).toBeNull();
    expect(oidcConfigFromEnv({ PATH: '/usr/bin', BULWARK_OIDC_ISSUER: '  ' })).toBeNull();
  });

  it('reads a full configuration', () => {
    expect(oidcConfigFromEnv({ ...full, BULWARK_OIDC_SCOPES: 'openid email, groups', BULWARK_OIDC_ROLE_CLAIM: 'groups', BULWARK_OIDC_ORG_CLAIM: 'org' })).toEqual({
      issuer: full.BULWARK_OIDC_ISSUER,
      clientId: 'bulwark',
      clientSecret: 'env-secret-value',
      redirectUri: full.BULWARK_OIDC_REDIRECT_URI,
      scopes: ['openid', 'email', 'groups'],
      roleClaim: 'groups',
      orgClaim: 'org',
    });
    const { BULWARK_OIDC_CLIENT_SECRET: _secret, ...publicClient } = full;
    expect(oidcConfigFromEnv(publicClient)?.clientSecret).toBeUndefined();
  });

  it('names what is missing in a partial configuration, never the secret', () => {
    const err = envError({ BULWARK_OIDC_CLIENT_SECRET: 'env-secret-value', BULWARK_OIDC_CLIENT_ID: 'bulwark' });
    expect(err.code).toBe('oidc-config-invalid');
    expect(err.message).toContain('BULWARK_OIDC_ISSUER');
    expect(err.message).toContain('BULWARK_OIDC_REDIRECT_URI');
    expectNoLeak(err, ['env-secret-value']);
    expect(envError({ ...full, BULWARK_OIDC_CLIENT_ID: '' }).message).toContain('BULWARK_OIDC_CLIENT_ID');
  });

  it('applies the https rule and validates the values', () => {
    expect(envError({ ...full, BULWARK_OIDC_ISSUER: 'http://idp.example.org' }).code).toBe('oidc-insecure-issuer');
    expect(envError({ ...full, BULWARK_OIDC_ISSUER: 'http://127.0.0.1:9000' }).code).toBe('oidc-insecure-issuer');
    expect(oidcConfigFromEnv({ ...full, BULWARK_OIDC_ISSUER: 'http://127.0.0.1:9000', BULWARK_OIDC_ALLOW_INSECURE_HTTP: '1' })?.allowInsecureHttp).toBe(true);
    expect(envError({ ...full, BULWARK_OIDC_ISSUER: 'not a url' }).code).toBe('oidc-config-invalid');
    expect(envError({ ...full, BULWARK_OIDC_ALLOW_INSECURE_HTTP: 'yes please' }).code).toBe('oidc-config-invalid');
    expect(envError({ ...full, BULWARK_OIDC_SCOPES: 'openid "quoted"' }).code).toBe('oidc-config-invalid');
    expect(envError({ ...full, BULWARK_OIDC_TOKEN_AUTH_METHOD: 'private_key_jwt' }).code).toBe('oidc-config-invalid');
    expect(oidcConfigFromEnv({ ...full, BULWARK_OIDC_TOKEN_AUTH_METHOD: 'client_secret_post' })?.tokenEndpointAuthMethod).toBe('client_secret_post');
  });
});
