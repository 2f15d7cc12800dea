/** One NVD CVE API 2.0 `cve` object → VulnerabilityRecord + cpe-config spec. */
import type { Issue } from '../../model/errors.js';
import type {
  CpeConfigNode,
  CpeConfiguration,
  CpeMatchCriterion,
  CvssMetric,
  CvssVersion,
  IntelSource,
  KevInfo,
  RecordOutcome,
  VulnerabilityRecord,
} from '../../model/intel.js';
import { childPointer } from '../json/pointer.js';
import { asArray, asBoolean, asNumber, asObject, asString, asStringArray } from '../json/values.js';
import { asSeverity, checkCriteria, checkedMetric, nvdStatus } from './common.js';

const METRIC_KEYS: ReadonlyArray<readonly [key: string, version: CvssVersion | undefined]> = [
  ['cvssMetricV40', '4.0'],
  ['cvssMetricV31', '3.1'],
  ['cvssMetricV30', '3.0'],
  ['cvssMetricV2', '2.0'],
];

const RANGE_FIELDS = ['versionStartIncluding', 'versionStartExcluding', 'versionEndIncluding', 'versionEndExcluding'] as const;

function operatorOf(value: unknown): 'AND' | 'OR' {
  return typeof value === 'string' && value.toUpperCase() === 'AND' ? 'AND' : 'OR';
}

function readMetrics(metrics: unknown, pointer: string, source: IntelSource, issues: Issue[]): CvssMetric[] {
  const result: CvssMetric[] = [];
  const container = asObject(metrics);
  if (!container) return result;
  for (const [key, keyVersion] of METRIC_KEYS) {
    asArray(container[key]).forEach((entry, index) => {
      const metric = asObject(entry);
      const entryPointer = childPointer(pointer, key, index);
      const data = asObject(metric?.cvssData);
      if (!metric || !data) {
        issues.push({ pointer: entryPointer, code: 'invalid-cvss', message: 'CVSS metric without cvssData; metric dropped, record kept' });
        return;
      }
      const declared = asString(data.version);
      const version = (declared === '2.0' || declared === '3.0' || declared === '3.1' || declared === '4.0' ? declared : keyVersion) as CvssVersion;
      const checked = checkedMetric(
        {
          version,
          vector: asString(data.vectorString),
          baseScore: asNumber(data.baseScore),
          severity: asSeverity(data.baseSeverity) ?? asSeverity(metric.baseSeverity),
          type: asString(metric.type)?.toLowerCase() === 'secondary' ? 'secondary' : 'primary',
          assessor: asString(metric.source),
          pointer: childPointer(entryPointer, 'cvssData'),
          source,
        },
        issues,
      );
      if (checked) result.push(checked);
    });
  }
  return result;
}

function readCriterion(raw: unknown, pointer: string, issues: Issue[]): CpeMatchCriterion | undefined {
  const entry = asObject(raw);
  if (!entry || !checkCriteria(entry.criteria, pointer, issues)) return undefined;
  const criterion: CpeMatchCriterion = { criteria: entry.criteria as string, vulnerable: asBoolean(entry.vulnerable) ?? false, pointer };
  const id = asString(entry.matchCriteriaId);
  if (id) criterion.matchCriteriaId = id;
  for (const field of RANGE_FIELDS) {
    const bound = asString(entry[field]);
    if (bound !== undefined) criterion[field] = bound;
  }
  return criterion;
}

