/**
 * "Applied before exploitation" results as the engine computes them and the API answers them
 * (the finding's `assessment.timing`, `GET /api/risk/before-exploitation`): one definition for
 * timing.ts, the service and the web UI (type-only there). No runtime imports.
 */
import type { ExploitationEvidence } from './vulnerability-inputs.js';

export type TimingOutcome = 'before' | 'after' | 'not-exploited' | 'unknown';

export interface TimingResult {
  outcome: TimingOutcome;
  /** The earliest dated evidence of exploitation. */
  earliest?: ExploitationEvidence | undefined;
  reason: string;
  problems: string[];
}

/** One site's or organisation's rate of actions applied before exploitation. */
export interface TimingRate {
  group: string;
  before: number;
  after: number;
  notExploited: number;
  unknown: number;
  /** before / (before + after); null when no action met exploited vulnerabilities. */
  rate: number | null;
  /** The formula with the numbers, for display. */
  text: string;
}

export interface TimingRates {
  period: { from: string; to: string };
  site: TimingRate[];
  organisation: TimingRate[];
  /** Actions left out: no or unreadable action time (they cannot be placed in the period). */
  excluded: number;
}
