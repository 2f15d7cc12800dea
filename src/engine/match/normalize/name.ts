/**
 * Product names as OT vendors and advisories write them ("SIMATIC S7-1500 CPU family (incl. SIPLUS
 * variants)", "MELSEC iQ-F FX5U-32MT/ES", "SYSMAC CJ2M-CPU[][]", "M800VW (BND-2051W000-**)") turned
 * into comparable tokens, and order/model numbers with the wildcards vendors use.
 */
import { vendorWords } from './vendor.js';

/** Words that name a kind of thing rather than a product; never required for a name match. */
const GENERIC = new Set([
  'family', 'series', 'product', 'products', 'firmware', 'software', 'hardware', 'fw', 'sw', 'hw', 'device', 'devices',
  'all', 'versions', 'version', 'and', 'or', 'the', 'of', 'for', 'with', 'by', 'incl', 'including', 'variants', 'variant',
  'related', 'based', 'on', 'in', 'a', 'an', 'to', 'models', 'model', 'type', 'types', 'line', 'range', 'package', 'os',
]);

/** Words marking a parenthetical remark rather than part of the name: "(incl. SIPLUS variants)", "(only affected by …)". */
/** Words marking a name as a family of products. */
const FAMILY = /\b(family|families|series|variants|incl|including|products|all models|line)\b/;

/**
 * Words an inventory adds to a product name without naming another product ("Experion PKS Server").
 * Any other extra word ("Classic", "ATT", "Pro") marks a different product of the vendor.
 */
const DESCRIPTORS = new Set(['server', 'client', 'station', 'workstation', 'runtime', 'controller', 'module', 'cpu', 'unit', 'node', 'device', 'plc', 'hmi', 'rtu', 'ied', 'relay', 'panel', 'system', 'engineering', 'edition']);

const REMARK = /\b(incl|including|only|affected|see|except|excluding|note|variants?|versions?|communication|partner|companies|related|also|all|used|when|if)\b/;

/** Longest product name considered; longer ones are cut (bounds the work). */
export const MAX_NAME_LENGTH = 512;

export interface SpecName {
  /** Each group is satisfied when any of its alternatives is among the target's tokens. Patterns may hold `?`/`*`. */
  required: string[][];
  /** Tokens from parenthetical qualifiers ("(JP)", "(GOT1000)"): used to rank, never required. */
  optional: string[];
  /** Order / model numbers found inside the name. */
  modelNumbers: string[];
  /** Every token of the name (required, optional), for the reverse (partial) test. */
  all: Set<string>;
  /** The name denotes a family or series ("… family", "… series", "(incl. … variants)"): members may add any words. */
  family: boolean;
}

export interface TargetName {
  tokens: Set<string>;
  /** Tokens that carry meaning (generic and vendor words removed), in order. */
  significant: string[];
}

export type NameRelation = 'exact' | 'family' | 'partial' | 'none';

export interface NameComparison {
  relation: NameRelation;
  /** Higher is more specific; used to pick the most specific product of one advisory. */
  score: number;
  matched: string[];
}

function baseClean(text: string): string {
  return text
    .slice(0, MAX_NAME_LENGTH)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\[\]/g, '?')
    .replace(/[™®©]/g, ' ');
}

/** Splits a text into tokens: separators are blanks and `- / , ; : _ + & | . '"`, except `.` between digits. */
export function tokenize(text: string): string[] {
  // A dot between digits is part of a version-like token (`1.5`); elsewhere it separates.
  const cleaned = baseClean(text).replace(/(\d)\.(?=\d)/g, '$1\u2024');
  return cleaned
    .split(/[\s\-/,;:_+&|.'"()[\]{}!#=<>]+/)
    .map((t) => t.replace(/\u2024/g, '.'))
    .filter((t) => t.length > 0);
}

function hasDigit(s: string): boolean {
  return /[0-9]/.test(s);
}

/** A token that names a model (holds a digit): `s7`, `1500`, `fx5u`, `32mt`. */
export function isModelToken(token: string): boolean {
  return hasDigit(token);
}

function isPattern(token: string): boolean {
  return token.includes('?') || token.includes('*');
}

const patternCache = new Map<string, RegExp>();
function patternRegex(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\?/g, '.').replace(/\*/g, '.*');
    re = new RegExp(`^${body}$`);
    if (patternCache.size > 10_000) patternCache.clear();
    patternCache.set(pattern, re);
  }
  return re;
}

