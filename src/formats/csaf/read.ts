/**
 * CSAF 2.0 documents (security advisories, VEX, informational) → AdvisoryRecord + one csaf-product
 * spec per (vulnerability, product, status). Validation runs first; failures become issues with
 * JSON pointers, and extraction still happens unless the caller asks to reject invalid documents.
 */
import type { Issue } from '../../model/errors.js';
import { InputError } from '../../model/errors.js';
import type {
  AdvisoryNote,
  AdvisoryRecord,
  AdvisoryRemediation,
  AdvisoryThreat,
  AdvisoryVulnerability,
  CsafProductSpec,
  CvssMetric,
  IntelSource,
  ProductStatus,
} from '../../model/intel.js';
import { parseCvssVector } from '../cvss/vector.js';
import { decodeInputText, type GunzipOptions } from '../json/gzip.js';
import { parseJson } from '../json/parse.js';
import { childPointer } from '../json/pointer.js';
import { asArray, asNumber, asObject, asString, asStringArray, type JsonObject } from '../json/values.js';
import { resolveProductTree, type ResolvedProductTree } from './product-tree.js';
import { validateCsaf } from './validate.js';

export interface CsafReadOptions extends GunzipOptions {
  file?: string;
  maxDepth?: number;
  /** Run the secvisogram strict schema + mandatory tests (default true). */
  validate?: boolean;
  /** Throw InputError (with all issues) instead of returning an invalid document (default false). */
  rejectInvalid?: boolean;
}

export interface CsafReadResult {
  advisory: AdvisoryRecord;
  specs: CsafProductSpec[];
  /** `false` when validation found errors (or was skipped: `undefined`). */
  valid: boolean | undefined;
  issues: Issue[];
}

const STATUS_MAP: Readonly<Record<string, ProductStatus>> = {
  first_affected: 'affected',
  known_affected: 'affected',
  last_affected: 'affected',
  known_not_affected: 'not_affected',
  first_fixed: 'fixed',
  fixed: 'fixed',
  under_investigation: 'under_investigation',
  recommended: 'recommended',
  unknown: 'unknown',
};

function notesOf(raw: unknown): AdvisoryNote[] {
  return asArray(raw).flatMap((item) => {
    const note = asObject(item);
    const text = asString(note?.text);
    if (!note || !text) return [];
    const result: AdvisoryNote = { category: asString(note.category) ?? 'general', text };
    const title = asString(note.title);
    const audience = asString(note.audience);
    if (title) result.title = title;
    if (audience) result.audience = audience;
    return [result];
  });
}

function expand(productIds: unknown, groupIds: unknown, tree: ResolvedProductTree): string[] {
  const ids = new Set(asStringArray(productIds));
  for (const groupId of asStringArray(groupIds)) for (const id of tree.groups.get(groupId)?.productIds ?? []) ids.add(id);
  return [...ids];
}

/** Best-effort version named by a vendor_fix text: "Update to V3.1.4 or later version" → V3.1.4. */
export function fixedVersionFromText(details: string | undefined): string | undefined {
  if (!details || !/\b(update|upgrade|fixed in|install)/i.test(details)) return undefined;
  return /\b(?:to|version|in)\s+(?:version\s+)?(V?\d+(?:\.[0-9A-Za-z]+)+|V\d+[0-9A-Za-z]*)/i.exec(details)?.[1];
}

function readScores(raw: unknown, pointer: string, source: IntelSource, publisher: string | undefined, issues: Issue[]): CvssMetric[] {
  return asArray(raw).flatMap((item, index) => {
    const score = asObject(item);
    if (!score) return [];
    const productIds = asStringArray(score.products);
    return (['cvss_v3', 'cvss_v2'] as const).flatMap((key) => {
      const data = asObject(score[key]);
      const vector = asString(data?.vectorString);
      if (!data || !vector) return [];
      const parsed = parseCvssVector(vector, key === 'cvss_v2' ? '2.0' : undefined);
      if (!parsed.ok) {
        issues.push({ pointer: childPointer(pointer, index, key, 'vectorString'), code: 'invalid-cvss', message: `invalid CVSS vector (${parsed.errors.join('; ')}); score dropped, document kept` });
        return [];
      }
      const metric: CvssMetric = { version: parsed.value.version, vector: parsed.value.vector, type: 'primary', productIds, source };
      const baseScore = asNumber(data.baseScore);
      const severity = asString(data.baseSeverity)?.toUpperCase();
      if (baseScore !== undefined) metric.baseScore = baseScore;
      if (severity === 'NONE' || severity === 'LOW' || severity === 'MEDIUM' || severity === 'HIGH' || severity === 'CRITICAL') metric.severity = severity;
      if (publisher) metric.assessor = publisher;
      return [metric];
    });
  });
}

