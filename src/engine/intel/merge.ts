/**
 * Merging what several sources state about one vulnerability into one view. Pure.
 *
 * Field precedence (ADR 003): the CVE record's owner (CVE 5 CNA container) first, then vendor CSAF
 * advisories, then NVD, then OSV, then the KEV catalog — except KEV facts, where the KEV catalog
 * wins, and SSVC, which only CISA's ADP publishes. Lists (metrics, references, CWEs, aliases) are
 * unions, each item keeping its own source.
 */
import { scoreCvssVector, cvssSeverity } from '../../formats/cvss/index.js';
import type {
  CvssMetric,
  CvssSeverity,
  KevInfo,
  SsvcOptions,
  VulnerabilityRecord,
  VulnerabilityStatus,
} from '../../model/intel.js';
import type { EpssView, VulnerabilitySummary } from '../../model/intel-views.js';

export type { EpssView } from '../../model/intel-views.js';

/** One source's statement about a vulnerability. `key` is `cve5`, `nvd`, `kev`, `osv:<id>` or `csaf:<advisory>`. */
export interface SourceStatement {
  key: string;
  record: VulnerabilityRecord;
}

export interface CvssView {
  version: string;
  vector: string;
  baseScore: number;
  severity: CvssSeverity;
  assessor: string | null;
  /** Why this metric was preferred over the others. */
  reason: string;
}

/** The merged vulnerability; the stored summary the API lists (VulnerabilitySummary) is read from it. */
export interface VulnerabilityView extends Pick<VulnerabilitySummary, 'id' | 'aliases' | 'title' | 'description' | 'published' | 'lastModified'> {
  status: VulnerabilityStatus;
  cvss: CvssView | null;
  kev: (KevInfo & { ransomware: 'known' | 'unknown' }) | null;
  ssvc: SsvcOptions | null;
  epss: EpssView | null;
  /** Source keys that contributed, in precedence order. */
  sources: string[];
  /** The merged record (every item keeps its source). */
  record: VulnerabilityRecord;
}

const RANK: ReadonlyArray<(key: string) => boolean> = [
  (k) => k === 'cve5',
  (k) => k.startsWith('csaf:'),
  (k) => k === 'nvd',
  (k) => k.startsWith('osv:'),
  (k) => k === 'kev',
];

function sourceRank(key: string): number {
  const i = RANK.findIndex((test) => test(key));
  return i === -1 ? RANK.length : i;
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const minDate = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a < b ? a : b);
const maxDate = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a > b ? a : b);

const VERSION_ORDER: Record<string, number> = { '4.0': 4, '3.1': 3, '3.0': 2, '2.0': 1 };

/** 0 = the product's owner (CNA or vendor advisory), 1 = CISA ADP, 2 = NVD's own analysis, 3 = anyone else. */
function assessorRank(metric: CvssMetric, statementKey: string): number {
  const who = (metric.assessor ?? '').toLowerCase();
  if (who.includes('cisa-adp') || who === 'cisa adp') return 1;
  if (who === 'nvd@nist.gov') return 2;
  if (statementKey === 'cve5' || statementKey.startsWith('csaf:')) return metric.type === 'primary' ? 0 : 3;
  // NVD republishes the CNA's own score as a Secondary metric with the CNA's contact as source.
  if (statementKey === 'nvd' && metric.type === 'secondary') return 0;
  return 3;
}

const RANK_REASON = ['score of the product owner (CNA or vendor advisory)', 'score added by CISA ADP', "NVD's own score", 'third-party score'];

