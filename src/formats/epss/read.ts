/**
 * EPSS daily CSV (plain or .gz): optional `#model_version:…,score_date:…` comment line, then a header
 * (`cve,epss,percentile`, or `cve,epss` in early 2021 files), then rows. Bad rows are reported with
 * their line number and skipped; good rows are kept.
 */
import type { Issue } from '../../model/errors.js';
import { InputError } from '../../model/errors.js';
import type { EpssScore } from '../../model/intel.js';
import { decodeInputText, type GunzipOptions } from '../json/gzip.js';

export interface EpssReadOptions extends GunzipOptions {
  file?: string;
  /** Score date to use when the file has no header comment (e.g. from the file name). */
  scoreDate?: string;
  /** Stop after this many bad lines (default 1,000) so a wrong file does not produce a million issues. */
  maxIssues?: number;
}

export interface EpssReadResult {
  modelVersion?: string;
  scoreDate?: string;
  scores: EpssScore[];
  issues: Issue[];
}

const MODEL_LINE = /^#model_version:([^,]+),score_date:(.+)$/;
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function probability(text: string | undefined): number | undefined {
  if (text === undefined || !NUMBER.test(text)) return undefined;
  const value = Number(text);
  return value >= 0 && value <= 1 ? value : undefined;
}

export function readEpssCsv(input: string | Uint8Array, options: EpssReadOptions = {}): EpssReadResult {
  const { file } = options;
  const maxIssues = options.maxIssues ?? 1000;
  const lines = decodeInputText(input, options).split('\n');
  const issues: Issue[] = [];
  const scores: EpssScore[] = [];
  let modelVersion: string | undefined;
  let scoreDate = options.scoreDate;
  let lineIndex = 0;

  const first = lines[0]?.replace(/\r$/, '').trim() ?? '';
  if (first.startsWith('#')) {
    const match = MODEL_LINE.exec(first);
    if (match) {
      modelVersion = (match[1] as string).trim();
      scoreDate = (match[2] as string).trim();
    } else {
      issues.push({ file, line: 1, code: 'epss-header', message: `unrecognised comment line ${JSON.stringify(first.slice(0, 80))}` });
    }
    lineIndex = 1;
  }
  const header = (lines[lineIndex] ?? '').replace(/\r$/, '').trim().toLowerCase().split(',').map((cell) => cell.trim());
  if (header[0] !== 'cve' || header[1] !== 'epss') {
    throw new InputError('not an EPSS CSV: expected a header line "cve,epss[,percentile]"', {
      code: 'unsupported-document',
      place: { file, line: lineIndex + 1 },
    });
  }
  const hasPercentile = header[2] === 'percentile';
  for (let i = lineIndex + 1; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    const cells = line.split(',').map((cell) => cell.trim());
    const [cveId, epssText, percentileText] = cells;
    const epss = probability(epssText);
    const percentile = hasPercentile ? probability(percentileText) : undefined;
    let problem: string | undefined;
    if (cells.length !== (hasPercentile ? 3 : 2)) problem = `expected ${hasPercentile ? 3 : 2} columns, found ${cells.length}`;
    else if (!cveId || !CVE_ID.test(cveId)) problem = `invalid CVE id ${JSON.stringify(cveId)}`;
    else if (epss === undefined) problem = `epss ${JSON.stringify(epssText)} is not a probability between 0 and 1`;
    else if (hasPercentile && percentile === undefined) problem = `percentile ${JSON.stringify(percentileText)} is not between 0 and 1`;
    if (problem !== undefined) {
      if (issues.length < maxIssues) issues.push({ file, line: i + 1, code: 'invalid-epss-row', message: `${problem}; line skipped` });
      continue;
    }
    const score: EpssScore = { cveId: cveId as string, epss: epss as number };
    if (percentile !== undefined) score.percentile = percentile;
    if (modelVersion !== undefined) score.modelVersion = modelVersion;
    if (scoreDate !== undefined) score.scoreDate = scoreDate;
    scores.push(score);
  }
  return { modelVersion, scoreDate, scores, issues };
}
