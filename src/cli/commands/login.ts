/**
 * `bulwark login URL`, `bulwark logout` and `bulwark whoami`: signing the command line in to a
 * Bulwark server. Login signs in with the password once, creates an API token, ends that session
 * and keeps only the token, in the 0600 credentials file. The token is never printed.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import type { Permission, Role } from '../../model/auth.js';
import { AuthenticationError } from '../../model/auth.js';
import { BulwarkError, InputError } from '../../model/errors.js';
import type { Organisation, User } from '../../services/auth/accounts.js';
import { osUser, readCaFile, resolveTarget, type GlobalOptions } from '../context.js';
import { printJson } from '../output.js';
import { askLine, readPassword } from '../prompt.js';
import { checkServerUrl, RemoteClient } from '../remote/client.js';
import { credentialsPath, readCredentials, removeCredentials, writeCredentials, type StoredCredentials } from '../remote/credentials.js';

/** GET /api/auth/me (and the answer of POST /api/auth/login). */
export interface Me {
  user: User | null;
  organisation: Organisation | null;
  role: Role;
  permissions: Permission[];
  via: string;
  csrfToken: string | null;
}

interface CreatedToken {
  token: string;
  id: string;
  name: string;
  role: Role;
  expiresAt: string | null;
}

const SESSION_COOKIE = 'bulwark_session';

function positiveDays(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 366) throw new InputError(`--expires-days must be a whole number of days from 1 to 366, not "${raw}"`, { code: 'bad-usage' });
  return n;
}

/** Signs in with a password, creates a token, and ends the session (whatever happens). */
async function passwordToToken(api: RemoteClient, credentials: { username: string; password: string }, token: { name: string; expiresInDays: number }) {
  const res = await api.send('POST', '/api/auth/login', { json: credentials });
  const me = (await res.json()) as Me;
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie || !me.csrfToken) throw new BulwarkError('bad-answer', `${api.server} signed in without a session cookie; is this a Bulwark server?`);
  const session = { cookie, 'x-csrf-token': me.csrfToken };
  try {
    const created = (await (await api.send('POST', '/api/tokens', { json: token, headers: session })).json()) as CreatedToken;
    return { me, created };
  } finally {
    await api.send('POST', '/api/auth/logout', { json: {}, headers: session }).catch(() => undefined);
  }
}

/** Best effort: revokes a stored token with itself. */
async function revokeStored(stored: StoredCredentials): Promise<{ revoked: true } | { revoked: false; unusable: boolean; reason: string }> {
  try {
    const api = new RemoteClient({ server: stored.url, token: stored.token, ca: stored.ca ? readCaFile(stored.ca) : undefined, timeoutMs: 15_000, changeTimeoutMs: 15_000 });
    await api.delete(`/api/tokens/${encodeURIComponent(stored.tokenId)}`);
    return { revoked: true };
  } catch (err) {
    // A revoked, expired or unknown token no longer works anywhere; one of a disabled account would again once enabled.
    const unusable = err instanceof AuthenticationError && ['token-revoked', 'token-expired', 'invalid-token'].includes(err.code);
    return { revoked: false, unusable, reason: err instanceof AuthenticationError ? `the server refuses it (${err.code})` : (err as Error).message };
  }
}

function safely<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

