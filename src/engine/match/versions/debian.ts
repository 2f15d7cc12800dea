import { compareDigits, defineScheme, fail, isAsciiLetter, isDigit, ok, type Ordering, type ParseResult } from './scheme.js';

/** A Debian version `[epoch:]upstream[-revision]` (deb-version(7)). */
export interface DebianVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

/** Debian and Ubuntu packages, ordered exactly as dpkg --compare-versions does. */
export const debianScheme = defineScheme<DebianVersion>({
  name: 'deb',
  parse: parseDebianVersion,
  compare: compareDebianVersions,
});

const UPSTREAM_CHARS = /^[A-Za-z0-9.+~:-]*$/;
const REVISION_CHARS = /^[A-Za-z0-9.+~]*$/;

export function parseDebianVersion(input: string): ParseResult<DebianVersion> {
  const version = input.trim();
  if (version.length === 0) return fail('empty version');
  let epoch = '0';
  let rest = version;
  const colon = version.indexOf(':');
  if (colon >= 0) {
    epoch = version.slice(0, colon);
    if (!/^\d+$/.test(epoch)) return fail('epoch is not a number');
    rest = version.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : '';
  if (upstream.length === 0) return fail('empty upstream version');
  if (!isDigit(upstream.charCodeAt(0))) return fail('upstream version does not start with a digit');
  if (!UPSTREAM_CHARS.test(upstream)) return fail('invalid character in upstream version');
  if (dash >= 0 && revision.length === 0) return fail('empty Debian revision');
  if (!REVISION_CHARS.test(revision)) return fail('invalid character in Debian revision');
  return ok({ epoch, upstream, revision });
}

export function compareDebianVersions(a: DebianVersion, b: DebianVersion): Ordering {
  return compareDigits(a.epoch, b.epoch) || verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
}

// dpkg's order(): `~` sorts before everything, even the end of the string; letters before other symbols.
function order(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if (isDigit(c)) return 0;
  if (isAsciiLetter(c)) return c;
  if (c === 126 /* ~ */) return -1;
  return c + 256;
}

/** dpkg's verrevcmp: alternating non-digit and digit runs. */
export function verrevcmp(a: string, b: string): Ordering {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a, i);
      const bc = order(b, j);
      if (ac !== bc) return ac < bc ? -1 : 1;
      i++;
      j++;
    }
    const si = i;
    const sj = j;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const cmp = compareDigits(a.slice(si, i) || '0', b.slice(sj, j) || '0');
    if (cmp !== 0) return cmp;
  }
  return 0;
}
