import { describe, expect, it } from 'vitest';
import { matchTarget, matchTargetDetailed } from '../engine.js';
import { asset, crit, nvd, orConfig } from '../test-support/builders.js';

const status = (cpes: string[], spec: ReturnType<typeof nvd>) => matchTarget(asset({ cpes }), [spec])[0]?.status;

describe('NVD configurations', () => {
  it('tests the four bounds, inclusive and exclusive (standards.md §1 vector 4)', () => {
    const spec = nvd([orConfig(crit('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', { versionStartIncluding: '2.0', versionEndExcluding: '2.4.1' }))]);
    expect(status(['cpe:2.3:a:apache:log4j:2.4.0:*:*:*:*:*:*:*'], spec)).toBe('affected');
    expect(status(['cpe:2.3:a:apache:log4j:2.0:*:*:*:*:*:*:*'], spec)).toBe('affected');
    expect(status(['cpe:2.3:a:apache:log4j:2.4.1:*:*:*:*:*:*:*'], spec)).toBeUndefined();
    expect(status(['cpe:2.3:a:apache:log4j:1.9:*:*:*:*:*:*:*'], spec)).toBeUndefined();
    const other = nvd([orConfig(crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', { versionStartExcluding: '1.0', versionEndIncluding: '2.0' }))]);
    expect(status(['cpe:2.3:a:x:y:1.0:*:*:*:*:*:*:*'], other)).toBeUndefined();
    expect(status(['cpe:2.3:a:x:y:1.0.1:*:*:*:*:*:*:*'], other)).toBe('affected');
    expect(status(['cpe:2.3:a:x:y:2.0:*:*:*:*:*:*:*'], other)).toBe('affected');
    expect(status(['cpe:2.3:a:x:y:2.0.1:*:*:*:*:*:*:*'], other)).toBeUndefined();
  });

  it('matches exact criterion versions, ANY and NA, and vendor spellings of the version', () => {
    const spec = nvd([orConfig(crit('cpe:2.3:a:tukaani:xz:5.6.0:*:*:*:*:*:*:*'))]);
    expect(status(['cpe:2.3:a:tukaani:xz:5.6.0:*:*:*:*:*:*:*'], spec)).toBe('affected');
    expect(status(['cpe:2.3:a:tukaani:xz:v5.6.0:*:*:*:*:*:*:*'], spec)).toBe('affected');
    expect(status(['cpe:2.3:a:tukaani:xz:5.6.2:*:*:*:*:*:*:*'], spec)).toBeUndefined();
    const any = nvd([orConfig(crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*'))]);
    expect(status(['cpe:2.3:a:x:y:9.9:*:*:*:*:*:*:*'], any)).toBe('affected');
    const na = nvd([orConfig(crit('cpe:2.3:a:noxen_project:noxen:-:*:*:*:*:*:*:*'))]);
    expect(status(['cpe:2.3:a:noxen_project:noxen:-:*:*:*:*:*:*:*'], na)).toBe('affected');
    expect(status(['cpe:2.3:a:noxen_project:noxen:1.0:*:*:*:*:*:*:*'], na)).toBeUndefined();
  });

  it('says "cannot decide" for a target CPE with version ANY against a ranged or exact criterion', () => {
    const spec = nvd([orConfig(crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.0' }))]);
    const f = matchTarget(asset({ cpes: ['cpe:2.3:a:x:y:*:*:*:*:*:*:*:*'] }), [spec])[0];
    expect(f?.status).toBe('cannot_decide');
    expect(f?.reason).toMatch(/version is not known/);
    expect(status(['cpe:2.3:a:x:y:*:*:*:*:*:*:*:*'], nvd([orConfig(crit('cpe:2.3:a:x:y:1.0:*:*:*:*:*:*:*'))]))).toBe('cannot_decide');
  });

  it('handles the firmware AND hardware platform shape (vector 5)', () => {
    const spec = nvd([
      {
        operator: 'AND',
        negate: false,
        nodes: [
          { operator: 'OR', negate: false, cpeMatch: [crit('cpe:2.3:o:vendor:plc_firmware:*:*:*:*:*:*:*:*', { versionEndIncluding: '3.1' })] },
          { operator: 'OR', negate: false, cpeMatch: [crit('cpe:2.3:h:vendor:plc_x:-:*:*:*:*:*:*:*', { vulnerable: false })] },
        ],
      },
    ]);
    expect(status(['cpe:2.3:o:vendor:plc_firmware:3.1:*:*:*:*:*:*:*', 'cpe:2.3:h:vendor:plc_x:-:*:*:*:*:*:*:*'], spec)).toBe('affected');
    expect(status(['cpe:2.3:o:vendor:plc_firmware:3.1:*:*:*:*:*:*:*', 'cpe:2.3:h:vendor:plc_y:-:*:*:*:*:*:*:*'], spec)).toBeUndefined();
    expect(status(['cpe:2.3:o:vendor:plc_firmware:3.2:*:*:*:*:*:*:*', 'cpe:2.3:h:vendor:plc_x:-:*:*:*:*:*:*:*'], spec)).toBeUndefined();
    // Hardware revision not known: platform context accepted.
    expect(status(['cpe:2.3:o:vendor:plc_firmware:3.0:*:*:*:*:*:*:*', 'cpe:2.3:h:vendor:plc_x:*:*:*:*:*:*:*:*'], spec)).toBe('affected');
    // The platform alone never makes a finding.
    expect(status(['cpe:2.3:h:vendor:plc_x:-:*:*:*:*:*:*:*'], spec)).toBeUndefined();
  });

  it('applies negate on nodes and configurations', () => {
    const spec = nvd([
      {
        operator: 'AND',
        negate: false,
        nodes: [
          { operator: 'OR', negate: false, cpeMatch: [crit('cpe:2.3:a:x:app:*:*:*:*:*:*:*:*', { versionEndExcluding: '5' })] },
          { operator: 'OR', negate: true, cpeMatch: [crit('cpe:2.3:o:x:safe_os:*:*:*:*:*:*:*:*', { vulnerable: false })] },
        ],
      },
    ]);
    expect(status(['cpe:2.3:a:x:app:4:*:*:*:*:*:*:*'], spec)).toBe('affected');
    expect(status(['cpe:2.3:a:x:app:4:*:*:*:*:*:*:*', 'cpe:2.3:o:x:safe_os:1:*:*:*:*:*:*:*'], spec)).toBeUndefined();
    const negCfg = nvd([{ operator: 'OR', negate: true, nodes: [{ operator: 'OR', negate: false, cpeMatch: [crit('cpe:2.3:a:x:app:*:*:*:*:*:*:*:*')] }] }]);
    expect(status(['cpe:2.3:a:x:app:4:*:*:*:*:*:*:*'], negCfg)).toBeUndefined();
  });

  it('applies the CPE name relations on the other attributes (target_sw, update, wildcards)', () => {
    const spec = nvd([orConfig(crit('cpe:2.3:a:smoothiecharts:smoothie_charts:*:*:*:*:*:node.js:*:*', { versionEndExcluding: '1.36.1' }))]);
    expect(status(['cpe:2.3:a:smoothiecharts:smoothie_charts:1.35:*:*:*:*:node.js:*:*'], spec)).toBe('affected');
    expect(status(['cpe:2.3:a:smoothiecharts:smoothie_charts:1.35:*:*:*:*:python:*:*'], spec)).toBeUndefined();
    const wild = nvd([orConfig(crit('cpe:2.3:a:x:y:1.?:*:*:*:*:*:*:*'))]);
    expect(status(['cpe:2.3:a:x:y:1.5:*:*:*:*:*:*:*'], wild)).toBe('affected');
    expect(status(['cpe:2.3:a:x:y:1.15:*:*:*:*:*:*:*'], wild)).toBeUndefined();
    const upd = nvd([orConfig(crit('cpe:2.3:a:open62541:open62541:1.3:rc1:*:*:*:*:*:*'))]);
    expect(status(['cpe:2.3:a:open62541:open62541:1.3:rc1:*:*:*:*:*:*'], upd)).toBe('affected');
    expect(status(['cpe:2.3:a:open62541:open62541:1.3:rc2:*:*:*:*:*:*'], upd)).toBeUndefined();
  });

  it('turns incomparable versions and invalid CPEs into "cannot decide" or issues, never a throw', () => {
    const spec = nvd([orConfig(crit('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', { versionEndExcluding: '2.0' }))]);
    const f = matchTarget(asset({ cpes: ['cpe:2.3:a:x:y:build\\!x:*:*:*:*:*:*:*'] }), [spec])[0];
    expect(f?.status).toBe('cannot_decide');
    const bad = nvd([orConfig(crit('cpe:2.3:a:x:y:*:*'))]);
    const r = matchTargetDetailed(asset({ cpes: ['cpe:2.3:a:x:y:1:*:*:*:*:*:*:*', 'not a cpe'] }), [bad]);
    expect(r.findings[0]?.status).toBe('cannot_decide');
    expect(r.issues.some((i) => i.code === 'invalid-cpe')).toBe(true);
  });

  it('evaluates a 10,000-criterion node in bounded time', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => crit(`cpe:2.3:a:big:prod_${i}:*:*:*:*:*:*:*:*`, { versionEndExcluding: `${i}.0` }));
    const spec = nvd([orConfig(...many)]);
    const t0 = performance.now();
    expect(status(['cpe:2.3:a:big:prod_9999:1.0:*:*:*:*:*:*:*'], spec)).toBe('affected');
    expect(status(['cpe:2.3:a:big:other:1.0:*:*:*:*:*:*:*'], spec)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(3000);
    const capped = matchTargetDetailed(asset({ cpes: ['cpe:2.3:a:big:prod_1:0.5:*:*:*:*:*:*:*'] }), [spec], { maxCriteria: 100 });
    expect(capped.findings[0]?.status).toBe('cannot_decide');
  });

  it('records the criterion, pointer, scheme and source in the evidence', () => {
    const spec = nvd([orConfig(crit('cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*', { versionEndExcluding: '1.32.0' }))]);
    const e = matchTarget(asset({ cpes: ['cpe:2.3:a:busybox:busybox:1.31.1:*:*:*:*:*:*:*'] }), [spec])[0]?.evidence[0];
    expect(e).toMatchObject({ matcher: 'nvd-cpe', confidence: 'exact', tier: 2, criterion: 'cpe:2.3:a:busybox:busybox:*:*:*:*:*:*:*:*', versionScheme: 'generic', heuristic: true });
    expect(e?.pointer).toBe('/vulnerabilities/0/configurations/0/nodes/0/cpeMatch/0');
    expect(e?.source.document).toBe('nvd.json');
  });
});
