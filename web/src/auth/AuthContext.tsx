/** The signed-in account for every page: who, which organisation, and what the role may do. */
import { createContext, useContext, type ReactNode } from 'react';
import type { Me, Organisation, Permission, Role } from '../api/authTypes';
import { HOSTING_ORG_ID } from '../api/authTypes';
import { ForbiddenView } from '../components/states';

export interface CurrentAccount {
  me: Me;
  username: string;
  /** The name to show: the display name when there is one. */
  displayName: string;
  role: Role;
  permissions: readonly Permission[];
  organisation: Organisation | null;
  /** An administrator of the hosting organisation: manages every organisation and its accounts. */
  isHostAdmin: boolean;
  can: (permission: Permission) => boolean;
}

export function currentAccount(me: Me): CurrentAccount {
  const username = me.user?.username ?? 'unknown';
  const permissions = me.permissions;
  return {
    me,
    username,
    displayName: me.user?.displayName || username,
    role: me.role,
    permissions,
    organisation: me.organisation,
    isHostAdmin: me.role === 'admin' && me.organisation?.id === HOSTING_ORG_ID,
    can: (permission) => permissions.includes(permission),
  };
}

export const AuthContext = createContext<CurrentAccount | null>(null);

export function useAuth(): CurrentAccount {
  const account = useContext(AuthContext);
  if (!account) throw new Error('useAuth() outside <AuthGate>');
  return account;
}

/** Whether the signed-in role grants a permission (hide what it may not do; the server refuses it anyway). */
export function useCan(permission: Permission): boolean {
  return useAuth().can(permission);
}

/** Renders children only when the role grants the permission. */
export function Can({ permission, children }: { permission: Permission; children: ReactNode }) {
  return useCan(permission) ? <>{children}</> : null;
}

/** A whole page that needs a permission: a clear "not for your role" view instead of failing requests. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const account = useAuth();
  if (account.can(permission)) return <>{children}</>;
  return <ForbiddenView role={account.role} permission={permission} />;
}
