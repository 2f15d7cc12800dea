import { describe, expect, it } from 'vitest';
import { schemeForVers } from '../../engine/match/versions/registry.js';
import { firmwareScheme } from '../../engine/match/versions/firmware.js';
import type { VersionScheme } from '../../engine/match/versions/scheme.js';
import { contains, containsVersion } from './contains.js';
import { normalizeVers, validateVers } from './order.js';
import { formatVers, parseVers, type VersRange } from './vers.js';
import { inputError } from '../../../test/support/errors.js';

function scheme(range: VersRange): VersionScheme {
  const s = schemeForVers(range.scheme);
  if (!s) throw new Error(`no scheme ${range.scheme}`);
  return s;
}

/** Parses, validates against the scheme's order, and tests containment. */
function inRange(vers: string, version: string) {
  const range = parseVers(vers);
  validateVers(range, scheme(range), vers);
  return contains(range, version, scheme(range));
}

describe('vers parsing and formatting', () => {
  it('parses comparators, the implicit = and percent-encoding', () => {
    expect(parseVers('vers:npm/1.2.3|>=2.0.0|<5.0.0')).toEqual({
      scheme: 'npm',
      star: false,
      constraints: [
        { comparator: '=', version: '1.2.3' },
        { comparator: '>=', version: '2.0.0' },
        { comparator: '<', version: '5.0.0' },
      ],
    });
    expect(parseVers('vers:deb/>=1%3A2.0|!=1%3A2.1').constraints).toEqual([
      { comparator: '>=', version: '1:2.0' },
      { comparator: '!=', version: '1:2.1' },
    ]);
    expect(parseVers('vers:generic/%3C%7C').constraints).toEqual([{ comparator: '=', version: '<|' }]);
    expect(parseVers('vers:pypi/=1.0').constraints).toEqual([{ comparator: '=', version: '1.0' }]);
  });
  it('parses the star ranges', () => {
    expect(parseVers('vers:npm/*')).toEqual({ scheme: 'npm', star: true, constraints: [] });
    expect(parseVers('vers:all/*').star).toBe(true);
    expect(parseVers('vers:none/*').star).toBe(true);
  });
  it('formats canonically and round-trips', () => {
    for (const v of ['vers:npm/1.2.3|>=2.0.0|<5.0.0', 'vers:deb/>=1:2.0|<1:3.0~rc1', 'vers:generic/%3C%7C', 'vers:all/*', 'vers:maven/>=1.0%20beta']) {
      expect(formatVers(parseVers(v))).toBe(v);
    }
    expect(formatVers({ scheme: 'generic', star: false, constraints: [{ comparator: '>=', version: 'a|b>=c*%' }] })).toBe('vers:generic/>=a%7Cb%3E%3Dc%2A%25');
  });
  it.each([
    ['vers:NPM/1.0', 5, /lower case/],
    ['VERS:npm/1.0', 0, /vers:/],
    ['npm/1.0', 0, /vers:/],
    ['vers:npm', 8, /"\/"/],
    ['vers:npm/', 9, /no constraints/],
    ['vers:npm/1.0||2.0', 13, /empty constraint/],
    ['vers:npm/*|1.0', 9, /only constraint/],
    ['vers:npm/>=', 9, /without a version/],
    ['vers:npm/>=1.0 ', 14, /blanks/],
    ['vers:npm/>=<1.0', 11, /percent-encoded/],
    ['vers:npm/1.0%zz', 9, /percent-encoding/],
    ['vers:all/<1.0', 9, /only "\*"/],
    ['vers:3npm/1.0', 5, /scheme/],
  ])('rejects %s at offset %i', (input, offset, message) => {
    const e = inputError(() => parseVers(input));
    expect(e.code).toBe('invalid-vers');
    expect(e.message).toMatch(message);
    expect(e.issues[0]?.offset).toBe(offset);
  });
  it('accepts CSAF-style non-canonical input in lenient mode', () => {
    expect(parseVers('vers:all/<V3.5.20', { lenient: true })).toEqual({ scheme: 'all', star: false, constraints: [{ comparator: '<', version: 'V3.5.20' }] });
    expect(parseVers('vers:NPM/ >= 1.0 | < 2.0', { lenient: true }).constraints).toHaveLength(2);
  });
  it('survives hostile input', () => {
    expect(inputError(() => parseVers('vers:npm/' + '1|'.repeat(5000))).message).toMatch(/longer/);
    expect(inputError(() => parseVers('vers:npm/1%00')).message).toMatch(/control/);
    expect(inputError(() => parseVers(undefined as unknown as string)).message).toMatch(/string/);
    expect(parseVers('vers:npm/' + '>'.repeat(1) + '1.0|<'.repeat(1) + '2.0').constraints).toHaveLength(2);
  });
});

