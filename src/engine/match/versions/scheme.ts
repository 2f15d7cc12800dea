/**
 * The one small interface every version comparator implements. A scheme never guesses: when two
 * versions cannot be ordered under its rules it answers {@link CannotCompare} with a reason that
 * can be shown to a user next to a finding ("possible match, version not comparable").
 */

/** The order of two versions: a < b is -1, a = b is 0, a > b is 1. */
export type Ordering = -1 | 0 | 1;

/** An explicit "these two cannot be ordered", instead of a guess. */
export interface CannotCompare {
  readonly cannotCompare: true;
  readonly reason: string;
}

export type Comparison = Ordering | CannotCompare;

/** Outcome of parsing one version string under a scheme. */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export interface VersionScheme<T = unknown> {
  /** Stable scheme name, e.g. `semver`, `deb`, `firmware`. */
  readonly name: string;
  /** True when the ordering is a platform heuristic rather than the ecosystem's own definition. */
  readonly heuristic: boolean;
  parse(version: string): ParseResult<T>;
  compare(a: string, b: string): Comparison;
}

/** Versions longer than this are refused: no real version is this long, and it bounds the work. */
export const MAX_VERSION_LENGTH = 256;

export function cannotCompare(reason: string): CannotCompare {
  return { cannotCompare: true, reason };
}

export function isOrdering(c: Comparison): c is Ordering {
  return typeof c === 'number';
}

export function sign(n: number): Ordering {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Compares two strings of ASCII digits numerically without overflow (leading zeros ignored). */
export function compareDigits(a: string, b: string): Ordering {
  const x = stripLeadingZeros(a);
  const y = stripLeadingZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return digits.slice(i);
}

/** Plain code-unit order, as C's strcmp on ASCII. */
export function compareStrings(a: string, b: string): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Rejections common to every scheme: empty, too long, control characters. */
export function basicRejection(version: string): string | undefined {
  if (typeof version !== 'string') return 'version is not a string';
  if (version.length === 0) return 'empty version';
  if (version.length > MAX_VERSION_LENGTH) return `version longer than ${MAX_VERSION_LENGTH} characters`;
  for (let i = 0; i < version.length; i++) {
    const c = version.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return `control character at offset ${i}`;
  }
  return undefined;
}

export interface SchemeDefinition<T> {
  name: string;
  heuristic?: boolean;
  /** Parses a version that already passed {@link basicRejection}. */
  parse(version: string): ParseResult<T>;
  /** Orders two parsed versions; may refuse when their shapes are not comparable. */
  compare(a: T, b: T): Comparison;
}

const MAX_PARSE_MEMO = 50_000;

/** Builds a {@link VersionScheme} from a parser and a comparator of parsed values. */
export function defineScheme<T>(def: SchemeDefinition<T>): VersionScheme<T> {
  const parse = (version: string): ParseResult<T> => {
    const rejected = basicRejection(version);
    return rejected === undefined ? def.parse(version) : { ok: false, reason: rejected };
  };
  // Comparisons repeat the same few versions (a fleet's firmware, an advisory's bounds): each
  // string is parsed once per scheme. Parsed values are only read by `def.compare`.
  const memo = new Map<string, ParseResult<T>>();
  const parsed = (version: string): ParseResult<T> => {
    let hit = memo.get(version);
    if (hit === undefined) {
      hit = parse(version);
      if (memo.size >= MAX_PARSE_MEMO) memo.clear();
      memo.set(version, hit);
    }
    return hit;
  };
  return {
    name: def.name,
    heuristic: def.heuristic ?? false,
    parse,
    compare(a: string, b: string): Comparison {
      const pa = parsed(a);
      if (!pa.ok) return cannotCompare(`${def.name}: cannot parse ${JSON.stringify(clip(a))}: ${pa.reason}`);
      const pb = parsed(b);
      if (!pb.ok) return cannotCompare(`${def.name}: cannot parse ${JSON.stringify(clip(b))}: ${pb.reason}`);
      return def.compare(pa.value, pb.value);
    },
  };
}

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail<T>(reason: string): ParseResult<T> {
  return { ok: false, reason };
}

function clip(s: unknown): string {
  const text = String(s);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Own-property lookup, so that keys such as `constructor` or `__proto__` find nothing. */
export function lookup<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
