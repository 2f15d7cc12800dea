import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  apiDelete, apiGet, apiPatchJson, apiPostForm, apiPostJson, ApiError, CSRF_HEADER, errorFromResponse, getCsrfToken, onUnauthenticated, readIssues,
  setCsrfToken,
} from './client';

describe('errorFromResponse', () => {
  it('reads the server error envelope', () => {
    const body = JSON.stringify({
      error: { code: 'invalid-input', message: 'bad.csv: 2 problem(s)', details: { issues: [{ line: 3, column: 'kind', code: 'unknown-kind', message: 'unknown kind "toaster"' }] } },
    });
    const error = errorFromResponse(400, 'Bad Request', body);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe('bad.csv: 2 problem(s)');
    expect(error.issues).toEqual([{ line: 3, column: 'kind', code: 'unknown-kind', message: 'unknown kind "toaster"' }]);
    expect(error.isNotFound).toBe(false);
  });

  it('copes with bodies that are not the envelope: HTML, truncated JSON, empty, wrong types', () => {
    for (const body of ['<html>502 Bad Gateway</html>', '{"error": {"code": "x", "mess', '', 'null', '[1,2]', '{"error": "flat string"}', '{"error": {"code": 5, "message": {}}}']) {
      const error = errorFromResponse(502, 'Bad Gateway', body);
      expect(error.code).toBe('http-502');
      expect(error.message).toBe('502 Bad Gateway');
      expect(error.issues).toEqual([]);
    }
    expect(errorFromResponse(404, '', '').message).toBe('404 Request failed');
    expect(errorFromResponse(404, '', '').isNotFound).toBe(true);
  });
});

describe('readIssues', () => {
  it('keeps well-formed issues and drops malformed ones', () => {
    const issues = readIssues({
      issues: [
        { line: 4, column: 2, message: 'ok' },
        { message: 'no place' },
        { line: 'seven', message: 'line is not a number' },
        { line: 9 },
        null,
        'text',
        { line: Number.POSITIVE_INFINITY, message: 'infinite line' },
      ],
    });
    expect(issues).toEqual([
      { line: 4, column: 2, message: 'ok' },
      { message: 'no place' },
      { message: 'line is not a number' },
      { message: 'infinite line' },
    ]);
  });

  it('returns nothing for details without issues', () => {
    expect(readIssues(undefined)).toEqual([]);
    expect(readIssues({ issues: 'many' })).toEqual([]);
    expect(readIssues([{ message: 'x' }])).toEqual([]);
  });
});

describe('retry time of a refused attempt', () => {
  it('reads details.retryAfterSeconds, else a numeric Retry-After header', () => {
    const locked = JSON.stringify({ error: { code: 'too-many-attempts', message: 'locked', details: { retryAfterSeconds: 840 } } });
    expect(errorFromResponse(429, 'Too Many Requests', locked, '900').retryAfterSeconds).toBe(840);
    expect(errorFromResponse(429, 'Too Many Requests', '{"error":{"code":"x","message":"slow down"}}', '42').retryAfterSeconds).toBe(42);
    expect(errorFromResponse(429, 'Too Many Requests', '', 'Wed, 21 Oct 2015 07:28:00 GMT').retryAfterSeconds).toBeUndefined();
    expect(errorFromResponse(400, 'Bad Request', '').retryAfterSeconds).toBeUndefined();
  });
});

describe('requests of a signed-in session', () => {
  interface Call {
    url: string;
    method: string;
    headers: Record<string, string>;
    body: unknown;
  }
  let calls: Call[];
  let reply: (url: string) => Response;

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

  beforeEach(() => {
    calls = [];
    setCsrfToken(null);
    reply = () => json(200, { ok: true });
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method ?? 'GET', headers: { ...(init.headers as Record<string, string>) }, body: init.body });
      return reply(url);
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('keeps the CSRF token handed out by sign-in and sends it on every change, never on reads', async () => {
    reply = () => json(200, { user: { username: 'alice' }, role: 'analyst', csrfToken: 'csrf-1' });
    await apiPostJson('/api/auth/login', { username: 'alice', password: 'correct horse battery' });
    expect(calls[0]?.headers[CSRF_HEADER]).toBeUndefined();
    expect(getCsrfToken()).toBe('csrf-1');

    reply = () => json(200, { ok: true });
    await apiGet('/api/assets');
    await apiPostJson('/api/match', { full: true });
    await apiPatchJson('/api/users/u1', { role: 'operator' });
    await apiPostForm('/api/assets/import', new FormData());
    await apiDelete('/api/tokens/t1');
    expect(calls.slice(1).map((c) => [c.method, c.headers[CSRF_HEADER]])).toEqual([
      ['GET', undefined],
      ['POST', 'csrf-1'],
      ['PATCH', 'csrf-1'],
      ['POST', 'csrf-1'],
      ['DELETE', 'csrf-1'],
    ]);
    expect(calls[3]?.body).toBe(JSON.stringify({ role: 'operator' }));
    expect(calls[3]?.headers['Content-Type']).toBe('application/json');
  });

  it('takes a fresh token from /api/auth/me and a password change, but not from other routes', async () => {
    reply = () => json(200, { csrfToken: 'from-me' });
    await apiGet('/api/auth/me');
    expect(getCsrfToken()).toBe('from-me');
    reply = () => json(200, { csrfToken: 'after-password-change' });
    await apiPostJson('/api/auth/password', { current: 'a', password: 'b' });
    expect(getCsrfToken()).toBe('after-password-change');
    reply = () => json(200, { csrfToken: 'planted-by-some-record' });
    await apiGet('/api/assets/x');
    expect(getCsrfToken()).toBe('after-password-change');
  });

  it('sends no CSRF header before anyone signed in', async () => {
    await apiPostJson('/api/auth/login', { username: 'a', password: 'b' });
    expect(CSRF_HEADER in (calls[0]?.headers ?? {})).toBe(false);
  });

  it('tells the app when a request finds the session gone, and forgets the token', async () => {
    const seen: string[] = [];
    const stop = onUnauthenticated((error) => seen.push(error.code));
    setCsrfToken('stale');
    reply = () => json(401, { error: { code: 'unauthenticated', message: 'sign in first' } });
    await expect(apiGet('/api/assets')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(seen).toEqual(['unauthenticated']);
    expect(getCsrfToken()).toBeNull();

    // A wrong password at sign-in and the probe of /api/auth/me are answers, not a lost session.
    await expect(apiPostJson('/api/auth/login', { username: 'a', password: 'b' })).rejects.toBeInstanceOf(ApiError);
    await expect(apiGet('/api/auth/me')).rejects.toBeInstanceOf(ApiError);
    expect(seen).toEqual(['unauthenticated']);

    // Other failures are not a sign-out.
    reply = () => json(403, { error: { code: 'forbidden', message: 'no' } });
    await expect(apiPostJson('/api/assets', {})).rejects.toMatchObject({ status: 403 });
    expect(seen).toEqual(['unauthenticated']);

    stop();
    reply = () => json(401, { error: { code: 'unauthenticated', message: 'sign in first' } });
    await expect(apiGet('/api/assets?limit=1')).rejects.toBeInstanceOf(ApiError);
    expect(seen).toEqual(['unauthenticated']);
  });

  it('answers undefined for 204 No Content', async () => {
    reply = () => new Response(null, { status: 204 });
    await expect(apiDelete('/api/sboms/s1')).resolves.toBeUndefined();
  });
});
