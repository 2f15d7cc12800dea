/**
 * Shapes of the risk API (`/api/risk/*`, documented at /api/docs) as the UI consumes them. The
 * engine's own types (SSVC input steps, deadlines, remediation states, a finding's assessment, the
 * before-exploitation rates) are imported type-only from src/engine/risk, which is pure, and the
 * policy, rollup, plan, score and remediation views from src/model/risk-views; the other envelopes
 * mirror src/server/routes/risk-schemas.ts.
 */
import type { BodDeadline } from '../../../src/engine/risk/bod.js';
import type { Deadline, DeadlineStatus } from '../../../src/engine/risk/deadline.js';
import type { RecommendedAction } from '../../../src/engine/risk/actions.js';
import type { FixedVersionVerdict } from '../../../src/engine/risk/fixed-version.js';
import type { RemediationState } from '../../../src/engine/risk/remediation.js';
import type { InputStep, SsvcAssessment } from '../../../src/engine/risk/ssvc.js';
import type { FindingAssessment } from '../../../src/engine/risk/assessment-view.js';
import type { TimingOutcome, TimingRate } from '../../../src/engine/risk/timing-view.js';
import type { SsvcDecision } from '../../../src/engine/risk/values.js';
import type { DeadlineMode, QueueItem, QueuePage } from '../../../src/engine/risk/queue-view.js';
import type {
  CvssScoreView, ExploitationRates, PlanView, RemediationView, RiskFinding, RiskPolicy, RollupLevel, RollupPage, RollupView,
} from '../../../src/model/risk-views.js';

export type { BodDeadline, DeadlineMode, QueueItem, QueuePage, Deadline, DeadlineStatus, FixedVersionVerdict, InputStep, RecommendedAction, RemediationState, SsvcAssessment, SsvcDecision, TimingOutcome };
export type { CvssScoreView, PlanView, RemediationView, RiskFinding, RiskPolicy, RollupLevel, RollupPage };
/** One row of the rollup table (the server calls it RollupView). */
export type RollupItem = RollupView;

/** Most urgent first (the engine lists them least severe first). */
export const DECISIONS_URGENT_FIRST = ['Act', 'Attend', 'Track*', 'Track'] as const satisfies readonly SsvcDecision[];
/** The board's columns, in the order work moves through them. */
export const REMEDIATION_STATES = ['open', 'planned', 'mitigated', 'remediated', 'verified', 'risk-accepted'] as const satisfies readonly RemediationState[];

export type ByDecision = Record<SsvcDecision, number>;
export interface Ref {
  id: string;
  name: string;
}

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

export interface BoardItem extends RemediationView {
  targetName: string;
  asset: Ref | null;
  site: Ref | null;
  decision: SsvcDecision | null;
  risk: number | null;
}

export interface ListPage<T> {
  items: T[];
  total: number;
}

export interface ExploitationEvidence {
  kind: string;
  date: string | null;
  source: string;
}

export interface FindingRisk {
  finding: RiskFinding;
  decision: SsvcDecision;
  assessment: FindingAssessment;
  scores: {
    cvss: { preferred: CvssScoreView | null; all: CvssScoreView[]; rule: string };
    epss: { score: number; percentile?: number; date?: string; modelVersion?: string } | null;
  };
  problems: Array<{ code: string; message: string }>;
  exploitationEvidence: ExploitationEvidence[];
  recommendedActions: Array<{ category: string; details: string | null; url: string | null; fixedVersion: string | null; advisories: string[] }>;
  fixedVersion: string | null;
  firmwareVerdict: FixedVersionVerdict | null;
  remediation: RemediationView;
  stored: { decision: SsvcDecision; dueDate: string | null; dueKind: string; risk: number; state: string; decisionSince: string; computedAt: string } | null;
  policy: RiskPolicy;
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
