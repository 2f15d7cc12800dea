/** What the account, token and audit routes answer (src/server/routes/accounts.ts). */
import type { OrganisationKind, Permission, Role } from '../../../src/model/auth.js';

export type { OrganisationKind, Permission, Role } from '../../../src/model/auth.js';
export { ORGANISATION_KINDS, PERMISSIONS, ROLE_PERMISSIONS, ROLES, roleWithin } from '../../../src/model/auth.js';

/** The organisation that hosts the installation; its administrators manage every organisation. */
export const HOSTING_ORG_ID = '00000000-0000-7000-8000-000000000001';

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  /** Member of the trust community (receives TLP:GREEN). */
  community: boolean;
  /** The organisation this one is a declared client of. */
  clientOf: string | null;
  createdAt: string;
}

export interface Account {
  id: string;
  orgId: string;
  username: string;
  displayName: string | null;
  email: string | null;
  role: Role;
  siteIds: string[] | null;
  disabled: boolean;
  lockedUntil: string | null;
  signIn: 'password' | 'oidc';
  createdAt: string;
  lastLoginAt: string | null;
}

/** GET /api/auth/me, and the answer of sign-in and of a password change. */
export interface Me {
  user: Account | null;
  organisation: Organisation | null;
  role: Role;
  permissions: Permission[];
  via: 'session' | 'token' | 'cli' | 'system';
  csrfToken: string | null;
}

export interface ApiTokenRecord {
  id: string;
  userId: string;
  username?: string;
  name: string;
  /** The first characters of the token, to recognise it. */
  prefix: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** POST /api/tokens: the record plus the secret, shown this once. */
export interface CreatedApiToken extends ApiTokenRecord {
  token: string;
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
  outcome: AuditOutcome | string;
  source: string | null;
  detail: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Entries matching the filters (all pages). */
  total: number;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string };
  problem?: { seq: number; reason: string };
}
