/**
 * A risk score per finding and its rollups per asset, zone, site and organisation.
 *
 * Finding score (0–100): the SSVC decision sets the band and the rest orders findings inside it,
 * so sorting by score never puts a Track above an Attend:
 *
 *   score = (band + 25 × (0.4 × CVSS/10 + 0.3 × EPSS + 0.2 × KEV + 0.1 × exposed)) × state factor
 *
 * band: Track 0, Track* 25, Attend 50, Act 75. CVSS: the preferred base score, unknown → 10
 * (assumed, shown). EPSS: the probability, unknown → 0 (shown). KEV and exposed: 1 or 0 (unknown
 * exposure → 1). State factor: open, planned, risk-accepted 1 (the risk is still there); mitigated
 * 0.5; remediated, verified 0.
 *
 * Rollup of a group: the highest finding score (a plant is as exposed as its worst finding), with
 * the count per decision, the sum and the mean beside it.
 */
import type { RemediationState } from './remediation.js';
import { DECISIONS, type SsvcDecision } from './values.js';

const BAND_FLOOR = [0, 25, 50, 75] as const;
const BAND_WIDTH = 25;
const WEIGHTS = { cvss: 0.4, epss: 0.3, kev: 0.2, exposed: 0.1 } as const;
/** CVSS in tenths (0–100); this code = unknown. */
export const CVSS_UNKNOWN = 255;

export const STATE_FACTORS: Readonly<Record<RemediationState, number>> = {
  open: 1, planned: 1, 'risk-accepted': 1, mitigated: 0.5, remediated: 0, verified: 0,
};

/** The score from codes: the one formula both the single-finding and the batch paths use. */
export function riskScoreOf(decision: number, cvssTenths: number, epss: number, kev: number, exposed: number, stateFactor: number): number {
  const cvss = cvssTenths === CVSS_UNKNOWN ? 1 : cvssTenths / 100;
  const within = WEIGHTS.cvss * cvss + WEIGHTS.epss * (Number.isNaN(epss) ? 0 : epss) + WEIGHTS.kev * kev + WEIGHTS.exposed * exposed;
  return Math.round((BAND_FLOOR[decision as 0 | 1 | 2 | 3] + BAND_WIDTH * within) * stateFactor * 10) / 10;
}

export interface RiskFactors {
  decision: SsvcDecision;
  /** Preferred CVSS base score, 0–10. */
  cvss?: number | undefined;
  /** EPSS probability, 0–1. */
  epss?: number | undefined;
  kev: boolean;
  /** Publicly exposed ('open' or unknown exposure). */
  exposed: boolean;
  /** Remediation state (default open). */
  state?: RemediationState | undefined;
}

export interface RiskScore {
  score: number;
  /** The formula with the numbers, for display. */
  text: string;
}

function fixed(x: number, digits = 3): string {
  return String(Number(x.toFixed(digits)));
}

export function findingRiskScore(factors: RiskFactors): RiskScore {
  const decision = DECISIONS.indexOf(factors.decision);
  const cvssKnown = factors.cvss !== undefined && factors.cvss >= 0 && factors.cvss <= 10;
  const cvssTenths = cvssKnown ? Math.round(factors.cvss! * 10) : CVSS_UNKNOWN;
  const epssKnown = factors.epss !== undefined && factors.epss >= 0 && factors.epss <= 1;
  const state = factors.state ?? 'open';
  const factor = STATE_FACTORS[state];
  const score = riskScoreOf(decision, cvssTenths, epssKnown ? factors.epss! : Number.NaN, Number(factors.kev), Number(factors.exposed), factor);
  const text =
    `${factors.decision} band ${BAND_FLOOR[decision as 0 | 1 | 2 | 3]} + ${BAND_WIDTH} × (` +
    `${WEIGHTS.cvss} × CVSS ${cvssKnown ? fixed(cvssTenths / 10, 1) : 'unknown → 10'}/10 + ` +
    `${WEIGHTS.epss} × EPSS ${epssKnown ? fixed(factors.epss!) : 'unknown → 0'} + ` +
    `${WEIGHTS.kev} × KEV ${Number(factors.kev)} + ${WEIGHTS.exposed} × exposed ${Number(factors.exposed)})` +
    ` × state ${state} ${factor} = ${score}`;
  return { score, text };
}

// ---------------------------------------------------------------------------------------------
// Rollups
// ---------------------------------------------------------------------------------------------

/** Per-group accumulators over typed arrays (the batch path); `top` is the index of the worst finding. */
export interface RollupColumns {
  max: Float32Array;
  sum: Float64Array;
  /** Count per decision: `counts[group * 4 + decision]`. */
  counts: Uint32Array;
  top: Int32Array;
}

