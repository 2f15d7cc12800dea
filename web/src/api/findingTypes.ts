/**
 * Shapes of the matching API (`/api/match`, `/api/findings`) as the UI consumes them. Statuses,
 * confidences and evidence are the server's own model (src/model/finding), and findings and match
 * summaries its view types (src/model/finding-views), imported type-only; the page and request
 * envelopes mirror src/server/routes/findings.ts.
 */
import type { FindingView } from '../../../src/model/finding-views.js';

export { FINDING_CONFIDENCES, FINDING_STATUSES } from '../../../src/model/finding.js';
export type {
  FindingAssetRef, FindingComponentRef, FindingDecision, FindingView, FindingVulnerability, MatchRule, MatchStatus, MatchSummary,
  OpenFindings,
} from '../../../src/model/finding-views.js';
export type {
  ComparedAttribute, Evidence, EvidenceSource, FindingConfidence, FindingStatus, MatchIssue, MatcherName, PrecedenceTier,
} from '../../../src/model/finding.js';

export interface FindingPage {
  items: FindingView[];
  total: number;
  limit: number;
  offset: number;
}

export interface DecisionRequest {
  decision: 'confirm' | 'reject' | 'clear';
  reason?: string;
  /** With `reject`: reject the same product statement for every target of the same vendor and model. */
  rule?: boolean;
}