function tokenPresent(token: string, tokens: Set<string>): boolean {
  if (!isPattern(token)) return tokens.has(token);
  const re = patternRegex(token);
  for (const t of tokens) if (re.test(t)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Order numbers
// ---------------------------------------------------------------------------------------------

/** True when a chunk of text looks like an order number (`6ES7518-4AP00-0AB0`, `BND-2051W000-**`, `3KC9000-8TL75`). */
export function looksLikeOrderNumber(chunk: string): boolean {
  const text = chunk.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9*?#]*(?:[- ][A-Za-z0-9*?#]+)+$/.test(text)) return false;
  const compactText = text.replace(/[- ]/g, '');
  if (compactText.length < 10 || compactText.length > 40) return false;
  const digits = (compactText.match(/[0-9]/g) ?? []).length;
  return digits >= 4 && digits / compactText.length >= 0.35;
}

/** Order numbers found in a free text: parenthesised or blank-separated chunks that look like one. */
export function orderNumbersIn(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  const limited = text.slice(0, MAX_NAME_LENGTH);
  for (const group of limited.match(/\(([^()]*)\)/g) ?? []) {
    for (const part of group.slice(1, -1).split(/[,;/]| or | and /)) if (looksLikeOrderNumber(part)) out.push(part.trim());
  }
  for (const chunk of limited.split(/[\s(),;]+/)) if (looksLikeOrderNumber(chunk) && !out.includes(chunk)) out.push(chunk);
  return out;
}

/** Upper case, blanks, dashes and dots removed: `6ES7 518-4AP00-0AB0` → `6ES75184AP000AB0`. */
export function compactOrderNumber(value: string): string {
  return value.toUpperCase().replace(/[\s\-.]/g, '');
}

/**
 * Does an order-number pattern from an advisory match a concrete order number? `*` is any run, `?`
 * and `#` one character, and a lower-case `x` in an otherwise upper-case number one character
 * (Siemens writes `6ES7 5xx`); an upper-case `X` is a literal (as in `6GK7543-1MX00-0XE0`).
 */
const orderPatternCache = new Map<string, RegExp | string | null>();

/**
 * The pattern as a regular expression over compacted order numbers, or, when it has no wildcard
 * (most have none), as the compacted upper-case text itself: equality, the same answer as `^text$`.
 */
function orderPattern(pattern: string): RegExp | string | null {
  let re = orderPatternCache.get(pattern);
  if (re !== undefined) return re;
  const lowerXWild = /[A-Z]/.test(pattern) && /x/.test(pattern);
  let body = '';
  let literal = '';
  let wild = false;
  for (const c of pattern.replace(/[\s\-.]/g, '')) {
    if (c === '*') body += '.*';
    else if (c === '?' || c === '#' || (lowerXWild && c === 'x')) body += '.';
    else {
      body += c.toUpperCase().replace(/[.+^${}()|[\]\\]/g, '\\$&');
      literal += c.toUpperCase();
      continue;
    }
    wild = true;
  }
  re = body.length === 0 ? null : wild ? new RegExp(`^${body}$`) : literal;
  if (orderPatternCache.size > 100_000) orderPatternCache.clear();
  orderPatternCache.set(pattern, re);
  return re;
}

const compactCache = new Map<string, string>();

function compactCached(value: string): string {
  let hit = compactCache.get(value);
  if (hit === undefined) {
    hit = compactOrderNumber(value);
    if (compactCache.size > 100_000) compactCache.clear();
    compactCache.set(value, hit);
  }
  return hit;
}

export function orderNumberMatches(pattern: string, value: string): boolean {
  const re = orderPattern(pattern);
  if (re === null) return false;
  return typeof re === 'string' ? re === compactCached(value) : re.test(compactCached(value));
}

/** Leading literal characters of an order number pattern (index key), at most `length`. */
export function orderNumberPrefix(value: string, length = 7): string | undefined {
  const c = value.replace(/[\s\-.]/g, '');
  const lowerXWild = /[A-Z]/.test(c) && /x/.test(c);
  let out = '';
  for (const ch of c) {
    if (ch === '*' || ch === '?' || ch === '#' || (lowerXWild && ch === 'x')) break;
    out += ch.toUpperCase();
    if (out.length === length) break;
  }
  return out.length >= 4 ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/** Tokens of a product name as an advisory writes it. `vendor` words are dropped from the required set. */
export function specName(name: string, vendor?: string): SpecName {
  const text = baseClean(name);
  const optional: string[] = [];
  const modelNumbers: string[] = [];
  const withoutParens = text.replace(/\(([^()]*)\)/g, (_m, inner: string) => {
    const original = name.slice(0, MAX_NAME_LENGTH).match(new RegExp(`\\((${escapeRegex(inner)})\\)`, 'i'))?.[1] ?? inner;
    const parts = original.split(/[,;/]| or /).map((p) => p.trim());
    if (parts.some((p) => looksLikeOrderNumber(p))) {
      for (const p of parts) if (looksLikeOrderNumber(p)) modelNumbers.push(p);
      return ' ';
    }
    if (REMARK.test(inner) || inner.split(/\s+/).length > 4) return ' ';
    optional.push(...tokenize(inner));
    return ' ';
  });
  const drop = vendorWords(vendor);
  const tokens = tokenize(withoutParens);
  const significant = tokens.filter((t) => !GENERIC.has(t) && !drop.has(t));
  const chosen = significant.length > 0 ? significant : tokens.filter((t) => !GENERIC.has(t)).length > 0 ? tokens.filter((t) => !GENERIC.has(t)) : tokens;
  const required = dedupe(chosen).map((t) => [t]);
  return { required, optional: dedupe(optional), modelNumbers, all: new Set([...chosen, ...optional]), family: FAMILY.test(text) };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

/** Tokens of what the inventory says about a target (product line + model), with adjacent pairs joined. */
export function targetName(texts: Array<string | undefined>, vendor?: string): TargetName {
  const drop = vendorWords(vendor);
  const tokens = new Set<string>();
  const significant: string[] = [];
  for (const text of texts) {
    if (!text) continue;
    const list = tokenize(text);
    list.forEach((t, i) => {
      tokens.add(t);
      const next = list[i + 1];
      if (next !== undefined) tokens.add(t + next);
      if (!GENERIC.has(t) && !drop.has(t) && !significant.includes(t)) significant.push(t);
    });
  }
  return { tokens, significant };
}

/**
 * How a target's name relates to an advisory's product name:
 * - `exact`: every required token is there and the target has nothing more;
 * - `family`: every required token is there and the target is more specific (`S7-1500 CPU family` vs `S7-1500 CPU 1518`);
 * - `partial`: the target names only part of the product (`FX5U-32MT/ES` vs `MELSEC iQ-F FX5U-32MT/ES`) and
 *   holds at least one model token; weaker evidence;
 * - `none`.
 */
export function compareNames(spec: SpecName, target: TargetName): NameComparison {
  if (spec.required.length === 0 || target.significant.length === 0) return { relation: 'none', score: 0, matched: [] };
  const matched: string[] = [];
  let allRequired = true;
  const flat = spec.required.map((g) => g[0] as string);
  for (let i = 0; i < spec.required.length; i++) {
    const group = spec.required[i] as string[];
    if (group.some((t) => tokenPresent(t, target.tokens))) {
      matched.push(group[0] as string);
      continue;
    }
    // `ET 200SP` in the advisory vs `ET200SP` in the inventory: join with a neighbour.
    const token = flat[i] as string;
    const joinedNext = flat[i + 1] !== undefined && target.tokens.has(token + (flat[i + 1] as string));
    const joinedPrev = i > 0 && target.tokens.has((flat[i - 1] as string) + token);
    if (joinedNext || joinedPrev) {
      matched.push(token);
      continue;
    }
    allRequired = false;
  }
  const optionalMatched = spec.optional.filter((t) => target.tokens.has(t));
  if (allRequired) {
    const extra = target.significant.filter((t) => !spec.all.has(t) && !flat.some((r) => isPattern(r) && patternRegex(r).test(t)) && !joinedInto(t, flat));
    // Extra words on the target make it a family member only when the advisory names a family, when
    // the target adds a model number (`S7-1500 CPU` → `CPU 1518-4 PN/DP`), or when they are mere
    // descriptors ("Server"). Other words ("Classic", "ATT") name another product of the vendor.
    if (extra.length > 0 && !spec.family && !extra.some(isModelToken) && !extra.every((t) => DESCRIPTORS.has(t))) {
      return { relation: 'none', score: 0, matched };
    }
    const relation: NameRelation = extra.length === 0 ? 'exact' : 'family';
    const score = (relation === 'exact' ? 3000 : 2000) + 10 * (matched.length + optionalMatched.length) - Math.min(extra.length, 9);
    return { relation, score, matched: [...matched, ...optionalMatched] };
  }
  // Reverse: every meaningful target token belongs to the product name.
  const inSpec = target.significant.filter((t) => spec.all.has(t) || flat.some((r) => isPattern(r) && patternRegex(r).test(t)) || joinedInto(t, flat));
  if (inSpec.length === target.significant.length && target.significant.some(isModelToken) && inSpec.length >= 1) {
    return { relation: 'partial', score: 1000 + 10 * inSpec.length, matched: inSpec };
  }
  return { relation: 'none', score: 0, matched };
}

/** `et200sp` is the join of spec tokens `et` + `200sp`. */
function joinedInto(token: string, flat: string[]): boolean {
  for (let i = 0; i + 1 < flat.length; i++) if ((flat[i] as string) + (flat[i + 1] as string) === token) return true;
  return false;
}

/** Digit runs without leading zeros (`fx5u` → `5`, `et200sp` → `200`): index keys that survive joined or split spellings. */
export function digitRuns(token: string): string[] {
  return (token.match(/[0-9]+/g) ?? []).map((d) => d.replace(/^0+(?=\d)/, ''));
}

/**
 * Index key suffixes for an advisory's product name: `n:<digits>` for every digit run of its model
 * tokens, or `w:<word>` for every word when it has no model token. Empty when the name holds only
 * patterns (the caller then keys on the vendor alone).
 */
export function specNameKeys(spec: SpecName): string[] {
  const flat = spec.required.map((g) => g[0] as string);
  const models = flat.filter(isModelToken);
  const keys = new Set<string>();
  if (models.length > 0) {
    for (const t of models) for (const d of digitRuns(t.replace(/[?*].*$/, ''))) keys.add(`n:${d}`);
    if (keys.size > 0) return [...keys];
  }
  for (const t of flat) if (!isPattern(t)) keys.add(`w:${t}`);
  return [...keys];
}

/** Index key suffixes for a target's name: every digit run and every meaningful word. */
export function targetNameKeys(target: TargetName): string[] {
  const keys = new Set<string>();
  for (const t of target.tokens) for (const d of digitRuns(t)) keys.add(`n:${d}`);
  for (const t of target.significant) keys.add(`w:${t}`);
  return [...keys];
}
