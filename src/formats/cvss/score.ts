/**
 * CVSS scoring through `ae-cvss-calculator` (reference scores for 2.0, 3.x and 4.0). Vectors are
 * validated first because the library accepts some malformed input silently.
 */
import pkg from 'ae-cvss-calculator';
import type { CvssSeverity, CvssVersion } from '../../model/intel.js';
import { parseCvssVector } from './vector.js';

const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = pkg;

export interface CvssScores {
  version: CvssVersion;
  vector: string;
  base: number;
  /** v2/v3 temporal score; absent when no temporal metric is set. */
  temporal?: number;
  /** v4 threat score (CVSS-BT); absent when no threat metric is set. */
  threat?: number;
  environmental?: number;
  /** The score that applies to the whole vector (what a v4 calculator shows; v3: environmental › temporal › base). */
  overall: number;
  severity: CvssSeverity;
  /** v4: CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE. */
  nomenclature?: string;
}

export type CvssScoreResult = { ok: true; value: CvssScores } | { ok: false; errors: string[] };

/** Qualitative rating: v3/v4 bands (None 0, Low, Medium, High, Critical); v2 uses NVD's Low/Medium/High. */
export function cvssSeverity(version: CvssVersion, score: number): CvssSeverity {
  if (version === '2.0') return score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : 'LOW';
  if (score === 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

function defined(value: number | undefined): number | undefined {
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

function hasAny(metrics: Record<string, string>, names: string[]): boolean {
  return names.some((name) => metrics[name] !== undefined && metrics[name] !== 'X' && metrics[name] !== 'ND');
}

/** Validates and scores a CVSS vector. */
export function scoreCvssVector(vector: string, expectedVersion?: CvssVersion): CvssScoreResult {
  const parsed = parseCvssVector(vector, expectedVersion);
  if (!parsed.ok) return parsed;
  const { version, metrics } = parsed.value;
  const text = parsed.value.vector;
  try {
    if (version === '4.0') {
      const calculator = new Cvss4P0(text);
      const scores = calculator.calculateScores();
      const overall = scores.overall;
      return {
        ok: true,
        value: {
          version,
          vector: text,
          base: defined(scores.baseMetricsOnly) ?? overall,
          threat: hasAny(metrics, ['E']) ? defined(scores.threat) : undefined,
          environmental: defined(scores.environmental),
          overall,
          severity: cvssSeverity(version, overall),
          nomenclature: calculator.getNomenclature(),
        },
      };
    }
    const calculator = version === '2.0' ? new Cvss2(text) : version === '3.0' ? new Cvss3P0(text) : new Cvss3P1(text);
    const scores = calculator.calculateScores();
    const base = defined(scores.base) ?? scores.overall;
    const temporalNames = ['E', 'RL', 'RC'];
    return {
      ok: true,
      value: {
        version,
        vector: text,
        base,
        temporal: hasAny(metrics, temporalNames) ? defined(scores.temporal) : undefined,
        environmental: defined(scores.environmental),
        overall: scores.overall,
        severity: cvssSeverity(version, base),
      },
    };
  } catch (error) {
    return { ok: false, errors: [`cannot score vector: ${error instanceof Error ? error.message : String(error)}`] };
  }
}