function readVulnerability(raw: JsonObject, pointer: string, tree: ResolvedProductTree, source: IntelSource, publisher: string | undefined, issues: Issue[]): AdvisoryVulnerability {
  const cve = asString(raw.cve);
  const ids = asArray(raw.ids).flatMap((item) => {
    const system = asString(asObject(item)?.system_name);
    const text = asString(asObject(item)?.text);
    return system && text ? [{ system, text }] : [];
  });
  const productStatus: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(asObject(raw.product_status) ?? {})) productStatus[key] = asStringArray(value);
  const remediations: AdvisoryRemediation[] = asArray(raw.remediations).flatMap((item) => {
    const remediation = asObject(item);
    const category = asString(remediation?.category);
    if (!remediation || !category) return [];
    const result: AdvisoryRemediation = {
      category,
      productIds: expand(remediation.product_ids, remediation.group_ids, tree),
      groupIds: asStringArray(remediation.group_ids),
    };
    const details = asString(remediation.details);
    const url = asString(remediation.url);
    const date = asString(remediation.date);
    const restart = asString(asObject(remediation.restart_required)?.category);
    if (details) result.details = details;
    if (url) result.url = url;
    if (date) result.date = date;
    if (restart) result.restartRequired = restart;
    const fixedVersion = category === 'vendor_fix' ? fixedVersionFromText(details) : undefined;
    if (fixedVersion) result.fixedVersion = fixedVersion;
    return [result];
  });
  const threats: AdvisoryThreat[] = asArray(raw.threats).flatMap((item) => {
    const threat = asObject(item);
    const category = asString(threat?.category);
    const details = asString(threat?.details);
    if (!threat || !category || !details) return [];
    const result: AdvisoryThreat = { category, details, productIds: expand(threat.product_ids, threat.group_ids, tree) };
    const date = asString(threat.date);
    if (date) result.date = date;
    return [result];
  });
  const flags = asArray(raw.flags).flatMap((item) => {
    const flag = asObject(item);
    const label = asString(flag?.label);
    if (!flag || !label) return [];
    return [{ label, productIds: expand(flag.product_ids, flag.group_ids, tree), date: asString(flag.date) }];
  });
  const cwe = asString(asObject(raw.cwe)?.id);
  return {
    id: cve ?? ids[0]?.text ?? `${source.document ?? 'advisory'}#${pointer}`,
    cve,
    ids,
    title: asString(raw.title),
    cwes: [...(cwe ? [cwe] : []), ...asArray(raw.cwes).flatMap((item) => asString(asObject(item)?.id) ?? [])],
    notes: notesOf(raw.notes),
    productStatus,
    remediations,
    threats,
    exploitStatus: threats.filter((threat) => threat.category === 'exploit_status').map(({ details, date, productIds }) => ({ details, date, productIds })),
    flags,
    scores: readScores(raw.scores, childPointer(pointer, 'scores'), source, publisher, issues),
    releaseDate: asString(raw.release_date),
    discoveryDate: asString(raw.discovery_date),
  };
}

