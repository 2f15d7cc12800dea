/**
 * Where a command works: a local database, or a Bulwark server over its API. This is the one
 * place that decides it:
 *
 * 1. `--db` or BULWARK_DB: that local database (local always wins when asked for explicitly);
 * 2. BULWARK_SERVER + BULWARK_TOKEN: that server with that token (CI, no credentials file);
 * 3. the credentials file of `bulwark login`: that server;
 * 4. otherwise the local database ./data/bulwark.db.
 */
import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { AuthenticationError } from '../model/auth.js';
import { InputError } from '../model/errors.js';
import type { Scope } from '../model/scope.js';
import { appendAudit, type AuditInput } from '../services/audit.js';
import { DEFAULT_DB_PATH, openStore, type Store } from '../store/database.js';
import { checkServerUrl, RemoteClient } from './remote/client.js';
import { credentialsPath, readCredentials } from './remote/credentials.js';
import { cliScope } from './scope.js';

/** The program-wide options every command can read. */
export interface GlobalOptions {
  db?: string;
}

export type Target =
  | { mode: 'local'; location: string; explicit: boolean }
  | { mode: 'remote'; server: string; from: 'environment' | 'credentials'; username: string | null; expiresAt: string | null; api: RemoteClient };

/** The database location: --db, else BULWARK_DB, else ./data/bulwark.db. */
export function dbLocation(flag: string | undefined): string {
  return flag || process.env.BULWARK_DB || DEFAULT_DB_PATH;
}

export function readCaFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new InputError(`cannot read the CA certificate ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { code: 'unreadable-file' });
  }
}

function remoteTarget(from: 'environment' | 'credentials', c: { url: string; token: string; ca?: string; username: string | null; expiresAt: string | null; reauthHint: string }): Target {
  const api = new RemoteClient({ server: c.url, token: c.token, ca: c.ca ? readCaFile(c.ca) : undefined, reauthHint: c.reauthHint });
  return { mode: 'remote', server: c.url, from, username: c.username, expiresAt: c.expiresAt, api };
}

export function resolveTarget(globals: GlobalOptions): Target {
  const explicit = globals.db || process.env.BULWARK_DB;
  if (explicit) return { mode: 'local', location: explicit, explicit: true };
  const { BULWARK_SERVER: envServer, BULWARK_TOKEN: envToken } = process.env;
  const caFile = process.env.BULWARK_CA || undefined;
  if (envServer || envToken) {
    if (!envServer || !envToken) throw new InputError('BULWARK_SERVER and BULWARK_TOKEN go together: set both to use a server without `bulwark login`', { code: 'bad-usage' });
    const url = checkServerUrl(envServer, { insecureHttp: process.env.BULWARK_INSECURE_HTTP === '1' });
    return remoteTarget('environment', { url, token: envToken, ca: caFile, username: null, expiresAt: null, reauthHint: 'check BULWARK_TOKEN (revoked, expired or mistyped?)' });
  }
  const stored = readCredentials();
  if (!stored) return { mode: 'local', location: DEFAULT_DB_PATH, explicit: false };
  if (stored.expiresAt && stored.expiresAt <= new Date().toISOString()) {
    throw new AuthenticationError(`the token stored by \`bulwark login\` for ${stored.url} expired at ${stored.expiresAt}; run \`bulwark login ${stored.url}\` again`, 'token-expired');
  }
  return remoteTarget('credentials', { ...stored, ca: caFile ?? stored.ca, username: stored.username || null, reauthHint: `run \`bulwark login ${stored.url}\` again` });
}

async function openLocal<T>(location: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(location);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * Runs the local or the remote variant of a command, whichever the target selects. Locally, the
 * command works in the organisation of the command line (`cliScope`); remotely, in the token's.
 */
export async function withTarget<T>(
  globals: GlobalOptions,
  run: { local: (store: Store, scope: Scope) => Promise<T>; remote: (api: RemoteClient) => Promise<T> },
): Promise<T> {
  const target = resolveTarget(globals);
  if (target.mode === 'remote') return run.remote(target.api);
  return openLocal(target.location, async (store) => run.local(store, await cliScope(store)));
}

/**
 * For commands that have no API equivalent: opens the local database (`--db`, BULWARK_DB or the
 * default), but refuses when the command line is signed in to a server and no database was named,
 * rather than quietly working on another database than the one the user has in mind.
 */
export async function withStore<T>(flag: string | undefined, fn: (store: Store) => Promise<T>, options: { command?: string } = {}): Promise<T> {
  const target = resolveTarget({ db: flag });
  if (target.mode === 'remote') {
    const how = target.from === 'environment' ? 'BULWARK_SERVER is set' : `signed in through ${credentialsPath()}`;
    const what = options.command ? `\`bulwark ${options.command}\`` : 'this command';
    throw new InputError(
      `${what} works on a local database only, but this command line works with ${target.server} (${how}). Give --db (or BULWARK_DB) to run it on a local database, or run it on the server`,
      { code: 'local-only' },
    );
  }
  return openLocal(target.location, fn);
}

// ---- who acts on a local database ----

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER || process.env.USERNAME || 'unknown';
  }
}

/** The audit actor of the local command line: `cli:<os user>` from `cli@<host>`. */
export function cliActor(): Pick<AuditInput, 'actor' | 'actorKind' | 'source'> {
  return { actor: `cli:${osUser()}`, actorKind: 'cli', source: `cli@${hostname()}` };
}

/** Appends a local change made from the command line to the audit log. */
export async function auditCli(store: Store, entry: Omit<AuditInput, 'actor' | 'actorKind' | 'source' | 'outcome'> & Partial<Pick<AuditInput, 'outcome'>>): Promise<void> {
  await appendAudit(store, { ...cliActor(), outcome: 'success', ...entry });
}
