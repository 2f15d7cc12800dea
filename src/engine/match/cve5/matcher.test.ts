import { describe, expect, it } from 'vitest';
import { matchTarget } from '../engine.js';
import { asset, component, cve5 } from '../test-support/builders.js';

describe('CVE 5 affected entries', () => {
  const spec = cve5({
    vendor: 'Fortinet',
    product: 'FortiOS',
    defaultStatus: 'unaffected',
    versions: [
      { version: '7.2.0', lessThanOrEqual: '7.2.3', status: 'affected', versionType: 'semver' },
      { version: '7.0.0', lessThan: '7.0.12', status: 'affected', versionType: 'semver' },
      { version: '6.4.0', status: 'affected', versionType: 'custom', changes: [{ at: '6.4.5', status: 'unaffected' }], lessThan: '6.4.*' },
    ],
  });
  const at = (v?: string) => matchTarget(asset({ vendor: 'Fortinet, Inc.', model: 'FortiOS', firmware: v }), [spec])[0];

  it('applies lessThan / lessThanOrEqual / changes with inclusive and exclusive bounds', () => {
    expect(at('7.2.3')?.status).toBe('affected');
    expect(at('7.2.4')).toBeUndefined();
    expect(at('7.0.11')?.status).toBe('affected');
    expect(at('7.0.12')).toBeUndefined();
    expect(at('6.4.4')?.status).toBe('affected');
    expect(at('6.4.5')?.status).toBe('not_affected');
    expect(at()?.status).toBe('cannot_decide');
  });

  it('matches by CPE and by package, and uses defaultStatus when there are no versions', () => {
    const byCpe = cve5({ vendor: 'n/a', product: 'n/a', cpes: ['cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*'], defaultStatus: 'affected' });
    const f = matchTarget(asset({ cpes: ['cpe:2.3:o:fortinet:fortios:7.2.1:*:*:*:*:*:*:*'] }), [byCpe])[0];
    expect(f).toMatchObject({ status: 'affected', confidence: 'exact' });
    const pkg = cve5({ collectionURL: 'https://www.npmjs.com', packageName: 'node-opcua', defaultStatus: 'unaffected', versions: [{ version: '0', lessThan: '2.74.0', status: 'affected', versionType: 'semver' }] });
    expect(matchTarget(component({ purl: 'pkg:npm/node-opcua@2.73.0' }), [pkg])[0]?.status).toBe('affected');
    expect(matchTarget(component({ purl: 'pkg:npm/node-opcua@2.74.0' }), [pkg])).toEqual([]);
  });

  it('ignores other vendors and placeholder names', () => {
    expect(matchTarget(asset({ vendor: 'Cisco', model: 'FortiOS', firmware: '7.2.1' }), [spec])).toEqual([]);
    expect(matchTarget(asset({ vendor: 'n/a', model: 'n/a', firmware: '1' }), [cve5({ vendor: 'n/a', product: 'n/a', defaultStatus: 'affected' })])).toEqual([]);
  });
});