/** The CVSS metric to show and sort by: owner > CISA ADP > NVD > others, newest CVSS version first. */
export function preferredCvss(statements: SourceStatement[]): CvssView | null {
  let best: { metric: CvssMetric; rank: number; score: number; severity: CvssSeverity } | null = null;
  for (const st of statements) {
    for (const metric of st.record.metrics) {
      let score = metric.baseScore;
      let severity = metric.severity;
      if (score === undefined) {
        const computed = scoreCvssVector(metric.vector);
        if (!computed.ok) continue;
        score = computed.value.base;
        severity = computed.value.severity;
      }
      severity ??= cvssSeverity(metric.version, score);
      const rank = assessorRank(metric, st.key);
      const better =
        !best ||
        rank < best.rank ||
        (rank === best.rank && (VERSION_ORDER[metric.version] ?? 0) > (VERSION_ORDER[best.metric.version] ?? 0));
      if (better) best = { metric, rank, score, severity };
    }
  }
  if (!best) return null;
  return {
    version: best.metric.version,
    vector: best.metric.vector,
    baseScore: best.score,
    severity: best.severity,
    assessor: best.metric.assessor ?? null,
    reason: `${RANK_REASON[best.rank]}, CVSS ${best.metric.version}`,
  };
}

export function mergeVulnerability(id: string, statements: SourceStatement[], epss: EpssView | null): VulnerabilityView {
  const ordered = [...statements].sort((a, b) => sourceRank(a.key) - sourceRank(b.key) || a.key.localeCompare(b.key));
  const records = ordered.map((s) => s.record);
  const first = <T>(pick: (r: VulnerabilityRecord) => T | undefined): T | undefined => {
    for (const r of records) {
      const v = pick(r);
      if (v !== undefined && v !== '') return v;
    }
    return undefined;
  };

  const aliases = [...new Set(records.flatMap((r) => [r.id, ...r.aliases]))].filter((a) => a !== id).sort();
  const descriptions = uniqueBy(records.flatMap((r) => r.descriptions), (d) => `${d.lang}\u0000${d.value}`);
  const english = descriptions.find((d) => d.lang.toLowerCase().startsWith('en')) ?? descriptions[0];
  let published: string | undefined;
  let lastModified: string | undefined;
  for (const r of records) {
    published = minDate(published, r.published);
    lastModified = maxDate(lastModified, r.lastModified);
  }
  // Rejection by the CVE record's owner or by NVD retires the vulnerability whatever others say.
  const rejected = ordered.some((s) => (s.key === 'cve5' || s.key === 'nvd') && s.record.status === 'rejected');
  const status: VulnerabilityStatus = rejected ? 'rejected' : (first((r) => r.status) ?? 'published');

  const kevStatement = ordered.find((s) => s.key === 'kev')?.record.kev;
  const kevAny = kevStatement ?? first((r) => r.kev);
  const kev = kevAny ? { ...kevAny, ransomware: kevAny.knownRansomwareCampaignUse ?? ('unknown' as const) } : null;

  const record: VulnerabilityRecord = {
    id,
    aliases,
    title: first((r) => r.title),
    descriptions,
    published,
    lastModified,
    status,
    rawStatus: first((r) => r.rawStatus),
    tags: [...new Set(records.flatMap((r) => r.tags))],
    cwes: uniqueBy(records.flatMap((r) => r.cwes), (c) => c.cweId),
    references: uniqueBy(records.flatMap((r) => r.references), (r) => r.url),
    metrics: uniqueBy(records.flatMap((r) => r.metrics), (m) => `${m.vector}\u0000${m.assessor ?? ''}`),
    kev: kevAny,
    ssvc: first((r) => r.ssvc),
    source: records[0]?.source ?? { kind: 'nvd-api' },
  };
  return {
    id,
    aliases,
    title: record.title ?? null,
    description: english?.value ?? null,
    published: published ?? null,
    lastModified: lastModified ?? null,
    status,
    cvss: preferredCvss(ordered),
    kev,
    ssvc: record.ssvc ?? null,
    epss,
    sources: ordered.map((s) => s.key),
    record,
  };
}

/** Canonical id of a vulnerability known by several ids: a CVE id if there is one, else the first id. */
export function canonicalId(ids: string[]): string {
  return ids.find((i) => /^CVE-\d{4}-\d+$/i.test(i))?.toUpperCase() ?? ids[0]!;
}
