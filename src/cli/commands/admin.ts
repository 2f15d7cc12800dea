/**
 * Administration: accounts, organisations and API tokens. On a local database the commands work
 * straight on it — this is how an operator sets up or recovers an instance (a lost admin password,
 * a locked account, a leaked token) — and every change is appended to the audit log as
 * `cli:<os user>` from `cli@<host>`. Signed in to a server (`bulwark login`, or BULWARK_SERVER and
 * BULWARK_TOKEN) they go through its API with the token's account, which the server audits.
 */
import { Argument, Option, type Command } from 'commander';
import { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from '../../model/auth.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import {
  createOrganisation,
  createUser,
  DEFAULT_ORG_ID,
  findOrganisationByName,
  findUserByName,
  listOrganisations,
  listUsers,
  setPassword,
  updateUser,
  type Organisation,
  type User,
  type UserChange,
} from '../../services/auth/accounts.js';
import { getApiToken, listApiTokens, revokeApiToken, type ApiToken } from '../../services/auth/credentials.js';
import { generatePassword } from '../../services/auth/passwords.js';
import type { Db, Store } from '../../store/database.js';
import { auditCli, resolveTarget, withStore, type GlobalOptions } from '../context.js';
import { printJson, printTable } from '../output.js';
import { readStdinLine } from '../prompt.js';
import type { RemoteClient } from '../remote/client.js';

async function userNamed(db: Db, username: string): Promise<User> {
  const user = await findUserByName(db, username);
  if (!user) throw new NotFoundError('user', username);
  return user;
}

async function organisationNamed(db: Db, name: string): Promise<string> {
  const org = await findOrganisationByName(db, name);
  if (!org) throw new NotFoundError('organisation', name);
  return org.id;
}

// ---- the same look-ups over the API ----

const remoteUsers = async (api: RemoteClient) => (await api.get<{ items: User[] }>('/api/users')).items;
const remoteOrganisations = async (api: RemoteClient) => (await api.get<{ items: Organisation[] }>('/api/organisations')).items;

async function remoteUserNamed(api: RemoteClient, username: string): Promise<User> {
  const user = (await remoteUsers(api)).find((u) => u.username === username);
  if (!user) throw new NotFoundError('user', username);
  return user;
}

async function remoteOrganisationNamed(api: RemoteClient, name: string): Promise<string> {
  const org = (await remoteOrganisations(api)).find((o) => o.name === name);
  if (!org) throw new NotFoundError('organisation', name);
  return org.id;
}

interface Me {
  role: Role;
  user: { username: string } | null;
}

/** The tokens the signed-in account may manage: the organisation's for administrators, else its own. */
async function remoteTokens(api: RemoteClient, me?: Me): Promise<ApiToken[]> {
  const who = me ?? (await api.get<Me>('/api/auth/me'));
  return (await api.get<{ items: ApiToken[] }>('/api/tokens', who.role === 'admin' ? { all: true } : {})).items;
}

/** The password given on standard input, or a generated one (printed once by the caller). */
async function newPassword(fromStdin: boolean | undefined): Promise<{ password: string; generated: boolean }> {
  return fromStdin ? { password: await readStdinLine('password'), generated: false } : { password: generatePassword(), generated: true };
}

function printGenerated(username: string, secret: { password: string; generated: boolean }): void {
  if (secret.generated) process.stdout.write(`password for ${username}: ${secret.password}\n  (shown once: hand it over safely; the account should change it after signing in)\n`);
}

function status(u: User): string {
  if (u.disabled) return 'disabled';
  if (u.lockedUntil && u.lockedUntil > new Date().toISOString()) return `locked until ${u.lockedUntil}`;
  return 'active';
}

function oidcHasNoPassword(user: User): void {
  if (user.signIn === 'oidc') throw new InputError(`${user.username} signs in through OpenID Connect and has no password`, { code: 'oidc-account' });
}

