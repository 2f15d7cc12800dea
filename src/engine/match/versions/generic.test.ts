import { describe, expect, it } from 'vitest';
import { genericScheme } from './generic.js';
import { intdotScheme, lexicographicScheme } from './simple.js';
import { expectAscending, expectCannotCompare, expectEqual } from '../../../../test/support/version-expectations.js';

describe('generic (NVD dotted, heuristic)', () => {
  it('is flagged as a heuristic', () => {
    expect(genericScheme.heuristic).toBe(true);
  });
  it('compares numeric segments numerically and pads with zeros', () => {
    expectAscending(genericScheme, ['1.9', '2.0', '2.4', '2.4.0.1', '2.4.1', '2.10', '10.0']);
    expectEqual(genericScheme, '2.4', '2.4.0');
    expectEqual(genericScheme, '2.04', '2.4');
    expectEqual(genericScheme, 'v2.9', '2.9');
  });
  it('puts pre-release words below and post-release words above the release', () => {
    expectAscending(genericScheme, ['1.0.dev1', '1.0alpha1', '1.0beta', '1.0beta2', '1.0rc1', '1.0', '1.0p1', '1.0.1']);
    expectAscending(genericScheme, ['7.4', '7.4p1', '7.4p2', '7.5']);
    expectEqual(genericScheme, '1.0-alpha1', '1.0a1');
  });
  it('treats a letter glued to a number as a post-release suffix (OpenSSL style)', () => {
    expectAscending(genericScheme, ['1.0.2', '1.0.2a', '1.0.2k', '1.0.2za', '1.0.3', '1.1.0']);
  });
  it('orders NVD-style vendor versions', () => {
    expectAscending(genericScheme, ['8.0.6001', '8.0.6001.18702', '9.8', '9.8p7', '9.9.1']);
    expectAscending(genericScheme, ['2021-01-05', '2021-02-01', '2022-01-01']);
  });
  it('gives cannot-compare for blanks and punctuation rather than guessing', () => {
    expectCannotCompare(genericScheme.compare('V2.9 SP1', '2.10'), /cannot parse/);
    expectCannotCompare(genericScheme.compare('*', '1.0'));
    expectCannotCompare(genericScheme.compare('-', '1.0'));
    expectCannotCompare(genericScheme.compare('all versions', '1.0'));
    expectCannotCompare(genericScheme.compare('1.0', 'beta'), /no digit/);
  });
  it('handles hostile input quickly and without crashing', () => {
    expectCannotCompare(genericScheme.compare('1.'.repeat(5000), '1.0'), /longer/);
    expectCannotCompare(genericScheme.compare('1.0\u0007', '1.0'), /control/);
    expect(genericScheme.compare('9'.repeat(200), '9'.repeat(199))).toBe(1);
  });
});

describe('intdot and lexicographic', () => {
  it('orders intdot numerically with zero padding', () => {
    expectAscending(intdotScheme, ['1', '1.0.1', '1.2', '1.10', '10']);
    expectEqual(intdotScheme, '1.0', '1');
    expectCannotCompare(intdotScheme.compare('1.a', '1'));
  });
  it('orders lexicographic by code point', () => {
    expectAscending(lexicographicScheme, ['1.10', '1.9', 'a', 'b']);
  });
});

describe('prototype-named words', () => {
  it('are ordinary words in every scheme', () => {
    expect(genericScheme.compare('1.0constructor', '1.0')).toBe(1);
    expect(genericScheme.compare('1.0-constructor', '1.0')).toBe(-1);
  });
});
