/**
 * Vulnerability intelligence as the API answers it (`/api/vulnerabilities`, `/api/advisories`,
 * `/api/intel/status`): one definition for the repository that reads it and the web UI that shows
 * it. No runtime imports, so the browser build can import it.
 */
import type {
  CvssSeverity, ProductSpec, SsvcAutomatable, SsvcExploitation, SsvcTechnicalImpact, VulnerabilityRecord, VulnerabilityStatus,
} from './intel.js';

/** The latest EPSS score of a CVE. */
export interface EpssView {
  score: number;
  percentile: number | null;
  date: string | null;
  modelVersion: string | null;
}

/** The headline CVSS assessment (the merge prefers the newest version, primary assessor first). */
export interface CvssSummary {
  version: string;
  vector: string;
  baseScore: number;
  /** A CvssSeverity when Bulwark stored it; read back as the stored text. */
  severity: CvssSeverity | string;
  assessor: string | null;
}

export interface KevSummary {
  dateAdded: string | null;
  dueDate: string | null;
  requiredAction: string | null;
  ransomware: 'known' | 'unknown';
}

/** CISA's SSVC options (only CISA's ADP container publishes them). */
export interface SsvcSummary {
  exploitation: SsvcExploitation | null;
  automatable: SsvcAutomatable | null;
  technicalImpact: SsvcTechnicalImpact | null;
  timestamp: string | null;
}

export interface VulnerabilitySummary {
  id: string;
  aliases: string[];
  title: string | null;
  description: string | null;
  published: string | null;
  lastModified: string | null;
  /** A VulnerabilityStatus when Bulwark stored it; read back as the stored text. */
  status: VulnerabilityStatus | string;
  cvss: CvssSummary | null;
  epss: EpssView | null;
  kev: KevSummary | null;
  ssvc: SsvcSummary | null;
  /** Source keys that contributed (`cve5`, `nvd`, `kev`, `osv:<id>`, `csaf:<advisory>`), in precedence order. */
  sources: string[];
}

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
  /** Kind-specific facts as stored (e.g. `{from, to, threshold}` for `epss-threshold`). */
  detail: unknown;
}

export interface VulnerabilityDetail extends VulnerabilitySummary {
  /** The record merged from every source's statement (each item keeps its source). */
  record: VulnerabilityRecord;
  /** Why the headline CVSS metric was preferred over the others. */
  cvssReason: string | null;
  /** Oldest first. */
  epssHistory: EpssPoint[];
  specs: ProductSpec[];
  advisories: AdvisoryLink[];
  /** Oldest first. */
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

export interface IntelSourceStatus {
  source: string;
  documents: number;
  records: number;
  lastUpdate: string;
  cursor: string | null;
}

export interface IntelStatus {
  sources: IntelSourceStatus[];
  counts: { vulnerabilities: number; advisories: number; kev: number; epss: number };
}