describe('vers validation', () => {
  it('refuses unsorted, repeated and non-alternating constraints', () => {
    const npm = schemeForVers('npm')!;
    expect(inputError(() => validateVers(parseVers('vers:npm/>=2.0.0|<1.0.0'), npm)).message).toMatch(/not sorted/);
    expect(inputError(() => validateVers(parseVers('vers:npm/1.0.0|1.0.0'), npm)).message).toMatch(/more than once/);
    expect(inputError(() => validateVers(parseVers('vers:npm/>=1.0.0|>=2.0.0'), npm)).message).toMatch(/alternate/);
    expect(inputError(() => validateVers(parseVers('vers:npm/<1.0.0|<2.0.0'), npm)).message).toMatch(/alternate/);
    expect(inputError(() => validateVers(parseVers('vers:npm/1.0.0|<2.0.0'), npm)).message).toMatch(/"=" cannot be followed/);
    expect(() => validateVers(parseVers('vers:npm/<1.0.0|1.5.0|>=2.0.0|!=2.5.0|<3.0.0'), npm)).not.toThrow();
  });
  it('refuses versions the scheme cannot order', () => {
    expect(inputError(() => validateVers(parseVers('vers:npm/>=1.0|<2.0.0'), schemeForVers('npm')!)).message).toMatch(/cannot order/);
  });
});

describe('vers normalisation', () => {
  const npm = schemeForVers('npm')!;
  const norm = (v: string) => formatVers(normalizeVers(parseVers(v), npm));
  it('sorts and removes duplicates', () => {
    expect(norm('vers:npm/<5.0.0|>=2.0.0|1.2.3|1.2.3')).toBe('vers:npm/1.2.3|>=2.0.0|<5.0.0');
  });
  it('merges constraints on the same version', () => {
    expect(norm('vers:npm/<1.0.0|1.0.0')).toBe('vers:npm/<=1.0.0');
    expect(norm('vers:npm/>1.0.0|1.0.0|<2.0.0')).toBe('vers:npm/>=1.0.0|<2.0.0');
    expect(norm('vers:npm/<=1.0.0|>=1.0.0')).toBe('vers:npm/*');
    expect(inputError(() => norm('vers:npm/1.0.0|!=1.0.0')).message).toMatch(/conflicting/);
  });
  it('drops redundant bounds (vers-spec simplification)', () => {
    expect(norm('vers:npm/>=1.0.0|>=2.0.0')).toBe('vers:npm/>=1.0.0');
    expect(norm('vers:npm/<1.0.0|<2.0.0')).toBe('vers:npm/<2.0.0');
    expect(norm('vers:npm/>=1.0.0|1.5.0|<2.0.0')).toBe('vers:npm/>=1.0.0|<2.0.0');
    expect(norm('vers:npm/1.0.0|<2.0.0')).toBe('vers:npm/<2.0.0');
    expect(norm('vers:npm/>=1.0.0|<1.5.0|<2.0.0|>3.0.0')).toBe('vers:npm/>=1.0.0|<2.0.0|>3.0.0');
    expect(norm('vers:npm/>=1.0.0|!=1.2.0|<2.0.0')).toBe('vers:npm/>=1.0.0|!=1.2.0|<2.0.0');
  });
  it('keeps the set of contained versions', () => {
    const raw = parseVers('vers:npm/>=1.0.0|>=1.2.0|<1.5.0|<2.0.0|3.0.0');
    const simplified = normalizeVers(raw, npm);
    for (const v of ['0.9.0', '1.0.0', '1.4.0', '1.9.9', '2.0.0', '3.0.0', '3.0.1']) {
      expect(contains(simplified, v, npm), v).toBe(['1.0.0', '1.4.0', '1.9.9', '3.0.0'].includes(v));
    }
  });
});

