/**
 * Findings and match summaries as the matching API answers them (`/api/match`, `/api/findings`):
 * one definition for the matching service and the web UI that shows them. No runtime imports, so
 * the browser build can import it.
 */
import type { Evidence, FindingConfidence, FindingStatus, MatchIssue } from './finding.js';
import type { OwnerRef } from './owner.js';

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

/** A user's decision on the finding; it survives re-matching. */
export interface FindingDecision {
  /** `confirm` or `reject` as Bulwark writes it; read back as the stored text. */
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
  /** TLP 2.0 label: who beyond the owning organisation may receive the finding (always sent). */
  tlp: string;
  /** The organisation that owns the finding (the one that labels and shares it). */
  organisation: OwnerRef;
  /** Present on `GET /api/findings/:id` (and on lists asked for `evidence=true`); the deciding one first. */
  evidence?: Evidence[];
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

/** What a match run answers (`POST /api/match`). */
export interface MatchSummary {
  mode: 'full' | 'incremental';
  targets: { assets: number; components: number };
  findings: { created: number; updated: number; resolved: number; unchanged: number };
  /** Open findings after the match, over the whole estate. */
  open: OpenFindings;
  issues: MatchIssue[];
  issueCount: number;
  seconds: number;
  /** Worker threads that matched while the store was written (0: all on one thread). */
  workers: number;
}

/** A rejection made into a rule: the product statement no longer applies to targets of this vendor and model. */
export interface MatchRule {
  id: string;
  /** Rules are an organisation's: they never touch another organisation's findings. */
  orgId: string;
  specKey: string;
  targetVendor: string;
  targetModel: string;
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

/** What `GET /api/match/status` answers. */
export interface MatchStatus {
  lastRun: string | null;
  open: OpenFindings;
  rules: MatchRule[];
}
