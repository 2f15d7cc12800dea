/**
 * Version tests shared by the matchers: comparison through an ordered chain of schemes (the first
 * scheme that can order the two versions decides, and is named in the evidence), and the version
 * ranges advisories write in product names: `vers:` strings and free text such as "<V3.1",
 * "< V2.9.3", "All versions", "V4.5 SP2 and later", ">=R9.01|<=R10.04", "FW19 up to and including FW26".
 */
import { containsVersion, normalizeVers, parseVers, type VersConstraint, type VersRange } from '../../../formats/vers/index.js';
import { firmwareScheme, genericScheme, isOrdering, schemeForVers, type VersionScheme } from '../versions/index.js';

export type Verdict = true | false | 'unknown';

export interface VersionVerdict {
  result: Verdict;
  /** Scheme that decided (or the last one tried). */
  scheme: string;
  heuristic: boolean;
  reason?: string;
}

/** OT vendor versions: the firmware scheme first (`V4.5 SP2`, `R520.2 TCU4 HF2`), then the generic dotted one (`R301-V6`, `6.1.1-2`). */
export const OT_SCHEMES: readonly VersionScheme[] = [firmwareScheme, genericScheme];
/** NVD bounds: generic first (NVD's own dotted strings), then firmware for vendor spellings in the inventory. */
export const NVD_SCHEMES: readonly VersionScheme[] = [genericScheme, firmwareScheme];

export interface ChainComparison {
  order?: -1 | 0 | 1;
  scheme: VersionScheme;
  reason?: string;
}

/** The outcomes that order two versions, one set per scheme (shared, read-only). */
const ORDERED = new WeakMap<VersionScheme, readonly [ChainComparison, ChainComparison, ChainComparison]>();

function ordered(scheme: VersionScheme, order: -1 | 0 | 1): ChainComparison {
  let table = ORDERED.get(scheme);
  if (!table) {
    table = [{ order: -1, scheme }, { order: 0, scheme }, { order: 1, scheme }];
    ORDERED.set(scheme, table);
  }
  return table[order + 1] ?? { order, scheme };
}

/**
 * Compares with the first scheme of the chain that can order both versions. Cheap to repeat: each
 * scheme parses a version string once (versions/scheme.ts).
 */
export function compareChain(a: string, b: string, schemes: readonly VersionScheme[]): ChainComparison {
  let reason: string | undefined;
  for (const scheme of schemes) {
    const c = scheme.compare(a, b);
    if (isOrdering(c)) return ordered(scheme, c);
    reason ??= c.reason;
  }
  return { scheme: schemes[schemes.length - 1] ?? genericScheme, reason: reason ?? 'no version scheme' };
}

/** A comparator for formats/vers that walks the chain and remembers which scheme decided. */
function chainComparator(schemes: readonly VersionScheme[], used: { scheme?: VersionScheme }) {
  return (a: string, b: string): number | { cannotCompare: true; reason: string } => {
    const c = compareChain(a, b, schemes);
    if (c.order === undefined) return { cannotCompare: true, reason: c.reason ?? 'cannot compare' };
    used.scheme ??= c.scheme;
    return c.order;
  };
}

// ---------------------------------------------------------------------------------------------
// Ranges written in advisories
// ---------------------------------------------------------------------------------------------

export type RangePredicate =
  | { kind: 'all'; text: string }
  | { kind: 'range'; text: string; range: VersRange; schemes: readonly VersionScheme[]; note?: string }
  | { kind: 'prefix'; text: string; prefix: string }
  | { kind: 'invalid'; text: string; reason: string };

const ALL = /^(?:all(?: versions?| releases?)?|any(?: version)?|\*|vers:all\/\*|-|n\/a)$/;
const MAX_CONSTRAINTS = 32;
const VER = String.raw`((?:v|sv|r|fw|ver|version|rel|release|firmware)?\s?\.?\s?\d[a-z0-9.\-]*(?:\s+(?:sp|hf|update|upd|tcu|su|patch|p|u|build|rev|hotfix)\s?\d+[a-z]?)*)`;
const CONSTRAINT = new RegExp(String.raw`(<=|=<|>=|=>|!=|<|>|=)?\s*((?:[a-z/][a-z/]*\s+){0,6}?)${VER}`, 'g');

/** Removes parenthetical remarks ("(only affected by CVE-…)") and unifies blanks and underscores. */
function cleanRangeText(text: string): string {
  let out = text.slice(0, 512).toLowerCase();
  for (let i = 0; i < 4; i++) out = out.replace(/\([^()]*\)/g, ' ');
  return out.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
}

/** `R16x` as a bound: the lowest (`R160`) or the first beyond (`R17`) of the series. */
function seriesBound(op: string, version: string): { op: string; version: string } | undefined {
  const m = /^(.*?)(\d+)x$/i.exec(version.trim());
  if (!m) return undefined;
  const head = m[1] as string;
  const digits = m[2] as string;
  if (op === '>=' || op === '>') return { op: '>=', version: `${head}${digits}0` };
  if (op === '<=') return { op: '<', version: `${head}${(BigInt(digits) + 1n).toString()}` };
  if (op === '<') return { op: '<', version: `${head}${digits}0` };
  return undefined;
}