describe('vers containment', () => {
  it('passes the standards reference vectors', () => {
    expect(inRange('vers:pypi/>=1.0.0|<=2.0.0', '1.5')).toBe(true);
    expect(inRange('vers:pypi/>=1.0.0|<=2.0.0', '2.0.3')).toBe(false);
    expect(inRange('vers:pypi/<=1.0.0|>=2.0.0', '1.5')).toBe(false);
    for (const v of ['1.2.3', '4.9.9']) expect(inRange('vers:npm/1.2.3|>=2.0.0|<5.0.0', v)).toBe(true);
    for (const v of ['1.2.4', '5.0.0']) expect(inRange('vers:npm/1.2.3|>=2.0.0|<5.0.0', v)).toBe(false);
  });
  it('handles bounds, equality and exclusions', () => {
    expect(inRange('vers:npm/<2.0.0', '1.9.9')).toBe(true);
    expect(inRange('vers:npm/<2.0.0', '2.0.0')).toBe(false);
    expect(inRange('vers:npm/<=2.0.0', '2.0.0')).toBe(true);
    expect(inRange('vers:npm/>2.0.0', '2.0.0')).toBe(false);
    expect(inRange('vers:npm/>2.0.0', '2.0.1')).toBe(true);
    expect(inRange('vers:npm/>=1.0.0|!=1.2.0|<2.0.0', '1.2.0')).toBe(false);
    expect(inRange('vers:npm/>=1.0.0|!=1.2.0|<2.0.0', '1.3.0')).toBe(true);
    expect(inRange('vers:npm/!=1.2.0', '1.3.0')).toBe(true);
    expect(inRange('vers:npm/!=1.2.0', '1.2.0')).toBe(false);
    expect(inRange('vers:npm/1.0.0|2.0.0', '1.5.0')).toBe(false);
  });
  it('uses each scheme’s ordering', () => {
    expect(inRange('vers:deb/>=1.0~rc1|<1.0', '1.0~rc2')).toBe(true);
    expect(inRange('vers:rpm/<1.0^git1', '1.0')).toBe(true);
    expect(inRange('vers:maven/>=1.0-alpha|<1.0', '1.0-SNAPSHOT')).toBe(true);
    expect(inRange('vers:pypi/<1.0', '1.0rc1')).toBe(true);
    expect(inRange('vers:golang/<v0.1.0', 'v0.0.0-20191109021931-daa7c04131f5')).toBe(true);
  });
  it('answers for the star ranges', () => {
    expect(contains(parseVers('vers:npm/*'), 'anything', schemeForVers('npm')!)).toBe(true);
    expect(contains(parseVers('vers:all/*'), '1', firmwareScheme)).toBe(true);
    expect(contains(parseVers('vers:none/*'), '1', firmwareScheme)).toBe(false);
  });
  it('says unknown, with a reason, when the scheme cannot compare', () => {
    const r = containsVersion(parseVers('vers:all/<V3.5.20', { lenient: true }), 'All versions', firmwareScheme);
    expect(r.result).toBe('unknown');
    expect(r.reason).toMatch(/cannot parse/);
    expect(contains(parseVers('vers:all/>=V11.5.1|<V11.6.2', { lenient: true }), 'V11.5 SP1', firmwareScheme)).toBe(false);
    expect(contains(parseVers('vers:all/>=V11.5.1|<V11.6.2', { lenient: true }), 'V11.6 SP1', firmwareScheme)).toBe(true);
    expect(contains(parseVers('vers:npm/>=1.0.0|!=banana|<2.0.0'), '1.5.0', schemeForVers('npm')!)).toBe('unknown');
  });
  it('accepts a bare comparator function', () => {
    const numeric = (a: string, b: string) => Number(a) - Number(b);
    expect(contains(parseVers('vers:intdot/>=2|<10'), '9', numeric)).toBe(true);
    expect(contains(parseVers('vers:intdot/>=2|<10'), '10', numeric)).toBe(false);
  });
});
