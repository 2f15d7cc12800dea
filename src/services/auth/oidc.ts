/**
 * OpenID Connect login (authorization code flow with PKCE S256, state and nonce) on top of
 * `openid-client`, which does the protocol work: discovery, the token request, ID token
 * validation (signature against the provider's JWKS, iss, aud, azp, nonce, exp/iat) and the
 * UserInfo request. This module adds what a server needs around it: configuration from the
 * environment, an https-only rule, a small serialisable pending state, mapping of claims to an
 * identity (subject, email, roles, organisation), and typed errors that never carry tokens,
 * codes or secrets.
 *
 * Mapping the IdP's roles and organisation to Bulwark roles and organisations is the caller's
 * job: `OidcIdentity.roles` holds the strings the provider sent, unfiltered.
 */
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import * as client from 'openid-client';
import { BulwarkError } from '../../model/errors.js';

export interface OidcConfig {
  /** Issuer identifier, e.g. https://idp.example.org/realms/bulwark. Must be https. */
  issuer: string;
  clientId: string;
  /** Omit for a public client (PKCE only). */
  clientSecret?: string;
  /** How the secret is sent to the token endpoint. Default: client_secret_basic unless the
   *  provider only announces client_secret_post. Set it when the client is registered for post. */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  /** Where the provider sends the browser back; must be registered at the provider. */
  redirectUri: string;
  /** Default: openid email profile. `openid` is always added. */
  scopes?: string[];
  /** Claim holding the roles (string or array of strings); a dotted path such as
   *  `realm_access.roles` is followed when no claim has that exact name. Default: `roles`. */
  roleClaim?: string;
  /** Claim holding the organisation; no organisation is read when unset. */
  orgClaim?: string;
  /** Allows an http issuer, but only on a loopback IP literal (127.0.0.0/8, ::1). For tests. */
  allowInsecureHttp?: boolean;
  /** Timeout of each request to the provider, in seconds. Default 10. */
  timeoutSeconds?: number;
  /** How long a pending login (begin → complete) stays valid, in seconds. Default 600. */
  pendingTtlSeconds?: number;
}

/**
 * What `begin` hands out and `complete` needs back. Holds the PKCE verifier and nonce, so keep it
 * server-side or in a signed, HttpOnly cookie bound to the browser that started the login; never
 * in a URL. It is plain JSON.
 */
