import { InputError } from '../../model/errors.js';

/**
 * VERS, the version range specifier (github.com/package-url/vers-spec):
 * `vers:<versioning-scheme>/<constraint>|<constraint>…`, each constraint an optional comparator
 * (`=` implied, `!=`, `<`, `<=`, `>`, `>=`) and a percent-encoded version, or `*` alone.
 * The npm package called `vers` is unrelated; this is our own implementation.
 */

export type VersComparator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface VersConstraint {
  readonly comparator: VersComparator;
  /** The decoded version. */
  readonly version: string;
}

export interface VersRange {
  /** Versioning scheme, e.g. `npm`, `deb`, `generic`; `all`/`none` are the universal ranges. */
  readonly scheme: string;
  /** True for `vers:<scheme>/*`: every version. */
  readonly star: boolean;
  readonly constraints: readonly VersConstraint[];
}

export interface VersParseOptions {
  /**
   * Accept common non-canonical input instead of refusing it: blanks are removed, the scheme is
   * lower-cased, and `vers:all/` may carry constraints (CISA CSAF writes `vers:all/<V3.5.20`).
   * Sorting and validation are left to {@link normalizeVers}.
   */
  lenient?: boolean;
}

/** Longest vers string accepted. */
export const MAX_VERS_LENGTH = 4096;

const SCHEME = /^[a-z][a-z0-9.+-]*$/;
const COMPARATORS: readonly VersComparator[] = ['>=', '<=', '!=', '<', '>', '='];

export function versError(message: string, offset: number | undefined, input: string): InputError {
  const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
  return new InputError(`invalid vers ${JSON.stringify(shown)}: ${message}`, {
    code: 'invalid-vers',
    place: offset === undefined ? undefined : { offset },
    issues: [{ message, code: 'invalid-vers', ...(offset === undefined ? {} : { offset }) }],
  });
}

/**
 * Parses a vers string. Syntax only: the order of versions needs the scheme's comparator, see
 * {@link validateVers} and {@link normalizeVers}. Throws InputError with the offset.
 */
export function parseVers(input: string, options: VersParseOptions = {}): VersRange {
  if (typeof input !== 'string') throw new InputError('vers must be a string', { code: 'invalid-vers' });
  if (input.length > MAX_VERS_LENGTH) throw versError(`longer than ${MAX_VERS_LENGTH} characters`, MAX_VERS_LENGTH, input);
  let text = input;
  if (options.lenient) text = text.replace(/[ \t]+/g, '');
  else {
    const blank = text.search(/\s/);
    if (blank >= 0) throw versError('blanks are not allowed', blank, input);
  }
  const colon = text.indexOf(':');
  const uriScheme = colon >= 0 ? text.slice(0, colon) : '';
  if (uriScheme !== 'vers' && !(options.lenient && uriScheme.toLowerCase() === 'vers')) {
    throw versError('must start with "vers:"', 0, input);
  }
  const slash = text.indexOf('/', colon + 1);
  if (slash < 0) throw versError('missing "/" after the versioning scheme', text.length, input);
  let scheme = text.slice(colon + 1, slash);
  if (options.lenient) scheme = scheme.toLowerCase();
  if (!SCHEME.test(scheme)) {
    const message = /[A-Z]/.test(scheme) ? 'the versioning scheme must be lower case' : 'invalid versioning scheme';
    throw versError(message, colon + 1, input);
  }
  const body = text.slice(slash + 1);
  if (body === '') throw versError('no constraints', slash + 1, input);
  if (body === '*') return { scheme, star: true, constraints: [] };
  if ((scheme === 'all' || scheme === 'none') && !options.lenient) throw versError(`vers:${scheme} takes only "*"`, slash + 1, input);
  const constraints: VersConstraint[] = [];
  let offset = slash + 1;
  for (const raw of body.split('|')) {
    constraints.push(parseConstraint(raw, offset, input));
    offset += raw.length + 1;
  }
  return { scheme, star: false, constraints };
}

function parseConstraint(raw: string, offset: number, input: string): VersConstraint {
  if (raw === '') throw versError('empty constraint', offset, input);
  if (raw === '*') throw versError('"*" must be the only constraint', offset, input);
  const comparator = COMPARATORS.find((c) => raw.startsWith(c)) ?? '=';
  const encoded = raw.slice(comparator === '=' && !raw.startsWith('=') ? 0 : comparator.length);
  if (encoded === '') throw versError('constraint without a version', offset, input);
  const bad = encoded.search(/[<>=!*]/);
  if (bad >= 0) throw versError(`"${encoded[bad]}" must be percent-encoded in a version`, offset + raw.length - encoded.length + bad, input);
  let version: string;
  try {
    version = decodeURIComponent(encoded);
  } catch {
    throw versError('bad percent-encoding in version', offset + raw.length - encoded.length, input);
  }
  if (hasControlCharacter(version)) throw versError('control character in version', offset, input);
  return { comparator, version };
}

/** Serialises a range in canonical text form (versions percent-encoded where needed). */
export function formatVers(range: VersRange): string {
  if (range.star) return `vers:${range.scheme}/*`;
  const parts = range.constraints.map((c) => (c.comparator === '=' ? '' : c.comparator) + encodeVersion(c.version));
  return `vers:${range.scheme}/${parts.join('|')}`;
}

function encodeVersion(version: string): string {
  let out = '';
  for (const c of version) {
    out += /[A-Za-z0-9._~:+-]/.test(c) ? c : encodeURIComponent(c).replace(/[!*'()]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  return out;
}

/** True when the text holds a C0 control character or DEL. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
