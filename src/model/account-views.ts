/**
 * Organisations, accounts, API tokens and audit entries as the account routes answer them: one
 * definition for the services that build them and the web UI that shows them. Type-only: no
 * runtime imports, so the browser build can import it.
 */
import type { OrganisationKind, Role } from './auth.js';

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  /** Member of the trust community (receives TLP:GREEN). */
  community: boolean;
  /** The organisation this one is a declared client of (receives that one's TLP:AMBER). */
  clientOf: string | null;
  createdAt: string;
}

/** An account (the web UI calls it Account). Never carries a password hash or an OIDC subject. */
export interface User {
  id: string;
  orgId: string;
  username: string;
  displayName: string | null;
  email: string | null;
  role: Role;
  /** Sites the account is limited to; null = every site of its organisation. */
  siteIds: string[] | null;
  disabled: boolean;
  lockedUntil: string | null;
  signIn: 'password' | 'oidc';
  createdAt: string;
  lastLoginAt: string | null;
}

/** An API token's record; the secret itself is never stored and shown only once, at creation. */
export interface ApiToken {
  id: string;
  userId: string;
  username?: string;
  name: string;
  /** The first characters of the token, to recognise it in a list. */
  prefix: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  seq: number;
  at: string;
  orgId: string | null;
  actor: string;
  actorKind: string;
  action: string;
  target: string | null;
  /** An AuditOutcome when Bulwark wrote it; typed as stored text, since the chain is read back as it is. */
  outcome: string;
  source: string | null;
  detail: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  /** The first entry that does not verify, and why. */
  problem?: { seq: number; reason: string };
}
