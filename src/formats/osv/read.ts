/**
 * OSV records (single object or array; plain or .gz) → VulnerabilityRecord + osv-range specs, and a
 * light AdvisoryRecord (OSV ids such as GHSA-/GO-/RUSTSEC- are advisories that cover CVE aliases).
 */
import type { Issue } from '../../model/errors.js';
import { InputError } from '../../model/errors.js';
import type {
  AdvisoryRecord,
  CvssMetric,
  CvssVersion,
  IntelSource,
  OsvRange,
  OsvRangeSpec,
  ParsedVulnerability,
  VulnerabilityRecord,
} from '../../model/intel.js';
import { parseCvssVector } from '../cvss/vector.js';
import { decodeInputText, type GunzipOptions } from '../json/gzip.js';
import { parseJson } from '../json/parse.js';
import { childPointer } from '../json/pointer.js';
import { asArray, asObject, asString, asStringArray, type JsonObject } from '../json/values.js';

export interface OsvReadOptions extends GunzipOptions {
  file?: string;
  maxDepth?: number;
}

export interface OsvParsed extends ParsedVulnerability {
  advisory: AdvisoryRecord;
}

export interface OsvReadResult {
  records: OsvParsed[];
  /** Document-level problems and skipped records. */
  issues: Issue[];
}

const SEVERITY_TYPES: Readonly<Record<string, CvssVersion | undefined>> = { CVSS_V2: '2.0', CVSS_V3: undefined, CVSS_V4: '4.0' };

function readSeverity(raw: unknown, pointer: string, source: IntelSource, issues: Issue[]): CvssMetric[] {
  return asArray(raw).flatMap((item, index) => {
    const entry = asObject(item);
    const type = asString(entry?.type)?.toUpperCase();
    const vector = asString(entry?.score);
    if (!type || !vector || !(type in SEVERITY_TYPES)) return []; // e.g. Ubuntu priority words: not CVSS
    const parsed = parseCvssVector(vector, SEVERITY_TYPES[type]);
    if (!parsed.ok) {
      issues.push({ pointer: childPointer(pointer, index, 'score'), code: 'invalid-cvss', message: `invalid ${type} vector (${parsed.errors.join('; ')}); severity dropped, record kept` });
      return [];
    }
    return [{ version: parsed.value.version, vector: parsed.value.vector, type: 'primary' as const, assessor: source.provider, source }];
  });
}

function readRanges(raw: unknown): OsvRange[] {
  return asArray(raw).flatMap((item) => {
    const range = asObject(item);
    const type = asString(range?.type);
    if (!range || !type) return [];
    const events = asArray(range.events).flatMap((eventRaw) => {
      const event = asObject(eventRaw);
      if (!event) return [];
      const result: OsvRange['events'][number] = {};
      const introduced = asString(event.introduced);
      const fixed = asString(event.fixed);
      const lastAffected = asString(event.last_affected);
      const limit = asString(event.limit);
      if (introduced !== undefined) result.introduced = introduced;
      if (fixed !== undefined) result.fixed = fixed;
      if (lastAffected !== undefined) result.lastAffected = lastAffected;
      if (limit !== undefined) result.limit = limit;
      return Object.keys(result).length > 0 ? [result] : [];
    });
    const result: OsvRange = { type, events };
    const repo = asString(range.repo);
    if (repo) result.repo = repo;
    return [result];
  });
}

function cwesOf(object: JsonObject): string[] {
  return asStringArray(asObject(object.database_specific)?.cwe_ids);
}

