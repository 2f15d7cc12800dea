/**
 * CVSS scores from several sources: every vector validated and scored with the project's scorer
 * (src/formats/cvss, ae-cvss-calculator), every problem reported, and one preferred score chosen by
 * the documented preference: vendor CNA / CSAF > CISA ADP > NVD > other, then the newest CVSS
 * version, then the newest date, then input order. EPSS is passed through with its date.
 */
import { parseCvssVector, scoreCvssVector, type CvssScores } from '../../formats/cvss/index.js';
import type { CvssMetric, CvssVersion } from '../../model/intel.js';
import { parseInstant } from './dates.js';

export const CVSS_SOURCE_KINDS = ['vendor-cna', 'csaf', 'cisa-adp', 'nvd', 'other'] as const;
export type CvssSourceKind = (typeof CVSS_SOURCE_KINDS)[number];

/** Preference rank per source kind (lower wins). The vendor's own assessment knows the product best. */
const SOURCE_RANK: Readonly<Record<CvssSourceKind, number>> = { 'vendor-cna': 0, csaf: 0, 'cisa-adp': 1, nvd: 2, other: 3 };
const VERSION_RANK: Readonly<Record<CvssVersion, number>> = { '4.0': 0, '3.1': 1, '3.0': 2, '2.0': 3 };
/** Stated scores are published with one decimal; anything further off is a different score. */
const SCORE_TOLERANCE = 0.05;

export const PREFERENCE_RULE =
  'preferred: vendor CNA / CSAF > CISA ADP > NVD > other; within a source the newest CVSS version (4.0 > 3.1 > 3.0 > 2.0), then the newest date';

export interface CvssInput {
  vector: string;
  /** The base score the source stated, if any (checked against the computed one). */
  statedScore?: number | undefined;
  sourceKind: CvssSourceKind;
  /** Who assessed: CNA short name, CSAF publisher, `NVD`, … */
  sourceName: string;
  /** When the source published or last modified the score (ISO-8601). */
  date?: string | undefined;
}

export interface ScoredCvss {
  input: CvssInput;
  version: CvssVersion;
  /** Metric → value as written in the vector (used by the SSVC derivations). */
  metrics: Readonly<Record<string, string>>;
  scores: CvssScores;
}

export type ScoreProblemCode = 'invalid-vector' | 'score-mismatch' | 'invalid-date' | 'invalid-epss';

export interface ScoreProblem {
  code: ScoreProblemCode;
  message: string;
  sourceKind?: CvssSourceKind;
  sourceName?: string;
  vector?: string;
}

export interface CvssSelection {
  /** The score to show and to rank by; absent when no vector is valid. */
  preferred: ScoredCvss | undefined;
  /** Every valid vector with its source, in preference order (the preferred one first). */
  all: ScoredCvss[];
  /** Invalid vectors, stated scores that disagree with the vector, unreadable dates. Never dropped. */
  problems: ScoreProblem[];
  rule: string;
}

function sourceRank(kind: CvssSourceKind): number {
  return SOURCE_RANK[kind] ?? SOURCE_RANK.other;
}

function problemOf(input: CvssInput, code: ScoreProblemCode, message: string): ScoreProblem {
  return { code, message, sourceKind: input.sourceKind, sourceName: input.sourceName, vector: input.vector };
}

function near(a: number | undefined, b: number): boolean {
  return a !== undefined && Math.abs(a - b) <= SCORE_TOLERANCE;
}

type VectorResult = { ok: true; version: CvssVersion; metrics: Readonly<Record<string, string>>; scores: CvssScores } | { ok: false; errors: string[] };

// Scoring a v4 vector costs ~0.35 ms and the same few thousand vectors recur across a corpus, so
// each vector is scored once. Results are shared read-only.
const MAX_MEMO = 50_000;
const memo = new Map<string, VectorResult>();

function scoreVector(vector: string): VectorResult {
  let result = memo.get(vector);
  if (result === undefined) {
    const parsed = parseCvssVector(vector);
    const scored = parsed.ok ? scoreCvssVector(parsed.value.vector) : parsed;
    result = parsed.ok && scored.ok ? { ok: true, version: parsed.value.version, metrics: parsed.value.metrics, scores: scored.value } : { ok: false, errors: scored.ok ? [] : scored.errors };
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(vector, result);
  }
  return result;
}

/** Scores one vector: the scored entry, or the problems that prevent it. */
export function scoreCvssInput(input: CvssInput): { scored?: ScoredCvss; problems: ScoreProblem[] } {
  const problems: ScoreProblem[] = [];
  const result = scoreVector(String(input.vector ?? ''));
  if (!result.ok) {
    problems.push(problemOf(input, 'invalid-vector', `invalid CVSS vector from ${input.sourceName}: ${result.errors.join('; ')}`));
    return { problems };
  }
  const scores = result.scores;
  if (input.statedScore !== undefined) {
    // A v3 stated score may be the temporal one and a v4 one CVSS-BT/BE: any score of the vector counts.
    const candidates = [scores.base, scores.overall, scores.temporal, scores.threat, scores.environmental];
    if (!candidates.some((score) => score !== undefined && near(input.statedScore, score))) {
      problems.push(problemOf(input, 'score-mismatch', `${input.sourceName} states ${input.statedScore} but the vector scores ${scores.base} (the computed score is used)`));
    }
  }
  if (input.date !== undefined && parseInstant(input.date) === undefined) {
    problems.push(problemOf(input, 'invalid-date', `unreadable date ${JSON.stringify(input.date)} from ${input.sourceName} (ignored for the preference)`));
  }
  return { scored: { input, version: result.version, metrics: result.metrics, scores }, problems };
}

