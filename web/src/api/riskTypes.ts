/**
 * Shapes of the risk API (`/api/risk/*`, documented at /api/docs) as the UI consumes them. The
 * engine's own types (SSVC input steps, deadlines, remediation states, a finding's assessment, the
 * before-exploitation rates) are imported type-only from src/engine/risk, which is pure, and the
 * policy, rollup, plan, score, finding risk, remediation and board views from src/model/risk-views;
 * the other envelopes mirror src/server/routes/risk-schemas.ts. The remediation states and their
 * transitions are the engine's own table (a module without imports), so the UI offers exactly
 * the moves the server allows.
 */
import type { BodDeadline } from '../../../src/engine/risk/bod.js';
import type { Deadline, DeadlineStatus } from '../../../src/engine/risk/deadline.js';
import type { RecommendedAction } from '../../../src/engine/risk/actions.js';
import type { FixedVersionVerdict } from '../../../src/engine/risk/fixed-version.js';
import type { RemediationState } from '../../../src/engine/risk/remediation-states.js';
import type { InputStep, SsvcAssessment } from '../../../src/engine/risk/ssvc.js';
import type { TimingOutcome, TimingRate } from '../../../src/engine/risk/timing-view.js';
import type { SsvcDecision } from '../../../src/engine/risk/values.js';
import type { DeadlineMode, QueueItem, QueuePage } from '../../../src/engine/risk/queue-view.js';
import type {
  CvssScoreView, ExploitationRates, FindingRiskView, PlanView, RemediationBoardItem, RemediationView, RiskFinding, RiskPolicy, RollupLevel, RollupPage, RollupView,
} from '../../../src/model/risk-views.js';

export type { BodDeadline, DeadlineMode, QueueItem, QueuePage, Deadline, DeadlineStatus, FixedVersionVerdict, InputStep, RecommendedAction, RemediationState, SsvcAssessment, SsvcDecision, TimingOutcome };
export type { CvssScoreView, PlanView, RemediationView, RiskFinding, RiskPolicy, RollupLevel, RollupPage };
/** One row of the rollup table (the server calls it RollupView). */
export type RollupItem = RollupView;
/** `GET /api/risk/findings/:id` (the server calls it FindingRiskView). */
export type FindingRisk = FindingRiskView;
/** One remediation on the board (the server calls it RemediationBoardItem). */
export type BoardItem = RemediationBoardItem;

/** The board's columns, in the order work moves through them; the manual transitions between them. */
export { REMEDIATION_STATES, TRANSITIONS } from '../../../src/engine/risk/remediation-states.js';

/** Most urgent first (the engine lists them least severe first). */
export const DECISIONS_URGENT_FIRST = ['Act', 'Attend', 'Track*', 'Track'] as const satisfies readonly SsvcDecision[];

export type ByDecision = Record<SsvcDecision, number>;

export interface RecomputeSummary {
  computedAt: string;
  findings: number;
  written: number;
  verified: number;
  lapsed: number;
  byDecision: ByDecision;
  byStatus: Record<DeadlineStatus, number>;
  seconds: number;
}

export interface RiskStatus {
  lastRun: RecomputeSummary | null;
  policy: RiskPolicy;
}

export interface ListPage<T> {
  items: T[];
  total: number;
}

export interface TrendPoint {
  day: string;
  score: number;
  findings: number;
  mean: number;
  byDecision: Partial<ByDecision>;
}

export interface TrendAnswer {
  level: string;
  from: string;
  to: string;
  series: Array<{ groupId: string; name: string; points: TrendPoint[] }>;
}

/** One site's or organisation's before-exploitation rate (the engine calls it TimingRate). */
export type ExploitationRate = TimingRate;
/** `GET /api/risk/before-exploitation` (the server calls it ExploitationRates). */
export type BeforeExploitation = ExploitationRates;

export interface BulkResult {
  plan: PlanView;
  changed: RemediationView[];
  skipped: Array<{ findingId: string; code: string; message: string }>;
}

/** What `POST /api/risk/remediations/:finding` takes (risk acceptance has its own route). */
export type RemediationChange =
  | { to: 'planned'; owner: string; dueDate: string; action?: string; note?: string }
  | { to: 'mitigated' | 'remediated'; appliedAt?: string; note?: string }
  | { to: 'verified'; note?: string }
  | { to: 'open'; reason: string; note?: string };

export interface AcceptRequest {
  expiresAt: string;
  reason: string;
  note?: string;
}

export interface PlanRequest {
  findingIds?: string[];
  vulnerabilityId?: string;
  site?: string;
  title?: string;
  owner: string;
  dueDate: string;
  action?: string;
  note?: string;
}
