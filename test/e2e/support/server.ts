/**
 * Starts the real Bulwark server (CLI `serve`) on a fresh temporary SQLite database, with the demo
 * plant seeded and its first administrator's password set through BULWARK_ADMIN_PASSWORD, and hands
 * back its base URL, the administrator's credentials, and a `fetch` signed in with an API token of
 * that administrator. `signedInPage` opens a browser page already signed in (a session cookie from
 * a real sign-in). Used by the browser tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { CLI } from '../../support/cli.js';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

export interface Credentials {
  username: string;
  password: string;
}

/** The first administrator every e2e server starts with (BULWARK_ADMIN_PASSWORD). */
export const E2E_ADMIN: Readonly<Credentials> = { username: 'admin', password: 'e2e admin password, not for production' };

export const SESSION_COOKIE = 'bulwark_session';

export interface RunningServer {
  baseUrl: string;
  /** The first administrator's username and password. */
  admin: Readonly<Credentials>;
  /** An API token of the administrator (created through POST /api/tokens after a real sign-in). */
  token: string;
  /** `fetch` for node-side API calls, as the administrator: adds `Authorization: Bearer` unless the call sets one. */
  fetch: (input: string | URL, init?: RequestInit) => Promise<Response>;
  /** Everything the server printed, for diagnosing a failure. */
  output: () => string;
  stop: () => Promise<void>;
}

const LISTENING = /Bulwark listening on (http:\/\/[^\s]+)/;

export async function startServer(options: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [...CLI, '--db', join(dir, 'e2e.db'), 'serve', '--host', '127.0.0.1', '--port', '0'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', BULWARK_ADMIN_PASSWORD: E2E_ADMIN.password } },
  );
  let log = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const baseUrl = await new Promise<string>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start in time:\n${log}`)), options.timeoutMs ?? 90_000);
      const onData = (chunk: Buffer): void => {
        log += chunk.toString('utf8');
        const match = LISTENING.exec(log);
        if (match?.[1]) {
          clearTimeout(timer);
          ready(match[1].replace(/\/$/, ''));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`server exited with code ${code} before listening:\n${log}`));
      });
    });
    const token = await createToken(baseUrl, await signIn(baseUrl, E2E_ADMIN), 'e2e node-side calls');
    const authorised = (input: string | URL, init: RequestInit = {}): Promise<Response> => {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    return { baseUrl, admin: E2E_ADMIN, token, fetch: authorised, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A JSON answer of the API, asked as the administrator; throws with the server's answer when it fails. */
export async function apiJson<T>(server: Pick<RunningServer, 'baseUrl' | 'fetch'>, path: string, init?: RequestInit): Promise<T> {
  const response = await server.fetch(`${server.baseUrl}${path}`, init);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export interface SignedIn {
  /** The value of the session cookie. */
  session: string;
  /** The CSRF token the session must send on every change. */
  csrfToken: string;
}

/** Signs in through POST /api/auth/login, as the UI does; throws with the server's answer when refused. */
export async function signIn(baseUrl: string, credentials: Credentials): Promise<SignedIn> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (!response.ok) throw new Error(`sign-in as ${credentials.username}: HTTP ${response.status}: ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  const session = cookie ? decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1).split(';')[0] ?? '') : '';
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  if (!session || !csrfToken) throw new Error(`sign-in as ${credentials.username} set no session cookie or CSRF token`);
  return { session, csrfToken };
}

/** A request of a signed-in session (cookie plus, for changes, the CSRF header). */
export function sessionFetch(baseUrl: string, signedIn: SignedIn, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('cookie', `${SESSION_COOKIE}=${encodeURIComponent(signedIn.session)}`);
  headers.set('x-csrf-token', signedIn.csrfToken);
  return fetch(`${baseUrl}${path}`, { ...init, headers });
}

async function createToken(baseUrl: string, signedIn: SignedIn, name: string): Promise<string> {
  const response = await sessionFetch(baseUrl, signedIn, '/api/tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, expiresInDays: 1 }),
  });
  if (response.status !== 201) throw new Error(`creating an API token: HTTP ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** Puts a real session of `credentials` (default: the administrator) into a browser context. */
export async function signInContext(context: BrowserContext, server: Pick<RunningServer, 'baseUrl' | 'admin'>, credentials: Credentials = server.admin): Promise<SignedIn> {
  const signedIn = await signIn(server.baseUrl, credentials);
  await context.addCookies([{ name: SESSION_COOKIE, value: signedIn.session, url: server.baseUrl, httpOnly: true, sameSite: 'Strict' }]);
  return signedIn;
}

/** A new page (in its own context) that is signed in already, as the administrator unless told otherwise. */
export async function signedInPage(
  browser: Browser,
  server: Pick<RunningServer, 'baseUrl' | 'admin'>,
  options: BrowserContextOptions = {},
  credentials?: Credentials,
): Promise<Page> {
  const page = await browser.newPage(options);
  await signInContext(page.context(), server, credentials);
  return page;
}
