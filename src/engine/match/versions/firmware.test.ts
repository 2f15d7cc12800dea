import { describe, expect, it } from 'vitest';
import { createFirmwareScheme, firmwareScheme, parseFirmwareVersion } from './firmware.js';
import { expectAscending, expectCannotCompare, expectEqual } from '../../../../test/support/version-expectations.js';

describe('firmware (OT vendor versions)', () => {
  it('orders service packs and hotfixes as the brief requires', () => {
    expectAscending(firmwareScheme, ['V4.5', 'V4.5 SP1', 'V4.5 SP1 HF2', 'V4.5 SP2', 'V4.6']);
  });
  it('puts a hotfix of the base release before its first service pack', () => {
    expectAscending(firmwareScheme, ['V4.5', 'V4.5 HF1', 'V4.5 HF3', 'V4.5 SP1', 'V4.5 SP1 HF1']);
  });
  it('ignores prefixes and leading zeros', () => {
    expectEqual(firmwareScheme, 'V2.9.3', '2.9.3');
    expectEqual(firmwareScheme, 'v2.9.3', 'V02.09.003');
    expectEqual(firmwareScheme, 'SV2.60', 'V2.60');
    expectEqual(firmwareScheme, 'R20.1', '20.1');
    expectEqual(firmwareScheme, 'FW16', '16.0');
    expectEqual(firmwareScheme, 'Version 3.1', 'V3.1.0');
  });
  it('orders Siemens, Rockwell, Schneider and Honeywell advisory versions', () => {
    expectAscending(firmwareScheme, ['V2.9.2', 'V2.9.3', 'V2.9.10', 'V3.0', 'V3.0.1', 'V3.1']);
    expectAscending(firmwareScheme, ['V14 SP1 Update 7', 'V14 SP1 Update 8', 'V15', 'V15 Update 1', 'V15.1', 'V16 Update 4']);
    expectAscending(firmwareScheme, ['510.2 HF13', '511.5 TCU4 HF3', '511.5 TCU4 HF4', '520.1 TCU4', '520.1 TCU5', '520.2 TCU4']);
    expectAscending(firmwareScheme, ['2018_SP3_P04', '2018_SP3_P05', '2018 SP4']);
    expectAscending(firmwareScheme, ['V2302.0016', 'V2404.0005', 'V2404.0010']);
    expectAscending(firmwareScheme, ['v1.10.00.004', 'v1.10.00.005', 'v1.10.01']);
    expectAscending(firmwareScheme, ['R9.01', 'R9.10', 'R10.04']);
  });
  it('reads leading-zero minors as integers by default and as fractions when the vendor does', () => {
    expectEqual(firmwareScheme, '20.011', '20.11');
    expect(firmwareScheme.compare('V2.60', 'V2.7')).toBe(1);
    const fraction = createFirmwareScheme({ minor: 'fraction' });
    expect(fraction.compare('20.011', '20.11')).toBe(-1);
    expectEqual(fraction, 'V2.60', 'V2.6');
    expect(fraction.compare('V2.60', 'V2.7')).toBe(-1);
    expect(fraction.compare('V2.60.1', 'V2.60.2')).toBe(-1);
  });
  it('handles updates, builds, revisions and pre-releases', () => {
    expectAscending(firmwareScheme, ['V16', 'V16 Update 3', 'V16 Update 3 build 12', 'V16 Update 4']);
    expectAscending(firmwareScheme, ['1.2 build 999', '1.2 build 1234', '1.3']);
    expectAscending(firmwareScheme, ['Rev. A', 'Rev. C', 'Rev D']);
    expectAscending(firmwareScheme, ['V2.0 beta', 'V2.0 beta 2', 'V2.0 RC1', 'V2.0', 'V2.0 SP1']);
    expectAscending(firmwareScheme, ['8u191', '8u202', '9']);
    expectAscending(firmwareScheme, ['V2.1', 'V2.1a', 'V2.1b', 'V2.1.1']);
    expectEqual(firmwareScheme, 'V4.5 Service Pack 2', 'V4.5 SP2');
    expectEqual(firmwareScheme, 'V4.5SP2', 'V4.5_SP2');
  });
  it('exposes the parsed structure', () => {
    expect(parseFirmwareVersion('V4.5 SP2 HF1')).toEqual({
      ok: true,
      value: {
        prefix: 'v',
        base: ['4', '5'],
        letter: undefined,
        qualifiers: [
          { level: 'sp', kind: 'sp', value: '2' },
          { level: 'fix', kind: 'hf', value: '1' },
        ],
      },
    });
  });
  it('refuses to order different conventions at the same level', () => {
    expectCannotCompare(firmwareScheme.compare('V4.5 HF2', 'V4.5 P2'), /different conventions/);
    expectCannotCompare(firmwareScheme.compare('V16 Update 3', 'V16 TCU 3'), /different conventions/);
    expectCannotCompare(firmwareScheme.compare('Rev. C', 'V1.0'), /no/);
    expectCannotCompare(firmwareScheme.compare('V1.0 Rev. C', 'V1.0 Rev 2'), /mix/);
  });
  it('gives cannot-compare with a reason for what is not a version', () => {
    expectCannotCompare(firmwareScheme.compare('All versions', 'V1.0'), /unknown qualifier "all"/);
    expectCannotCompare(firmwareScheme.compare('<V3.1', 'V1.0'), /unexpected character/);
    expectCannotCompare(firmwareScheme.compare('n/a', 'V1.0'), /unknown qualifier/);
    expectCannotCompare(firmwareScheme.compare('V4.5 SP', 'V4.5'), /without a number/);
    expectCannotCompare(firmwareScheme.compare('V4.5 SP1 SP2', 'V4.5'), /two qualifiers/);
    expectCannotCompare(firmwareScheme.compare('V4.5 7', 'V4.5'), /unexpected number/);
    expectCannotCompare(firmwareScheme.compare('', 'V4.5'), /empty/);
  });
  it('survives hostile input', () => {
    expectCannotCompare(firmwareScheme.compare('V' + '1.'.repeat(10_000), 'V1'), /longer/);
    expectCannotCompare(firmwareScheme.compare('V1\u0000', 'V1'), /control/);
    expectCannotCompare(firmwareScheme.compare('V1 \\ SP2', 'V1'), /unexpected character/);
    expect(firmwareScheme.compare('SP1 '.repeat(40), 'V1')).toHaveProperty('cannotCompare', true);
  });
});

