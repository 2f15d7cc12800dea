/**
 * Findings: what the matching engine concludes about one target (an asset or an SBOM component)
 * and one vulnerability, with every piece of evidence that led there. Plain JSON-serialisable data,
 * shared by the engine (src/engine/match), the store, the API, the CLI and the web UI.
 */
import type { IntelSourceKind, ProductSpec } from './intel.js';

// ---------------------------------------------------------------------------------------------
// Targets: what is matched
// ---------------------------------------------------------------------------------------------

/** A device or host of the inventory, reduced to the attributes matching looks at. */
export interface AssetMatchTarget {
  kind: 'asset';
  id: string;
  name: string;
  vendor?: string | undefined;
  /** Product line or family as printed by the vendor (`SIMATIC S7-1500`), when kept apart from the model. */
  product?: string | undefined;
  /** Model as the inventory knows it (`CPU 1518-4 PN/DP`, `MELSEC iQ-F FX5U-32MT/ES`). */
  model?: string | undefined;
  /** Firmware or software version as written (`V2.9.3`, `R520.2 TCU4 HF1`). */
  firmware?: string | undefined;
  hardwareVersion?: string | undefined;
  serial?: string | undefined;
  /** Order numbers / model numbers / SKUs (`6ES7518-4AP00-0AB0`). */
  orderNumbers: string[];
  cpes: string[];
  purls: string[];
  /** File hashes known for the asset's firmware image, if any. */
  hashes?: TargetHash[] | undefined;
}

/** A component of an SBOM. */
export interface ComponentMatchTarget {
  kind: 'component';
  id: string;
  name: string;
  version?: string | undefined;
  group?: string | undefined;
  /** Supplier (or manufacturer) organisation name. */
  supplier?: string | undefined;
  purl?: string | undefined;
  cpe?: string | undefined;
  hashes: TargetHash[];
  /** Refs under which VEX statements may name the component (bom-ref, purl). */
  refs?: string[] | undefined;
}

export interface TargetHash {
  /** Algorithm as written (`SHA-256`, `sha256`); compared case- and dash-insensitively. */
  alg: string;
  value: string;
}

export type MatchTarget = AssetMatchTarget | ComponentMatchTarget;

// ---------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------

/**
 * `cannot_decide`: a candidate that the engine could neither confirm nor rule out (unparsable or
 * incomparable version, invalid CPE, unknown firmware version, relationship cycle, oversized
 * input). It is shown to the user with its reason, never dropped.
 */
export const FINDING_STATUSES = ['affected', 'not_affected', 'fixed', 'under_investigation', 'cannot_decide'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/**
 * How the target was recognised:
 * - `exact`: an identifier the target carries (CPE, purl, hash, order/model number) matched;
 * - `version-range-name`: vendor + product name matched and the version was tested against a range;
 * - `derived`: the identifier was derived by Bulwark (CPE candidates from vendor/model, partial names).
 */
export const FINDING_CONFIDENCES = ['exact', 'version-range-name', 'derived'] as const;
export type FindingConfidence = (typeof FINDING_CONFIDENCES)[number];

export type MatcherName = 'nvd-cpe' | 'csaf' | 'cve5' | 'osv' | 'derived-cpe' | 'vex' | 'user';

/**
 * The precedence tier of a piece of evidence (higher wins; see src/engine/match/README.md):
 * 4 user decision · 3 vendor statement for that exact product (CSAF/VEX not affected or fixed) ·
 * 2 exact identifier · 1 version-ranged name · 0 derived.
 */
export type PrecedenceTier = 0 | 1 | 2 | 3 | 4;

/** One attribute comparison shown to the user: the target's value, the spec's value and the outcome. */
export interface ComparedAttribute {
  attribute: string;
  target: string;
  spec: string;
  /** `equal`, `superset`, `in-range`, `out-of-range`, `unknown`, `pattern`, … */
  result: string;
}

export interface EvidenceSource {
  kind: IntelSourceKind | 'cyclonedx-vex' | 'openvex' | 'user';
  document?: string | undefined;
  /** CSAF advisory id / tracking id, OSV id, … */
  advisoryId?: string | undefined;
  /** Document revision (CSAF tracking version, NVD lastModified) when known. */
  revision?: string | undefined;
  provider?: string | undefined;
  /** JSON pointer of the statement inside the document. */
  pointer?: string | undefined;
}

export interface Evidence {
  matcher: MatcherName;
  specKind?: ProductSpec['kind'] | undefined;
  /** Store id of the spec, when the caller gave one. */
  specId?: string | undefined;
  /** What this piece of evidence alone says. */
  status: FindingStatus;
  confidence: FindingConfidence;
  tier: PrecedenceTier;
  /** The NVD criterion CPE, CSAF product id, CVE 5 `vendor/product`, OSV package, VEX product ref. */
  criterion?: string | undefined;
  /** JSON pointer of the criterion / product inside its document. */
  pointer?: string | undefined;
  compared: ComparedAttribute[];
  /** Version scheme that decided (`generic`, `firmware`, `semver`, …). */
  versionScheme?: string | undefined;
  /** True when the ordering used is a platform heuristic rather than the ecosystem's own. */
  heuristic?: boolean | undefined;
  source: EvidenceSource;
  /** Human-readable explanation. */
  reason: string;
  /** VEX justification / CSAF flag labels carried by the statement. */
  justifications?: string[] | undefined;
  impactStatement?: string | undefined;
  actionStatement?: string | undefined;
}

export interface FindingTargetRef {
  kind: MatchTarget['kind'];
  id: string;
  name: string;
}

/** One finding per (target, vulnerability). */
export interface Finding {
  target: FindingTargetRef;
  vulnerabilityId: string;
  status: FindingStatus;
  confidence: FindingConfidence;
  /** The tier of the evidence that decided the status. */
  decidedBy: PrecedenceTier;
  /** Why the status is what it is (the deciding evidence's reason, or the precedence rule). */
  reason: string;
  /** Every piece of evidence, the deciding one first. */
  evidence: Evidence[];
  /** VEX: justification of a not_affected status (OpenVEX/CSAF label), when one applies. */
  justification?: string | undefined;
  impactStatement?: string | undefined;
  actionStatement?: string | undefined;
  /** True when a user decision fixed the status. */
  userDecided?: boolean | undefined;
}

/** A user's decision on one finding. It survives re-matching and beats every other source. */
export interface UserDecision {
  targetId: string;
  vulnerabilityId: string;
  decision: 'confirm' | 'reject';
  by?: string | undefined;
  at?: string | undefined;
  reason?: string | undefined;
}

/** Something about the target or a spec that prevented matching, reported rather than dropped. */
export interface MatchIssue {
  targetId?: string | undefined;
  vulnerabilityId?: string | undefined;
  specId?: string | undefined;
  code: string;
  message: string;
}
