/**
 * Accounts, roles and what each role may do. Routes declare the permission they need; the role
 * table below is the single place that grants permissions.
 */
import { BulwarkError } from './errors.js';

export const ROLES = ['admin', 'analyst', 'operator', 'auditor', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['operator', 'csirt', 'partner'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * - read: see the organisation's records (partners: only what is shared with them under TLP)
 * - write: change inventory, intelligence, SBOMs, findings
 * - approve: acknowledge, confirm/reject findings, approve changes
 * - audit: read the audit log
 * - admin: manage organisations, accounts and other people's tokens
 */
export const PERMISSIONS = ['read', 'write', 'approve', 'audit', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['read', 'write', 'approve', 'audit', 'admin'],
  analyst: ['read', 'write', 'approve'],
  operator: ['read', 'approve'],
  auditor: ['read', 'audit'],
  partner: ['read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** A token's role may never grant more than its owner's role. */
export function roleWithin(requested: Role, owner: Role): boolean {
  return ROLE_PERMISSIONS[requested].every((p) => ROLE_PERMISSIONS[owner].includes(p));
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is acting: a signed-in person, an API token, or the local command line. */
export interface Principal {
  userId: string | null;
  username: string;
  orgId: string;
  role: Role;
  /** Sites the account is limited to; null = every site of its organisation. */
  siteIds: readonly string[] | null;
  via: 'session' | 'token' | 'cli' | 'system';
  tokenId?: string;
}

/** The account could not be authenticated. HTTP 401. */
export class AuthenticationError extends BulwarkError {
  constructor(message = 'sign in first', code = 'unauthenticated') {
    super(code, message);
  }
}

/** The account is authenticated but may not do this. HTTP 403. */
export class ForbiddenError extends BulwarkError {
  constructor(message: string, code = 'forbidden') {
    super(code, message);
  }
}

/** Too many attempts; retry later. HTTP 429. */
export class TooManyAttemptsError extends BulwarkError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('too-many-attempts', message, { details: { retryAfterSeconds } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
