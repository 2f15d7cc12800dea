/**
 * Password hashing with scrypt (memory-hard, in Node's crypto: no native add-on to build). The
 * stored form names its parameters so that they can be raised later without breaking old hashes:
 * `scrypt$N$r$p$salt$hash` (salt and hash base64url).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { InputError } from '../../model/errors.js';

const KEY_LENGTH = 32;
/** N = 2^15, r = 8: 32 MiB per hash and ~50–100 ms on this class of machine. */
export const DEFAULT_SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { ...options, maxmem: 256 * (options.N ?? 1) * (options.r ?? 8) + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Rejects passwords that are too short or too long (long inputs would make hashing a DoS lever). */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new InputError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`, { code: 'weak-password' });
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new InputError(`a password may have at most ${MAX_PASSWORD_LENGTH} characters`, { code: 'weak-password' });
  }
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** A hash to compare against when the account does not exist, so that timing does not tell. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(18).toString('base64url'));
  return decoy;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!N || !r || !p || password.length > MAX_PASSWORD_LENGTH) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await scryptAsync(password, salt, { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A readable generated password: 24 characters from a 57-symbol alphabet (~140 bits). */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(48);
  let out = '';
  for (const b of bytes) {
    if (b >= 228) continue; // 228 = 4 × 57: keep the distribution uniform
    out += alphabet[b % 57];
    if (out.length === 24) break;
  }
  return out.length === 24 ? out : generatePassword();
}