/** Reads `configurations`; a configuration with any invalid criterion is dropped whole (issue names it). */
export function readConfigurations(raw: unknown, pointer: string, issues: Issue[]): CpeConfiguration[] {
  const configurations: CpeConfiguration[] = [];
  asArray(raw).forEach((item, configIndex) => {
    const config = asObject(item);
    const configPointer = childPointer(pointer, configIndex);
    if (!config) return;
    let sound = true;
    const nodes: CpeConfigNode[] = [];
    asArray(config.nodes).forEach((nodeRaw, nodeIndex) => {
      const node = asObject(nodeRaw);
      if (!node) return;
      const cpeMatch: CpeMatchCriterion[] = [];
      asArray(node.cpeMatch).forEach((matchRaw, matchIndex) => {
        const criterion = readCriterion(matchRaw, childPointer(configPointer, 'nodes', nodeIndex, 'cpeMatch', matchIndex), issues);
        if (criterion) cpeMatch.push(criterion);
        else sound = false;
      });
      nodes.push({ operator: operatorOf(node.operator), negate: asBoolean(node.negate) ?? false, cpeMatch });
    });
    if (sound && nodes.length > 0) configurations.push({ operator: operatorOf(config.operator), negate: asBoolean(config.negate) ?? false, nodes });
  });
  return configurations;
}

function readKev(cve: Record<string, unknown>, source: IntelSource): KevInfo | undefined {
  const dateAdded = asString(cve.cisaExploitAdd);
  if (!dateAdded) return undefined;
  const kev: KevInfo = { dateAdded, source };
  const dueDate = asString(cve.cisaActionDue);
  const requiredAction = asString(cve.cisaRequiredAction);
  const vulnerabilityName = asString(cve.cisaVulnerabilityName);
  if (dueDate) kev.dueDate = dueDate;
  if (requiredAction) kev.requiredAction = requiredAction;
  if (vulnerabilityName) kev.vulnerabilityName = vulnerabilityName;
  return kev;
}

/**
 * Normalises one NVD API 2.0 `cve` object. Returns `undefined` (with an issue) only when the record has
 * no usable CVE id; every other defect drops just the bad part and is reported.
 */
export function readNvdCve(raw: unknown, pointer: string, source: IntelSource): RecordOutcome {
  const issues: Issue[] = [];
  const cve = asObject(raw);
  const id = asString(cve?.id);
  if (!cve || !id || !/^CVE-\d{4}-\d{4,}$/.test(id)) {
    issues.push({ pointer: childPointer(pointer, 'id'), code: 'invalid-record', message: `record without a valid CVE id (${JSON.stringify(cve?.id)}); record skipped` });
    return { record: undefined, specs: [], issues };
  }
  const recordSource: IntelSource = { ...source, pointer, provider: asString(cve.sourceIdentifier) };
  const rawStatus = asString(cve.vulnStatus);
  const record: VulnerabilityRecord = {
    id,
    aliases: [],
    descriptions: asArray(cve.descriptions).flatMap((entry) => {
      const description = asObject(entry);
      const value = asString(description?.value);
      return value ? [{ lang: asString(description?.lang) ?? 'en', value, source: recordSource }] : [];
    }),
    published: asString(cve.published),
    lastModified: asString(cve.lastModified),
    status: nvdStatus(rawStatus),
    rawStatus,
    tags: asArray(cve.cveTags).flatMap((entry) => asStringArray(asObject(entry)?.tags)),
    cwes: asArray(cve.weaknesses).flatMap((entry) => {
      const weakness = asObject(entry);
      const provider = asString(weakness?.source);
      return asArray(weakness?.description).flatMap((item) => {
        const value = asString(asObject(item)?.value);
        return value ? [{ cweId: value, source: { ...recordSource, provider } }] : [];
      });
    }),
    references: asArray(cve.references).flatMap((entry) => {
      const reference = asObject(entry);
      const url = asString(reference?.url);
      return url ? [{ url, tags: asStringArray(reference?.tags), source: { ...recordSource, provider: asString(reference?.source) } }] : [];
    }),
    metrics: readMetrics(cve.metrics, childPointer(pointer, 'metrics'), recordSource, issues),
    source: recordSource,
  };
  const kev = readKev(cve, recordSource);
  if (kev) record.kev = kev;
  const configurations = readConfigurations(cve.configurations, childPointer(pointer, 'configurations'), issues);
  const specs =
    configurations.length > 0 ? [{ kind: 'cpe-config' as const, vulnerabilityId: id, configurations, source: recordSource }] : [];
  return { record, specs, issues };
}
