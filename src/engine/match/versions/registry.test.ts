import { describe, expect, it } from 'vitest';
import { evaluateNvdRange, inNvdRange } from './nvdRange.js';
import { schemeFor, schemeForCve5VersionType, schemeForOsvEcosystem, schemeForPurlType, schemeForVers, schemeNames } from './registry.js';
import { firmwareScheme } from './firmware.js';
import { equalityViolations, orderingViolations } from './conformance.js';
import { semverScheme } from './semver.js';

describe('scheme registry', () => {
  it('finds schemes by name, case-insensitively, and nothing for unknown names', () => {
    expect(schemeFor('deb')?.name).toBe('deb');
    expect(schemeFor('PyPI')?.name).toBe('pypi');
    expect(schemeFor('nvd')?.name).toBe('generic');
    expect(schemeFor('toString')).toBeUndefined();
    expect(schemeFor('nonsense')).toBeUndefined();
    expect(schemeNames()).toContain('firmware');
  });
  it('maps purl types', () => {
    expect(schemeForPurlType('npm')?.name).toBe('npm');
    expect(schemeForPurlType('deb')?.name).toBe('deb');
    expect(schemeForPurlType('golang')?.name).toBe('golang');
    expect(schemeForPurlType('generic')?.name).toBe('firmware');
    expect(schemeForPurlType('apk')).toBeUndefined();
  });
  it('maps OSV ecosystems, including release suffixes and SEMVER ranges', () => {
    expect(schemeForOsvEcosystem('Debian:11')?.name).toBe('deb');
    expect(schemeForOsvEcosystem('Ubuntu:22.04:LTS')?.name).toBe('deb');
    expect(schemeForOsvEcosystem('PyPI')?.name).toBe('pypi');
    expect(schemeForOsvEcosystem('Go')?.name).toBe('golang');
    expect(schemeForOsvEcosystem('Red Hat')?.name).toBe('rpm');
    expect(schemeForOsvEcosystem('crates.io')?.name).toBe('semver');
    expect(schemeForOsvEcosystem('OSS-Fuzz', 'SEMVER')?.name).toBe('semver');
    expect(schemeForOsvEcosystem('OSS-Fuzz', 'GIT')).toBeUndefined();
  });
  it('maps CVE 5 versionType and vers schemes', () => {
    expect(schemeForCve5VersionType('semver')?.name).toBe('semver');
    expect(schemeForCve5VersionType('custom')?.name).toBe('firmware');
    expect(schemeForCve5VersionType(undefined)?.name).toBe('firmware');
    expect(schemeForCve5VersionType('python')?.name).toBe('pypi');
    expect(schemeForCve5VersionType('git')).toBeUndefined();
    expect(schemeForVers('deb')?.name).toBe('deb');
    expect(schemeForVers('golang')?.name).toBe('golang');
    expect(schemeForVers('DEB')).toBeUndefined();
  });
});

describe('NVD range bounds', () => {
  const bounds = { versionStartIncluding: '2.0', versionEndExcluding: '2.4.1' };
  it('passes the standards reference vector', () => {
    expect(inNvdRange('2.4.0', bounds)).toBe(true);
    expect(inNvdRange('2.4.1', bounds)).toBe(false);
    expect(inNvdRange('1.9', bounds)).toBe(false);
    expect(inNvdRange('2.0', bounds)).toBe(true);
  });
  it('honours each bound kind', () => {
    expect(inNvdRange('2.0', { versionStartExcluding: '2.0' })).toBe(false);
    expect(inNvdRange('2.0.1', { versionStartExcluding: '2.0' })).toBe(true);
    expect(inNvdRange('3.1', { versionEndIncluding: '3.1' })).toBe(true);
    expect(inNvdRange('3.1.1', { versionEndIncluding: '3.1' })).toBe(false);
    expect(inNvdRange('anything', {})).toBe(true);
  });
  it('says unknown, with the reason, rather than guessing', () => {
    const r = evaluateNvdRange('V2.9 SP1', { versionEndExcluding: '2.10' });
    expect(r.result).toBe('unknown');
    expect(r.reason).toMatch(/versionEndExcluding 2\.10/);
  });
  it('prefers a definite false over unknown', () => {
    expect(inNvdRange('1.0', { versionStartIncluding: '2.0', versionEndExcluding: 'V9 SP1' })).toBe(false);
  });
  it('accepts another scheme', () => {
    expect(inNvdRange('V4.5 SP1 HF2', { versionEndExcluding: 'V4.5 SP2' }, firmwareScheme)).toBe(true);
    expect(inNvdRange('V4.5 SP2', { versionEndExcluding: 'V4.5 SP2' }, firmwareScheme)).toBe(false);
  });
});

describe('registry hardening', () => {
  it('finds nothing for prototype keys', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(schemeFor(key)).toBeUndefined();
      expect(schemeForPurlType(key)).toBeUndefined();
      expect(schemeForOsvEcosystem(key)).toBeUndefined();
      expect(schemeForCve5VersionType(key)).toBeUndefined();
      expect(schemeForVers(key)).toBeUndefined();
    }
  });
});

describe('every registered scheme on hostile input', () => {
  const hostile = [
    '1.'.repeat(5000),
    'a'.repeat(10_000),
    '1.0\u0000',
    '\u001b[31m1.0',
    '\\'.repeat(300),
    '(((((((((((((((((((((((((((((((',
    '1' + '.1'.repeat(120) + '!',
    '',
  ];
  it.each(schemeNames())('%s refuses with a reason and never throws', (name) => {
    const scheme = schemeFor(name)!;
    for (const input of hostile) {
      const result = scheme.compare(input, '1.0');
      if (typeof result === 'number') {
        // lexicographic orders anything; nothing else may accept these.
        expect(name).toBe('lexicographic');
      } else {
        expect(result.reason.length).toBeGreaterThan(0);
        expect(result.reason.length).toBeLessThan(300);
      }
    }
  });
});

describe('conformance helpers', () => {
  it('report misordered and unequal versions, with cannot-compare reasons', () => {
    expect(orderingViolations(semverScheme, ['1.0.0', '2.0.0'])).toEqual([]);
    expect(orderingViolations(semverScheme, ['2.0.0', '1.0.0'])).toEqual(['2.0.0 < 1.0.0 expected, got 1', '1.0.0 > 2.0.0 expected, got -1']);
    expect(equalityViolations(semverScheme, '1.0', '1.0.0')[0]).toMatch(/cannot compare \(semver: cannot parse "1.0"/);
  });
});
