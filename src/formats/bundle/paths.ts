/**
 * Which paths a bundle may carry. A bundle is extracted on machines we do not control (a kiosk,
 * a Windows jump host), so a path must stay inside the extraction directory on every platform.
 */
import { splitUstarPath } from './tar.js';

export const MANIFEST_PATH = 'manifest.json';
export const SIGNATURE_PATH = 'manifest.json.asc';

/** Why `path` may not name a file in a bundle, or undefined when it may. */
export function unsafePathReason(path: string): string | undefined {
  if (path === '') return 'the path is empty';
  if (path.startsWith('/')) return 'the path is absolute';
  if (/^[A-Za-z]:/.test(path)) return 'the path starts with a drive letter';
  // Backslash is a separator on Windows, and colons open NTFS alternate data streams.
  if (/[\\:]/.test(path)) return 'the path contains a backslash or a colon';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'the path contains a control character';
  for (const segment of path.split('/')) {
    if (segment === '') return 'the path has an empty segment (// or a trailing slash)';
    if (segment === '.' || segment === '..') return `the path has a "${segment}" segment`;
  }
  if (path === MANIFEST_PATH || path === SIGNATURE_PATH) return `${path} is reserved for the bundle itself`;
  if (!splitUstarPath(path)) return 'the path is too long for a ustar header (at most 255 bytes, split at a slash)';
  return undefined;
}

/** Key under which two paths collide on a case-insensitive file system (Windows, macOS). */
export function pathCollisionKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}
