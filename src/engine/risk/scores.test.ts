import { describe, expect, it } from 'vitest';
import type { CvssMetric } from '../../model/intel.js';
import { checkEpss, cvssInputFromMetric, cvssSourceKind, selectCvss, type CvssInput } from './scores.js';

const V31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const V40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
const V2 = 'AV:N/AC:L/Au:N/C:P/I:P/A:P';

function entry(vector: string, sourceKind: CvssInput['sourceKind'], extra: Partial<CvssInput> = {}): CvssInput {
  return { vector, sourceKind, sourceName: extra.sourceName ?? sourceKind, ...extra };
}

describe('selectCvss: scoring (standards §6 vectors)', () => {
  it.each([
    [V31, 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8],
    [V2, 7.5],
    [V40, 9.3],
    ['CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H', 9.4],
  ])('%s scores %d', (vector, score) => {
    const selection = selectCvss([entry(vector, 'nvd')]);
    expect(selection.preferred?.scores.base).toBe(score);
    expect(selection.problems).toEqual([]);
  });

  it('keeps threat and temporal scores beside the base score', () => {
    const selection = selectCvss([entry(`${V40}/E:U`, 'vendor-cna'), entry(`${V31}/E:U/RL:O/RC:C`, 'nvd')]);
    expect(selection.all.map((s) => [s.scores.base, s.scores.overall])).toEqual([[9.3, 8.1], [9.8, 8.5]]);
    expect(selection.all[0]?.scores.nomenclature).toBe('CVSS-BT');
  });
});

