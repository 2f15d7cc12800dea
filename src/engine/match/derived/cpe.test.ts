import { describe, expect, it } from 'vitest';
import { matchTarget } from '../engine.js';
import { asset, crit, nvd } from '../test-support/builders.js';
import { canonicalVendor, cpeVendor } from '../normalize/vendor.js';
import { cpeProductName, deriveCpes } from './cpe.js';

describe('derived CPE candidates', () => {
  it('normalises vendor aliases', () => {
    expect(canonicalVendor('Siemens AG')).toBe('siemens');
    expect(canonicalVendor('Schneider Electric')).toBe('schneider-electric');
    expect(canonicalVendor('Allen-Bradley')).toBe('rockwellautomation');
    expect(canonicalVendor('Rockwell Automation, Inc.')).toBe('rockwellautomation');
    expect(canonicalVendor('Mitsubishi Electric Corporation')).toBe('mitsubishielectric');
    expect(canonicalVendor('Phoenix Contact GmbH & Co. KG')).toBe('phoenixcontact');
    expect(canonicalVendor('Schweitzer Engineering Laboratories')).toBe('selinc');
    expect(canonicalVendor('n/a')).toBeUndefined();
    expect(canonicalVendor('Acme Widgets Ltd.')).toBe('acmewidgets');
    expect(cpeVendor('Acme Widgets Ltd.')).toBe('acme_widgets');
  });

  it('builds the NVD firmware + hardware pattern', () => {
    expect(cpeProductName('Phoenix Contact TC ROUTER 3002T-4G', 'Phoenix Contact')).toBe('tc_router_3002t-4g');
    const cpes = deriveCpes({ vendor: 'Phoenix Contact', model: 'TC ROUTER 3002T-4G', firmware: 'V2.07.1' }).map((d) => d.cpe);
    expect(cpes).toContain('cpe:2.3:o:phoenixcontact:tc_router_3002t-4g_firmware:2.07.1:*:*:*:*:*:*:*');
    expect(cpes).toContain('cpe:2.3:h:phoenixcontact:tc_router_3002t-4g:-:*:*:*:*:*:*:*');
    expect(deriveCpes({ model: 'X' })).toEqual([]);
  });

  it('matches NVD device configurations with confidence "derived"', () => {
    const spec = nvd([
      {
        operator: 'AND',
        negate: false,
        nodes: [
          { operator: 'OR', negate: false, cpeMatch: [crit('cpe:2.3:o:phoenixcontact:tc_router_3002t-4g_firmware:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.07.2' })] },
          { operator: 'OR', negate: false, cpeMatch: [crit('cpe:2.3:h:phoenixcontact:tc_router_3002t-4g:-:*:*:*:*:*:*:*', { vulnerable: false })] },
        ],
      },
    ]);
    const f = matchTarget(asset({ vendor: 'Phoenix Contact', model: 'TC ROUTER 3002T-4G', firmware: '2.07.1' }), [spec])[0];
    expect(f).toMatchObject({ status: 'affected', confidence: 'derived', decidedBy: 0 });
    expect(f?.evidence[0]?.matcher).toBe('derived-cpe');
    expect(matchTarget(asset({ vendor: 'Phoenix Contact', model: 'TC ROUTER 3002T-4G', firmware: '2.07.2' }), [spec])).toEqual([]);
    expect(matchTarget(asset({ vendor: 'Phoenix Contact', model: 'TC ROUTER 3002T-4G ATT', firmware: '2.07.1' }), [spec])).toEqual([]);
    expect(matchTarget(asset({ vendor: 'Phoenix Contact', model: 'TC ROUTER 3002T-4G', firmware: '2.07.1' }), [spec], { deriveCpes: false })).toEqual([]);
  });
});
