/** What the sign-in page says about a refused sign-in: never which part was wrong, and when to retry. */
import { ApiError } from '../api/client';

export interface SignInProblem {
  title: string;
  message: string;
  /** `locked` and `limited` are temporary; `wrong` and `disabled` are not. */
  kind: 'wrong' | 'locked' | 'limited' | 'disabled' | 'unreachable' | 'other';
  /** When a temporary refusal ends. */
  retryAt?: Date;
}

/** `45 seconds`, `1 minute`, `15 minutes`, `2 hours`. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.ceil(minutes / 60);
  return `${hours} hours`;
}

function clock(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

export function describeSignInError(error: unknown, now: Date = new Date()): SignInProblem {
  if (!(error instanceof ApiError)) {
    return { kind: 'unreachable', title: 'Cannot reach the server', message: 'Check the connection and try again.' };
  }
  if (error.code === 'invalid-credentials' || (error.status === 401 && error.code !== 'account-disabled')) {
    return { kind: 'wrong', title: 'Wrong username or password', message: 'Check both and try again. Repeated failures lock the account for a while.' };
  }
  if (error.code === 'account-disabled') {
    return { kind: 'disabled', title: 'This account is disabled', message: 'Ask an administrator to enable it.' };
  }
  if (error.status === 429) {
    const seconds = error.retryAfterSeconds;
    const retryAt = seconds !== undefined ? new Date(now.getTime() + seconds * 1000) : undefined;
    const when = retryAt && seconds !== undefined ? `Try again in ${formatWait(seconds)} (at ${clock(retryAt)}).` : 'Try again later.';
    if (error.code === 'too-many-attempts') {
      return {
        kind: 'locked',
        title: 'Account locked',
        message: `Too many failed sign-ins locked this account. ${when} An administrator can unlock it sooner.`,
        ...(retryAt ? { retryAt } : {}),
      };
    }
    return { kind: 'limited', title: 'Too many sign-in attempts', message: `Too many attempts from this address. ${when}`, ...(retryAt ? { retryAt } : {}) };
  }
  if (error.status >= 500) {
    return { kind: 'other', title: 'The server could not sign you in', message: `${error.message} (${error.code})` };
  }
  return { kind: 'other', title: 'Sign-in refused', message: error.message };
}
