/**
 * Shapes of the risk API (`/api/risk/*`, documented at /api/docs) as the UI consumes them. The
 * engine's own types (SSVC input steps, deadlines, remediation states) are imported type-only from
 * src/engine/risk, which is pure, and the policy, rollup, plan and score views from
 * src/model/risk-views; the other envelopes mirror src/server/routes/risk-schemas.ts.
 */
import type { BodDeadline } from '../../../src/engine/risk/bod.js';
import type { Deadline, DeadlineStatus } from '../../../src/engine/risk/deadline.js';
import type { RecommendedAction } from '../../../src/engine/risk/actions.js';
import type { FixedVersionVerdict } from '../../../src/engine/risk/fixed-version.js';
import type { RemediationState } from '../../../src/engine/risk/remediation.js';
import type { InputStep, SsvcAssessment } from '../../../src/engine/risk/ssvc.js';
import type { TimingOutcome, TimingResult } from '../../../src/engine/risk/timing.js';
import type { Exposure, SsvcDecision } from '../../../src/engine/risk/values.js';
import type { DeadlineMode, QueueItem, QueuePage } from '../../../src/engine/risk/queue-view.js';
import type { CvssScoreView, PlanView, RiskFinding, RiskPolicy, RollupLevel, RollupPage, RollupView } from '../../../src/model/risk-views.js';

export type { BodDeadline, DeadlineMode, QueueItem, QueuePage, Deadline, DeadlineStatus, FixedVersionVerdict, InputStep, RecommendedAction, RemediationState, SsvcAssessment, SsvcDecision, TimingOutcome };
export type { CvssScoreView, PlanView, RiskFinding, RiskPolicy, RollupLevel, RollupPage };
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

export interface RemediationView {
  findingId: string;
  vulnerabilityId: string;
  assetId: string | null;
  planId: string | null;
  state: RemediationState;
  since: string;
  plan: { owner: string; dueDate: string; action: string | null } | null;
  acceptance: { approver: string; expiresAt: string; reason: string } | null;
  firstActionAt: string | null;
  verification: { by: string; at: string; observedVersion: string | null; fixedVersion: string | null; scheme: string | null } | null;
  history: Array<{ from: string; to: string; at: string; by: string; note: string | null }>;
  evidence: Array<{ at: string; by: string; text: string; url: string | null }>;
  updatedBy: string | null;
  updatedAt: string | null;
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
  assessment: {
    ssvc: SsvcAssessment;
    exposure: InputStep<Exposure>;
    bod: BodDeadline;
    policy: Deadline;
    mode: DeadlineMode;
    status: DeadlineStatus;
    state: RemediationState;
    risk: { score: number; text: string };
    timing?: TimingResult | null;
    rationale: string[];
  };
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

export interface ExploitationRate {
  group: string;
  before: number;
  after: number;
  notExploited: number;
  unknown: number;
  rate: number | null;
  text: string;
}

export interface BeforeExploitation {
  period: { from: string; to: string };
  site: ExploitationRate[];
  organisation: ExploitationRate[];
  excluded: number;
  actions: Array<{ findingId: string; vulnerabilityId: string; site?: string; actionAt: string; outcome: TimingOutcome; reason: string }>;
}

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
