/**
 * Shapes of the vulnerability-intelligence API (`/api/vulnerabilities`, `/api/advisories`,
 * `/api/intel`) as the UI consumes them. Records and product specs are the server's own model,
 * imported type-safely from src/model/intel; summaries, details and status are its view types
 * from src/model/intel-views.
 */
import type { AdvisoryRecord } from '../../../src/model/intel.js';
import type { AdvisorySummary, EpssView, VulnerabilityDetail, VulnerabilitySummary } from '../../../src/model/intel-views.js';

export type {
  AdvisoryNote, AdvisoryRecord, AdvisoryRemediation, AdvisoryThreat, AdvisoryVulnerability, CpeConfigNode,
  CpeConfigSpec, CpeConfiguration, CpeMatchCriterion, CsafProduct, CsafProductSpec, Cve5AffectedSpec,
  Cve5VersionEntry, CvssMetric, CvssSeverity, CvssVersion, IntelSource, OsvRange, OsvRangeSpec, ProductSpec,
  ProductStatus, TlpLabel, VulnerabilityRecord, VulnerabilityStatus,
} from '../../../src/model/intel.js';
export type {
  AdvisoryLink, AdvisorySummary, CvssSummary, EpssPoint, IntelSourceStatus, IntelStatus, KevSummary, SsvcSummary, VulnEvent,
} from '../../../src/model/intel-views.js';

/** The latest EPSS score of a CVE (the server calls it EpssView). */
export type EpssSummary = EpssView;
/** A vulnerability in a list (the server calls it VulnerabilitySummary). */
export type VulnSummary = VulnerabilitySummary;
/** One vulnerability with its merged record, history and links (the server calls it VulnerabilityDetail). */
export type VulnDetail = VulnerabilityDetail;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type VulnPage = Page<VulnSummary>;

export type AdvisoryPage = Page<AdvisorySummary>;

export interface AdvisoryDetail extends AdvisoryRecord {
  /** Where the original document can be downloaded. */
  documentUrl: string;
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