/** Extracts an advisory from an already-parsed CSAF object (no validation). */
export function extractCsaf(raw: unknown, file?: string): { advisory: AdvisoryRecord; specs: CsafProductSpec[]; issues: Issue[] } {
  const root = asObject(raw);
  const document = asObject(root?.document);
  if (!root || !document || asString(document.csaf_version) === undefined) {
    throw new InputError('not a CSAF document: no document.csaf_version', { code: 'unsupported-document', place: { file, pointer: '/document/csaf_version' } });
  }
  const issues: Issue[] = [];
  const version = asString(document.csaf_version) as string;
  if (version !== '2.0') issues.push({ file, pointer: '/document/csaf_version', code: 'unexpected-version', message: `CSAF ${version}; read with the 2.0 rules (2.1 additions kept where recognised)` });
  const publisherObject = asObject(document.publisher);
  const publisherName = asString(publisherObject?.name);
  const trackingObject = asObject(document.tracking);
  const trackingId = asString(trackingObject?.id) ?? file ?? 'unknown';
  const source: IntelSource = { kind: 'csaf', document: file, pointer: '', provider: publisherName };
  const tree = resolveProductTree(root.product_tree, issues);
  const tlpObject = asObject(asObject(document.distribution)?.tlp);
  const tlpLabel = asString(tlpObject?.label);

  const vulnerabilities = asArray(root.vulnerabilities).flatMap((item, index) => {
    const vulnerability = asObject(item);
    return vulnerability ? [{ vulnerability: readVulnerability(vulnerability, childPointer('/vulnerabilities', index), tree, source, publisherName, issues), index }] : [];
  });

  const advisory: AdvisoryRecord = {
    id: trackingId,
    title: asString(document.title) ?? trackingId,
    category: asString(document.category) ?? 'csaf_base',
    publisher: publisherName ? { name: publisherName, namespace: asString(publisherObject?.namespace), category: asString(publisherObject?.category) } : undefined,
    tracking: {
      id: trackingId,
      status: asString(trackingObject?.status),
      version: asString(trackingObject?.version),
      initialReleaseDate: asString(trackingObject?.initial_release_date),
      currentReleaseDate: asString(trackingObject?.current_release_date),
      revisions: asArray(trackingObject?.revision_history).flatMap((entry) => {
        const revision = asObject(entry);
        const number = asString(revision?.number);
        const date = asString(revision?.date);
        return number && date ? [{ number, date, summary: asString(revision?.summary) }] : [];
      }),
    },
    tlp: tlpLabel ? { label: tlpLabel, url: asString(tlpObject?.url) } : undefined,
    distributionText: asString(asObject(document.distribution)?.text),
    lang: asString(document.lang),
    notes: notesOf(document.notes),
    references: asArray(document.references).flatMap((entry) => {
      const reference = asObject(entry);
      const url = asString(reference?.url);
      return url ? [{ url, summary: asString(reference?.summary), category: asString(reference?.category) }] : [];
    }),
    vulnerabilities: vulnerabilities.map((entry) => entry.vulnerability),
    products: [...tree.products.values()],
    productGroups: [...tree.groups].map(([groupId, group]) => ({ groupId, productIds: group.productIds, summary: group.summary })),
    source,
  };

  const specs: CsafProductSpec[] = [];
  for (const { vulnerability, index } of vulnerabilities) {
    for (const [csafStatus, productIds] of Object.entries(vulnerability.productStatus)) {
      const status = STATUS_MAP[csafStatus];
      if (!status) {
        issues.push({ file, pointer: childPointer('/vulnerabilities', index, 'product_status', csafStatus), code: 'unknown-status', message: `unknown product_status ${csafStatus}; ignored` });
        continue;
      }
      productIds.forEach((productId, position) => {
        const product = tree.products.get(productId);
        if (!product) {
          issues.push({ file, pointer: childPointer('/vulnerabilities', index, 'product_status', csafStatus, position), code: 'unknown-product', message: `product_id ${productId} is not defined in the product tree; status ignored` });
          return;
        }
        specs.push({
          kind: 'csaf-product',
          vulnerabilityId: vulnerability.id,
          advisoryId: trackingId,
          status,
          csafStatus,
          product,
          justifications: status === 'not_affected' ? vulnerability.flags.filter((flag) => flag.productIds.includes(productId)).map((flag) => flag.label) : [],
          impactStatements:
            status === 'not_affected'
              ? vulnerability.threats.filter((threat) => threat.category === 'impact' && threat.productIds.includes(productId)).map((threat) => threat.details)
              : [],
          source: { ...source, pointer: childPointer('/vulnerabilities', index, 'product_status', csafStatus, position) },
        });
      });
    }
  }
  return { advisory, specs, issues };
}

/** Parses, validates and extracts one CSAF document (plain or gzip bytes, or text). */
export async function readCsafDocument(input: string | Uint8Array, options: CsafReadOptions = {}): Promise<CsafReadResult> {
  const { file } = options;
  const parsed = parseJson(decodeInputText(input, options), { file, maxDepth: options.maxDepth });
  const issues: Issue[] = [];
  let valid: boolean | undefined;
  if (options.validate !== false) {
    const validation = await validateCsaf(parsed, file);
    valid = validation.valid;
    issues.push(...validation.issues);
    if (!valid && options.rejectInvalid) {
      throw new InputError(`CSAF document failed validation (${validation.issues.length} problems)`, { code: 'invalid-csaf', place: { file }, issues: validation.issues });
    }
  }
  const extracted = extractCsaf(parsed, file);
  return { advisory: extracted.advisory, specs: extracted.specs, valid, issues: [...issues, ...extracted.issues] };
}
