/**
 * Shapes of the vulnerability-intelligence API (`/api/vulnerabilities`, `/api/advisories`,
 * `/api/intel`) as the UI consumes them. Records and product specs are the server's own model,
 * imported type-safely from src/model/intel.
 */
import type {
  AdvisoryRecord, CvssSeverity, ProductSpec, SsvcAutomatable, SsvcExploitation, SsvcTechnicalImpact,
  VulnerabilityRecord, VulnerabilityStatus,
} from '../../../src/model/intel.js';

export type {
  AdvisoryNote, AdvisoryRecord, AdvisoryRemediation, AdvisoryThreat, AdvisoryVulnerability, CpeConfigNode,
  CpeConfigSpec, CpeConfiguration, CpeMatchCriterion, CsafProduct, CsafProductSpec, Cve5AffectedSpec,
  Cve5VersionEntry, CvssMetric, CvssSeverity, CvssVersion, IntelSource, OsvRange, OsvRangeSpec, ProductSpec,
  ProductStatus, TlpLabel, VulnerabilityRecord, VulnerabilityStatus,
} from '../../../src/model/intel.js';

/** The headline CVSS assessment of a vulnerability (the server picks the newest version, primary first). */
export interface CvssSummary {
  version: string;
  vector: string;
  baseScore: number | null;
  severity: CvssSeverity | string | null;
  assessor: string | null;
}

export interface EpssSummary {
  score: number;
  percentile: number | null;
  date: string | null;
  modelVersion: string | null;
}

export interface KevSummary {
  dateAdded: string | null;
  dueDate: string | null;
  requiredAction: string | null;
  ransomware: 'known' | 'unknown';
}

export interface SsvcSummary {
  exploitation: SsvcExploitation | (string & {}) | null;
  automatable: SsvcAutomatable | (string & {}) | null;
  technicalImpact: SsvcTechnicalImpact | (string & {}) | null;
  timestamp: string | null;
}

export interface VulnSummary {
  id: string;
  aliases: string[];
  title: string | null;
  description: string | null;
  published: string | null;
  lastModified: string | null;
  status: VulnerabilityStatus | string;
  cvss: CvssSummary | null;
  epss: EpssSummary | null;
  kev: KevSummary | null;
  ssvc: SsvcSummary | null;
  /** Source kinds that contributed (`nvd-api`, `cve5`, `kev`, ...). */
  sources: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type VulnPage = Page<VulnSummary>;

export interface EpssPoint {
  date: string;
  score: number;
  percentile: number | null;
  modelVersion: string | null;
}

export interface AdvisoryLink {
  id: string;
  title: string;
  publisher: string | null;
  category: string;
}

/** Something that happened to a vulnerability: `kev-added`, `epss-threshold`, `revised`, ... */
export interface VulnEvent {
  at: string;
  kind: string;
  /** Kind-specific facts as the server stored them (e.g. `{from, to, threshold}` for `epss-threshold`). */
  detail: unknown;
}

export interface VulnDetail extends VulnSummary {
  record: VulnerabilityRecord;
  /** Oldest first is not guaranteed; the UI sorts by date. */
  epssHistory: EpssPoint[];
  specs: ProductSpec[];
  advisories: AdvisoryLink[];
  events: VulnEvent[];
}

export interface AdvisorySummary {
  id: string;
  title: string;
  category: string;
  publisher: string | null;
  tlp: string | null;
  released: string | null;
  version: string | null;
  vulnerabilityCount: number;
  productCount: number;
}

export type AdvisoryPage = Page<AdvisorySummary>;

export interface AdvisoryDetail extends AdvisoryRecord {
  /** Where the original document can be downloaded. */
  documentUrl: string;
}

export interface IntelSourceStatus {
  source: string;
  documents: number;
  records: number;
  lastUpdate: string | null;
  cursor: string | null;
}

export interface IntelStatus {
  sources: IntelSourceStatus[];
  counts: { vulnerabilities: number; advisories: number; kev: number; epss: number };
}

export interface IntelImportIssue {
  message: string;
  pointer?: string;
  line?: number;
}

export interface IntelImportDocument {
  name: string;
  kind: string | null;
  status: 'imported' | 'unchanged' | 'rejected';
  records: number;
  issues: IntelImportIssue[];
}

export interface IntelImportReport {
  documents: IntelImportDocument[];
  imported: number;
  rejected: number;
}
