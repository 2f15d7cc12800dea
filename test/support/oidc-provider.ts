/**
 * A real OpenID Provider (the `oidc-provider` package, certified by the OpenID Foundation) on
 * 127.0.0.1 with an ephemeral port, for tests of Bulwark's OIDC login. No browser: `loginAs`
 * plays the user's side with plain fetch (manual redirects, a cookie jar honouring paths) and
 * submits the login and consent prompts to a tiny interaction handler mounted on the same server,
 * which uses the provider's own `interactionDetails` / `interactionFinished`.
 *
 *   const op = await startOidcProvider();
 *   const login = await OidcLogin.discover({ issuer: op.issuer, clientId: op.clientId,
 *     clientSecret: op.clientSecret, redirectUri: 'http://127.0.0.1:1234/auth/oidc/callback',
 *     scopes: ['openid', 'email', 'profile', 'roles'], orgClaim: 'org', allowInsecureHttp: true });
 *   const { url, state } = await login.begin();
 *   const callback = await op.loginAs('alice', url);   // URL with code, state and iss
 *   const identity = await login.complete(callback, state);
 *   await op.stop();
 *
 * Clients are registered as "native" so that, per RFC 8252, a loopback redirect URI matches
 * whatever port it carries: a Bulwark server started on an ephemeral port needs no set-up here,
 * only a path listed in `redirectUris` (default: `/oidc/callback`, `/auth/oidc/callback` and
 * `/api/auth/oidc/callback` on 127.0.0.1). Accounts: `DEFAULT_TEST_ACCOUNTS` (alice, bob, carol).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error -- oidc-provider ships no type declarations; the few members used are typed below.
import * as oidcProviderModule from 'oidc-provider';

export interface TestAccount {
  /** The `sub` claim; defaults to the user name. */
  sub?: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  /** Sent as the `roles` claim exactly as given (array or single string). */
  roles?: string[] | string;
  /** Sent as the `org` claim. */
  org?: string;
  /** Any further claims, released under the `roles` scope. */
  extra?: Record<string, unknown>;
}

export const DEFAULT_TEST_ACCOUNTS: Readonly<Record<string, TestAccount>> = {
  alice: { email: 'alice@csirt-a.example', emailVerified: true, name: 'Alice Analyst', roles: ['analyst'], org: 'csirt-a' },
  bob: { email: 'bob@partner-b.example', emailVerified: false, name: 'Bob Operator', roles: 'operator', org: 'partner-b' },
  carol: { name: 'Carol NoRoles' },
};

/** Scopes that release every claim the test accounts have. */
export const TEST_SCOPES = ['openid', 'email', 'profile', 'roles'];

export interface StartOidcProviderOptions {
  accounts?: Record<string, TestAccount>;
  /** Loopback redirect URIs (any port matches, RFC 8252). */
  redirectUris?: string[];
  clientId?: string;
  clientSecret?: string;
  /** Register a public client (token_endpoint_auth_method none, PKCE). Default true. */
  publicClient?: boolean;
  /** Serve a JWKS whose key (same kid) is not the one that signs: every ID token signature fails. */
  advertiseWrongSigningKey?: boolean;
  /** Seconds an authorization code lives. Default 60. */
  codeTtlSeconds?: number;
}

export interface LoginAsOptions {
  /** Deny at the consent prompt instead of granting: the provider redirects with error=access_denied. */
  deny?: boolean;
}

export interface TestOidcProvider {
  /** Issuer identifier, http://127.0.0.1:PORT (no trailing slash). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Present when the public client is registered. */
  publicClientId: string | undefined;
  /** The redirect URIs registered (ports on them do not matter). */
  redirectUris: string[];
  /** How each token request authenticated (oidc-provider accepts basic and post alike, so this is
   *  the only way to see which one a client used). */
  readonly tokenRequests: readonly { clientAuth: 'basic' | 'body' }[];
  /**
   * Plays the browser: follows the authorization URL through login and consent as `username` and
   * returns the URL the provider finally redirects to (the callback with code, state and iss, or
   * with error=...). Each call starts with an empty cookie jar: a fresh browser.
   */
  loginAs(username: string, authorizationUrl: string | URL, options?: LoginAsOptions): Promise<string>;
  stop(): Promise<void>;
}

// The parts of oidc-provider used here.
interface InteractionDetails {
  uid: string;
  prompt: {
    name: string;
    details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  };
  params: Record<string, unknown>;
  session?: { accountId?: string };
  grantId?: string;
}
interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(indicator: string, scope: string): void;
  save(): Promise<string>;
}
interface Provider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Grant: { new (init: { accountId: string; clientId: string }): Grant; find(id: string): Promise<Grant | undefined> };
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => Provider;
const { Provider: ProviderClass } = oidcProviderModule as { Provider: ProviderConstructor };

