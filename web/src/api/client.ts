import type { InputIssue } from './types';

/** An API call that failed: the HTTP status plus the server's `{error: {code, message, details}}` when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** For a refused attempt (429): seconds until it may be tried again, when the server said. */
  retryAfterSeconds?: number;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  /** The per-line problems of a rejected input (`details.issues`), or [] when there are none. */
  get issues(): InputIssue[] {
    return readIssues(this.details);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Extracts well-formed issues from an untrusted `details` value, dropping anything malformed. */
export function readIssues(details: unknown): InputIssue[] {
  if (!isRecord(details) || !Array.isArray(details.issues)) return [];
  const issues: InputIssue[] = [];
  for (const raw of details.issues) {
    if (!isRecord(raw)) continue;
    const message = typeof raw.message === 'string' ? raw.message : undefined;
    if (message === undefined) continue;
    const issue: InputIssue = { message };
    if (typeof raw.line === 'number' && Number.isFinite(raw.line)) issue.line = raw.line;
    if (typeof raw.column === 'number' || typeof raw.column === 'string') issue.column = raw.column;
    if (typeof raw.code === 'string') issue.code = raw.code;
    issues.push(issue);
  }
  return issues;
}

/** Builds an ApiError from a failed response's status and (possibly non-JSON, possibly empty) body text. */
export function errorFromResponse(status: number, statusText: string, bodyText: string, retryAfterHeader?: string | null): ApiError {
  let body: unknown;
  try {
    body = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    body = undefined;
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === 'string' ? error.code : `http-${status}`;
  const message =
    typeof error?.message === 'string' && error.message
      ? error.message
      : `${status} ${statusText || 'Request failed'}`.trim();
  const apiError = new ApiError(status, code, message, error?.details);
  const retryAfter = retryAfterSeconds(error?.details, retryAfterHeader);
  if (retryAfter !== null) apiError.retryAfterSeconds = retryAfter;
  return apiError;
}

/** Seconds until a refused attempt may be retried: `details.retryAfterSeconds`, else a numeric Retry-After header. */
function retryAfterSeconds(details: unknown, header: string | null | undefined): number | null {
  const fromDetails = isRecord(details) ? details.retryAfterSeconds : undefined;
  if (typeof fromDetails === 'number' && Number.isFinite(fromDetails) && fromDetails >= 0) return fromDetails;
  if (header && /^\d+$/.test(header.trim())) return Number(header.trim());
  return null;
}

// ---- session: the CSRF token and the "signed out" signal ----

/** The header every state-changing request of a session must carry (the server compares it with the session's). */
export const CSRF_HEADER = 'x-csrf-token';

let csrfToken: string | null = null;

/** The CSRF token of the current session, as last returned by /api/auth/login, /api/auth/me or /api/auth/password. */
export function getCsrfToken(): string | null {
  return csrfToken;
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type UnauthenticatedListener = (error: ApiError) => void;
const unauthenticatedListeners = new Set<UnauthenticatedListener>();

/**
 * Calls `listener` whenever a request outside /api/auth/ answers 401: the session ended (expired,
 * signed out elsewhere, password changed, account disabled) and the app should ask to sign in.
 * Returns the unsubscribe function.
 */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener);
  return () => {
    unauthenticatedListeners.delete(listener);
  };
}

function isAuthPath(path: string): boolean {
  return new URL(path, 'http://localhost').pathname.startsWith('/api/auth/');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function request<T>(path: string, init: RequestInit): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { Accept: 'application/json', ...(init.headers as Record<string, string> | undefined) };
  if (!SAFE_METHODS.has(method) && csrfToken) headers[CSRF_HEADER] = csrfToken;
  const response = await fetch(path, { ...init, method, headers, credentials: 'same-origin' });
  if (!response.ok) {
    const error = errorFromResponse(response.status, response.statusText, await response.text(), response.headers.get('retry-after'));
    if (response.status === 401 && !isAuthPath(path)) {
      csrfToken = null;
      for (const listener of [...unauthenticatedListeners]) listener(error);
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json()) as T;
  // Sign-in, the current account and a password change hand out the session's CSRF token.
  if (isAuthPath(path) && isRecord(body) && typeof body.csrfToken === 'string') csrfToken = body.csrfToken;
  return body;
}

export function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, { method: 'GET', signal: signal ?? null });
}

export function apiPostForm<T>(path: string, form: FormData): Promise<T> {
  return request<T>(path, { method: 'POST', body: form });
}

function sendJson<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown): Promise<T> {
  return request<T>(path, { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

export function apiPostJson<T>(path: string, body: unknown): Promise<T> {
  return sendJson<T>('POST', path, body);
}

export function apiPutJson<T>(path: string, body: unknown): Promise<T> {
  return sendJson<T>('PUT', path, body);
}

export function apiPatchJson<T>(path: string, body: unknown): Promise<T> {
  return sendJson<T>('PATCH', path, body);
}

export function apiDelete<T>(path: string): Promise<T> {
  return request<T>(path, { method: 'DELETE' });
}

/** Appends a query string built from params, skipping empty values. */
export function withQuery(path: string, params: URLSearchParams): string {
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