export interface OidcPendingState {
  v: 1;
  issuer: string;
  redirectUri: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

export interface OidcIdentity {
  /** The `iss` of the validated ID token. (issuer, subject) identifies the person. */
  issuer: string;
  subject: string;
  email?: string;
  /** The provider's `email_verified`, when it sent one. Do not link accounts by unverified email. */
  emailVerified?: boolean;
  name?: string;
  roles: string[];
  organisation?: string;
}

export type OidcErrorCode =
  | 'oidc-config-invalid'
  | 'oidc-insecure-issuer'
  | 'oidc-discovery-failed'
  | 'oidc-state-invalid'
  | 'oidc-state-expired'
  | 'oidc-state-mismatch'
  | 'oidc-callback-invalid'
  | 'oidc-provider-error'
  | 'oidc-grant-invalid'
  | 'oidc-client-auth-failed'
  | 'oidc-token-invalid'
  | 'oidc-userinfo-failed'
  | 'oidc-provider-unreachable'
  | 'oidc-login-failed';

/** Suggested HTTP status per code: 401 for a failed login, 502 when the provider or our
 *  registration with it is at fault, 500 for our own configuration. */
const HTTP_STATUS: Record<OidcErrorCode, number> = {
  'oidc-config-invalid': 500,
  'oidc-insecure-issuer': 500,
  'oidc-discovery-failed': 502,
  'oidc-state-invalid': 401,
  'oidc-state-expired': 401,
  'oidc-state-mismatch': 401,
  'oidc-callback-invalid': 401,
  'oidc-provider-error': 401,
  'oidc-grant-invalid': 401,
  'oidc-client-auth-failed': 502,
  'oidc-token-invalid': 401,
  'oidc-userinfo-failed': 502,
  'oidc-provider-unreachable': 502,
  'oidc-login-failed': 502,
};

/**
 * Every failure of this module. Messages are built from fixed text plus sanitised error codes;
 * the upstream error is deliberately not kept as `cause`, because openid-client attaches the
 * offending JWT, response body or claims there and loggers serialise causes.
 */
export class OidcError extends BulwarkError {
  declare readonly code: OidcErrorCode;
  readonly httpStatus: number;
  /** The provider's or library's error code (e.g. `invalid_grant`, `OAUTH_JWT_CLAIM_COMPARISON_FAILED`), sanitised. */
  readonly upstream: string | undefined;
  constructor(code: OidcErrorCode, message: string, upstream?: string) {
    const safeUpstream = upstream === undefined ? undefined : sanitiseCode(upstream);
    super(code, message, { details: safeUpstream ? { upstream: safeUpstream } : undefined });
    this.httpStatus = HTTP_STATUS[code];
    this.upstream = safeUpstream;
  }
}

const DEFAULT_SCOPES = ['openid', 'email', 'profile'];
const DEFAULT_ROLE_CLAIM = 'roles';
const DEFAULT_TIMEOUT_SECONDS = 10;
const DEFAULT_PENDING_TTL_SECONDS = 600;
/** A pending state created "in the future" beyond this is forged or from a skewed clock. */
const FUTURE_SKEW_MS = 60_000;
const MAX_ROLES = 100;
const MAX_CLAIM_LENGTH = 256;

// ---------------------------------------------------------------------------------------------
// Configuration

const ENV_KEYS = [
  'BULWARK_OIDC_ISSUER',
  'BULWARK_OIDC_CLIENT_ID',
  'BULWARK_OIDC_CLIENT_SECRET',
  'BULWARK_OIDC_REDIRECT_URI',
  'BULWARK_OIDC_SCOPES',
  'BULWARK_OIDC_ROLE_CLAIM',
  'BULWARK_OIDC_ORG_CLAIM',
  'BULWARK_OIDC_ALLOW_INSECURE_HTTP',
  'BULWARK_OIDC_TOKEN_AUTH_METHOD',
] as const;

/**
 * Reads the OIDC settings from the environment. Returns null when none of the BULWARK_OIDC_*
 * variables is set (OIDC off); throws `oidc-config-invalid` when some are set but the
 * configuration is incomplete or malformed, and `oidc-insecure-issuer` for a non-https issuer.
 * Values are never echoed in messages (the secret in particular).
 */
export function oidcConfigFromEnv(env: Readonly<Record<string, string | undefined>>): OidcConfig | null {
  const get = (key: (typeof ENV_KEYS)[number]): string | undefined => {
    const value = env[key]?.trim();
    return value ? value : undefined;
  };
  const present = ENV_KEYS.filter((k) => get(k) !== undefined);
  if (present.length === 0) return null;

  const issuer = get('BULWARK_OIDC_ISSUER');
  const clientId = get('BULWARK_OIDC_CLIENT_ID');
  const redirectUri = get('BULWARK_OIDC_REDIRECT_URI');
  const missing = [
    issuer ? undefined : 'BULWARK_OIDC_ISSUER',
    clientId ? undefined : 'BULWARK_OIDC_CLIENT_ID',
    redirectUri ? undefined : 'BULWARK_OIDC_REDIRECT_URI',
  ].filter((k): k is string => k !== undefined);
  if (missing.length > 0) {
    throw new OidcError(
      'oidc-config-invalid',
      `OpenID Connect is partly configured (${present.join(', ')} set) but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`,
    );
  }

  const insecure = get('BULWARK_OIDC_ALLOW_INSECURE_HTTP');
  if (insecure !== undefined && !['0', '1', 'true', 'false'].includes(insecure.toLowerCase())) {
    throw new OidcError('oidc-config-invalid', 'BULWARK_OIDC_ALLOW_INSECURE_HTTP must be 1, 0, true or false');
  }
  const authMethod = get('BULWARK_OIDC_TOKEN_AUTH_METHOD');
  if (authMethod !== undefined && authMethod !== 'client_secret_basic' && authMethod !== 'client_secret_post') {
    throw new OidcError('oidc-config-invalid', 'BULWARK_OIDC_TOKEN_AUTH_METHOD must be client_secret_basic or client_secret_post');
  }
  const scopes = get('BULWARK_OIDC_SCOPES');
  const config: OidcConfig = {
    issuer: issuer!,
    clientId: clientId!,
    redirectUri: redirectUri!,
    ...(get('BULWARK_OIDC_CLIENT_SECRET') ? { clientSecret: get('BULWARK_OIDC_CLIENT_SECRET') } : {}),
    ...(scopes ? { scopes: scopes.split(/[\s,]+/).filter(Boolean) } : {}),
    ...(get('BULWARK_OIDC_ROLE_CLAIM') ? { roleClaim: get('BULWARK_OIDC_ROLE_CLAIM') } : {}),
    ...(get('BULWARK_OIDC_ORG_CLAIM') ? { orgClaim: get('BULWARK_OIDC_ORG_CLAIM') } : {}),
    ...(insecure === '1' || insecure?.toLowerCase() === 'true' ? { allowInsecureHttp: true } : {}),
    ...(authMethod ? { tokenEndpointAuthMethod: authMethod } : {}),
  };
  validateOidcConfig(config);
  return config;
}

/** The configuration without its secret, for a startup banner or a log line. */
export function redactOidcConfig(config: OidcConfig): Omit<OidcConfig, 'clientSecret'> & { clientSecret?: '***' } {
  const { clientSecret, ...rest } = config;
  return clientSecret === undefined ? rest : { ...rest, clientSecret: '***' };
}

/** Throws `oidc-config-invalid` or `oidc-insecure-issuer`; returns the parsed issuer URL. */
export function validateOidcConfig(config: OidcConfig): URL {
  const issuer = parseUrl(config.issuer, 'issuer');
  if (issuer.username || issuer.password) throw new OidcError('oidc-config-invalid', 'the OIDC issuer URL must not contain credentials');
  if (issuer.search || issuer.hash) throw new OidcError('oidc-config-invalid', 'the OIDC issuer URL must not have a query or fragment');
  if (issuer.protocol !== 'https:') {
    if (issuer.protocol !== 'http:') throw new OidcError('oidc-insecure-issuer', `the OIDC issuer must be an https URL, not ${issuer.protocol}`);
    if (!config.allowInsecureHttp || !isLoopbackIp(issuer.hostname)) {
      throw new OidcError(
        'oidc-insecure-issuer',
        `the OIDC issuer must use https; plain http is only allowed for a loopback address (127.0.0.1, [::1]) with allowInsecureHttp (issuer ${issuer.origin})`,
      );
    }
  }

  const redirect = parseUrl(config.redirectUri, 'redirect URI');
  if (redirect.hash) throw new OidcError('oidc-config-invalid', 'the OIDC redirect URI must not have a fragment');
  // An authorization code sent over plain http to a remote host can be read on the way.
  if (redirect.protocol !== 'https:' && !(redirect.protocol === 'http:' && (isLoopbackIp(redirect.hostname) || redirect.hostname === 'localhost'))) {
    throw new OidcError('oidc-config-invalid', 'the OIDC redirect URI must be https (http only on a loopback address)');
  }

  if (typeof config.clientId !== 'string' || config.clientId.trim() === '') throw new OidcError('oidc-config-invalid', 'the OIDC client id is empty');
  if (config.clientSecret !== undefined && (typeof config.clientSecret !== 'string' || config.clientSecret === '')) {
    throw new OidcError('oidc-config-invalid', 'the OIDC client secret is empty (omit it for a public client)');
  }
  if (config.tokenEndpointAuthMethod !== undefined) {
    if (!['client_secret_basic', 'client_secret_post'].includes(config.tokenEndpointAuthMethod)) {
      throw new OidcError('oidc-config-invalid', 'the OIDC token endpoint auth method must be client_secret_basic or client_secret_post');
    }
    if (config.clientSecret === undefined) throw new OidcError('oidc-config-invalid', 'an OIDC token endpoint auth method needs a client secret');
  }
  for (const scope of config.scopes ?? []) {
    if (typeof scope !== 'string' || !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope)) {
      throw new OidcError('oidc-config-invalid', 'an OIDC scope is empty or has characters RFC 6749 does not allow');
    }
  }
  for (const [label, claim] of [['role claim', config.roleClaim], ['organisation claim', config.orgClaim]] as const) {
    if (claim !== undefined && (typeof claim !== 'string' || claim.trim() === '')) throw new OidcError('oidc-config-invalid', `the OIDC ${label} is empty`);
  }
  for (const [label, n] of [['timeoutSeconds', config.timeoutSeconds], ['pendingTtlSeconds', config.pendingTtlSeconds]] as const) {
    if (n !== undefined && !(Number.isFinite(n) && n > 0)) throw new OidcError('oidc-config-invalid', `OIDC ${label} must be a positive number`);
  }
  return issuer;
}

