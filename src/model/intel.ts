/**
 * Normalised vulnerability-intelligence records. Every reader under src/formats/{nvd,cve5,kev,epss,
 * csaf,osv} produces these types, and the store and the matching engine consume them. They are plain
 * data (JSON-serialisable): no classes, no Maps, no Dates (timestamps stay ISO-8601 strings exactly as
 * the source wrote them, so nothing is lost to time-zone guessing).
 */
import type { Issue } from './errors.js';

/** The kinds of documents the intelligence readers understand. */
export type IntelSourceKind =
  | 'nvd-api'
  | 'nvd-feed-1.1'
  | 'cve5'
  | 'kev'
  | 'epss'
  | 'csaf'
  | 'osv';

/** Which document a record (or a single field) came from. */
export interface IntelSource {
  kind: IntelSourceKind;
  /** File name, URL or feed name given by the caller; `undefined` when the caller gave none. */
  document?: string;
  /** JSON pointer of the record inside the document (e.g. `/vulnerabilities/12345`). */
  pointer?: string;
  /** Who published the data inside the document: NVD `sourceIdentifier`, CVE 5 container shortName, CSAF publisher. */
  provider?: string;
}

/** A value together with who said it. Used where several providers may disagree (CNA vs ADP vs NVD). */
export interface Sourced<T> {
  value: T;
  source: IntelSource;
}

// ---------------------------------------------------------------------------------------------
// Vulnerabilities
// ---------------------------------------------------------------------------------------------

/** Lifecycle status normalised across NVD `vulnStatus`, CVE 5 `state` and OSV `withdrawn`. */
export type VulnerabilityStatus = 'published' | 'analyzed' | 'modified' | 'awaiting-analysis' | 'deferred' | 'rejected';

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';
export type CvssSeverity = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** One CVSS assessment of a vulnerability, as published by one source. */
export interface CvssMetric {
  version: CvssVersion;
  vector: string;
  /** Score the publisher stated (may be absent, e.g. CSAF v2 scores are always present but OSV gives only vectors). */
  baseScore?: number;
  severity?: CvssSeverity;
  /** `primary` = the record owner's own assessment (NVD `Primary`, CVE 5 CNA); `secondary` = a third party. */
  type: 'primary' | 'secondary';
  /** Who assessed: NVD `source` e-mail, CVE 5 provider shortName (`CISA-ADP`), CSAF publisher name. */
  assessor?: string;
  /** CVSS v4 nomenclature of the vector (CVSS-B, CVSS-BT, CVSS-BE, CVSS-BTE). */
  nomenclature?: string;
  /** CSAF only: the product ids the score applies to. */
  productIds?: string[];
  source: IntelSource;
}

export interface VulnerabilityDescription {
  lang: string;
  value: string;
  source: IntelSource;
}

export interface VulnerabilityReference {
  url: string;
  name?: string;
  tags: string[];
  source: IntelSource;
}

/** CWE id (`CWE-79`) or NVD placeholder (`NVD-CWE-noinfo`, `NVD-CWE-Other`). */
export interface WeaknessEntry {
  cweId: string;
  description?: string;
  source: IntelSource;
}

/** Known-exploited information attached to a vulnerability (from NVD `cisa*` fields or the CISA ADP `kev` metric). */
export interface KevInfo {
  dateAdded?: string;
  dueDate?: string;
  requiredAction?: string;
  vulnerabilityName?: string;
  reference?: string;
  /** From the KEV catalog only: `known` when CISA lists use in ransomware campaigns. */
  knownRansomwareCampaignUse?: 'known' | 'unknown';
  /** From the KEV catalog only: its notes (URLs and remarks). */
  notes?: string[];
  source: IntelSource;
}

export type SsvcExploitation = 'none' | 'public poc' | 'active';
export type SsvcAutomatable = 'yes' | 'no';
export type SsvcTechnicalImpact = 'partial' | 'total';

/** SSVC decision points published by a coordinator (CISA ADP "Vulnrichment"). Unknown values are left undefined. */
export interface SsvcOptions {
  exploitation?: SsvcExploitation;
  automatable?: SsvcAutomatable;
  technicalImpact?: SsvcTechnicalImpact;
  role?: string;
  version?: string;
  timestamp?: string;
  /** Option values exactly as published (keys and values as written), for audit. */
  raw: Record<string, string>;
  source: IntelSource;
}

export interface VulnerabilityRecord {
  /** Canonical id: CVE id for NVD/CVE 5, the OSV id for OSV records. */
  id: string;
  /** Other ids for the same vulnerability (OSV aliases, GHSA ids, ...), excluding `id`. */
  aliases: string[];
  title?: string;
  descriptions: VulnerabilityDescription[];
  published?: string;
  lastModified?: string;
  status: VulnerabilityStatus;
  /** The status word as the source wrote it (`Undergoing Analysis`, `PUBLISHED`, ...). */
  rawStatus?: string;
  /** NVD `cveTags` (`disputed`, ...). */
  tags: string[];
  cwes: WeaknessEntry[];
  references: VulnerabilityReference[];
  metrics: CvssMetric[];
  kev?: KevInfo;
  ssvc?: SsvcOptions;
  source: IntelSource;
}

