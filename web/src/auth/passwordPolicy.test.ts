import { describe, expect, it } from 'vitest';
import { checkNewPassword, newPasswordReady, passwordProblem } from './passwordPolicy';

describe('password policy', () => {
  it('needs at least 12 characters', () => {
    expect(passwordProblem('short')).toBe('At least 12 characters (5 so far)');
    expect(passwordProblem('x'.repeat(12))).toBeNull();
    expect(passwordProblem('x'.repeat(1025))).toBe('At most 1024 characters');
  });

  it('checks the repetition and that the new password is new', () => {
    expect(checkNewPassword('', '')).toEqual({ password: null, repeat: null });
    expect(checkNewPassword('long enough pass', 'long enough pasS')).toEqual({ password: null, repeat: 'The passwords do not match' });
    expect(checkNewPassword('long enough pass', '', 'long enough pass').password).toBe('The new password must differ from the current one');
    expect(newPasswordReady('long enough pass', 'long enough pass', 'old password 1')).toBe(true);
    expect(newPasswordReady('long enough pass', 'long enough pass', 'long enough pass')).toBe(false);
    expect(newPasswordReady('too short', 'too short')).toBe(false);
    expect(newPasswordReady('', '')).toBe(false);
  });
});
