import {
  cannotCompare,
  compareDigits,
  compareStrings,
  defineScheme,
  fail,
  isAsciiLetter,
  isDigit,
  lookup,
  ok,
  type Comparison,
  type Ordering,
  type ParseResult,
  type VersionScheme,
} from './scheme.js';

/**
 * OT firmware and engineering-software versions as vendors print them in advisories and on
 * nameplates: `V2.9.3`, `V4.5 SP2 HF1`, `SV2.60`, `R20.1`, `FW16`, `V16 Update 3`, `520.2 TCU4 HF3`,
 * `2018_SP3_P05`, `V1.2 build 1234`, `Rev. C`, `V02.09.003`, `8u202`, `10.2.9-h1`, `7.0 U3s`.
 *
 * A version is a prefix (ignored), a dotted base, an optional glued letter (`2.1a`), and qualifiers
 * at fixed levels, compared in this order:
 *   pre-release (alpha < beta < rc < none) · service pack · update · hotfix/patch · build · revision.
 * A missing level counts as 0, so V4.5 < V4.5 SP1 < V4.5 SP1 HF2 < V4.5 SP2 < V4.6.
 * Two different words at the same level (`HF2` vs `P2`, `Update 3` vs `TCU 3`) are not guessed
 * at: they cannot be compared. Neither can a version with a base and one without (`Rev. C` vs `V1.0`).
 */
export interface FirmwareOptions {
  /**
   * How the second base segment is read when vendors print it with leading zeros:
   * `integer` (default): `20.011` = `20.11` (Rockwell-style zero padding);
   * `fraction`: a decimal fraction, `20.011` < `20.11` and `2.60` = `2.6` < `2.7`.
   */
  minor?: 'integer' | 'fraction';
}

export interface FirmwareVersion {
  /** The prefix word as written (`v`, `sv`, `r`, `fw`…), lower case; not compared. */
  prefix: string | undefined;
  /** Base segments as digit strings; empty when the version has only qualifiers (`Rev. C`). */
  base: string[];
  /** A single letter glued to the base (`2.1a`), a post-release marker. */
  letter: string | undefined;
  qualifiers: FirmwareQualifier[];
}

export type QualifierLevel = 'pre' | 'sp' | 'update' | 'fix' | 'build' | 'rev';

export interface FirmwareQualifier {
  level: QualifierLevel;
  /** Canonical word at that level (`sp`, `update`, `tcu`, `su`, `hf`, `hfr`, `patch`, `build`, `rev`, `alpha`, `beta`, `rc`). */
  kind: string;
  /** Digits with an optional refining letter (`3`, `3b`), or a single lower-case letter (`rev c`). */
  value: string;
}

const LEVELS: readonly QualifierLevel[] = ['pre', 'sp', 'update', 'fix', 'build', 'rev'];

const KEYWORDS: Record<string, { level: QualifierLevel; kind: string }> = {
  alpha: { level: 'pre', kind: 'alpha' },
  beta: { level: 'pre', kind: 'beta' },
  rc: { level: 'pre', kind: 'rc' },
  sp: { level: 'sp', kind: 'sp' },
  servicepack: { level: 'sp', kind: 'sp' },
  update: { level: 'update', kind: 'update' },
  upd: { level: 'update', kind: 'update' },
  u: { level: 'update', kind: 'update' },
  tcu: { level: 'update', kind: 'tcu' },
  su: { level: 'update', kind: 'su' },
  hf: { level: 'fix', kind: 'hf' },
  h: { level: 'fix', kind: 'hf' },
  hotfix: { level: 'fix', kind: 'hf' },
  hfr: { level: 'fix', kind: 'hfr' },
  patch: { level: 'fix', kind: 'patch' },
  p: { level: 'fix', kind: 'patch' },
  build: { level: 'build', kind: 'build' },
  // No single-letter `b`: `2.1b3` is a beta for some vendors and a build for others.
  rev: { level: 'rev', kind: 'rev' },
  revision: { level: 'rev', kind: 'rev' },
};
const PRE_ORDER: Record<string, number> = { alpha: 0, beta: 1, rc: 2 };
const PREFIXES = new Set(['v', 'sv', 'r', 'fw', 'ver', 'version', 'firmware', 'rel', 'release']);

