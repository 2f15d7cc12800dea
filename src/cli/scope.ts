/**
 * The organisation the local command line works in: `--org NAME` (or BULWARK_ORG), else the
 * default (hosting) organisation. Someone with the database file is its administrator, so the
 * local command line sees the whole organisation.
 */
import { InputError } from '../model/errors.js';
import { organisationScope, type Scope } from '../model/scope.js';
import { DEFAULT_ORG_ID, findOrganisationByName } from '../services/auth/accounts.js';
import type { Store } from '../store/database.js';

let chosenOrg: string | undefined;
const resolved = new WeakMap<Store, Promise<Scope>>();

/** Called once with the global `--org` option. */
export function setCliOrganisation(name: string | undefined): void {
  chosenOrg = name;
}

export function cliScope(store: Store): Promise<Scope> {
  let scope = resolved.get(store);
  if (!scope) {
    scope = resolve(store);
    resolved.set(store, scope);
  }
  return scope;
}

async function resolve(store: Store): Promise<Scope> {
  const name = chosenOrg ?? process.env.BULWARK_ORG;
  if (!name) return organisationScope(DEFAULT_ORG_ID);
  const org = await findOrganisationByName(store.db, name);
  if (!org) throw new InputError(`no organisation named "${name}" (see \`bulwark orgs list\`)`, { code: 'unknown-organisation' });
  return organisationScope(org.id);
}
