import type { Account } from '../../api/authTypes';

export type AccountStatus = 'active' | 'disabled' | 'locked';

/** Disabled wins over locked: a disabled account cannot sign in whatever its lock says. */
export function accountStatus(account: Pick<Account, 'disabled' | 'lockedUntil'>, now: Date = new Date()): AccountStatus {
  if (account.disabled) return 'disabled';
  if (account.lockedUntil && Date.parse(account.lockedUntil) > now.getTime()) return 'locked';
  return 'active';
}

export function matchesAccount(account: Pick<Account, 'username' | 'displayName' | 'email'>, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return [account.username, account.displayName, account.email].some((v) => v?.toLowerCase().includes(needle));
}