/** Rolls finding scores up into `groupCount` groups; `groupOf[i]` < 0 leaves finding i out. */
export function rollupColumns(scores: ArrayLike<number>, decisions: ArrayLike<number>, groupOf: ArrayLike<number>, groupCount: number): RollupColumns {
  const max = new Float32Array(groupCount);
  const sum = new Float64Array(groupCount);
  const counts = new Uint32Array(groupCount * 4);
  const top = new Int32Array(groupCount).fill(-1);
  for (let i = 0; i < scores.length; i++) {
    const g = groupOf[i]!;
    if (g < 0) continue;
    const s = scores[i]!;
    sum[g]! += s;
    counts[g * 4 + decisions[i]!]!++;
    if (top[g] === -1 || s > max[g]!) {
      max[g] = s;
      top[g] = i;
    }
  }
  return { max, sum, counts, top };
}

export interface RollupRow {
  group: string;
  score: number;
  findings: number;
  byDecision: Record<SsvcDecision, number>;
  sum: number;
  mean: number;
  /** Id of the finding with the highest score. */
  worst?: string | undefined;
  text: string;
}

/** A group's numbers as rollupRow rounds them, without the text (what the store keeps for 100,000 assets). */
export function rollupValues(columns: RollupColumns, g: number): { score: number; findings: number; counts: [track: number, trackStar: number, attend: number, act: number]; sum: number; mean: number; top: number } {
  const c = columns.counts;
  const counts: [number, number, number, number] = [c[g * 4]!, c[g * 4 + 1]!, c[g * 4 + 2]!, c[g * 4 + 3]!];
  const findings = counts[0] + counts[1] + counts[2] + counts[3];
  return {
    score: Math.round(columns.max[g]! * 10) / 10,
    findings,
    counts,
    sum: Math.round(columns.sum[g]! * 10) / 10,
    mean: findings === 0 ? 0 : Math.round((columns.sum[g]! / findings) * 10) / 10,
    top: columns.top[g]!,
  };
}

export function rollupRow(group: string, columns: RollupColumns, g: number, findingId: (index: number) => string | undefined): RollupRow {
  const { score, findings, sum, mean, top } = rollupValues(columns, g);
  const byDecision = Object.fromEntries(DECISIONS.map((d, i) => [d, columns.counts[g * 4 + i]!])) as Record<SsvcDecision, number>;
  const worst = top >= 0 ? findingId(top) : undefined;
  const counts = [...DECISIONS].reverse().map((d) => `${d} ${byDecision[d]}`).join(' · ');
  const text = `${group} risk ${score} = highest finding score${worst ? ` (${worst})` : ''} of ${findings} findings: ${counts}; sum ${sum}, mean ${mean}`;
  return { group, score, findings, byDecision, sum, mean, worst, text };
}

export interface ScoredFinding {
  findingId: string;
  score: number;
  decision: SsvcDecision;
  assetId: string;
  zoneId?: string | undefined | null;
  siteId?: string | undefined | null;
  organisationId?: string | undefined | null;
}

export interface Rollups {
  asset: RollupRow[];
  zone: RollupRow[];
  site: RollupRow[];
  organisation: RollupRow[];
  formula: string;
}

export const ROLLUP_FORMULA = 'group risk = highest finding score in the group; counts per decision, sum and mean shown beside it';

/** Rollups per asset, zone, site and organisation, each group sorted by score, worst first. */
export function rollupRisk(findings: readonly ScoredFinding[]): Rollups {
  const scores = Float32Array.from(findings, (f) => f.score);
  const decisions = Uint8Array.from(findings, (f) => DECISIONS.indexOf(f.decision));
  const level = (keyOf: (f: ScoredFinding) => string | undefined | null): RollupRow[] => {
    const index = new Map<string, number>();
    const groupOf = Int32Array.from(findings, (f) => {
      const key = keyOf(f);
      if (key === undefined || key === null) return -1;
      let g = index.get(key);
      if (g === undefined) index.set(key, (g = index.size));
      return g;
    });
    const columns = rollupColumns(scores, decisions, groupOf, index.size);
    return [...index].map(([key, g]) => rollupRow(key, columns, g, (i) => findings[i]?.findingId)).sort((a, b) => b.score - a.score || a.group.localeCompare(b.group));
  };
  return { asset: level((f) => f.assetId), zone: level((f) => f.zoneId), site: level((f) => f.siteId), organisation: level((f) => f.organisationId), formula: ROLLUP_FORMULA };
}
