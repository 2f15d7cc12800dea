import { versError, type VersComparator, type VersConstraint, type VersRange } from './vers.js';

/**
 * Orders two versions. Structurally the `compare` of a VersionScheme from
 * engine/match/versions: a number (<0, 0, >0) or an explicit "cannot compare".
 */
export type VersionComparator = (a: string, b: string) => number | { readonly cannotCompare: true; readonly reason: string };

export type ComparatorLike = VersionComparator | { compare: VersionComparator };

export function toComparator(c: ComparatorLike): VersionComparator {
  return typeof c === 'function' ? c : (a, b) => c.compare(a, b);
}

const LESSER = new Set<VersComparator>(['<', '<=']);
const GREATER = new Set<VersComparator>(['>', '>=']);

/** Compares or throws InputError: ordering is required to validate or normalise a range. */
function orderOf(compare: VersionComparator, a: string, b: string, input: string): number {
  const r = compare(a, b);
  if (typeof r !== 'number') throw versError(`cannot order ${JSON.stringify(a)} and ${JSON.stringify(b)}: ${r.reason}`, undefined, input);
  return r;
}

/**
 * Checks the canonical-form rules of vers: versions sorted ascending and unique, and, ignoring
 * `!=`, `=` followed only by `=`/`>`/`>=`, and `<`-type and `>`-type constraints alternating.
 * Throws InputError naming the offending constraint.
 */
export function validateVers(range: VersRange, comparator: ComparatorLike, input = ''): void {
  const compare = toComparator(comparator);
  const cs = range.constraints;
  for (let i = 1; i < cs.length; i++) {
    const order = orderOf(compare, cs[i - 1]!.version, cs[i]!.version, input);
    if (order === 0) throw versError(`version ${JSON.stringify(cs[i]!.version)} appears more than once`, undefined, input);
    if (order > 0) throw versError(`versions are not sorted: ${JSON.stringify(cs[i - 1]!.version)} comes before ${JSON.stringify(cs[i]!.version)}`, undefined, input);
  }
  const effective = cs.filter((c) => c.comparator !== '!=');
  for (let i = 0; i + 1 < effective.length; i++) {
    const current = effective[i]!.comparator;
    const next = effective[i + 1]!.comparator;
    if (current === '=' && LESSER.has(next)) throw versError(`"=" cannot be followed by "${next}"`, undefined, input);
  }
  const ranged = effective.filter((c) => c.comparator !== '=');
  for (let i = 0; i + 1 < ranged.length; i++) {
    const current = ranged[i]!.comparator;
    const next = ranged[i + 1]!.comparator;
    if (LESSER.has(current) === LESSER.has(next)) {
      throw versError(`"${current}${ranged[i]!.version}" and "${next}${ranged[i + 1]!.version}" do not alternate between lower and upper bounds`, undefined, input);
    }
  }
}

// Which side of a version a comparator covers: below, at, above.
const COVER: Record<Exclude<VersComparator, '!='>, readonly [boolean, boolean, boolean]> = {
  '<': [true, false, false],
  '<=': [true, true, false],
  '=': [false, true, false],
  '>=': [false, true, true],
  '>': [false, false, true],
};

function fromCover(cover: readonly [boolean, boolean, boolean]): VersComparator | undefined {
  return (Object.keys(COVER) as Array<keyof typeof COVER>).find((k) => COVER[k].every((v, i) => v === cover[i]));
}

/**
 * Normalises a range: sorts by version, merges constraints on the same version, then drops the
 * constraints made redundant by their neighbours (vers-spec "simplification"), and validates.
 * The result is a union of intervals that contains exactly the same versions.
 */
export function normalizeVers(range: VersRange, comparator: ComparatorLike, input = ''): VersRange {
  if (range.star) return range;
  const compare = toComparator(comparator);
  const sorted = [...range.constraints].sort((a, b) => orderOf(compare, a.version, b.version, input));
  const merged: VersConstraint[] = [];
  for (const c of sorted) {
    const last = merged[merged.length - 1];
    if (!last || orderOf(compare, last.version, c.version, input) !== 0) {
      merged.push(c);
      continue;
    }
    if (last.comparator === c.comparator) continue;
    if (last.comparator === '!=' || c.comparator === '!=') {
      throw versError(`conflicting constraints "${last.comparator}" and "${c.comparator}" on ${JSON.stringify(c.version)}`, undefined, input);
    }
    const a = COVER[last.comparator];
    const b = COVER[c.comparator];
    const union = [a[0] || b[0], a[1] || b[1], a[2] || b[2]] as const;
    const combined = fromCover(union);
    if (!combined) {
      if (union.every(Boolean)) return { scheme: range.scheme, star: true, constraints: [] };
      throw versError(`constraints "${last.comparator}" and "${c.comparator}" on ${JSON.stringify(c.version)} cannot be merged`, undefined, input);
    }
    merged[merged.length - 1] = { comparator: combined, version: c.version };
  }
  const unequal = merged.filter((c) => c.comparator === '!=');
  const filtered: VersConstraint[] = [];
  for (const c of merged.filter((c) => c.comparator !== '!=')) {
    filtered.push(c);
    simplifyTail(filtered);
  }
  const result = [...filtered, ...unequal].sort((a, b) => orderOf(compare, a.version, b.version, input));
  const normalized: VersRange = { scheme: range.scheme, star: false, constraints: result };
  validateVers(normalized, compare, input);
  return normalized;
}

// A lower bound swallows the constraints above it up to the next upper bound, and an upper bound
// swallows the ones below it back to the previous lower bound.
function simplifyTail(list: VersConstraint[]): void {
  for (;;) {
    const n = list.length;
    if (n < 2) return;
    const previous = list[n - 2]!.comparator;
    const current = list[n - 1]!.comparator;
    if (GREATER.has(previous) && (current === '=' || GREATER.has(current))) list.pop();
    else if ((previous === '=' || LESSER.has(previous)) && LESSER.has(current)) list.splice(n - 2, 1);
    else return;
  }
}