function parseUrl(value: string, label: string): URL {
  const url = typeof value === 'string' ? URL.parse(value) : null;
  if (!url) throw new OidcError('oidc-config-invalid', `the OIDC ${label} is not a valid URL`);
  return url;
}

/** IP literals only: a name such as `localhost` is whatever the resolver says it is. */
function isLoopbackIp(hostname: string): boolean {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

// ---------------------------------------------------------------------------------------------
// Login

export class OidcLogin {
  readonly #config: OidcConfig;
  readonly #client: client.Configuration;
  readonly #scope: string;

  private constructor(config: OidcConfig, clientConfig: client.Configuration) {
    this.#config = config;
    this.#client = clientConfig;
    const scopes = config.scopes && config.scopes.length > 0 ? config.scopes : DEFAULT_SCOPES;
    this.#scope = [...new Set(['openid', ...scopes])].join(' ');
  }

  /** Fetches the provider's metadata and checks that every endpoint obeys the https rule. */
  static async discover(config: OidcConfig): Promise<OidcLogin> {
    const issuer = validateOidcConfig(config);
    const insecure = issuer.protocol === 'http:'; // validateOidcConfig allowed it: loopback + flag
    const options: client.DiscoveryRequestOptions = {
      timeout: config.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      execute: [
        // allowInsecureRequests is marked deprecated only to stand out; it is gated to loopback above.
        ...(insecure ? [client.allowInsecureRequests] : []),
        // openid-client trusts TLS for ID tokens from the token endpoint (OIDC Core 3.1.3.7) and
        // skips their signature unless told otherwise; we want the JWKS check as well.
        client.enableNonRepudiationChecks,
      ],
    };

    let clientConfig: client.Configuration;
    try {
      clientConfig = await client.discovery(issuer, config.clientId, undefined, clientAuthFor(config), options);
    } catch (err) {
      throw new OidcError('oidc-discovery-failed', `OpenID Connect discovery failed for ${issuer.origin}${issuer.pathname === '/' ? '' : issuer.pathname}: ${describeError(err)}`, upstreamCode(err));
    }

    const metadata = clientConfig.serverMetadata();
    for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
      if (typeof metadata[field] !== 'string') throw new OidcError('oidc-discovery-failed', `the provider's metadata has no ${field}`);
    }
    for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint'] as const) {
      const value = metadata[field];
      if (value === undefined) continue;
      const url = URL.parse(value);
      // A loopback issuer must not send us to plain http anywhere else.
      if (!url || !(url.protocol === 'https:' || (insecure && url.protocol === 'http:' && isLoopbackIp(url.hostname)))) {
        throw new OidcError('oidc-insecure-issuer', `the provider's ${field} is not an https URL`);
      }
    }
    if (!(metadata.response_types_supported ?? ['code']).includes('code')) {
      throw new OidcError('oidc-discovery-failed', 'the provider does not support the authorization code flow');
    }
    return new OidcLogin(config, clientConfig);
  }

  /** The provider's issuer identifier as it announced it. */
  get issuer(): string {
    return this.#client.serverMetadata().issuer;
  }

  /** Starts a login: the URL to send the browser to and the state to keep until the callback. */
  async begin(): Promise<{ url: string; state: OidcPendingState }> {
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending: OidcPendingState = {
      v: 1,
      issuer: this.issuer,
      redirectUri: this.#config.redirectUri,
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier,
      createdAt: Date.now(),
    };
    const url = client.buildAuthorizationUrl(this.#client, {
      redirect_uri: pending.redirectUri,
      response_type: 'code',
      scope: this.#scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state: pending };
  }

  /**
   * Finishes a login from the URL the provider redirected the browser to (absolute, or a path
   * with its query: only the query is read, the redirect URI comes from the pending state, so a
   * reverse proxy that rewrites host or path does not matter). The pending state is single use:
   * the caller must discard it whatever the outcome.
   */
  async complete(callbackUrl: URL | string, pending: OidcPendingState): Promise<OidcIdentity> {
    this.#checkPending(pending);
    const params = callbackParams(callbackUrl, pending.redirectUri);

    // State first: an error response that does not carry our state is not ours to report.
    const states = params.getAll('state');
    if (states.length !== 1 || !constantTimeEqual(states[0]!, pending.state)) {
      throw new OidcError('oidc-state-mismatch', 'the login callback does not belong to this login attempt (state mismatch)');
    }
    const error = params.get('error');
    if (error !== null) {
      throw new OidcError('oidc-provider-error', `the identity provider refused the login (${sanitiseCode(error)})`, error);
    }
    if (params.getAll('code').length !== 1) {
      throw new OidcError('oidc-callback-invalid', 'the login callback carries no single authorization code');
    }

    const current = new URL(pending.redirectUri);
    current.search = params.toString();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(this.#client, current, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
    } catch (err) {
      throw grantError(err);
    }

    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcError('oidc-token-invalid', 'the provider returned no ID token');

    let userinfo: Record<string, unknown> = {};
    if (this.#client.serverMetadata().userinfo_endpoint && tokens.access_token) {
      try {
        // Checks that the UserInfo `sub` is the ID token's, so claims cannot be mixed across users.
        userinfo = await client.fetchUserInfo(this.#client, tokens.access_token, idClaims.sub);
      } catch (err) {
        const unreachable = isUnreachable(err);
        throw new OidcError(
          unreachable ? 'oidc-provider-unreachable' : 'oidc-userinfo-failed',
          `the provider's UserInfo request failed: ${describeError(err)}`,
          upstreamCode(err),
        );
      }
    }
    // The signed ID token wins over UserInfo for any claim both carry.
    return this.#identity({ ...userinfo, ...idClaims }, idClaims.iss, idClaims.sub);
  }

  #checkPending(pending: OidcPendingState): void {
    const p = pending as unknown as Record<string, unknown> | null;
    const wellFormed =
      typeof p === 'object' && p !== null && p.v === 1 &&
      ['issuer', 'redirectUri', 'state', 'nonce', 'codeVerifier'].every((k) => typeof p[k] === 'string' && p[k] !== '') &&
      typeof p.createdAt === 'number' && Number.isFinite(p.createdAt);
    if (!wellFormed) throw new OidcError('oidc-state-invalid', 'the pending login state is malformed');
    // A state begun against another provider or callback must not be completed here (mix-up).
    if (pending.issuer !== this.issuer || pending.redirectUri !== this.#config.redirectUri) {
      throw new OidcError('oidc-state-invalid', 'the pending login state was issued for another provider or redirect URI');
    }
    const age = Date.now() - pending.createdAt;
    if (age < -FUTURE_SKEW_MS) throw new OidcError('oidc-state-invalid', 'the pending login state is dated in the future');
    if (age > (this.#config.pendingTtlSeconds ?? DEFAULT_PENDING_TTL_SECONDS) * 1000) {
      throw new OidcError('oidc-state-expired', 'the login took too long; start again');
    }
  }

  #identity(claims: Record<string, unknown>, issuer: string, subject: string): OidcIdentity {
    if (typeof subject !== 'string' || subject === '') throw new OidcError('oidc-token-invalid', 'the ID token has no subject');
    const identity: OidcIdentity = { issuer, subject, roles: toStrings(readClaim(claims, this.#config.roleClaim ?? DEFAULT_ROLE_CLAIM)) };
    const email = toString(claims.email);
    if (email !== undefined) identity.email = email;
    if (typeof claims.email_verified === 'boolean') identity.emailVerified = claims.email_verified;
    const name = toString(claims.name) ?? toString(claims.preferred_username);
    if (name !== undefined) identity.name = name;
    if (this.#config.orgClaim) {
      const org = readClaim(claims, this.#config.orgClaim);
      // An array is accepted only when it names exactly one organisation: never guess a tenant.
      const one = Array.isArray(org) ? (org.length === 1 ? toString(org[0]) : undefined) : toString(org);
      if (one !== undefined) identity.organisation = one;
    }
    return identity;
  }

  /** Keeps the client secret out of JSON.stringify and util.inspect of a login object. */
  toJSON(): Record<string, unknown> {
    return { issuer: this.issuer, clientId: this.#config.clientId, redirectUri: this.#config.redirectUri, scope: this.#scope };
  }
}

/** The method is chosen per request from the discovered metadata (the ClientAuth receives it). */
function clientAuthFor(config: OidcConfig): client.ClientAuth {
  const secret = config.clientSecret;
  if (secret === undefined) return client.None();
  const basic = client.ClientSecretBasic(secret);
  const post = client.ClientSecretPost(secret);
  if (config.tokenEndpointAuthMethod) return config.tokenEndpointAuthMethod === 'client_secret_post' ? post : basic;
  return (as, c, body, headers) => {
    // RFC 8414: an absent list means client_secret_basic only.
    const methods = as.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    const auth = !methods.includes('client_secret_basic') && methods.includes('client_secret_post') ? post : basic;
    auth(as, c, body, headers);
  };
}

function callbackParams(callbackUrl: URL | string, base: string): URLSearchParams {
  let url: URL | null;
  if (callbackUrl instanceof URL) url = callbackUrl;
  else url = typeof callbackUrl === 'string' ? URL.parse(callbackUrl, base) : null;
  if (!url) throw new OidcError('oidc-callback-invalid', 'the login callback URL is not a URL');
  // A fragment response would mean an implicit/hybrid flow we never ask for.
  if (url.hash) throw new OidcError('oidc-callback-invalid', 'the login callback carries a fragment');
  return new URLSearchParams(url.search);
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function readClaim(claims: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  // Nested claims (Keycloak's realm_access.roles); exact names win, URLs as names keep working.
  let node: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function toString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed !== '' && trimmed.length <= MAX_CLAIM_LENGTH ? trimmed : undefined;
}

function toStrings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  const out = new Set<string>();
  for (const item of list) {
    const s = toString(item);
    if (s !== undefined) out.add(s);
    if (out.size >= MAX_ROLES) break;
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// Errors from openid-client, reduced to codes and fixed text

interface UpstreamShape {
  name?: unknown;
  code?: unknown;
  error?: unknown;
  status?: unknown;
  message?: unknown;
}

function grantError(err: unknown): OidcError {
  const e = (err ?? {}) as UpstreamShape;
  if (err instanceof client.ResponseBodyError || err instanceof client.WWWAuthenticateChallengeError) {
    const oauthError = err instanceof client.ResponseBodyError ? err.error : err.cause[0]?.parameters.error;
    if (oauthError === 'invalid_client' || (err.status === 401 && oauthError !== 'invalid_grant')) {
      return new OidcError('oidc-client-auth-failed', 'the identity provider rejected Bulwark\'s client credentials', oauthError ?? `http-${err.status}`);
    }
    if (oauthError === 'invalid_grant') {
      return new OidcError('oidc-grant-invalid', 'the authorization code was rejected (expired, already used, or not issued for this login)', oauthError);
    }
    return new OidcError('oidc-login-failed', `the identity provider's token endpoint refused the request (${sanitiseCode(String(oauthError ?? err.status))})`, oauthError ?? `http-${err.status}`);
  }
  if (err instanceof client.AuthorizationResponseError) {
    return new OidcError('oidc-provider-error', `the identity provider refused the login (${sanitiseCode(err.error)})`, err.error);
  }
  if (isUnreachable(err)) return new OidcError('oidc-provider-unreachable', `the identity provider could not be reached: ${describeError(err)}`, upstreamCode(err));
  if (err instanceof client.ClientError && e.code === 'OAUTH_HTTP_REQUEST_FORBIDDEN') {
    return new OidcError('oidc-insecure-issuer', 'the provider sent Bulwark to a non-https endpoint', upstreamCode(err));
  }
  if (err instanceof client.ClientError) {
    // Signature, iss, aud, azp, nonce, exp/iat, iss response parameter: the response is not to be trusted.
    return new OidcError('oidc-token-invalid', `the identity provider's response failed validation: ${describeError(err)}`, upstreamCode(err));
  }
  return new OidcError('oidc-login-failed', `the OpenID Connect login failed: ${describeError(err)}`, upstreamCode(err));
}

function isUnreachable(err: unknown): boolean {
  const e = (err ?? {}) as UpstreamShape;
  if (err instanceof TypeError && e.message === 'fetch failed') return true;
  return ['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON'].includes(String(e.code));
}

function upstreamCode(err: unknown): string | undefined {
  const e = (err ?? {}) as UpstreamShape & { cause?: { code?: unknown } };
  if (typeof e.error === 'string') return e.error;
  if (typeof e.code === 'string') return e.code;
  if (typeof e.cause?.code === 'string') return e.cause.code; // e.g. ECONNREFUSED under "fetch failed"
  return undefined;
}

/**
 * openid-client's and oauth4webapi's messages are fixed strings (they put values in `cause`), so
 * they are safe to show; anything else is reduced to its error name and code.
 */
function describeError(err: unknown): string {
  const e = (err ?? {}) as UpstreamShape & { cause?: { code?: unknown } };
  const trusted = err instanceof client.ClientError || (err instanceof TypeError && e.message === 'fetch failed');
  let text = trusted && typeof e.message === 'string' ? e.message : typeof e.name === 'string' ? e.name : 'error';
  // openid-client wraps oauth4webapi's error, whose (also fixed) message says which claim failed.
  const inner = err instanceof client.ClientError ? err.cause : undefined;
  if (inner instanceof Error && typeof (inner as UpstreamShape).code === 'string' && String((inner as UpstreamShape).code).startsWith('OAUTH_')) {
    text = inner.message;
  }
  const code = upstreamCode(err);
  return sanitiseText(code && !text.includes(code) ? `${text} (${code})` : text);
}

function sanitiseCode(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.:-]/g, '').slice(0, 64);
  return cleaned === '' ? 'unknown' : cleaned;
}

function sanitiseText(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, ' ').slice(0, 200);
}