describe('selectCvss: preference', () => {
  it('prefers vendor CNA / CSAF over CISA ADP over NVD over other, whatever the input order', () => {
    const entries = [entry(V31, 'other'), entry(V31, 'nvd'), entry(V31, 'cisa-adp'), entry(V2, 'csaf')];
    const selection = selectCvss(entries);
    expect(selection.preferred?.input.sourceKind).toBe('csaf');
    expect(selection.all.map((s) => s.input.sourceKind)).toEqual(['csaf', 'cisa-adp', 'nvd', 'other']);
    expect(selection.rule).toMatch(/chose CVSS 2\.0 7\.5 from csaf/);
  });

  it('prefers the newest CVSS version within the same source, then the newest date', () => {
    const selection = selectCvss([
      entry(V2, 'vendor-cna', { sourceName: 'old' }),
      entry(V31, 'vendor-cna', { sourceName: 'v31 older', date: '2023-01-01' }),
      entry('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 'vendor-cna', { sourceName: 'v31 newer', date: '2024-01-01' }),
      entry(V40, 'nvd'),
    ]);
    expect(selection.all.map((s) => s.input.sourceName)).toEqual(['v31 newer', 'v31 older', 'old', 'nvd']);
    expect(selection.preferred?.scores.base).toBe(7.8);
  });

  it('treats a vendor CNA and a CSAF score as equals, so the newer version decides', () => {
    expect(selectCvss([entry(V31, 'vendor-cna'), entry(V40, 'csaf')]).preferred?.input.sourceKind).toBe('csaf');
  });

  it('keeps input order for complete ties and puts dated entries before undated ones', () => {
    const selection = selectCvss([entry(V31, 'nvd', { sourceName: 'a' }), entry(V31, 'nvd', { sourceName: 'b', date: '2020-01-01' }), entry(V31, 'nvd', { sourceName: 'c' })]);
    expect(selection.all.map((s) => s.input.sourceName)).toEqual(['b', 'a', 'c']);
  });
});

describe('selectCvss: problems are reported, never dropped', () => {
  it('reports every invalid vector with its source and falls back to the next valid one', () => {
    const selection = selectCvss([
      entry('CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 'vendor-cna', { sourceName: 'Siemens' }),
      entry('CVSS:3.2/AV:N', 'cisa-adp'),
      entry(V31, 'nvd'),
    ]);
    expect(selection.preferred?.input.sourceKind).toBe('nvd');
    expect(selection.problems.map((p) => [p.code, p.sourceName])).toEqual([['invalid-vector', 'Siemens'], ['invalid-vector', 'cisa-adp']]);
    expect(selection.problems[0]?.message).toMatch(/out of the order/);
  });

  it('says so when no vector is valid or none was published', () => {
    const invalid = selectCvss([entry('garbage', 'nvd')]);
    expect(invalid.preferred).toBeUndefined();
    expect(invalid.rule).toBe('no valid CVSS vector among the published ones');
    expect(invalid.problems).toHaveLength(1);
    expect(selectCvss([]).rule).toBe('no CVSS vector published');
  });

  it('flags a stated score that disagrees with the vector and uses the computed one', () => {
    const selection = selectCvss([entry(V31, 'vendor-cna', { statedScore: 7.5, sourceName: 'ACME' })]);
    expect(selection.preferred?.scores.base).toBe(9.8);
    expect(selection.problems).toEqual([expect.objectContaining({ code: 'score-mismatch', sourceName: 'ACME', message: expect.stringMatching(/states 7\.5 but the vector scores 9\.8/) })]);
  });

  it('accepts a stated score equal to the temporal or threat score of the vector', () => {
    expect(selectCvss([entry(`${V31}/E:U/RL:O/RC:C`, 'nvd', { statedScore: 8.5 })]).problems).toEqual([]);
    expect(selectCvss([entry(`${V40}/E:P`, 'nvd', { statedScore: 8.9 })]).problems).toEqual([]);
    expect(selectCvss([entry(V31, 'nvd', { statedScore: 9.8 })]).problems).toEqual([]);
  });

  it('reports an unreadable date and ignores it for the preference', () => {
    const selection = selectCvss([entry(V31, 'nvd', { date: '2024-02-30', sourceName: 'x' }), entry(V31, 'nvd', { date: '2020-01-01', sourceName: 'y' })]);
    expect(selection.preferred?.input.sourceName).toBe('y');
    expect(selection.problems.map((p) => p.code)).toEqual(['invalid-date']);
  });
});

describe('cvssSourceKind', () => {
  const metric = (kind: CvssMetric['source']['kind'], type: CvssMetric['type'], assessor?: string, provider?: string): CvssMetric => ({
    version: '3.1', vector: V31, type, assessor, source: { kind, provider },
  });

  it('maps the readers’ metrics to source kinds', () => {
    expect(cvssSourceKind(metric('csaf', 'primary', 'Siemens ProductCERT'))).toBe('csaf');
    expect(cvssSourceKind(metric('cve5', 'primary', 'siemens'))).toBe('vendor-cna');
    expect(cvssSourceKind(metric('cve5', 'secondary', 'CISA-ADP'))).toBe('cisa-adp');
    expect(cvssSourceKind(metric('nvd-api', 'primary', 'nvd@nist.gov'))).toBe('nvd');
    expect(cvssSourceKind(metric('nvd-api', 'secondary', 'productcert@siemens.com'))).toBe('vendor-cna');
    expect(cvssSourceKind(metric('nvd-api', 'secondary', '134c704f-9b21-4f2e-91b3-4a467353bcc0'))).toBe('cisa-adp');
    expect(cvssSourceKind(metric('osv', 'primary', 'GitHub'))).toBe('other');
  });

  it('builds a scoring input with the stated score and the assessor as source name', () => {
    const m = { ...metric('nvd-api', 'primary', 'nvd@nist.gov'), baseScore: 9.8 };
    expect(cvssInputFromMetric(m, '2024-01-01')).toEqual({ vector: V31, statedScore: 9.8, sourceKind: 'nvd', sourceName: 'nvd@nist.gov', date: '2024-01-01' });
  });
});

describe('checkEpss', () => {
  it('passes score, percentile, model and date through', () => {
    const epss = { score: 0.944, percentile: 0.999, date: '2025-09-03T12:55:00+0000', modelVersion: 'v2025.03.14' };
    expect(checkEpss(epss)).toEqual({ epss, problems: [] });
  });

  it('drops a score that is not a probability, and says so', () => {
    expect(checkEpss({ score: 1.5, date: '2025-01-01' })).toEqual({ epss: undefined, problems: [expect.objectContaining({ code: 'invalid-epss' })] });
  });

  it('reports a missing date or a bad percentile but keeps the score', () => {
    const result = checkEpss({ score: 0.2, percentile: -1 });
    expect(result.epss).toEqual({ score: 0.2 });
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/percentile -1/), 'EPSS score has no date']);
  });
});
