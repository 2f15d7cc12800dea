/**
 * Turns one parsed intelligence document into source statements (what this document says about
 * which vulnerabilities), product specs, advisories and EPSS scores: the one shape the store
 * imports, whatever the format. Pure.
 */
import type {
  AdvisoryRecord,
  AdvisoryVulnerability,
  EpssScore,
  IntelSource,
  KevEntry,
  ProductSpec,
  VulnerabilityRecord,
} from '../../model/intel.js';

export interface Statement {
  /** All ids this statement names (its own id first); the store resolves them to one vulnerability. */
  ids: string[];
  /** `nvd`, `cve5`, `kev`, `osv:<id>` or `csaf:<advisory id>`. */
  key: string;
  record: VulnerabilityRecord;
  specs: ProductSpec[];
}

export interface ImportBatch {
  statements: Statement[];
  advisories: Array<{ record: AdvisoryRecord; document: string }>;
  epss: EpssScore[];
}

export const emptyBatch = (): ImportBatch => ({ statements: [], advisories: [], epss: [] });

export function kevStatement(entry: KevEntry): Statement {
  const source: IntelSource = entry.source;
  return {
    ids: [entry.cveId],
    key: 'kev',
    specs: [],
    record: {
      id: entry.cveId,
      aliases: [],
      title: entry.vulnerabilityName,
      descriptions: entry.shortDescription ? [{ lang: 'en', value: entry.shortDescription, source }] : [],
      published: undefined,
      lastModified: undefined,
      status: 'published',
      tags: [],
      cwes: entry.cwes.map((cweId) => ({ cweId, source })),
      references: entry.notes.filter((n) => /^https?:\/\//i.test(n)).map((url) => ({ url, tags: ['kev-note'], source })),
      metrics: [],
      kev: {
        dateAdded: entry.dateAdded,
        dueDate: entry.dueDate,
        requiredAction: entry.requiredAction,
        vulnerabilityName: entry.vulnerabilityName,
        knownRansomwareCampaignUse: entry.knownRansomwareCampaignUse,
        notes: entry.notes,
        source,
      },
      source,
    },
  };
}

/** What a CSAF advisory says about one of its vulnerabilities, as a statement keyed by the advisory. */
export function csafStatement(advisory: AdvisoryRecord, vuln: AdvisoryVulnerability, specs: ProductSpec[]): Statement {
  const source: IntelSource = { ...advisory.source, provider: advisory.publisher?.name };
  const description = vuln.notes.find((n) => n.category === 'description') ?? vuln.notes.find((n) => n.category === 'summary');
  const ids = [vuln.cve ?? vuln.id, ...vuln.ids.map((i) => i.text)].filter((v, i, a) => a.indexOf(v) === i);
  return {
    ids,
    key: `csaf:${advisory.id}`,
    specs,
    record: {
      id: ids[0]!,
      aliases: ids.slice(1),
      title: vuln.title,
      descriptions: description ? [{ lang: advisory.lang ?? 'en', value: description.text, source }] : [],
      published: vuln.releaseDate ?? advisory.tracking?.initialReleaseDate,
      lastModified: advisory.tracking?.currentReleaseDate,
      status: 'published',
      tags: [],
      cwes: vuln.cwes.map((cweId) => ({ cweId, source })),
      references: advisory.references.map((r) => ({ url: r.url, name: r.summary, tags: r.category ? [r.category] : [], source })),
      metrics: vuln.scores,
      source,
    },
  };
}
