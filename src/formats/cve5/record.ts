/**
 * CVE JSON 5.x records (CNA container + ADP containers, including CISA ADP "Vulnrichment") →
 * VulnerabilityRecord + cve5-affected specs. CNA data wins; ADP data is added with its provider.
 */
import type { Issue } from '../../model/errors.js';
import type {
  Cve5AffectedSpec,
  Cve5Status,
  Cve5VersionEntry,
  CvssMetric,
  CvssVersion,
  IntelSource,
  RecordOutcome,
  VulnerabilityRecord,
} from '../../model/intel.js';
import { parseCvssVector } from '../cvss/vector.js';
import { childPointer } from '../json/pointer.js';
import { asArray, asNumber, asObject, asString, asStringArray, type JsonObject } from '../json/values.js';
import { readSsvcContent } from './ssvc.js';

/** CISA ADP container identity (standards §3). */
export const CISA_ADP_ORG_ID = '134c704f-9b21-4f2e-91b3-4a467353bcc0';

const CVSS_KEYS: ReadonlyArray<readonly [string, CvssVersion]> = [
  ['cvssV4_0', '4.0'],
  ['cvssV3_1', '3.1'],
  ['cvssV3_0', '3.0'],
  ['cvssV2_0', '2.0'],
];
const SEVERITIES = new Set(['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);

function status(value: unknown): Cve5Status | undefined {
  return value === 'affected' || value === 'unaffected' || value === 'unknown' ? value : undefined;
}

function isCisaAdp(container: JsonObject): boolean {
  const provider = asObject(container.providerMetadata);
  return provider?.orgId === CISA_ADP_ORG_ID || asString(provider?.shortName)?.toUpperCase() === 'CISA-ADP';
}

function readVersions(raw: unknown, pointer: string, issues: Issue[]): Cve5VersionEntry[] {
  const versions: Cve5VersionEntry[] = [];
  asArray(raw).forEach((item, index) => {
    const entry = asObject(item);
    const version = asString(entry?.version);
    const entryStatus = status(entry?.status);
    if (!entry || version === undefined || entryStatus === undefined) {
      issues.push({ pointer: childPointer(pointer, index), code: 'invalid-version-entry', message: 'version entry without version or valid status; entry dropped' });
      return;
    }
    const result: Cve5VersionEntry = { version, status: entryStatus };
    const versionType = asString(entry.versionType);
    const lessThan = asString(entry.lessThan);
    const lessThanOrEqual = asString(entry.lessThanOrEqual);
    if (versionType) result.versionType = versionType;
    if (lessThan) result.lessThan = lessThan;
    if (lessThanOrEqual) result.lessThanOrEqual = lessThanOrEqual;
    const changes = asArray(entry.changes).flatMap((change) => {
      const at = asString(asObject(change)?.at);
      const changeStatus = status(asObject(change)?.status);
      return at && changeStatus ? [{ at, status: changeStatus }] : [];
    });
    if (changes.length > 0) result.changes = changes;
    versions.push(result);
  });
  return versions;
}

function readAffected(container: JsonObject, id: string, pointer: string, source: IntelSource, issues: Issue[]): Cve5AffectedSpec[] {
  return asArray(container.affected).flatMap((item, index) => {
    const entry = asObject(item);
    if (!entry) return [];
    const entryPointer = childPointer(pointer, 'affected', index);
    const spec: Cve5AffectedSpec = {
      kind: 'cve5-affected',
      vulnerabilityId: id,
      cpes: asStringArray(entry.cpes),
      platforms: asStringArray(entry.platforms),
      modules: asStringArray(entry.modules),
      programFiles: asStringArray(entry.programFiles),
      defaultStatus: status(entry.defaultStatus) ?? 'unknown',
      versions: readVersions(entry.versions, childPointer(entryPointer, 'versions'), issues),
      source: { ...source, pointer: entryPointer },
    };
    for (const key of ['vendor', 'product', 'collectionURL', 'packageName', 'repo'] as const) {
      const value = asString(entry[key]);
      if (value !== undefined) spec[key] = value;
    }
    return [spec];
  });
}

function readCvss(container: JsonObject, pointer: string, type: 'primary' | 'secondary', source: IntelSource, issues: Issue[]): CvssMetric[] {
  return asArray(container.metrics).flatMap((item, index) => {
    const metric = asObject(item);
    if (!metric) return [];
    for (const [key, version] of CVSS_KEYS) {
      const data = asObject(metric[key]);
      if (!data) continue;
      const vectorPointer = childPointer(pointer, 'metrics', index, key, 'vectorString');
      const vector = asString(data.vectorString);
      const parsed = vector === undefined ? undefined : parseCvssVector(vector, version);
      if (!parsed?.ok) {
        const reason = parsed === undefined ? 'missing' : parsed.errors.join('; ');
        issues.push({ pointer: vectorPointer, code: 'invalid-cvss', message: `invalid CVSS ${version} vector (${reason}); metric dropped, record kept` });
        return [];
      }
      const result: CvssMetric = { version, vector: parsed.value.vector, type, source, assessor: source.provider };
      const baseScore = asNumber(data.baseScore);
      const severity = asString(data.baseSeverity)?.toUpperCase();
      if (baseScore !== undefined) result.baseScore = baseScore;
      if (severity && SEVERITIES.has(severity)) result.severity = severity as CvssMetric['severity'];
      return [result];
    }
    return [];
  });
}

function cweFrom(description: JsonObject): string | undefined {
  const cweId = asString(description.cweId);
  if (cweId) return cweId.toUpperCase();
  return asString(description.description)?.match(/\bCWE-\d+\b/i)?.[0].toUpperCase();
}

export interface Cve5ReadContext {
  file?: string;
  /** JSON pointer of the record in a larger document; '' for a single file. */
  pointer?: string;
}

/** Normalises one parsed CVE 5 record. */
export function readCve5Object(raw: unknown, context: Cve5ReadContext = {}): RecordOutcome {
  const base = context.pointer ?? '';
  const issues: Issue[] = [];
  const root = asObject(raw);
  const metadata = asObject(root?.cveMetadata);
  const id = asString(metadata?.cveId);
  if (!root || !metadata || !id || !/^CVE-\d{4}-\d{4,}$/.test(id)) {
    issues.push({ file: context.file, pointer: childPointer(base, 'cveMetadata', 'cveId'), code: 'invalid-record', message: 'not a CVE 5 record: no valid cveMetadata.cveId; record skipped' });
    return { record: undefined, specs: [], issues };
  }
  const dataVersion = asString(root.dataVersion);
  if (dataVersion !== undefined && !dataVersion.startsWith('5.')) {
    issues.push({ file: context.file, pointer: childPointer(base, 'dataVersion'), code: 'unexpected-version', message: `dataVersion ${dataVersion}; read as 5.x` });
  }
  const document = context.file;
  const containers = asObject(root.containers);
  const cna = asObject(containers?.cna) ?? {};
  const cnaPointer = childPointer(base, 'containers', 'cna');
  const state = asString(metadata.state)?.toUpperCase();
  const recordSource: IntelSource = { kind: 'cve5', document, pointer: base, provider: asString(metadata.assignerShortName) };
  const cnaSource: IntelSource = { kind: 'cve5', document, pointer: cnaPointer, provider: asString(asObject(cna.providerMetadata)?.shortName) ?? recordSource.provider };

  const record: VulnerabilityRecord = {
    id,
    aliases: [],
    title: asString(cna.title),
    descriptions: [],
    published: asString(metadata.datePublished),
    lastModified: asString(metadata.dateUpdated) ?? asString(metadata.datePublished),
    status: state === 'REJECTED' ? 'rejected' : 'published',
    rawStatus: asString(metadata.state),
    tags: asStringArray(cna.tags),
    cwes: [],
    references: [],
    metrics: [],
    source: recordSource,
  };
  const specs: Cve5AffectedSpec[] = [];
  const seenUrls = new Set<string>();

  const adpContainers = asArray(containers?.adp)
    .map((item, index) => ({ container: asObject(item), pointer: childPointer(base, 'containers', 'adp', index) }))
    .filter((entry): entry is { container: JsonObject; pointer: string } => entry.container !== undefined);
  const all = [{ container: cna, pointer: cnaPointer, isCna: true }, ...adpContainers.map((entry) => ({ ...entry, isCna: false }))];

  for (const { container, pointer, isCna } of all) {
    const provider = asString(asObject(container.providerMetadata)?.shortName);
    const source: IntelSource = isCna ? cnaSource : { kind: 'cve5', document, pointer, provider };
    const descriptionKey = state === 'REJECTED' && isCna ? 'rejectedReasons' : 'descriptions';
    for (const entry of asArray(container[descriptionKey])) {
      const value = asString(asObject(entry)?.value);
      if (value) record.descriptions.push({ lang: asString(asObject(entry)?.lang) ?? 'en', value, source });
    }
    for (const problem of asArray(container.problemTypes)) {
      for (const description of asArray(asObject(problem)?.descriptions)) {
        const object = asObject(description);
        const cweId = object ? cweFrom(object) : undefined;
        if (cweId && !record.cwes.some((cwe) => cwe.cweId === cweId && cwe.source.provider === provider)) {
          record.cwes.push({ cweId, description: asString(object?.description), source });
        }
      }
    }
    for (const entry of asArray(container.references)) {
      const reference = asObject(entry);
      const url = asString(reference?.url);
      if (!url || seenUrls.has(url)) continue;
      seenUrls.add(url);
      record.references.push({ url, name: asString(reference?.name), tags: asStringArray(reference?.tags), source });
    }
    record.metrics.push(...readCvss(container, pointer, isCna ? 'primary' : 'secondary', source, issues));
    specs.push(...readAffected(container, id, pointer, source, issues));

    if (!isCna && isCisaAdp(container)) {
      asArray(container.metrics).forEach((item, index) => {
        const other = asObject(asObject(item)?.other);
        const type = asString(other?.type)?.toLowerCase();
        const metricSource: IntelSource = { ...source, pointer: childPointer(pointer, 'metrics', index, 'other') };
        if (type === 'ssvc') {
          const ssvc = readSsvcContent(other?.content, metricSource);
          if (ssvc) record.ssvc = ssvc;
        } else if (type === 'kev') {
          const content = asObject(other?.content);
          record.kev = { dateAdded: asString(content?.dateAdded), reference: asString(content?.reference), source: metricSource };
        }
      });
    }
  }
  return { record, specs, issues };
}
