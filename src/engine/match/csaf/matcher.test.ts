import { describe, expect, it } from 'vitest';
import { matchTarget, matchTargetDetailed, withCsafComponents } from '../engine.js';
import { asset, csaf, product } from '../test-support/builders.js';
import type { CsafProduct } from '../../../model/intel.js';

const siemens = (name: string, range: string | undefined, extra: Partial<CsafProduct> = {}): CsafProduct =>
  product({ vendor: 'Siemens', productName: name, ...(range !== undefined ? { versionRange: range } : {}), name: `Siemens ${name} ${range ?? ''}`, ...extra });

describe('CSAF product matching', () => {
  it('matches vendor alias + product name + free-text range, with boundaries', () => {
    const spec = csaf(siemens('SIMATIC S7-1500 CPU family (incl. related ET200 CPUs and SIPLUS variants)', '< 2.8.1'));
    const at = (firmware: string, model = 'SIMATIC S7-1500 CPU 1518-4 PN/DP') => matchTarget(asset({ vendor: 'Siemens AG', model, firmware }), [spec])[0];
    expect(at('V2.8.0')?.status).toBe('affected');
    expect(at('V2.8.0')?.confidence).toBe('version-range-name');
    expect(at('V2.8.1')).toBeUndefined();
    expect(at('2.9')).toBeUndefined();
    expect(at('V2.8.0', 'SIMATIC S7-1200 CPU 1214C')).toBeUndefined();
    expect(matchTarget(asset({ vendor: 'Schneider Electric', model: 'SIMATIC S7-1500 CPU 1518', firmware: '1.0' }), [spec])).toEqual([]);
  });

  it('reads vers:all/<V…, "All versions", "V4.5 SP2 and later" and exact product_version', () => {
    const all = csaf(siemens('SCALANCE W1750D', 'vers:all/*'));
    expect(matchTarget(asset({ vendor: 'Siemens', model: 'SCALANCE W1750D', firmware: '8.10' }), [all])[0]?.status).toBe('affected');
    expect(matchTarget(asset({ vendor: 'Siemens', model: 'SCALANCE W1750D' }), [all])[0]?.status).toBe('affected');
    const sp = csaf(siemens('SIMATIC WinCC', 'V4.5 SP2 and later'));
    expect(matchTarget(asset({ vendor: 'Siemens', model: 'SIMATIC WinCC', firmware: 'V4.5 SP1' }), [sp])).toEqual([]);
    expect(matchTarget(asset({ vendor: 'Siemens', model: 'SIMATIC WinCC', firmware: 'V4.5 SP2 HF1' }), [sp])[0]?.status).toBe('affected');
    const exact = csaf(product({ vendor: 'Rockwell Automation', productName: 'ControlLogix 5580', version: 'V34.011' }));
    expect(matchTarget(asset({ vendor: 'Allen-Bradley', model: 'ControlLogix 5580', firmware: '34.11' }), [exact])[0]?.status).toBe('affected');
    expect(matchTarget(asset({ vendor: 'Allen-Bradley', model: 'ControlLogix 5580', firmware: '34.012' }), [exact])).toEqual([]);
  });

  it('identifies by order number with wildcards, and an order number mismatch excludes the product', () => {
    const p = siemens('SIMATIC S7-1500 CPU 1518-4 PN/DP (6ES7518-4AP00-0AB0)', 'vers:all/<V3.1.4', { helpers: { ...product().helpers, modelNumbers: ['6ES7518-4AP00-0AB0'] } });
    const spec = csaf(p);
    const hit = matchTarget(asset({ vendor: 'Siemens', model: 'CPU 1518', orderNumbers: ['6ES7 518-4AP00-0AB0'], firmware: 'V3.1.3' }), [spec])[0];
    expect(hit?.status).toBe('affected');
    expect(hit?.confidence).toBe('exact');
    expect(matchTarget(asset({ vendor: 'Siemens', model: 'SIMATIC S7-1500 CPU 1518-4 PN/DP', orderNumbers: ['6ES7518-4AP00-0AB1'], firmware: 'V3.1.3' }), [spec])).toEqual([]);
    const wild = csaf(product({ vendor: 'Mitsubishi Electric', productName: 'M800VW (BND-2051W000-**)', versionRange: 'vers:all/*' }));
    expect(matchTarget(asset({ vendor: 'Mitsubishi', model: 'M800VW', orderNumbers: ['BND-2051W000-AB'] }), [wild])[0]?.confidence).toBe('exact');
    expect(matchTarget(asset({ vendor: 'Mitsubishi', model: 'M800VW', orderNumbers: ['BND-2052W000-AB'] }), [wild])).toEqual([]);
    const x = csaf(product({ vendor: 'Siemens', productName: 'SIMATIC ET 200SP', versionRange: 'vers:all/*', helpers: { ...product().helpers, modelNumbers: ['6ES7510-1xJ01-0AB0'] } }));
    expect(matchTarget(asset({ vendor: 'Siemens', orderNumbers: ['6ES7510-1SJ01-0AB0'] }), [x])[0]?.status).toBe('affected');
  });

  it('handles the [] placeholder and * wildcards in product names', () => {
    const spec = csaf(product({ vendor: 'Omron', productName: 'SYSMAC CJ2M-CPU[][]', versionRange: 'vers:all/*' }));
    expect(matchTarget(asset({ vendor: 'OMRON Corporation', model: 'SYSMAC CJ2M-CPU31' }), [spec])[0]?.status).toBe('affected');
    expect(matchTarget(asset({ vendor: 'OMRON Corporation', model: 'SYSMAC CJ2H-CPU31' }), [spec])).toEqual([]);
  });

  it('serial numbers, hashes, purl and CPE helpers', () => {
    const helpers = { ...product().helpers, serialNumbers: ['SN12*'] };
    const bySerial = csaf(product({ vendor: 'ABB', productName: 'RTU560', helpers }));
    expect(matchTarget(asset({ vendor: 'ABB', model: 'RTU560', serial: 'SN1234' }), [bySerial])[0]?.status).toBe('affected');
    expect(matchTarget(asset({ vendor: 'ABB', model: 'RTU560', serial: 'XX1234' }), [bySerial])).toEqual([]);
    const hashed = csaf(product({ vendor: 'ABB', productName: 'fw', helpers: { ...product().helpers, hashes: [{ filename: 'fw.bin', hashes: [{ algorithm: 'sha256', value: 'AB12' }] }] } }));
    expect(matchTarget(asset({ vendor: 'Other', hashes: [{ alg: 'SHA-256', value: 'ab12' }] }), [hashed])[0]?.confidence).toBe('exact');
    const purl = csaf(product({ productName: 'mediawiki', helpers: { ...product().helpers, purls: ['pkg:rpm/redhat/mediawiki?arch=src'] } }));
    expect(matchTarget(asset({ purls: ['pkg:rpm/redhat/mediawiki@1.2'] }), [purl])[0]?.status).toBe('affected');
    const cpe = csaf(product({ vendor: 'Red Hat', productName: 'Red Hat Enterprise Linux 8', helpers: { ...product().helpers, cpe: 'cpe:/o:redhat:enterprise_linux:8' } }), { status: 'not_affected', csafStatus: 'known_not_affected', justifications: ['vulnerable_code_not_present'] });
    const f = matchTarget(asset({ cpes: ['cpe:2.3:o:redhat:enterprise_linux:8.6:*:*:*:*:*:*:*'] }), [cpe])[0];
    expect(f?.status).toBe('not_affected');
    expect(f?.justification).toBe('vulnerable_code_not_present');
    expect(f?.decidedBy).toBe(3);
  });

  it('maps every product status', () => {
    const p = product({ vendor: 'WAGO', productName: 'PFC200', versionRange: '<= FW26' });
    const a = asset({ vendor: 'WAGO', model: 'PFC200', firmware: 'FW20' });
    for (const [status, csafStatus, expected] of [
      ['affected', 'known_affected', 'affected'],
      ['affected', 'first_affected', 'affected'],
      ['affected', 'last_affected', 'affected'],
      ['not_affected', 'known_not_affected', 'not_affected'],
      ['fixed', 'fixed', 'fixed'],
      ['fixed', 'first_fixed', 'fixed'],
      ['under_investigation', 'under_investigation', 'under_investigation'],
    ] as const) {
      expect(matchTarget(a, [csaf(p, { status, csafStatus })])[0]?.status).toBe(expected);
    }
    expect(matchTarget(a, [csaf(p, { status: 'recommended', csafStatus: 'recommended' })])).toEqual([]);
  });

  it('keeps the most specific product of an advisory', () => {
    const short = csaf(product({ productId: 'P1', vendor: 'Mitsubishi Electric', productName: 'Data Transfer', versionRange: 'vers:all/*' }), { vulnerabilityId: 'CVE-A' });
    const long = csaf(product({ productId: 'P2', vendor: 'Mitsubishi Electric', productName: 'Data Transfer Classic', versionRange: 'vers:all/*' }), { vulnerabilityId: 'CVE-B' });
    const f = matchTarget(asset({ vendor: 'Mitsubishi Electric', model: 'Data Transfer Classic' }), [short, long]);
    expect(f.map((x) => x.vulnerabilityId)).toEqual(['CVE-B']);
    const g = matchTarget(asset({ vendor: 'Mitsubishi Electric', model: 'Data Transfer' }), [short, long]);
    expect(g.map((x) => x.vulnerabilityId)).toEqual(['CVE-A']);
  });

  it('relationships: firmware installed_on device needs both, and uses the firmware version', () => {
    const fw = product({ productId: 'FW', vendor: 'Siemens', productName: 'SIMATIC S7-1500 CPU firmware', versionRange: '<V3.1' });
    const dev = product({ productId: 'DEV', vendor: 'Siemens', productName: 'SIMATIC S7-1500 CPU 1518-4 PN/DP', helpers: { ...product().helpers, modelNumbers: ['6ES7518-4AP00-0AB0'] } });
    const rel = product({ productId: 'REL', vendor: undefined, name: 'firmware installed on CPU 1518', relationship: { category: 'installed_on', productReference: 'FW', relatesToProductReference: 'DEV' }, componentIds: ['FW', 'DEV'] });
    const [spec] = withCsafComponents([csaf(rel)], [fw, dev, rel]);
    const ok = matchTarget(asset({ vendor: 'Siemens', model: 'SIMATIC S7-1500 CPU 1518-4 PN/DP', orderNumbers: ['6ES7518-4AP00-0AB0'], firmware: 'V3.0.2' }), [spec!]);
    expect(ok[0]?.status).toBe('affected');
    expect(matchTarget(asset({ vendor: 'Siemens', model: 'SIMATIC S7-1500 CPU 1518-4 PN/DP', orderNumbers: ['6ES7518-4AP00-0AB0'], firmware: 'V3.1' }), [spec!])).toEqual([]);
    expect(matchTarget(asset({ vendor: 'Siemens', model: 'SIMATIC S7-1500 CPU 1516-3 PN/DP', orderNumbers: ['6ES7516-3AN00-0AB0'], firmware: 'V3.0' }), [spec!])).toEqual([]);
    // The lookup option works as well as embedding.
    const lookup = (_a: string, id: string) => ({ FW: fw, DEV: dev })[id as 'FW' | 'DEV'];
    expect(matchTarget(asset({ vendor: 'Siemens', model: 'SIMATIC S7-1500 CPU 1518-4 PN/DP', firmware: 'V3.0' }), [csaf(rel)], { csafProducts: lookup })[0]?.status).toBe('affected');
  });

  it('reports relationship cycles and missing products as "cannot decide", never a throw', () => {
    const a = product({ productId: 'A', vendor: 'Siemens', name: 'SIMATIC S7-1500 loop', relationship: { category: 'installed_on', productReference: 'B', relatesToProductReference: 'A' } });
    const b = product({ productId: 'B', vendor: 'Siemens', name: 'B', relationship: { category: 'installed_on', productReference: 'A', relatesToProductReference: 'B' } });
    const target = asset({ vendor: 'Siemens', model: 'SIMATIC S7-1500 loop', firmware: '1' });
    const r = matchTargetDetailed(target, [csaf(a, { components: [a, b] } as never)]);
    expect(r.findings[0]?.status).toBe('cannot_decide');
    expect(r.findings[0]?.reason).toMatch(/cycle/);
    const missing = product({ productId: 'R', vendor: 'Siemens', name: 'x installed on y', relationship: { category: 'installed_on', productReference: 'X', relatesToProductReference: 'Y' } });
    const r2 = matchTargetDetailed(target, [csaf(missing)]);
    expect(r2.findings).toEqual([]);
    expect(r2.issues.some((i) => i.code === 'csaf-relationship')).toBe(true);
  });

  it('turns unreadable or absurd ranges and unknown firmware into "cannot decide"', () => {
    const a = asset({ vendor: 'Siemens', model: 'SIMATIC HMI', firmware: 'V1.0' });
    const garbage = csaf(product({ vendor: 'Siemens', productName: 'SIMATIC HMI', versionRange: 'see vendor website' }));
    expect(matchTarget(a, [garbage])[0]?.status).toBe('cannot_decide');
    const absurd = csaf(product({ vendor: 'Siemens', productName: 'SIMATIC HMI', versionRange: '>=5.0|<3.0' }));
    expect(matchTarget(a, [absurd])[0]?.reason).toMatch(/absurd/);
    const ranged = csaf(product({ vendor: 'Siemens', productName: 'SIMATIC HMI', versionRange: '<V3.1' }));
    expect(matchTarget(asset({ vendor: 'Siemens', model: 'SIMATIC HMI' }), [ranged])[0]?.status).toBe('cannot_decide');
  });

  it('copes with a 10,000-product advisory in bounded time', () => {
    const specs = Array.from({ length: 10_000 }, (_, i) => csaf(product({ productId: `P${i}`, vendor: 'Siemens', productName: `SCALANCE X${i}`, versionRange: `<V${(i % 9) + 1}.0` })));
    const t0 = performance.now();
    const f = matchTarget(asset({ vendor: 'Siemens', model: 'SCALANCE X9999', firmware: 'V0.5' }), specs);
    expect(f).toHaveLength(1);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
