/** The server's password policy (src/services/auth/passwords.ts), checked before sending so mistakes show at once. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

/** Why a new password would be refused, or null when it is fine. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `At least ${MIN_PASSWORD_LENGTH} characters (${password.length} so far)`;
  if (password.length > MAX_PASSWORD_LENGTH) return `At most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}

export interface NewPasswordCheck {
  password: string | null;
  repeat: string | null;
}

/** The problems of a new password and its repetition; fields left empty are not complained about yet. */
export function checkNewPassword(password: string, repeat: string, current?: string): NewPasswordCheck {
  let passwordError = password ? passwordProblem(password) : null;
  if (!passwordError && current !== undefined && password && password === current) passwordError = 'The new password must differ from the current one';
  return {
    password: passwordError,
    repeat: repeat && repeat !== password ? 'The passwords do not match' : null,
  };
}

export function newPasswordReady(password: string, repeat: string, current?: string): boolean {
  const check = checkNewPassword(password, repeat, current);
  return Boolean(password) && password === repeat && !check.password && !check.repeat;
}