type Token = { kind: 'number'; segments: string[]; glued: boolean } | { kind: 'word'; text: string; glued: boolean };

/** Splits into dotted numbers and words; `glued` = no separator before the token. */
function tokenize(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  let glued = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      const segments: string[] = [];
      let start = i;
      for (;;) {
        while (i < text.length && isDigit(text.charCodeAt(i))) i++;
        segments.push(text.slice(start, i));
        if (text[i] === '.' && isDigit(text.charCodeAt(i + 1))) {
          i++;
          start = i;
        } else break;
      }
      tokens.push({ kind: 'number', segments, glued });
      glued = true;
    } else if (isAsciiLetter(c)) {
      const start = i;
      while (i < text.length && isAsciiLetter(text.charCodeAt(i))) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i).toLowerCase(), glued });
      glued = true;
    } else if (' \t._-,()/:'.includes(text[i]!)) {
      i++;
      glued = false;
    } else {
      return `unexpected character ${JSON.stringify(text[i])} at offset ${i}`;
    }
  }
  return tokens;
}

export function parseFirmwareVersion(input: string): ParseResult<FirmwareVersion> {
  const tokens = tokenize(input.trim());
  if (typeof tokens === 'string') return fail(tokens);
  if (tokens.length === 0) return fail('no version');
  let k = 0;
  let prefix: string | undefined;
  const first = tokens[0]!;
  if (first.kind === 'word' && PREFIXES.has(first.text) && tokens[1]?.kind === 'number') {
    prefix = first.text;
    k = 1;
  }
  let base: string[] = [];
  let letter: string | undefined;
  const head = tokens[k];
  if (head?.kind === 'number') {
    base = head.segments;
    k++;
    const next = tokens[k];
    // A single letter glued to the base and not starting a qualifier (`2.1a`, `R16x`).
    if (next?.kind === 'word' && next.glued && next.text.length === 1 && tokens[k + 1]?.kind !== 'number') {
      letter = next.text;
      k++;
    }
  }
  const qualifiers: FirmwareQualifier[] = [];
  while (k < tokens.length) {
    const t = tokens[k]!;
    if (t.kind !== 'word') return fail(`unexpected number ${t.segments.join('.')} after the base version`);
    let word = t.text;
    const following = tokens[k + 1];
    if (word === 'service' && following?.kind === 'word' && following.text === 'pack') {
      word = 'servicepack';
      k++;
    }
    const keyword = lookup(KEYWORDS, word);
    if (!keyword) return fail(`unknown qualifier ${JSON.stringify(word)}`);
    k++;
    let value: string | undefined;
    const arg = tokens[k];
    if (arg?.kind === 'number' && arg.segments.length === 1) {
      value = arg.segments[0];
      k++;
      // A letter glued to the number (`U3b`, VMware) refines it: 3 < 3a < 3b < 4.
      const refinement = tokens[k];
      if (refinement?.kind === 'word' && refinement.glued && refinement.text.length === 1 && tokens[k + 1]?.kind !== 'number') {
        value += refinement.text;
        k++;
      }
    } else if (keyword.level === 'rev' && arg?.kind === 'word' && arg.text.length === 1) {
      value = arg.text;
      k++;
    }
    if (value === undefined) {
      if (keyword.level !== 'pre') return fail(`qualifier ${JSON.stringify(word)} without a number`);
      value = '0';
    }
    if (qualifiers.some((q) => q.level === keyword.level)) return fail(`two qualifiers at the ${keyword.level} level`);
    qualifiers.push({ level: keyword.level, kind: keyword.kind, value });
  }
  if (base.length === 0 && qualifiers.length === 0) return fail('no version number');
  return ok({ prefix, base, letter, qualifiers });
}