function compareScored(a: ScoredCvss, b: ScoredCvss): number {
  return (
    sourceRank(a.input.sourceKind) - sourceRank(b.input.sourceKind) ||
    VERSION_RANK[a.version] - VERSION_RANK[b.version] ||
    (parseInstant(b.input.date) ?? -Infinity) - (parseInstant(a.input.date) ?? -Infinity) ||
    0
  );
}

/** Validates and scores every entry and picks the preferred score. */
export function selectCvss(entries: readonly CvssInput[]): CvssSelection {
  const all: ScoredCvss[] = [];
  const problems: ScoreProblem[] = [];
  for (const entry of entries) {
    const result = scoreCvssInput(entry);
    if (result.scored) all.push(result.scored);
    problems.push(...result.problems);
  }
  all.sort(compareScored); // stable: input order breaks the remaining ties
  const preferred = all[0];
  const rule = preferred
    ? `${PREFERENCE_RULE}; chose CVSS ${preferred.version} ${preferred.scores.base} from ${preferred.input.sourceName} (${preferred.input.sourceKind})`
    : entries.length === 0
      ? 'no CVSS vector published'
      : 'no valid CVSS vector among the published ones';
  return { preferred, all, problems, rule };
}

const CISA_ADP_ORG_ID = '134c704f-9b21-4f2e-91b3-4a467353bcc0';

/**
 * Source kind of a metric as the intelligence readers store it: CSAF documents; CVE 5 CNA (vendor
 * CNA) and CISA ADP containers; NVD's own `Primary` assessment versus the CNA and CISA ADP scores
 * NVD republishes as `Secondary`; OSV and anything else → other.
 */
export function cvssSourceKind(metric: Pick<CvssMetric, 'type' | 'assessor' | 'source'>): CvssSourceKind {
  const assessor = (metric.assessor ?? metric.source.provider ?? '').toLowerCase();
  if (metric.source.kind === 'csaf') return 'csaf';
  if (assessor === 'cisa-adp' || assessor === CISA_ADP_ORG_ID) return 'cisa-adp';
  if (metric.source.kind === 'cve5') return metric.type === 'primary' ? 'vendor-cna' : 'other';
  if (metric.source.kind === 'nvd-api' || metric.source.kind === 'nvd-feed-1.1') {
    return assessor === 'nvd@nist.gov' || (metric.type === 'primary' && assessor === '') ? 'nvd' : 'vendor-cna';
  }
  return 'other';
}

/** A stored metric as scoring input. */
export function cvssInputFromMetric(metric: CvssMetric, date?: string): CvssInput {
  return {
    vector: metric.vector,
    statedScore: metric.baseScore,
    sourceKind: cvssSourceKind(metric),
    sourceName: metric.assessor ?? metric.source.provider ?? metric.source.kind,
    date,
  };
}

export interface EpssInput {
  /** Probability of exploitation activity in the next 30 days, 0..1. */
  score: number;
  percentile?: number | undefined;
  /** Score date (ISO-8601); EPSS changes daily, so a score without its date is shown as such. */
  date?: string | undefined;
  modelVersion?: string | undefined;
}

/** EPSS passed through when it is a probability; problems otherwise (a bad score is dropped, and said so). */
export function checkEpss(epss: EpssInput | undefined): { epss: EpssInput | undefined; problems: ScoreProblem[] } {
  if (epss === undefined) return { epss: undefined, problems: [] };
  const problems: ScoreProblem[] = [];
  const inRange = (x: number | undefined): boolean => typeof x === 'number' && x >= 0 && x <= 1;
  if (!inRange(epss.score)) {
    return { epss: undefined, problems: [{ code: 'invalid-epss', message: `EPSS score ${String(epss.score)} is not a probability in 0..1 (ignored)` }] };
  }
  const result: EpssInput = { ...epss };
  if (epss.percentile !== undefined && !inRange(epss.percentile)) {
    problems.push({ code: 'invalid-epss', message: `EPSS percentile ${String(epss.percentile)} is not in 0..1 (ignored)` });
    delete result.percentile;
  }
  if (epss.date === undefined) problems.push({ code: 'invalid-date', message: 'EPSS score has no date' });
  else if (parseInstant(epss.date) === undefined) problems.push({ code: 'invalid-date', message: `unreadable EPSS date ${JSON.stringify(epss.date)}` });
  return { epss: result, problems };
}
