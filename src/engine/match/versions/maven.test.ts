import { describe, expect, it } from 'vitest';
import { mavenCanonical, mavenScheme, parseMavenVersion } from './maven.js';
import { expectAscending, expectCannotCompare, expectEqual } from '../../../../test/support/version-expectations.js';

describe('maven ComparableVersion', () => {
  it('orders qualifiers alpha < beta < milestone < rc < snapshot < release < sp', () => {
    expectAscending(mavenScheme, ['1.0-alpha1', '1.0-beta1', '1.0-milestone1', '1.0-rc1', '1.0-SNAPSHOT', '1.0', '1.0-sp1']);
    expect(mavenScheme.compare('1.0-alpha', '1.0')).toBe(-1);
  });
  it('passes the standards reference vectors', () => {
    expectAscending(mavenScheme, ['1.0-alpha-1', '1.0-SNAPSHOT', '1.0', '1.0-1']);
    expectAscending(mavenScheme, ['2.0.1', '2.0.1-xyz', '2.0.1-123']);
  });
  // From Maven's ComparableVersionTest.VERSIONS_QUALIFIER and VERSIONS_NUMBER.
  it('orders Maven’s own qualifier test list', () => {
    expectAscending(mavenScheme, [
      '1-alpha2snapshot', '1-alpha2', '1-alpha-123', '1-beta-2', '1-beta123', '1-m2', '1-m11', '1-rc', '1-cr2', '1-rc123',
      '1-SNAPSHOT', '1', '1-sp', '1-sp2', '1-sp123', '1-abc', '1-def', '1-pom-1', '1-1-snapshot', '1-1', '1-2', '1-123',
    ]);
  });
  it('orders Maven’s own number test list', () => {
    expectAscending(mavenScheme, [
      '2.0', '2.0.a', '2-1', '2.0.2', '2.0.123', '2.1.0', '2.1-a', '2.1b', '2.1-c', '2.1-1', '2.1.0.1', '2.2', '2.123',
      '11.a2', '11.a11', '11.b2', '11.b11', '11.m2', '11.m11', '11', '11.a', '11b', '11c', '11m',
    ]);
  });
  it('treats equivalent spellings as equal', () => {
    for (const [a, b] of [
      ['1', '1.0.0'], ['1.0', '1-0'], ['1ga', '1'], ['1release', '1'], ['1final', '1'], ['1-ga', '1.0'], ['1cr', '1rc'],
      ['1a1', '1-alpha-1'], ['1b2', '1-beta-2'], ['1m3', '1-milestone-3'], ['1X', '1x'], ['1A', '1a'],
    ] as const) {
      expectEqual(mavenScheme, a, b);
    }
  });
  it('prints the canonical form', () => {
    expect(mavenCanonical(parseMavenVersion('1.0-SNAPSHOT'))).toBe('1-snapshot');
    expect(mavenCanonical(parseMavenVersion('1.0.0.Final'))).toBe('1');
    expect(mavenCanonical(parseMavenVersion('2.14.1'))).toBe('2.14.1');
  });
  it('compares large numbers without overflow', () => {
    expect(mavenScheme.compare('1.92233720368547758079', '1.92233720368547758080')).toBe(-1);
  });
  it('refuses empty, control-character and over-long input', () => {
    expectCannotCompare(mavenScheme.compare('', '1'), /empty/);
    expectCannotCompare(mavenScheme.compare('1.\u0000', '1'), /control/);
    expectCannotCompare(mavenScheme.compare('1.'.repeat(5000), '1'), /longer/);
  });
});

describe('maven prototype-named qualifiers', () => {
  it('treats them as unknown qualifiers after the release', () => {
    expect(mavenScheme.compare('1-constructor', '1')).toBe(1);
    expect(mavenScheme.compare('1-__proto__', '1-sp')).toBe(1);
  });
});

describe('maven refusals', () => {
  it('refuses meta-versions, ranges and blanks', () => {
    expectCannotCompare(mavenScheme.compare('LATEST', '1.0'), /no digit/);
    expectCannotCompare(mavenScheme.compare('[1.0,2.0)', '1.0'), /range/);
    expectCannotCompare(mavenScheme.compare('1.0 beta', '1.0'), /blank/);
  });
});
