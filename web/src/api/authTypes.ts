/**
 * What the account, token and audit routes answer (src/server/routes/accounts.ts). Organisations,
 * accounts, tokens and audit entries are the server's own view types (src/model/account-views),
 * imported type-only.
 */
import type { Permission, Role } from '../../../src/model/auth.js';
import type { ApiToken, AuditEntry, AuditOutcome, AuditVerification, Organisation, User } from '../../../src/model/account-views.js';

export type { OrganisationKind, Permission, Role } from '../../../src/model/auth.js';
export { ORGANISATION_KINDS, PERMISSIONS, ROLE_PERMISSIONS, ROLES, roleWithin } from '../../../src/model/auth.js';

/** The organisation that hosts the installation; its administrators manage every organisation. */
export const HOSTING_ORG_ID = '00000000-0000-7000-8000-000000000001';

export type { AuditEntry, AuditOutcome, AuditVerification, Organisation };
/** An account as the server sends it (the server calls it User). */
export type Account = User;
/** An API token's record (the secret is shown only once, in CreatedApiToken). */
export type ApiTokenRecord = ApiToken;

/** GET /api/auth/me, and the answer of sign-in and of a password change. */
export interface Me {
  user: Account | null;
  organisation: Organisation | null;
  role: Role;
  permissions: Permission[];
  via: 'session' | 'token' | 'cli' | 'system';
  csrfToken: string | null;
}

/** POST /api/tokens: the record plus the secret, shown this once. */
export interface CreatedApiToken extends ApiTokenRecord {
  token: string;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Entries matching the filters (all pages). */
  total: number;
}
