import { describe, expect, it } from 'vitest';
import { parsePep440, pep440Scheme } from './pep440.js';
import { expectAscending, expectCannotCompare, expectEqual } from '../../../../test/support/version-expectations.js';

describe('PEP 440', () => {
  it('orders dev < pre < final < post', () => {
    expectAscending(pep440Scheme, ['1.0.dev1', '1.0a1', '1.0', '1.0.post1']);
    expectAscending(pep440Scheme, ['1.0.dev0', '1.0a1', '1.0b1', '1.0rc1', '1.0', '1.0.post1']);
  });
  // The ordering example of PEP 440 ("Summary of permitted suffixes and relative ordering").
  it('orders the PEP 440 example list', () => {
    expectAscending(pep440Scheme, [
      '1.dev0', '1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456',
      '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0+abc.5', '1.0+abc.7', '1.0+5', '1.0.post456.dev34', '1.0.post456',
      '1.0.15', '1.1.dev1',
    ]);
  });
  it('orders epochs above everything', () => {
    expectAscending(pep440Scheme, ['2013.10', '2014.04', '1!1.0', '1!1.1', '2!0.1']);
  });
  it('normalises the spelling variants', () => {
    for (const [a, b] of [
      ['1.0', '1.0.0'], ['1.0ALPHA1', '1.0a1'], ['1.0-beta.2', '1.0b2'], ['1.0c1', '1.0rc1'], ['1.0pre1', '1.0rc1'],
      ['1.0preview1', '1.0rc1'], ['1.0-1', '1.0.post1'], ['1.0rev1', '1.0.post1'], ['1.0r', '1.0.post0'], ['1.0.dev', '1.0.dev0'],
      ['v1.0', '1.0'], ['1.0a', '1.0a0'], ['1.0+ABC', '1.0+abc'], ['1.0+abc-1', '1.0+abc.1'], ['0!1.0', '1.0'],
    ] as const) {
      expectEqual(pep440Scheme, a, b);
    }
  });
  it('exposes the parsed parts', () => {
    expect(parsePep440('1!2.3.4rc5.post6.dev7+ubuntu.1')).toEqual({
      ok: true,
      value: { epoch: '1', release: ['2', '3', '4'], pre: { label: 'rc', number: '5' }, post: '6', dev: '7', local: ['ubuntu', '1'] },
    });
  });
  it('refuses what is not PEP 440', () => {
    for (const bad of ['1.0-foo', 'french toast', '1.0+', '1..0', '1.0+a..b', '*', '1.0.x']) {
      expectCannotCompare(pep440Scheme.compare(bad, '1.0'), /PEP 440/);
    }
  });
  it('stays fast on hostile input', () => {
    const hostile = '1' + '.1'.repeat(120) + 'x';
    expectCannotCompare(pep440Scheme.compare(hostile, '1.0'));
    expectCannotCompare(pep440Scheme.compare('1.0' + '-_'.repeat(100) + '!', '1.0'));
  });
});