const DEFAULT_REDIRECT_URIS = ['http://127.0.0.1/oidc/callback', 'http://127.0.0.1/auth/oidc/callback', 'http://127.0.0.1/api/auth/oidc/callback'];
const SIGNING_KID = 'bulwark-test-signing-key';
const MAX_FORM_BYTES = 16 * 1024;
const MAX_REDIRECTS = 20;

export async function startOidcProvider(opts: StartOidcProviderOptions = {}): Promise<TestOidcProvider> {
  const accounts = opts.accounts ?? DEFAULT_TEST_ACCOUNTS;
  const bySub = new Map(Object.entries(accounts).map(([username, a]) => [a.sub ?? username, a] as const));
  const redirectUris = opts.redirectUris ?? DEFAULT_REDIRECT_URIS;
  const clientId = opts.clientId ?? 'bulwark';
  const clientSecret = opts.clientSecret ?? randomBytes(32).toString('base64url');
  const publicClientId = opts.publicClient === false ? undefined : `${clientId}-public`;

  const signingJwk = { ...rsaPrivateJwk(), kid: SIGNING_KID, alg: 'RS256', use: 'sig' };
  const wrongJwks = opts.advertiseWrongSigningKey ? { keys: [{ ...rsaPublicJwk(), kid: SIGNING_KID, alg: 'RS256', use: 'sig' }] } : undefined;

  // The provider needs its issuer at construction and the issuer needs the port: listen first,
  // route requests once the provider exists (nobody knows the port before that).
  const server = createServer();
  const tokenRequests: { clientAuth: 'basic' | 'body' }[] = [];
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const clients: Record<string, unknown>[] = [
    {
      client_id: clientId,
      client_secret: clientSecret,
      application_type: 'native',
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ];
  if (publicClientId) {
    clients.push({
      client_id: publicClientId,
      application_type: 'native',
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
  }

  const provider = new ProviderClass(issuer, {
    clients,
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      roles: ['roles', 'org', ...new Set(Object.values(accounts).flatMap((a) => Object.keys(a.extra ?? {})))],
    },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = bySub.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        // The provider releases only the claims of the granted scopes.
        claims: () => ({
          sub,
          ...(account.email !== undefined ? { email: account.email, email_verified: account.emailVerified ?? false } : {}),
          ...(account.name !== undefined ? { name: account.name } : {}),
          ...(account.roles !== undefined ? { roles: account.roles } : {}),
          ...(account.org !== undefined ? { org: account.org } : {}),
          ...account.extra,
        }),
      };
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // Errors as JSON, so that loginAs can say what went wrong.
    renderError: (ctx: { type: string; body: unknown }, out: Record<string, unknown>) => {
      ctx.type = 'json';
      ctx.body = out;
    },
    // Fixed lifetimes (numbers also silence the provider's "you SHOULD change" notices).
    ttl: {
      AccessToken: 600,
      AuthorizationCode: opts.codeTtlSeconds ?? 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
  });
  provider.on('server_error', (_ctx: unknown, err: unknown) => console.error('test OIDC provider error:', err));
  const providerHandler = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (req.method === 'POST' && path === '/token') {
      // Only whether a Basic header is present; the body is left to the provider.
      tokenRequests.push({ clientAuth: req.headers.authorization?.toLowerCase().startsWith('basic ') ? 'basic' : 'body' });
    }
    if (wrongJwks && req.method === 'GET' && path === '/jwks') return sendJson(res, 200, wrongJwks);
    if (path.startsWith('/interaction/')) {
      handleInteraction(provider, accounts, req, res, path).catch((err: unknown) => sendJson(res, 500, { error: 'interaction_failed', detail: String(err) }));
      return;
    }
    providerHandler(req, res);
  });

  return {
    issuer,
    clientId,
    clientSecret,
    publicClientId,
    redirectUris,
    tokenRequests,
    loginAs: (username, authorizationUrl, options = {}) => loginAs(issuer, accounts, username, authorizationUrl, options),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// The provider's side of login and consent

async function handleInteraction(provider: Provider, accounts: Record<string, TestAccount>, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const [, , uid, action] = path.split('/');
  let details: InteractionDetails;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    return sendJson(res, 400, { error: 'no_interaction', detail: (err as Error).message });
  }
  // The interaction cookie is what the provider trusts; the path must agree with it.
  if (details.uid !== uid) return sendJson(res, 400, { error: 'interaction_mismatch' });

  if (req.method === 'GET' && action === undefined) {
    return sendJson(res, 200, { uid: details.uid, prompt: details.prompt.name, client_id: details.params.client_id, details: details.prompt.details });
  }
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'method_not_allowed' });
  const form = await readForm(req);

  switch (action) {
    case 'login': {
      if (details.prompt.name !== 'login') return sendJson(res, 400, { error: 'not_a_login_prompt', prompt: details.prompt.name });
      const username = form.get('login') ?? '';
      const account = Object.hasOwn(accounts, username) ? accounts[username] : undefined;
      if (!account) return sendJson(res, 403, { error: 'unknown_account' });
      return provider.interactionFinished(req, res, { login: { accountId: account.sub ?? username } }, { mergeWithLastSubmission: false });
    }
    case 'consent': {
      if (details.prompt.name !== 'consent') return sendJson(res, 400, { error: 'not_a_consent_prompt', prompt: details.prompt.name });
      const accountId = details.session?.accountId;
      const requestedClient = details.params.client_id;
      if (!accountId || typeof requestedClient !== 'string') return sendJson(res, 400, { error: 'no_session' });
      const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId, clientId: requestedClient });
      const missing = details.prompt.details;
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
      return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    }
    case 'abort':
      return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User denied the request' }, { mergeWithLastSubmission: false });
    default:
      return sendJson(res, 404, { error: 'not_found' });
  }
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

