/**
 * The CVE JSON 5 version-status algorithm as a pure function: the first `versions[]` entry that
 * matches wins (exact entry: equal version; range entry: version ≤ v < lessThan or ≤ lessThanOrEqual,
 * then the last `changes[]` entry, sorted by `at`, with at ≤ v); no match → `defaultStatus`.
 * Comparison is delegated so the matcher can plug in a per-`versionType` comparator.
 */
import type { Cve5AffectedSpec, Cve5Status, Cve5VersionEntry } from '../../model/intel.js';

/** Negative / zero / positive like `Array.sort`, or `undefined` when the two versions cannot be compared. */
export type VersionComparator = (a: string, b: string, versionType: string | undefined) => number | undefined;

export interface Cve5StatusResult {
  status: Cve5Status;
  /** Index in `versions[]` of the entry that decided, absent when `defaultStatus` applied. */
  entryIndex?: number;
  /** True when some entry could not be compared, so an earlier-listed entry might have applied. */
  uncertain: boolean;
}

function segments(version: string): string[] {
  return version.toLowerCase().match(/\d+|[a-z]+/g) ?? [];
}

/**
 * Default comparator: splits into numeric and alphabetic segments, compares numbers numerically and
 * words lexically, a shorter prefix sorts first (`2.4` < `2.4.0.1`). Returns `undefined` when a
 * numeric segment meets an alphabetic one (`V2.9 SP1` vs `2.10`) rather than guessing.
 */
export const defaultVersionComparator: VersionComparator = (a, b) => {
  if (a === b) return 0;
  const left = segments(a.replace(/^v(?=\d)/i, ''));
  const right = segments(b.replace(/^v(?=\d)/i, ''));
  if (left.length === 0 || right.length === 0) return undefined;
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const x = left[i] as string;
    const y = right[i] as string;
    const xNumeric = /^\d/.test(x);
    const yNumeric = /^\d/.test(y);
    if (xNumeric !== yNumeric) return undefined;
    if (xNumeric) {
      const difference = Number(x) - Number(y);
      if (difference !== 0) return Math.sign(difference);
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return Math.sign(left.length - right.length);
};

function isRange(entry: Cve5VersionEntry): boolean {
  return entry.lessThan !== undefined || entry.lessThanOrEqual !== undefined;
}

/** Evaluates the status of one version against one CVE 5 product entry. */
export function evaluateCve5Status(
  spec: Pick<Cve5AffectedSpec, 'versions' | 'defaultStatus'>,
  version: string,
  compare: VersionComparator = defaultVersionComparator,
): Cve5StatusResult {
  let uncertain = false;
  for (const [entryIndex, entry] of spec.versions.entries()) {
    if (!isRange(entry)) {
      if (entry.version === version || compare(entry.version, version, entry.versionType) === 0) {
        return { status: entry.status, entryIndex, uncertain };
      }
      continue;
    }
    // `version: "0"` (and "*") is the conventional lower bound meaning "from the beginning".
    const lower = entry.version === '0' || entry.version === '*' ? -1 : compare(entry.version, version, entry.versionType);
    const upperBound = entry.lessThan ?? entry.lessThanOrEqual ?? '*';
    const upper = upperBound === '*' ? 1 : compare(upperBound, version, entry.versionType);
    if (lower === undefined || upper === undefined) {
      uncertain = true;
      continue;
    }
    const insideUpper = entry.lessThan !== undefined ? upper > 0 : upper >= 0;
    if (lower > 0 || !insideUpper) continue;
    let status = entry.status;
    const changes = [...(entry.changes ?? [])].sort((x, y) => compare(x.at, y.at, entry.versionType) ?? 0);
    for (const change of changes) {
      const relation = compare(change.at, version, entry.versionType);
      if (relation === undefined) uncertain = true;
      else if (relation <= 0) status = change.status;
    }
    return { status, entryIndex, uncertain };
  }
  return { status: spec.defaultStatus, uncertain };
}