/**
 * Reads a CSAF `product_version_range` name (or a version-like product name) into a predicate.
 * Never throws: unreadable text becomes `invalid` with the reason, which the matcher reports as
 * "cannot decide".
 */
export function parseRangeText(raw: string): RangePredicate {
  const text = raw;
  if (typeof raw !== 'string' || raw.trim() === '') return { kind: 'invalid', text: String(raw), reason: 'empty version range' };
  const trimmed = raw.trim();
  if (/^vers:/i.test(trimmed)) return parseVersText(trimmed);
  let s = cleanRangeText(trimmed);
  if (ALL.test(s)) return { kind: 'all', text };
  s = s
    .replace(/\ball versions?\b/g, ' ')
    .replace(/\bup to and including\s+/g, '<=')
    .replace(/\b(?:before|prior to|earlier than|older than|lower than|less than|below)\s+/g, '<')
    .replace(/\b(?:up to|through|until|to)\s+/g, '<=')
    .replace(/\b(?:from|since|starting with|starting from|as of)\s+/g, '>=')
    .replace(/\b(?:after|later than|newer than|greater than|higher than|above)\s+/g, '>');
  s = s.replace(new RegExp(String.raw`between\s+${VER}\s+and\s+${VER}`, 'g'), '>=$1|<=$2');
  s = s.replace(new RegExp(`${VER}\\s+(?:and|or)\\s+(?:later|newer|higher|above|greater|after)\\b`, 'g'), '>=$1');
  s = s.replace(new RegExp(`${VER}\\s+(?:and|or)\\s+(?:earlier|older|lower|below|prior|before)\\b`, 'g'), '<=$1');
  s = s.replace(new RegExp(`${VER}\\s+[-–]\\s+${VER}`, 'g'), '>=$1|<=$2');
  s = s.replace(/\s+/g, ' ').trim();
  if (s === '' || ALL.test(s)) return { kind: 'all', text };

  const constraints: VersConstraint[] = [];
  const leftovers: string[] = [];
  let last = 0;
  for (const m of s.matchAll(CONSTRAINT)) {
    if (constraints.length >= MAX_CONSTRAINTS) return { kind: 'invalid', text, reason: `more than ${MAX_CONSTRAINTS} constraints` };
    leftovers.push(s.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    const rawOp = m[1] ?? '=';
    const op = rawOp === '=<' ? '<=' : rawOp === '=>' ? '>=' : rawOp;
    const words = (m[2] ?? '').trim();
    if (words) leftovers.push(words);
    let version = (m[3] ?? '').trim().replace(/\.$/, '');
    let comparator = op as VersConstraint['comparator'];
    const series = seriesBound(op, version);
    if (series) {
      version = series.version;
      comparator = series.op as VersConstraint['comparator'];
    } else if (op === '=' && /\dx$/i.test(version)) {
      if (constraints.length === 0 && !s.slice(last).trim()) return { kind: 'prefix', text, prefix: version.slice(0, -1) };
    }
    constraints.push({ comparator, version });
  }
  leftovers.push(s.slice(last));
  const rest = leftovers.join(' ').replace(/[|,;]/g, ' ').replace(/\b(?:and|or|versions?|all|with)\b/g, ' ').replace(/\s+/g, ' ').trim();
  if (constraints.length === 0) return { kind: 'invalid', text, reason: `no version found in ${JSON.stringify(raw.slice(0, 80))}` };
  if (constraints.length === 1 && constraints[0]?.comparator === '=' && /[<>]/.test(s.slice(0, 1))) {
    return { kind: 'invalid', text, reason: 'comparator without a version' };
  }
  const absurd = absurdity(constraints);
  if (absurd) return { kind: 'invalid', text, reason: absurd };
  const note = rest ? `range text also says ${JSON.stringify(rest)}; only the versions were used` : undefined;
  return { kind: 'range', text, range: { scheme: 'generic', star: false, constraints: sortConstraints(constraints) }, schemes: OT_SCHEMES, ...(note ? { note } : {}) };
}

/** A lower bound written before an upper bound that is below it (`>=5|<3`) describes nothing: refuse it. */
function absurdity(constraints: readonly VersConstraint[]): string | undefined {
  for (let i = 0; i + 1 < constraints.length; i++) {
    const low = constraints[i] as VersConstraint;
    const high = constraints[i + 1] as VersConstraint;
    if ((low.comparator === '>=' || low.comparator === '>') && (high.comparator === '<' || high.comparator === '<=')) {
      const c = compareChain(low.version, high.version, OT_SCHEMES);
      if (c.order === 1 || (c.order === 0 && (low.comparator === '>' || high.comparator === '<'))) {
        return `absurd range: lower bound ${low.comparator}${low.version} is above upper bound ${high.comparator}${high.version}`;
      }
    }
  }
  return undefined;
}

function sortConstraints(constraints: VersConstraint[]): VersConstraint[] {
  const sorted = [...constraints];
  let comparable = true;
  sorted.sort((a, b) => {
    const c = compareChain(a.version, b.version, OT_SCHEMES);
    if (c.order === undefined) comparable = false;
    return c.order ?? 0;
  });
  return comparable ? sorted : constraints;
}

function parseVersText(text: string): RangePredicate {
  try {
    const parsed = parseVers(text, { lenient: true });
    if (parsed.star) return parsed.scheme === 'none' ? { kind: 'invalid', text, reason: 'vers:none/* names no version' } : { kind: 'all', text };
    const known = parsed.scheme === 'all' || parsed.scheme === 'generic' ? undefined : schemeForVers(parsed.scheme);
    const schemes: readonly VersionScheme[] = known ? [known] : OT_SCHEMES;
    const cmp = chainComparator(schemes, {});
    // Bounds like `R16x`: same series handling as for free text.
    const constraints = parsed.constraints.map((c) => {
      const s = seriesBound(c.comparator, c.version);
      return s ? { comparator: s.op as VersConstraint['comparator'], version: s.version } : c;
    });
    try {
      const range = normalizeVers({ ...parsed, constraints }, cmp, text);
      return { kind: 'range', text, range, schemes };
    } catch (e) {
      // Unsortable or non-alternating: keep the constraints as written when they are few and ordered by intent.
      const absurd = absurdity(constraints);
      if (absurd) return { kind: 'invalid', text, reason: absurd };
      return { kind: 'invalid', text, reason: e instanceof Error ? e.message : String(e) };
    }
  } catch (e) {
    return { kind: 'invalid', text, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Is `version` within the predicate? */
export function evaluateRange(predicate: RangePredicate, version: string | undefined): VersionVerdict {
  if (predicate.kind === 'all') return { result: true, scheme: 'none', heuristic: false, reason: `all versions (${predicate.text})` };
  if (predicate.kind === 'invalid') return { result: 'unknown', scheme: 'none', heuristic: true, reason: `unreadable version range ${JSON.stringify(predicate.text)}: ${predicate.reason}` };
  if (version === undefined || version.trim() === '') return { result: 'unknown', scheme: 'none', heuristic: false, reason: 'the target has no version' };
  if (predicate.kind === 'prefix') {
    const v = version.trim().toLowerCase().replace(/^(?:v|r|sv|fw)(?=\d)/, '');
    const p = predicate.prefix.toLowerCase().replace(/^(?:v|r|sv|fw)(?=\d)/, '');
    return { result: v.startsWith(p), scheme: 'prefix', heuristic: true, reason: `version series ${predicate.text}` };
  }
  const used: { scheme?: VersionScheme } = {};
  const result = containsVersion(predicate.range, version.trim(), chainComparator(predicate.schemes, used));
  const scheme = used.scheme ?? predicate.schemes[0] ?? genericScheme;
  return {
    result: result.result,
    scheme: scheme.name,
    heuristic: scheme.heuristic,
    ...(result.result === 'unknown' ? { reason: `cannot compare ${JSON.stringify(version)} with ${JSON.stringify(predicate.text)}: ${result.reason ?? ''}` } : {}),
  };
}

/** Is `version` the exact `expected` version (CSAF `product_version`)? `*`, "All versions" and `vers:` strings are ranges. */
export function evaluateExactVersion(expected: string, version: string | undefined): VersionVerdict {
  const cleaned = cleanRangeText(expected);
  if (ALL.test(cleaned) || /^vers:/i.test(expected.trim()) || /^[<>]/.test(cleaned)) return evaluateRange(parseRangeText(expected), version);
  if (/\dx$/i.test(cleaned)) return evaluateRange({ kind: 'prefix', text: expected, prefix: cleaned.slice(0, -1) }, version);
  if (version === undefined || version.trim() === '') return { result: 'unknown', scheme: 'none', heuristic: false, reason: 'the target has no version' };
  const a = version.trim();
  const b = expected.trim();
  if (a.toLowerCase() === b.toLowerCase()) return { result: true, scheme: 'literal', heuristic: false };
  const c = compareChain(a, b, OT_SCHEMES);
  if (c.order === undefined) {
    // No scheme reads them (`12.2(55)SE`): an exact version statement is equal only to the same text,
    // up to case, separators and leading zeros.
    const canon = (x: string): string => x.toLowerCase().replace(/^v(?=\d)/, '').replace(/[\s._()-]+/g, '.').replace(/\b0+(?=\d)/g, '');
    return { result: canon(a) === canon(b), scheme: 'literal', heuristic: true, reason: `compared as text: ${c.reason ?? ''}` };
  }
  return { result: c.order === 0, scheme: c.scheme.name, heuristic: c.scheme.heuristic };
}
