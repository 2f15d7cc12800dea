import { genericScheme } from './generic.js';
import { isOrdering, type VersionScheme } from './scheme.js';

/** The four optional bounds of an NVD `cpeMatch` entry. Absent = unbounded. */
export interface NvdVersionBounds {
  versionStartIncluding?: string | undefined;
  versionStartExcluding?: string | undefined;
  versionEndIncluding?: string | undefined;
  versionEndExcluding?: string | undefined;
}

export type RangeVerdict = true | false | 'unknown';

export interface RangeEvaluation {
  result: RangeVerdict;
  /** Why the result is false or unknown: the first bound that failed or could not be compared. */
  reason?: string;
}

/**
 * Tests `version` against every present NVD bound. `false` as soon as one bound is definitely
 * violated; `unknown` when no bound is violated but one could not be compared; else `true`.
 * NVD defines no ordering, so the default scheme is the heuristic `generic` one.
 */
export function evaluateNvdRange(version: string, bounds: NvdVersionBounds, scheme: VersionScheme = genericScheme): RangeEvaluation {
  const checks: Array<[string | undefined, string, (c: number) => boolean]> = [
    [bounds.versionStartIncluding, 'versionStartIncluding', (c) => c >= 0],
    [bounds.versionStartExcluding, 'versionStartExcluding', (c) => c > 0],
    [bounds.versionEndIncluding, 'versionEndIncluding', (c) => c <= 0],
    [bounds.versionEndExcluding, 'versionEndExcluding', (c) => c < 0],
  ];
  let unknown: string | undefined;
  for (const [bound, name, holds] of checks) {
    if (bound === undefined || bound === '' || bound === '*') continue;
    const c = scheme.compare(version, bound);
    if (!isOrdering(c)) {
      unknown ??= `${name} ${bound}: ${c.reason}`;
      continue;
    }
    if (!holds(c)) return { result: false, reason: `${version} is outside ${name} ${bound}` };
  }
  return unknown === undefined ? { result: true } : { result: 'unknown', reason: unknown };
}

/** {@link evaluateNvdRange} without the reason. */
export function inNvdRange(version: string, bounds: NvdVersionBounds, scheme: VersionScheme = genericScheme): RangeVerdict {
  return evaluateNvdRange(version, bounds, scheme).result;
}
