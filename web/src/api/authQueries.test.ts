import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authKeys, fetchMe, markSignedIn, markSignedOut } from './authQueries';
import type { Me } from './authTypes';
import { getCsrfToken, setCsrfToken } from './client';

const me = (username: string): Me => ({
  user: {
    id: `id-${username}`, orgId: 'org', username, displayName: null, email: null, role: 'analyst', siteIds: null, disabled: false,
    lockedUntil: null, signIn: 'password', createdAt: '2025-01-01T00:00:00Z', lastLoginAt: null,
  },
  organisation: null,
  role: 'analyst',
  permissions: ['read', 'write', 'approve'],
  via: 'session',
  csrfToken: `csrf-${username}`,
});

function clientWithData(): QueryClient {
  const client = new QueryClient();
  client.setQueryData(authKeys.me, me('alice'));
  client.setQueryData(['assets', 'list', 'limit=50'], { items: ['secret plant'] });
  client.setQueryData(authKeys.tokens(false), { items: [] });
  return client;
}

describe('switching accounts', () => {
  afterEach(() => setCsrfToken(null));

  it('signing out forgets the account, its CSRF token and everything it saw', () => {
    const client = clientWithData();
    setCsrfToken('csrf-alice');
    markSignedOut(client);
    expect(client.getQueryData(authKeys.me)).toBeNull();
    expect(client.getQueryData(['assets', 'list', 'limit=50'])).toBeUndefined();
    expect(client.getQueryData(authKeys.tokens(false))).toBeUndefined();
    expect(getCsrfToken()).toBeNull();
  });

  it('signing in as someone else drops what the previous account saw', () => {
    const client = clientWithData();
    markSignedIn(client, me('bob'));
    expect(client.getQueryData<Me>(authKeys.me)?.user?.username).toBe('bob');
    expect(client.getQueryData(['assets', 'list', 'limit=50'])).toBeUndefined();
  });
});

describe('fetchMe', () => {
  afterEach(() => vi.unstubAllGlobals());

  const answer = (status: number, body: unknown) =>
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));

  it('is null when nobody is signed in, the account otherwise, and fails on other errors', async () => {
    answer(200, { signedIn: false });
    await expect(fetchMe()).resolves.toBeNull();
    answer(401, { error: { code: 'unauthenticated', message: 'sign in first' } });
    await expect(fetchMe()).resolves.toBeNull();
    answer(200, { signedIn: true, ...me('carol') });
    await expect(fetchMe()).resolves.toMatchObject({ user: { username: 'carol' } });
    expect(getCsrfToken()).toBe('csrf-carol');
    answer(503, { error: { code: 'unavailable', message: 'database down' } });
    await expect(fetchMe()).rejects.toMatchObject({ status: 503 });
  });
});
