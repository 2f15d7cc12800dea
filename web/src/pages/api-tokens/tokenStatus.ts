import type { ApiTokenRecord } from '../../api/authTypes';

export type TokenStatus = 'active' | 'revoked' | 'expired';

export function tokenStatus(token: Pick<ApiTokenRecord, 'revokedAt' | 'expiresAt'>, now: Date = new Date()): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

/** Active tokens first (newest first), then expired, then revoked. */
export function sortTokens<T extends Pick<ApiTokenRecord, 'revokedAt' | 'expiresAt' | 'createdAt'>>(tokens: readonly T[], now: Date = new Date()): T[] {
  const rank: Record<TokenStatus, number> = { active: 0, expired: 1, revoked: 2 };
  return [...tokens].sort((a, b) => rank[tokenStatus(a, now)] - rank[tokenStatus(b, now)] || b.createdAt.localeCompare(a.createdAt));
}
