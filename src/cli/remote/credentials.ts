/**
 * The credentials file written by `bulwark login`: `credentials.json` in $BULWARK_CONFIG_DIR, else
 * $XDG_CONFIG_HOME/bulwark, else ~/.config/bulwark. The directory is 0700 and the file 0600; a file
 * other accounts can read (or that another account owns) is refused, not used.
 */
import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BulwarkError, InputError } from '../../model/errors.js';

export interface StoredCredentials {
  /** Server base URL (normal form). */
  url: string;
  username: string;
  /** The API token; never printed. */
  token: string;
  tokenId: string;
  expiresAt: string | null;
  /** Extra CA certificate file given at sign-in (--ca), used for later requests. */
  ca?: string;
}

export function configDir(): string {
  if (process.env.BULWARK_CONFIG_DIR) return process.env.BULWARK_CONFIG_DIR;
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'bulwark');
}

export function credentialsPath(): string {
  return join(configDir(), 'credentials.json');
}

const POSIX = process.platform !== 'win32';

/** The stored credentials, or null when there is no file. Throws for an unsafe or unreadable file. */
export function readCredentials(path = credentialsPath(), options: { checkPermissions?: boolean } = {}): StoredCredentials | null {
  let info;
  try {
    info = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BulwarkError('credentials-unreadable', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!info.isFile()) throw new InputError(`${path} is not a regular file; remove it and run \`bulwark login\` again`, { code: 'insecure-credentials' });
  if (POSIX && options.checkPermissions !== false) {
    if ((info.mode & 0o077) !== 0) {
      throw new InputError(
        `refusing to use ${path}: other accounts can read it (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}). Run \`chmod 600 ${path}\` if nobody else could have read it, otherwise \`bulwark logout\` and sign in again`,
        { code: 'insecure-credentials' },
      );
    }
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) {
      throw new InputError(`refusing to use ${path}: it belongs to another account (uid ${info.uid})`, { code: 'insecure-credentials' });
    }
  }
  let parsed: Partial<StoredCredentials>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoredCredentials>;
  } catch {
    throw new InputError(`${path} is not valid JSON; remove it and run \`bulwark login\` again`, { code: 'invalid-credentials-file' });
  }
  if (typeof parsed.url !== 'string' || typeof parsed.token !== 'string' || typeof parsed.tokenId !== 'string') {
    throw new InputError(`${path} lacks the server URL or token; run \`bulwark login\` again`, { code: 'invalid-credentials-file' });
  }
  return {
    url: parsed.url,
    username: typeof parsed.username === 'string' ? parsed.username : '',
    token: parsed.token,
    tokenId: parsed.tokenId,
    expiresAt: typeof parsed.expiresAt === 'string' ? parsed.expiresAt : null,
    ...(typeof parsed.ca === 'string' ? { ca: parsed.ca } : {}),
  };
}

/** Writes the file atomically: a new 0600 file in the 0700 directory, then renamed over the old one. */
export function writeCredentials(credentials: StoredCredentials, path = credentialsPath()): void {
  const dir = configDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(credentials, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

export function removeCredentials(path = credentialsPath()): boolean {
  try {
    rmSync(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
