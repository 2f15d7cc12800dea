import { describe, expect, it } from 'vitest';
import { goScheme, parseGoPseudoVersion } from './golang.js';
import { npmScheme, semverScheme } from './semver.js';
import { expectAscending, expectCannotCompare, expectEqual } from '../../../../test/support/version-expectations.js';

describe('semver', () => {
  it('orders the semver.org precedence example', () => {
    expectAscending(semverScheme, [
      '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0',
      '1.0.1', '1.1.0', '1.10.0', '2.0.0', '10.0.0',
    ]);
  });
  it('puts 1.0.0-rc.1 before 1.0.0 and ignores build metadata', () => {
    expect(semverScheme.compare('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expectEqual(semverScheme, '1.0.0+build.1', '1.0.0+build.2');
    expectEqual(semverScheme, '1.0.0+20130313144700', '1.0.0');
  });
  it('refuses what is not strict semver', () => {
    for (const bad of ['1.2', 'v1.2.3', '01.2.3', '1.2.3.4', '1.2.3-', 'latest', '', ' 1.2.3', '1.2.3 ']) {
      expectCannotCompare(semverScheme.compare(bad, '1.0.0'), /semver/);
    }
  });
});

describe('npm', () => {
  it('tolerates a v or = prefix and blanks', () => {
    expectEqual(npmScheme, 'v1.2.3', '1.2.3');
    expectEqual(npmScheme, '=1.2.3', ' 1.2.3 ');
    expectEqual(npmScheme, 'V2.0.0', '2.0.0');
    expectAscending(npmScheme, ['v1.0.0-rc.1', '1.0.0', 'v1.0.1']);
  });
  it('still refuses ranges and shorthand', () => {
    expectCannotCompare(npmScheme.compare('^1.2.3', '1.2.3'));
    expectCannotCompare(npmScheme.compare('1.x', '1.2.3'));
  });
});

describe('golang', () => {
  it('accepts the v prefix, its absence (OSV) and shorthand', () => {
    expectEqual(goScheme, 'v1.2.3', '1.2.3');
    expectEqual(goScheme, 'v1', 'v1.0.0');
    expectEqual(goScheme, 'v1.2', 'v1.2.0');
    expectEqual(goScheme, '0', 'v0.0.0');
  });
  it('orders pseudo-versions by their base and timestamp', () => {
    expectAscending(goScheme, [
      'v0.0.0-20191109021931-daa7c04131f5',
      'v0.0.0-20200101000000-aaaaaaaaaaaa',
      'v0.1.0',
      'v1.2.3-pre',
      'v1.2.3-pre.0.20200101000000-abcdefabcdef',
      'v1.2.3',
      'v1.2.4-0.20191109021931-daa7c04131f5',
      'v1.2.4',
    ]);
  });
  it('ignores +incompatible but refuses other build metadata', () => {
    expectEqual(goScheme, 'v2.0.0+incompatible', 'v2.0.0');
    expect(goScheme.compare('v2.1.0+incompatible', 'v2.0.0')).toBe(1);
    expectCannotCompare(goScheme.compare('v1.0.0+meta', 'v1.0.0'), /incompatible/);
  });
  it('decomposes pseudo-versions', () => {
    expect(parseGoPseudoVersion('v0.0.0-20191109021931-daa7c04131f5')).toEqual({ base: 'v0.0.0', timestamp: '20191109021931', revision: 'daa7c04131f5' });
    expect(parseGoPseudoVersion('v1.2.4-0.20191109021931-daa7c04131f5')).toEqual({ base: 'v1.2.4', timestamp: '20191109021931', revision: 'daa7c04131f5' });
    expect(parseGoPseudoVersion('v1.2.3-pre.0.20191109021931-daa7c04131f5+incompatible')?.base).toBe('v1.2.3-pre');
    expect(parseGoPseudoVersion('v1.2.3')).toBeUndefined();
    expect(parseGoPseudoVersion('v1.2.3-' + '1'.repeat(10_000))).toBeUndefined();
  });
  it('refuses non-versions', () => {
    expectCannotCompare(goScheme.compare('master', 'v1.0.0'));
    expectCannotCompare(goScheme.compare('v1.2.3.4', 'v1.0.0'));
  });
});
