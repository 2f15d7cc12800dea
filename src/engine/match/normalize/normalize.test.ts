import { describe, expect, it } from 'vitest';
import { compareNames, orderNumberMatches, orderNumbersIn, specName, targetName } from './name.js';
import { evaluateExactVersion, evaluateRange, parseRangeText } from './version.js';

const inRange = (text: string, version: string) => evaluateRange(parseRangeText(text), version).result;

describe('free-text version ranges', () => {
  it.each([
    ['< 2.8.1', '2.8.0', true], ['< 2.8.1', '2.8.1', false], ['<V3.1', 'V3.0.9', true], ['<V3.1', '3.1', false],
    ['vers:all/<V3.1.4', 'V3.1.3', true], ['vers:all/<V3.1.4', 'V3.1.4', false], ['vers:all/*', 'anything', true], ['All versions', '1', true],
    ['>= 2.8.1 (only affected by CVE-2019-10943)', '2.8.1', true], ['>= 2.8.1 (only affected by CVE-2019-10943)', '2.8.0', false],
    ['V4.5 SP2 and later', 'V4.5 SP1', false], ['V4.5 SP2 and later', 'V4.5 SP2', true], ['V4.5 SP2 and later', 'V4.6', true],
    ['>=R9.01|<=R10.04', 'R10.04', true], ['>=R9.01|<=R10.04', 'R10.05', false], ['<R520.2_TCU4_HF2', 'R520.2 TCU4 HF1', true],
    ['<=2018_SP3_P05', '2018 SP3 P06', false], ['>=R301-V0|<R301-V6', 'R301-V5', true], ['>=R301-V0|<R301-V6', 'R301-V6', false],
    ['vers:all/>=V11.5.1|<V11.6.2', 'V11.5.1', true], ['vers:all/>=V11.5.1|<V11.6.2', 'V11.6.2', false], ['prior to 3.0', '2.9', true],
    ['3.0 and earlier', '3.0', true], ['3.0 and earlier', '3.0.1', false], ['V1.0 - V2.0', '2.0', true], ['vers:semver/>=1.0.0|<2.0.0', '1.5.0', true],
  ] as const)('%s contains %s: %s', (text, version, expected) => {
    expect(inRange(text, version)).toBe(expected);
  });

  it('refuses absurd, empty and unreadable ranges with a reason', () => {
    for (const text of ['>=5|<3', '', 'see advisory', 'vers:none/*', 'vers:semver/>=2.0.0|>=1.0.0|<'.padEnd(5000, '1')]) {
      const p = parseRangeText(text);
      expect(p.kind, text.slice(0, 40)).toBe('invalid');
      expect(evaluateRange(p, '1.0').result).toBe('unknown');
    }
    expect(evaluateRange(parseRangeText('<V3.1'), undefined).result).toBe('unknown');
  });

  it('compares exact versions across vendor spellings', () => {
    expect(evaluateExactVersion('V34.011', '34.11').result).toBe(true);
    expect(evaluateExactVersion('16.00', '16.0').result).toBe(true);
    expect(evaluateExactVersion('R15x', 'R151.2').result).toBe(true);
    expect(evaluateExactVersion('2023', '2024').result).toBe(false);
  });
});

describe('product names and order numbers', () => {
  it('relates names exactly, as a family member, partially, or not', () => {
    const rel = (spec: string, target: string, vendor = 'Siemens') => compareNames(specName(spec, vendor), targetName([target], vendor)).relation;
    expect(rel('SIMATIC S7-1500 CPU family (incl. SIPLUS variants)', 'SIMATIC S7-1500 CPU 1518-4 PN/DP')).toBe('family');
    expect(rel('SIMATIC S7-1500 Software Controller', 'SIMATIC S7-1500 CPU 1518-4 PN/DP')).toBe('none');
    expect(rel('Siemens SCALANCE W1750D (JP)', 'SCALANCE W1750D')).toBe('exact');
    expect(rel('MELSEC iQ-F FX5U-32MT/ES', 'FX5U-32MT/ES', 'Mitsubishi Electric')).toBe('partial');
    expect(rel('MELSEC iQ-F FX5U-32MT/ES', 'MELSEC iQ-F FX5U-32MT/DS', 'Mitsubishi Electric')).toBe('none');
    expect(rel('SIMATIC ET 200SP Open Controller', 'SIMATIC ET200SP Open Controller')).toBe('exact');
  });

  it('matches order numbers with vendor wildcards', () => {
    expect(orderNumberMatches('6ES7518-4AP00-0AB0', '6ES7 518-4AP00-0AB0')).toBe(true);
    expect(orderNumberMatches('6ES7518-4AP00-0AB0', '6ES7518-4AP00-0AB1')).toBe(false);
    expect(orderNumberMatches('6ES7510-1xJ01-0AB0', '6ES7510-1SJ01-0AB0')).toBe(true);
    expect(orderNumberMatches('6GK7543-1MX00-0XE0', '6GK7543-1MX00-0AE0')).toBe(false);
    expect(orderNumberMatches('BND-2051W000-**', 'BND-2051W000-A1')).toBe(true);
    expect(orderNumbersIn('SCALANCE W1750D (ROW) (6GK5750-2HX01-1AA0)')).toEqual(['6GK5750-2HX01-1AA0']);
    expect(orderNumbersIn('TC ROUTER 3002T-4G')).toEqual([]);
  });
});
