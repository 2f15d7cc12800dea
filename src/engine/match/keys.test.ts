import { describe, expect, it } from 'vitest';
import { matchTarget } from './engine.js';
import { specMatchKeys, targetMatchKeys } from './keys.js';
import { asset, component, crit, csaf, cve5, nvd, orConfig, osv, product } from './test-support/builders.js';
import type { MatchableSpec } from './types.js';
import type { MatchTarget } from '../../model/finding.js';

function shares(spec: MatchableSpec, target: MatchTarget): boolean {
  const t = new Set(targetMatchKeys(target));
  return specMatchKeys(spec).some((k) => t.has(k));
}

describe('index keys', () => {
  it('gives CPE, purl, name, order-number and hash keys', () => {
    expect(specMatchKeys(nvd([orConfig(crit('cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*'), crit('cpe:2.3:h:x:hw:-:*:*:*:*:*:*:*', { vulnerable: false }))]))).toEqual(['cpe:busybox:busybox']);
    expect(specMatchKeys(osv({ ecosystem: 'PyPI', packageName: 'Zope.Interface' }))).toEqual(['pkg:pypi/zope-interface']);
    expect(specMatchKeys(osv({ ecosystem: 'Maven', packageName: 'org.apache.logging.log4j:log4j-core' }))).toEqual(['pkg:maven/org.apache.logging.log4j/log4j-core']);
    expect(specMatchKeys(cve5({ vendor: 'Siemens', product: 'SIMATIC S7-1500 CPU' }))).toEqual(['n:siemens:1500', 'n:siemens:7']);
    expect(specMatchKeys(csaf(product({ vendor: 'AVEVA', productName: 'PI Server' })))).toEqual(['w:aveva:pi', 'w:aveva:server']);
    expect(specMatchKeys(csaf(product({ vendor: 'Siemens', productName: 'X (6GK5750-2HX01-1AD0)' })))).toContain('on:6gk5750');
    expect(targetMatchKeys(asset({ vendor: 'Siemens AG', model: 'SIMATIC S7-1500 CPU 1518', orderNumbers: ['6GK5750-2HX01-1AD0'] }))).toEqual(
      expect.arrayContaining(['v:siemens', 'n:siemens:1500', 'n:siemens:1518', 'w:siemens:simatic', 'on:6gk5750', 'cpe:siemens:simatic_s7-1500_cpu_1518_firmware']),
    );
    expect(targetMatchKeys(component({ purl: 'pkg:npm/%40babel/core@7.0.0' }))).toContain('pkg:npm/%40babel/core');
  });

  it('never hides a match: every matching pair shares a key', () => {
    const pairs: Array<[MatchableSpec, MatchTarget]> = [
      [csaf(product({ vendor: 'Siemens', productName: 'SIMATIC ET 200SP Open Controller', versionRange: 'vers:all/*' })), asset({ vendor: 'Siemens', model: 'SIMATIC ET200SP Open Controller CPU 1515SP PC2' })],
      [csaf(product({ vendor: 'Omron', productName: 'SYSMAC CJ2M-CPU[][]', versionRange: 'vers:all/*' })), asset({ vendor: 'Omron', model: 'CJ2M-CPU31' })],
      [csaf(product({ vendor: 'Mitsubishi Electric', productName: 'MELSEC iQ-F FX5U-32MT/ES', versionRange: 'vers:all/*' })), asset({ vendor: 'Mitsubishi', model: 'FX5U-32MT/ES' })],
      [csaf(product({ vendor: 'Mitsubishi Electric', productName: 'M80 (BND-2007W000-**)', versionRange: 'vers:all/*' })), asset({ vendor: 'Mitsubishi', orderNumbers: ['BND-2007W000-A1'] })],
      [cve5({ vendor: 'Fortinet', product: 'FortiOS', defaultStatus: 'affected' }), asset({ vendor: 'Fortinet', model: 'FortiOS' })],
      [nvd([orConfig(crit('cpe:2.3:o:wago:pfc200_firmware:*:*:*:*:*:*:*:*'))]), asset({ vendor: 'WAGO', model: 'PFC200', firmware: '20' })],
    ];
    for (const [spec, target] of pairs) {
      expect(matchTarget(target, [spec]).length, JSON.stringify(target)).toBe(1);
      expect(shares(spec, target), JSON.stringify(target)).toBe(true);
    }
  });
});
