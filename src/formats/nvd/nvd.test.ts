import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixture, haveFixtures } from '../../../test/support/fixtures.js';
import { InputError } from '../../model/errors.js';
import type { CpeConfigSpec, RecordOutcome } from '../../model/intel.js';
import { cpe23SyntaxProblem, keptRecords, readNvdDocument, streamNvdRecords, type NvdEnvelope } from './index.js';

const dirs = ['fkie-cad', 'osv.dev-nvdcve-2.0', 'vunnel-api-pages', 'legacy-1.1'];

async function collect(source: AsyncIterable<RecordOutcome>): Promise<RecordOutcome[]> {
  const result: RecordOutcome[] = [];
  for await (const item of source) result.push(item);
  return result;
}

describe.runIf(haveFixtures)('NVD fixtures', () => {
  it('reads every fixture file without issues', () => {
    let total = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(fixture('nvd', dir)).filter((file) => file.endsWith('.json'))) {
        const document = readNvdDocument(readFileSync(fixture('nvd', dir, name)), { file: name });
        expect(document.records.length, name).toBeGreaterThan(0);
        expect(document.records.flatMap((outcome) => outcome.issues), name).toEqual([]);
        total += document.records.length;
      }
    }
    // 3 bare + 23 single + 13 + 38 + 1 API records, 669 legacy records.
    expect(total).toBe(3 + 23 + 13 + 38 + 1 + 669);
  });

  it('normalises the Phoenix Contact record CVE-2023-3526 (bare cve object)', () => {
    const document = readNvdDocument(readFileSync(fixture('nvd', 'fkie-cad', 'CVE-2023-3526.json')), { file: 'CVE-2023-3526.json' });
    expect(document.envelope.format).toBe('cve-object');
    const [outcome] = keptRecords(document.records);
    expect(outcome?.record).toMatchObject({ id: 'CVE-2023-3526', status: 'modified', rawStatus: 'Modified', source: { kind: 'nvd-api', document: 'CVE-2023-3526.json', provider: 'info@cert.vde.com' } });
    expect(outcome?.record.metrics[0]).toMatchObject({
      version: '3.1',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H',
      baseScore: 9.6,
      severity: 'CRITICAL',
      type: 'primary',
    });
    const spec = outcome?.specs[0] as CpeConfigSpec;
    expect(spec.kind).toBe('cpe-config');
    // OT "running-on" shape: AND(firmware vulnerable, hardware platform-only).
    const first = spec.configurations[0];
    expect(first?.operator).toBe('AND');
    expect(first?.nodes[0]?.cpeMatch[0]).toMatchObject({
      criteria: 'cpe:2.3:o:phoenixcontact:cloud_client_1101t-tx_firmware:*:*:*:*:*:*:*:*',
      vulnerable: true,
      versionEndExcluding: '2.06.10',
    });
    expect(first?.nodes[1]?.cpeMatch[0]).toMatchObject({ criteria: 'cpe:2.3:h:phoenixcontact:cloud_client_1101t-tx:-:*:*:*:*:*:*:*', vulnerable: false });
  });

  it('reads the API page envelope and the legacy 1.1 feed', () => {
    const page = readNvdDocument(readFileSync(fixture('nvd', 'vunnel-api-pages', 'full-page-38-records.json')));
    expect(page.envelope).toMatchObject({ format: 'api-2.0', totalResults: 38, resultsPerPage: 38, startIndex: 0 });
    const legacy = readNvdDocument(readFileSync(fixture('nvd', 'legacy-1.1', 'nvdcve-1.1-test-data.json')));
    expect(legacy.envelope).toMatchObject({ format: 'legacy-1.1', declaredCount: 660 }); // the feed's own count is stale: it holds 669
    const first = keptRecords(legacy.records)[0];
    expect(first?.record).toMatchObject({ id: 'CVE-2022-0090', published: '2022-01-18T17:15Z', source: { kind: 'nvd-feed-1.1' } });
    expect(first?.record.metrics.map((metric) => metric.vector)).toEqual(['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N', 'AV:N/AC:L/Au:N/C:N/I:P/A:N']);
    expect((first?.specs[0] as CpeConfigSpec).configurations[0]?.nodes[0]?.cpeMatch[0]).toMatchObject({ versionStartIncluding: '14.6.0', versionEndExcluding: '14.6.1' });
  });

  it('streams a feed (plain and gzip) in small chunks with the same result', async () => {
    const path = fixture('nvd', 'vunnel-api-pages', 'full-page-38-records.json');
    let envelope: NvdEnvelope | undefined;
    const streamed = await collect(streamNvdRecords(createReadStream(path, { highWaterMark: 512 }), { onEnvelope: (value) => (envelope = value) }));
    const whole = readNvdDocument(readFileSync(path)).records;
    expect(streamed.map((outcome) => outcome.record?.id)).toEqual(whole.map((outcome) => outcome.record?.id));
    expect(streamed[5]?.record?.source.pointer).toBe('/vulnerabilities/5/cve');
    expect(envelope?.totalResults).toBe(38);
    const gz = gzipSync(readFileSync(path));
    const fromGzip = await collect(streamNvdRecords(Readable.from([gz.subarray(0, 100), gz.subarray(100)])));
    expect(fromGzip).toHaveLength(38);
    const legacy = await collect(streamNvdRecords(createReadStream(fixture('nvd', 'legacy-1.1', 'nvdcve-1.1-test-data.json'))));
    expect(legacy).toHaveLength(669);
  });
});