// ---------------------------------------------------------------------------------------------
// Product specifications (what a source says is affected / not affected / fixed / investigated)
// ---------------------------------------------------------------------------------------------

export type ProductStatus = 'affected' | 'not_affected' | 'fixed' | 'under_investigation' | 'recommended' | 'unknown';

/** One NVD `cpeMatch` entry, kept exactly. */
export interface CpeMatchCriterion {
  criteria: string;
  /** `true` = the product is vulnerable; `false` = platform context only (never a finding on its own). */
  vulnerable: boolean;
  matchCriteriaId?: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
  /** JSON pointer of this entry in its document, for explanations. */
  pointer?: string;
}

export interface CpeConfigNode {
  operator: 'AND' | 'OR';
  negate: boolean;
  cpeMatch: CpeMatchCriterion[];
}

/** One NVD configuration: true when its nodes combined with `operator` (negated if `negate`) are true. */
export interface CpeConfiguration {
  operator: 'AND' | 'OR';
  negate: boolean;
  nodes: CpeConfigNode[];
}

/** NVD applicability: the vulnerability applies if ANY configuration is true. Kept intact for the matcher. */
export interface CpeConfigSpec {
  kind: 'cpe-config';
  vulnerabilityId: string;
  configurations: CpeConfiguration[];
  source: IntelSource;
}

export type Cve5Status = 'affected' | 'unaffected' | 'unknown';

export interface Cve5VersionChange {
  at: string;
  status: Cve5Status;
}

export interface Cve5VersionEntry {
  version: string;
  status: Cve5Status;
  versionType?: string;
  lessThan?: string;
  lessThanOrEqual?: string;
  changes?: Cve5VersionChange[];
}

/** One CVE 5 `affected[]` entry with its container's provider. */
export interface Cve5AffectedSpec {
  kind: 'cve5-affected';
  vulnerabilityId: string;
  vendor?: string;
  product?: string;
  collectionURL?: string;
  packageName?: string;
  cpes: string[];
  platforms: string[];
  modules: string[];
  programFiles: string[];
  repo?: string;
  defaultStatus: Cve5Status;
  versions: Cve5VersionEntry[];
  source: IntelSource;
}

export interface CsafFileHash {
  filename: string;
  hashes: Array<{ algorithm: string; value: string }>;
}

/** CSAF `product_identification_helper`, flattened. */
export interface CsafIdentificationHelpers {
  cpe?: string;
  purls: string[];
  hashes: CsafFileHash[];
  modelNumbers: string[];
  serialNumbers: string[];
  skus: string[];
  sbomUrls: string[];
  genericUris: Array<{ namespace: string; uri: string }>;
}

/** A CSAF relationship that defines a product (e.g. firmware `installed_on` device). */
export interface CsafRelationship {
  category: string;
  productReference: string;
  relatesToProductReference: string;
}

/** One product of a CSAF product tree, resolved from its branch path. Names are kept verbatim ("<V3.1", "All versions"). */
export interface CsafProduct {
  productId: string;
  name: string;
  vendor?: string;
  productFamily?: string;
  productName?: string;
  /** `product_version` branch name (a single version). */
  version?: string;
  /** `product_version_range` branch name: `vers:...` or free text ("<V3.1", "All versions"), verbatim. */
  versionRange?: string;
  /** Other branch categories on the path (architecture, patch_level, service_pack, ...). */
  attributes: Array<{ category: string; name: string }>;
  helpers: CsafIdentificationHelpers;
  relationship?: CsafRelationship;
  /** For relationship products: the non-relationship product ids it is built from (cycles cut). */
  componentIds?: string[];
  /** JSON pointer of the product definition. */
  pointer: string;
}

/** What one CSAF document says about one product for one vulnerability. */
export interface CsafProductSpec {
  kind: 'csaf-product';
  vulnerabilityId: string;
  advisoryId: string;
  status: ProductStatus;
  /** The CSAF product_status key it came from (`known_affected`, `first_fixed`, ...). */
  csafStatus: string;
  product: CsafProduct;
  /** VEX: flag labels for not-affected products (`vulnerable_code_not_present`, ...). */
  justifications: string[];
  /** VEX: `threats` of category `impact` for this product. */
  impactStatements: string[];
  source: IntelSource;
}

export interface OsvRangeEvent {
  introduced?: string;
  fixed?: string;
  lastAffected?: string;
  limit?: string;
}

export interface OsvRange {
  type: string;
  repo?: string;
  events: OsvRangeEvent[];
}

