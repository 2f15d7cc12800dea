/**
 * Shapes of the matching API (`/api/match`, `/api/findings`) as the UI consumes them. Statuses,
 * confidences and evidence are the server's own model (src/model/finding), imported type-safely;
 * the list and summary envelopes mirror src/services/matching.ts, which the browser cannot import.
 */
import type { Evidence, FindingConfidence, FindingStatus, MatchIssue } from '../../../src/model/finding.js';

export { FINDING_CONFIDENCES, FINDING_STATUSES } from '../../../src/model/finding.js';
export type {
  ComparedAttribute, Evidence, EvidenceSource, FindingConfidence, FindingStatus, MatchIssue, MatcherName, PrecedenceTier,
} from '../../../src/model/finding.js';

export interface FindingAssetRef {
  id: string;
  name: string;
  externalId: string | null;
}

export interface FindingComponentRef {
  /** The component's target id (`c:<sbom>:<idx>`). */
  id: string;
  name: string;
  version: string | null;
  purl: string | null;
  sbomId: string;
  sbomName: string | null;
}

export interface FindingVulnerability {
  id: string;
  aliases: string[];
  title: string | null;
  cvssScore: number | null;
  cvssSeverity: string | null;
  epssScore: number | null;
  inKev: boolean;
  kevDueDate: string | null;
}

export interface FindingDecision {
  decision: 'confirm' | 'reject' | (string & {});
  reason: string | null;
  by: string;
  at: string;
}

/** One finding: a target (asset or SBOM component) and a vulnerability, with the engine's verdict. */
export interface FindingView {
  id: string;
  asset?: FindingAssetRef;
  component?: FindingComponentRef;
  vulnerability: FindingVulnerability;
  status: FindingStatus;
  confidence: FindingConfidence;
  reason: string;
  justification: string | null;
  userDecided: boolean;
  decision: FindingDecision | null;
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
  /** TLP 2.0 label (default AMBER+STRICT). */
  tlp?: string;
  /** The organisation that owns the finding (the one that labels and shares it). */
  organisation?: { id: string; name: string };
  /** Present on `GET /api/findings/:id` (and on lists asked for `evidence=true`); the deciding one first. */
  evidence?: Evidence[];
}

export interface FindingPage {
  items: FindingView[];
  total: number;
  limit: number;
  offset: number;
}

/** Open (unresolved) findings over the whole estate. */
export interface OpenFindings {
  byStatus: Partial<Record<FindingStatus, number>>;
  /** Affected findings by CVSS severity (`CRITICAL`…`LOW`, `UNKNOWN` for unscored). */
  bySeverity: Record<string, number>;
  /** Affected findings whose vulnerability is in CISA KEV. */
  kev: number;
  /** Assets and components with at least one affected finding. */
  affectedTargets: number;
}

export interface MatchRule {
  id: string;
  specKey: string;
  targetVendor: string;
  targetModel: string;
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

export interface MatchStatus {
  lastRun: string | null;
  open: OpenFindings;
  rules: MatchRule[];
}

export interface MatchSummary {
  mode: 'full' | 'incremental';
  targets: { assets: number; components: number };
  findings: { created: number; updated: number; resolved: number; unchanged: number };
  open: OpenFindings;
  issues: MatchIssue[];
  issueCount: number;
  seconds: number;
}

export interface DecisionRequest {
  decision: 'confirm' | 'reject' | 'clear';
  reason?: string;
  /** With `reject`: reject the same product statement for every target of the same vendor and model. */
  rule?: boolean;
}
