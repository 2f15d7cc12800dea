/**
 * A small typed client for the Bulwark HTTP API, used by the command line in remote mode.
 *
 * JSON requests and multipart uploads on Node's global fetch, FormData and Blob; error answers
 * (`{error: {code, message, details}}`) become the project's typed errors so that exit codes match
 * the local path; per-request timeouts; redirects are refused (they could carry the token to
 * another origin). The token travels only in the Authorization header and is never put in an
 * error message.
 */
import { request as httpsRequest } from 'node:https';
import { AuthenticationError, ForbiddenError, TooManyAttemptsError } from '../../model/auth.js';
import { BulwarkError, ConflictError, InputError, LimitError, NotFoundError, type Issue } from '../../model/errors.js';
import { VERSION } from '../../version.js';

export type Query = Record<string, string | number | boolean | null | undefined>;

/** One file of a multipart upload. */
export interface UploadFile {
  /** The name the server sees (a base name: servers replace path separators). */
  name: string;
  data: Blob;
}

export interface RemoteClientOptions {
  /** Base URL of the server, without a trailing slash (see `checkServerUrl`). */
  server: string;
  /** API token (`bwk_…`); requests go without Authorization when absent (sign-in). */
  token?: string;
  /** Extra trusted CA certificate(s), PEM, for servers with a private or self-signed certificate. */
  ca?: Buffer;
  /** Per-request timeout for reads (GET); changes and uploads get `changeTimeoutMs`. */
  timeoutMs?: number;
  changeTimeoutMs?: number;
  /** Appended to the message of a 401 answer: what to do about it. */
  reauthHint?: string;
}

export type Transport = (url: string, init: RequestInit) => Promise<Response>;

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_CHANGE_TIMEOUT_MS = 30 * 60_000;
/** API pages are at most this long (the server's limit). */
export const MAX_PAGE = 500;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Validates a server URL and returns its normal form (origin and path, no trailing slash).
 * Plain http is accepted for loopback only, unless `insecureHttp`: a token must not cross a
 * network in clear text.
 */
export function checkServerUrl(text: string, options: { insecureHttp?: boolean } = {}): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new InputError(`"${text}" is not a URL; give the server address, e.g. https://bulwark.example.org`, { code: 'bad-usage' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError(`the server URL must start with https:// (not ${url.protocol}//)`, { code: 'bad-usage' });
  if (url.username || url.password) throw new InputError('the server URL must not carry a user name or password; use --username and the password prompt', { code: 'bad-usage' });
  if (url.search || url.hash) throw new InputError('the server URL must not have a query or fragment', { code: 'bad-usage' });
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !options.insecureHttp) {
    throw new InputError(
      `refusing plain http to ${url.host}: the API token would cross the network unencrypted. Use https:// (with --ca FILE for a private certificate), or --insecure-http (BULWARK_INSECURE_HTTP=1) on a network you trust`,
      { code: 'insecure-http' },
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

interface ErrorAnswer {
  error?: { code?: unknown; message?: unknown; details?: unknown };
  message?: unknown;
  code?: unknown;
}

/** The typed error for an error answer; its message never includes request headers. */
export function errorFromResponse(status: number, body: unknown, context: { server: string; reauthHint?: string; retryAfter?: string | null }): BulwarkError {
  const answer = (body && typeof body === 'object' ? body : {}) as ErrorAnswer;
  const code = typeof answer.error?.code === 'string' ? answer.error.code : typeof answer.code === 'string' ? answer.code.toLowerCase() : `http-${status}`;
  const message = typeof answer.error?.message === 'string' ? answer.error.message : typeof answer.message === 'string' ? answer.message : `the server answered HTTP ${status}`;
  const details = answer.error?.details;
  if (status === 401) return new AuthenticationError(context.reauthHint ? `${message}; ${context.reauthHint}` : message, code);
  if (status === 403) return new ForbiddenError(message, code);
  if (status === 429) {
    const fromDetails = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    const seconds = typeof fromDetails === 'number' ? fromDetails : Number(context.retryAfter) || 60;
    return new TooManyAttemptsError(message, seconds);
  }
  if (status === 404) {
    const d = details as { what?: unknown; id?: unknown } | undefined;
    const err = new NotFoundError(typeof d?.what === 'string' ? d.what : 'record', typeof d?.id === 'string' ? d.id : '');
    err.message = message;
    return err;
  }
  if (status === 409) return new ConflictError(message, details);
  if (status === 413) return new LimitError(message, { details });
  if (status >= 400 && status < 500) {
    const issues = (details as { issues?: unknown } | undefined)?.issues;
    return new InputError(message, { code, details, issues: Array.isArray(issues) ? (issues as Issue[]) : undefined });
  }
  return new BulwarkError(code === `http-${status}` ? 'server-error' : code, `${context.server} failed: ${message} (HTTP ${status})`, { details });
}

/** A fetch-shaped transport over node:https that trusts extra CA certificates (Node 20's fetch cannot). */
export function transportWithCa(ca: Buffer): Transport {
  return async (url, init) => {
    // Request serialises any body (FormData included) with its content type, exactly as fetch would.
    const req = new Request(url, init);
    const body = init.body === undefined || init.body === null ? null : Buffer.from(await req.arrayBuffer());
    const headers: Record<string, string> = {};
    req.headers.forEach((value, key) => {
      headers[key] = value;
    });
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const r = httpsRequest(url, { method: req.method, headers, ca, signal: init.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) for (const x of v) h.append(k, x);
            else if (v !== undefined) h.set(k, v);
          }
          const status = res.statusCode ?? 502;
          const empty = status === 204 || status === 304 || req.method === 'HEAD';
          resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers: h }));
        });
      });
      r.on('error', reject);
      r.end(body ?? undefined);
    });
  };
}

