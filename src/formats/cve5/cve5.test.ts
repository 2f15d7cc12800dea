import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, fixturesDir, haveFixtures } from '../../../test/support/fixtures.js';
import { InputError } from '../../model/errors.js';
import type { Cve5AffectedSpec } from '../../model/intel.js';
import { defaultVersionComparator, evaluateCve5Status, readCve5Object, readCve5Record, readSsvcContent, walkCve5Directory } from './index.js';

describe.runIf(haveFixtures)('CVE 5 fixtures', () => {
  it('walks the directory and reads all 207 records with SSVC and no issues', async () => {
    let count = 0;
    let withKev = 0;
    for await (const entry of walkCve5Directory(`${fixturesDir}/cve5`)) {
      expect(entry.error, entry.path).toBeUndefined();
      expect(entry.outcome?.issues, entry.path).toEqual([]);
      expect(entry.outcome?.record?.ssvc?.exploitation, entry.path).toBeDefined();
      if (entry.outcome?.record?.kev) withKev++;
      count++;
    }
    expect(count).toBe(207);
    expect(withKev).toBe(38);
  });

  it('normalises CVE-2023-20198 with CNA CVSS, CISA ADP SSVC and KEV', () => {
    const outcome = readCve5Record(readFileSync(fixture('cve5', 'CVE-2023-20198.json')), { file: 'CVE-2023-20198.json' });
    const record = outcome.record;
    expect(record).toMatchObject({ id: 'CVE-2023-20198', status: 'published', published: '2023-10-16T15:12:58.735Z' });
    expect(record?.metrics[0]).toMatchObject({ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', baseScore: 10, type: 'primary', assessor: 'cisco' });
    expect(record?.ssvc).toMatchObject({ exploitation: 'active', automatable: 'yes', technicalImpact: 'total', version: '2.0.3', timestamp: '2024-10-23T18:58:11.982740Z' });
    expect(record?.ssvc?.source.provider).toBe('CISA-ADP');
    expect(record?.kev).toMatchObject({ dateAdded: '2023-10-16' });
    const spec = outcome.specs[0] as Cve5AffectedSpec;
    expect(spec).toMatchObject({ kind: 'cve5-affected', vendor: 'Cisco', product: 'Cisco IOS XE Software', defaultStatus: 'unknown' });
    expect(spec.versions[0]).toEqual({ version: '16.1.1', status: 'affected' });
  });
});

describe('CISA ADP SSVC options', () => {
  const source = { kind: 'cve5' as const };
  it('matches keys and values case-insensitively and maps legacy values', () => {
    const ssvc = readSsvcContent({ options: [{ exploitation: 'PoC' }, { AUTOMATABLE: 'Rapid' }, { 'Technical Impact': 'Total' }] }, source);
    expect(ssvc).toMatchObject({ exploitation: 'public poc', automatable: 'yes', technicalImpact: 'total' });
    expect(ssvc?.raw).toEqual({ exploitation: 'PoC', AUTOMATABLE: 'Rapid', 'Technical Impact': 'Total' });
    expect(readSsvcContent({ options: [{ Exploitation: 'public poc' }, { Automatable: 'slow' }] }, source)).toMatchObject({ exploitation: 'public poc', automatable: 'no' });
    expect(readSsvcContent({ options: [{ Exploitation: 'sometimes' }] }, source)?.exploitation).toBeUndefined();
  });
});

describe('CVE 5 version status (standards §3 vectors)', () => {
  const spec = {
    defaultStatus: 'unknown' as const,
    versions: [{ version: '2.0', lessThan: '2.15.0', versionType: 'semver', status: 'affected' as const, changes: [{ at: '2.12.2', status: 'unaffected' as const }] }],
  };
  it.each([
    ['2.12.1', 'affected'],
    ['2.12.2', 'unaffected'],
    ['2.14.9', 'unaffected'],
    ['2.15.0', 'unknown'],
    ['1.9', 'unknown'],
    ['2.0', 'affected'],
  ])('%s → %s', (version, expected) => {
    expect(evaluateCve5Status(spec, version).status).toBe(expected);
  });

  it('handles exact entries, lessThanOrEqual, "*" and first-match-wins', () => {
    const entries = {
      defaultStatus: 'unaffected' as const,
      versions: [
        { version: '3.1', status: 'unaffected' as const },
        { version: '0', lessThanOrEqual: '3.1', status: 'affected' as const },
        { version: '5.0', lessThan: '*', status: 'affected' as const },
      ],
    };
    expect(evaluateCve5Status(entries, '3.1')).toMatchObject({ status: 'unaffected', entryIndex: 0 });
    expect(evaluateCve5Status(entries, '3.0.9')).toMatchObject({ status: 'affected', entryIndex: 1 });
    expect(evaluateCve5Status(entries, '4.0').status).toBe('unaffected');
    expect(evaluateCve5Status(entries, '99.1')).toMatchObject({ status: 'affected', entryIndex: 2 });
  });

  it('uses the plugged-in comparator and flags uncomparable versions', () => {
    const never = () => undefined;
    expect(evaluateCve5Status(spec, '2.12.1', never)).toEqual({ status: 'unknown', uncertain: true });
    expect(defaultVersionComparator('2.4', '2.4.0.1', undefined)).toBe(-1);
    expect(defaultVersionComparator('V2.10', '2.9', undefined)).toBe(1);
    expect(defaultVersionComparator('V2.9 SP1', '2.9.1', undefined)).toBeUndefined();
  });
});

describe('CVE 5 invalid input', () => {
  it('reports a record without cveId, rejected records and bad CVSS', () => {
    expect(readCve5Object({ dataType: 'CVE_RECORD' }).record).toBeUndefined();
    const rejected = readCve5Object({
      dataVersion: '5.1',
      cveMetadata: { cveId: 'CVE-2024-9999', state: 'REJECTED' },
      containers: { cna: { rejectedReasons: [{ lang: 'en', value: 'Duplicate.' }], metrics: [{ cvssV3_1: { vectorString: 'CVSS:3.1/AV:N' } }] } },
    });
    expect(rejected.record).toMatchObject({ status: 'rejected', descriptions: [{ value: 'Duplicate.' }] });
    expect(rejected.issues[0]).toMatchObject({ code: 'invalid-cvss', pointer: '/containers/cna/metrics/0/cvssV3_1/vectorString' });
    expect(() => readCve5Record('{"cveMetadata": ')).toThrow(InputError);
  });
});
