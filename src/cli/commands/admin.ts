/**
 * Local administration: accounts, organisations and API tokens, straight on the database. This is
 * how an operator sets up or recovers an instance (a lost admin password, a locked account, a
 * leaked token). Every change is appended to the audit log as `cli:<os user>` from `cli@<host>`.
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
  type User,
  type UserChange,
} from '../../services/auth/accounts.js';
import { getApiToken, listApiTokens, revokeApiToken } from '../../services/auth/credentials.js';
import { generatePassword } from '../../services/auth/passwords.js';
import type { Db, Store } from '../../store/database.js';
import { auditCli, withStore, type GlobalOptions } from '../context.js';
import { printJson, printTable } from '../output.js';
import { readStdinLine } from '../prompt.js';

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

export function registerAdminCommands(program: Command): void {
  const onDb = <T>(command: string, fn: (store: Store) => Promise<T>) => withStore(program.opts<GlobalOptions>().db, fn, { command });

  // ---- accounts ----

  const users = program.command('users').description('accounts on the local database (administration and recovery)');

  users
    .command('list')
    .description('every account with its role, organisation and state')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await onDb('users list', async (store) => {
        const all = await listUsers(store.db, null);
        if (opts.json) return printJson(all);
        const orgs = new Map((await listOrganisations(store.db)).map((o) => [o.id, o.name]));
        printTable(
          ['username', 'role', 'organisation', 'state', 'sign-in', 'last sign-in'],
          all.map((u) => [u.username, u.role, orgs.get(u.orgId) ?? u.orgId, status(u), u.signIn, u.lastLoginAt]),
        );
        process.stdout.write(`${all.length} account(s)\n`);
      });
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
      await onDb('users add', async (store) => {
        const orgId = org ? await organisationNamed(store.db, org) : DEFAULT_ORG_ID;
        const user = await createUser(store.db, { orgId, username, role: opts.role, password: secret.password });
        await auditCli(store, { orgId, action: 'user.create', target: user.id, detail: { username, role: user.role, orgId } });
        process.stdout.write(`created ${user.username} (${user.role}) in ${org ?? 'the hosting organisation'}\n`);
        printGenerated(user.username, secret);
      });
    });

  users
    .command('set-role')
    .description("change an account's role (its sessions end)")
    .argument('<username>')
    .addArgument(new Argument('<role>').choices([...ROLES]))
    .action(async (username: string, role: Role) => {
      await onDb('users set-role', async (store) => {
        const { before, after } = await updateUser(store.db, (await userNamed(store.db, username)).id, { role });
        if (before.role !== after.role) {
          await auditCli(store, { orgId: after.orgId, action: 'user.role', target: after.id, detail: { username, from: before.role, to: after.role } });
        }
        process.stdout.write(`${username}: ${before.role} → ${after.role}\n`);
      });
    });

  const changes: Array<{ name: string; description: string; change: UserChange; done: string }> = [
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
        await onDb(`users ${c.name}`, async (store) => {
          const { after } = await updateUser(store.db, (await userNamed(store.db, username)).id, c.change);
          await auditCli(store, { orgId: after.orgId, action: `user.${c.name}`, target: after.id, detail: { username } });
          process.stdout.write(`${username}: ${c.done}\n`);
        });
      });
  }

  users
    .command('reset-password')
    .description("set an account's password (its sessions end; a lockout is cleared); without --password-stdin one is generated and printed once")
    .argument('<username>')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, opts: { passwordStdin?: boolean }) => {
      const secret = await newPassword(opts.passwordStdin);
      await onDb('users reset-password', async (store) => {
        const user = await userNamed(store.db, username);
        if (user.signIn === 'oidc') throw new InputError(`${username} signs in through OpenID Connect and has no password`, { code: 'oidc-account' });
        await setPassword(store.db, user.id, secret.password);
        await auditCli(store, { orgId: user.orgId, action: 'user.password-reset', target: user.id, detail: { username, generated: secret.generated } });
        process.stdout.write(`${username}: password set\n`);
        printGenerated(username, secret);
      });
    });

  // ---- organisations ----

  const orgs = program.command('orgs').description('organisations (tenants) on the local database');

  orgs
    .command('list')
    .description('every organisation')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await onDb('orgs list', async (store) => {
        const all = await listOrganisations(store.db);
        if (opts.json) return printJson(all);
        const names = new Map(all.map((o) => [o.id, o.name]));
        printTable(
          ['id', 'name', 'kind', 'community', 'client of', 'created'],
          all.map((o) => [o.id, o.name, o.kind, o.community ? 'yes' : 'no', o.clientOf ? (names.get(o.clientOf) ?? o.clientOf) : '', o.createdAt]),
        );
      });
    });

  orgs
    .command('add')
    .description('create an organisation')
    .argument('<name>')
    .addOption(new Option('--kind <kind>', 'what it is').choices([...ORGANISATION_KINDS]).makeOptionMandatory())
    .option('--no-community', 'not a member of the trust community (does not receive TLP:GREEN)')
    .option('--client-of <name>', 'a declared client of this organisation (receives its TLP:AMBER)')
    .action(async (name: string, opts: { kind: OrganisationKind; community: boolean; clientOf?: string }) => {
      await onDb('orgs add', async (store) => {
        const clientOf = opts.clientOf ? await organisationNamed(store.db, opts.clientOf) : null;
        const org = await createOrganisation(store.db, { name, kind: opts.kind, community: opts.community, clientOf });
        await auditCli(store, { orgId: org.id, action: 'org.create', target: org.id, detail: { name: org.name, kind: org.kind, community: org.community, clientOf } });
        process.stdout.write(`created organisation ${org.name} (${org.kind}) ${org.id}\n`);
      });
    });

  // ---- API tokens ----

  const tokens = program.command('tokens').description('API tokens on the local database (the secrets are never stored, only their first characters)');

  tokens
    .command('list')
    .description('API tokens, newest first')
    .option('--user <username>', 'only the tokens of this account')
    .option('--json', 'print JSON')
    .action(async (opts: { user?: string; json?: boolean }) => {
      await onDb('tokens list', async (store) => {
        const filter = opts.user ? { userId: (await userNamed(store.db, opts.user)).id } : {};
        const all = await listApiTokens(store.db, filter);
        if (opts.json) return printJson(all);
        printTable(
          ['id', 'user', 'name', 'starts with', 'role', 'created', 'expires', 'revoked', 'last used'],
          all.map((t) => [t.id, t.username, t.name, `${t.prefix}…`, t.role, t.createdAt, t.expiresAt, t.revokedAt, t.lastUsedAt]),
        );
      });
    });

  tokens
    .command('revoke')
    .description('revoke an API token: it stops working at once')
    .argument('<id>')
    .action(async (id: string) => {
      await onDb('tokens revoke', async (store) => {
        const token = await getApiToken(store.db, id);
        if (!token) throw new NotFoundError('token', id);
        await revokeApiToken(store.db, id);
        await auditCli(store, { orgId: token.orgId, action: 'token.revoke', target: id, detail: { name: token.name, username: token.username } });
        process.stdout.write(`revoked token ${id} (${token.name} of ${token.username})${token.revokedAt ? '; it was already revoked' : ''}\n`);
      });
    });
}