/** Normalises one parsed OSV object. */
export function readOsvObject(raw: unknown, pointer: string, file: string | undefined): OsvParsed | { record: undefined; issues: Issue[] } {
  const issues: Issue[] = [];
  const object = asObject(raw);
  const id = asString(object?.id);
  if (!object || !id) {
    issues.push({ file, pointer: childPointer(pointer, 'id'), code: 'invalid-record', message: 'OSV record without id; record skipped' });
    return { record: undefined, issues };
  }
  const source: IntelSource = { kind: 'osv', document: file, pointer, provider: id.split('-')[0] };
  const aliases = [...new Set([...asStringArray(object.aliases), ...asStringArray(object.upstream)])].filter((alias) => alias !== id);
  const summary = asString(object.summary);
  const details = asString(object.details);
  const metrics = readSeverity(object.severity, childPointer(pointer, 'severity'), source, issues);
  const withdrawn = asString(object.withdrawn);
  const record: VulnerabilityRecord = {
    id,
    aliases,
    title: summary,
    descriptions: details ? [{ lang: 'en', value: details, source }] : [],
    published: asString(object.published),
    lastModified: asString(object.modified),
    status: withdrawn ? 'rejected' : 'published',
    rawStatus: withdrawn ? `withdrawn ${withdrawn}` : undefined,
    tags: [],
    cwes: cwesOf(object).map((cweId) => ({ cweId, source })),
    references: asArray(object.references).flatMap((entry) => {
      const reference = asObject(entry);
      const url = asString(reference?.url);
      const type = asString(reference?.type);
      return url ? [{ url, tags: type ? [type] : [], source }] : [];
    }),
    metrics,
    source,
  };
  const specs: OsvRangeSpec[] = asArray(object.affected).flatMap((item, index) => {
    const affected = asObject(item);
    if (!affected) return [];
    const packageInfo = asObject(affected.package);
    const spec: OsvRangeSpec = {
      kind: 'osv-range',
      vulnerabilityId: id,
      ranges: readRanges(affected.ranges),
      versions: asStringArray(affected.versions),
      severity: readSeverity(affected.severity, childPointer(pointer, 'affected', index, 'severity'), source, issues),
      source: { ...source, pointer: childPointer(pointer, 'affected', index) },
    };
    const ecosystem = asString(packageInfo?.ecosystem);
    const packageName = asString(packageInfo?.name);
    const purl = asString(packageInfo?.purl);
    if (ecosystem) spec.ecosystem = ecosystem;
    if (packageName) spec.packageName = packageName;
    if (purl) spec.purl = purl;
    return [spec];
  });
  const advisory: AdvisoryRecord = {
    id,
    title: summary ?? id,
    category: 'osv',
    tracking: { id, currentReleaseDate: record.lastModified, initialReleaseDate: record.published, revisions: [] },
    notes: details ? [{ category: 'details', text: details }] : [],
    references: record.references.map((reference) => ({ url: reference.url, category: reference.tags[0] })),
    vulnerabilities: [id, ...aliases].map((vulnerabilityId) => ({
      id: vulnerabilityId,
      cve: vulnerabilityId.startsWith('CVE-') ? vulnerabilityId : undefined,
      ids: [],
      cwes: cwesOf(object),
      notes: [],
      productStatus: {},
      remediations: [],
      threats: [],
      exploitStatus: [],
      flags: [],
      scores: metrics,
    })),
    products: [],
    productGroups: [],
    source,
  };
  return { record, specs, issues, advisory };
}

/** Reads an OSV file holding one record or an array of records. */
export function readOsv(input: string | Uint8Array, options: OsvReadOptions = {}): OsvReadResult {
  const { file } = options;
  const document = parseJson(decodeInputText(input, options), { file, maxDepth: options.maxDepth });
  const items: Array<{ value: unknown; pointer: string }> = Array.isArray(document)
    ? document.map((value, index) => ({ value, pointer: childPointer('', index) }))
    : [{ value: document, pointer: '' }];
  if (!Array.isArray(document) && (!asObject(document) || !('id' in (document as object)))) {
    throw new InputError('not an OSV document: expected an object with "id" or an array of them', { code: 'unsupported-document', place: { file } });
  }
  const records: OsvParsed[] = [];
  const issues: Issue[] = [];
  for (const item of items) {
    const outcome = readOsvObject(item.value, item.pointer, file);
    if (outcome.record === undefined) issues.push(...outcome.issues);
    else records.push(outcome as OsvParsed);
  }
  return { records, issues };
}
