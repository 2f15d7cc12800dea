/** How roles read in the UI: a colour and what each may do. */
import type { Permission, Role } from '../api/authTypes';
import { ROLE_PERMISSIONS, ROLES, roleWithin } from '../api/authTypes';

export const ROLE_COLORS: Record<Role, string> = {
  admin: 'red',
  analyst: 'blue',
  operator: 'teal',
  auditor: 'grape',
  partner: 'gray',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'everything, including accounts and the audit log',
  analyst: 'read and change inventory, intelligence, SBOMs and findings',
  operator: 'read, acknowledge and approve',
  auditor: 'read everything, including the audit log',
  partner: 'external: only what is shared with its organisation',
};

export const PERMISSION_LABELS: Record<Permission, string> = {
  read: 'read',
  write: 'change',
  approve: 'approve',
  audit: 'audit log',
  admin: 'administer',
};

/** The roles a token of an account with `owner` may carry: never more than the owner has. */
export function rolesWithin(owner: Role): Role[] {
  return ROLES.filter((role) => roleWithin(role, owner));
}

export function roleOptions(roles: readonly Role[]): Array<{ value: Role; label: string }> {
  return roles.map((role) => ({ value: role, label: `${role} — ${ROLE_PERMISSIONS[role].map((p) => PERMISSION_LABELS[p]).join(', ')}` }));
}
