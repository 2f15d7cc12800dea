import { describe, expect, it } from 'vitest';
import { debianScheme, parseDebianVersion } from './debian.js';
import { expectAscending, expectCannotCompare, expectEqual } from '../../../../test/support/version-expectations.js';

describe('debian', () => {
  it('sorts ~ before everything, even the end of the version', () => {
    expectAscending(debianScheme, ['1.0~~', '1.0~~a', '1.0~', '1.0~rc1', '1.0', '1.0a', '1.0+b1', '1.0.1']);
    expect(debianScheme.compare('1.0~rc1', '1.0')).toBe(-1);
  });
  it('compares epoch first, then upstream, then revision', () => {
    expectAscending(debianScheme, ['2.0-1', '2.0-2', '2.0-10', '2.1-1', '1:0.1-1', '2:0.0.1']);
    expectEqual(debianScheme, '0:1.2-3', '1.2-3');
    expect(debianScheme.compare('1:2.4.47-2+b1', '1:2.4.47-2')).toBe(1);
  });
  it('compares numbers numerically, letters before other symbols', () => {
    expectAscending(debianScheme, ['1.2', '1.10', '1.100']);
    expectEqual(debianScheme, '1.002', '1.2');
    expectAscending(debianScheme, ['1.0a', '1.0z', '1.0+', '1.0.']);
  });
  it('orders real Debian and Ubuntu package versions', () => {
    expectAscending(debianScheme, [
      '1.1.1n-0+deb11u3', '1.1.1n-0+deb11u4', '1.1.1w-0+deb11u1', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2', '3.0.11-1',
    ]);
    expectAscending(debianScheme, ['2.35-0ubuntu3', '2.35-0ubuntu3.1', '2.35-0ubuntu3.10']);
  });
  it('keeps hyphens inside the upstream version (last hyphen splits the revision)', () => {
    expect(parseDebianVersion('1:2.3-beta-4')).toEqual({ ok: true, value: { epoch: '1', upstream: '2.3-beta', revision: '4' } });
  });
  it('refuses malformed versions with a reason', () => {
    expectCannotCompare(debianScheme.compare('a1.0', '1.0'), /digit/);
    expectCannotCompare(debianScheme.compare('x:1.0', '1.0'), /epoch/);
    expectCannotCompare(debianScheme.compare('1.0-', '1.0'), /revision/);
    expectCannotCompare(debianScheme.compare('1.0 beta', '1.0'), /character/);
    expectCannotCompare(debianScheme.compare('1.0-1_2', '1.0'), /revision/);
  });
});
