import { describe, expect, it } from 'vitest';
import { ApiError, errorFromResponse } from '../api/client';
import { describeSignInError, formatWait } from './signInError';

const now = new Date(2025, 4, 6, 9, 30, 0);

describe('describeSignInError', () => {
  it('says "wrong username or password" without telling which', () => {
    const wrong = describeSignInError(new ApiError(401, 'invalid-credentials', 'wrong username or password'), now);
    expect(wrong.kind).toBe('wrong');
    expect(wrong.title).toBe('Wrong username or password');
  });

  it('gives the time a locked account may try again', () => {
    const body = JSON.stringify({ error: { code: 'too-many-attempts', message: 'locked', details: { retryAfterSeconds: 900 } } });
    const locked = describeSignInError(errorFromResponse(429, 'Too Many Requests', body, '900'), now);
    expect(locked.kind).toBe('locked');
    expect(locked.title).toBe('Account locked');
    expect(locked.message).toContain('Try again in 15 minutes (at 09:45)');
    expect(locked.retryAt).toEqual(new Date(2025, 4, 6, 9, 45, 0));
  });

  it('tells a per-address rate limit apart from a locked account', () => {
    const limited = describeSignInError(errorFromResponse(429, 'Too Many Requests', '{"error":{"code":"fst_too_many_requests","message":"slow"}}', '40'), now);
    expect(limited.kind).toBe('limited');
    expect(limited.message).toContain('40 seconds');
    expect(describeSignInError(new ApiError(429, 'x', 'y'), now).message).toContain('Try again later');
  });

  it('names a disabled account, an unreachable server and other refusals', () => {
    expect(describeSignInError(new ApiError(401, 'account-disabled', 'the account is disabled')).kind).toBe('disabled');
    expect(describeSignInError(new TypeError('Failed to fetch')).kind).toBe('unreachable');
    expect(describeSignInError(new ApiError(500, 'internal', 'internal error')).message).toContain('internal');
    expect(describeSignInError(new ApiError(400, 'validation-failed', 'invalid body')).title).toBe('Sign-in refused');
  });
});

describe('formatWait', () => {
  it('rounds up to seconds, minutes or hours', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(0.2)).toBe('1 second');
    expect(formatWait(59)).toBe('59 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(61)).toBe('2 minutes');
    expect(formatWait(900)).toBe('15 minutes');
    expect(formatWait(3 * 3600)).toBe('3 hours');
  });
});