// ---------------------------------------------------------------------------------------------
// The user's side: a browser reduced to fetch, redirects and cookies

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** Just enough of RFC 6265 for one host: name, value, Path, and deletion by Max-Age/Expires. */
class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  store(response: Response, requestUrl: URL): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = defaultPath(requestUrl);
      let expired = false;
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const attrValue = rest.join('=').trim();
        switch (key.trim().toLowerCase()) {
          case 'path':
            if (attrValue.startsWith('/')) path = attrValue;
            break;
          case 'max-age':
            if (Number(attrValue) <= 0) expired = true;
            break;
          case 'expires':
            if (Date.parse(attrValue) <= Date.now()) expired = true;
            break;
        }
      }
      const key = `${name};${path}`;
      if (expired || value === '') this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  header(url: URL): string | undefined {
    const matching = [...this.#cookies.values()]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .sort((a, b) => b.path.length - a.path.length); // more specific paths first, as browsers do
    return matching.length > 0 ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }
}

function defaultPath(url: URL): string {
  const last = url.pathname.lastIndexOf('/');
  return last <= 0 ? '/' : url.pathname.slice(0, last);
}

async function loginAs(issuer: string, accounts: Record<string, TestAccount>, username: string, authorizationUrl: string | URL, options: LoginAsOptions): Promise<string> {
  if (!Object.hasOwn(accounts, username)) throw new Error(`loginAs: no test account ${JSON.stringify(username)}`);
  const origin = new URL(issuer).origin;
  let url = new URL(authorizationUrl);
  // Never let a test wander off to anything but this provider.
  if (url.origin !== origin) throw new Error(`loginAs: ${url.origin} is not this provider (${origin})`);
  const jar = new CookieJar();

  const request = async (target: URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json, text/html' };
    const cookie = jar.header(target);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(target, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    jar.store(response, target);
    return response;
  };
  const follow = async (response: Response, from: URL): Promise<URL> => {
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || !location) {
      throw new Error(`loginAs: expected a redirect from ${from.pathname}, got HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`);
    }
    await response.body?.cancel();
    return new URL(location, from);
  };

  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    // Leaving the provider means arriving at the client's redirect URI.
    if (url.origin !== origin) return url.href;
    if (url.pathname.startsWith('/interaction/')) {
      const prompt = await request(url);
      if (!prompt.ok) throw new Error(`loginAs: interaction page failed with HTTP ${prompt.status}: ${await prompt.text()}`);
      const { prompt: name } = (await prompt.json()) as { prompt: string };
      let submitted: Response;
      if (name === 'login') submitted = await request(new URL(`${url.pathname}/login`, url), { method: 'POST', form: { login: username } });
      else if (name === 'consent') submitted = await request(new URL(`${url.pathname}/${options.deny ? 'abort' : 'consent'}`, url), { method: 'POST', form: {} });
      else throw new Error(`loginAs: unsupported prompt ${name}`);
      url = await follow(submitted, url);
    } else {
      url = await follow(await request(url), url);
    }
  }
  throw new Error(`loginAs: more than ${MAX_REDIRECTS} redirects`);
}

// ---------------------------------------------------------------------------------------------

function rsaPrivateJwk(): Record<string, unknown> {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
}

function rsaPublicJwk(): Record<string, unknown> {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
}
