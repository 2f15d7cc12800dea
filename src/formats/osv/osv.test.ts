import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { InputError } from '../../model/errors.js';
import { readOsv } from './index.js';

describe.runIf(haveFixtures)('OSV fixtures', () => {
  it('reads all 48 records without issues', () => {
    let count = 0;
    for (const dir of ['ghsa', 'go-vulndb', 'test-data-extracted']) {
      for (const name of readdirSync(fixture('osv', dir)).filter((file) => file.endsWith('.json'))) {
        const result = readOsv(readFileSync(fixture('osv', dir, name)), { file: name });
        expect(result.issues, name).toEqual([]);
        expect(result.records.flatMap((record) => record.issues), name).toEqual([]);
        expect(result.records[0]?.record.id, name).toBe(name.replace(/\.json$/, ''));
        count += result.records.length;
      }
    }
    expect(count).toBe(48);
  });

  it('normalises GHSA-p6mc-m468-83gw (lodash) with alias, CVSS and ranges', () => {
    const [parsed] = readOsv(readFileSync(fixture('osv', 'ghsa', 'GHSA-p6mc-m468-83gw.json'))).records;
    expect(parsed?.record).toMatchObject({ id: 'GHSA-p6mc-m468-83gw', aliases: ['CVE-2020-8203'], title: 'Prototype Pollution in lodash' });
    expect(parsed?.record.metrics[0]).toMatchObject({ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' });
    expect(parsed?.specs[0]).toMatchObject({ kind: 'osv-range', ecosystem: 'npm', packageName: 'lodash', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '4.17.20' }] }] });
    expect(parsed?.advisory.vulnerabilities.map((vulnerability) => vulnerability.id)).toEqual(['GHSA-p6mc-m468-83gw', 'CVE-2020-8203']);
  });

  it('keeps Go multi-range events in order', () => {
    const [parsed] = readOsv(readFileSync(fixture('osv', 'go-vulndb', 'GO-2022-0969.json'))).records;
    expect(parsed?.specs[0]).toMatchObject({ packageName: 'stdlib', ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.18.6' }, { introduced: '1.19.0-0' }, { fixed: '1.19.1' }] }] });
  });
});

describe('OSV arrays and invalid input', () => {
  it('reads arrays, skips records without id and reports bad vectors', () => {
    const result = readOsv(JSON.stringify([{ id: 'X-1', modified: '2024-01-01T00:00:00Z', withdrawn: '2024-02-01T00:00:00Z', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }] }, { modified: 'x' }]));
    expect(result.records).toHaveLength(1);
    expect(result.records[0]?.record.status).toBe('rejected');
    expect(result.records[0]?.issues[0]).toMatchObject({ code: 'invalid-cvss', pointer: '/0/severity/0/score' });
    expect(result.issues[0]).toMatchObject({ pointer: '/1/id' });
    expect(() => readOsv('{"foo": 1}')).toThrow(InputError);
  });
});
