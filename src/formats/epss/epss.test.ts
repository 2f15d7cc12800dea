import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../model/errors.js';
import { readEpssCsv } from './index.js';

const CURRENT = '#model_version:v2025.03.14,score_date:2025-09-03T12:55:00Z\ncve,epss,percentile\nCVE-1999-0001,0.0142,0.7991\r\nCVE-2021-44228,0.94358,0.99959\n';

describe('EPSS CSV', () => {
  it('reads the model header and rows (plain and gzip)', () => {
    for (const input of [CURRENT, gzipSync(CURRENT)]) {
      const result = readEpssCsv(input);
      expect(result.modelVersion).toBe('v2025.03.14');
      expect(result.scoreDate).toBe('2025-09-03T12:55:00Z');
      expect(result.issues).toEqual([]);
      expect(result.scores).toEqual([
        { cveId: 'CVE-1999-0001', epss: 0.0142, percentile: 0.7991, modelVersion: 'v2025.03.14', scoreDate: '2025-09-03T12:55:00Z' },
        { cveId: 'CVE-2021-44228', epss: 0.94358, percentile: 0.99959, modelVersion: 'v2025.03.14', scoreDate: '2025-09-03T12:55:00Z' },
      ]);
    }
  });

  it('accepts the older +0000 score date and 2021 files without comment or percentile', () => {
    expect(readEpssCsv('#model_version:v2022.01.01,score_date:2022-02-04T00:00:00+0000\ncve,epss,percentile\nCVE-2020-1234,0.5,0.9\n').scoreDate).toBe('2022-02-04T00:00:00+0000');
    const old = readEpssCsv('cve,epss\nCVE-2020-1234,1.2e-04\n', { scoreDate: '2021-04-14' });
    expect(old.modelVersion).toBeUndefined();
    expect(old.scores).toEqual([{ cveId: 'CVE-2020-1234', epss: 0.00012, scoreDate: '2021-04-14' }]);
  });

  it('reports bad lines with line numbers and keeps the good ones', () => {
    const text = [
      '#model_version:v2025.03.14,score_date:2025-09-03T12:55:00Z',
      'cve,epss,percentile',
      'CVE-2024-0001,0.1,0.5',
      'not-a-cve,0.1,0.5',
      'CVE-2024-0002,1.5,0.5',
      'CVE-2024-0003,0.1',
      'CVE-2024-0004,abc,0.5',
      'CVE-2024-0005,0.2,0.6',
    ].join('\n');
    const result = readEpssCsv(text, { file: 'epss.csv' });
    expect(result.scores.map((score) => score.cveId)).toEqual(['CVE-2024-0001', 'CVE-2024-0005']);
    expect(result.issues.map((issue) => issue.line)).toEqual([4, 5, 6, 7]);
    expect(result.issues[1]).toMatchObject({ file: 'epss.csv', message: expect.stringMatching(/not a probability/) });
  });

  it('rejects files that are not EPSS and truncated gzip', () => {
    expect(() => readEpssCsv('id,score\n1,2\n')).toThrow(InputError);
    expect(() => readEpssCsv(gzipSync(CURRENT.repeat(50)).subarray(0, 40))).toThrow(/truncated gzip/);
  });
});
