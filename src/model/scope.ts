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

/** The whole of one organisation, as the local command line and the system see it. */
export function organisationScope(orgId: string): Scope {
  return { orgId, siteIds: null, view: 'own', userId: null, inCommunity: true, clientOf: null };
}

/** Writing is only ever into one's own organisation (and within one's sites). */
export function assertWritable(scope: Scope): void {
  if (scope.view !== 'own') throw new ForbiddenError('records shared with your organisation are read-only');
}

/** Whether the scope may see a site (null site = not limited by site). */
export function siteVisible(scope: Scope, siteId: string | null): boolean {
  return scope.siteIds === null || (siteId !== null && scope.siteIds.includes(siteId));
}