describe('firmware prototype-named words', () => {
  it('are unknown qualifiers', () => {
    expectCannotCompare(firmwareScheme.compare('V1 constructor 2', 'V1'), /unknown qualifier/);
    expectCannotCompare(firmwareScheme.compare('V1 __proto__ 2', 'V1'), /unexpected character|unknown/);
  });
});

describe('firmware: network-vendor forms seen in CVE 5 records', () => {
  it('reads -hN hotfixes (Palo Alto) and lettered updates (VMware)', () => {
    expectAscending(firmwareScheme, ['10.2.9', '10.2.9-h1', '10.2.9-h2', '10.2.10']);
    expectAscending(firmwareScheme, ['7.0 U3', '7.0u3b', '7.0 U3s', '7.0 U4', '8.0 U3b']);
    expectEqual(firmwareScheme, '7.0 U3s', '7.0u3s');
    expectAscending(firmwareScheme, ['2022_su4', '2022_su5', '2023']);
  });
  it('leaves the forms it does not know to cannot-compare', () => {
    expectCannotCompare(firmwareScheme.compare('6.0(2)A8(4a)', '6.0(2)A8(5)'));
    expectCannotCompare(firmwareScheme.compare('6.1.1-2', '6.1.1'), /unexpected number/);
    expectCannotCompare(firmwareScheme.compare('4.x', '4.1'));
  });
});

describe('firmware: ambiguous single letters', () => {
  it('does not guess whether b3 is a beta or a build', () => {
    expectCannotCompare(firmwareScheme.compare('2.1b3', '2.1'), /unknown qualifier "b"/);
    expect(firmwareScheme.compare('2.1b', '2.1')).toBe(1);
  });
});