export function registerAdminCommands(program: Command): void {
  /** Runs the local variant on the local database, or the remote one over the API when signed in. */
  const onTarget = async <T>(command: string, run: { local: (store: Store) => Promise<T>; remote: (api: RemoteClient) => Promise<T> }): Promise<T> => {
    const { db } = program.opts<GlobalOptions>();
    const target = resolveTarget({ db });
    if (target.mode === 'remote') return run.remote(target.api);
    return withStore(db, run.local, { command });
  };

  // ---- accounts ----

  const users = program.command('users').description('accounts (administration and recovery), on the local database or the server signed in to');

  users
    .command('list')
    .description('every account with its role, organisation and state')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const { all, orgs } = await onTarget('users list', {
        local: async (store) => ({ all: await listUsers(store.db, null), orgs: await listOrganisations(store.db) }),
        remote: async (api) => ({ all: await remoteUsers(api), orgs: await remoteOrganisations(api) }),
      });
      if (opts.json) return printJson(all);
      const names = new Map(orgs.map((o) => [o.id, o.name]));
      printTable(
        ['username', 'role', 'organisation', 'state', 'sign-in', 'last sign-in'],
        all.map((u) => [u.username, u.role, names.get(u.orgId) ?? u.orgId, status(u), u.signIn, u.lastLoginAt]),
      );
      process.stdout.write(`${all.length} account(s)\n`);
    });

  users
    .command('add')
    .description('create a local account; without --password-stdin a password is generated and printed once')
    .argument('<username>')
    .addOption(new Option('--role <role>', 'the role').choices([...ROLES]).makeOptionMandatory())
    .option('--password-stdin', 'read the password from standard input')
    // The organisation is the global `--org` (a subcommand option of the same name would never
    // see its value: the program's option takes it wherever it appears).
    .action(async (username: string, opts: { role: Role; passwordStdin?: boolean }, cmd: Command) => {
      const org = cmd.optsWithGlobals<{ org?: string }>().org ?? process.env.BULWARK_ORG;
      const secret = await newPassword(opts.passwordStdin);
      const { user, where } = await onTarget('users add', {
        local: async (store) => {
          const orgId = org ? await organisationNamed(store.db, org) : DEFAULT_ORG_ID;
          const created = await createUser(store.db, { orgId, username, role: opts.role, password: secret.password });
          await auditCli(store, { orgId, action: 'user.create', target: created.id, detail: { username, role: created.role, orgId } });
          return { user: created, where: org ?? 'the hosting organisation' };
        },
        // Without --org the server creates the account in the organisation of the token's account.
        remote: async (api) => {
          const organisations = await remoteOrganisations(api);
          const orgId = org ? organisations.find((o) => o.name === org)?.id : undefined;
          if (org && !orgId) throw new NotFoundError('organisation', org);
          const created = await api.post<User>('/api/users', { username, role: opts.role, password: secret.password, ...(orgId ? { orgId } : {}) });
          const name = created.orgId === DEFAULT_ORG_ID ? 'the hosting organisation' : (organisations.find((o) => o.id === created.orgId)?.name ?? created.orgId);
          return { user: created, where: org ?? name };
        },
      });
      process.stdout.write(`created ${user.username} (${user.role}) in ${where}\n`);
      printGenerated(user.username, secret);
    });

  users
    .command('set-role')
    .description("change an account's role (its sessions end)")
    .argument('<username>')
    .addArgument(new Argument('<role>').choices([...ROLES]))
    .action(async (username: string, role: Role) => {
      const { before, after } = await onTarget('users set-role', {
        local: async (store) => {
          const change = await updateUser(store.db, (await userNamed(store.db, username)).id, { role });
          if (change.before.role !== change.after.role) {
            await auditCli(store, { orgId: change.after.orgId, action: 'user.role', target: change.after.id, detail: { username, from: change.before.role, to: change.after.role } });
          }
          return change;
        },
        remote: async (api) => {
          const current = await remoteUserNamed(api, username);
          return { before: current, after: await api.patch<User>(`/api/users/${encodeURIComponent(current.id)}`, { role }) };
        },
      });
      process.stdout.write(`${username}: ${before.role} → ${after.role}\n`);
    });

  const changes: Array<{ name: string; description: string; change: UserChange & { disabled?: boolean; unlock?: boolean }; done: string }> = [
    { name: 'disable', description: 'disable an account: it cannot sign in, and its sessions and tokens stop working', change: { disabled: true }, done: 'disabled' },
    { name: 'enable', description: 'enable a disabled account', change: { disabled: false }, done: 'enabled' },
    { name: 'unlock', description: 'clear the lockout after repeated failed sign-ins', change: { unlock: true }, done: 'unlocked' },
  ];
  for (const c of changes) {
    users
      .command(c.name)
      .description(c.description)
      .argument('<username>')
      .action(async (username: string) => {
        await onTarget(`users ${c.name}`, {
          local: async (store) => {
            const { after } = await updateUser(store.db, (await userNamed(store.db, username)).id, c.change);
            await auditCli(store, { orgId: after.orgId, action: `user.${c.name}`, target: after.id, detail: { username } });
          },
          remote: async (api) => {
            await api.patch<User>(`/api/users/${encodeURIComponent((await remoteUserNamed(api, username)).id)}`, c.change);
          },
        });
        process.stdout.write(`${username}: ${c.done}\n`);
      });
  }

  users
    .command('reset-password')
    .description("set an account's password (its sessions end; a lockout is cleared); without --password-stdin one is generated and printed once")
    .argument('<username>')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, opts: { passwordStdin?: boolean }) => {
      const secret = await newPassword(opts.passwordStdin);
      await onTarget('users reset-password', {
        local: async (store) => {
          const user = await userNamed(store.db, username);
          oidcHasNoPassword(user);
          await setPassword(store.db, user.id, secret.password);
          await auditCli(store, { orgId: user.orgId, action: 'user.password-reset', target: user.id, detail: { username, generated: secret.generated } });
        },
        remote: async (api) => {
          const user = await remoteUserNamed(api, username);
          oidcHasNoPassword(user);
          await api.post(`/api/users/${encodeURIComponent(user.id)}/password`, { password: secret.password });
        },
      });
      process.stdout.write(`${username}: password set\n`);
      printGenerated(username, secret);
    });

  // ---- organisations ----

  const orgs = program.command('orgs').description('organisations (tenants), on the local database or the server signed in to');

  orgs
    .command('list')
    .description('every organisation')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const all = await onTarget('orgs list', { local: (store) => listOrganisations(store.db), remote: remoteOrganisations });
      if (opts.json) return printJson(all);
      const names = new Map(all.map((o) => [o.id, o.name]));
      printTable(
        ['id', 'name', 'kind', 'community', 'client of', 'created'],
        all.map((o) => [o.id, o.name, o.kind, o.community ? 'yes' : 'no', o.clientOf ? (names.get(o.clientOf) ?? o.clientOf) : '', o.createdAt]),
      );
    });

  orgs
    .command('add')
    .description('create an organisation')
    .argument('<name>')
    .addOption(new Option('--kind <kind>', 'what it is').choices([...ORGANISATION_KINDS]).makeOptionMandatory())
    .option('--no-community', 'not a member of the trust community (does not receive TLP:GREEN)')
    .option('--client-of <name>', 'a declared client of this organisation (receives its TLP:AMBER)')
    .action(async (name: string, opts: { kind: OrganisationKind; community: boolean; clientOf?: string }) => {
      const org = await onTarget('orgs add', {
        local: async (store) => {
          const clientOf = opts.clientOf ? await organisationNamed(store.db, opts.clientOf) : null;
          const created = await createOrganisation(store.db, { name, kind: opts.kind, community: opts.community, clientOf });
          await auditCli(store, { orgId: created.id, action: 'org.create', target: created.id, detail: { name: created.name, kind: created.kind, community: created.community, clientOf } });
          return created;
        },
        remote: async (api) => {
          const clientOf = opts.clientOf ? await remoteOrganisationNamed(api, opts.clientOf) : null;
          return api.post<Organisation>('/api/organisations', { name, kind: opts.kind, community: opts.community, clientOf });
        },
      });
      process.stdout.write(`created organisation ${org.name} (${org.kind}) ${org.id}\n`);
    });

  // ---- API tokens ----

  const tokens = program.command('tokens').description('API tokens, on the local database or the server signed in to (the secrets are never stored, only their first characters)');

  tokens
    .command('list')
    .description('API tokens, newest first (signed in to a server: the organisation\'s for administrators, else your own)')
    .option('--user <username>', 'only the tokens of this account')
    .option('--json', 'print JSON')
    .action(async (opts: { user?: string; json?: boolean }) => {
      const all = await onTarget('tokens list', {
        local: async (store) => listApiTokens(store.db, opts.user ? { userId: (await userNamed(store.db, opts.user)).id } : {}),
        remote: async (api) => {
          const me = await api.get<Me>('/api/auth/me');
          const visible = await remoteTokens(api, me);
          if (!opts.user) return visible;
          // As locally, an account that does not exist (or is not one this account may see) is an error.
          if (me.role === 'admin') await remoteUserNamed(api, opts.user);
          else if (me.user?.username !== opts.user) throw new NotFoundError('user', opts.user);
          return visible.filter((t) => t.username === opts.user);
        },
      });
      if (opts.json) return printJson(all);
      printTable(
        ['id', 'user', 'name', 'starts with', 'role', 'created', 'expires', 'revoked', 'last used'],
        all.map((t) => [t.id, t.username, t.name, `${t.prefix}…`, t.role, t.createdAt, t.expiresAt, t.revokedAt, t.lastUsedAt]),
      );
    });

  tokens
    .command('revoke')
    .description('revoke an API token: it stops working at once')
    .argument('<id>')
    .action(async (id: string) => {
      const token = await onTarget('tokens revoke', {
        local: async (store) => {
          const found = await getApiToken(store.db, id);
          if (!found) throw new NotFoundError('token', id);
          await revokeApiToken(store.db, id);
          await auditCli(store, { orgId: found.orgId, action: 'token.revoke', target: id, detail: { name: found.name, username: found.username } });
          return found;
        },
        remote: async (api) => {
          const found = (await remoteTokens(api)).find((t) => t.id === id);
          if (!found) throw new NotFoundError('token', id);
          await api.delete(`/api/tokens/${encodeURIComponent(id)}`);
          return found;
        },
      });
      process.stdout.write(`revoked token ${id} (${token.name} of ${token.username})${token.revokedAt ? '; it was already revoked' : ''}\n`);
    });
}