const page = (cve: unknown) => JSON.stringify({ resultsPerPage: 1, startIndex: 0, totalResults: 1, format: 'NVD_CVE', version: '2.0', vulnerabilities: [{ cve }] });

describe('NVD hostile and invalid input', () => {
  const cve = {
    id: 'CVE-2024-0001',
    vulnStatus: 'Rejected',
    metrics: {
      cvssMetricV31: [
        { source: 'a@b', type: 'Primary', cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', baseScore: 9.8 } },
        { source: 'c@d', type: 'Secondary', cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8 } },
      ],
    },
    configurations: [
      { nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:vendor:product' }] }] },
      { nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:vendor:product:1.0:*:*:*:*:*:*:*' }] }] },
    ],
  };

  it('keeps a record with an invalid CVSS vector or CPE, naming each problem by pointer', () => {
    const [outcome] = readNvdDocument(page(cve)).records;
    expect(outcome?.record).toMatchObject({ id: 'CVE-2024-0001', status: 'rejected' });
    expect(outcome?.record?.metrics).toHaveLength(1);
    expect(outcome?.record?.metrics[0]?.type).toBe('secondary');
    expect(outcome?.issues).toEqual([
      expect.objectContaining({ code: 'invalid-cvss', pointer: '/vulnerabilities/0/cve/metrics/cvssMetricV31/0/cvssData/vectorString', message: expect.stringMatching(/missing base metric A.*record kept/) }),
      expect.objectContaining({ code: 'invalid-cpe', pointer: '/vulnerabilities/0/cve/configurations/0/nodes/0/cpeMatch/0', message: expect.stringMatching(/configuration dropped, record kept/) }),
    ]);
    expect((outcome?.specs[0] as CpeConfigSpec).configurations).toHaveLength(1);
  });

  it('skips a record without a CVE id and keeps the others', () => {
    const text = JSON.stringify({ vulnerabilities: [{ cve: { id: 'nope' } }, { cve: { id: 'CVE-2024-0002' } }, 7] });
    const document = readNvdDocument(text);
    expect(document.records.map((outcome) => outcome.record?.id)).toEqual([undefined, 'CVE-2024-0002', undefined]);
    expect(document.records[0]?.issues[0]?.pointer).toBe('/vulnerabilities/0/cve/id');
  });

  it('rejects non-NVD documents and broken JSON with a place', () => {
    expect(() => readNvdDocument('{"hello": 1}')).toThrow(InputError);
    expect(() => readNvdDocument('{"vulnerabilities": [\n{"cve": }]}')).toThrow(/line 2/);
    expect(() => readNvdDocument(gzipSync(page(cve)).subarray(0, 30))).toThrow(/truncated gzip/);
  });

  it('checks CPE 2.3 syntax', () => {
    expect(cpe23SyntaxProblem('cpe:2.3:a:foo\\:bar:hmi:1.0:*:*:*:*:*:*:*')).toBeUndefined();
    expect(cpe23SyntaxProblem('cpe:2.3:o:siemens:simatic_s7-1500_firmware:-:*:*:*:*:*:*:*')).toBeUndefined();
    expect(cpe23SyntaxProblem('cpe:2.3:a:vendor:product')).toMatch(/5 fields/);
    expect(cpe23SyntaxProblem('cpe:/a:vendor:product:1.0')).toMatch(/cpe:2.3/);
    expect(cpe23SyntaxProblem('cpe:2.3:a:ven dor:product:1.0:*:*:*:*:*:*:*')).toMatch(/not allowed/);
  });
});
