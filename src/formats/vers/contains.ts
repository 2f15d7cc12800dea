import { toComparator, type ComparatorLike } from './order.js';
import type { VersRange } from './vers.js';

export type Containment = true | false | 'unknown';

export interface ContainmentResult {
  result: Containment;
  /** Why the answer is unknown: the first comparison that could not be made. */
  reason?: string;
}

/**
 * Is `version` in `range`? The vers-spec algorithm: `*` contains everything (`vers:none/*`
 * nothing); a version equal to an `=`, `<=` or `>=` constraint is in, equal to a `!=` one is out;
 * then, over the `<`/`<=`/`>`/`>=` constraints in order, below a leading upper bound, above a
 * trailing lower bound or strictly inside a `>`…`<` pair is in. A range made only of `!=`
 * constraints contains every other version. Any comparison the scheme cannot make gives `unknown`.
 * The range is assumed canonical (see normalizeVers).
 */
export function containsVersion(range: VersRange, version: string, comparator: ComparatorLike): ContainmentResult {
  if (range.star) return { result: range.scheme !== 'none' };
  const compare = toComparator(comparator);
  let unknown: string | undefined;
  const cmp = (a: string, b: string): number | undefined => {
    const r = compare(a, b);
    if (typeof r === 'number') return r;
    unknown ??= r.reason;
    return undefined;
  };
  // An exclusion we could not check makes any later "in" uncertain.
  let uncertainExclusion = false;
  for (const c of range.constraints) {
    const order = cmp(version, c.version);
    if (order === undefined && c.comparator === '!=') uncertainExclusion = true;
    if (order !== 0) continue;
    if (c.comparator === '!=') return { result: false };
    if (c.comparator === '=' || c.comparator === '<=' || c.comparator === '>=') return { result: true };
  }
  const ranged = range.constraints.filter((c) => c.comparator !== '=' && c.comparator !== '!=');
  if (ranged.length === 0) {
    const onlyUnequal = range.constraints.every((c) => c.comparator === '!=');
    if (unknown !== undefined) return { result: 'unknown', reason: unknown };
    return { result: onlyUnequal };
  }
  const inRange = (): ContainmentResult => (uncertainExclusion ? { result: 'unknown', reason: unknown } : { result: true });
  const first = ranged[0]!;
  if (first.comparator === '<' || first.comparator === '<=') {
    const order = cmp(version, first.version);
    if (order !== undefined && order < 0) return inRange();
  }
  const last = ranged[ranged.length - 1]!;
  if (last.comparator === '>' || last.comparator === '>=') {
    const order = cmp(version, last.version);
    if (order !== undefined && order > 0) return inRange();
  }
  for (let i = 0; i + 1 < ranged.length; i++) {
    const low = ranged[i]!;
    const high = ranged[i + 1]!;
    if ((low.comparator === '>' || low.comparator === '>=') && (high.comparator === '<' || high.comparator === '<=')) {
      const above = cmp(version, low.version);
      const below = cmp(version, high.version);
      if (above !== undefined && below !== undefined && above > 0 && below < 0) return inRange();
    }
  }
  return unknown === undefined ? { result: false } : { result: 'unknown', reason: unknown };
}

/** {@link containsVersion} without the reason: `true`, `false` or `'unknown'`. */
export function contains(range: VersRange, version: string, comparator: ComparatorLike): Containment {
  return containsVersion(range, version, comparator).result;
}
