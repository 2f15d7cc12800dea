import type { InputIssue } from './types';

/** An API call that failed: the HTTP status plus the server's `{error: {code, message, details}}` when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

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
export function errorFromResponse(status: number, statusText: string, bodyText: string): ApiError {
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
  return new ApiError(status, code, message, error?.details);
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers } });
  if (!response.ok) {
    throw errorFromResponse(response.status, response.statusText, await response.text());
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, { method: 'GET', signal: signal ?? null });
}

export function apiPostForm<T>(path: string, form: FormData): Promise<T> {
  return request<T>(path, { method: 'POST', body: form });
}

export function apiPostJson<T>(path: string, body: unknown): Promise<T> {
  return request<T>(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
}

/** Appends a query string built from params, skipping empty values. */
export function withQuery(path: string, params: URLSearchParams): string {
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
