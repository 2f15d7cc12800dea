import { MAX_CPE_LENGTH, WFN_ATTRIBUTES, hasWildcards, splitWildcards, type Wfn, type WfnAttribute, type WfnValue } from './wfn.js';

/**
 * CPE name matching, NISTIR 7696. The source is the criterion (e.g. an NVD `criteria` CPE), the
 * target is the thing tested (an asset's CPE). Case is ignored.
 */

export type AttributeRelation = 'SUPERSET' | 'SUBSET' | 'EQUAL' | 'DISJOINT' | 'UNDEFINED';

/** Name-level relation. `UNDEFINED` also covers a mix of SUBSET and SUPERSET attributes. */
export type NameRelation = AttributeRelation;

/** The relation of one source attribute value to one target value (NISTIR 7696 Table 6-2). */
export function compareAttribute(source: WfnValue, target: WfnValue): AttributeRelation {
  if (typeof target === 'string' && hasWildcards(target)) return 'UNDEFINED';
  if (typeof source !== 'string' || typeof target !== 'string') {
    if (typeof source !== 'string' && typeof target !== 'string' && source.logical === target.logical) return 'EQUAL';
    if (typeof source !== 'string' && source.logical === 'ANY') return 'SUPERSET';
    if (typeof target !== 'string' && target.logical === 'ANY') return 'SUBSET';
    return 'DISJOINT';
  }
  const s = source.toLowerCase();
  const t = target.toLowerCase();
  if (s === t) return 'EQUAL';
  if (!hasWildcards(s)) return 'DISJOINT';
  return wildcardMatches(s, t) ? 'SUPERSET' : 'DISJOINT';
}

/** Unquoted characters of a WFN value body, one entry per logical character. */
function logicalChars(quoted: string): string[] {
  const chars: string[] = [];
  for (let i = 0; i < quoted.length; i++) {
    if (quoted[i] === '\\' && i + 1 < quoted.length) {
      chars.push(quoted[i + 1]!);
      i++;
    } else chars.push(quoted[i]!);
  }
  return chars;
}

/**
 * Does the wildcard value `source` match the literal `target`? `*` matches any run of characters,
 * each `?` exactly one (NISTIR 7695 §5.3.2). Linear scan of candidate positions, so no backtracking.
 */
function wildcardMatches(source: string, target: string): boolean {
  if (source.length > MAX_CPE_LENGTH || target.length > MAX_CPE_LENGTH) return false;
  let parts;
  try {
    parts = splitWildcards(source);
  } catch {
    return false;
  }
  const body = logicalChars(parts.body);
  const text = logicalChars(target);
  const slack = text.length - body.length;
  if (slack < 0) return false;
  const fits = (leadingCount: number): boolean => {
    const trailingCount = slack - leadingCount;
    const leadOk = parts.leading === '*' || parts.leading.length === leadingCount;
    const trailOk = parts.trailing === '*' || parts.trailing.length === trailingCount;
    return leadOk && trailOk && body.every((c, k) => text[leadingCount + k] === c);
  };
  if (parts.leading !== '*') return fits(parts.leading.length);
  if (parts.trailing !== '*') return fits(slack - parts.trailing.length);
  for (let p = 0; p <= slack; p++) if (fits(p)) return true;
  return false;
}

/** Per-attribute relations of two names (NISTIR 7696 compare_wfns). */
export function compareWfns(source: Wfn, target: Wfn): Record<WfnAttribute, AttributeRelation> {
  const result = {} as Record<WfnAttribute, AttributeRelation>;
  for (const attribute of WFN_ATTRIBUTES) result[attribute] = compareAttribute(source[attribute], target[attribute]);
  return result;
}

/**
 * The name-level relation: any DISJOINT → DISJOINT; all EQUAL → EQUAL; all SUBSET/EQUAL → SUBSET;
 * all SUPERSET/EQUAL → SUPERSET; otherwise UNDEFINED (a wildcard in the target, or mixed directions).
 */
export function nameRelation(source: Wfn, target: Wfn): NameRelation {
  const relations = Object.values(compareWfns(source, target));
  if (relations.includes('DISJOINT')) return 'DISJOINT';
  if (relations.every((r) => r === 'EQUAL')) return 'EQUAL';
  if (relations.every((r) => r === 'SUBSET' || r === 'EQUAL')) return 'SUBSET';
  if (relations.every((r) => r === 'SUPERSET' || r === 'EQUAL')) return 'SUPERSET';
  return 'UNDEFINED';
}

/** NISTIR 7696 CPE_DISJOINT / CPE_EQUAL / CPE_SUBSET / CPE_SUPERSET. */
export function isDisjoint(source: Wfn, target: Wfn): boolean {
  return Object.values(compareWfns(source, target)).includes('DISJOINT');
}
export function isEqual(source: Wfn, target: Wfn): boolean {
  return Object.values(compareWfns(source, target)).every((r) => r === 'EQUAL');
}
export function isSubset(source: Wfn, target: Wfn): boolean {
  return Object.values(compareWfns(source, target)).every((r) => r === 'SUBSET' || r === 'EQUAL');
}
export function isSuperset(source: Wfn, target: Wfn): boolean {
  return Object.values(compareWfns(source, target)).every((r) => r === 'SUPERSET' || r === 'EQUAL');
}

/** The source (criterion) matches the target when it is a SUPERSET of it or EQUAL to it. */
export function cpeMatches(source: Wfn, target: Wfn): boolean {
  return isSuperset(source, target);
}

/**
 * Match while ignoring some attributes (e.g. `version` when an NVD range decides it): those count
 * as EQUAL. Returns the relations too, so a finding can show why it matched.
 */
export function matchIgnoring(
  source: Wfn,
  target: Wfn,
  ignored: readonly WfnAttribute[],
): { matches: boolean; relations: Record<WfnAttribute, AttributeRelation> } {
  const relations = compareWfns(source, target);
  for (const attribute of ignored) relations[attribute] = 'EQUAL';
  return { matches: Object.values(relations).every((r) => r === 'SUPERSET' || r === 'EQUAL'), relations };
}