export function registerLoginCommands(program: Command): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('login')
    .description('sign in to a Bulwark server: later commands then work over its API with an API token (kept in the credentials file, never printed)')
    .argument('<url>', 'server address, e.g. https://bulwark.example.org (plain http only to this machine)')
    .option('--username <name>', 'account name (asked on the terminal when not given)')
    .option('--password-stdin', 'read the password from standard input (else $BULWARK_PASSWORD, else asked without echo)')
    .option('--token-name <name>', 'name of the API token to create', `cli@${hostname()}`)
    .option('--expires-days <days>', 'token lifetime in days (1–366)', '90')
    .option('--ca <file>', 'extra CA certificate (PEM) to trust, for a private or self-signed server certificate (also $BULWARK_CA)')
    .option('--insecure-http', 'allow plain http to a server that is not on this machine (the token crosses the network unencrypted)')
    .action(async (url: string, opts: { username?: string; passwordStdin?: boolean; tokenName: string; expiresDays: string; ca?: string; insecureHttp?: boolean }) => {
      const server = checkServerUrl(url, { insecureHttp: opts.insecureHttp || process.env.BULWARK_INSECURE_HTTP === '1' });
      const expiresInDays = positiveDays(opts.expiresDays);
      const caFile = opts.ca ?? (process.env.BULWARK_CA || undefined);
      const ca = caFile ? readCaFile(caFile) : undefined;
      const username = opts.username ?? (await askLine('username: ')).trim();
      if (!username) throw new InputError('no username given', { code: 'bad-usage' });
      const password = await readPassword({ fromStdin: opts.passwordStdin, envVar: 'BULWARK_PASSWORD' });

      const { me, created } = await passwordToToken(new RemoteClient({ server, ca }), { username, password }, { name: opts.tokenName, expiresInDays });
      // An earlier sign-in's file is replaced below; unreadable, it is simply replaced.
      const previous = safely(() => readCredentials(credentialsPath(), { checkPermissions: false }));
      const credentials: StoredCredentials = {
        url: server, username: me.user?.username ?? username, token: created.token, tokenId: created.id, expiresAt: created.expiresAt,
        ...(caFile ? { ca: resolve(caFile) } : {}),
      };
      try {
        writeCredentials(credentials);
      } catch (err) {
        await revokeStored(credentials); // a token nobody can use any more should not stay valid
        throw new BulwarkError('credentials-unwritable', `cannot write ${credentialsPath()}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; the new token was revoked`);
      }
      // The token of an earlier sign-in is not needed any more.
      if (previous && previous.tokenId !== created.id) await revokeStored(previous);
      const org = me.organisation ? `, organisation ${me.organisation.name}` : '';
      process.stdout.write(
        `Signed in to ${server} as ${me.user?.username ?? username} (${created.role}${org}).\n` +
          `API token "${created.name}" (${created.id})${created.expiresAt ? `, expires ${created.expiresAt}` : ''}, stored in ${credentialsPath()}\n`,
      );
    });

  program
    .command('logout')
    .description('revoke the API token of `bulwark login` on the server (best effort) and delete the credentials file')
    .action(async () => {
      const file = credentialsPath();
      const stored = readCredentials(file, { checkPermissions: false });
      if (!stored) {
        const env = process.env.BULWARK_TOKEN ? ' (BULWARK_TOKEN is set in the environment: unset it, and revoke the token on the server if it is no longer needed)' : '';
        process.stdout.write(`Not signed in: ${file} does not exist${env}\n`);
        return;
      }
      const outcome = await revokeStored(stored);
      removeCredentials(file);
      if (!outcome.revoked && !outcome.unusable) {
        process.stderr.write(
          `${pc.yellow('warning')}: could not revoke token ${stored.tokenId} on ${stored.url}: ${outcome.reason}` +
            `${stored.expiresAt ? `; it expires ${stored.expiresAt}` : ''}. Revoke it in the web UI or with \`bulwark tokens revoke ${stored.tokenId}\` on the server\n`,
        );
      }
      const what = outcome.revoked ? ': token revoked' : outcome.unusable ? ': the token was already revoked or expired' : '';
      process.stdout.write(`Signed out of ${stored.url}${what}; removed ${file}\n`);
    });

  program
    .command('whoami')
    .description('the account, role, organisation and server this command line works as (or the local database)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const target = resolveTarget(globals());
      if (target.mode === 'local') {
        const actor = `cli:${osUser()}`;
        if (opts.json) return printJson({ mode: 'local', database: target.location, actor });
        process.stdout.write(`local database ${target.location}${target.explicit ? '' : ' (the default; not signed in to a server)'}: no account; changes are recorded as ${actor}\n`);
        return;
      }
      const me = await target.api.get<Me>('/api/auth/me');
      const how = target.from === 'environment' ? 'BULWARK_SERVER and BULWARK_TOKEN' : credentialsPath();
      if (opts.json) {
        return printJson({
          mode: 'remote', server: target.server, username: me.user?.username ?? null, role: me.role,
          organisation: me.organisation ? { id: me.organisation.id, name: me.organisation.name, kind: me.organisation.kind } : null,
          permissions: me.permissions, credentials: how, expiresAt: target.expiresAt,
        });
      }
      const org = me.organisation ? `${me.organisation.name} (${me.organisation.kind})` : 'none';
      process.stdout.write(
        `${me.user?.username ?? '?'} on ${target.server}\n` +
          `role ${me.role} (${me.permissions.join(', ')}); organisation ${org}\n` +
          `token from ${how}${target.expiresAt ? `, expires ${target.expiresAt}` : ''}\n`,
      );
    });
}
