import { compareDigits, compareStrings, defineScheme, fail, isAsciiLetter, isDigit, ok, type Ordering, type ParseResult } from './scheme.js';

/** An RPM EVR: `[epoch:]version[-release]`. */
export interface RpmVersion {
  epoch: string;
  version: string;
  /** Absent when the input had no `-release`; then only epoch and version are compared. */
  release: string | undefined;
}

/**
 * RPM packages (Red Hat, Fedora, SUSE, Alma, Rocky): epoch numerically, then rpmvercmp on version and
 * release. `~` sorts before anything (pre-releases), `^` after the end of string but before any more
 * segments (post-release snapshots). A release missing on either side is not compared, as rpm does when
 * matching a dependency without a release.
 */
export const rpmScheme = defineScheme<RpmVersion>({
  name: 'rpm',
  parse: parseRpmVersion,
  compare: compareRpmVersions,
});

export function parseRpmVersion(input: string): ParseResult<RpmVersion> {
  const text = input.trim();
  let epoch = '0';
  let rest = text;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    epoch = text.slice(0, colon);
    if (!/^\d+$/.test(epoch)) return fail('epoch is not a number');
    rest = text.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const version = dash >= 0 ? rest.slice(0, dash) : rest;
  const release = dash >= 0 ? rest.slice(dash + 1) : undefined;
  if (version.length === 0) return fail('empty version');
  if (release !== undefined && release.length === 0) return fail('empty release');
  // rpm allows letters, digits and `._+~^` in Version and Release.
  if (!/^[A-Za-z0-9._+~^]+$/.test(version)) return fail('invalid character in version');
  if (release !== undefined && !/^[A-Za-z0-9._+~^]+$/.test(release)) return fail('invalid character in release');
  if (!/[A-Za-z0-9]/.test(version)) return fail('no letter or digit in version');
  return ok({ epoch, version, release });
}

export function compareRpmVersions(a: RpmVersion, b: RpmVersion): Ordering {
  const byEpoch = compareDigits(a.epoch, b.epoch);
  if (byEpoch !== 0) return byEpoch;
  const byVersion = rpmvercmp(a.version, b.version);
  if (byVersion !== 0 || a.release === undefined || b.release === undefined) return byVersion;
  return rpmvercmp(a.release, b.release);
}

const isAlnum = (c: number): boolean => isDigit(c) || isAsciiLetter(c);
const TILDE = 126;
const CARET = 94;

/** A port of rpm's rpmvercmp (lib/rpmvercmp.c, rpm ≥ 4.15). */
export function rpmvercmp(a: string, b: string): Ordering {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && !isAlnum(a.charCodeAt(i)) && a.charCodeAt(i) !== TILDE && a.charCodeAt(i) !== CARET) i++;
    while (j < b.length && !isAlnum(b.charCodeAt(j)) && b.charCodeAt(j) !== TILDE && b.charCodeAt(j) !== CARET) j++;
    const ca = i < a.length ? a.charCodeAt(i) : -1;
    const cb = j < b.length ? b.charCodeAt(j) : -1;
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ca === -1) return -1;
      if (cb === -1) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === -1 || cb === -1) break;
    const si = i;
    const sj = j;
    const numeric = isDigit(ca);
    const inRun = numeric ? isDigit : isAsciiLetter;
    while (i < a.length && inRun(a.charCodeAt(i))) i++;
    while (j < b.length && inRun(b.charCodeAt(j))) j++;
    // The other side's segment is of the other kind: numbers are newer than letters.
    if (j === sj) return numeric ? 1 : -1;
    const segA = a.slice(si, i);
    const segB = b.slice(sj, j);
    const cmp = numeric ? compareDigits(segA, segB) : compareStrings(segA, segB);
    if (cmp !== 0) return cmp;
  }
  const endA = i >= a.length;
  const endB = j >= b.length;
  if (endA && endB) return 0;
  return endA ? -1 : 1;
}
