import { describe, expect, it } from 'vitest';
import { sortTokens, tokenStatus } from './tokenStatus';

const now = new Date('2025-05-06T12:00:00Z');
const token = (createdAt: string, expiresAt: string | null, revokedAt: string | null = null) => ({ createdAt, expiresAt, revokedAt });

describe('tokenStatus', () => {
  it('is revoked before expired before active', () => {
    expect(tokenStatus(token('2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z', '2025-01-01T12:00:00Z'), now)).toBe('revoked');
    expect(tokenStatus(token('2025-01-01T00:00:00Z', '2025-05-06T12:00:00Z'), now)).toBe('expired');
    expect(tokenStatus(token('2025-01-01T00:00:00Z', '2025-08-01T00:00:00Z'), now)).toBe('active');
    expect(tokenStatus(token('2025-01-01T00:00:00Z', null), now)).toBe('active');
  });

  it('lists active tokens first, newest first', () => {
    const a = token('2025-03-01T00:00:00Z', null, '2025-04-01T00:00:00Z');
    const b = token('2025-02-01T00:00:00Z', '2025-09-01T00:00:00Z');
    const c = token('2025-04-01T00:00:00Z', '2025-09-01T00:00:00Z');
    const d = token('2025-05-01T00:00:00Z', '2025-05-02T00:00:00Z');
    expect(sortTokens([a, b, c, d], now)).toEqual([c, b, d, a]);
  });
});
