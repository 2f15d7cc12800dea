/**
 * Builds a vulnerability's risk evidence from the normalised intelligence records the readers and
 * the store produce (model/intel.ts): the CVE record (CVSS from every container, CISA ADP SSVC and
 * KEV, references), the KEV catalog entry, the EPSS score and the CSAF advisories that name it.
 */
import type { AdvisoryVulnerability, EpssScore, KevEntry, VulnerabilityRecord } from '../../model/intel.js';
import { cvssInputFromMetric, type CvssInput } from './scores.js';
import type { VulnerabilityEvidence } from './vulnerability-inputs.js';

export interface EvidenceSources {
  /** The KEV catalog entry, when listed (its dates win over the record's copy). */
  kev?: KevEntry | undefined;
  epss?: EpssScore | undefined;
  /** CSAF vulnerabilities for this CVE, with the advisory id. */
  advisories?: ReadonlyArray<{ advisory: string; vulnerability: AdvisoryVulnerability }> | undefined;
  /** Only CSAF threats and scores for these product ids (the finding's); all when absent. */
  productIds?: readonly string[] | undefined;
}

function forProducts(productIds: readonly string[] | undefined, ids: readonly string[] | undefined): boolean {
  // A threat or score without product ids applies to the whole vulnerability.
  return productIds === undefined || ids === undefined || ids.length === 0 || ids.some((id) => productIds.includes(id));
}

export function vulnerabilityEvidence(record: VulnerabilityRecord, sources: EvidenceSources = {}): VulnerabilityEvidence {
  const cvss: CvssInput[] = record.metrics.map((metric) => cvssInputFromMetric(metric));
  const csafExploitStatus: NonNullable<VulnerabilityEvidence['csafExploitStatus']>[number][] = [];
  for (const { advisory, vulnerability } of sources.advisories ?? []) {
    for (const threat of vulnerability.exploitStatus) {
      if (forProducts(sources.productIds, threat.productIds)) csafExploitStatus.push({ details: threat.details, date: threat.date, advisory });
    }
    for (const score of vulnerability.scores) {
      if (forProducts(sources.productIds, score.productIds)) cvss.push({ ...cvssInputFromMetric(score), sourceName: score.assessor ?? advisory });
    }
  }
  const kev = sources.kev ?? record.kev;
  const epss = sources.epss;
  return {
    id: record.id,
    kev: kev ? { dateAdded: kev.dateAdded, dueDate: kev.dueDate } : undefined,
    adp: record.ssvc,
    csafExploitStatus,
    references: record.references,
    cvss,
    epss: epss ? { score: epss.epss, percentile: epss.percentile, date: epss.scoreDate, modelVersion: epss.modelVersion } : undefined,
  };
}
