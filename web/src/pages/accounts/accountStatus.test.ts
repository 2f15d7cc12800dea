import { describe, expect, it } from 'vitest';
import { accountStatus, matchesAccount } from './accountStatus';

const now = new Date('2025-05-06T12:00:00Z');

describe('accountStatus', () => {
  it('tells active, locked (until a time in the future) and disabled apart', () => {
    expect(accountStatus({ disabled: false, lockedUntil: null }, now)).toBe('active');
    expect(accountStatus({ disabled: false, lockedUntil: '2025-05-06T12:10:00Z' }, now)).toBe('locked');
    expect(accountStatus({ disabled: false, lockedUntil: '2025-05-06T11:59:00Z' }, now)).toBe('active');
    expect(accountStatus({ disabled: true, lockedUntil: '2025-05-06T12:10:00Z' }, now)).toBe('disabled');
  });
});

describe('matchesAccount', () => {
  it('searches username, display name and e-mail, ignoring case', () => {
    const a = { username: 'op.jones', displayName: 'Pat Jones', email: 'pat@plant.example' };
    expect(matchesAccount(a, '')).toBe(true);
    expect(matchesAccount(a, 'JONES')).toBe(true);
    expect(matchesAccount(a, 'plant.example')).toBe(true);
    expect(matchesAccount(a, 'smith')).toBe(false);
    expect(matchesAccount({ username: 'x', displayName: null, email: null }, 'x')).toBe(true);
  });
});