/** One OSV `affected[]` entry. */
export interface OsvRangeSpec {
  kind: 'osv-range';
  vulnerabilityId: string;
  ecosystem?: string;
  packageName?: string;
  purl?: string;
  ranges: OsvRange[];
  versions: string[];
  severity: CvssMetric[];
  source: IntelSource;
}

export type ProductSpec = CpeConfigSpec | Cve5AffectedSpec | CsafProductSpec | OsvRangeSpec;

/** The output of reading one vulnerability record: the record, its product specs and what was wrong. */
export interface ParsedVulnerability {
  record: VulnerabilityRecord;
  specs: ProductSpec[];
  /** Problems found; the record is still usable (invalid parts were dropped and named here). */
  issues: Issue[];
}

/** A record the reader had to skip (no usable id or not an object); the issues say why. */
export interface SkippedRecord {
  record: undefined;
  specs: [];
  issues: Issue[];
}

/** What a reader yields per input record: parsed (possibly with issues) or skipped. */
export type RecordOutcome = ParsedVulnerability | SkippedRecord;

// ---------------------------------------------------------------------------------------------
// Advisories (CSAF, OSV)
// ---------------------------------------------------------------------------------------------

export interface AdvisoryNote {
  category: string;
  title?: string;
  text: string;
  audience?: string;
}

export interface AdvisoryRevision {
  number: string;
  date: string;
  summary?: string;
}

export interface AdvisoryTracking {
  id: string;
  status?: string;
  version?: string;
  initialReleaseDate?: string;
  currentReleaseDate?: string;
  revisions: AdvisoryRevision[];
}

export interface AdvisoryRemediation {
  category: string;
  details?: string;
  /** Product ids, with `group_ids` already expanded. */
  productIds: string[];
  groupIds: string[];
  url?: string;
  date?: string;
  /** Best-effort version named in a `vendor_fix` text ("Update to V3.1.4 or later"); absent when none is clear. */
  fixedVersion?: string;
  restartRequired?: string;
}

export interface AdvisoryThreat {
  category: string;
  details: string;
  productIds: string[];
  date?: string;
}

/** Per-vulnerability content of an advisory. */
export interface AdvisoryVulnerability {
  /** CVE id if any, otherwise the first `ids[]` text. */
  id: string;
  cve?: string;
  ids: Array<{ system: string; text: string }>;
  title?: string;
  cwes: string[];
  notes: AdvisoryNote[];
  /** CSAF product_status key → product ids. */
  productStatus: Record<string, string[]>;
  remediations: AdvisoryRemediation[];
  threats: AdvisoryThreat[];
  /** `exploit_status` threats, singled out for risk scoring. */
  exploitStatus: Array<{ details: string; date?: string; productIds: string[] }>;
  flags: Array<{ label: string; productIds: string[]; date?: string }>;
  scores: CvssMetric[];
  releaseDate?: string;
  discoveryDate?: string;
}

export type TlpLabel = 'CLEAR' | 'WHITE' | 'GREEN' | 'AMBER' | 'AMBER+STRICT' | 'RED';

export interface AdvisoryRecord {
  id: string;
  title: string;
  /** CSAF `document.category` (`csaf_security_advisory`, `csaf_vex`, ...) or `osv`. */
  category: string;
  publisher?: { name: string; namespace?: string; category?: string };
  tracking?: AdvisoryTracking;
  tlp?: { label: TlpLabel | string; url?: string };
  distributionText?: string;
  lang?: string;
  notes: AdvisoryNote[];
  references: Array<{ url: string; summary?: string; category?: string }>;
  vulnerabilities: AdvisoryVulnerability[];
  /** Every product defined in the product tree, by id. */
  products: CsafProduct[];
  productGroups: Array<{ groupId: string; productIds: string[]; summary?: string }>;
  source: IntelSource;
}

// ---------------------------------------------------------------------------------------------
// KEV and EPSS
// ---------------------------------------------------------------------------------------------

export interface KevEntry {
  cveId: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  dateAdded: string;
  shortDescription: string;
  requiredAction: string;
  /** Set by CISA; never compute it. */
  dueDate: string;
  /** `Known` → known; any other value → unknown. */
  knownRansomwareCampaignUse: 'known' | 'unknown';
  /** `notes` split on ` ; ` (URLs and remarks). */
  notes: string[];
  cwes: string[];
  source: IntelSource;
}

export interface KevCatalog {
  title?: string;
  catalogVersion?: string;
  dateReleased?: string;
  /** Entry count the catalog declares. */
  declaredCount?: number;
  entries: KevEntry[];
}

export interface EpssScore {
  cveId: string;
  /** Probability of exploitation activity in the next 30 days, 0..1. */
  epss: number;
  /** Rank among all scores, 0..1; absent in early 2021 files. */
  percentile?: number;
  /** Model that produced the score (`v2025.03.14`); scores from different models are not comparable. */
  modelVersion?: string;
  /** Score date from the header (ISO string as written) or given by the caller. */
  scoreDate?: string;
}
