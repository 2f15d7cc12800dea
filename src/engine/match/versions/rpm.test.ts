import { describe, expect, it } from 'vitest';
import { rpmScheme, rpmvercmp } from './rpm.js';
import { expectAscending, expectCannotCompare, expectEqual } from '../../../../test/support/version-expectations.js';

describe('rpm', () => {
  // Vectors from rpm's own test suite (tests/rpmvercmp.at).
  it.each([
    ['1.0', '1.0', 0], ['1.0', '2.0', -1], ['2.0.1', '2.0.1', 0], ['2.0', '2.0.1', -1], ['2.0.1a', '2.0.1a', 0],
    ['2.0.1a', '2.0.1', 1], ['5.5p1', '5.5p1', 0], ['5.5p1', '5.5p2', -1], ['5.5p10', '5.5p10', 0], ['5.5p1', '5.5p10', -1],
    ['10xyz', '10.1xyz', -1], ['xyz10', 'xyz10', 0], ['xyz10', 'xyz10.1', -1], ['xyz.4', 'xyz.4', 0], ['xyz.4', '8', -1],
    ['8', 'xyz.4', 1], ['xyz.4', '2', -1], ['5.5p2', '5.6p1', -1], ['5.6p1', '6.5p1', -1], ['6.0.rc1', '6.0', 1],
    ['10b2', '10a1', 1], ['10a2', '10b2', -1], ['1.0aa', '1.0aa', 0], ['1.0a', '1.0aa', -1], ['10.0001', '10.0001', 0],
    ['10.0001', '10.1', 0], ['10.0001', '10.0039', -1], ['4.999.9', '5.0', -1], ['20101121', '20101121', 0],
    ['20101121', '20101122', -1], ['2_0', '2_0', 0], ['2.0', '2_0', 0], ['a', 'a', 0], ['a+', 'a+', 0], ['a+', 'a_', 0],
    ['+a', '+a', 0], ['+a', '_a', 0], ['+_', '_+', 0], ['+', '_', 0], ['1.0~rc1', '1.0~rc1', 0], ['1.0~rc1', '1.0', -1],
    ['1.0~rc1', '1.0~rc2', -1], ['1.0~rc1~git123', '1.0~rc1~git123', 0], ['1.0~rc1~git123', '1.0~rc1', -1],
    ['1.0^', '1.0^', 0], ['1.0^', '1.0', 1], ['1.0', '1.0^', -1], ['1.0^git1', '1.0^git1', 0], ['1.0^git1', '1.0', 1],
    ['1.0^git1', '1.01', -1], ['1.0^20160101', '1.0.1', -1], ['1.0^20160101^git1', '1.0^20160101', 1],
    ['1.0~rc1^git1', '1.0~rc1', 1], ['1.0^git1~pre', '1.0^git1', -1],
  ] as const)('rpmvercmp(%s, %s) = %i', (a, b, expected) => {
    expect(rpmvercmp(a, b)).toBe(expected);
  });

  it('compares epoch, version and release', () => {
    expectAscending(rpmScheme, ['7.50.3-1.fc25', '7.50.3-2.fc25', '7.61.1-1.el8', '1:7.0-1']);
    expectEqual(rpmScheme, '0:1.2-3', '1.2-3');
    expect(rpmScheme.compare('1.0^git1', '1.0')).toBe(1);
    expect(rpmScheme.compare('1.0~rc1-1', '1.0-1')).toBe(-1);
  });
  it('ignores the release when one side has none', () => {
    expectEqual(rpmScheme, '1.2.3', '1.2.3-4.el9');
  });
  it('refuses malformed EVRs', () => {
    expectCannotCompare(rpmScheme.compare('a:1.0', '1.0'), /epoch/);
    expectCannotCompare(rpmScheme.compare('1.0-', '1.0'), /release/);
    expectCannotCompare(rpmScheme.compare(':1.0', '1.0'), /epoch/);
  });
});

describe('rpm refusals', () => {
  it('refuses characters rpm does not allow', () => {
    expectCannotCompare(rpmScheme.compare('1.0 beta', '1.0'), /invalid character/);
    expectCannotCompare(rpmScheme.compare('1.0-1 2', '1.0'), /invalid character in release/);
    expectCannotCompare(rpmScheme.compare('~~', '1.0'), /no letter or digit/);
  });
});
