/**
 * Risk answers (`/api/risk/*`) as the server builds them, for the service, the routes and the web UI
 * (type-only there): the deadline policy, rollups, plans, and the parts of a finding's risk view
 * that are plain data, a finding's whole risk view, remediation records and board rows and the
 * before-exploitation rates. No runtime imports; the engine types it names are imported type-only
 * from src/engine/risk, which is pure. The queue's shapes are in src/engine/risk/queue-view, the
 * live assessment's in assessment-view.
 */
import type { RecommendedAction } from '../engine/risk/actions.js';
import type { FindingAssessment } from '../engine/risk/assessment-view.js';
import type { FixedVersionVerdict } from '../engine/risk/fixed-version.js';
import type { DeadlineMode } from '../engine/risk/queue-view.js';
import type { RemediationRecord, RemediationState } from '../engine/risk/remediation.js';
import type { TimingOutcome, TimingRates } from '../engine/risk/timing-view.js';
import type { SsvcDecision } from '../engine/risk/values.js';
import type { ExploitationEvidence } from '../engine/risk/vulnerability-inputs.js';

export interface RiskPolicy {
  name: string;
  /** Which deadline governs status, overdue and the queue: the organisation's SLA or BOD 26-04. */
  mode: DeadlineMode;
  /** Days per SSVC decision; null = no fixed date. */
  slaDays: Record<SsvcDecision, number | null>;
  /** A deadline within this many days is "due soon". */
  dueSoonDays: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** One valid CVSS score of a vulnerability, with the source that gave it. */
export interface CvssScoreView {
  version: string;
  vector: string;
  base: number;
  overall: number;
  severity: string;
  temporal?: number | undefined;
  threat?: number | undefined;
  environmental?: number | undefined;
  source: { kind: string; name: string; date?: string | undefined };
}

/** The finding a risk view is about (`GET /api/risk/findings/:id`, field `finding`). */
export interface RiskFinding {
  id: string;
  status: string;
  firstSeen: string;
  lastSeen: string;
  target: { kind: string; name: string };
  vulnerability: { id: string; title: string | null };
  asset: { id: string; name: string; kind: string; criticality: string | null; firmware: string | null; exposureAttribute: string | null } | null;
  site: { id: string; name: string } | null;
  zone: { id: string; name: string } | null;
}

export const ROLLUP_LEVELS = ['organisation', 'site', 'zone', 'asset'] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];

/** One group's risk (`GET /api/risk/rollups`): the highest finding score, with counts per decision. */
export interface RollupView {
  level: RollupLevel;
  groupId: string;
  name: string;
  score: number;
  findings: number;
  byDecision: Record<SsvcDecision, number>;
  sum: number;
  mean: number;
  worstFindingId: string | null;
  /** The formula with the numbers. */
  text: string;
}

export interface RollupPage {
  items: RollupView[];
  total: number;
  /** How a finding's score and a group's score are computed, in words. */
  formula: { finding: string; rollup: string };
  /** When the organisation was last recomputed (null: never). */
  computedAt: string | null;
}

/** A remediation plan: one owner and due date for the findings of one vulnerability (or a chosen list). */
export interface StoredPlan {
  id: string;
  title: string;
  vulnerabilityId: string | null;
  owner: string;
  dueDate: string;
  action: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface PlanView extends StoredPlan {
  /** Member findings per remediation state (states without findings are left out). */
  states: Partial<Record<RemediationState, number>>;
  findings: number;
}

/** A note kept with a remediation record (what was done, with a link to the evidence). */
export interface EvidenceNote {
  at: string;
  by: string;
  text: string;
  url?: string | undefined;
}

/**
 * One finding's remediation (`/api/risk/remediations/:finding`, the finding's risk view, the
 * board). The record's own parts are sent as stored: absent optional fields (a plan's action, a
 * history note, an evidence URL, the versions of a verification) are left out, not null.
 */
export interface RemediationView {
  findingId: string;
  vulnerabilityId: string;
  assetId: string | null;
  planId: string | null;
  state: RemediationState;
  since: string;
  plan: RemediationRecord['plan'] | null;
  acceptance: RemediationRecord['acceptance'] | null;
  firstActionAt: string | null;
  verification: RemediationRecord['verification'] | null;
  history: RemediationRecord['history'];
  evidence: EvidenceNote[];
  updatedBy: string | null;
  updatedAt: string | null;
}

/**
 * A remediation record on the board (`GET /api/risk/remediations`, a plan's members), with what the
 * cards show of the finding: its target, asset, site and the last recompute's decision and score.
 */
export interface RemediationBoardItem extends RemediationView {
  targetName: string;
  asset: { id: string; name: string } | null;
  site: { id: string; name: string } | null;
  /** null: not recomputed yet. */
  decision: SsvcDecision | null;
  risk: number | null;
}

/**
 * One finding assessed live with its full rationale (`GET /api/risk/findings/:id`). Optional parts
 * of the engine's values (an action's URL, an EPSS date, an undated piece of evidence) are left
 * out of the JSON, not null.
 */
export interface FindingRiskView {
  finding: RiskFinding;
  decision: SsvcDecision;
  /** The engine's assessment: SSVC steps with rule and source, exposure, both deadlines, status, state, risk score, timing, rationale lines. */
  assessment: FindingAssessment;
  scores: { cvss: { preferred: CvssScoreView | null; all: CvssScoreView[]; rule: string }; epss: { score: number; percentile?: number | undefined; date?: string | undefined; modelVersion?: string | undefined } | null };
  /** Invalid vectors, mismatching scores, unreadable dates: shown, never dropped. */
  problems: { code: string; message: string }[];
  exploitationEvidence: ExploitationEvidence[];
  recommendedActions: RecommendedAction[];
  fixedVersion: string | null;
  /** Whether the asset's observed firmware reaches the fixed version. */
  firmwareVerdict: FixedVersionVerdict | null;
  remediation: RemediationView;
  /** What the last recompute stored (what the queue shows). */
  stored: { decision: SsvcDecision; dueDate: string | null; dueKind: string; risk: number; state: string; decisionSince: string; computedAt: string } | null;
  policy: RiskPolicy;
}

/** "Applied before exploitation" over a period (`GET /api/risk/before-exploitation`). */
export interface ExploitationRates extends TimingRates {
  /** One line per action (first 500), with its verdict and why. */
  actions: { findingId: string; vulnerabilityId: string; site: string | null; actionAt: string; outcome: TimingOutcome; reason: string }[];
}
