/** Pieces shared by the NVD API 2.0 and legacy 1.1 readers. */
import type { Issue } from '../../model/errors.js';
import type { CvssMetric, CvssSeverity, CvssVersion, IntelSource, VulnerabilityStatus } from '../../model/intel.js';
import { parseCvssVector } from '../cvss/vector.js';
import { cpe23SyntaxProblem } from './cpe-syntax.js';

const STATUS: Readonly<Record<string, VulnerabilityStatus>> = {
  received: 'published',
  'awaiting analysis': 'awaiting-analysis',
  'undergoing analysis': 'awaiting-analysis',
  analyzed: 'analyzed',
  modified: 'modified',
  deferred: 'deferred',
  rejected: 'rejected',
};

export function nvdStatus(vulnStatus: string | undefined): VulnerabilityStatus {
  return (vulnStatus && STATUS[vulnStatus.toLowerCase()]) || 'published';
}

const SEVERITIES = new Set(['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);

export function asSeverity(value: unknown): CvssSeverity | undefined {
  return typeof value === 'string' && SEVERITIES.has(value.toUpperCase()) ? (value.toUpperCase() as CvssSeverity) : undefined;
}

export interface MetricInput {
  version: CvssVersion;
  vector: string | undefined;
  baseScore: number | undefined;
  severity: CvssSeverity | undefined;
  type: 'primary' | 'secondary';
  assessor: string | undefined;
  pointer: string;
  source: IntelSource;
}

/** Validates a vector; returns the metric, or adds an issue (metric dropped, record kept). */
export function checkedMetric(input: MetricInput, issues: Issue[]): CvssMetric | undefined {
  if (input.vector === undefined) {
    issues.push({ pointer: input.pointer, code: 'invalid-cvss', message: 'CVSS metric without vectorString; metric dropped, record kept' });
    return undefined;
  }
  const parsed = parseCvssVector(input.vector, input.version);
  if (!parsed.ok) {
    issues.push({
      pointer: `${input.pointer}/vectorString`,
      code: 'invalid-cvss',
      message: `invalid CVSS ${input.version} vector ${JSON.stringify(input.vector)} (${parsed.errors.join('; ')}); metric dropped, record kept`,
    });
    return undefined;
  }
  const metric: CvssMetric = { version: input.version, vector: parsed.value.vector, type: input.type, source: input.source };
  if (input.baseScore !== undefined) metric.baseScore = input.baseScore;
  if (input.severity !== undefined) metric.severity = input.severity;
  if (input.assessor !== undefined) metric.assessor = input.assessor;
  return metric;
}

/** Adds an issue for an invalid CPE; the caller drops the whole configuration so AND semantics stay sound. */
export function checkCriteria(criteria: unknown, pointer: string, issues: Issue[]): criteria is string {
  if (typeof criteria !== 'string') {
    issues.push({ pointer, code: 'invalid-cpe', message: 'cpeMatch without criteria string; its configuration dropped, record kept' });
    return false;
  }
  const problem = cpe23SyntaxProblem(criteria);
  if (problem === undefined) return true;
  issues.push({
    pointer,
    code: 'invalid-cpe',
    message: `invalid CPE ${JSON.stringify(criteria)}: ${problem}; its configuration dropped, record kept`,
  });
  return false;
}