interface RequestOptions {
  query?: Query;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

export class RemoteClient {
  readonly server: string;
  readonly #token: string | undefined;
  readonly #transport: Transport;
  readonly #timeoutMs: number;
  readonly #changeTimeoutMs: number;
  readonly #reauthHint: string | undefined;

  constructor(options: RemoteClientOptions) {
    this.server = options.server;
    this.#token = options.token;
    this.#transport = options.ca && options.server.startsWith('https:') ? transportWithCa(options.ca) : (url, init) => fetch(url, init);
    const fromEnv = Number(process.env.BULWARK_HTTP_TIMEOUT) * 1000;
    this.#timeoutMs = options.timeoutMs ?? (fromEnv > 0 ? fromEnv : DEFAULT_TIMEOUT_MS);
    this.#changeTimeoutMs = options.changeTimeoutMs ?? (fromEnv > 0 ? fromEnv : DEFAULT_CHANGE_TIMEOUT_MS);
    this.#reauthHint = options.reauthHint;
  }

  /** Sends one request; answers other than 2xx become typed errors. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = `${this.server}${path}${queryString(options.query)}`;
    const shown = `${this.server}${path}`;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': `bulwark-cli/${VERSION}`, ...options.headers };
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const timeoutMs = method === 'GET' ? this.#timeoutMs : this.#changeTimeoutMs;
    let response: Response;
    try {
      response = await this.#transport(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new BulwarkError('timeout', `${shown}: no answer within ${Math.round(timeoutMs / 1000)} s (raise BULWARK_HTTP_TIMEOUT, in seconds, for long operations)`);
      }
      const reason = e.cause?.code ?? (e as NodeJS.ErrnoException).code ?? e.cause?.message ?? e.message;
      const tlsHint = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(String(reason)) ? '; for a private or self-signed certificate give its CA with --ca FILE (or BULWARK_CA)' : '';
      throw new BulwarkError('network-error', `cannot reach ${this.server}: ${reason}${tlsHint}`);
    }
    if (response.status >= 300 && response.status < 400) {
      throw new BulwarkError('redirect', `${shown} redirects to ${response.headers.get('location') ?? 'another address'}; give the final server URL to bulwark login`);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw errorFromResponse(response.status, parseJson(text), { server: this.server, reauthHint: this.#reauthHint, retryAfter: response.headers.get('retry-after') });
    }
    return response;
  }

  async #json<T>(response: Response, path: string): Promise<T> {
    const text = await response.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new BulwarkError('bad-answer', `${this.server}${path} did not answer with JSON (is this a Bulwark server?)`);
    }
  }

  async get<T>(path: string, query?: Query): Promise<T> {
    return this.#json<T>(await this.send('GET', path, { query }), path);
  }

  /** A text answer (exports). */
  async text(path: string, query?: Query): Promise<string> {
    return (await this.send('GET', path, { query, headers: { accept: '*/*' } })).text();
  }

  async post<T>(path: string, json?: unknown, query?: Query): Promise<T> {
    return this.#json<T>(await this.send('POST', path, { json: json ?? {}, query }), path);
  }

  async patch<T>(path: string, json: unknown): Promise<T> {
    return this.#json<T>(await this.send('PATCH', path, { json }), path);
  }

  async delete<T>(path: string): Promise<T> {
    return this.#json<T>(await this.send('DELETE', path), path);
  }

  /** A multipart/form-data upload: each file as a "file" field. */
  async upload<T>(path: string, files: UploadFile[], query?: Query): Promise<T> {
    return this.#json<T>(await this.send('POST', path, { form: formOf(files), query }), path);
  }

  /** Like `upload` but returns the raw answer (for non-JSON formats). */
  async uploadRaw(path: string, files: UploadFile[], query?: Query): Promise<string> {
    return (await this.send('POST', path, { form: formOf(files), query, headers: { accept: '*/*' } })).text();
  }

  /**
   * Pages through a list route (`{items, total}` with limit/offset) from `offset` until `want`
   * items (0 = all) or the end.
   */
  async pages<T>(path: string, query: Query, options: { want: number; offset?: number }): Promise<{ items: T[]; total: number }> {
    const { want } = options;
    const start = options.offset ?? 0;
    const items: T[] = [];
    for (;;) {
      const limit = want > 0 ? Math.min(MAX_PAGE, want - items.length) : MAX_PAGE;
      const page = await this.get<{ items: T[]; total: number }>(path, { ...query, limit, offset: start + items.length });
      items.push(...page.items);
      if (page.items.length < limit || start + items.length >= page.total || (want > 0 && items.length >= want)) return { items, total: page.total };
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function formOf(files: UploadFile[]): FormData {
  const form = new FormData();
  for (const f of files) form.append('file', f.data, f.name);
  return form;
}
