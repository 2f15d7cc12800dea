/**
 * The retired NVD JSON 1.1 feed (`CVE_Items`), still found in archives and test data. Converted to
 * the same records as API 2.0: a top-level node with `children` becomes a configuration whose nodes
 * are the children; a node without children becomes a one-node configuration.
 */
import type { Issue } from '../../model/errors.js';
import type { CpeConfigNode, CpeConfiguration, CpeMatchCriterion, CvssMetric, IntelSource, RecordOutcome, VulnerabilityRecord } from '../../model/intel.js';
import { childPointer } from '../json/pointer.js';
import { asArray, asBoolean, asNumber, asObject, asString, asStringArray, type JsonObject } from '../json/values.js';
import { asSeverity, checkCriteria, checkedMetric } from './common.js';

const RANGE_FIELDS = ['versionStartIncluding', 'versionStartExcluding', 'versionEndIncluding', 'versionEndExcluding'] as const;

function operatorOf(value: unknown): 'AND' | 'OR' {
  return typeof value === 'string' && value.toUpperCase() === 'AND' ? 'AND' : 'OR';
}

/** Returns the node, or undefined when one of its criteria is invalid (issue added). */
function legacyNode(node: JsonObject, pointer: string, issues: Issue[]): CpeConfigNode | undefined {
  const cpeMatch: CpeMatchCriterion[] = [];
  let sound = true;
  asArray(node.cpe_match).forEach((raw, index) => {
    const entry = asObject(raw);
    const entryPointer = childPointer(pointer, 'cpe_match', index);
    if (!entry || !checkCriteria(entry.cpe23Uri, entryPointer, issues)) {
      sound = false;
      return;
    }
    const criterion: CpeMatchCriterion = { criteria: entry.cpe23Uri as string, vulnerable: asBoolean(entry.vulnerable) ?? false, pointer: entryPointer };
    for (const field of RANGE_FIELDS) {
      const bound = asString(entry[field]);
      if (bound !== undefined) criterion[field] = bound;
    }
    cpeMatch.push(criterion);
  });
  return sound ? { operator: operatorOf(node.operator), negate: asBoolean(node.negate) ?? false, cpeMatch } : undefined;
}

function legacyConfigurations(raw: unknown, pointer: string, issues: Issue[]): CpeConfiguration[] {
  const configurations: CpeConfiguration[] = [];
  asArray(asObject(raw)?.nodes).forEach((nodeRaw, index) => {
    const node = asObject(nodeRaw);
    const nodePointer = childPointer(pointer, 'nodes', index);
    if (!node) return;
    const children = asArray(node.children);
    if (children.length === 0) {
      const single = legacyNode(node, nodePointer, issues);
      if (single && single.cpeMatch.length > 0) configurations.push({ operator: 'OR', negate: false, nodes: [single] });
      return;
    }
    // Legacy feeds nest at most one level (AND of ORs); deeper children are not part of the format.
    const nodes: CpeConfigNode[] = [];
    let sound = true;
    children.forEach((childRaw, childIndex) => {
      const child = asObject(childRaw);
      const converted = child ? legacyNode(child, childPointer(nodePointer, 'children', childIndex), issues) : undefined;
      if (converted) nodes.push(converted);
      else sound = false;
    });
    if (sound) configurations.push({ operator: operatorOf(node.operator), negate: asBoolean(node.negate) ?? false, nodes });
  });
  return configurations;
}

function legacyMetrics(impact: unknown, pointer: string, source: IntelSource, issues: Issue[]): CvssMetric[] {
  const metrics: CvssMetric[] = [];
  const container = asObject(impact);
  const v3 = asObject(container?.baseMetricV3);
  const v3data = asObject(v3?.cvssV3);
  if (v3data) {
    const version = asString(v3data.version) === '3.0' ? '3.0' : '3.1';
    const metric = checkedMetric(
      {
        version,
        vector: asString(v3data.vectorString),
        baseScore: asNumber(v3data.baseScore),
        severity: asSeverity(v3data.baseSeverity),
        type: 'primary',
        assessor: 'nvd@nist.gov',
        pointer: childPointer(pointer, 'baseMetricV3', 'cvssV3'),
        source,
      },
      issues,
    );
    if (metric) metrics.push(metric);
  }
  const v2 = asObject(container?.baseMetricV2);
  const v2data = asObject(v2?.cvssV2);
  if (v2data) {
    const metric = checkedMetric(
      {
        version: '2.0',
        vector: asString(v2data.vectorString),
        baseScore: asNumber(v2data.baseScore),
        severity: asSeverity(v2?.severity),
        type: 'primary',
        assessor: 'nvd@nist.gov',
        pointer: childPointer(pointer, 'baseMetricV2', 'cvssV2'),
        source,
      },
      issues,
    );
    if (metric) metrics.push(metric);
  }
  return metrics;
}

/** Normalises one legacy `CVE_Items[]` entry. */
export function readNvdLegacyItem(raw: unknown, pointer: string, source: IntelSource): RecordOutcome {
  const issues: Issue[] = [];
  const item = asObject(raw);
  const cve = asObject(item?.cve);
  const meta = asObject(cve?.CVE_data_meta);
  const id = asString(meta?.ID);
  if (!item || !cve || !id || !/^CVE-\d{4}-\d{4,}$/.test(id)) {
    issues.push({ pointer: childPointer(pointer, 'cve', 'CVE_data_meta', 'ID'), code: 'invalid-record', message: 'record without a valid CVE id; record skipped' });
    return { record: undefined, specs: [], issues };
  }
  const recordSource: IntelSource = { ...source, pointer, provider: asString(meta?.ASSIGNER) };
  const descriptions = asArray(asObject(cve.description)?.description_data).flatMap((entry) => {
    const value = asString(asObject(entry)?.value);
    return value ? [{ lang: asString(asObject(entry)?.lang) ?? 'en', value, source: recordSource }] : [];
  });
  const rejected = descriptions.some((description) => description.value.startsWith('** REJECT **'));
  const record: VulnerabilityRecord = {
    id,
    aliases: [],
    descriptions,
    published: asString(item.publishedDate),
    lastModified: asString(item.lastModifiedDate),
    status: rejected ? 'rejected' : 'published',
    tags: [],
    cwes: asArray(asObject(cve.problemtype)?.problemtype_data).flatMap((entry) =>
      asArray(asObject(entry)?.description).flatMap((item2) => {
        const value = asString(asObject(item2)?.value);
        return value ? [{ cweId: value, source: recordSource }] : [];
      }),
    ),
    references: asArray(asObject(cve.references)?.reference_data).flatMap((entry) => {
      const reference = asObject(entry);
      const url = asString(reference?.url);
      return url ? [{ url, name: asString(reference?.name), tags: asStringArray(reference?.tags), source: recordSource }] : [];
    }),
    metrics: legacyMetrics(item.impact, childPointer(pointer, 'impact'), recordSource, issues),
    source: recordSource,
  };
  const configurations = legacyConfigurations(item.configurations, childPointer(pointer, 'configurations'), issues);
  const specs = configurations.length > 0 ? [{ kind: 'cpe-config' as const, vulnerabilityId: id, configurations, source: recordSource }] : [];
  return { record, specs, issues };
}
