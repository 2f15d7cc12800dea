/**
 * What a reader may see: one organisation's records (optionally only some of its sites), or, for
 * partner accounts, only what other organisations shared with theirs under TLP. Every repository
 * that reads or writes tenant data takes a Scope, so no caller can forget the boundary.
 */
import { ForbiddenError } from './auth.js';

export interface Scope {
  orgId: string;
  /** Sites the reader is limited to; null = every site of the organisation. */
  siteIds: readonly string[] | null;
  /** `own`: the organisation's records; `shared`: only records shared with it (partners). */
  view: 'own' | 'shared';
  /** The person reading (TLP:RED shares name people); null for the command line and the system. */
  userId: string | null;
  /** The organisation is in the trust community (receives TLP:GREEN). */
  inCommunity: boolean;
  /** The organisation it is a declared client of (receives that one's TLP:AMBER shares). */
  clientOf: string | null;
}

export type { OwnerRef } from './owner.js';

/** The whole of one organisation, as the local command line and the system see it. */
export function organisationScope(orgId: string): Scope {
  return { orgId, siteIds: null, view: 'own', userId: null, inCommunity: true, clientOf: null };
}

/** Writing is only ever into one's own organisation (and within one's sites). */
export function assertWritable(scope: Scope): void {
  if (scope.view !== 'own') throw new ForbiddenError('records shared with your organisation are read-only');
}

/**
 * A write that is not tied to one site (an organisation-wide SBOM, a matching rule, a decision on
 * a component every site shares) needs an account that is not limited to some sites.
 */
export function assertOrganisationWide(scope: Scope, what: string): void {
  assertWritable(scope);
  if (scope.siteIds !== null) {
    throw new ForbiddenError(`${what} applies to the whole organisation; your account is limited to some of its sites`, 'site-limited');
  }
}

/**
 * A site-limited account writes assets into its own sites only: never into another site, never
 * without a site. `writable` holds the names of its sites (null: not limited).
 */
export function assertSiteWritable(writable: ReadonlySet<string> | null, site: string | null | undefined, what: string): void {
  if (writable === null) return;
  const yours = writable.size > 0 ? [...writable].sort().map((s) => `"${s}"`).join(', ') : 'none';
  if (!site) throw new ForbiddenError(`${what} names no site; your account writes assets only in its sites (${yours})`, 'site-limited');
  if (!writable.has(site)) throw new ForbiddenError(`${what} is in site "${site}"; your account writes assets only in its sites (${yours})`, 'site-limited');
}

/** Whether the scope may see a site (null site = not limited by site). */
export function siteVisible(scope: Scope, siteId: string | null): boolean {
  return scope.siteIds === null || (siteId !== null && scope.siteIds.includes(siteId));
}
