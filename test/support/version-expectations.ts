/** Assertions shared by the version-scheme test suites. */
import { expect } from 'vitest';
import { equalityViolations, orderingViolations } from '../../src/engine/match/versions/conformance.js';
import { isOrdering, type Comparison, type VersionScheme } from '../../src/engine/match/versions/scheme.js';

export function expectAscending(scheme: VersionScheme, versions: readonly string[]): void {
  expect(orderingViolations(scheme, versions)).toEqual([]);
}

export function expectEqual(scheme: VersionScheme, a: string, b: string): void {
  expect(equalityViolations(scheme, a, b)).toEqual([]);
}

export function expectCannotCompare(result: Comparison, reasonPart?: RegExp): void {
  expect(isOrdering(result), `expected cannot-compare, got ${JSON.stringify(result)}`).toBe(false);
  if (!isOrdering(result) && reasonPart) expect(result.reason).toMatch(reasonPart);
}