export function compareFirmwareVersions(a: FirmwareVersion, b: FirmwareVersion, options: FirmwareOptions = {}): Comparison {
  if ((a.base.length === 0) !== (b.base.length === 0)) return cannotCompare('firmware: one version has a version number and the other has none');
  const byBase = compareBase(a.base, b.base, options.minor ?? 'integer');
  if (byBase !== 0) return byBase;
  const byLetter = compareOptionalLetter(a.letter, b.letter);
  if (byLetter !== 0) return byLetter;
  for (const level of LEVELS) {
    const r = compareLevel(level, a.qualifiers.find((q) => q.level === level), b.qualifiers.find((q) => q.level === level));
    if (r !== 0) return r;
  }
  return 0;
}

function compareBase(a: string[], b: string[], minor: 'integer' | 'fraction'): Ordering {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? '0';
    const y = b[i] ?? '0';
    const r = i === 1 && minor === 'fraction' ? compareFraction(x, y) : compareDigits(x, y);
    if (r !== 0) return r;
  }
  return 0;
}

/** Compares digit strings as the decimals 0.x and 0.y. */
function compareFraction(x: string, y: string): Ordering {
  const a = x.replace(/0+$/, '');
  const b = y.replace(/0+$/, '');
  const n = Math.max(a.length, b.length);
  return compareStrings(a.padEnd(n, '0'), b.padEnd(n, '0'));
}

function compareOptionalLetter(a: string | undefined, b: string | undefined): Ordering {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return compareStrings(a, b);
}

function compareLevel(level: QualifierLevel, a: FirmwareQualifier | undefined, b: FirmwareQualifier | undefined): Comparison {
  if (level === 'pre') {
    // A release sorts after all of its pre-releases.
    if (!a || !b) return a === b ? 0 : a ? -1 : 1;
    const byKind = (PRE_ORDER[a.kind] ?? 0) - (PRE_ORDER[b.kind] ?? 0);
    return byKind !== 0 ? (byKind < 0 ? -1 : 1) : compareDigits(a.value, b.value);
  }
  if (a && b && a.kind !== b.kind) return cannotCompare(`firmware: ${a.kind} ${a.value} and ${b.kind} ${b.value} are different conventions`);
  const x = a?.value ?? '0';
  const y = b?.value ?? '0';
  const xNumber = isDigit(x.charCodeAt(0));
  const yNumber = isDigit(y.charCodeAt(0));
  if (xNumber && yNumber) {
    const [xDigits, xLetter] = splitValue(x);
    const [yDigits, yLetter] = splitValue(y);
    return compareDigits(xDigits, yDigits) || compareOptionalLetter(xLetter, yLetter);
  }
  if (!xNumber && !yNumber) return compareStrings(x, y);
  return cannotCompare(`firmware: ${level} ${x} and ${y} mix a number and a letter`);
}

/** `3b` → [`3`, `b`]; `12` → [`12`, undefined]. */
function splitValue(value: string): [string, string | undefined] {
  const last = value.charCodeAt(value.length - 1);
  return isDigit(last) ? [value, undefined] : [value.slice(0, -1), value.slice(-1)];
}

/** A firmware scheme with a vendor's convention for the minor segment. */
export function createFirmwareScheme(options: FirmwareOptions = {}): VersionScheme<FirmwareVersion> {
  return defineScheme<FirmwareVersion>({
    name: options.minor === 'fraction' ? 'firmware-fraction' : 'firmware',
    heuristic: true,
    parse: parseFirmwareVersion,
    compare: (a, b) => compareFirmwareVersions(a, b, options),
  });
}

/** The default firmware scheme (leading-zero minor read as an integer). */
export const firmwareScheme = createFirmwareScheme();
