import { isOrdering, type Comparison, type VersionScheme } from './scheme.js';

/**
 * Checks a scheme against versions known to be in ascending order (or equal), returning every
 * violation as a readable line. Used by the tests, and handy when adding a vendor convention:
 * paste the vendor's release list and look at what comes back.
 */
export function orderingViolations(scheme: VersionScheme, ascending: readonly string[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < ascending.length; i++) {
    for (let j = i + 1; j < ascending.length; j++) {
      const a = ascending[i]!;
      const b = ascending[j]!;
      const forward = scheme.compare(a, b);
      const backward = scheme.compare(b, a);
      if (forward !== -1) problems.push(`${a} < ${b} expected, got ${show(forward)}`);
      if (backward !== 1) problems.push(`${b} > ${a} expected, got ${show(backward)}`);
    }
  }
  return problems;
}

/** Violations of `a` = `b` in both directions. */
export function equalityViolations(scheme: VersionScheme, a: string, b: string): string[] {
  const problems: string[] = [];
  const forward = scheme.compare(a, b);
  const backward = scheme.compare(b, a);
  if (forward !== 0) problems.push(`${a} = ${b} expected, got ${show(forward)}`);
  if (backward !== 0) problems.push(`${b} = ${a} expected, got ${show(backward)}`);
  return problems;
}

function show(c: Comparison): string {
  return isOrdering(c) ? String(c) : `cannot compare (${c.reason})`;
}
